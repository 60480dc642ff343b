package io.ringway.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A journal writer process for the second-writer race (LAYOUT 14.7): opens the journal {@code args[0]} (segments of
 * {@code args[1]} bytes, so that it rolls every few dozen records), prints {@code ready}, then appends the records of
 * {@link JournalTestSupport}: {@code args[2]} more for each line {@code go} on stdin (so that the test paces how many
 * segments it makes, while it races them), until the line {@code stop}; prints {@code appended <count>}, and closes
 * the journal (giving up its lease) only when stdin is closed.
 */
public final class RollingWriterMain
{
    private RollingWriterMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final JournalConfig config = new JournalConfig().segmentLength(Long.parseLong(args[1])).indexSpacing(8);
        final long perLine = Long.parseLong(args[2]);
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong allowed = new AtomicLong();
        final Thread stopper = new Thread(() ->
        {
            try
            {
                for (String line = in.readLine(); line != null && line.equals("go"); line = in.readLine())
                {
                    allowed.addAndGet(perLine);
                }
            }
            catch (final java.io.IOException ignored)
            {
                // stdin closed: stop as well
            }
            stop.set(true);
        }, "stopper");
        stopper.setDaemon(true);
        final UnsafeBuffer body = new UnsafeBuffer(new byte[512]);
        try (JournalWriter writer = JournalWriter.open(Path.of(args[0]), config))
        {
            System.out.println("ready");
            System.out.flush();
            stopper.start();
            long i = 0;
            while (!stop.get())
            {
                if (i >= allowed.get())
                {
                    Thread.onSpinWait();
                    continue;
                }
                final int length = JournalTestSupport.encode(body, i);
                writer.append(JournalTestSupport.typeIdOf(i), body, 0, length);
                i++;
            }
            System.out.println("appended " + i);
            System.out.flush();
            while (in.read() >= 0)
            {
                // until stdin is closed
            }
        }
    }
}
