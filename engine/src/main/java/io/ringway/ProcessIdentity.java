package io.ringway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Lease tokens (docs/LAYOUT.md, section 8): {@code pid << 32 | (starttime & 0xFFFFFFFF)}, where starttime is field 22
 * of {@code /proc/<pid>/stat}. The start time tells a live owner from a new process that reuses a dead owner's pid.
 * <p>
 * The liveness rule of LAYOUT 8, the same in every language:
 * <ul>
 *     <li>{@code /proc/<pid>/stat} is read as bytes. Field 2, the process name in parentheses, may hold spaces, ')' and
 *     any byte (not only ASCII): fields 3 onwards are counted after the <em>last</em> ')'.</li>
 *     <li>A process that does not exist ({@code ENOENT}, or {@code ESRCH} while reading) is dead, and so is one whose
 *     start time differs from the token's (its pid was reused).</li>
 *     <li>State (field 3) {@code Z} or {@code X} on the leader's stat means only that the thread-group leader (the
 *     main thread) has exited: the process is alive while any of its threads, {@code /proc/<pid>/task/<tid>/stat},
 *     is in another state. It is dead when every thread is {@code Z} or {@code X} (or gone).</li>
 *     <li>Any other failure to read or parse is <em>not</em> taken as dead: the owner's liveness is unknown, and a
 *     lease is not taken over (attach fails naming the reason); a status report treats it as alive.</li>
 * </ul>
 */
public final class ProcessIdentity
{
    /** Where the kernel's process table is mounted. */
    static final Path PROC_ROOT = Path.of("/proc");

    /** Field 3 of /proc/pid/stat, the state, is the first field after the name. */
    private static final int STATE_FIELD = 3;
    /** Field 22 of /proc/pid/stat: the start time in clock ticks since boot. */
    private static final int START_TIME_FIELD = 22;
    private static final long START_TIME_MASK = 0xFFFF_FFFFL;

    private static final long CURRENT_TOKEN = tokenOf(ProcessHandle.current().pid());
    private static final long CURRENT_PID_NAMESPACE = pidNamespaceOf(PROC_ROOT.resolve("self/ns/pid"));

    /** What /proc says about a process. */
    enum Verdict
    {
        /** At least one thread of the process runs (or sleeps, or is stopped). */
        ALIVE,
        /** No such process, every thread of it has exited, or (for a token) another process reuses the pid. */
        DEAD,
        /** /proc could not be read or parsed for another reason: not taken as dead. */
        UNKNOWN
    }

    /**
     * The result of reading {@code /proc/<pid>/stat} and, when the leader has exited, its threads.
     *
     * @param verdict   the verdict on the process.
     * @param startTime field 22 of the leader's stat, or -1 when it was not read.
     * @param detail    why the verdict is {@link Verdict#DEAD} or {@link Verdict#UNKNOWN}, for errors; empty when
     *                  alive.
     */
    record ProcessState(Verdict verdict, long startTime, String detail)
    {
    }

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
     * @return the inode number of this process's pid namespace, which a channel file records at create and every
     * opener compares with its own (LAYOUT 3, 10.3); {@code 0} when /proc/self/ns/pid cannot be read (then no check).
     */
    public static long currentPidNamespace()
    {
        return CURRENT_PID_NAMESPACE;
    }

    /**
     * @param namespaceLink a link such as {@code /proc/self/ns/pid}, whose target reads {@code pid:[4026531836]}.
     * @return the number in the brackets (the namespace's inode number), or {@code 0} when the link cannot be read or
     * does not have that form.
     */
    static long pidNamespaceOf(final Path namespaceLink)
    {
        try
        {
            final String target = Files.readSymbolicLink(namespaceLink).toString();
            if (target.startsWith("pid:[") && target.endsWith("]"))
            {
                return Long.parseUnsignedLong(target.substring(5, target.length() - 1));
            }
            return 0;
        }
        catch (final IOException | RuntimeException ex)
        {
            return 0;
        }
    }

