package io.ringway.journal;

import io.ringway.FileSpace;
import io.ringway.ProcessIdentity;
import net.openhft.chronicle.bytes.MappedBytes;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import static io.ringway.journal.JournalDescriptor.*;

/**
 * One mapped segment file (docs/LAYOUT.md 14.2): Chronicle Bytes maps it, whole, as one region; an Agrona view of that
 * region gives the named memory orders (getLongVolatile, putLongRelease, compareAndSetLong) that the rest of Ringway
 * uses, and the {@code DirectBuffer} that handlers see, without a copy.
 */
final class Segment implements AutoCloseable
{
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    /** The field a creation names when a segment of the same name exists. */
    static final String SEGMENT_FILE_FIELD = "segmentFile";

    final Path path;
    final MappedBytes bytes;
    /** The open file, for fstat: its length is re-checked against truncation (LAYOUT 14.8). */
    private final FileSpace.Descriptor descriptor;
    final UnsafeBuffer buffer;
    final long segmentLength;
    final long firstIndex;
    final long dataOffset;
    final int indexSpacing;
    final int indexEntryCount;
    final int maxMessageLength;
    final long journalId;

    private Segment(final Path path, final MappedBytes bytes, final long segmentLength,
        final FileSpace.Descriptor descriptor)
    {
        this.path = path;
        this.descriptor = descriptor;
        this.bytes = bytes;
        this.segmentLength = segmentLength;
        // singleMappedBytes maps the file as one region, so one address covers every offset in [0, segmentLength)
        this.buffer = new UnsafeBuffer(bytes.addressForRead(0), (int)Math.min(segmentLength, Integer.MAX_VALUE));
        this.firstIndex = buffer.getLong(FIRST_INDEX_OFFSET);
        this.dataOffset = buffer.getLong(DATA_OFFSET_OFFSET);
        this.indexSpacing = buffer.getInt(INDEX_SPACING_OFFSET);
        this.indexEntryCount = buffer.getInt(INDEX_ENTRY_COUNT_OFFSET);
        this.maxMessageLength = buffer.getInt(MAX_MESSAGE_LENGTH_OFFSET);
        this.journalId = buffer.getLong(JOURNAL_ID_OFFSET);
    }

