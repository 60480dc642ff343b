package io.ringway.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.ringway.journal.JournalDescriptor.*;
import static io.ringway.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A reader on a corrupted, foreign or truncated journal gets an error naming the file, the field, the value found and
 * the value expected, after every good record before the bad one.
 */
class JournalCorruptionTest
{
    @TempDir
    Path directory;

    private Path writeJournal(final long records)
    {
        try (JournalWriter writer = JournalWriter.open(directory, smallSegments()))
        {
            appendRecords(writer, 0, records);
            return SegmentFiles.path(directory, 0);
        }
    }

    /** @return the file offset of record {@code i} of the first segment, found by walking from the start. */
    private static long recordOffset(final Path segment, final long i) throws Exception
    {
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "r"))
        {
            long offset = dataOffset(Integer.reverseBytes(readInt(file, INDEX_ENTRY_COUNT_OFFSET)));
            for (long k = 0; k < i; k++)
            {
                offset += align(Integer.reverseBytes(readInt(file, offset + RECORD_LENGTH_OFFSET)), RECORD_ALIGNMENT);
            }
            return offset;
        }
    }

    private static int readInt(final RandomAccessFile file, final long offset) throws Exception
    {
        file.seek(offset);
        return file.readInt();
    }

    private static void writeInt(final Path segment, final long offset, final int value) throws Exception
    {
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw"))
        {
            file.seek(offset);
            file.writeInt(Integer.reverseBytes(value));
        }
    }

    private static void writeLong(final Path segment, final long offset, final long value) throws Exception
    {
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw"))
        {
            file.seek(offset);
            file.writeLong(Long.reverseBytes(value));
        }
    }

    private static List<Long> deliveredBefore(final JournalReader reader, final Class<? extends Exception> expected)
    {
        final List<Long> delivered = new ArrayList<>();
        assertThrows(expected, () ->
        {
            while (true)
            {
                reader.poll((index, timestampNs, typeId, buffer, offset, length) -> delivered.add(index), 7);
            }
        });
        return delivered;
    }

    @Test
    void shouldStopBeforeARecordWhoseLengthRunsPastCommittedEnd() throws Exception
    {
        final Path segment = writeJournal(20);
        writeInt(segment, recordOffset(segment, 12) + RECORD_LENGTH_OFFSET, 1 << 20);
        try (JournalReader reader = JournalReader.open(directory))
        {
            final List<Long> delivered = new ArrayList<>();
            final JournalCorruptedException error = assertThrows(JournalCorruptedException.class, () ->
            {
                while (true)
                {
                    reader.poll((index, timestampNs, typeId, buffer, offset, length) -> delivered.add(index), 5);
                }
            });
            assertEquals(12, delivered.size(), "every record before the bad one is delivered");
            assertEquals("length", error.field());
            assertEquals(Integer.toString(1 << 20), error.found());
            assertEquals(segment, error.file());
            assertEquals(recordOffset(segment, 12), error.recordOffset());
            assertThrows(JournalCorruptedException.class,
                () -> reader.poll((index, timestampNs, typeId, buffer, offset, length) -> true, 5),
                "the reader stays before the bad record");
        }
    }

    @Test
    void shouldReportARecordWithTheWrongIndex() throws Exception
    {
        final Path segment = writeJournal(20);
        writeLong(segment, recordOffset(segment, 5) + RECORD_INDEX_OFFSET, 77);
        try (JournalReader reader = JournalReader.open(directory))
        {
            final JournalCorruptedException error = assertThrows(JournalCorruptedException.class, () -> readAll(reader));
            assertEquals("index", error.field());
            assertEquals("77", error.found());
            assertEquals("5", error.expected());
        }
    }

    @Test
    void shouldReportATimestampThatGoesBack() throws Exception
    {
        final Path segment = writeJournal(20);
        writeLong(segment, recordOffset(segment, 9) + RECORD_TIMESTAMP_OFFSET, 1);
        try (JournalReader reader = JournalReader.open(directory))
        {
            assertEquals(9, deliveredBefore(reader, JournalCorruptedException.class).size());
        }
    }

    @Test
    void shouldReportANonPositiveTypeId() throws Exception
    {
        final Path segment = writeJournal(20);
        writeInt(segment, recordOffset(segment, 3) + RECORD_TYPE_ID_OFFSET, -1);
        try (JournalReader reader = JournalReader.open(directory))
        {
            final JournalCorruptedException error = assertThrows(JournalCorruptedException.class, () -> readAll(reader));
            assertEquals("typeId", error.field());
        }
    }

    @Test
    void shouldRefuseAForeignFileNamedLikeASegment() throws Exception
    {
        Files.createDirectories(directory);
        final Path foreign = directory.resolve(segmentFileName(0));
        Files.write(foreign, new byte[8 * 4096]);
        final JournalFileException error = assertThrows(JournalFileException.class, () -> JournalReader.open(directory));
        assertEquals("magic", error.field());
        assertEquals("0x0", error.found());
        assertEquals(foreign, error.file());
    }

    @Test
    void shouldRefuseAShortSegment() throws Exception
    {
        final Path segment = writeJournal(3);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw"))
        {
            file.setLength(100);
        }
        final JournalFileException error = assertThrows(JournalFileException.class, () -> JournalReader.open(directory));
        assertEquals("fileLength", error.field());
        assertEquals("100", error.found());
    }

    @Test
    void shouldRefuseAnUnknownMajorVersion() throws Exception
    {
        final Path segment = writeJournal(3);
        writeInt(segment, JOURNAL_VERSION_OFFSET, 2 << 16);
        final JournalFileException error = assertThrows(JournalFileException.class, () -> JournalReader.open(directory));
        assertEquals("journalVersion.major", error.field());
        assertEquals("2", error.found());
        assertEquals("1", error.expected());
    }

    @Test
    void shouldRefuseACommittedEndPastTheSegment() throws Exception
    {
        final Path segment = writeJournal(3);
        writeLong(segment, COMMITTED_END_OFFSET, 1L << 40);
        final JournalFileException error = assertThrows(JournalFileException.class, () -> JournalReader.open(directory));
        assertEquals("committedEnd", error.field());
    }

    @Test
    void shouldRefuseASegmentOfAnotherJournal() throws Exception
    {
        writeJournal(1_000);
        final long[] segments = SegmentFiles.firstIndexes(directory);
        writeLong(SegmentFiles.path(directory, segments[1]), JOURNAL_ID_OFFSET, 12345);
        try (JournalReader reader = JournalReader.open(directory))
        {
            final JournalFileException error = assertThrows(JournalFileException.class, () -> readAll(reader));
            assertEquals("journalId", error.field());
            assertEquals("0x3039", error.found());
        }
    }

    @Test
    void shouldReportASealedSegmentWhoseSuccessorIsMissing() throws Exception
    {
        writeJournal(1_000);
        final long[] segments = SegmentFiles.firstIndexes(directory);
        Files.delete(SegmentFiles.path(directory, segments[1]));
        try (JournalReader reader = JournalReader.open(directory))
        {
            final JournalFileException error = assertThrows(JournalFileException.class, () -> readAll(reader));
            assertEquals("file", error.field());
            assertEquals(SegmentFiles.path(directory, segments[1]), error.file());
        }
    }

    @Test
    void shouldReportASegmentTruncatedWhileFollowed() throws Exception
    {
        final Path segment = writeJournal(10);
        try (JournalReader reader = JournalReader.open(directory))
        {
            assertRecords(readAll(reader), 0, 10);
            try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw"))
            {
                file.setLength(8 * 4096);
            }
            final JournalFileException error = assertThrows(JournalFileException.class, () ->
            {
                for (int i = 0; i < 10_000; i++)
                {
                    reader.poll((index, timestampNs, typeId, buffer, offset, length) -> true, 10);
                }
            });
            assertEquals("fileLength", error.field());
            assertEquals(Integer.toString(8 * 4096), error.found());
        }
    }

    @Test
    void shouldReportASegmentTruncatedUnderRecordsNotYetRead() throws Exception
    {
        final Path segment = writeJournal(300);
        try (JournalReader reader = JournalReader.open(directory))
        {
            try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw"))
            {
                file.setLength(4 * 4096);
            }
            // the records past the new end are still mapped: touching them raises SIGBUS, which the JVM reports as an
            // InternalError and the reader as a clear error
            final JournalFileException error = assertThrows(JournalFileException.class, () -> readAll(reader));
            assertEquals("fileLength", error.field());
            assertEquals(Integer.toString(4 * 4096), error.found());
        }
    }
}
