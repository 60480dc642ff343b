package io.ringway.journal;

import io.ringway.testing.ChildProcess;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a journal reader program must do with journals that Java writes (docs/LAYOUT.md section 14): read every record
 * with its index, type id, timestamp and body, across many small segments; seek by index and by time where Java's
 * {@link JournalReader} lands; and follow a journal that Java is still appending to, seeing every record, also when it
 * parks at the tail and Java's writer wakes it (LAYOUT 14.9). The programs (Java's {@link JournalReaderMain},
 * c-interop's {@code ringway_journal_reader}, go-interop's {@code cmd/journal_reader}) print one line per record and a
 * summary, the lines {@link #javaRead} prints for Java's reader. go-interop's {@code JournalReaderMatrixTest} runs each
 * scenario with the program of every language.
 */
public final class JournalReaderProgramScenarios
{
    private static final long HANG_GUARD_SECONDS = 120;
    /** Small segments and a sparse index, so that a few thousand records span many segments and index entries. */
    private static final long SEGMENT_LENGTH = 4 * 4096;
    private static final int INDEX_SPACING = 8;
    private static final int RECORD_COUNT = 3000;

    private final Path directory;
    private final String language;
    private final Function<Object[], ProcessBuilder> program;

    /**
     * @param directory a fresh directory for the scenario's journal and files.
     * @param language  the reader program's language, for messages.
     * @param program   given the program's arguments (the journal directory, then options: see
     *                  {@link JournalReaderMain}), a builder that starts the reader program with them.
     */
    public JournalReaderProgramScenarios(
        final Path directory, final String language, final Function<Object[], ProcessBuilder> program)
    {
        this.directory = directory;
        this.language = language;
        this.program = program;
    }

    private ProcessBuilder readerProgram(final Object... args)
    {
        return program.apply(args);
    }

    /** Timestamps under the test's control: record i gets 1_000_000 + (i / 3) * 1000, so some are equal. */
    private static final class StepClock implements EpochNanoClock
    {
        long nextNs;

        @Override
        public long nanoTime()
        {
            return nextNs;
        }
    }

    static long timestampOf(final long i)
    {
        return 1_000_000 + (i / 3) * 1_000;
    }

    static int typeIdOf(final long i)
    {
        return 1 + (int)(i % 7);
    }

    static int bodyLengthOf(final long i)
    {
        return (int)(i * 7 % 301);
    }

    static void appendRecords(final JournalWriter writer, final StepClock clock, final long from, final long to)
    {
        final UnsafeBuffer body = new UnsafeBuffer(new byte[512]);
        for (long i = from; i < to; i++)
        {
            for (int j = 0; j < bodyLengthOf(i); j++)
            {
                body.putByte(j, (byte)(i * 13 + j));
            }
            clock.nextNs = timestampOf(i);
            assertEquals(i, writer.append(typeIdOf(i), body, 0, bodyLengthOf(i)));
        }
    }

    static long fnv1a(final long hash, final DirectBuffer buffer, final int offset, final int length)
    {
        long h = hash;
        for (int i = 0; i < length; i++)
        {
            h = (h ^ (buffer.getByte(offset + i) & 0xFF)) * 0x100000001b3L;
        }
        return h;
    }

    /** What the reader programs print, computed from what Java's JournalReader delivers. */
    static final class Transcript
    {
        final List<String> records = new ArrayList<>();
        long count;
        long first = -1;
        long last = -1;
        long checksum = 0xcbf29ce484222325L;

        boolean onRecord(final long index, final long timestampNs, final int typeId, final DirectBuffer buffer,
            final int offset, final int length)
        {
            if (count == 0)
            {
                first = index;
            }
            last = index;
            count++;
            checksum = fnv1a(checksum, buffer, offset, length);
            records.add(String.format("record index=%d timestampNs=%d typeId=%d length=%d fnv=%016x", index,
                timestampNs, typeId, length, fnv1a(0xcbf29ce484222325L, buffer, offset, length)));
            return true;
        }

        String summary()
        {
            return String.format("summary count=%d first=%d last=%d checksum=%016x", count, first, last, checksum);
        }

        String output()
        {
            final StringBuilder text = new StringBuilder();
            records.forEach(line -> text.append(line).append('\n'));
            return text.append(summary()).append('\n').toString();
        }
    }

    static Transcript javaRead(final JournalReader reader, final long limit)
    {
        final Transcript transcript = new Transcript();
        while (transcript.count < limit)
        {
            if (reader.poll(transcript::onRecord, (int)Math.min(limit - transcript.count, 1024)) == 0)
            {
                break;
            }
        }
        return transcript;
    }

    private Path writeJournal(final long count) throws IOException
    {
        final Path journal = directory.resolve("journal");
        final StepClock clock = new StepClock();
        try (JournalWriter writer = JournalWriter.open(journal,
            new JournalConfig().segmentLength(SEGMENT_LENGTH).indexSpacing(INDEX_SPACING).clock(clock)))
        {
            appendRecords(writer, clock, 0, count);
        }
        return journal;
    }

    static long segmentCount(final Path journal) throws IOException
    {
        try (Stream<Path> files = Files.list(journal))
        {
            return files.filter(path -> path.getFileName().toString().matches("[0-9]{20}\\.rwj")).count();
        }
    }

    private ChildProcess.Result read(final Path journal, final Object... options)
        throws IOException, InterruptedException
    {
        final Object[] args = new Object[options.length + 1];
        args[0] = journal;
        System.arraycopy(options, 0, args, 1, options.length);
        final ChildProcess.Result result =
            ChildProcess.run(readerProgram(args), HANG_GUARD_SECONDS);
        assertEquals(0, result.exitCode(), language + " journal reader exit code; output:\n" + result.output());
        return result;
    }

    public void shouldReadEveryRecordJavaWroteWithItsIndexTypeIdTimestampAndBodyAcrossManySegments() throws Exception
    {
        final Path journal = writeJournal(RECORD_COUNT);
        assertTrue(segmentCount(journal) >= 10, "segments: " + segmentCount(journal));
        final Transcript expected;
        try (JournalReader reader = JournalReader.open(journal))
        {
            expected = javaRead(reader, Long.MAX_VALUE);
        }
        assertEquals(RECORD_COUNT, expected.count);
        for (int i = 0; i < RECORD_COUNT; i += 997)
        {
            assertTrue(expected.records.get(i).startsWith("record index=" + i + " timestampNs=" + timestampOf(i) +
                " typeId=" + typeIdOf(i) + " length=" + bodyLengthOf(i) + " "), expected.records.get(i));
        }
        assertEquals(expected.output(), read(journal).output());
    }

    public void shouldSeekByIndexAndByTimeWhereJavasReaderDoes() throws Exception
    {
        final Path journal = writeJournal(RECORD_COUNT);
        final long[] indexes = {0, 1, INDEX_SPACING - 1, INDEX_SPACING, INDEX_SPACING + 1, 97, 1000, 1001,
            RECORD_COUNT - 1, RECORD_COUNT, RECORD_COUNT + 5};
        try (JournalReader reader = JournalReader.open(journal))
        {
            for (final long index : indexes)
            {
                reader.seekToIndex(index);
                final Transcript expected = javaRead(reader, 5);
                assertEquals(expected.output(), read(journal, "--seek-index", index, "--count", 5).output(),
                    "seek to index " + index);
            }
            final long[] times = {0, timestampOf(0), timestampOf(0) + 1, timestampOf(500), timestampOf(500) - 1,
                timestampOf(2999), timestampOf(2999) + 1, Long.MAX_VALUE};
            for (final long time : times)
            {
                reader.seekToTimestamp(time);
                final Transcript expected = javaRead(reader, 4);
                assertEquals(expected.output(), read(journal, "--seek-time", time, "--count", 4).output(),
                    "seek to time " + time);
            }
        }
    }

    public void shouldSeeEveryRecordWhenFollowingAJournalJavaIsStillAppendingTo() throws Exception
    {
        final Path journal = directory.resolve("journal");
        final StepClock clock = new StepClock();
        final Path output = directory.resolve("follower.out");
        final Path ready = directory.resolve("follower.ready");
        try (JournalWriter writer = JournalWriter.open(journal,
            new JournalConfig().segmentLength(SEGMENT_LENGTH).indexSpacing(INDEX_SPACING).clock(clock)))
        {
            final Process follower = readerProgram(journal, "--follow", "--count", RECORD_COUNT,
                "--quiet", "--timeout-ms", HANG_GUARD_SECONDS * 1000, "--ready-file", ready)
                .redirectOutput(output.toFile()).start();
            try
            {
                // the reader opens the journal while it is still empty, then follows every append and roll
                while (!Files.exists(ready) && follower.isAlive())
                {
                    Thread.sleep(1);
                }
                for (long from = 0; from < RECORD_COUNT; from += 100)
                {
                    appendRecords(writer, clock, from, from + 100);
                    Thread.yield();
                }
            }
            finally
            {
                assertEquals(0, ChildProcess.waitFor(follower, HANG_GUARD_SECONDS), language + " follower exit code");
            }
        }
        assertTrue(segmentCount(journal) >= 10, "segments: " + segmentCount(journal));
        final Transcript expected;
        try (JournalReader reader = JournalReader.open(journal))
        {
            expected = javaRead(reader, Long.MAX_VALUE);
        }
        assertEquals(expected.summary() + "\n", Files.readString(output));
        assertEquals(RECORD_COUNT, expected.count);
    }

    public void shouldWakeAFollowerParkedAtTheTailForEveryRecordJavaAppendsAcrossRolls() throws Exception
    {
        final Path journal = directory.resolve("journal");
        final StepClock clock = new StepClock();
        final Path output = directory.resolve("waiting-follower.out");
        final Path ready = directory.resolve("waiting-follower.ready");
        final int count = 300;
        try (JournalWriter writer = JournalWriter.open(journal,
            new JournalConfig().segmentLength(SEGMENT_LENGTH).indexSpacing(INDEX_SPACING).clock(clock)))
        {
            final Process follower = readerProgram(journal, "--follow", "--wait", "--count", count, "--quiet",
                "--timeout-ms", HANG_GUARD_SECONDS * 1000, "--ready-file", ready)
                .redirectOutput(output.toFile()).start();
            try
            {
                // LAYOUT 14.9: append each record only once the follower has set the tail segment's waiters flag, so
                // that it announces a park before every record; a lost wake shows as a park that timed out
                for (long i = 0; i < count; i++)
                {
                    while (!writer.isFollowerWaiting())
                    {
                        assertTrue(follower.isAlive(), language + " follower exited before record " + i);
                        Thread.onSpinWait();
                    }
                    appendRecords(writer, clock, i, i + 1);
                }
            }
            finally
            {
                assertEquals(0, ChildProcess.waitFor(follower, HANG_GUARD_SECONDS), language + " follower exit code");
            }
        }
        assertTrue(segmentCount(journal) >= 5, "segments: " + segmentCount(journal));
        final Transcript expected;
        try (JournalReader reader = JournalReader.open(journal))
        {
            expected = javaRead(reader, Long.MAX_VALUE);
        }
        final List<String> lines = Files.readAllLines(output);
        assertEquals(2, lines.size(), String.join("\n", lines));
        assertEquals(expected.summary(), lines.get(0));
        final String[] waits = lines.get(1).split("[ =]");
        assertEquals("waits parks=" + waits[2] + " parkTimeouts=0", lines.get(1), "parks that ended by timeout");
        assertTrue(Long.parseLong(waits[2]) > 0, language + " follower never parked: " + lines.get(1));
    }
}
