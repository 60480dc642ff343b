package io.ringway.journal;

import io.ringway.ChannelOpenOption;
import io.ringway.FileSpace;
import io.ringway.ProcessIdentity;
import io.ringway.wait.Futex;
import io.ringway.wait.WaitStrategy;
import io.ringway.wait.WaitWord;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.ringway.journal.JournalDescriptor.*;

/**
 * Reads a journal (docs/LAYOUT.md 14.8) in index order from any index or time, and follows its tail while a writer, in
 * any process, appends. Segments are mapped read-only; every field and record is checked before it is used; a bad one
 * stops the reader with an error naming the file, the field, the value found and the value expected. No allocation per
 * record. One thread at a time.
 *
 * <p>A follower at the tail waits without spinning with {@link #poll(JournalHandler, int, long, TimeUnit)}: as its
 * {@link #waitStrategy(WaitStrategy) wait strategy} says, it spins, yields, then parks on the segment's futex (LAYOUT
 * 14.9) until the writer, in any process, commits or rolls. To park it maps the segment's header page a second time,
 * read-write (the waiters flag is a store); when the segment cannot be opened for writing it sleeps up to
 * {@link #UNWRITABLE_SLEEP_NS} between polls instead.
 */
public final class JournalReader implements AutoCloseable
{
    /** Idle polls between two checks of the segment's length against truncation. */
    private static final int IDLE_POLLS_PER_LENGTH_CHECK = 64;
    /** Longest sleep of a waiting poll on a segment this process cannot open for writing, so cannot park on. */
    public static final long UNWRITABLE_SLEEP_NS = 1_000_000L;

    private final Path directory;
    private final JournalAccess access;
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
    private WaitStrategy waitStrategy = WaitStrategy.defaultStrategy();
    /** Counts moves to another segment: a re-check that moved must not park on the old segment's slot. */
    private long segmentMoves;
    /** The read-write mapping of the current segment's header page, mapped on its first park; null until then. */
    private MappedByteBuffer waitHeader;
    private WaitWord followerWait;
    private boolean waitHeaderUnwritable;
    private long parkCount;
    private long parkTimeoutCount;
    /** The last poll stopped because the handler returned false: records are there, so a waiting poll ends. */
    private boolean handlerRefused;

    private JournalReader(final Path directory, final JournalAccess access)
    {
        this.directory = directory;
        this.access = access;
    }

