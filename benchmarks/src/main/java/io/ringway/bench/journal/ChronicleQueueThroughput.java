package io.ringway.bench.journal;

import io.ringway.bench.pingpong.PingPongArgs;
import io.ringway.bench.throughput.ThroughputArgs;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Journaled messaging, one way, across processes, Chronicle Queue's way: the queue is both the journal and the
 * channel; the producer appends with {@code writeBytes(BytesStore)} (its raw-bytes append), the consumer spins on a
 * tailer's {@code readingDocument()} and reads each body in place. Chronicle Queue never pushes back on the producer.
 * Usage: see {@link ThroughputArgs}; the one address is the queue directory.
 */
public final class ChronicleQueueThroughput
{
    private ChronicleQueueThroughput()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final ThroughputArgs parsed = ThroughputArgs.parse(args, 1,
            "ChronicleQueueThroughput consume <dir> <warmup> <count> <length> <out>" +
            " | produce <dir> <warmup> <count> <length>");
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(Path.of(parsed.address(0))).build())
        {
            if (parsed.isConsumer())
            {
                consume(parsed, queue);
            }
            else
            {
                produce(parsed, queue);
            }
        }
    }

    private static void consume(final ThroughputArgs args, final ChronicleQueue queue) throws IOException
    {
        final ThroughputArgs.Receiver receiver = new ThroughputArgs.Receiver(args);
        try (ExcerptTailer tailer = queue.createTailer().toStart())
        {
            PingPongArgs.ready();
            while (!receiver.isDone())
            {
                try (DocumentContext document = tailer.readingDocument())
                {
                    if (document.isPresent())
                    {
                        final Bytes<?> bytes = document.wire().bytes();
                        receiver.onMessage(bytes.readLong(bytes.readPosition()));
                    }
                }
            }
        }
        receiver.write(args);
    }

    private static void produce(final ThroughputArgs args, final ChronicleQueue queue)
    {
        final BytesStore<?, Void> message = BytesStore.nativeStoreWithFixedCapacity(args.length());
        try (ExcerptAppender appender = queue.createAppender())
        {
            final long total = args.total();
            for (long sequence = 0; sequence < total; sequence++)
            {
                message.writeLong(0, sequence);
                appender.writeBytes(message);
            }
        }
        finally
        {
            message.releaseLast();
        }
    }
}
