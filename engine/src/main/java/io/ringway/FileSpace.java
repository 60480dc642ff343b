package io.ringway;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reserves the blocks of a file before it is mapped, with posix_fallocate(3), so that a full file system is an error
 * when a channel or a journal segment is created, never a SIGBUS (C, Go) or an InternalError (Java) in a peer that
 * later touches a page the file system could not back (docs/LAYOUT.md, sections 10.2 and 14.5).
 *
 * <p>Our own code rather than a library's: {@code RandomAccessFile.setLength} and {@code FileChannel.truncate} make a
 * sparse file, and neither the JDK, Agrona, Chronicle Bytes nor JNA's platform module exposes fallocate. The calls are
 * bound by JNA direct mapping, as {@link io.ringway.wait.Futex} is. glibc's posix_fallocate falls back to writing
 * zeros on a file system without fallocate(2), so the reservation always means "every page is backed".
 */
public final class FileSpace
{
    /** errno values of Linux on x86_64 and aarch64 (asm-generic/errno-base.h, errno.h). */
    static final int ENOSPC = 28;
    static final int EDQUOT = 122;
    private static final int EINTR = 4;

    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    /** O_NOFOLLOW is 0400000 on x86_64 and 0100000 on aarch64 (arch/arm64/include/uapi/asm/fcntl.h). */
    private static final int O_NOFOLLOW = noFollowFlag(System.getProperty("os.arch"));

    static
    {
        Native.register(FileSpace.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
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

    private static native int open(String path, int flags);

    private static native int posix_fallocate(int fd, long offset, long length);

    private static native int close(int fd);

    private static native String strerror(int errorNumber);

    /**
     * Backs bytes {@code [0, length)} of {@code file} with blocks of its file system, growing the file to
     * {@code length} when it is shorter. The file must exist; a symlink is refused (O_NOFOLLOW).
     *
     * @param file   the file, created by the caller.
     * @param length the length to reserve, in bytes.
     * @throws IOException naming the file, the length and the error (ENOSPC for a full file system, EDQUOT for a
     *                     quota) when the reservation fails; the file may then have been extended in part, and the
     *                     caller removes it.
     */
    public static void reserve(final Path file, final long length) throws IOException
    {
        final int fd = open(file.toString(), O_RDWR | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
        {
            final int error = Native.getLastError();
            throw new IOException("cannot open to reserve space: file=" + file + " error=" + errorName(error) +
                " (" + strerror(error) + ")");
        }
        try
        {
            int error;
            do
            {
                error = posix_fallocate(fd, 0, length);
            }
            while (EINTR == error);
            if (0 != error)
            {
                throw new IOException("cannot reserve space: file=" + file + " field=fileLength found=" +
                    errorName(error) + " (" + strerror(error) + ") expected=" + length + " bytes reserved" +
                    (ENOSPC == error || EDQUOT == error ? ": free space on its file system, or use a smaller size" : ""));
            }
        }
        finally
        {
            close(fd);
        }
    }

    private static String errorName(final int error)
    {
        switch (error)
        {
            case ENOSPC:
                return "ENOSPC";
            case EDQUOT:
                return "EDQUOT";
            default:
                return "errno " + error;
        }
    }
}
