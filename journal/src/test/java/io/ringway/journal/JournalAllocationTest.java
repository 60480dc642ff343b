package io.ringway.journal;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.Producer;
import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The hot paths allocate nothing per message: appending, reading, recording and replaying a few hundred thousand
 * messages (after a warm-up, within one segment) allocates less than one byte per message on the calling thread.
 */
class JournalAllocationTest
{
    private static final int MESSAGES = 200_000;

    @RegisterExtension
    final TempChannelDirectory channels = new TempChannelDirectory("journal-allocation");

    @TempDir
    Path journal;

    private static long allocatedBytes()
    {
        return ((com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean())
            .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void shouldAppendAndReadWithoutAllocatingPerMessage()
    {
        final UnsafeBuffer body = new UnsafeBuffer(new byte[64]);
        final long[] sum = {0};
        final JournalHandler handler = (index, timestampNs, typeId, buffer, offset, length) ->
        {
            sum[0] += buffer.getByte(offset) + length;
            return true;
        };
        try (JournalWriter writer = JournalWriter.open(journal, new JournalConfig().segmentLength(256L << 20));
            JournalReader reader = JournalReader.open(journal))
        {
            for (int round = 0; round < 3; round++)
            {
                final long before = allocatedBytes();
                for (int i = 0; i < MESSAGES; i++)
                {
                    body.putInt(0, i);
                    writer.append(1, body, 0, 32);
                }
                final long afterAppend = allocatedBytes();
                long read = 0;
                while (read < MESSAGES)
                {
                    read += reader.poll(handler, 256);
                }
                final long afterRead = allocatedBytes();
                if (round == 2) // rounds 0 and 1 warm up (JIT, class loading)
                {
                    assertTrue(afterAppend - before < MESSAGES, "append allocated " + (afterAppend - before) + " bytes");
                    assertTrue(afterRead - afterAppend < MESSAGES, "read allocated " + (afterRead - afterAppend) +
                        " bytes");
                }
            }
        }
        assertTrue(sum[0] != 0);
    }

    @Test
    void shouldRecordAndReplayWithoutAllocatingPerMessage()
    {
        final UnsafeBuffer body = new UnsafeBuffer(new byte[64]);
        try (Channel source = Channel.create(channels.resolve("source.ringway"), ChannelConfig.spsc(1 << 16));
            Producer producer = source.producer();
            Consumer consumer = source.consumer();
            Channel target = Channel.create(channels.resolve("target.ringway"), ChannelConfig.spsc(1 << 16));
            Producer replayProducer = target.producer();
            Consumer replayConsumer = target.consumer();
            JournalWriter writer = JournalWriter.open(journal, new JournalConfig().segmentLength(256L << 20));
            JournalReader reader = JournalReader.open(journal))
        {
            final JournalRecorder recorder = new JournalRecorder(consumer, writer, null);
            final JournalReplayer replayer = new JournalReplayer(reader, replayProducer);
            final long[] drained = {0};
            for (int round = 0; round < 3; round++)
            {
                final long before = allocatedBytes();
                for (int i = 0; i < MESSAGES; i += 100)
                {
                    for (int k = 0; k < 100; k++)
                    {
                        assertTrue(producer.offer(1, body, 0, 32));
                    }
                    int recorded = 0;
                    while (recorded < 100)
                    {
                        recorded += recorder.poll(100);
                    }
                    int replayed = 0;
                    while (replayed < 100)
                    {
                        replayed += replayer.replay(100);
                    }
                    while (replayConsumer.poll((typeId, buffer, index, length) -> drained[0]++, 100) > 0)
                    {
                        // drain the target
                    }
                }
                final long allocated = allocatedBytes() - before;
                if (round == 2)
                {
                    assertTrue(allocated < MESSAGES, "record + replay allocated " + allocated + " bytes");
                }
            }
            assertEquals(3L * MESSAGES, drained[0]);
        }
    }
}
