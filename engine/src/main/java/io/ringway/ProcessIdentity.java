package io.ringway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Lease tokens (docs/LAYOUT.md, section 8): {@code pid << 32 | (starttime & 0xFFFFFFFF)}, where starttime is field 22
 * of {@code /proc/<pid>/stat}. The start time tells a live owner from a new process that reuses a dead owner's pid.
 */
public final class ProcessIdentity
{
    private static final long CURRENT_TOKEN = tokenOf(ProcessHandle.current().pid());

    private ProcessIdentity()
    {
    }

    /**
     * @return the lease token of this process.
     */
    public static long currentToken()
    {
        return CURRENT_TOKEN;
    }

    /**
     * @return the effective uid of this process, from the {@code Uid:} line of /proc/self/status.
     * @throws IllegalStateException when /proc cannot be read.
     */
    public static int effectiveUid()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII))
            {
                if (line.startsWith("Uid:"))
                {
                    // Uid: real effective saved filesystem
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IllegalStateException("cannot read the effective uid from /proc/self/status: " + ex, ex);
        }
        throw new IllegalStateException("no Uid line in /proc/self/status");
    }

    /**
     * @param token a lease token.
     * @return the pid it names.
     */
    public static long pidOf(final long token)
    {
        return token >>> 32;
    }

    /**
     * @param token a non-zero lease token read from a channel file.
     * @return true when the process it names is running and is the same process (same start time).
     */
    public static boolean isAlive(final long token)
    {
        final long startTime = startTimeOf(pidOf(token));
        return startTime >= 0 && (startTime & 0xFFFF_FFFFL) == (token & 0xFFFF_FFFFL);
    }

    /**
     * @param pid a process id.
     * @return the lease token of that process, or -1 when it does not exist.
     */
    static long tokenOf(final long pid)
    {
        final long startTime = startTimeOf(pid);
        if (startTime < 0)
        {
            throw new IllegalStateException("cannot read the start time of pid=" + pid + " from /proc");
        }
        return (pid << 32) | (startTime & 0xFFFF_FFFFL);
    }

    /**
     * @param pid a process id.
     * @return field 22 (starttime) of /proc/pid/stat, or -1 when the process does not exist or is a zombie.
     */
    static long startTimeOf(final long pid)
    {
        if (pid <= 0 || pid > Integer.MAX_VALUE)
        {
            return -1;
        }
        final String stat;
        try
        {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        }
        catch (final NoSuchFileException ex)
        {
            return -1;
        }
        catch (final IOException ex)
        {
            // ESRCH while reading: the process exited between open and read
            return -1;
        }
        // the command name (field 2) is in parentheses and may hold spaces: fields restart after the last ')'
        final int commandEnd = stat.lastIndexOf(')');
        if (commandEnd < 0)
        {
            return -1;
        }
        final String[] fields = stat.substring(commandEnd + 2).split(" ");
        if (fields[0].equals("Z") || fields[0].equals("X"))
        {
            // a zombie has exited and only waits to be reaped by its parent: it holds nothing
            return -1;
        }
        final int startTimeField = 22 - 3; // fields[0] is field 3 (state)
        if (fields.length <= startTimeField)
        {
            return -1;
        }
        return Long.parseLong(fields[startTimeField]);
    }
}
