package io.ringway;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Files created and reserved through one descriptor, for channel files and journal segments (docs/LAYOUT.md, sections
 * 10.2 and 14.5): an exclusive create that never follows a symlink, permissions set on that descriptor (fchmod, never
 * by path: a name swapped for a symlink between two path calls would give a victim file the permissions), and every
 * block of the file reserved with posix_fallocate, so that a full file system is an error when the file is created,
 * never a SIGBUS (C, Go) or an InternalError (Java) in a peer that later touches a page the file system could not back.
 *
 * <p>Our own code rather than a library's: {@code RandomAccessFile.setLength} and {@code FileChannel.truncate} make a
 * sparse file, the JDK sets permissions only by path, and neither Agrona, Chronicle Bytes nor JNA's platform module
 * exposes fchmod or fallocate. The calls are bound by JNA direct mapping, as {@link io.ringway.wait.Futex} is. glibc's
 * posix_fallocate falls back to writing zeros on a file system without fallocate(2), so the reservation always means
 * "every page is backed". The descriptor is turned into a {@link FileChannel} through {@code /proc/self/fd}, which
 * opens the very file the descriptor refers to, whatever has become of its name since.
 */
public final class FileSpace
{
    /** errno values of Linux on x86_64 and aarch64 (asm-generic/errno-base.h, errno.h). */
    static final int ENOSPC = 28;
    static final int EDQUOT = 122;
    private static final int EINTR = 4;
    private static final int EEXIST = 17;

    private static final int ENOENT = 2;
    private static final int ELOOP = 40;
    private static final int EISDIR = 21;
    private static final int EACCES = 13;

    private static final int O_RDONLY = 0;
    private static final int O_RDWR = 2;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_CREAT = 0x40;
    private static final int O_EXCL = 0x80;
    private static final int O_CLOEXEC = 0x80000;
    private static final int AT_FDCWD = -100;
    private static final int SEEK_END = 2;
    private static final int AT_SYMLINK_FOLLOW = 0x400;
    /** O_NOFOLLOW is 0400000 on x86_64 and 0100000 on aarch64 (arch/arm64/include/uapi/asm/fcntl.h). */
    private static final int O_NOFOLLOW = noFollowFlag(System.getProperty("os.arch"));

