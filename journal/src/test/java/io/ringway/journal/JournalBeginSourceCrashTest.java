package io.ringway.journal;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.Producer;
import io.ringway.testing.JavaProcess;
import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.ringway.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * LAYOUT 14.6: a recorder that begins a new channel on an empty tail segment resets the tail's source positions
 * before it names the new channel. Killed between the two, the next recorder of the new channel must still journal
 * that channel's first messages; the other order paired the new channel with the old channel's position.
 */
class JournalBeginSourceCrashTest
{
    @RegisterExtension
    final TempChannelDirectory channels = new TempChannelDirectory("journal-begin-source");

    @TempDir
    Path journal;

    @Test
    void shouldJournalANewChannelsFirstMessagesWhenTheRecorderIsKilledWhileBeginningIt() throws Exception
    {
        final Path first = channels.resolve("first.ringway");
        final long firstCreationTimeMs;
        try (Channel channel = Channel.create(first, ChannelConfig.spsc(1 << 16));
            Producer producer = channel.producer();
            Consumer consumer = channel.consumer();
            JournalWriter writer = JournalWriter.open(journal, smallSegments()))
        {
            firstCreationTimeMs = channel.creationTimeMs();
            offer(producer, 0, 5);
            final JournalRecorder recorder = new JournalRecorder(consumer, writer, null);
            assertEquals(5, recorder.poll(100));
            // room for the largest record means a new segment: the tail is empty, its creation slot holds the first
            // channel's position (as after a recorder killed between a roll and the record that caused it)
            writer.rollUnlessRoomFor(writer.maxMessageLength());
            assertEquals(2, segmentCount(journal));
        }

        final Path second = channels.resolve("second.ringway");
        while (System.currentTimeMillis() == firstCreationTimeMs)
        {
            Thread.onSpinWait(); // two channels created by one process in one millisecond look alike (LAYOUT 14.6)
        }
        try (Channel channel = Channel.create(second, ChannelConfig.spsc(1 << 16));
            Producer producer = channel.producer())
        {
            offer(producer, 5, 10);
            final ProcessBuilder killed = JavaProcess.builder(BeginSourceMain.class, second.toString(),
                journal.toString());
            killed.command().add(1, "-D" + JournalWriter.HALT_IN_BEGIN_SOURCE_PROPERTY + "=true");
            assertEquals(JournalWriter.HALT_EXIT_CODE, JavaProcess.waitFor(killed.start(), 60),
                "the recorder process halts inside beginSource");

            try (Consumer consumer = channel.consumer();
                JournalWriter writer = JournalWriter.open(journal, smallSegments()))
            {
                final JournalRecorder recorder = new JournalRecorder(consumer, writer, null);
                assertEquals(5, recorder.poll(100));
                assertEquals(List.of(5L, 0L), List.of(recorder.recordedCount(), recorder.skippedCount()),
                    "recorded and skipped messages of the second channel");
            }
        }
        try (JournalReader reader = JournalReader.open(journal))
        {
            assertRecords(readAll(reader), 0, 10);
        }
    }

    private static void offer(final Producer producer, final long from, final long to)
    {
        final UnsafeBuffer body = new UnsafeBuffer(new byte[512]);
        for (long i = from; i < to; i++)
        {
            final int length = encode(body, i);
            assertTrue(producer.offer(typeIdOf(i), body, 0, length), "offer " + i);
        }
    }
}
