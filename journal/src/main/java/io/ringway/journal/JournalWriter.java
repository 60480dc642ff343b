package io.ringway.journal;

import io.ringway.ProcessIdentity;
import io.ringway.wait.WaitWord;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import static io.ringway.journal.JournalDescriptor.*;

/**
 * Appends records to a journal (docs/LAYOUT.md 14.4 to 14.7): the one writer of a journal directory, in one thread.
 * Each {@code append} commits its record with one release store, so a reader in any process (Java, C or Go) sees it
 * whole or not at all, and a writer killed at any instruction leaves no half-written record visible. No allocation per
 * record: the body is copied straight into the mapped segment.
 *
 * <p>Every segment's whole length is reserved on the file system when it is created (LAYOUT 14.5), so a store into the
 * mapping never faults for want of space: a full file system is a {@link JournalFileException} at the roll, before any
 * record goes into the new segment, and the tail segment stays open and intact.
 *
 * <p>After every commit, and on the old segment after every roll, the writer wakes followers parked at the tail
 * (LAYOUT 14.9): one full fence and one load when nobody waits, a FUTEX_WAKE when someone does. The benchmark-only
 * switch {@code -Dringway.bench.disableWakeSignal=true} ({@link WaitWord}) turns that off, as it does for producers.
 */
public final class JournalWriter implements AutoCloseable
{
    /** How often an open lists the directory again when the tail moved under it before giving up. */
    private static final int MAX_OPEN_ATTEMPTS = 100;
    /**
     * Test-only kill point: the JVM halts (exit code 77) inside {@link #beginSource} between resetting the tail's
     * source positions and storing the new source's identity, as a SIGKILL there would stop it.
     */
    static final String HALT_IN_BEGIN_SOURCE_PROPERTY = "ringway.journal.test.haltInBeginSource";
    static final int HALT_EXIT_CODE = 77;

    private final Path directory;
    private final EpochNanoClock clock;
    private final JournalAccess access;
    private final long leaseToken = ProcessIdentity.currentToken();
    private SegmentIdentity identity;
    private Segment segment;
    private UnsafeBuffer buffer;
    /** The follower wait slot of {@link #segment} (LAYOUT 14.9). */
    private WaitWord followerWake;
    private long committedEnd;
    private long nextIndex;
    private long lastTimestampNs;
    private long sourcePosition;
    private boolean closed;

    private JournalWriter(final Path directory, final EpochNanoClock clock, final JournalAccess access)
    {
        this.directory = directory;
        this.clock = clock;
        this.access = access;
    }

    /**
     * Opens the journal in {@code directory} for appending, creating the directory (owner-only) and the first segment
     * when there is none; after a crash, recovers as LAYOUT 14.7 says. The writer lease is taken on the last segment;
     * when another writer rolled meanwhile, the directory is listed again, so that this writer never appends to, or
     * rolls from, a segment that is no longer the last one.
     *
     * @param directory the journal directory.
     * @param config    the shape of a new journal's segments, and the clock.
     * @return the writer, positioned after the last committed record.
     * @throws JournalFileException when another live process writes the journal (field {@code writerLease}), a
     *                              segment is not valid, or the first segment's space cannot be reserved (field
     *                              {@code fileLength}: a full file system).
     */
    public static JournalWriter open(final Path directory, final JournalConfig config)
    {
        final JournalWriter writer = new JournalWriter(directory, config.clock(), config.access());
        try
        {
            writer.openOrCreate(config);
            return writer;
        }
        catch (final RuntimeException ex)
        {
            writer.close();
            throw ex;
        }
    }

    private void openOrCreate(final JournalConfig config)
    {
        createDirectory();
        // LAYOUT 14.1: the owner's, no symlink (unless asked), and no other user may write it: they could plant or
        // swap segments
        access.checkDirectory(directory, true);
        deleteAbandonedTemporaries();
        for (int attempt = 1; ; attempt++)
        {
            if (openTail(config))
            {
                return;
            }
            if (attempt == MAX_OPEN_ATTEMPTS)
            {
                throw new JournalFileException("journal tail kept moving while opening", directory, "tailSegment",
                    "moved " + attempt + " times", "a stable tail (another writer is rolling its segments: stop it " +
                    "first)");
            }
        }
    }

