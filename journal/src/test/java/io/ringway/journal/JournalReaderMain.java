package io.ringway.journal;

import io.ringway.wait.WaitStrategy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Java's journal reader program: {@link JournalReader} behind the command line and output of c-interop's
 * {@code ringway_journal_reader} and go-interop's {@code cmd/journal_reader}, so that the cross-language journal tests
 * run the three readers alike ({@link JournalReaderProgramScenarios}).
 *
 * <p>Usage: {@code JournalReaderMain <dir> [--seek-index N | --seek-time NS | --seek-end] [--count N] [--follow]
 * [--wait] [--timeout-ms MS] [--quiet] [--ready-file PATH]}
 *
 * <p>Output: one {@code record index= timestampNs= typeId= length= fnv=} line per record (unless {@code --quiet}),
 * then {@code summary count= first= last= checksum=}, then with {@code --wait} {@code waits parks= parkTimeouts=}.
 * Exit status 0; 2 on bad arguments or an error (one line on stderr); 3 when a follow timed out.
 */
public final class JournalReaderMain
{
    private JournalReaderMain()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        if (args.length < 1)
        {
            usage();
        }
        String seek = null;
        long seekValue = 0;
        long count = Long.MAX_VALUE;
        boolean follow = false;
        boolean wait = false;
        boolean quiet = false;
        long timeoutMs = 30_000;
        Path readyFile = null;
        for (int i = 1; i < args.length; i++)
        {
            final boolean hasValue = i + 1 < args.length;
            switch (args[i])
            {
                case "--seek-index", "--seek-time" ->
                {
                    if (!hasValue)
                    {
                        usage();
                    }
                    seek = args[i];
                    seekValue = Long.parseLong(args[++i]);
                }
                case "--seek-end" -> seek = args[i];
                case "--count" -> count = hasValue ? Long.parseLong(args[++i]) : usage();
                case "--timeout-ms" -> timeoutMs = hasValue ? Long.parseLong(args[++i]) : usage();
                case "--ready-file" ->
                {
                    if (!hasValue)
                    {
                        usage();
                    }
                    readyFile = Path.of(args[++i]);
                }
                case "--follow" -> follow = true;
                case "--wait" -> wait = true;
                case "--quiet" -> quiet = true;
                default -> usage();
            }
        }
        final JournalReaderProgramScenarios.Transcript transcript = new JournalReaderProgramScenarios.Transcript();
        boolean timedOut = false;
        try (JournalReader reader = JournalReader.open(Path.of(args[0])).waitStrategy(WaitStrategy.blocking()))
        {
            if ("--seek-index".equals(seek))
            {
                reader.seekToIndex(seekValue);
            }
            else if ("--seek-time".equals(seek))
            {
                reader.seekToTimestamp(seekValue);
            }
            else if ("--seek-end".equals(seek))
            {
                reader.seekToEnd();
            }
            if (readyFile != null)
            {
                Files.createFile(readyFile);
            }
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (transcript.count < count)
            {
                final int limit = (int)Math.min(count - transcript.count, 1024);
                final int delivered = follow && wait ?
                    reader.poll(transcript::onRecord, limit, Math.max(0, deadlineNs - System.nanoTime()),
                        TimeUnit.NANOSECONDS) :
                    reader.poll(transcript::onRecord, limit);
                if (delivered == 0)
                {
                    if (!follow)
                    {
                        break;
                    }
                    if (System.nanoTime() - deadlineNs > 0)
                    {
                        timedOut = true;
                        break;
                    }
                    if (!wait)
                    {
                        Thread.sleep(0, 100_000);
                    }
                }
            }
            System.out.print(quiet ? transcript.summary() + "\n" : transcript.output());
            if (wait)
            {
                System.out.println("waits parks=" + reader.parkCount() + " parkTimeouts=" + reader.parkTimeoutCount());
            }
        }
        catch (final RuntimeException | InterruptedException ex)
        {
            System.out.flush();
            System.err.println("error " + ex.getMessage());
            System.exit(2);
        }
        System.out.flush();
        System.exit(timedOut ? 3 : 0);
    }

    private static long usage()
    {
        System.err.println("usage: JournalReaderMain <dir> [--seek-index N | --seek-time NS | --seek-end] " +
            "[--count N] [--follow] [--wait] [--timeout-ms MS] [--quiet] [--ready-file PATH]");
        System.exit(2);
        return 0;
    }
}
