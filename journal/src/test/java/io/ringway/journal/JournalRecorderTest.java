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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.ringway.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class JournalRecorderTest
{
    @RegisterExtension
    final TempChannelDirectory channels = new TempChannelDirectory("journal-recorder");

    @TempDir
    Path journal;

    private static void offer(final Producer producer, final long from, final long to)
    {
        final UnsafeBuffer body = new UnsafeBuffer(new byte[512]);
        for (long i = from; i < to; i++)
        {
            final int length = encode(body, i);
            assertTrue(producer.offer(typeIdOf(i), body, 0, length), "offer " + i);
        }
    }

    @Test
    void shouldRecordEveryMessageOfAChannelInOrder()
    {
        try (Channel channel = Channel.create(channels.resolve("a.ringway"), ChannelConfig.spsc(1 << 16));
            Producer producer = channel.producer();
            Consumer consumer = channel.consumer();
            JournalWriter writer = JournalWriter.open(journal, smallSegments()))
        {
            final JournalRecorder recorder = new JournalRecorder(consumer, writer, null);
            long recorded = 0;
            for (long from = 0; from < 5_000; from += 100)
            {
                offer(producer, from, from + 100);
                while (recorded < from + 100)
                {
                    recorded += recorder.poll(64);
                }
            }
            assertEquals(5_000, recorder.recordedCount());
            assertEquals(0, recorder.skippedCount());
        }
        try (JournalReader reader = JournalReader.open(journal))
        {
            assertRecords(readAll(reader), 0, 5_000);
        }
    }

    @Test
    void shouldPassEachMessageOnAfterJournalingIt()
    {
        try (Channel channel = Channel.create(channels.resolve("a.ringway"), ChannelConfig.spsc(1 << 16));
            Producer producer = channel.producer();
            Consumer consumer = channel.consumer();
            JournalWriter writer = JournalWriter.open(journal, smallSegments()))
        {
            final List<Long> journaledWhenSeen = new ArrayList<>();
            final JournalRecorder recorder = new JournalRecorder(consumer, writer,
                (typeId, buffer, index, length) -> journaledWhenSeen.add(writer.nextIndex()));
            offer(producer, 0, 10);
            assertEquals(10, recorder.poll(100));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), journaledWhenSeen);
        }
    }

    @Test
    void shouldSkipWhatAPreviousRecorderJournaledBeforeItDied()
    {
        final Path path = channels.resolve("a.ringway");
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(1 << 16));
            Producer producer = channel.producer())
        {
            offer(producer, 0, 10);
            try (JournalWriter writer = JournalWriter.open(journal, smallSegments()))
            {
                // a recorder that journaled messages 0..5 and died before the channel's head moved past them
                assertEquals(0, writer.beginSource(channel.creationTimeMs(), channel.creatorPid()));
                final UnsafeBuffer body = new UnsafeBuffer(new byte[512]);
                long position = 0;
                for (long i = 0; i < 6; i++)
                {
                    final int length = encode(body, i);
                    position += JournalDescriptor.align(8 + length, 8);
                    writer.append(typeIdOf(i), body, 0, length, position);
                    if ((position & 63) == 56)
                    {
                        position += 8; // the SPSC producer's line-start padding (LAYOUT 6.1 step 5a)
                    }
                }
            }
            try (Consumer consumer = channel.consumer();
                JournalWriter writer = JournalWriter.open(journal, smallSegments()))
            {
                final JournalRecorder recorder = new JournalRecorder(consumer, writer, null);
                assertEquals(10, recorder.poll(100));
                assertEquals(6, recorder.skippedCount());
                assertEquals(4, recorder.recordedCount());
            }
        }
        try (JournalReader reader = JournalReader.open(journal))
        {
            assertRecords(readAll(reader), 0, 10);
        }
    }

    @Test
    void shouldSkipNothingWhenRecordingAnotherChannelIntoTheSameJournal()
    {
        try (JournalWriter writer = JournalWriter.open(journal, smallSegments()))
        {
            for (final String name : new String[] {"a.ringway", "b.ringway"})
            {
                // a channel is known by creationTimeMs and creatorPid (LAYOUT 14.6): two created by one process in
                // one millisecond look alike, so let the clock move on
                final long created = System.currentTimeMillis();
                while (System.currentTimeMillis() == created)
                {
                    Thread.onSpinWait();
                }
                try (Channel channel = Channel.create(channels.resolve(name), ChannelConfig.spsc(1 << 16));
                    Producer producer = channel.producer();
                    Consumer consumer = channel.consumer())
                {
                    final long from = writer.nextIndex();
                    offer(producer, from, from + 50);
                    final JournalRecorder recorder = new JournalRecorder(consumer, writer, null);
                    assertEquals(50, recorder.poll(100));
                    assertEquals(0, recorder.skippedCount(), name);
                }
            }
        }
        try (JournalReader reader = JournalReader.open(journal))
        {
            assertRecords(readAll(reader), 0, 100);
        }
    }

    @Test
    void shouldRefuseAChannelOfAnotherSchemaThanTheJournals()
    {
        try (Channel channel = Channel.create(channels.resolve("a.ringway"),
                ChannelConfig.spsc(1 << 16).withSchema(7, 1));
            Consumer consumer = channel.consumer();
            JournalWriter writer = JournalWriter.open(journal, smallSegments().schema(9, 1)))
        {
            final JournalFileException error =
                assertThrows(JournalFileException.class, () -> new JournalRecorder(consumer, writer, null));
            assertEquals("schemaId", error.field());
            assertEquals("9", error.found());
        }
    }

    @Test
    void shouldRefuseAChannelWhoseLargestMessageTheJournalCannotHold()
    {
        try (Channel channel = Channel.create(channels.resolve("a.ringway"), ChannelConfig.spsc(1 << 20));
            Consumer consumer = channel.consumer();
            JournalWriter writer = JournalWriter.open(journal, smallSegments()))
        {
            final JournalFileException error =
                assertThrows(JournalFileException.class, () -> new JournalRecorder(consumer, writer, null));
            assertEquals("maxMessageLength", error.field());
            assertTrue(error.expected().contains(Integer.toString(channel.maxMessageLength())), error.getMessage());
        }
    }
}