    /**
     * LAYOUT 14.7 step 1: takes the writer lease of the tail segment and recovers it.
     *
     * @return false when the tail moved (another writer rolled, or created the first segment, meanwhile): nothing is
     *         held, list again.
     */
    private boolean openTail(final JournalConfig config)
    {
        final long[] firstIndexes = SegmentFiles.firstIndexes(directory);
        if (firstIndexes.length == 0)
        {
            identity = config.newIdentity(newJournalId(), 0, 0);
            try
            {
                useSegment(Segment.create(directory, 0, identity, leaseToken, 0));
                return true;
            }
            catch (final JournalFileException ex)
            {
                if (Segment.SEGMENT_FILE_FIELD.equals(ex.field()))
                {
                    return false; // another writer created the first segment: its lease decides
                }
                throw ex;
            }
        }
        final long tailFirstIndex = firstIndexes[firstIndexes.length - 1];
        final Segment tail = Segment.open(SegmentFiles.path(directory, tailFirstIndex), false, tailFirstIndex, access);
        try
        {
            tail.acquireWriterLease(leaseToken);
        }
        catch (final RuntimeException ex)
        {
            tail.close();
            throw ex;
        }
        // a writer rolls (renames the next segment) before it seals this one and releases this lease, so a lease taken
        // from a writer that rolled meanwhile shows its next segment now: never append to, nor roll from, a segment
        // that is not the tail any more (two writers' rolls would race for one name)
        final long[] relisted = SegmentFiles.firstIndexes(directory);
        if (relisted[relisted.length - 1] != tailFirstIndex)
        {
            tail.releaseWriterLease(leaseToken);
            tail.close();
            return false;
        }
        useSegment(tail);
        identity = SegmentIdentity.of(tail);
        if (firstIndexes.length > 1)
        {
            sealAbandoned(firstIndexes[firstIndexes.length - 2]);
        }
        recoverTail();
        if (segment.isSealedAcquire())
        {
            // a sealed last segment means its successor was removed: continue in a new one, named after nextIndex
            if (nextIndex == segment.firstIndex)
            {
                throw segment.error("sealed empty segment has no successor", "segmentState", SEGMENT_SEALED,
                    SEGMENT_OPEN + " (or a next segment named " + segmentFileName(nextIndex) + ")");
            }
            roll(identity, sourcePosition);
        }
        return true;
    }

    private void createDirectory()
    {
        try
        {
            if (!Files.exists(directory, access.followSymlinks ? new LinkOption[0] :
                new LinkOption[] {LinkOption.NOFOLLOW_LINKS}))
            {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            }
        }
        catch (final IOException ex)
        {
            // FileSystemException's message is only the path: name the reason (e.g. "Permission denied", "Not a
            // directory") and which path failed
            final String reason = ex instanceof java.nio.file.FileSystemException ?
                ex.getClass().getSimpleName() + " " + ((java.nio.file.FileSystemException)ex).getFile() +
                (((java.nio.file.FileSystemException)ex).getReason() == null ? "" :
                ": " + ((java.nio.file.FileSystemException)ex).getReason()) : String.valueOf(ex.getMessage());
            throw new JournalFileException("cannot create journal directory", directory, "directory", reason,
                "a directory this user can create (its parent exists and is writable)", ex);
        }
    }

