package io.ringway.examples.journal;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.Producer;
import io.ringway.journal.JournalConfig;
import io.ringway.journal.JournalReader;
import io.ringway.journal.JournalRecorder;
import io.ringway.journal.JournalReplayer;
import io.ringway.journal.JournalWriter;
import io.ringway.wait.WaitStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Records a channel into a journal while a producer sends, reads the journal back from an index and from a time, then
 * replays it into a second channel and checks every message arrives in order.
 * Usage: {@code RecordAndReplayMain <work directory> <messages>}.
 */
public final class RecordAndReplayMain
{
    private static final int TYPE_ID = 1;
    private static final int BODY_LENGTH = 32;

    private RecordAndReplayMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path work = Files.createDirectories(Path.of(args[0]));
        final long count = Long.parseLong(args[1]);
        final Path journal = work.resolve("orders-journal");
        final long[] halfwayNanos = new long[1];

        try (Channel channel = Channel.create(work.resolve("orders.ringway"), ChannelConfig.spsc(1 << 20));
            Consumer consumer = channel.consumer().waitStrategy(WaitStrategy.blocking());
            JournalWriter writer = JournalWriter.open(journal, new JournalConfig().segmentLength(8 << 20)))
        {
            final Thread sender = new Thread(() -> send(channel, count, halfwayNanos));
            sender.start();
            final JournalRecorder recorder = new JournalRecorder(consumer, writer, null);
            while (recorder.recordedCount() < count)
            {
                recorder.poll(256, 100, TimeUnit.MILLISECONDS);
            }
            sender.join();
            System.out.printf("recorded %,d messages (%,d bytes) into %s%n",
                recorder.recordedCount(), recorder.recordedBytes(), journal);
        }

        try (JournalReader reader = JournalReader.open(journal))
        {
            reader.seekToIndex(count / 2);
            System.out.printf("seekToIndex(%,d): first record holds sequence %,d%n", count / 2, firstSequence(reader));
            reader.seekToTimestamp(halfwayNanos[0]);
            System.out.printf("seekToTimestamp(halfway): first record holds sequence %,d (journaled after halfway)%n",
                firstSequence(reader));
        }

        try (Channel replay = Channel.create(work.resolve("replay.ringway"), ChannelConfig.spsc(1 << 16));
            Producer producer = replay.producer();
            Consumer consumer = replay.consumer();
            JournalReader reader = JournalReader.open(journal))
        {
            final JournalReplayer replayer = new JournalReplayer(reader, producer);
            final long[] next = {0};
            while (next[0] < count)
            {
                replayer.replay(256); // stops early when the 64 KiB channel is full
                consumer.poll((typeId, buffer, index, length) ->
                {
                    if (buffer.getLong(index) != next[0])
                    {
                        throw new IllegalStateException("replayed " + buffer.getLong(index) + " expected " + next[0]);
                    }
                    next[0]++;
                }, 256);
            }
            System.out.printf("replayed %,d messages into %s in order%n", next[0], replay.path());
        }
    }

    private static void send(final Channel channel, final long count, final long[] halfwayNanos)
    {
        final UnsafeBuffer body = new UnsafeBuffer(new byte[BODY_LENGTH]);
        try (Producer producer = channel.producer())
        {
            for (long sequence = 0; sequence < count; sequence++)
            {
                if (sequence == count / 2)
                {
                    // a record's timestamp is when the recorder journaled it: let it catch up, then leave a gap, so
                    // that the first half is journaled before "halfway" and the second half after it
                    while (channel.consumerPosition() < channel.producerPosition())
                    {
                        Thread.onSpinWait();
                    }
                    Thread.sleep(5);
                    halfwayNanos[0] = System.currentTimeMillis() * 1_000_000L;
                    Thread.sleep(5);
                }
                body.putLong(0, sequence);
                while (!producer.offer(TYPE_ID, body, 0, BODY_LENGTH))
                {
                    Thread.onSpinWait();
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static long firstSequence(final JournalReader reader)
    {
        final long[] sequence = {-1};
        reader.poll((index, timestampNs, typeId, buffer, offset, length) ->
        {
            sequence[0] = buffer.getLong(offset);
            return true;
        }, 1);
        return sequence[0];
    }
}