    /**
     * Creates a segment as LAYOUT 14.5 step 1 says: a temporary file, owner-only, its whole length reserved on the file
     * system (posix_fallocate, never a sparse file), its whole header written, then given its final name with a
     * rename that never replaces an existing segment; returns it mapped read-write, its writer lease held by
     * {@code leaseToken}. On any failure the temporary file is removed and nothing is visible to readers.
     *
     * @throws JournalFileException field {@code fileLength} when the file system cannot back the segment (ENOSPC,
     *                              EDQUOT), field {@link #SEGMENT_FILE_FIELD} when a segment of that name exists
     *                              (another writer created it), or naming the I/O error.
     */
    static Segment create(final Path directory, final long firstIndex, final SegmentIdentity identity,
        final long leaseToken, final long sourcePosition)
    {
        final Path path = directory.resolve(segmentFileName(firstIndex));
        final Path temporary = directory.resolve(
            segmentFileName(firstIndex) + TEMPORARY_SUFFIX + ProcessHandle.current().pid());
        final long segmentLength = identity.segmentLength;
        FileSpace.Descriptor descriptor = null;
        MappedBytes bytes = null;
        boolean created = false;
        try
        {
            deleteOwnStaleTemporary(temporary);
            // created exclusively without following a symlink, owner-only set on the descriptor, every block reserved;
            // from here on the file is reached only through its descriptor, never through the temporary name, which
            // another process may swap for a symlink or a file of its own (LAYOUT 14.1)
            descriptor = reserve(path, temporary, segmentLength, firstIndex);
            bytes = map(descriptor.path(), path, segmentLength, false);
            final UnsafeBuffer header = new UnsafeBuffer(bytes.addressForWrite(0), HEADER_LENGTH);
            header.putLong(MAGIC_OFFSET, MAGIC);
            header.putInt(HEADER_LENGTH_OFFSET, HEADER_LENGTH);
            header.putLong(SEGMENT_LENGTH_OFFSET, segmentLength);
            header.putLong(FIRST_INDEX_OFFSET, firstIndex);
            header.putLong(DATA_OFFSET_OFFSET, identity.dataOffset());
            header.putInt(INDEX_SPACING_OFFSET, identity.indexSpacing);
            header.putInt(INDEX_ENTRY_COUNT_OFFSET, identity.indexEntryCount);
            header.putInt(SCHEMA_ID_OFFSET, identity.schemaId);
            header.putInt(SCHEMA_VERSION_OFFSET, identity.schemaVersion);
            header.putInt(MAX_MESSAGE_LENGTH_OFFSET, identity.maxMessageLength);
            header.putLong(JOURNAL_ID_OFFSET, identity.journalId);
            header.putLong(CREATION_TIME_MS_OFFSET, System.currentTimeMillis());
            header.putLong(SOURCE_CREATION_TIME_MS_OFFSET, identity.sourceCreationTimeMs);
            header.putLong(SOURCE_CREATOR_PID_OFFSET, identity.sourceCreatorPid);
            header.putLong(COMMITTED_END_OFFSET, identity.dataOffset());
            header.putLong(NEXT_INDEX_OFFSET, firstIndex);
            // the slot the first record will not use says where the source stood before it (LAYOUT 14.5 step 1)
            final int creationSlot = sourceSlotOffset(firstIndex + 1);
            header.putLong(creationSlot, sourcePosition);
            header.putLong(creationSlot + Long.BYTES, identity.dataOffset());
            header.putLong(WRITER_LEASE_OFFSET, leaseToken);
            header.putLong(WRITER_PID_OFFSET, ProcessHandle.current().pid());
            // SYNC POINT: the version is the last header store; the link below is what publishes the file
            header.putIntRelease(JOURNAL_VERSION_OFFSET, JOURNAL_VERSION);
            linkNoReplace(descriptor, path, temporary);
            created = true;
            // the temporary name goes only while it is still this file: a racer's entry there is left alone
            FileSpace.deleteIfSame(temporary, descriptor);
            return new Segment(path, bytes, segmentLength, descriptor);
        }
        catch (final IOException ex)
        {
            throw new JournalFileException("cannot create journal segment", path, "file",
                ex.getClass().getSimpleName() + " (" + ex.getMessage() + ")", "created", ex);
        }
        finally
        {
            if (!created)
            {
                if (bytes != null)
                {
                    bytes.releaseLast();
                }
                if (descriptor != null)
                {
                    FileSpace.deleteIfSame(temporary, descriptor);
                    descriptor.close();
                }
            }
        }
    }

    /**
     * LAYOUT 14.1: this process's temporary name holds nothing of a live writer (this process creates it, links it and
     * removes it within one call); what is there is a file left by a dead process of the same pid, removed only when it
     * is a regular file of this user, or another process's entry, which refuses this attempt and is never followed.
     */
    private static void deleteOwnStaleTemporary(final Path temporary) throws IOException
    {
        final String found = staleTemporaryRefusal(temporary);
        if (found != null)
        {
            throw temporaryTaken(temporary, found, null);
        }
    }

