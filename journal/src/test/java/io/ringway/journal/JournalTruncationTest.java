package io.ringway.journal;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.Producer;
import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static io.ringway.journal.JournalDescriptor.*;
import static io.ringway.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * LAYOUT 14.8: a segment truncated under a reader is reported as a truncation (field fileLength, found the new length,
 * expected at least committedEnd), never as a corrupt record, and a replay forwards only records that were written:
 * every message that reaches the channel equals a written record, byte for byte.
 */
class JournalTruncationTest
{
    private static final long RECORDS = 3000;
    private static final long SEGMENT_LENGTH = 1L << 20;

    @RegisterExtension
    final TempChannelDirectory channels = new TempChannelDirectory("journal-truncation");

    @TempDir
    Path root;

    /** Writes the journal once; returns the end offset of each record in its only segment. */
    private long[] writeSource(final Path source)
    {
        final long[] ends = new long[(int)RECORDS];
        try (JournalWriter writer = JournalWriter.open(source,
            new JournalConfig().segmentLength(SEGMENT_LENGTH).indexSpacing(64)))
        {
            final UnsafeBuffer body = new UnsafeBuffer(new byte[512]);
            for (long i = 0; i < RECORDS; i++)
            {
                final int length = encode(body, i);
                writer.append(typeIdOf(i), body, 0, length);
                ends[(int)i] = writer.committedEnd();
            }
            assertEquals(1, SegmentFiles.firstIndexes(source).length, "one segment");
        }
        return ends;
    }

    /** Truncation points: in a record's body mid-page, at a page boundary, in a record header, at a record's end. */
    private static long[] truncationPoints(final long[] ends)
    {
        final long middle = ends[(int)RECORDS / 2];
        return new long[] {
            ends[100] + RECORD_HEADER_LENGTH + 13,
            (ends[(int)RECORDS / 3] + PAGE_LENGTH) & ~(PAGE_LENGTH - 1L),
            middle + 4,
            ends[(int)RECORDS - 10],
            ends[60] + 1,
        };
    }

    private static Path copyOf(final Path source, final Path target) throws IOException
    {
        Files.createDirectory(target);
        Files.copy(SegmentFiles.path(source, 0), SegmentFiles.path(target, 0));
        return SegmentFiles.path(target, 0);
    }

    private static void truncate(final Path segment, final long length) throws IOException
    {
        try (FileChannel file = FileChannel.open(segment, StandardOpenOption.WRITE))
        {
            file.truncate(length);
        }
    }

    private static void assertTruncation(final JournalFileException error, final Path segment, final long length,
        final long committedEnd)
    {
        assertEquals("journal segment truncated while mapped: file=" + segment + " field=fileLength found=" + length +
            " expected=>=" + committedEnd + " (committedEnd)", error.getMessage());
    }

    @Test
    void shouldReplayOnlyWrittenRecordsWhenTheSegmentIsTruncatedUnderTheReplay() throws IOException
    {
        final Path source = root.resolve("source");
        final long[] ends = writeSource(source);
        final long committedEnd = ends[ends.length - 1];
        int trial = 0;
        for (final long truncateAt : truncationPoints(ends))
        {
            final Path journal = root.resolve("trial-" + trial);
            final Path segment = copyOf(source, journal);
            final List<String> mismatches = new ArrayList<>();
            final long[] consumed = {0};
            try (Channel channel = Channel.create(channels.resolve("replay-" + trial + ".ringway"),
                ChannelConfig.spsc(1 << 16));
                Producer producer = channel.producer();
                Consumer consumer = channel.consumer();
                JournalReader reader = JournalReader.open(journal))
            {
                final JournalReplayer replayer = new JournalReplayer(reader, producer);
                // a first stretch before the truncation, then the file shrinks under the mapped reader
                replayer.replay(50);
                truncate(segment, truncateAt);
                final JournalFileException error = assertThrows(JournalFileException.class, () ->
                {
                    while (true)
                    {
                        replayer.replay(7);
                        consumer.poll((typeId, buffer, index, length) ->
                        {
                            final String mismatch = mismatch(consumed[0], typeId, buffer, index, length);
                            if (mismatch != null)
                            {
                                mismatches.add(mismatch);
                            }
                            consumed[0]++;
                        }, 100);
                    }
                }, "truncated at " + truncateAt);
                assertTruncation(error, segment, truncateAt, committedEnd);
                consumer.poll((typeId, buffer, index, length) ->
                {
                    final String mismatch = mismatch(consumed[0], typeId, buffer, index, length);
                    if (mismatch != null)
                    {
                        mismatches.add(mismatch);
                    }
                    consumed[0]++;
                }, Integer.MAX_VALUE);
                channel.delete();
            }
            assertEquals(List.of(), mismatches, "truncated at " + truncateAt);
            assertTrue(consumed[0] <= RECORDS && (consumed[0] == 0 || ends[(int)consumed[0] - 1] <= truncateAt),
                "forwarded " + consumed[0] + " records, the last ending at or before " + truncateAt);
            trial++;
        }
    }

    @Test
    void shouldReportATruncationNotACorruptRecordWhenTheSegmentShrinksUnderTheReader() throws IOException
    {
        final Path source = root.resolve("source");
        final long[] ends = writeSource(source);
        final long committedEnd = ends[ends.length - 1];
        int trial = 0;
        for (final long truncateAt : truncationPoints(ends))
        {
            final Path journal = root.resolve("reader-" + trial++);
            final Path segment = copyOf(source, journal);
            try (JournalReader reader = JournalReader.open(journal))
            {
                reader.poll((index, timestampNs, typeId, buffer, offset, length) -> true, 10);
                truncate(segment, truncateAt);
                final JournalFileException error = assertThrows(JournalFileException.class, () ->
                {
                    while (true)
                    {
                        reader.poll((index, timestampNs, typeId, buffer, offset, length) -> true, 100);
                    }
                }, "truncated at " + truncateAt);
                assertTruncation(error, segment, truncateAt, committedEnd);
            }
        }
    }
}
