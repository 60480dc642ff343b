package io.ringway;

import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

import static io.ringway.HeaderDescriptor.*;

/**
 * A channel file made or opened and mapped (docs/LAYOUT.md 10.2, 10.3): the path, the descriptor and the mapping,
 * with the ring kind and capacity its header holds. This is the file side of a {@link Channel}: creating it exclusively
 * and reserved, opening it only as a regular file of the right owner, checking its header ({@link HeaderCheck}).
 * {@link Channel} adds the roles and the status on top.
 *
 * @param path     the channel file.
 * @param channel  the descriptor the file was created or opened with (kept open while mapped).
 * @param mapped   the mapping of the header page, the ring and the trailer.
 * @param ringKind the ring kind of the header.
 * @param capacity the ring capacity of the header.
 */
record ChannelFile(Path path, FileChannel channel, MappedByteBuffer mapped, RingKind ringKind, int capacity)
{
    /**
     * Creates the file as LAYOUT.md 10.2 says, steps 0 to 5.
     *
     * @param path   where to create the file.
     * @param config ring kind, capacity, permissions and schema.
     * @return the file, mapped, with its header written and published.
     * @throws ChannelFileException as {@link Channel#create(Path, ChannelConfig)}.
     */
    static ChannelFile create(final Path path, final ChannelConfig config)
    {
        OperatingSystem.requireSupported(path);
        JvmFlags.requireAgronaUnsafeAccess();
        final int capacity = config.capacity();
        final long fileLength = HeaderDescriptor.fileLength(capacity);
        checkChannelDirectory(path);
        if (config.replaceExisting())
        {
            deleteExistingRegularFile(path);
        }
        final FileChannel file;
        try
        {
            // LAYOUT.md 10.2 steps 1 and 2 on one descriptor: exclusive create that never follows a symlink,
            // permissions set on the descriptor (never by path: the name may be swapped for a symlink to a victim in
            // between), every page backed now, so that a full file system is this error and never a fault (SIGBUS in
            // C and Go, InternalError in Java) in a peer that later touches a page nobody could back
            file = FileSpace.createReserved(path, config.permissions(), fileLength);
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw new ChannelFileException(
                "channel file already exists", path, "file", "exists", "absent (create never overwrites)", ex);
        }
        catch (final FileSpace.ReservationException ex)
        {
            throw new ChannelFileException("cannot reserve space for channel file (the file was removed)", path,
                "fileLength", ex.errorName(), fileLength + " bytes reserved (4096 + capacity " + capacity +
                " + trailer 768): free space on its file system, or use a smaller capacity", ex);
        }
        catch (final IOException ex)
        {
            throw new ChannelFileException("cannot create channel file", path, "file", ex.getMessage(), "created", ex);
        }

        final MappedByteBuffer mapped;
        try
        {
            mapped = file.map(FileChannel.MapMode.READ_WRITE, 0, fileLength);
        }
        catch (final IOException ex)
        {
            CloseHelper.quietClose(file);
            deleteQuietly(path);
            throw new ChannelFileException("cannot map channel file", path, "fileLength", ex.toString(),
                fileLength, ex);
        }

        final UnsafeBuffer header;
        try
        {
            header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        }        catch (final RuntimeException | Error ex)
        {
            // e.g. Agrona without --add-exports java.base/jdk.internal.misc: leave no zero-filled file that every later
            // open (and openOrCreate) would refuse as "not initialised"; removed first, as unmapping needs Agrona too
            deleteQuietly(path);
            try
            {
                file.close();
                IoUtil.unmap(mapped);
            }
            catch (final IOException | RuntimeException | Error cleanup)
            {
                ex.addSuppressed(cleanup);
            }
            throw ex;
        }
        header.putLong(MAGIC_OFFSET, MAGIC);
        header.putInt(RING_KIND_OFFSET, config.ringKind().code());
        header.putInt(HEADER_LENGTH_OFFSET, HEADER_LENGTH);
        header.putInt(CAPACITY_OFFSET, capacity);
        header.putInt(MAX_MESSAGE_LENGTH_OFFSET, HeaderDescriptor.maxMessageLength(capacity));
        header.putInt(TRAILER_LENGTH_OFFSET, TrailerDescriptor.TRAILER_LENGTH);
        header.putLong(CREATION_TIME_MS_OFFSET, System.currentTimeMillis());
        header.putLong(CREATOR_PID_OFFSET, ProcessHandle.current().pid());
        header.putInt(SCHEMA_ID_OFFSET, config.schemaId());
        header.putInt(SCHEMA_VERSION_OFFSET, config.schemaVersion());
        header.putLong(PID_NAMESPACE_OFFSET, ProcessIdentity.currentPidNamespace());
        header.putLong(CHANNEL_ID_OFFSET, newChannelId());
        // SYNC POINT: pairs with the acquire load of layoutVersion in HeaderCheck.header; every field above is visible first
        header.putIntRelease(LAYOUT_VERSION_OFFSET, LAYOUT_VERSION);

        return new ChannelFile(path, file, mapped, config.ringKind(), capacity);
    }