    /**
     * Removes {@code temporary} when it is a regular file owned by this process's effective uid.
     *
     * @return null when the name is now free, otherwise what is there ("symlink", "directory", "special file" or
     *         "regular file of uid N"), which was left alone.
     */
    static String staleTemporaryRefusal(final Path temporary) throws IOException
    {
        final PosixFileAttributes attributes;
        final int ownerUid;
        try
        {
            attributes = Files.readAttributes(temporary, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            ownerUid = (Integer)Files.getAttribute(temporary, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        final String found = attributes.isSymbolicLink() ? "symlink" : attributes.isDirectory() ? "directory" :
            !attributes.isRegularFile() ? "special file" :
            ownerUid != JournalAccess.STRICT.ownUid() ? "regular file of uid " + ownerUid : null;
        if (found == null)
        {
            Files.deleteIfExists(temporary);
        }
        return found;
    }

    /** @return what is at {@code path}, for a {@code found=} field, without following a symlink. */
    private static String describe(final Path path)
    {
        try
        {
            final PosixFileAttributes attributes =
                Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isSymbolicLink() ? "symlink" : attributes.isDirectory() ? "directory" :
                attributes.isRegularFile() ? "regular file" : "special file";
        }
        catch (final IOException ex)
        {
            return "absent";
        }
    }

    private static JournalFileException temporaryTaken(final Path temporary, final String found, final Throwable cause)
    {
        return new JournalFileException("journal segment's temporary name is taken (never followed nor replaced)",
            temporary, "temporarySegment", found, "absent, or a regular file of this user (remove what is there)",
            cause);
    }

    /**
     * Creates the temporary file and backs every byte of the new segment with blocks (LAYOUT 14.5 step 1), so that no
     * store into its mapping can fault on a full file system later: a full disk is this error, at creation, before any
     * record goes in.
     */
    private static FileSpace.Descriptor reserve(
        final Path path, final Path temporary, final long segmentLength, final long firstIndex) throws IOException
    {
        try
        {
            return FileSpace.createReservedDescriptor(temporary, OWNER_ONLY_FILE, segmentLength);
        }
        catch (final FileAlreadyExistsException ex)
        {
            // a racer put something at the name between the check above and the exclusive create
            final String found = staleTemporaryRefusal(temporary);
            throw temporaryTaken(temporary, found == null ? "present" : found, ex);
        }
        catch (final FileSpace.ReservationException ex)
        {
            throw new JournalFileException("cannot reserve the next journal segment", path, "fileLength",
                ex.errorName(), segmentLength + " bytes reserved (free space on the journal's file system, or use " +
                "another directory; the journal is intact: every record before index " + firstIndex +
                " is committed, and a recorder left the messages after it in the channel)", ex);
        }
    }

    /**
     * Gives the created file the name {@code path} unless a file of that name exists (LAYOUT 14.5 step 1): linkat of the
     * descriptor's {@code /proc/self/fd} entry, which links the very file this writer created (never what is at the
     * temporary name now) and fails with EEXIST. A plain rename would replace a segment another writer created, and
     * that writer would go on appending to an unlinked file.
     */
    private static void linkNoReplace(final FileSpace.Descriptor descriptor, final Path path, final Path temporary)
        throws IOException
    {
        try
        {
            FileSpace.linkNoReplace(descriptor, path);
        }
        catch (final NoSuchFileException ex)
        {
            // another process replaced (or removed) the temporary name after the create: that file has no name left
            throw temporaryTaken(temporary, "replaced after the create by " + describe(temporary), ex);
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw new JournalFileException("journal segment exists", path, SEGMENT_FILE_FIELD, "present",
                "absent (another writer created it; open the journal again)", ex);
        }
    }

    /**
     * Maps an existing segment and validates its header (LAYOUT 14.8), as the strict {@link JournalAccess} says.
     */
    static Segment open(final Path path, final boolean readOnly, final long firstIndex)
    {
        return open(path, readOnly, firstIndex, JournalAccess.STRICT);
    }

    /**
     * Opens (O_NOFOLLOW | O_NONBLOCK), checks (type and owner, on the descriptor: LAYOUT 14.1), maps an existing
     * segment and validates its header (LAYOUT 14.8).
     *
     * @param path       the segment file.
     * @param readOnly   map read-only (readers) or read-write (the writer).
     * @param firstIndex the index the file name says.
     * @param access     who may own it.
     */
    static Segment open(final Path path, final boolean readOnly, final long firstIndex, final JournalAccess access)
    {
        final FileSpace.Descriptor descriptor = openDescriptor(path, readOnly);
        MappedBytes bytes = null;
        try
        {
            access.checkSegmentOwner(path, descriptor.ownerUid());
            final long fileLength = descriptor.attributes().size();
            if (fileLength < HEADER_LENGTH + PAGE_LENGTH)
            {
                throw new JournalFileException("journal segment too short", path, "fileLength", fileLength,
                    ">=" + (HEADER_LENGTH + PAGE_LENGTH));
            }
            if (fileLength > MAX_SEGMENT_LENGTH || fileLength % PAGE_LENGTH != 0)
            {
                throw new JournalFileException("bad journal segment length", path, "fileLength", fileLength,
                    "a multiple of " + PAGE_LENGTH + " <= " + MAX_SEGMENT_LENGTH);
            }
            bytes = map(descriptor.path(), path, fileLength, readOnly);
            final Segment segment = new Segment(path, bytes, fileLength, descriptor);
            bytes = null;
            try
            {
                segment.validateHeader(firstIndex);
                return segment;
            }
            catch (final RuntimeException ex)
            {
                segment.close();
                throw ex;
            }
        }
        catch (final RuntimeException ex)
        {
            if (bytes != null)
            {
                bytes.releaseLast();
            }
            descriptor.close();
            throw ex;
        }
    }

    private static FileSpace.Descriptor openDescriptor(final Path path, final boolean readOnly)
    {
        try
        {
            return FileSpace.openRegularDescriptor(path, !readOnly, false);
        }
        catch (final FileSpace.NotRegularFileException ex)
        {
            switch (ex.refusal())
            {
                case ABSENT:
                    throw new JournalFileException("journal segment missing", path, "file", "absent", "present", ex);
                case SYMLINK:
                    throw new JournalFileException("not a regular journal segment file", path, "fileType", "symlink",
                        "regular file", ex);
                case DIRECTORY:
                    throw new JournalFileException("not a regular journal segment file", path, "fileType",
                        "directory", "regular file", ex);
                default:
                    throw new JournalFileException("not a regular journal segment file", path, "fileType",
                        "special file", "regular file", ex);
            }
        }
        catch (final IOException ex)
        {
            throw new JournalFileException("cannot open journal segment", path, "file", ex.toString(),
                "a readable regular file", ex);
        }
    }

    /** Maps the file {@code descriptorPath} (a /proc/self/fd entry) refers to; errors name {@code path}. */
    private static MappedBytes map(final Path descriptorPath, final Path path, final long length,
        final boolean readOnly)
    {
        try
        {
            final MappedBytes bytes = MappedBytes.singleMappedBytes(descriptorPath.toFile(), length, readOnly);
            // a reader or writer is used by one thread at a time, not always the one that opened it
            bytes.singleThreadedCheckDisabled(true);
            return bytes;
        }
        catch (final FileNotFoundException ex)
        {
            throw new JournalFileException("journal segment missing", path, "file", "absent", "present", ex);
        }
    }

    /**
     * @return the segment file's length now, read with fstat of the open descriptor (a truncation shows here).
     */
    long fileLength()
    {
        try
        {
            return descriptor.length();
        }
        catch (final IOException ex)
        {
            throw new JournalFileException("cannot read journal segment length", path, "fileLength",
                ex.getClass().getSimpleName(), "a readable file", ex);
        }
    }

    private void validateHeader(final long expectedFirstIndex)
    {
        final long magic = buffer.getLong(MAGIC_OFFSET);
        if (magic != MAGIC)
        {
            throw error("not a Ringway journal segment", "magic", hex(magic), hex(MAGIC));
        }
        final int version = buffer.getIntVolatile(JOURNAL_VERSION_OFFSET);
        if (version >>> 16 != JOURNAL_VERSION_MAJOR)
        {
            throw error("unsupported journal version", "journalVersion.major", version >>> 16, JOURNAL_VERSION_MAJOR);
        }
        check("headerLength", buffer.getInt(HEADER_LENGTH_OFFSET), HEADER_LENGTH);
        check("segmentLength", buffer.getLong(SEGMENT_LENGTH_OFFSET), segmentLength);
        if (expectedFirstIndex >= 0)
        {
            check("firstIndex", firstIndex, expectedFirstIndex);
        }
        if (indexSpacing < 1 || indexSpacing > MAX_INDEX_SPACING || Integer.bitCount(indexSpacing) != 1)
        {
            throw error("bad journal segment header", "indexSpacing", indexSpacing,
                "a power of two in [1, " + MAX_INDEX_SPACING + "]");
        }
        if (indexEntryCount < 1)
        {
            throw error("bad journal segment header", "indexEntryCount", indexEntryCount, ">=1");
        }
        check("dataOffset", dataOffset, JournalDescriptor.dataOffset(indexEntryCount));
        if (dataOffset >= segmentLength)
        {
            throw error("bad journal segment header", "dataOffset", dataOffset, "<" + segmentLength + " (segmentLength)");
        }
        final long maxBody = segmentLength - dataOffset - RECORD_HEADER_LENGTH;
        if (maxMessageLength < 0 || maxMessageLength > maxBody)
        {
            throw error("bad journal segment header", "maxMessageLength", maxMessageLength, "0.." + maxBody);
        }
        committedEndAcquire(dataOffset);
    }

    private void check(final String field, final long found, final long expected)
    {
        if (found != expected)
        {
            throw error("bad journal segment header", field, found, expected);
        }
    }

    /**
     * @param previous the committedEnd this caller saw before (it may never shrink), or {@code dataOffset}.
     * @return committedEnd, checked (LAYOUT 14.8).
     */
    long committedEndAcquire(final long previous)
    {
        // SYNC POINT: pairs with the writer's release store of committedEnd (LAYOUT 14.4 step 4)
        final long committedEnd = buffer.getLongVolatile(COMMITTED_END_OFFSET);
        if (committedEnd < previous || committedEnd > segmentLength || (committedEnd & (RECORD_ALIGNMENT - 1)) != 0)
        {
            throw error("bad journal segment header", "committedEnd", committedEnd,
                "a multiple of 8 in [" + previous + ", " + segmentLength + "]");
        }
        return committedEnd;
    }

    boolean isSealedAcquire()
    {
        // SYNC POINT: pairs with the writer's release store of segmentState (LAYOUT 14.5 step 2)
        return buffer.getIntVolatile(SEGMENT_STATE_OFFSET) == SEGMENT_SEALED;
    }

    /**
     * @return the file offset of index entry {@code k}'s record when that entry is meaningful below
     *         {@code committedEnd} and the record there has the index the entry promises; otherwise -1.
     */
    long entryRecordOffset(final int k, final long committedEnd)
    {
        if (k < 0 || k >= indexEntryCount)
        {
            return -1;
        }
        final long recordOffset = buffer.getLong(HEADER_LENGTH + k * ENTRY_LENGTH + ENTRY_RECORD_OFFSET_OFFSET);
        if (recordOffset < dataOffset || recordOffset > committedEnd - RECORD_HEADER_LENGTH ||
            (recordOffset & (RECORD_ALIGNMENT - 1)) != 0)
        {
            return -1;
        }
        final long expectedIndex = firstIndex + (long)k * indexSpacing;
        return buffer.getLong((int)recordOffset + RECORD_INDEX_OFFSET) == expectedIndex ? recordOffset : -1;
    }

    long entryTimestamp(final int k)
    {
        return buffer.getLong(HEADER_LENGTH + k * ENTRY_LENGTH + ENTRY_TIMESTAMP_OFFSET);
    }

    /**
     * Checks the committed record at {@code recordOffset} (LAYOUT 14.8).
     *
     * @param recordOffset      file offset of the record, below {@code committedEnd}.
     * @param committedEnd      this segment's committedEnd as last loaded.
     * @param expectedIndex     the index the record must have.
     * @param previousTimestamp the previous record's timestamp; the record's may not be less.
     * @return the bytes the record occupies.
     * @throws JournalCorruptedException naming the field and the values.
     */
    int checkRecord(final long recordOffset, final long committedEnd, final long expectedIndex,
        final long previousTimestamp)
    {
        final int at = (int)recordOffset;
        final long room = committedEnd - recordOffset;
        if (room < RECORD_HEADER_LENGTH)
        {
            throw new JournalCorruptedException(path, recordOffset, "committedEnd", committedEnd,
                ">=" + (recordOffset + RECORD_HEADER_LENGTH) + " (a whole record header)");
        }
        final int length = buffer.getInt(at + RECORD_LENGTH_OFFSET);
        if (length < RECORD_HEADER_LENGTH || length > room)
        {
            throw new JournalCorruptedException(path, recordOffset, "length", length,
                RECORD_HEADER_LENGTH + ".." + room + " (header length to committedEnd)");
        }
        if (length - RECORD_HEADER_LENGTH > maxMessageLength)
        {
            throw new JournalCorruptedException(path, recordOffset, "length", length,
                "<=" + ((long)maxMessageLength + RECORD_HEADER_LENGTH) + " (maxMessageLength + header)");
        }
        final int typeId = buffer.getInt(at + RECORD_TYPE_ID_OFFSET);
        if (typeId < 1)
        {
            throw new JournalCorruptedException(path, recordOffset, "typeId", typeId, ">=1");
        }
        final long index = buffer.getLong(at + RECORD_INDEX_OFFSET);
        if (index != expectedIndex)
        {
            throw new JournalCorruptedException(path, recordOffset, "index", index, expectedIndex);
        }
        final long timestampNs = buffer.getLong(at + RECORD_TIMESTAMP_OFFSET);
        if (timestampNs < previousTimestamp)
        {
            throw new JournalCorruptedException(path, recordOffset, "timestampNs", timestampNs,
                ">=" + previousTimestamp + " (the previous record's)");
        }
        return (int)align(length, RECORD_ALIGNMENT);
    }

    /**
     * @param committedEnd this segment's committedEnd.
     * @return the source position of the last committed record: from the one source slot that describes it
     *         (LAYOUT 14.4 step 4, 14.7 step 2).
     */
    long sourcePositionAt(final long committedEnd)
    {
        for (int slot = 0; slot < 2; slot++)
        {
            final int offset = SOURCE_POSITION_0_OFFSET + slot * SOURCE_SLOT_LENGTH;
            if (buffer.getLong(offset + Long.BYTES) == committedEnd)
            {
                return buffer.getLong(offset);
            }
        }
        throw error("no source slot describes the last committed record", "sourceCommittedEnd",
            buffer.getLong(SOURCE_COMMITTED_END_0_OFFSET) + "," + buffer.getLong(SOURCE_COMMITTED_END_1_OFFSET),
            committedEnd + " (committedEnd) in one of the two slots");
    }

    long writerLeaseAcquire()
    {
        return buffer.getLongVolatile(WRITER_LEASE_OFFSET);
    }

    /**
     * Takes the writer lease as LAYOUT section 8 says for channel leases: free, or held by a dead process.
     */
    void acquireWriterLease(final long token)
    {
        while (true)
        {
            final long holder = writerLeaseAcquire();
            if (holder == token)
            {
                throw error("journal already open for writing in this process", "writerLease",
                    "pid " + ProcessIdentity.pidOf(holder), "no live writer");
            }
            if (holder != 0 && ProcessIdentity.isAlive(holder))
            {
                throw error("journal has a live writer", "writerLease", "pid " + ProcessIdentity.pidOf(holder),
                    "no live writer");
            }
            if (buffer.compareAndSetLong(WRITER_LEASE_OFFSET, holder, token))
            {
                buffer.putLongRelease(WRITER_PID_OFFSET, ProcessHandle.current().pid());
                return;
            }
        }
    }

    void releaseWriterLease(final long token)
    {
        buffer.compareAndSetLong(WRITER_LEASE_OFFSET, token, 0);
    }

    JournalFileException error(final String reason, final String field, final Object found, final Object expected)
    {
        return new JournalFileException(reason, path, field, found, expected);
    }

    static String hex(final long value)
    {
        return "0x" + Long.toHexString(value).toUpperCase();
    }

    @Override
    public void close()
    {
        bytes.releaseLast();
        descriptor.close();
    }
}