    /**
     * Opens the journal in {@code directory}, positioned at its first record. By default the directory and every
     * segment must belong to this process's effective uid, the directory must be no symlink and writable by no other
     * user, and no segment may be a symlink (LAYOUT 14.1).
     *
     * @param directory a journal directory.
     * @param options   {@link ChannelOpenOption#ALLOW_OTHER_OWNER}: accept a directory and segments of another user,
     *                  and a directory other users may write; {@link ChannelOpenOption#FOLLOW_SYMLINKS}: follow a
     *                  symlink at the directory's path (never at a segment's).
     * @return the reader.
     * @throws JournalFileException when there is no journal there, it is refused (fields {@code directory},
     *                              {@code owner}, {@code fileType}), or its first segment is not valid.
     */
    public static JournalReader open(final Path directory, final ChannelOpenOption... options)
    {
        final JournalReader reader = new JournalReader(directory, JournalAccess.of(options));
        try
        {
            reader.access.checkDirectory(directory, false);
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
        long[] firstIndexes = existingSegments();
        while (true)
        {
            try
            {
                moveTo(firstIndexes[0]);
                break;
            }
            catch (final JournalFileException ex)
            {
                // a prune (JournalPruner) deleted the first segment between the listing and the open: list again
                final long[] now = existingSegments();
                if (now[0] == firstIndexes[0])
                {
                    throw ex;
                }
                firstIndexes = now;
            }
        }
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

    /**
     * Delivers up to {@code limit} records like {@link #poll(JournalHandler, int)}, waiting up to {@code timeout} for at
     * least one as this reader's {@link #waitStrategy(WaitStrategy) wait strategy} says: spinning, yielding, or parked
     * on the segment's futex until the writer (Java, in any process) commits a record or rolls (LAYOUT 14.9). A parked
     * follower costs no CPU; each park lasts at most {@link WaitWord#MAX_PARK_NS}, then it re-checks.
     *
     * @param handler receives each record.
     * @param limit   the most records to deliver.
     * @param timeout longest wait; {@code <= 0} polls once without waiting.
     * @param unit    unit of {@code timeout}.
     * @return the number delivered; 0 when the timeout elapsed with nothing to deliver, or when the handler returned
     *         false for the first record (it is delivered again by the next poll): a refusal ends the wait.
     * @throws JournalCorruptedException as {@link #poll(JournalHandler, int)}.
     * @throws JournalFileException      as {@link #poll(JournalHandler, int)}.
     */
    public int poll(final JournalHandler handler, final int limit, final long timeout, final TimeUnit unit)
    {
        int delivered = poll(handler, limit);
        final long timeoutNs = unit.toNanos(timeout);
        if (delivered > 0 || handlerRefused || timeoutNs <= 0 || limit <= 0)
        {
            return delivered;
        }
        final long deadlineNs = System.nanoTime() + timeoutNs;
        for (int idleCount = 0; ; idleCount = Math.max(idleCount + 1, idleCount))
        {
            if (waitStrategy.idle(idleCount))
            {
                delivered = park(handler, limit, deadlineNs);
            }
            if (delivered == 0)
            {
                delivered = poll(handler, limit);
            }
            if (delivered > 0 || handlerRefused || deadlineNs - System.nanoTime() <= 0)
            {
                return delivered;
            }
        }
    }

    /** LAYOUT 14.9: flag, full fence, re-check, then park on the sequence read before the flag store. */
    private int park(final JournalHandler handler, final int limit, final long deadlineNs)
    {
        final WaitWord wait = followerWait();
        if (wait == null)
        {
            LockSupport.parkNanos(Math.min(UNWRITABLE_SLEEP_NS, Math.max(1, deadlineNs - System.nanoTime())));
            return 0;
        }
        final long movesBefore = segmentMoves;
        final int sequence = wait.prepareToWait();
        // SYNC POINT: the re-check loads committedEnd, then segmentState (acquire); pairs with the writer's release
        // stores of them, each followed by its full fence and load of dataWaiters (JournalWriter.append, roll)
        final int delivered = poll(handler, limit);
        final long remainingNs = deadlineNs - System.nanoTime();
        if (handlerRefused)
        {
            return delivered;
        }
        // a re-check that moved to the next segment parks (if it must) on that segment's slot, on the next round
        if (delivered == 0 && remainingNs > 0 && movesBefore == segmentMoves)
        {
            parkCount++;
            if (wait.await(sequence, remainingNs) == Futex.TIMED_OUT && remainingNs > WaitWord.MAX_PARK_NS)
            {
                parkTimeoutCount++;
            }
            // a follower never clears dataWaiters: another one may be parked on the same segment (LAYOUT 14.9)
        }
        return delivered;
    }

    /** The current segment's follower wait slot over a read-write mapping of its header page; null if unwritable. */
    private WaitWord followerWait()
    {
        if (followerWait == null && !waitHeaderUnwritable)
        {
            // the segment was checked regular when it was opened; O_NONBLOCK | O_NOFOLLOW keep a swapped name from
            // hanging or redirecting this second open
            try (FileChannel channel = FileSpace.openRegular(segment.path, true, false).channel())
            {
                waitHeader = channel.map(FileChannel.MapMode.READ_WRITE, 0, HEADER_LENGTH);
                followerWait = new WaitWord(new UnsafeBuffer(waitHeader), DATA_SEQUENCE_OFFSET, DATA_WAITERS_OFFSET,
                    WAKE_COUNT_OFFSET);
            }
            catch (final IOException | UnsupportedOperationException ex)
            {
                // read-only file or file system: poll with short sleeps, as a journal 1.0 follower does
                waitHeaderUnwritable = true;
            }
        }
        return followerWait;
    }

    private void releaseWaitHeader()
    {
        if (waitHeader != null)
        {
            IoUtil.unmap(waitHeader);
            waitHeader = null;
        }
        followerWait = null;
        waitHeaderUnwritable = false;
    }

    /**
     * @param waitStrategy how {@link #poll(JournalHandler, int, long, TimeUnit)} waits at the tail;
     *                     {@link WaitStrategy#defaultStrategy()} unless set; one that parks is refused where
     *                     parking is not supported.
     * @return this reader.
     */
    public JournalReader waitStrategy(final WaitStrategy waitStrategy)
    {
        this.waitStrategy = WaitStrategy.requireSupported(Objects.requireNonNull(waitStrategy, "waitStrategy"));
        return this;
    }

    /**
     * @return how {@link #poll(JournalHandler, int, long, TimeUnit)} waits.
     */
    public WaitStrategy waitStrategy()
    {
        return waitStrategy;
    }

    /**
     * @return FUTEX_WAITs this reader has made (for monitors and tests).
     */
    public long parkCount()
    {
        return parkCount;
    }

    /**
     * @return parks that ended by their own timeout ({@link WaitWord#MAX_PARK_NS}) rather than by a wake, not counting
     *         one that ended because the caller's time was over. With a 1.1 writer appending, a park ends by timeout
     *         only when nothing was committed for {@link WaitWord#MAX_PARK_NS}: tests of lost wakeups assert it zero.
     */
    public long parkTimeoutCount()
    {
        return parkTimeoutCount;
    }

    private int readRecords(final JournalHandler handler, final int limit)
    {
        handlerRefused = false;
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
            final int aligned;
            try
            {
                aligned = segment.checkRecord(readOffset, committedEnd, nextIndex, lastTimestampNs);
            }
            catch (final JournalCorruptedException ex)
            {
                // a truncated file reads as zeros past its new end (in the last page): say truncation, not corruption
                throw truncatedOr(ex);
            }
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
                    handlerRefused = true;
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
        moveTo(segmentAfterPrune(nextIndex));
        lastTimestampNs = timestamp;
        return true;
    }

    /**
     * @return {@code firstIndex} when its segment exists; else, when a prune ({@link JournalPruner}) deleted it and
     *         the journal now starts past it, the journal's first index (the reader skips the deleted records).
     */
    private long segmentAfterPrune(final long firstIndex)
    {
        if (Files.exists(SegmentFiles.path(directory, firstIndex), LinkOption.NOFOLLOW_LINKS))
        {
            return firstIndex;
        }
        final long[] firstIndexes = existingSegments();
        // otherwise the segment is missing, not pruned: moveTo says so
        return firstIndexes[0] > firstIndex ? firstIndexes[0] : firstIndex;
    }

    private void moveTo(final long firstIndex)
    {
        final Segment next = Segment.open(SegmentFiles.path(directory, firstIndex), true, firstIndex, access);
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
        releaseWaitHeader();
        segmentMoves++;
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
        try (Segment candidate = Segment.open(SegmentFiles.path(directory, firstIndex), true, firstIndex, access))
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
        final long length = segment.fileLength();
        if (length != segment.segmentLength)
        {
            throw new JournalFileException("journal segment changed length while mapped", segment.path, "fileLength",
                length, segment.segmentLength);
        }
    }

    private JournalFileException truncated(final InternalError cause)
    {
        final long length = segment.fileLength();
        return new JournalFileException("journal segment truncated while mapped", segment.path, "fileLength",
            length, ">=" + Math.max(committedEnd, readOffset) + " (committedEnd)", cause);
    }

    private JournalFileException truncatedOr(final JournalFileException corruption)
    {
        final long length = segment.fileLength();
        if (length < committedEnd)
        {
            return new JournalFileException("journal segment truncated while mapped", segment.path, "fileLength",
                length, ">=" + committedEnd + " (committedEnd)", corruption);
        }
        return corruption;
    }

    /**
     * Re-reads the length of the segment being read (fstat of its open descriptor) and throws when it no longer holds
     * every committed record (LAYOUT 14.8): bytes read from the mapping before this call were the records' bytes only
     * if it returns. A truncated file reads as zeros past its new end, or faults: a caller that forwards what a handler
     * was given (the {@link JournalReplayer}) copies the record first, calls this, and publishes only when it returns.
     *
     * @throws JournalFileException field {@code fileLength}, found the new length, expected at least committedEnd.
     */
    public void checkNotTruncated()
    {
        final long length = segment.fileLength();
        if (length < committedEnd)
        {
            throw new JournalFileException("journal segment truncated while mapped", segment.path, "fileLength",
                length, ">=" + committedEnd + " (committedEnd)");
        }
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
            releaseWaitHeader();
            if (segment != null)
            {
                segment.close();
                segment = null;
            }
        }
    }
}