    /**
     * @return the effective uid of this process, from the {@code Uid:} line of /proc/self/status.
     * @throws IllegalStateException when /proc cannot be read.
     */
    public static int effectiveUid()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.ISO_8859_1))
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
     * @return true when the process it names is running and is the same process (same start time), or when /proc
     * cannot tell (LAYOUT 8: a read failure other than "no such process" is never taken as dead).
     */
    public static boolean isAlive(final long token)
    {
        return ownerOf(PROC_ROOT, token).verdict() != Verdict.DEAD;
    }

    /**
     * @param procRoot where /proc is (tests pass a directory laid out like it).
     * @param token    a non-zero lease token.
     * @return the verdict on the token's owner: {@link Verdict#DEAD} also when its pid now names another process.
     */
    static ProcessState ownerOf(final Path procRoot, final long token)
    {
        final ProcessState state = stateOf(procRoot, pidOf(token));
        if (state.startTime() >= 0 && (state.startTime() & START_TIME_MASK) != (token & START_TIME_MASK))
        {
            return new ProcessState(Verdict.DEAD, state.startTime(),
                "pid reused: starttime=" + state.startTime() + " token starttime=" + (token & START_TIME_MASK));
        }
        return state;
    }

    /**
     * @param pid a process id.
     * @return the lease token of that process.
     * @throws IllegalStateException when its start time cannot be read.
     */
    static long tokenOf(final long pid)
    {
        final ProcessState state = stateOf(PROC_ROOT, pid);
        if (state.startTime() < 0)
        {
            throw new IllegalStateException(
                "cannot read the start time of pid=" + pid + " from /proc: " + state.detail());
        }
        return (pid << 32) | (state.startTime() & START_TIME_MASK);
    }

    /**
     * @param pid a process id.
     * @return true unless /proc says that no thread of the process is alive (LAYOUT 8; unknown counts as alive).
     */
    static boolean isRunning(final long pid)
    {
        return stateOf(PROC_ROOT, pid).verdict() != Verdict.DEAD;
    }

    /**
     * The liveness rule of LAYOUT 8 for one pid (the start time is checked by {@link #ownerOf}).
     *
     * @param procRoot where /proc is.
     * @param pid      a process id.
     * @return the verdict, with the leader's start time whenever its stat could be parsed (also for a zombie leader).
     */
    static ProcessState stateOf(final Path procRoot, final long pid)
    {
        if (pid <= 0 || pid > Integer.MAX_VALUE)
        {
            return new ProcessState(Verdict.DEAD, -1, "pid=" + pid + " out of range");
        }
        final Path processDirectory = procRoot.resolve(Long.toString(pid));
        final StatFields leader;
        try
        {
            leader = readStat(processDirectory.resolve("stat"));
        }
        catch (final NoSuchProcessException ex)
        {
            return new ProcessState(Verdict.DEAD, -1, ex.getMessage());
        }
        catch (final IOException ex)
        {
            return new ProcessState(Verdict.UNKNOWN, -1, ex.toString());
        }
        if (leader.startTime < 0)
        {
            return new ProcessState(Verdict.UNKNOWN, -1, leader.problem);
        }
        if (!isExited(leader.state))
        {
            return new ProcessState(Verdict.ALIVE, leader.startTime, "");
        }
        // the leader (main thread) has exited: the process lives while any other thread does
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(processDirectory.resolve("task")))
        {
            for (final Path task : tasks)
            {
                final StatFields thread;
                try
                {
                    thread = readStat(task.resolve("stat"));
                }
                catch (final NoSuchProcessException ex)
                {
                    continue; // that thread has just exited
                }
                catch (final IOException ex)
                {
                    // a thread whose stat cannot be read is not taken as dead
                    return new ProcessState(Verdict.ALIVE, leader.startTime, "");
                }
                if (thread.state == 0 || !isExited(thread.state))
                {
                    // a thread that is not Z or X runs; one whose stat cannot be parsed is not taken as dead
                    return new ProcessState(Verdict.ALIVE, leader.startTime, "");
                }
            }
        }
        catch (final NoSuchFileException ex)
        {
            return new ProcessState(Verdict.DEAD, leader.startTime, "no such process: " + ex.getFile());
        }
        catch (final IOException | DirectoryIteratorException ex)
        {
            return new ProcessState(Verdict.UNKNOWN, leader.startTime, ex.toString());
        }
        return new ProcessState(Verdict.DEAD, leader.startTime,
            "state=" + (char)leader.state + " in every thread (exited, not yet reaped)");
    }

    private static boolean isExited(final int state)
    {
        return state == 'Z' || state == 'X';
    }

    /** Fields of a stat line; {@code startTime} is -1 with a {@code problem} when the line could not be parsed. */
    private record StatFields(int state, long startTime, String problem)
    {
    }

    /** The stat file is gone, or reading it failed with ESRCH: the process or thread has exited. */
    private static final class NoSuchProcessException extends IOException
    {
        private static final long serialVersionUID = 1L;

        NoSuchProcessException(final String message, final Throwable cause)
        {
            super(message, cause);
        }
    }

    private static StatFields readStat(final Path statFile) throws IOException
    {
        final byte[] stat;
        try
        {
            stat = Files.readAllBytes(statFile);
        }
        catch (final NoSuchFileException ex)
        {
            throw new NoSuchProcessException("no such process: " + statFile, ex);
        }
        catch (final IOException ex)
        {
            // ESRCH while reading: the process exited between open and read
            if (ex.getMessage() != null && ex.getMessage().contains("No such process"))
            {
                throw new NoSuchProcessException("no such process: " + statFile, ex);
            }
            throw ex;
        }
        return parseStat(stat);
    }

    /**
     * Parses a {@code /proc/<pid>/stat} line as bytes (LAYOUT 8): the name (field 2) may hold spaces, ')' and any
     * byte, so fields 3 onwards are counted after the last ')', each ended by one space.
     */
    private static StatFields parseStat(final byte[] stat)
    {
        int nameEnd = -1;
        for (int i = stat.length - 1; i >= 0; i--)
        {
            if (stat[i] == ')')
            {
                nameEnd = i;
                break;
            }
        }
        if (nameEnd < 0 || nameEnd + 2 >= stat.length || stat[nameEnd + 1] != ' ')
        {
            return new StatFields(0, -1, "stat without ') <state>': length=" + stat.length);
        }
        final int state = stat[nameEnd + 2] & 0xFF;
        int field = STATE_FIELD;
        int index = nameEnd + 2;
        while (field < START_TIME_FIELD)
        {
            while (index < stat.length && stat[index] != ' ')
            {
                index++;
            }
            if (index >= stat.length)
            {
                return new StatFields(state, -1, "stat with fewer than " + START_TIME_FIELD + " fields");
            }
            index++;
            field++;
        }
        long startTime = 0;
        int digits = 0;
        while (index < stat.length && stat[index] >= '0' && stat[index] <= '9' && digits < 19)
        {
            startTime = startTime * 10 + (stat[index] - '0');
            index++;
            digits++;
        }
        if (digits == 0)
        {
            return new StatFields(state, -1, "stat field " + START_TIME_FIELD + " (starttime) is not a number");
        }
        return new StatFields(state, startTime, "");
    }
}
