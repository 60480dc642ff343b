package io.ringway.journal;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.Producer;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static io.ringway.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class JournalReplayerTest
{
    @RegisterExtension
    final TempChannelDirectory channels = new TempChannelDirectory("journal-replayer");

    @TempDir
    Path journal;

    private long replayAndCheck(final long fromIndex, final long toIndex)
    {
        final long[] next = {fromIndex};
        final AtomicReference<String> error = new AtomicReference<>();
        try (Channel channel = Channel.create(channels.resolve("replay.ringway"), ChannelConfig.spsc(4096));
            Producer producer = channel.producer();
            Consumer consumer = channel.consumer();
            JournalReader reader = JournalReader.open(journal))
        {
            reader.seekToIndex(fromIndex);
            final JournalReplayer replayer = new JournalReplayer(reader, producer);
            int idle = 0;
            while (next[0] < toIndex && idle < 1_000)
            {
                // a 4 KiB ring: the replay keeps meeting a full channel, and must retry the record it could not offer
                final int replayed = replayer.replay(50);
                final int consumed = consumer.poll((typeId, buffer, index, length) ->
                {
                    final String mismatch = mismatch(next[0], typeId, buffer, index, length);
                    if (mismatch != null)
                    {
                        error.compareAndSet(null, mismatch);
                    }
                    next[0]++;
                }, 7);
                idle = replayed + consumed == 0 ? idle + 1 : 0;
            }
            assertNull(error.get());
            assertTrue(channel.backPressureCount() > 0, "the replay met a full channel");
            assertEquals(toIndex - fromIndex, replayer.replayedCount());
            assertEquals(toIndex - 1, replayer.lastIndex());
            channel.delete();
        }
        return next[0];
    }

    @Test
    void shouldReplayEveryRecordIntoAChannelThroughBackPressure()
    {
        try (JournalWriter writer = JournalWriter.open(journal, smallSegments()))
        {
            appendRecords(writer, 0, 3_000);
        }
        assertEquals(3_000, replayAndCheck(0, 3_000));
    }

    @Test
    void shouldReplayFromAnIndex()
    {
        try (JournalWriter writer = JournalWriter.open(journal, smallSegments()))
        {
            appendRecords(writer, 0, 3_000);
        }
        assertEquals(3_000, replayAndCheck(2_345, 3_000));
    }
}
