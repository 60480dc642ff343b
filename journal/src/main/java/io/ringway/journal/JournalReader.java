package io.ringway.journal;

import io.ringway.ProcessIdentity;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

import static io.ringway.journal.JournalDescriptor.*;

/**
 * Reads a journal (docs/LAYOUT.md 14.8) in index order from any index or time, and follows its tail while a writer, in
 * any process, appends. Segments are mapped read-only; every field and record is checked before it is used; a bad one
 * stops the reader with an error naming the file, the field, the value found and the value expected. No allocation per
 * record. One thread at a time.
 */
public final class JournalReader implements AutoCloseable
{
    /** Idle polls between two checks of the segment's length against truncation. */
    private static final int IDLE_POLLS_PER_LENGTH_CHECK = 64;

    private final Path directory;
    private long journalId;
    private Segment segment;
    private long readOffset;
    private long committedEnd;
    private long nextIndex;
    private long lastTimestampNs;
    private long skipBelowIndex;
    private long skipBeforeTimestampNs = Long.MIN_VALUE;
    private int idlePolls;
    private boolean closed;

    private JournalReader(final Path directory)
    {
        this.directory = directory;
    }

    /**
     * Opens the journal in {@code directory}, positioned at its first record.
     *
     * @param directory a journal directory.
     * @return the reader.
     * @throws JournalFileException when there is no journal there, or its first segment is not valid.
     */
    public static JournalReader open(final Path directory)
    {
        final JournalReader reader = new JournalReader(directory);
        try
        {
            reader.seekToStart();
            return reader;
        }
        catch (final RuntimeException ex)
        {
            reader.close();
            throw ex;
        }
    }

    /**
     * Positions the reader at the journal's first record.
     */
    public void seekToStart()
    {
        final long[] firstIndexes = existingSegments();
        moveTo(firstIndexes[0]);
        skipBelowIndex = firstIndexes[0];
        skipBeforeTimestampNs = Long.MIN_VALUE;
    }

    /**
     * Positions the reader so that the next record delivered is the one with {@code index}; when the journal does not
     * hold it yet, the reader delivers it once it is appended.
     *
     * @param index a record index, at least the first segment's first index.
     * @throws JournalFileException when {@code index} precedes the journal.
     */
    public void seekToIndex(final long index)
    {
        final long[] firstIndexes = existingSegments();
        if (index < firstIndexes[0])
        {
            throw new JournalFileException("index before the journal's first record", directory, "index", index,
                ">=" + firstIndexes[0]);
        }
        int s = firstIndexes.length - 1;
        while (firstIndexes[s] > index)
        {
            s--;
        }
        moveTo(firstIndexes[s]);
        final long entry = (index - segment.firstIndex) / segment.indexSpacing;
        startFromEntry((int)Math.min(entry, segment.indexEntryCount - 1L));
        skipBelowIndex = index;
        skipBeforeTimestampNs = Long.MIN_VALUE;
    }