    /**
     * LAYOUT 14.7 step 3: a segment a dead writer was creating is never renamed; delete it, when it is a regular file of
     * this user (anything else there is left alone: readers ignore it, and it is never followed).
     */
    private void deleteAbandonedTemporaries()
    {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*" + SEGMENT_SUFFIX +
            TEMPORARY_SUFFIX + "*"))
        {
            for (final Path path : stream)
            {
                final String name = path.getFileName().toString();
                final String pid = name.substring(name.lastIndexOf(TEMPORARY_SUFFIX) + TEMPORARY_SUFFIX.length());
                final boolean alive = pid.chars().allMatch(Character::isDigit) && !pid.isEmpty() &&
                    ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
                if (!alive)
                {
                    Segment.staleTemporaryRefusal(path);
                }
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            throw new JournalFileException("cannot clean journal directory", directory, "temporarySegment",
                ex.getMessage(), "deletable", ex);
        }
    }

    /** LAYOUT 14.7 step 3: the writer died between creating the tail and sealing the segment before it. */
    private void sealAbandoned(final long firstIndex)
    {
        try (Segment previous = Segment.open(SegmentFiles.path(directory, firstIndex), false, firstIndex, access))
        {
            if (previous.journalId != segment.journalId)
            {
                throw previous.error("segment of another journal", "journalId", Segment.hex(previous.journalId),
                    Segment.hex(segment.journalId));
            }
            if (!previous.isSealedAcquire())
            {
                previous.buffer.putIntRelease(SEGMENT_STATE_OFFSET, SEGMENT_SEALED);
                // a follower parked on the abandoned segment moves on (LAYOUT 14.9, as a roll)
                followerWake(previous).signalIfWaiting();
                final long holder = previous.writerLeaseAcquire();
                if (holder != 0 && !ProcessIdentity.isAlive(holder))
                {
                    previous.buffer.compareAndSetLong(WRITER_LEASE_OFFSET, holder, 0);
                }
            }
        }
    }

    /** LAYOUT 14.7 step 2: check every committed record of the tail and continue after the last. */
    private void recoverTail()
    {
        final long end = segment.committedEndAcquire(segment.dataOffset);
        long offset = segment.dataOffset;
        long index = segment.firstIndex;
        long timestamp = Long.MIN_VALUE;
        while (offset < end)
        {
            final int aligned = segment.checkRecord(offset, end, index, timestamp);
            timestamp = buffer.getLong((int)offset + RECORD_TIMESTAMP_OFFSET);
            offset += aligned;
            index++;
        }
        committedEnd = end;
        nextIndex = index;
        lastTimestampNs = timestamp == Long.MIN_VALUE ? 0 : timestamp;
        sourcePosition = segment.sourcePositionAt(end);
        buffer.putLong(NEXT_INDEX_OFFSET, nextIndex);
    }

    private void useSegment(final Segment newSegment)
    {
        segment = newSegment;
        buffer = newSegment.buffer;
        followerWake = followerWake(newSegment);
        committedEnd = newSegment.dataOffset;
    }

    private static WaitWord followerWake(final Segment segment)
    {
        return new WaitWord(segment.buffer, DATA_SEQUENCE_OFFSET, DATA_WAITERS_OFFSET, WAKE_COUNT_OFFSET);
    }

    private static long newJournalId()
    {
        final SecureRandom random = new SecureRandom();
        long id = 0;
        while (id == 0)
        {
            id = random.nextLong();
        }
        return id;
    }

    /**
     * Appends one record and commits it, keeping {@code sourcePosition} as it was.
     *
     * @return the record's index.
     * @see #append(int, DirectBuffer, int, int, long)
     */
    public long append(final int typeId, final DirectBuffer source, final int offset, final int length)
    {
        return append(typeId, source, offset, length, sourcePosition);
    }

    /**
     * Appends one record and commits it (LAYOUT 14.4), rolling to a new segment first when it does not fit.
     *
     * @param typeId         the message type id, {@code >= 1}.
     * @param source         holds the body.
     * @param offset         where the body starts in {@code source}.
     * @param length         body length, at most {@link #maxMessageLength()}.
     * @param sourcePosition the channel position just past this message's record (LAYOUT 14.6), or 0.
     * @return the record's index.
     * @throws JournalFileException when the body is longer than {@link #maxMessageLength()}, or a roll it needs cannot
     *                              reserve the next segment (field {@code fileLength}: a full file system); nothing is
     *                              appended and the tail segment stays as it was.
     */
    public long append(
        final int typeId, final DirectBuffer source, final int offset, final int length, final long sourcePosition)
    {
        if (closed)
        {
            throw new IllegalStateException("journal writer closed: " + directory);
        }
        if (typeId < 1)
        {
            throw new IllegalArgumentException("typeId=" + typeId + " expected >=1 (journal " + directory + ")");
        }
        if (length < 0 || length > identity.maxMessageLength)
        {
            throw new JournalFileException("message too long for the journal", directory, "length", length,
                "0.." + identity.maxMessageLength + " (maxMessageLength)");
        }
        final int aligned = alignedRecordLength(length);
        long relativeIndex = nextIndex - segment.firstIndex;
        if (committedEnd + aligned > segment.segmentLength ||
            relativeIndex / identity.indexSpacing >= identity.indexEntryCount)
        {
            roll(identity, this.sourcePosition);
            relativeIndex = 0;
        }
        long timestampNs = clock.nanoTime();
        if (timestampNs < lastTimestampNs)
        {
            // LAYOUT 14.3: timestamps never decrease, so that seek by time can binary-search
            timestampNs = lastTimestampNs;
        }
        lastTimestampNs = timestampNs;

        final UnsafeBuffer buffer = this.buffer;
        final int recordOffset = (int)committedEnd;
        buffer.putInt(recordOffset + RECORD_LENGTH_OFFSET, RECORD_HEADER_LENGTH + length);
        buffer.putInt(recordOffset + RECORD_TYPE_ID_OFFSET, typeId);
        buffer.putLong(recordOffset + RECORD_INDEX_OFFSET, nextIndex);
        buffer.putLong(recordOffset + RECORD_TIMESTAMP_OFFSET, timestampNs);
        buffer.putBytes(recordOffset + RECORD_HEADER_LENGTH, source, offset, length);
        if ((relativeIndex & (identity.indexSpacing - 1)) == 0)
        {
            final int entry = HEADER_LENGTH + (int)(relativeIndex / identity.indexSpacing) * ENTRY_LENGTH;
            buffer.putLong(entry + ENTRY_RECORD_OFFSET_OFFSET, recordOffset);
            buffer.putLong(entry + ENTRY_TIMESTAMP_OFFSET, timestampNs);
        }
        this.sourcePosition = sourcePosition;
        committedEnd += aligned;
        // LAYOUT 14.4 step 4: this record's source slot; the previous record's, the other one, stays intact
        final int sourceSlot = sourceSlotOffset(nextIndex);
        buffer.putLong(sourceSlot, sourcePosition);
        buffer.putLong(sourceSlot + Long.BYTES, committedEnd);
        buffer.putLong(NEXT_INDEX_OFFSET, nextIndex + 1);
        // SYNC POINT: commits the record and its index entry; pairs with the readers' acquire of committedEnd
        buffer.putLongRelease(COMMITTED_END_OFFSET, committedEnd);
        // SYNC POINT: full fence, then the dataWaiters load; pairs with a follower's flag store, fence and re-check
        // of committedEnd in JournalReader.poll(handler, limit, timeout, unit) (LAYOUT 14.9)
        followerWake.signalIfWaiting();
        return nextIndex++;
    }

    /**
     * LAYOUT 14.5: create the next segment (its space reserved), then seal this one and give up its lease. When the
     * creation fails (a full file system) nothing changes: this segment stays the open tail.
     *
     * @param creationSourcePosition the source position the new segment's creation slot holds.
     */
    private void roll(final SegmentIdentity nextIdentity, final long creationSourcePosition)
    {
        final Segment next = Segment.create(directory, nextIndex, nextIdentity, leaseToken, creationSourcePosition);
        final Segment previous = segment;
        final WaitWord previousWake = followerWake;
        useSegment(next);
        identity = nextIdentity;
        // SYNC POINT: pairs with the readers' acquire of segmentState at the end of the segment
        previous.buffer.putIntRelease(SEGMENT_STATE_OFFSET, SEGMENT_SEALED);
        // SYNC POINT: a follower parked on the old segment's slot wakes, sees the seal and moves on (LAYOUT 14.9)
        previousWake.signalIfWaiting();
        previous.releaseWriterLease(leaseToken);
        previous.close();
    }

    /**
     * Says which channel the records that follow come from (LAYOUT 14.6). When it is the channel the tail segment
     * records, returns the position up to which that channel's messages are already in the journal; otherwise the
     * following records go to a segment that names the new channel (a new one, or the tail while it is empty) and
     * nothing is skipped.
     *
     * @param creationTimeMs the channel's {@code creationTimeMs}.
     * @param creatorPid     the channel's {@code creatorPid}.
     * @return channel messages whose record ends at or before this position are already journaled.
     */
    public long beginSource(final long creationTimeMs, final long creatorPid)
    {
        if (identity.sourceCreationTimeMs == creationTimeMs && identity.sourceCreatorPid == creatorPid)
        {
            return sourcePosition;
        }
        final SegmentIdentity nextIdentity = identity.withSource(creationTimeMs, creatorPid);
        if (nextIndex == segment.firstIndex)
        {
            // an empty tail cannot roll (the next segment would have its name); its source fields are the writer's.
            // Positions first, identity last: killed in between, the tail still names the old source and the next
            // recorder of the new channel begins it again; the other order would pair the new channel with the old
            // one's position and skip the new channel's first messages
            buffer.putLong(SOURCE_POSITION_0_OFFSET, 0);
            buffer.putLong(SOURCE_POSITION_1_OFFSET, 0);
            if (Boolean.getBoolean(HALT_IN_BEGIN_SOURCE_PROPERTY))
            {
                Runtime.getRuntime().halt(HALT_EXIT_CODE);
            }
            // SYNC POINT: release, so that neither the JIT nor the CPU moves the positions' reset after the identity;
            // pairs with the next writer's acquire of writerLease (Segment.acquireWriterLease) before it reads them
            buffer.putLongRelease(SOURCE_CREATION_TIME_MS_OFFSET, creationTimeMs);
            buffer.putLongRelease(SOURCE_CREATOR_PID_OFFSET, creatorPid);
            identity = nextIdentity;
        }
        else
        {
            // a new channel's first record starts from position 0 in a segment that names it
            roll(nextIdentity, 0);
        }
        sourcePosition = 0;
        return 0;
    }

    /**
     * Makes room for a record with a body of {@code bodyLength} bytes before a caller takes anything it cannot give
     * back: when it would not fit in the tail segment, rolls now (LAYOUT 14.5). The journal recorder calls this before
     * each poll of the channel, so that a full file system fails here, while every message is still in the channel,
     * and never inside the handler, after which the consumer would release the channel's head past the message.
     *
     * @param bodyLength the longest body the caller may append, at most {@link #maxMessageLength()}.
     * @return how many records of that body length fit in the tail segment now, {@code >= 1}: so many appends of
     *         bodies no longer than that do not roll.
     * @throws JournalFileException when the roll fails (a full file system: field {@code fileLength}); nothing was
     *                              appended and the tail segment stays as it was.
     */
    public long rollUnlessRoomFor(final int bodyLength)
    {
        if (closed)
        {
            throw new IllegalStateException("journal writer closed: " + directory);
        }
        if (bodyLength < 0 || bodyLength > identity.maxMessageLength)
        {
            throw new JournalFileException("message too long for the journal", directory, "length", bodyLength,
                "0.." + identity.maxMessageLength + " (maxMessageLength)");
        }
        long room = roomFor(bodyLength);
        if (room == 0)
        {
            roll(identity, sourcePosition);
            room = roomFor(bodyLength);
        }
        return room;
    }

    private long roomFor(final int bodyLength)
    {
        final long byBytes = (segment.segmentLength - committedEnd) / alignedRecordLength(bodyLength);
        final long byIndexEntries = (long)identity.indexEntryCount * identity.indexSpacing -
            (nextIndex - segment.firstIndex);
        return Math.max(0, Math.min(byBytes, byIndexEntries));
    }

    /**
     * Writes the current segment's committed records to the storage device (msync), for durability against power
     * loss; a killed process loses nothing without it (LAYOUT 14.7).
     */
    public void sync()
    {
        segment.bytes.sync();
    }

    /**
     * @return the index the next record gets; the number of records in the journal.
     */
    public long nextIndex()
    {
        return nextIndex;
    }

    /**
     * @return the largest body this journal holds.
     */
    public int maxMessageLength()
    {
        return identity.maxMessageLength;
    }

    /**
     * @return the SBE schema id the journal's bodies carry (LAYOUT 13), 0 when unspecified.
     */
    public int schemaId()
    {
        return identity.schemaId;
    }

    /**
     * @return the journal directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * @return the current segment file.
     */
    public Path segmentPath()
    {
        return segment.path;
    }

    /** @return the tail segment's committedEnd as this writer last stored it (tests). */
    long committedEnd()
    {
        return committedEnd;
    }

    /**
     * @return the tail segment's {@code wakeCount} (acquire): FUTEX_WAKE calls issued for followers of this segment
     *         (LAYOUT 14.9). For monitors and tests: it stays still while nobody follows, or followers only poll.
     */
    public long followerWakeCount()
    {
        return buffer.getLongVolatile(WAKE_COUNT_OFFSET);
    }

    /**
     * @return true while the tail segment's {@code dataWaiters} flag is set: a follower may be parked on it, until
     *         the next commit's wake clears it (LAYOUT 14.9). For monitors and tests.
     */
    public boolean isFollowerWaiting()
    {
        return followerWake.waiters() != 0;
    }

    /**
     * Gives up the writer lease and unmaps the segment. Committed records stay; the tail segment stays open for the
     * next writer.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            if (segment != null)
            {
                segment.releaseWriterLease(leaseToken);
                segment.close();
            }
        }
    }
}
