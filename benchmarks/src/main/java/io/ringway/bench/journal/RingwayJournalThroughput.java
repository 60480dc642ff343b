package io.ringway.bench.journal;

import io.ringway.journal.JournalConfig;
import io.ringway.journal.JournalHandler;
import io.ringway.journal.JournalReader;
import io.ringway.journal.JournalWriter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Ringway journal throughput: one thread appends every message with {@link JournalWriter#append} (each one committed
 * by its own release store of committedEnd; segments of the default length, rolled as they fill), closes the writer,
 * then reads everything back with {@link JournalReader#poll} in batches of {@link #POLL_LIMIT}. Usage: see
 * {@link JournalArgs}.
 */
public final class RingwayJournalThroughput
{
    public static final int POLL_LIMIT = 256;
    private static final int TYPE_ID = 1;

    private RingwayJournalThroughput()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final JournalArgs parsed = JournalArgs.parse(args,
            "RingwayJournalThroughput <directory> <warmup> <count> <length> <out>");
        final long appendNanos = append(parsed);
        final long readNanos = read(parsed);
        parsed.write(appendNanos, readNanos);
    }

    private static long append(final JournalArgs args)
    {
        final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(args.length()));
        final long total = args.total();
        long startNs = System.nanoTime();
        try (JournalWriter writer = JournalWriter.open(args.directory(), new JournalConfig()))
        {
            for (long sequence = 0; sequence < total; sequence++)
            {
                if (sequence == args.warmup())
                {
                    startNs = System.nanoTime();
                }
                message.putLong(0, sequence);
                writer.append(TYPE_ID, message, 0, args.length());
            }
            return System.nanoTime() - startNs;
        }
    }

    private static long read(final JournalArgs args)
    {
        final Checker checker = new Checker(args);
        try (JournalReader reader = JournalReader.open(args.directory()))
        {
            readUpTo(reader, checker, args.warmup());
            final long startNs = System.nanoTime();
            readUpTo(reader, checker, args.total());
            return System.nanoTime() - startNs;
        }
    }

    private static void readUpTo(final JournalReader reader, final Checker checker, final long end)
    {
        while (checker.received < end)
        {
            if (reader.poll(checker, (int)Math.min(POLL_LIMIT, end - checker.received)) == 0)
            {
                throw new IllegalStateException("journal ended early: directory=" + reader.directory() +
                    " field=records found=" + checker.received + " expected=" + end);
            }
        }
    }

    /** Checks each record's sequence and length as it is read (the body is read in place, from the mapping). */
    private static final class Checker implements JournalHandler
    {
        private final JournalArgs args;
        private long received;

        Checker(final JournalArgs args)
        {
            this.args = args;
        }

        @Override
        public boolean onRecord(final long index, final long timestampNs, final int typeId, final DirectBuffer buffer,
            final int offset, final int length)
        {
            args.check(received, buffer.getLong(offset), length);
            ++received;
            return true;
        }
    }
}