    /**
     * Positions the reader at the first record whose timestamp is at or after {@code timestampNs}; when there is none
     * yet, at the end, so that the next record appended is delivered.
     *
     * @param timestampNs epoch nanoseconds.
     */
    public void seekToTimestamp(final long timestampNs)
    {
        final long[] firstIndexes = existingSegments();
        // the last segment whose first record is before the time: the first record at or after it is there or later
        int low = 0;
        int high = firstIndexes.length - 1;
        while (low < high)
        {
            final int mid = (low + high + 1) >>> 1;
            if (firstTimestamp(firstIndexes[mid]) < timestampNs)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        moveTo(firstIndexes[low]);
        final long end = segment.committedEndAcquire(segment.dataOffset);
        int lowEntry = 0;
        int highEntry = segment.indexEntryCount - 1;
        while (lowEntry < highEntry)
        {
            final int mid = (lowEntry + highEntry + 1) >>> 1;
            if (segment.entryRecordOffset(mid, end) >= 0 && segment.entryTimestamp(mid) < timestampNs)
            {
                lowEntry = mid;
            }
            else
            {
                highEntry = mid - 1;
            }
        }
        startFromEntry(lowEntry);
        skipBelowIndex = nextIndex;
        skipBeforeTimestampNs = timestampNs;
    }

    /**
     * Positions the reader after the last committed record: only records appended from now on are delivered.
     */
    public void seekToEnd()
    {
        final long[] firstIndexes = existingSegments();
        moveTo(firstIndexes[firstIndexes.length - 1]);
        final long end = segment.committedEndAcquire(segment.dataOffset);
        int last = (int)Math.min(segment.indexEntryCount - 1L,
            Math.max(0, (segment.buffer.getLong(NEXT_INDEX_OFFSET) - segment.firstIndex) / segment.indexSpacing));
        while (last > 0 && segment.entryRecordOffset(last, end) < 0)
        {
            last--;
        }
        startFromEntry(last);
        skipBelowIndex = Long.MAX_VALUE;
        skipBeforeTimestampNs = Long.MIN_VALUE;
        poll((index, timestampNs, typeId, buffer, offset, length) -> true, Integer.MAX_VALUE);
        skipBelowIndex = nextIndex;
    }

    /**
     * Delivers up to {@code limit} committed records, in index order, moving across segments as it goes. Returns 0 at
     * the tail; call again to follow it.
     *
     * @param handler receives each record.
     * @param limit   the most records to deliver.
     * @return the number delivered.
     * @throws JournalCorruptedException when a committed record fails a check; the reader stays before it.
     * @throws JournalFileException      when a segment is not valid, missing, or was truncated while mapped.
     */
    public int poll(final JournalHandler handler, final int limit)
    {
        if (closed)
        {
            throw new IllegalStateException("journal reader closed: " + directory);
        }
        try
        {
            return readRecords(handler, limit);
        }
        catch (final InternalError ex)
        {
            // HotSpot turns SIGBUS from a mapped page past a truncated file's end into an InternalError
            throw truncated(ex);
        }
    }

    private int readRecords(final JournalHandler handler, final int limit)
    {
        int delivered = 0;
        while (delivered < limit)
        {
            if (readOffset == committedEnd)
            {
                committedEnd = segment.committedEndAcquire(committedEnd);
                if (readOffset == committedEnd)
                {
                    final boolean sealed = segment.isSealedAcquire();
                    if (sealed)
                    {
                        // the writer may have committed more between the two loads above, then sealed: after the
                        // acquire of the state, committedEnd is final (LAYOUT 14.5)
                        committedEnd = segment.committedEndAcquire(committedEnd);
                        if (readOffset != committedEnd)
                        {
                            continue;
                        }
                    }
                    if (!sealed || !nextSegment())
                    {
                        if (delivered == 0 && ++idlePolls >= IDLE_POLLS_PER_LENGTH_CHECK)
                        {
                            idlePolls = 0;
                            checkLength();
                        }
                        break;
                    }
                    continue;
                }
            }
            final int aligned = segment.checkRecord(readOffset, committedEnd, nextIndex, lastTimestampNs);
            final int at = (int)readOffset;
            final UnsafeBuffer buffer = segment.buffer;
            final long timestampNs = buffer.getLong(at + RECORD_TIMESTAMP_OFFSET);
            if (nextIndex >= skipBelowIndex && timestampNs >= skipBeforeTimestampNs)
            {
                skipBeforeTimestampNs = Long.MIN_VALUE;
                final int length = buffer.getInt(at + RECORD_LENGTH_OFFSET) - RECORD_HEADER_LENGTH;
                final int typeId = buffer.getInt(at + RECORD_TYPE_ID_OFFSET);
                if (!handler.onRecord(nextIndex, timestampNs, typeId, buffer, at + RECORD_HEADER_LENGTH, length))
                {
                    break;
                }
                delivered++;
            }
            lastTimestampNs = timestampNs;
            readOffset += aligned;
            nextIndex++;
        }
        if (delivered > 0)
        {
            idlePolls = 0;
        }
        return delivered;
    }

    /** At the end of a sealed segment: continue with the one named after its nextIndex (LAYOUT 14.5). */
    private boolean nextSegment()
    {
        final long sealedNextIndex = segment.buffer.getLong(NEXT_INDEX_OFFSET);
        if (sealedNextIndex != nextIndex)
        {
            throw segment.error("sealed segment's record count disagrees", "nextIndex", sealedNextIndex, nextIndex);
        }
        final long timestamp = lastTimestampNs;
        moveTo(nextIndex);
        lastTimestampNs = timestamp;
        return true;
    }

    private void moveTo(final long firstIndex)
    {
        final Segment next = Segment.open(SegmentFiles.path(directory, firstIndex), true, firstIndex);
        if (segment == null && journalId == 0)
        {
            journalId = next.journalId;
        }
        else if (next.journalId != journalId)
        {
            next.close();
            throw new JournalFileException("segment of another journal", SegmentFiles.path(directory, firstIndex),
                "journalId", Segment.hex(next.journalId), Segment.hex(journalId));
        }
        if (segment != null)
        {
            segment.close();
        }
        segment = next;
        readOffset = next.dataOffset;
        committedEnd = next.dataOffset;
        nextIndex = next.firstIndex;
        lastTimestampNs = Long.MIN_VALUE;
        idlePolls = 0;
    }

    private void startFromEntry(final int entry)
    {
        committedEnd = segment.committedEndAcquire(committedEnd);
        for (int k = entry; k > 0; k--)
        {
            final long recordOffset = segment.entryRecordOffset(k, committedEnd);
            if (recordOffset >= 0)
            {
                readOffset = recordOffset;
                nextIndex = segment.firstIndex + (long)k * segment.indexSpacing;
                lastTimestampNs = Long.MIN_VALUE;
                return;
            }
        }
        readOffset = segment.dataOffset;
        nextIndex = segment.firstIndex;
    }

    private long firstTimestamp(final long firstIndex)
    {
        try (Segment candidate = Segment.open(SegmentFiles.path(directory, firstIndex), true, firstIndex))
        {
            final long end = candidate.committedEndAcquire(candidate.dataOffset);
            return candidate.entryRecordOffset(0, end) >= 0 ? candidate.entryTimestamp(0) : Long.MAX_VALUE;
        }
    }

    private long[] existingSegments()
    {
        final long[] firstIndexes = SegmentFiles.firstIndexes(directory);
        if (firstIndexes.length == 0)
        {
            throw new JournalFileException("no journal segments", directory, "segments", 0,
                ">=1 file named <20 digits>" + SEGMENT_SUFFIX);
        }
        return firstIndexes;
    }

    private void checkLength()
    {
        final long length = Segment.fileLength(segment.path);
        if (length != segment.segmentLength)
        {
            throw new JournalFileException("journal segment changed length while mapped", segment.path, "fileLength",
                length, segment.segmentLength);
        }
    }

    private JournalFileException truncated(final InternalError cause)
    {
        final long length = Segment.fileLength(segment.path);
        return new JournalFileException("journal segment truncated while mapped", segment.path, "fileLength",
            length, segment.segmentLength, cause);
    }

    /**
     * @return the index of the next record this reader delivers.
     */
    public long nextIndex()
    {
        return Math.max(nextIndex, skipBelowIndex == Long.MAX_VALUE ? nextIndex : skipBelowIndex);
    }

    /**
     * @return whether a live process holds the writer lease of the segment being read (LAYOUT 14.2).
     */
    public boolean isWriterAlive()
    {
        final long holder = segment.writerLeaseAcquire();
        return holder != 0 && ProcessIdentity.isAlive(holder);
    }

    /**
     * @return the segment file being read.
     */
    public Path segmentPath()
    {
        return segment.path;
    }

    /**
     * @return the journal directory.
     */
    public Path directory()
    {
        return directory;
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            if (segment != null)
            {
                segment.close();
                segment = null;
            }
        }
    }
}
