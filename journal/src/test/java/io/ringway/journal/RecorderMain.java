package io.ringway.journal;

import io.ringway.Channel;
import io.ringway.Consumer;
import io.ringway.wait.WaitStrategy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A recorder process for crash tests: records the channel {@code args[0]} into the journal {@code args[1]} (segments
 * of {@code args[2]} bytes) until killed.
 */
public final class RecorderMain
{
    private RecorderMain()
    {
    }

    public static void main(final String[] args)
    {
        final JournalConfig config = new JournalConfig().segmentLength(Long.parseLong(args[2])).indexSpacing(8);
        try (Channel channel = Channel.open(Path.of(args[0]));
            Consumer consumer = channel.consumer().waitStrategy(WaitStrategy.blocking());
            JournalWriter writer = JournalWriter.open(Path.of(args[1]), config))
        {
            final JournalRecorder recorder = new JournalRecorder(consumer, writer, null);
            System.out.println("recording skipThrough=" + recorder.skippedCount());
            System.out.flush();
            while (true)
            {
                recorder.poll(256, 100, TimeUnit.MILLISECONDS);
            }
        }
    }
}