    /**
     * @return a random non-zero channelId (LAYOUT 3, layout 1.4), which names the file's kernel objects where wakeups
     * need names; random rather than made of the creation time and pid, which two creates can share.
     */
    static long newChannelId()
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
     * Opens an existing file as LAYOUT.md 10.3 says, up to the position rows (which need the ring: {@link Channel}).
     *
     * @param path    the channel file.
     * @param options what to allow beyond a regular file of this process's user.
     * @return the file, mapped, its header valid.
     * @throws ChannelFileException naming the field, the value found and the value expected.
     */
    static ChannelFile open(final Path path, final ChannelOpenOption... options)
    {
        OperatingSystem.requireSupported(path);
        JvmFlags.requireAgronaUnsafeAccess();
        final List<ChannelOpenOption> allowed = Arrays.asList(options);
        final MappedByteBuffer mapped;
        final long fileLength;
        FileChannel file = null;
        try
        {
            // type and owner are checked on the descriptor that is then mapped: no window for a swap, and a FIFO is
            // refused instead of blocking the open (LAYOUT.md 10.3)
            final FileSpace.OpenedFile opened = FileSpace.openRegular(path, true,
                allowed.contains(ChannelOpenOption.FOLLOW_SYMLINKS));
            file = opened.channel();
            checkOwner(path, opened.ownerUid(), allowed);
            fileLength = file.size();
            if (fileLength < HEADER_LENGTH)
            {
                // nothing to map: an empty file is one being created (LAYOUT.md 10.3), a short one is refused
                HeaderCheck.requireNoError(path, HeaderCheck.header(new UnsafeBuffer(new byte[0]), fileLength));
            }
            final long mapLength = Math.min(fileLength, HeaderDescriptor.fileLength(MAX_CAPACITY));
            mapped = file.map(FileChannel.MapMode.READ_WRITE, 0, mapLength);
        }
        catch (final FileSpace.NotRegularFileException ex)
        {
            throw notRegularFile(path, ex);
        }
        catch (final IOException ex)
        {
            CloseHelper.quietClose(file);
            throw new ChannelFileException("cannot open channel file", path, "file", ex.toString(), "readable", ex);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(file);
            throw ex;
        }

        try
        {
            final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
            HeaderCheck.requireNoError(path, HeaderCheck.header(header, fileLength));
            // before any lease: a peer in another pid namespace would take live owners for dead ones (LAYOUT 8)
            HeaderCheck.requireNoError(path, HeaderCheck.pidNamespace(header, ProcessIdentity.currentPidNamespace()));
            return new ChannelFile(path, file, mapped, RingKind.fromCode(header.getInt(RING_KIND_OFFSET)),
                header.getInt(CAPACITY_OFFSET));
        }
        catch (final RuntimeException ex)
        {
            IoUtil.unmap(mapped);
            CloseHelper.quietClose(file);
            throw ex;
        }
    }

    /** Unmaps the file and closes its descriptor. */
    void close()
    {
        IoUtil.unmap(mapped);
        CloseHelper.quietClose(channel);
    }

    /**
     * @return the one-line error for a path that is no regular file (LAYOUT.md 10.3: field=file).
     */
    static ChannelFileException notRegularFile(final Path path, final FileSpace.NotRegularFileException ex)
    {
        switch (ex.refusal())
        {
            case ABSENT:
                return new ChannelFileException("no such channel file", path, "file", "absent", "an existing file", ex);
            case SYMLINK:
                return new ChannelFileException("channel file is a symlink", path, "file", "symlink",
                    "a regular file (open with FOLLOW_SYMLINKS to follow it)", ex);
            default:
                return new ChannelFileException("channel file is not a regular file", path, "file",
                    ex.refusal().found(), "a regular file", ex);
        }
    }

    private static void checkOwner(final Path path, final int ownerUid, final List<ChannelOpenOption> allowed)
    {
        final int ownUid = ProcessIdentity.effectiveUid();
        if (ownerUid != ownUid && !allowed.contains(ChannelOpenOption.ALLOW_OTHER_OWNER))
        {
            throw new ChannelFileException("channel file belongs to another user", path, "owner",
                "uid " + ownerUid, "uid " + ownUid + " (open with ALLOW_OTHER_OWNER to accept it)");
        }
    }

    /**
     * LAYOUT.md 10.2 step 0: only the last path component is protected against a swapped name (O_NOFOLLOW); in a
     * directory every user may write without the sticky bit, anyone can rename the channel's entry and put a file or
     * link of theirs in its place, so create refuses it. /dev/shm and /tmp have the sticky bit; a directory only its
     * owner (or group) can write is fine.
     */
    private static void checkChannelDirectory(final Path path)
    {
        final Path directory = path.toAbsolutePath().getParent();
        final int mode;
        try
        {
            mode = (Integer)Files.getAttribute(directory, "unix:mode");
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException ex)
        {
            return; // the create itself reports a missing or unreadable directory, with its reason
        }
        final int othersWrite = 02;
        final int sticky = 01000;
        if ((mode & othersWrite) != 0 && (mode & sticky) == 0)
        {
            throw new ChannelFileException("channel directory is writable by every user without the sticky bit " +
                "(anyone could swap the channel's name for a file or link of theirs)", path, "directory",
                "mode 0" + Integer.toOctalString(mode & 07777),
                "a directory others cannot write, or one with the sticky bit as /dev/shm and /tmp");
        }
    }

    private static void deleteExistingRegularFile(final Path path)
    {
        try
        {
            final PosixFileAttributes attributes =
                Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile())
            {
                throw new ChannelFileException("will not replace what is not a regular file", path, "file",
                    attributes.isSymbolicLink() ? "symlink" : "not a regular file", "a regular file or nothing");
            }
            Files.delete(path);
        }
        catch (final NoSuchFileException ignore)
        {
            // nothing to replace
        }
        catch (final IOException ex)
        {
            throw new ChannelFileException("cannot replace existing channel file", path, "file", ex.toString(),
                "deleted", ex);
        }
    }

    static void deleteQuietly(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ignore)
        {
            // best effort: the caller is already handling a failure or asked for removal of a file that may be gone
        }
    }
}
