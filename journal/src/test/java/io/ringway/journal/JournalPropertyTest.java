package io.ringway.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.*;

/**
 * Properties of journals with random shapes and random bodies. QuickTheories shrinks a failure and reports it; the seed
 * is printed at the start of each run. Replay with
 * {@code mvn -pl journal -am test -Dtest=JournalPropertyTest -Dringway.property.seed=SEED -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class JournalPropertyTest
{
    private static final long SEED = Long.getLong("ringway.property.seed", System.nanoTime());
    private static final int EXAMPLES = 60;

    @TempDir
    Path directory;

    @Test
    void whateverIsAppendedShouldBeReadBackAndFoundBySeekingItsIndex()
    {
        System.out.println("JournalPropertyTest append/read seed=" + SEED);
        final AtomicLong runs = new AtomicLong();
        qt().withExamples(EXAMPLES).withFixedSeed(SEED)
            .forAll(integers().between(4, 12), integers().between(0, 6), lists().of(integers().between(0, 3000))
                .ofSizeBetween(0, 400), longs().all())
            .checkAssert((segmentPages, spacingShift, lengths, seekSeed) ->
            {
                final Path journal = directory.resolve("run-" + runs.incrementAndGet());
                try
                {
                    check(journal, segmentPages * 4096L, 1 << spacingShift, lengths, seekSeed);
                }
                finally
                {
                    delete(journal);
                }
            });
        assertTrue(runs.get() >= EXAMPLES * 9 / 10, "examples run: " + runs.get());
    }

    private static void check(final Path journal, final long segmentLength, final int spacing,
        final List<Integer> lengths, final long seekSeed)
    {
        final UnsafeBuffer body = new UnsafeBuffer(new byte[3000]);
        try (JournalWriter writer = JournalWriter.open(journal,
            new JournalConfig().segmentLength(segmentLength).indexSpacing(spacing)))
        {
            for (int i = 0; i < lengths.size(); i++)
            {
                final int length = Math.min(lengths.get(i), writer.maxMessageLength());
                fill(body, i, length);
                assertEquals(i, writer.append(1 + i % 7, body, 0, length));
            }
        }
        try (JournalReader reader = JournalReader.open(journal))
        {
            final int[] next = {0};
            while (reader.poll((index, timestampNs, typeId, buffer, offset, length) ->
            {
                assertEquals(next[0], index);
                assertEquals(1 + index % 7, typeId);
                assertTrue(matches(buffer, offset, length, index), "body of record " + index);
                next[0]++;
                return true;
            }, 50) > 0)
            {
                // to the end
            }
            assertEquals(lengths.size(), next[0]);
            final Random random = new Random(seekSeed);
            for (int s = 0; s < 5 && !lengths.isEmpty(); s++)
            {
                final long target = random.nextInt(lengths.size());
                reader.seekToIndex(target);
                final long[] first = {-1};
                reader.poll((index, timestampNs, typeId, buffer, offset, length) ->
                {
                    first[0] = index;
                    return matches(buffer, offset, length, index);
                }, 1);
                assertEquals(target, first[0], "seekToIndex(" + target + ")");
            }
        }
    }

    @Test
    void aJournalWithRandomBytesWrittenOverItShouldReadSafelyOrReportWhatIsWrong()
    {
        System.out.println("JournalPropertyTest hostile bytes seed=" + SEED);
        final AtomicLong runs = new AtomicLong();
        qt().withExamples(EXAMPLES).withFixedSeed(SEED)
            .forAll(integers().between(1, 64), longs().all(), integers().between(0, 2))
            .checkAssert((mutations, byteSeed, region) ->
            {
                final Path journal = directory.resolve("hostile-" + runs.incrementAndGet());
                try
                {
                    try (JournalWriter writer = JournalWriter.open(journal,
                        new JournalConfig().segmentLength(8 * 4096).indexSpacing(4)))
                    {
                        final UnsafeBuffer body = new UnsafeBuffer(new byte[600]);
                        for (int i = 0; i < 300; i++)
                        {
                            writer.append(1, body, 0, (i * 53) % 600);
                        }
                    }
                    mutate(journal, mutations, new Random(byteSeed), region);
                    readEverything(journal);
                }
                finally
                {
                    delete(journal);
                }
            });
        assertTrue(runs.get() >= EXAMPLES * 9 / 10, "examples run: " + runs.get());
    }

    /** Overwrites random bytes of random segments: in the header (0), the index (1) or the records (2). */
    private static void mutate(final Path journal, final int mutations, final Random random, final int region)
    {
        final long[] segments = SegmentFiles.firstIndexes(journal);
        for (int m = 0; m < mutations; m++)
        {
            final Path segment = SegmentFiles.path(journal, segments[random.nextInt(segments.length)]);
            try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw"))
            {
                final long offset = region == 0 ? random.nextInt(300) :
                    region == 1 ? 4096 + random.nextInt(4096) : 8192 + random.nextInt((int)file.length() - 8192);
                file.seek(offset);
                file.write(random.nextInt(256));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }

    /** Opens, reads, seeks: each either works or throws a JournalFileException naming a field; nothing else. */
    private static void readEverything(final Path journal)
    {
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.poll((index, timestampNs, typeId, buffer, offset, length) -> true, 100) > 0)
            {
                // to the end or the first bad record
            }
            reader.seekToIndex(150);
            reader.poll((index, timestampNs, typeId, buffer, offset, length) -> true, 100);
            reader.seekToTimestamp(System.currentTimeMillis() * 1_000_000L - 1_000_000_000L);
            reader.poll((index, timestampNs, typeId, buffer, offset, length) -> true, 100);
        }
        catch (final JournalFileException expected)
        {
            assertNotNull(expected.field());
            assertTrue(expected.getMessage().contains("file="), expected.getMessage());
        }
    }

    private static void fill(final UnsafeBuffer body, final long index, final int length)
    {
        for (int k = 0; k < length; k++)
        {
            body.putByte(k, (byte)(index * 17 + k));
        }
    }

    private static boolean matches(final org.agrona.DirectBuffer buffer, final int offset, final int length,
        final long index)
    {
        for (int k = 0; k < length; k++)
        {
            if (buffer.getByte(offset + k) != (byte)(index * 17 + k))
            {
                return false;
            }
        }
        return true;
    }

    private static void delete(final Path journal)
    {
        if (!Files.exists(journal))
        {
            return;
        }
        try (Stream<Path> files = Files.walk(journal))
        {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
