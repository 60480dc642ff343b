package io.ringway.journal;

import io.ringway.journal.JournalTestSupport.ManualClock;
import io.ringway.journal.JournalTestSupport.Received;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.ringway.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class JournalTest
{
    @TempDir
    Path directory;

    @Test
    void shouldReadBackEveryRecordInOrderAcrossSegments()
    {
        try (JournalWriter writer = JournalWriter.open(directory, smallSegments()))
        {
            appendRecords(writer, 0, 5_000);
        }
        assertTrue(segmentCount(directory) > 10, "expected many segments, got " + segmentCount(directory));
        try (JournalReader reader = JournalReader.open(directory))
        {
            assertRecords(readAll(reader), 0, 5_000);
        }
    }

    @Test
    void shouldCreateTheDirectoryAndSegmentsOwnerOnly() throws Exception
    {
        final Path journal = directory.resolve("orders");
        try (JournalWriter writer = JournalWriter.open(journal, smallSegments()))
        {
            appendRecords(writer, 0, 10);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(journal)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(writer.segmentPath())));
        }
    }

    @Test
    void shouldSeekToAnyIndexInAnySegment()
    {
        try (JournalWriter writer = JournalWriter.open(directory, smallSegments()))
        {
            appendRecords(writer, 0, 3_000);
        }
        try (JournalReader reader = JournalReader.open(directory))
        {
            for (final long index : new long[] {0, 1, 3, 4, 5, 777, 1_024, 2_999, 1_500, 2})
            {
                reader.seekToIndex(index);
                final List<Received> received = new ArrayList<>();
                reader.poll((i, t, typeId, buffer, offset, length) ->
                {
                    received.add(new Received(i, t, typeId, new byte[0]));
                    return true;
                }, 1);
                assertEquals(index, received.get(0).index(), "first record after seekToIndex(" + index + ")");
            }
            reader.seekToIndex(2_990);
            assertRecords(readAll(reader), 2_990, 3_000);
        }
    }

    @Test
    void shouldDeliverARecordSoughtBeforeItIsAppendedOnceItIs()
    {
        try (JournalWriter writer = JournalWriter.open(directory, smallSegments());
            JournalReader reader = JournalReader.open(directory))
        {
            appendRecords(writer, 0, 10);
            reader.seekToIndex(500);
            assertEquals(0, readAll(reader).size());
            appendRecords(writer, 10, 600);
            assertRecords(readAll(reader), 500, 600);
        }
    }

    @Test
    void shouldSeekToTheFirstRecordAtOrAfterATime()
    {
        final ManualClock clock = new ManualClock();
        try (JournalWriter writer = JournalWriter.open(directory, smallSegments().clock(clock)))
        {
            final UnsafeBuffer body = new UnsafeBuffer(new byte[512]);
            for (long i = 0; i < 2_000; i++)
            {
                clock.nanos = 1_000_000 + (i / 3) * 10; // three records per timestamp
                writer.append(typeIdOf(i), body, 0, encode(body, i));
            }
        }
        try (JournalReader reader = JournalReader.open(directory))
        {
            for (final long time : new long[] {1_000_000, 1_000_005, 1_000_010, 1_003_330, 1_006_660})
            {
                reader.seekToTimestamp(time);
                final List<Received> received = readAll(reader);
                final long expectedFirst = Math.min(2_000, ((time - 1_000_000 + 9) / 10) * 3);
                assertEquals(expectedFirst, received.get(0).index(), "first record at or after " + time);
                assertTrue(received.get(0).timestampNs() >= time);
                assertRecords(received, expectedFirst, 2_000);
            }
            reader.seekToTimestamp(999);
            assertRecords(readAll(reader), 0, 2_000);
            reader.seekToTimestamp(Long.MAX_VALUE);
            assertEquals(List.of(), readAll(reader));
        }
    }

    @Test
    void shouldNeverLetTimestampsGoBackWhenTheClockDoes()
    {
        final ManualClock clock = new ManualClock();
        try (JournalWriter writer = JournalWriter.open(directory, smallSegments().clock(clock)))
        {
            final UnsafeBuffer body = new UnsafeBuffer(new byte[512]);
            clock.nanos = 5_000;
            writer.append(1, body, 0, 8);
            clock.nanos = 4_000;
            writer.append(1, body, 0, 8);
        }
        try (JournalReader reader = JournalReader.open(directory))
        {
            final List<Received> received = readAll(reader);
            assertEquals(5_000, received.get(1).timestampNs());
        }
    }

    @Test
    void shouldFollowTheTailWhileAnotherThreadAppends() throws Exception
    {
        final long count = 20_000;
        try (JournalWriter writer = JournalWriter.open(directory, smallSegments());
            JournalReader reader = JournalReader.open(directory))
        {
            final Thread appender = new Thread(() -> appendRecords(writer, 0, count));
            final AtomicReference<String> error = new AtomicReference<>();
            final long[] next = {0};
            appender.start();
            while (next[0] < count && error.get() == null)
            {
                reader.poll((index, timestampNs, typeId, buffer, offset, length) ->
                {
                    final String mismatch = index != next[0] ? "index " + index + " expected " + next[0] :
                        mismatch(index, typeId, buffer, offset, length);
                    if (mismatch != null)
                    {
                        error.compareAndSet(null, mismatch);
                    }
                    next[0]++;
                    return true;
                }, 100);
            }
            appender.join();
            assertNull(error.get());
            assertEquals(count, next[0]);
        }
    }

    @Test
    void shouldStartAfterTheLastRecordWhenSoughtToTheEnd()
    {
        try (JournalWriter writer = JournalWriter.open(directory, smallSegments());
            JournalReader reader = JournalReader.open(directory))
        {
            appendRecords(writer, 0, 1_234);
            reader.seekToEnd();
            assertEquals(1_234, reader.nextIndex());
            appendRecords(writer, 1_234, 1_240);
            assertRecords(readAll(reader), 1_234, 1_240);
        }
    }

    @Test
    void shouldContinueAfterTheLastCommittedRecordWhenReopened()
    {
        try (JournalWriter writer = JournalWriter.open(directory, smallSegments()))
        {
            appendRecords(writer, 0, 700);
        }
        try (JournalWriter writer = JournalWriter.open(directory, new JournalConfig()))
        {
            assertEquals(700, writer.nextIndex());
            appendRecords(writer, 700, 1_500);
        }
        try (JournalReader reader = JournalReader.open(directory))
        {
            assertRecords(readAll(reader), 0, 1_500);
        }
    }

    @Test
    void shouldIgnoreBytesAWriterWroteButNeverCommitted() throws Exception
    {
        final Path segment;
        final long committedEnd;
        try (JournalWriter writer = JournalWriter.open(directory, smallSegments()))
        {
            appendRecords(writer, 0, 10);
            segment = writer.segmentPath();
        }
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw"))
        {
            // a writer killed in the middle of a record: a plausible header and half a body past committedEnd
            committedEnd = Long.reverseBytes(readLong(file, JournalDescriptor.COMMITTED_END_OFFSET));
            file.seek(committedEnd);
            file.writeInt(Integer.reverseBytes(24 + 100));
            file.writeInt(Integer.reverseBytes(1));
            file.writeLong(Long.reverseBytes(10));
            file.write(new byte[60]);
        }
        try (JournalReader reader = JournalReader.open(directory))
        {
            assertRecords(readAll(reader), 0, 10);
        }
        try (JournalWriter writer = JournalWriter.open(directory, smallSegments()))
        {
            appendRecords(writer, 10, 20);
        }
        try (JournalReader reader = JournalReader.open(directory))
        {
            assertRecords(readAll(reader), 0, 20);
        }
    }

    @Test
    void shouldSealTheSegmentAWriterDiedRollingFrom() throws Exception
    {
        try (JournalWriter writer = JournalWriter.open(directory, smallSegments()))
        {
            appendRecords(writer, 0, 400);
        }
        final long[] segments = SegmentFiles.firstIndexes(directory);
        assertTrue(segments.length >= 2);
        final Path previous = SegmentFiles.path(directory, segments[segments.length - 2]);
        try (RandomAccessFile file = new RandomAccessFile(previous.toFile(), "rw"))
        {
            // died between LAYOUT 14.5 steps 1 and 2: the next segment exists, this one is still open
            file.seek(JournalDescriptor.SEGMENT_STATE_OFFSET);
            file.writeInt(0);
        }
        Files.write(directory.resolve(JournalDescriptor.segmentFileName(400) + ".tmp-999999999"), new byte[100]);
        try (JournalWriter writer = JournalWriter.open(directory, smallSegments()))
        {
            appendRecords(writer, 400, 500);
        }
        assertFalse(Files.exists(directory.resolve(JournalDescriptor.segmentFileName(400) + ".tmp-999999999")),
            "a dead writer's temporary segment is deleted");
        try (JournalReader reader = JournalReader.open(directory))
        {
            assertRecords(readAll(reader), 0, 500);
        }
    }

    @Test
    void shouldContinueInANewSegmentWhenTheLastOneIsSealedAndItsSuccessorGone() throws Exception
    {
        try (JournalWriter writer = JournalWriter.open(directory, smallSegments()))
        {
            appendRecords(writer, 0, 400);
        }
        final long[] segments = SegmentFiles.firstIndexes(directory);
        Files.delete(SegmentFiles.path(directory, segments[segments.length - 1]));
        final long lastRemaining = segments[segments.length - 2];
        final long survivors;
        try (JournalReader reader = JournalReader.open(directory))
        {
            survivors = readAllBeforeMissingSegment(reader);
        }
        assertTrue(survivors > lastRemaining);
        try (JournalWriter writer = JournalWriter.open(directory, smallSegments()))
        {
            assertEquals(survivors, writer.nextIndex());
            appendRecords(writer, survivors, survivors + 10);
        }
        try (JournalReader reader = JournalReader.open(directory))
        {
            assertRecords(readAll(reader), 0, survivors + 10);
        }
    }

    private static long readAllBeforeMissingSegment(final JournalReader reader)
    {
        final long[] count = {0};
        assertThrows(JournalFileException.class, () ->
        {
            while (true)
            {
                reader.poll((index, timestampNs, typeId, buffer, offset, length) -> ++count[0] > 0, 100);
            }
        });
        return count[0];
    }

    @Test
    void shouldRefuseASecondWriterWhileTheFirstIsAlive()
    {
        try (JournalWriter writer = JournalWriter.open(directory, smallSegments()))
        {
            appendRecords(writer, 0, 3);
            final JournalFileException error =
                assertThrows(JournalFileException.class, () -> JournalWriter.open(directory, smallSegments()));
            assertEquals("writerLease", error.field());
            assertTrue(error.found().contains(Long.toString(ProcessHandle.current().pid())), error.getMessage());
        }
    }

    @Test
    void shouldRefuseAnOversizeMessageNamingTheLimit()
    {
        try (JournalWriter writer = JournalWriter.open(directory, smallSegments().maxMessageLength(1_000)))
        {
            final JournalFileException error = assertThrows(JournalFileException.class,
                () -> writer.append(1, new UnsafeBuffer(new byte[1_001]), 0, 1_001));
            assertEquals("length", error.field());
            assertEquals("1001", error.found());
            assertTrue(error.expected().contains("1000"), error.getMessage());
            assertEquals(0, writer.nextIndex(), "nothing appended");
        }
    }

    @Test
    void shouldHoldTheLargestMessageThatFitsInASegment()
    {
        try (JournalWriter writer = JournalWriter.open(directory, smallSegments()))
        {
            appendRecords(writer, 0, 3);
            final byte[] big = new byte[writer.maxMessageLength()];
            big[big.length - 1] = 42;
            writer.append(9, new UnsafeBuffer(big), 0, big.length);
            appendRecords(writer, 4, 6);
        }
        try (JournalReader reader = JournalReader.open(directory))
        {
            final List<Received> received = readAll(reader);
            assertEquals(6, received.size());
            assertEquals(42, received.get(3).body()[received.get(3).body().length - 1]);
        }
    }

    private static long readLong(final RandomAccessFile file, final long offset) throws java.io.IOException
    {
        file.seek(offset);
        return file.readLong();
    }
}
