package io.ringway;

/**
 * Where the Java engine runs: Linux only, for now. Its channel files are created and opened through POSIX calls (JNA
 * on libc: {@code O_NOFOLLOW}, {@code fchmod}, {@code posix_fallocate}, owner checks) and it parks on Linux's futex.
 * C and Go also run on Windows (docs/PORTING.md); Java there would need kernel32 files, DACLs and named events through
 * JNA, which cannot be tested on this project's machines, so it refuses with one line instead of shipping them
 * untested.
 */
public final class OperatingSystem
{
    /** True on Linux, the one platform where the Java engine creates, opens and parks. */
    public static final boolean LINUX = isLinux(System.getProperty("os.name", ""));

    private OperatingSystem()
    {
    }

    /**
     * @param osName a value of the {@code os.name} system property.
     * @return true when it names Linux.
     */
    public static boolean isLinux(final String osName)
    {
        return osName.startsWith("Linux");
    }

    /**
     * @return this platform as {@code os.name/os.arch}, for errors.
     */
    public static String platform()
    {
        return System.getProperty("os.name", "") + "/" + System.getProperty("os.arch", "");
    }

    /**
     * Refuses to create or open a channel file where the engine cannot.
     *
     * @param path the channel file.
     * @throws ChannelFileException naming the platform, where it is not Linux.
     */
    static void requireSupported(final java.nio.file.Path path)
    {
        if (!LINUX)
        {
            throw unsupported(path, platform());
        }
    }

    static ChannelFileException unsupported(final java.nio.file.Path path, final String platform)
    {
        return new ChannelFileException("channels in Java are not supported on this platform yet", path, "platform",
            platform, "Linux (C and Go also run on Windows: docs/PORTING.md)");
    }
}
