package io.ringway.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * CPU time of a process and of one of its threads, from Linux's /proc (proc(5)): {@code utime + stime} of
 * {@code /proc/<pid>/stat} and {@code /proc/<pid>/task/<tid>/stat} in clock ticks, and a thread's on-CPU time in
 * nanoseconds from the first field of {@code /proc/<pid>/task/<tid>/schedstat}. Ticks are what the kernel charges at
 * each timer tick (10 ms at 100 Hz), so a figure below a tick is sampled, not measured; schedstat is exact. Our own
 * parsing because no library of the build reads /proc (the JDK's OperatingSystemMXBean only sees its own JVM).
 */
final class ProcStat
{
    /** proc(5): utime is field 14 and stime field 15 of a stat line, counted from 1 with pid as field 1. */
    static final int UTIME_FIELD = 14;
    static final int STIME_FIELD = 15;
    /** Fields before the first one after the command name: pid (1) and comm (2). */
    private static final int FIELDS_THROUGH_COMM = 2;
    private static final long DEFAULT_CLOCK_TICKS_PER_SECOND = 100;

    /**
     * CPU used so far.
     *
     * @param processTicks utime + stime of the whole process (every thread, live or exited), in clock ticks.
     * @param threadTicks  utime + stime of the one thread, in clock ticks.
     * @param threadNs     on-CPU time of the one thread (schedstat), in nanoseconds.
     * @param processNs    on-CPU time of the process's live threads (sum of their schedstat), in nanoseconds: threads
     *                     that ended before the sample are missing from it, unlike from processTicks.
     */
    record Sample(long processTicks, long threadTicks, long threadNs, long processNs)
    {
    }

    private ProcStat()
    {
    }

    /**
     * @param statLine the one line of a /proc/.../stat file.
     * @param file     where it came from, for errors.
     * @return utime + stime in clock ticks.
     * @throws IOException when the line is not a stat line.
     */
    static long cpuTicks(final String statLine, final String file) throws IOException
    {
        // the command name (field 2) is in parentheses and may itself hold ')' and spaces: the fields start after
        // the last ')'
        final int commEnd = statLine.lastIndexOf(')');
        if (commEnd < 0)
        {
            throw new IOException("not a stat line: file=" + file + " field=comm found=" + abbreviate(statLine) +
                " expected=(name)");
        }
        final String[] fields = statLine.substring(commEnd + 1).trim().split("\\s+");
        final int stimeIndex = STIME_FIELD - FIELDS_THROUGH_COMM - 1;
        if (fields.length <= stimeIndex)
        {
            throw new IOException("stat line too short: file=" + file + " field=fieldCount found=" +
                (fields.length + FIELDS_THROUGH_COMM) + " expected=>=" + STIME_FIELD);
        }
        return parseCount(fields[UTIME_FIELD - FIELDS_THROUGH_COMM - 1], file, "utime") +
            parseCount(fields[stimeIndex], file, "stime");
    }

    /**
     * @param schedstatLine the line of a /proc/.../schedstat file: on-CPU ns, run-queue wait ns, time slices.
     * @param file          where it came from, for errors.
     * @return on-CPU time in nanoseconds.
     * @throws IOException when the line is not a schedstat line.
     */
    static long onCpuNs(final String schedstatLine, final String file) throws IOException
    {
        final String[] fields = schedstatLine.trim().split("\\s+");
        if (fields.length != 3)
        {
            throw new IOException("not a schedstat line: file=" + file + " field=fieldCount found=" + fields.length +
                " expected=3");
        }
        return parseCount(fields[0], file, "onCpuNs");
    }

    /**
     * @param pid a running process.
     * @param tid one of its threads.
     * @return their CPU use so far.
     * @throws IOException when either has ended or /proc cannot be read.
     */
    static Sample sample(final long pid, final long tid) throws IOException
    {
        final Path process = Path.of("/proc", Long.toString(pid));
        final Path thread = process.resolve("task").resolve(Long.toString(tid));
        long processNs = 0;
        try (Stream<Path> tasks = Files.list(process.resolve("task")))
        {
            for (final Path task : tasks.toList())
            {
                try
                {
                    processNs += onCpuNs(read(task.resolve("schedstat")), task.resolve("schedstat").toString());
                }
                catch (final IOException ex)
                {
                    // a thread that ended between the listing and the read: its time is gone from the live sum
                }
            }
        }
        return new Sample(cpuTicks(read(process.resolve("stat")), process.resolve("stat").toString()),
            cpuTicks(read(thread.resolve("stat")), thread.resolve("stat").toString()),
            onCpuNs(read(thread.resolve("schedstat")), thread.resolve("schedstat").toString()), processNs);
    }

    /**
     * @return the kernel's clock tick rate (sysconf CLK_TCK, from getconf), the unit of utime and stime; 100 when it
     * cannot be asked.
     */
    static long clockTicksPerSecond()
    {
        try
        {
            final Process process = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 && output.matches("[1-9][0-9]*"))
            {
                return Long.parseLong(output);
            }
        }
        catch (final IOException ex)
        {
            // no getconf: fall back to the usual value below
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_CLOCK_TICKS_PER_SECOND;
    }

    /**
     * @param pid a process.
     * @return how many threads it has now (entries of /proc/pid/task), or -1 when it has ended.
     */
    static int threadCount(final long pid)
    {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task")))
        {
            return (int)tasks.count();
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    private static String read(final Path file) throws IOException
    {
        try
        {
            // ISO-8859-1 maps every byte to one char: a process name may hold any bytes (LAYOUT 8), US-ASCII throws
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IOException("process or thread has ended: file=" + file, ex);
        }
    }

    private static long parseCount(final String text, final String file, final String field) throws IOException
    {
        try
        {
            final long value = Long.parseLong(text);
            if (value >= 0)
            {
                return value;
            }
        }
        catch (final NumberFormatException ex)
        {
            // reported below
        }
        throw new IOException("not a count: file=" + file + " field=" + field + " found=" + abbreviate(text) +
            " expected=integer>=0");
    }

    private static String abbreviate(final String text)
    {
        final String line = text.strip();
        return line.length() <= 40 ? line : line.substring(0, 40) + "...";
    }
}