    static
    {
        Native.register(FileSpace.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    /** What is at a path that {@link #openRegular} refused, for a {@code found=} field. */
    public enum Refusal
    {
        /** Nothing (ENOENT). */
        ABSENT("absent"),
        /** A symlink, and the caller did not ask to follow it. */
        SYMLINK("symlink"),
        /** A directory. */
        DIRECTORY("directory"),
        /** A FIFO, socket or device. */
        SPECIAL_FILE("special file (FIFO, socket or device)");

        private final String found;

        Refusal(final String found)
        {
            this.found = found;
        }

        /**
         * @return the words for a {@code found=} field.
         */
        public String found()
        {
            return found;
        }
    }

    /** The path is not a regular file: {@link #refusal()} says what it is. */
    public static final class NotRegularFileException extends IOException
    {
        private static final long serialVersionUID = 1L;

        private final transient Refusal refusal;

        NotRegularFileException(final Path file, final Refusal refusal)
        {
            super("not a regular file: file=" + file + " found=" + refusal.found());
            this.refusal = refusal;
        }

        /**
         * @return what is at the path.
         */
        public Refusal refusal()
        {
            return refusal;
        }
    }

    /**
     * A regular file opened by {@link #openRegular}: its channel and the attributes of the very file it opened.
     *
     * @param channel    the open file.
     * @param attributes its attributes, read through the descriptor (not the path).
     * @param ownerUid   its owner.
     */
    public record OpenedFile(FileChannel channel, PosixFileAttributes attributes, int ownerUid)
    {
    }

    /** A posix_fallocate that failed: the error's name (ENOSPC, EDQUOT, errno N) and its text. */
    public static final class ReservationException extends IOException
    {
        private static final long serialVersionUID = 1L;

        private final String errorName;

        ReservationException(final Path file, final long length, final int error)
        {
            super("cannot reserve space: file=" + file + " field=fileLength found=" + describe(error) + " expected=" +
                length + " bytes reserved" + (ENOSPC == error || EDQUOT == error ?
                ": free space on its file system, or use a smaller size" : ""));
            this.errorName = describe(error);
        }

        /**
         * @return the error as "ENOSPC (No space left on device)", for a {@code found=} field.
         */
        public String errorName()
        {
            return errorName;
        }
    }

    private FileSpace()
    {
    }

    private static int noFollowFlag(final String arch)
    {
        switch (arch)
        {
            case "amd64":
            case "x86_64":
                return 0x20000;
            case "aarch64":
            case "arm64":
                return 0x8000;
            default:
                throw new UnsupportedOperationException("file space reservation: unsupported architecture: " +
                    "field=os.arch found=" + arch + " expected=amd64 or aarch64");
        }
    }

    private static native int open(String path, int flags, int mode);

    private static native int fchmod(int fd, int mode);

    private static native int posix_fallocate(int fd, long offset, long length);

    private static native int close(int fd);

    private static native long lseek(int fd, long offset, int whence);

    private static native int linkat(int oldDirectoryFd, String oldPath, int newDirectoryFd, String newPath, int flags);

    private static native String strerror(int errorNumber);

    /**
     * Creates {@code file} exclusively (O_CREAT | O_EXCL | O_NOFOLLOW: an existing file or symlink, even a dangling
     * one, is refused), gives it exactly {@code permissions} on the new descriptor (the umask does not apply), and
     * backs bytes {@code [0, length)} with blocks of its file system. On any failure after the create the file is
     * removed. This is {@link #createReservedDescriptor} with a channel over the descriptor.
     *
     * @param file        the file to create.
     * @param permissions its permissions.
     * @param length      its length, all reserved.
     * @return a read-write channel of the created file.
     * @throws FileAlreadyExistsException when something exists at the path.
     * @throws ReservationException       when the file system has no room (ENOSPC, EDQUOT); the file is removed.
     * @throws IOException                on any other failure, with the system's reason.
     */
    public static FileChannel createReserved(final Path file, final Set<PosixFilePermission> permissions,
        final long length) throws IOException
    {
        final Descriptor descriptor = createReservedDescriptor(file, permissions, length);
        try
        {
            return FileChannel.open(descriptor.path(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        catch (final IOException | RuntimeException ex)
        {
            deleteIfSame(file, descriptor);
            throw ex;
        }
        finally
        {
            descriptor.close();
        }
    }

    /**
     * An open descriptor of a regular file (from {@link #createReservedDescriptor} or {@link #openRegularDescriptor}),
     * kept open so that the very file it refers to can be mapped through {@link #path()} and linked under a new name
     * ({@link #linkNoReplace}), whatever has become of the name it was opened by.
     */
    public static final class Descriptor implements AutoCloseable
    {
        private final int fd;
        private final PosixFileAttributes attributes;
        private final int ownerUid;
        private boolean closed;

        Descriptor(final int fd, final PosixFileAttributes attributes, final int ownerUid)
        {
            this.fd = fd;
            this.attributes = attributes;
            this.ownerUid = ownerUid;
        }

        /**
         * @return {@code /proc/self/fd/<fd>}: opening it opens this very file (valid while this is open).
         */
        public Path path()
        {
            return Path.of("/proc/self/fd/" + fd);
        }

        /**
         * @return the file's attributes, read through the descriptor when it was opened.
         */
        public PosixFileAttributes attributes()
        {
            return attributes;
        }

        /**
         * @return the file's owner, read through the descriptor.
         */
        public int ownerUid()
        {
            return ownerUid;
        }

        /**
         * @return the file's current length, read through the descriptor (lseek to its end: no allocation, and the
         *         offset is never used for reading): a truncation shows here at once.
         * @throws IOException when the descriptor cannot be read.
         */
        public long length() throws IOException
        {
            final long length = lseek(fd, 0, SEEK_END);
            if (length < 0)
            {
                throw new IOException("cannot read the length: fd=" + fd + " error=" + describe(Native.getLastError()));
            }
            return length;
        }

        @Override
        public void close()
        {
            if (!closed)
            {
                closed = true;
                FileSpace.close(fd);
            }
        }
    }

    /**
     * Creates and reserves as {@link #createReserved} says, and returns the descriptor of the created file, kept open.
     *
     * @param file        the file to create.
     * @param permissions its permissions.
     * @param length      its length, all reserved.
     * @return the open descriptor; the caller closes it.
     * @throws FileAlreadyExistsException when something exists at the path (nothing is created, nothing removed).
     * @throws ReservationException       when the file system has no room (ENOSPC, EDQUOT); the file is removed.
     * @throws IOException                on any other failure, with the system's reason.
     */
    public static Descriptor createReservedDescriptor(final Path file, final Set<PosixFilePermission> permissions,
        final long length) throws IOException
    {
        final int mode = mode(permissions);
        final int fd = open(file.toString(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
        if (fd < 0)
        {
            final int error = Native.getLastError();
            if (EEXIST == error)
            {
                throw new FileAlreadyExistsException(file.toString());
            }
            // the caller names the file: this is the found= value, in ringway.h's words ("open: <strerror>")
            throw new IOException("open: " + strerror(error));
        }
        final Descriptor descriptor = new Descriptor(fd, null, -1);
        boolean created = false;
        try
        {
            if (fchmod(fd, mode) != 0)
            {
                throw new IOException("cannot set permissions: file=" + file + " error=" +
                    describe(Native.getLastError()));
            }
            reserve(fd, file, length);
            final PosixFileAttributes attributes = Files.readAttributes(descriptor.path(), PosixFileAttributes.class);
            final int ownerUid = (Integer)Files.getAttribute(descriptor.path(), "unix:uid");
            created = true;
            return new Descriptor(fd, attributes, ownerUid);
        }
        finally
        {
            if (!created)
            {
                deleteIfSame(file, descriptor);
                descriptor.close();
            }
        }
    }

    /**
     * Removes {@code file} only when it is still the file {@code descriptor} refers to (the same device and inode,
     * checked without following a symlink): a name that another process swapped for its own file or link is left alone.
     * Does nothing when the descriptor is closed.
     *
     * @return true when it removed the name.
     */
    public static boolean deleteIfSame(final Path file, final Descriptor descriptor)
    {
        try
        {
            final Object key = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
            if (descriptor.closed || key == null ||
                !key.equals(Files.readAttributes(descriptor.path(), PosixFileAttributes.class).fileKey()))
            {
                return false;
            }
            Files.delete(file);
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * Gives the file of {@code descriptor} the name {@code target}, never replacing an existing file: linkat of
     * {@code /proc/self/fd/<fd>} with AT_SYMLINK_FOLLOW, which links the descriptor's very file (never a symlink or
     * file put at the name it was created by since), and fails with EEXIST when the name exists.
     *
     * @throws FileAlreadyExistsException when something exists at {@code target}.
     * @throws java.nio.file.NoSuchFileException when the file has no name left (ENOENT: its last name was removed or
     *                                           replaced by another process; Linux links only a file that has one).
     * @throws IOException                on any other failure, with the system's reason.
     */
    public static void linkNoReplace(final Descriptor descriptor, final Path target) throws IOException
    {
        if (linkat(AT_FDCWD, descriptor.path().toString(), AT_FDCWD, target.toString(), AT_SYMLINK_FOLLOW) != 0)
        {
            final int error = Native.getLastError();
            if (EEXIST == error)
            {
                throw new FileAlreadyExistsException(target.toString());
            }
            if (ENOENT == error)
            {
                // the file has no name left (another process renamed or removed the one it was created by)
                throw new java.nio.file.NoSuchFileException(target.toString(), null, "the file has no name left");
            }
            throw new IOException("cannot link: file=" + target + " error=" + describe(error));
        }
    }

    /**
     * As {@link #openRegular}, but returns the descriptor, kept open, so that the caller can map the very file that was
     * checked through {@link Descriptor#path()} and re-check its length with fstat.
     *
     * @throws NotRegularFileException when the path is absent, a symlink (not followed), a directory or a special file.
     * @throws IOException             on any other failure, with the system's reason.
     */
    public static Descriptor openRegularDescriptor(final Path file, final boolean write, final boolean followSymlinks)
        throws IOException
    {
        final int fd = open(file.toString(), (write ? O_RDWR : O_RDONLY) | O_NONBLOCK | O_CLOEXEC |
            (followSymlinks ? 0 : O_NOFOLLOW), 0);
        if (fd < 0)
        {
            final int error = Native.getLastError();
            switch (error)
            {
                case ENOENT:
                    throw new NotRegularFileException(file, Refusal.ABSENT);
                case ELOOP:
                    throw new NotRegularFileException(file, Refusal.SYMLINK);
                case EISDIR:
                    throw new NotRegularFileException(file, Refusal.DIRECTORY);
                case EACCES:
                    throw new java.nio.file.AccessDeniedException(file.toString());
                default:
                    throw new IOException("cannot open: file=" + file + " error=" + describe(error));
            }
        }
        boolean opened = false;
        try
        {
            final Path descriptor = Path.of("/proc/self/fd/" + fd);
            final PosixFileAttributes attributes = Files.readAttributes(descriptor, PosixFileAttributes.class);
            if (!attributes.isRegularFile())
            {
                throw new NotRegularFileException(file, attributes.isDirectory() ? Refusal.DIRECTORY :
                    Refusal.SPECIAL_FILE);
            }
            final int ownerUid = (Integer)Files.getAttribute(descriptor, "unix:uid");
            opened = true;
            return new Descriptor(fd, attributes, ownerUid);
        }
        finally
        {
            if (!opened)
            {
                close(fd);
            }
        }
    }

    /**
     * Opens an existing regular file without ever blocking and without a window between check and use: the open is
     * O_NONBLOCK (a FIFO would otherwise block until a writer comes, hanging the caller) and O_NOFOLLOW unless
     * {@code followSymlinks}, then the type and owner are read from the descriptor, and only a regular file is turned
     * into a channel (through {@code /proc/self/fd}, so it is the file that was checked).
     *
     * @param file           the path.
     * @param write          open read-write rather than read-only.
     * @param followSymlinks follow a symlink at the last component of the path.
     * @return the channel and the attributes of the file it reads.
     * @throws NotRegularFileException when the path is absent, a symlink (not followed), a directory or a special file.
     * @throws IOException             on any other failure, with the system's reason.
     */
    public static OpenedFile openRegular(final Path file, final boolean write, final boolean followSymlinks)
        throws IOException
    {
        try (Descriptor descriptor = openRegularDescriptor(file, write, followSymlinks))
        {
            final FileChannel channel = write ?
                FileChannel.open(descriptor.path(), StandardOpenOption.READ, StandardOpenOption.WRITE) :
                FileChannel.open(descriptor.path(), StandardOpenOption.READ);
            return new OpenedFile(channel, descriptor.attributes(), descriptor.ownerUid());
        }
    }

    /**
     * Backs bytes {@code [0, length)} of an existing {@code file} with blocks of its file system, growing the file to
     * {@code length} when it is shorter. A symlink is refused (O_NOFOLLOW).
     *
     * @param file   the file, created by the caller.
     * @param length the length to reserve, in bytes.
     * @throws ReservationException when the file system has no room (ENOSPC, EDQUOT) or the call fails otherwise.
     * @throws IOException          when the file cannot be opened.
     */
    public static void reserve(final Path file, final long length) throws IOException
    {
        final int fd = open(file.toString(), O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new IOException("cannot open to reserve space: file=" + file + " error=" +
                describe(Native.getLastError()));
        }
        try
        {
            reserve(fd, file, length);
        }
        finally
        {
            close(fd);
        }
    }

    private static void reserve(final int fd, final Path file, final long length) throws ReservationException
    {
        int error;
        do
        {
            error = posix_fallocate(fd, 0, length);
        }
        while (EINTR == error);
        if (0 != error)
        {
            throw new ReservationException(file, length, error);
        }
    }

    private static int mode(final Set<PosixFilePermission> permissions)
    {
        int mode = 0;
        for (final PosixFilePermission permission : permissions)
        {
            // OWNER_READ (0400) is ordinal 0, ..., OTHERS_EXECUTE (0001) is ordinal 8
            mode |= 0400 >> permission.ordinal();
        }
        return mode;
    }

    private static String describe(final int error)
    {
        final String name;
        switch (error)
        {
            case ENOSPC:
                name = "ENOSPC";
                break;
            case EDQUOT:
                name = "EDQUOT";
                break;
            default:
                name = "errno " + error;
                break;
        }
        return name + " (" + strerror(error) + ")";
    }
}
