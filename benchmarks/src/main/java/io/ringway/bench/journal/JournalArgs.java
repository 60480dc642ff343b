package io.ringway.bench.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The command-line contract of the journal throughput programs:
 * <pre>
 *   &lt;program&gt; &lt;directory&gt; &lt;warmup&gt; &lt;count&gt; &lt;length&gt; &lt;out&gt;
 * </pre>
 * One process, one thread: append warmup + count messages of length bytes to a new journal in the directory, then
 * read them all back from the start. The warm-up messages are appended and read untimed; the clock runs over the
 * count messages after them. The first 8 bytes of each body are its sequence number; the reader checks it and the
 * length of every message. The program writes one line
 * {@code messages=.. bytes=.. appendNanos=.. readNanos=..} (timed messages, their body bytes, the two times).
 *
 * @param directory the journal's directory (or queue's); must not exist yet or be empty.
 * @param warmup    messages before the clock starts.
 * @param count     timed messages.
 * @param length    body length in bytes (at least 8).
 * @param out       where the result line goes.
 */
public record JournalArgs(Path directory, long warmup, long count, int length, Path out)
{
    public static JournalArgs parse(final String[] args, final String usage)
    {
        if (args.length != 5)
        {
            System.err.println("usage: " + usage);
            System.exit(2);
        }
        final long warmup = Long.parseLong(args[1]);
        final long count = Long.parseLong(args[2]);
        final int length = Integer.parseInt(args[3]);
        if (warmup < 0 || count <= 0 || length < Long.BYTES)
        {
            System.err.println("invalid arguments: field=warmup found=" + warmup + " expected=>=0, field=count found=" +
                count + " expected=>0, field=length found=" + length + " expected=>=8");
            System.exit(2);
        }
        return new JournalArgs(Path.of(args[0]), warmup, count, length, Path.of(args[4]));
    }

    public long total()
    {
        return warmup + count;
    }

    /**
     * Checks one message read back: its sequence must be the next expected and its length the one written.
     *
     * @param expected the sequence number expected.
     * @param sequence the first 8 bytes of the body.
     * @param length   the body length read.
     */
    public void check(final long expected, final long sequence, final long length)
    {
        if (sequence != expected || length != this.length)
        {
            throw new IllegalStateException("message read back wrong: directory=" + directory +
                " field=sequence found=" + sequence + " expected=" + expected + " field=length found=" + length +
                " expected=" + this.length);
        }
    }

    /**
     * @param appendNanos time to append the count timed messages.
     * @param readNanos   time to read them back.
     * @throws IOException when the result cannot be written.
     */
    public void write(final long appendNanos, final long readNanos) throws IOException
    {
        Files.writeString(out, "messages=" + count + " bytes=" + count * length + " appendNanos=" + appendNanos +
            " readNanos=" + readNanos + "\n");
    }
}
