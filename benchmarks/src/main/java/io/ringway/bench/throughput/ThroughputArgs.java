package io.ringway.bench.throughput;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The command-line contract of the one-way throughput programs:
 * <pre>
 *   &lt;program&gt; consume &lt;addresses...&gt; &lt;warmup&gt; &lt;count&gt; &lt;length&gt; &lt;out&gt;
 *       prints READY; receives warmup + count messages; writes "messages=.. bytes=.. nanos=.." of the timed ones
 *   &lt;program&gt; produce &lt;addresses...&gt; &lt;warmup&gt; &lt;count&gt; &lt;length&gt;
 *       sends warmup + count messages of length bytes as fast as the consumer takes them
 * </pre>
 * The first 8 bytes of each message are its sequence number; the consumer checks that they arrive in order.
 *
 * @param isConsumer true on the receiving side.
 * @param addresses  channel files or directories.
 * @param warmup     messages before the clock starts.
 * @param count      timed messages.
 * @param length     message body length in bytes (at least 8).
 * @param out        where the consumer writes its result.
 */
public record ThroughputArgs(boolean isConsumer, List<String> addresses, long warmup, long count, int length, Path out)
{
    public static ThroughputArgs parse(final String[] args, final int addressCount, final String usage)
    {
        final boolean consume = args.length == 5 + addressCount && "consume".equals(args[0]);
        final boolean produce = args.length == 4 + addressCount && "produce".equals(args[0]);
        if (!consume && !produce)
        {
            System.err.println("usage: " + usage);
            System.exit(2);
        }
        final long warmup = Long.parseLong(args[1 + addressCount]);
        final long count = Long.parseLong(args[2 + addressCount]);
        final int length = Integer.parseInt(args[3 + addressCount]);
        if (warmup < 0 || count <= 0 || length < Long.BYTES)
        {
            System.err.println("invalid arguments: field=warmup found=" + warmup + " expected=>=0, field=count found=" +
                count + " expected=>0, field=length found=" + length + " expected=>=8");
            System.exit(2);
        }
        return new ThroughputArgs(consume, Arrays.asList(args).subList(1, 1 + addressCount), warmup, count, length,
            consume ? Path.of(args[4 + addressCount]) : null);
    }

    public String address(final int index)
    {
        return addresses.get(index);
    }

    public long total()
    {
        return warmup + count;
    }

    /**
     * Counts received messages, checks their order and takes the time of the first and last timed message.
     */
    public static final class Receiver
    {
        private final long warmup;
        private final long total;
        private long received;
        private long startNs;
        private long endNs;

        public Receiver(final ThroughputArgs args)
        {
            this.warmup = args.warmup;
            this.total = args.total();
        }

        public void onMessage(final long sequence)
        {
            if (sequence != received)
            {
                throw new IllegalStateException("message out of order: field=sequence found=" + sequence +
                    " expected=" + received);
            }
            ++received;
            if (received == warmup + 1)
            {
                startNs = System.nanoTime();
            }
            if (received == total)
            {
                endNs = System.nanoTime();
            }
        }

        public boolean isDone()
        {
            return received == total;
        }

        /**
         * Writes the result of the timed messages (the first timed one starts the clock, so count - 1 intervals).
         *
         * @param args the arguments with the output file.
         * @throws IOException when it cannot be written.
         */
        public void write(final ThroughputArgs args) throws IOException
        {
            final long timed = total - warmup - 1;
            Files.writeString(args.out(), "messages=" + timed + " bytes=" + timed * args.length() +
                " nanos=" + (endNs - startNs) + "\n");
        }
    }
}
