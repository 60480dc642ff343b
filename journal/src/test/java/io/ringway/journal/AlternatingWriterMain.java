package io.ringway.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * A journal writer process for wakeup tests (LAYOUT 14.9): creates the journal {@code args[0]} (segments of
 * {@code args[1]} bytes), prints {@code ready}, then appends {@code args[2]} records, each only once a follower has set
 * the tail segment's {@code dataWaiters} flag, so that the follower announces a park before every record; the records
 * are those of {@link JournalTestSupport}. Exits 0 when done, 2 when no follower waited within the hang guard.
 */
public final class AlternatingWriterMain
{
    private static final long HANG_GUARD_NS = 60_000_000_000L;

    private AlternatingWriterMain()
    {
    }

    public static void main(final String[] args)
    {
        final JournalConfig config = new JournalConfig().segmentLength(Long.parseLong(args[1])).indexSpacing(8);
        final long count = Long.parseLong(args[2]);
        final UnsafeBuffer body = new UnsafeBuffer(new byte[512]);
        try (JournalWriter writer = JournalWriter.open(Path.of(args[0]), config))
        {
            System.out.println("ready");
            System.out.flush();
            for (long i = 0; i < count; i++)
            {
                final long giveUpNs = System.nanoTime() + HANG_GUARD_NS;
                while (!writer.isFollowerWaiting())
                {
                    if (System.nanoTime() - giveUpNs > 0)
                    {
                        System.out.println("no follower waited before record " + i);
                        System.exit(2);
                    }
                    Thread.onSpinWait();
                }
                final int length = JournalTestSupport.encode(body, i);
                writer.append(JournalTestSupport.typeIdOf(i), body, 0, length);
            }
            System.out.println("done wakeCount=" + writer.followerWakeCount());
        }
    }
}
