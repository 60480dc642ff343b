package io.ringway.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.ringway.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class JournalPrunerTest
{
    private static final long RECORDS = 5_000;

    @TempDir
    Path directory;

    @Test
    void shouldDeleteExactlyTheSegmentsWhoseRecordsAreAllBelowTheIndexAndKeepTheRestReadable()
    {
        final long[] before = journalOfManySegments();
        // index firstIndexes[3] + 1 is in segment 3: segments 0, 1 and 2 hold only smaller indexes
        final List<JournalPruner.Removed> removed = JournalPruner.pruneBefore(directory, before[3] + 1);

        assertEquals(3, removed.size(), removed::toString);
        for (int s = 0; s < 3; s++)
        {
            assertEquals(SegmentFiles.path(directory, before[s]), removed.get(s).path());
            assertEquals(before[s], removed.get(s).firstIndex());
            assertEquals(before[s + 1], removed.get(s).endIndex());
        }
        assertArrayEquals(Arrays.copyOfRange(before, 3, before.length), SegmentFiles.firstIndexes(directory));
        try (JournalReader reader = JournalReader.open(directory))
        {
            assertRecords(readAll(reader), before[3], RECORDS);
        }
    }

    @Test
    void shouldDeleteNothingWhenNoSegmentLiesWhollyBelowTheIndex()
    {
        final long[] before = journalOfManySegments();

        assertEquals(List.of(), JournalPruner.pruneBefore(directory, before[1]  - 1));
        assertEquals(List.of(), JournalPruner.pruneBefore(directory, 0));
        assertArrayEquals(before, SegmentFiles.firstIndexes(directory));
    }

    @Test
    void shouldNeverDeleteTheSegmentTheWriterAppendsTo()
    {
        try (JournalWriter writer = JournalWriter.open(directory, smallSegments()))
        {
            appendRecords(writer, 0, RECORDS);
            final long[] before = SegmentFiles.firstIndexes(directory);

            final List<JournalPruner.Removed> removed = JournalPruner.pruneBefore(directory, Long.MAX_VALUE);

            assertEquals(before.length - 1, removed.size());
            assertArrayEquals(new long[] {before[before.length - 1]}, SegmentFiles.firstIndexes(directory));
            appendRecords(writer, RECORDS, RECORDS + 10);
        }
        try (JournalReader reader = JournalReader.open(directory))
        {
            final List<Received> received = readAll(reader);
            assertEquals(RECORDS + 9, received.get(received.size() - 1).index());
        }
    }

    @Test
    void shouldLetAReaderOpenedBeforeThePruneReadOnFromTheJournalsFirstRecord()
    {
        final long[] before = journalOfManySegments();
        try (JournalReader reader = JournalReader.open(directory))
        {
            final List<Received> received = new ArrayList<>();
            reader.poll((index, timestampNs, typeId, buffer, offset, length) -> received.add(
                new Received(index, timestampNs, typeId, new byte[0])), 10);

            JournalPruner.pruneBefore(directory, before[3]);

            received.addAll(readAll(reader));
            // the rest of the segment it had mapped, then the journal's first record on
            final long[] indexes = received.stream().mapToLong(Received::index).toArray();
            final long[] expected = new long[(int)(before[1] + RECORDS - before[3])];
            for (int k = 0; k < expected.length; k++)
            {
                expected[k] = k < before[1] ? k : before[3] + k - before[1];
            }
            assertArrayEquals(expected, indexes);
        }
    }

    @Test
    void shouldRefuseToSeekToAPrunedIndexAndSeekToStartAtTheFirstKeptRecord()
    {
        final long[] before = journalOfManySegments();
        JournalPruner.pruneBefore(directory, before[2]);
        try (JournalReader reader = JournalReader.open(directory))
        {
            final JournalFileException ex = assertThrows(JournalFileException.class, () -> reader.seekToIndex(0));
            assertTrue(ex.getMessage().contains("field=index found=0 expected=>=" + before[2]), ex.getMessage());
            reader.seekToStart();
            assertRecords(readAll(reader), before[2], RECORDS);
        }
    }

    @Test
    void shouldRefuseANegativeIndexNamingTheDirectoryAndTheField()
    {
        final long[] before = journalOfManySegments();

        final JournalFileException ex = assertThrows(JournalFileException.class,
            () -> JournalPruner.pruneBefore(directory, -1));

        assertEquals("bad prune index: file=" + directory + " field=beforeIndex found=-1 expected=>=0",
            ex.getMessage());
        assertArrayEquals(before, SegmentFiles.firstIndexes(directory));
    }

    @Test
    void shouldRefuseADirectoryThatIsNoJournal() throws Exception
    {
        final Path file = Files.createFile(directory.resolve("not-a-journal"));
        final JournalFileException absent = assertThrows(JournalFileException.class,
            () -> JournalPruner.pruneBefore(directory.resolve("absent"), 10));
        assertTrue(absent.getMessage().contains("field=directory found=absent expected=a directory"),
            absent.getMessage());
        final JournalFileException notDirectory = assertThrows(JournalFileException.class,
            () -> JournalPruner.pruneBefore(file, 10));
        assertTrue(notDirectory.getMessage().contains("field=directory found=not a directory"),
            notDirectory.getMessage());
        final JournalFileException empty = assertThrows(JournalFileException.class,
            () -> JournalPruner.pruneBefore(directory, 10));
        assertTrue(empty.getMessage().contains("field=segments found=0"), empty.getMessage());
    }

    @Test
    void shouldRefuseAnUnsealedSegmentFollowedByAnotherAndDeleteNothing() throws Exception
    {
        final long[] before = journalOfManySegments();
        // a copy of the last (open) segment named as the first: unsealed, followed by others
        final Path last = SegmentFiles.path(directory, before[before.length - 1]);
        final Path first = SegmentFiles.path(directory, before[0]);
        final byte[] bytes = Files.readAllBytes(last);
        final org.agrona.concurrent.UnsafeBuffer header = new org.agrona.concurrent.UnsafeBuffer(bytes);
        header.putLong(JournalDescriptor.FIRST_INDEX_OFFSET, before[0]);
        header.putLong(JournalDescriptor.NEXT_INDEX_OFFSET, before[0]);
        Files.write(first, bytes);

        final JournalFileException ex = assertThrows(JournalFileException.class,
            () -> JournalPruner.pruneBefore(directory, before[3]));

        assertTrue(ex.getMessage().startsWith("segment followed by another is not sealed: file=" + first +
            " field=segmentState found=open"), ex.getMessage());
        assertArrayEquals(before, SegmentFiles.firstIndexes(directory));
    }

    /** @return the first indexes of the segments of a journal of {@link #RECORDS} records, its writer closed. */
    private long[] journalOfManySegments()
    {
        try (JournalWriter writer = JournalWriter.open(directory, smallSegments()))
        {
            appendRecords(writer, 0, RECORDS);
        }
        final long[] firstIndexes = SegmentFiles.firstIndexes(directory);
        assertTrue(firstIndexes.length > 5, "expected many segments, got " + firstIndexes.length);
        return firstIndexes;
    }
}
