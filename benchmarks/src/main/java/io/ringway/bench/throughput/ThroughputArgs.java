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
 * <p>
 * Many producers (MPSC rows): {@code --producers N} before the role, on the consumer and on each of the N producer
 * processes, and {@code --producer I} (0 to N - 1) on each producer. Each producer sends warmup + count messages whose
 * first 8 bytes are {@code I << 48 | sequence}; the consumer checks each producer's order, starts the clock at the
 * first message after N * warmup and stops it at the last of N * (warmup + count). With {@code --producers} a program
 * uses its many-producer variant (an MPSC channel, a concurrent publication) even for N = 1.
 *
 * @param isConsumer true on the receiving side.
 * @param addresses  channel files or directories.
 * @param warmup     messages before the clock starts.
 * @param count      timed messages.
 * @param length     message body length in bytes (at least 8).
 * @param out        where the consumer writes its result.
 * @param producers  {@code --producers}: the number of producer processes, or 0 for the one-producer contract.
 * @param producerIndex {@code --producer}: this producer's index.
 */
public record ThroughputArgs(boolean isConsumer, List<String> addresses, long warmup, long count, int length, Path out,
    int producers, int producerIndex)
{
    /** The most producers {@code --producers} takes; the index goes in the top 16 bits of a message's first word. */
    public static final int MAX_PRODUCERS = 1 << 15;
    private static final int PRODUCER_SHIFT = 48;

    public static ThroughputArgs parse(final String[] allArgs, final int addressCount, final String usage)
    {
        int producers = 0;
        int producerIndex = 0;
        int first = 0;
        for (; first + 1 < allArgs.length && allArgs[first].startsWith("--"); first += 2)
        {
            switch (allArgs[first])
            {
                case "--producers" -> producers = Integer.parseInt(allArgs[first + 1]);
                case "--producer" -> producerIndex = Integer.parseInt(allArgs[first + 1]);
                default -> usage("unknown option: found=" + allArgs[first] + "\nusage: " + usage);
            }
        }
        if (producers < 0 || producers > MAX_PRODUCERS || producerIndex < 0 ||
            producerIndex >= Math.max(1, producers))
        {
            usage("invalid producers: field=--producers found=" + producers + " expected=1 to " + MAX_PRODUCERS +
                ", field=--producer found=" + producerIndex + " expected=0 to producers - 1");
        }
        final String[] args = Arrays.copyOfRange(allArgs, first, allArgs.length);
        final boolean consume = args.length == 5 + addressCount && "consume".equals(args[0]);
        final boolean produce = args.length == 4 + addressCount && "produce".equals(args[0]);
        if (!consume && !produce)
        {
            usage("usage: " + usage);
        }
        final long warmup = Long.parseLong(args[1 + addressCount]);
        final long count = Long.parseLong(args[2 + addressCount]);
        final int length = Integer.parseInt(args[3 + addressCount]);
        if (warmup < 0 || count <= 0 || length < Long.BYTES || count >= 1L << PRODUCER_SHIFT)
        {
            usage("invalid arguments: field=warmup found=" + warmup + " expected=>=0, field=count found=" + count +
                " expected=>0 and < 2^48, field=length found=" + length + " expected=>=8");
        }
        return new ThroughputArgs(consume, Arrays.asList(args).subList(1, 1 + addressCount), warmup, count, length,
            consume ? Path.of(args[4 + addressCount]) : null, producers, producerIndex);
    }

    private static void usage(final String message)
    {
        System.err.println(message);
        System.exit(2);
    }

    /**
     * @return true for the many-producer contract ({@code --producers} given).
     */
    public boolean manyProducers()
    {
        return producers > 0;
    }

    /**
     * @param sequence a message's sequence number from this producer.
     * @return the first 8 bytes of that message: the producer's index in the top 16 bits, then the sequence.
     */
    public long firstWord(final long sequence)
    {
        return (long)producerIndex << PRODUCER_SHIFT | sequence;
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
     * Counts received messages, checks each producer's order and takes the time of the first and last timed message.
     */
    public static final class Receiver
    {
        private final long warmup;
        private final long total;
        /** The next sequence expected from each producer. */
        private final long[] nextSequence;
        private long received;
        private long startNs;
        private long endNs;

        public Receiver(final ThroughputArgs args)
        {
            final int producers = Math.max(1, args.producers);
            this.warmup = args.warmup * producers;
            this.total = args.total() * producers;
            this.nextSequence = new long[producers];
        }

        /**
         * @param firstWord the message's first 8 bytes ({@link #firstWord}).
         */
        public void onMessage(final long firstWord)
        {
            final long producer = firstWord >>> PRODUCER_SHIFT;
            final long sequence = firstWord & ((1L << PRODUCER_SHIFT) - 1);
            if (producer >= nextSequence.length || sequence != nextSequence[(int)producer])
            {
                throw new IllegalStateException("message out of order: field=sequence found=" + sequence +
                    " producer=" + producer + " expected=" +
                    (producer < nextSequence.length ? Long.toString(nextSequence[(int)producer]) :
                    "producer < " + nextSequence.length));
            }
            ++nextSequence[(int)producer];
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
