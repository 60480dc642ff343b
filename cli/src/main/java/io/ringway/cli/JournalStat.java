package io.ringway.cli;

import io.ringway.ProcessIdentity;
import io.ringway.journal.JournalReader;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.ringway.journal.JournalDescriptor.*;

/**
 * {@code ringway stat JOURNAL_DIR}: a journal's shape (from its segment headers, docs/LAYOUT.md 14.2), its records
 * (first and last index and timestamp, read and checked by {@link JournalReader}) and its writer. Read-only.
 */
final class JournalStat
{
    private JournalStat()
    {
    }

    static Map<String, Object> fields(final Path directory)
    {
        final Map<String, Object> fields = new LinkedHashMap<>();
        try (JournalReader reader = JournalReader.open(directory))
        {
            final List<Path> segments = JournalSegmentHeader.segments(directory);
            final JournalSegmentHeader first = JournalSegmentHeader.read(segments.get(0));
            final JournalSegmentHeader tail = JournalSegmentHeader.read(segments.get(segments.size() - 1));
            final long[] firstTimestampNs = {-1};
            reader.poll((index, timestampNs, typeId, buffer, offset, length) ->
            {
                firstTimestampNs[0] = timestampNs;
                return true;
            }, 1);
            reader.seekToEnd();
            final long nextIndex = reader.nextIndex();
            final boolean writerAlive = reader.isWriterAlive();
            final long firstIndex = first.getLong(FIRST_INDEX_OFFSET);
            final long[] lastTimestampNs = {-1};
            if (nextIndex > firstIndex)
            {
                reader.seekToIndex(nextIndex - 1);
                reader.poll((index, timestampNs, typeId, buffer, offset, length) ->
                {
                    lastTimestampNs[0] = timestampNs;
                    return true;
                }, 1);
            }
            long recordBytes = 0;
            long followerWakeCount = 0;
            for (final Path segment : segments)
            {
                final JournalSegmentHeader header = JournalSegmentHeader.read(segment);
                recordBytes += header.getLong(COMMITTED_END_OFFSET) - header.getLong(DATA_OFFSET_OFFSET);
                followerWakeCount += header.getLong(WAKE_COUNT_OFFSET);
            }
            final int version = first.getInt(JOURNAL_VERSION_OFFSET);
            fields.put("journal", directory.toString());
            fields.put("journalVersion", (version >>> 16) + "." + (version & 0xFFFF));
            fields.put("journalId", "0x" + Long.toHexString(first.getLong(JOURNAL_ID_OFFSET)));
            fields.put("segments", segments.size());
            fields.put("segmentLength", tail.getLong(SEGMENT_LENGTH_OFFSET));
            fields.put("indexSpacing", tail.getInt(INDEX_SPACING_OFFSET));
            fields.put("maxMessageLength", tail.getInt(MAX_MESSAGE_LENGTH_OFFSET));
            fields.put("schemaId", tail.getInt(SCHEMA_ID_OFFSET));
            fields.put("schemaVersion", tail.getInt(SCHEMA_VERSION_OFFSET));
            fields.put("firstIndex", firstIndex);
            fields.put("nextIndex", nextIndex);
            fields.put("records", nextIndex - firstIndex);
            fields.put("recordBytes", recordBytes);
            fields.put("firstTimestamp", instant(firstTimestampNs[0]));
            fields.put("lastTimestamp", instant(lastTimestampNs[0]));
            fields.put("tailSegment", tail.path().getFileName().toString());
            fields.put("tailSegmentState", tail.getInt(SEGMENT_STATE_OFFSET) == SEGMENT_SEALED ? "sealed" : "open");
            final long sourceCreationTimeMs = tail.getLong(SOURCE_CREATION_TIME_MS_OFFSET);
            fields.put("sourceChannelCreated", sourceCreationTimeMs == 0 ? "-" :
                Instant.ofEpochMilli(sourceCreationTimeMs).toString());
            fields.put("sourceChannelCreatorPid", tail.getLong(SOURCE_CREATOR_PID_OFFSET));
            // LAYOUT 14.4 step 4: the source slot whose sourceCommittedEnd is committedEnd describes the last record
            final long committedEnd = tail.getLong(COMMITTED_END_OFFSET);
            fields.put("sourcePosition", tail.getLong(SOURCE_COMMITTED_END_0_OFFSET) == committedEnd ?
                (Object)tail.getLong(SOURCE_POSITION_0_OFFSET) :
                tail.getLong(SOURCE_COMMITTED_END_1_OFFSET) == committedEnd ? tail.getLong(SOURCE_POSITION_1_OFFSET) : "-");
            final long writerLease = tail.getLong(WRITER_LEASE_OFFSET);
            fields.put("writerPid", writerLease != 0 ? ProcessIdentity.pidOf(writerLease) :
                tail.getLong(WRITER_PID_OFFSET));
            fields.put("writerAlive", writerAlive);
            // LAYOUT 14.9: the tail segment's follower flag (a follower may be parked, or one left it and the next
            // commit clears it) and the FUTEX_WAKE calls the writers issued over all segments
            fields.put("followerWaiting", tail.getInt(DATA_WAITERS_OFFSET) != 0);
            fields.put("followerWakeCount", followerWakeCount);
        }
        return fields;
    }

    private static String instant(final long epochNs)
    {
        return epochNs < 0 ? "-" : Instant.ofEpochSecond(0, epochNs).toString();
    }
}
