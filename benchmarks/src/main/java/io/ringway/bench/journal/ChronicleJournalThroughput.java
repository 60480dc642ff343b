package io.ringway.bench.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;

/**
 * Chronicle Queue as the journal peer: the same messages appended by one thread to a single queue (default roll cycle
 * and block size), then read back from the start by a tailer. Needs the JVM flags Chronicle asks for on Java 17 (the
 * harness adds them). Usage: see {@link JournalArgs}.
 */
public final class ChronicleJournalThroughput
{
    private ChronicleJournalThroughput()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final JournalArgs parsed = JournalArgs.parse(args,
            "ChronicleJournalThroughput <directory> <warmup> <count> <length> <out>");
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(parsed.directory()).build())
        {
            final long appendNanos = append(parsed, queue);
            final long readNanos = read(parsed, queue);
            parsed.write(appendNanos, readNanos);
        }
    }

    private static long append(final JournalArgs args, final ChronicleQueue queue)
    {
        final BytesStore<?, Void> message = BytesStore.nativeStoreWithFixedCapacity(args.length());
        final long total = args.total();
        long startNs = System.nanoTime();
        try (ExcerptAppender appender = queue.createAppender())
        {
            for (long sequence = 0; sequence < total; sequence++)
            {
                if (sequence == args.warmup())
                {
                    startNs = System.nanoTime();
                }
                message.writeLong(0, sequence);
                // writeBytes(BytesStore): Chronicle's raw-bytes append, one excerpt with the body copied in and no
                // wire encoding; the same work as JournalWriter.append (copy one body from off-heap memory, commit)
                appender.writeBytes(message);
            }
            return System.nanoTime() - startNs;
        }
        finally
        {
            message.releaseLast();
        }
    }

    private static long read(final JournalArgs args, final ChronicleQueue queue)
    {
        try (ExcerptTailer tailer = queue.createTailer().toStart())
        {
            long received = readUpTo(args, tailer, 0, args.warmup());
            final long startNs = System.nanoTime();
            received = readUpTo(args, tailer, received, args.total());
            return System.nanoTime() - startNs;
        }
    }

    /** Reads each excerpt in place (readingDocument, no copy), as the Ringway reader hands out the mapped body. */
    private static long readUpTo(final JournalArgs args, final ExcerptTailer tailer, final long start, final long end)
    {
        long received = start;
        while (received < end)
        {
            try (DocumentContext document = tailer.readingDocument())
            {
                if (!document.isPresent())
                {
                    throw new IllegalStateException("queue ended early: directory=" + args.directory() +
                        " field=excerpts found=" + received + " expected=" + end);
                }
                final Bytes<?> bytes = document.wire().bytes();
                args.check(received, bytes.readLong(bytes.readPosition()), bytes.readRemaining());
                ++received;
            }
        }
        return received;
    }
}
