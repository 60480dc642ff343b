package io.ringway.journal;

import io.ringway.wait.WaitStrategy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A follower process for wakeup tests (LAYOUT 14.9): follows the journal {@code args[0]} from its end, parking at
 * once at the tail ({@link WaitStrategy#blocking()}), and prints one line per record received, until killed.
 */
public final class FollowerMain
{
    private FollowerMain()
    {
    }

    public static void main(final String[] args)
    {
        try (JournalReader reader = JournalReader.open(Path.of(args[0])).waitStrategy(WaitStrategy.blocking()))
        {
            reader.seekToEnd();
            System.out.println("following");
            System.out.flush();
            while (true)
            {
                reader.poll((index, timestampNs, typeId, buffer, offset, length) ->
                {
                    System.out.println("record index=" + index);
                    return true;
                }, 16, 10, TimeUnit.SECONDS);
            }
        }
    }
}
