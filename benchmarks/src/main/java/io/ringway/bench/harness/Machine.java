package io.ringway.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Facts about the machine a report was measured on: CPU model, cores, kernel, JDK, Go and gcc versions, how finely
 * the clock every row is timed with moves, and load.
 */
final class Machine
{
    /** Consecutive clock reads whose differences the machine table's clock row describes. */
    static final int CLOCK_READS = 1_000_000;
    /** The differences the clock row names, the most frequent first. */
    static final int CLOCK_STEPS_SHOWN = 4;

    private Machine()
    {
    }

    static Map<String, String> facts()
    {
        final Map<String, String> facts = new LinkedHashMap<>();
        facts.put("CPU", cpuModel());
        facts.put("cores", Runtime.getRuntime().availableProcessors() + " (as seen by the JVM)" +
            (isVirtual() ? ", virtual machine (hypervisor flag set)" : ""));
        facts.put("kernel", firstLine(Path.of("/proc/sys/kernel/osrelease")));
        facts.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        facts.put("Go", command("go", "version"));
        facts.put("gcc", command("gcc", "--version"));
        facts.put("clock", clockSteps(System::nanoTime, CLOCK_READS));
        return facts;
    }

    /**
     * @return how finely the clock moves: the most frequent differences between consecutive reads, e.g. "consecutive
     *         System.nanoTime() reads (CLOCK_MONOTONIC) differ by 20 ns (49.4 %), 30 ns (46.9 %), ...". Every row times
     *         its round trips with CLOCK_MONOTONIC (Java System.nanoTime, C clock_gettime, Go's monotonic time.Now):
     *         on a VM whose clock moves in steps of 10 ns, the round trips are multiples of 10 ns too, and a p50 near
     *         150 ns moves in steps of about 0.07x of itself.
     */
    static String clockSteps(final LongSupplier clockNs, final int reads)
    {
        final Map<Long, Integer> counts = new HashMap<>();
        long previous = clockNs.getAsLong();
        for (int i = 1; i < reads; i++)
        {
            final long now = clockNs.getAsLong();
            counts.merge(now - previous, 1, Integer::sum);
            previous = now;
        }
        final StringBuilder text = new StringBuilder("consecutive System.nanoTime() reads (CLOCK_MONOTONIC, which ")
            .append("every row times with) differ by");
        final List<Map.Entry<Long, Integer>> steps = new ArrayList<>(counts.entrySet());
        steps.sort(Map.Entry.<Long, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        final int differences = Math.max(reads - 1, 1);
        for (int i = 0; i < Math.min(CLOCK_STEPS_SHOWN, steps.size()); i++)
        {
            text.append(i == 0 ? " " : ", ").append(String.format(Locale.ROOT, "%d ns (%.1f %%)",
                steps.get(i).getKey(), 100.0 * steps.get(i).getValue() / differences));
        }
        return text.append(steps.size() > CLOCK_STEPS_SHOWN ? ", ..." : "").toString();
    }

    /** @return the three load averages of /proc/loadavg, e.g. "1.02 0.87 0.65". */
    static String loadAverage()
    {
        final String line = firstLine(Path.of("/proc/loadavg"));
        final String[] fields = line.split("\\s+");
        return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : line;
    }

    private static String cpuModel()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8))
            {
                if (line.startsWith("model name"))
                {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (final IOException ex)
        {
            return "unknown (" + ex.getMessage() + ")";
        }
        return "unknown";
    }

    private static boolean isVirtual()
    {
        try
        {
            return Files.readString(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8).contains(" hypervisor");
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static String firstLine(final Path path)
    {
        try
        {
            final List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : lines.get(0).trim();
        }
        catch (final IOException ex)
        {
            return "unknown (" + ex.getMessage() + ")";
        }
    }

    private static String command(final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0)
            {
                process.destroyForcibly();
                return "not available";
            }
            final int end = output.indexOf('\n');
            return (end < 0 ? output : output.substring(0, end)).trim();
        }
        catch (final IOException ex)
        {
            return "not installed";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
