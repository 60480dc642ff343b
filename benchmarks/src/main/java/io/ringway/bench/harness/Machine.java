package io.ringway.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Facts about the machine a report was measured on: CPU model, cores, kernel, JDK, Go and gcc versions, and load.
 */
final class Machine
{
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
        return facts;
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
