package io.ringway.bench.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WakeupReportTest
{
    @TempDir
    Path directory;

    private static Series parked(final String name, final double... processMs)
    {
        final Series series = new Series(Contenders.PARKED_CPU_PREFIX + name, Contender.Kind.RINGWAY, "how " + name,
            null);
        for (final double ms : processMs)
        {
            final Map<String, Double> values = new LinkedHashMap<>();
            values.put(ParkedCpuSuite.PROCESS_CPU_MS, ms);
            values.put(ParkedCpuSuite.PROCESS_CORE_PERCENT, ms / 100);
            values.put(ParkedCpuSuite.PROCESS_ON_CPU_MS, ms + 0.5);
            values.put(ParkedCpuSuite.THREAD_CPU_MS, 0.0);
            values.put(ParkedCpuSuite.THREAD_ON_CPU_MS, 0.25);
            values.put(ParkedCpuSuite.THREAD_CORE_PERCENT, 0.0025);
            values.put(ParkedCpuSuite.WINDOW_SECONDS, 10.0);
            values.put(ParkedCpuSuite.THREADS, 1.0);
            values.put("clockTicksPerSecond", 100.0);
            series.add(values);
        }
        return series;
    }

    private static Series cost(final boolean on, final String benchmark, final double... nsPerMessage)
    {
        final Series series = new Series(WakeCostSuite.rowName(on, benchmark), Contender.Kind.RINGWAY, "jmh", null);
        for (final double ns : nsPerMessage)
        {
            series.add(Map.of(WakeCostSuite.NS_PER_MESSAGE, ns, WakeCostSuite.ERROR, 0.5));
        }
        return series;
    }

    private static String markdown(final Path directory, final List<Series> parked, final List<Series> cost)
        throws Exception
    {
        final Settings settings = new Settings(true, 3, 1000, 100, 1 << 20, 1, 1, 1, false, null);
        final Report report = new Report(new Report.Run("2026-01-01-quick", "2026-01-01T00:00:00Z",
            "benchmarks/run.sh --quick", settings, Map.of("CPU", "test CPU"), "0.1 0.1 0.1", "0.2 0.2 0.2", 1.5),
            List.of(), List.of(), List.of(), parked, cost);
        return Files.readString(report.write(directory));
    }

    @Test
    void shouldMeetTheParkedTargetOnlyWhenEveryConsumerStaysAtOrBelowOnePercentOfACore() throws Exception
    {
        final String quiet = markdown(directory, List.of(parked("C blocking", 0, 10, 0), parked("Go", 90, 100, 95)),
            List.of());
        assertTrue(quiet.contains("| C blocking | 0.0 ms | 0.000 % | 0.500 ms | 0.0 ms | 0.250 ms | 0.003 % | 1 | " +
            "3/3 | met | how C blocking |"), quiet);
        assertTrue(quiet.contains("| Go | 95.0 ms | 0.950 % |"), quiet);
        assertTrue(quiet.contains("highest: Go = 0.950 % (process, median; 2 consumers) | met |"), quiet);
        assertTrue(quiet.contains("clock ticks of 100 Hz (10 ms)"), quiet);

        final String busy = markdown(directory, List.of(parked("C blocking", 0), parked("Go", 150)), List.of());
        assertTrue(busy.contains("| Go | 150.0 ms | 1.500 % |"), busy);
        assertTrue(busy.contains("highest: Go = 1.500 % (process, median; 2 consumers) | not met |"), busy);
    }

    @Test
    void shouldNotMeetTheParkedTargetWhenARoundFailedToWake() throws Exception
    {
        final Series failed = parked("Java blocking", 0, 0);
        failed.fail("parked consumer did not wake: field=exit");
        final String text = markdown(directory, List.of(failed), List.of());
        assertTrue(text.contains("| 2/3 | not met |"), text);
        assertTrue(text.contains("- parked CPU: Java blocking: a round failed: `parked consumer did not wake"), text);
    }

    @Test
    void shouldReportTheMedianOfPerRoundDifferencesAndRatiosOfSignallingOnAndOff() throws Exception
    {
        // per round: 12-10=2, 15-10=5, 11-10=1 -> median 2; ratios 1.2, 1.5, 1.1 -> median 1.2
        final String text = markdown(directory, List.of(), List.of(
            cost(true, WakeCostSuite.SINGLE_THREAD, 12, 15, 11), cost(false, WakeCostSuite.SINGLE_THREAD, 10, 10, 10)));
        assertTrue(text.contains("| offer+poll 32 B, 1 thread | 12.00 +- 0.50 ns | 10.00 +- 0.50 ns | +2.00 ns | " +
            "1.200x | 3/3 | met |"), text);
        assertTrue(text.contains("| on - off = +2.00 ns (on / off = 1.200x) | met |"), text);
        assertTrue(text.contains("| every parked consumer at most 1 % of one core over the window, and woken by a " +
            "message | not measured yet | not measured yet |"), text);

        final String slow = markdown(directory, List.of(), List.of(
            cost(true, WakeCostSuite.SINGLE_THREAD, 20), cost(false, WakeCostSuite.SINGLE_THREAD, 10)));
        assertTrue(slow.contains("| on - off = +10.00 ns (on / off = 2.000x) | not met |"), slow);
    }

    @Test
    void shouldWriteEveryRoundOfBothSuitesIntoTheJson() throws Exception
    {
        markdown(directory, List.of(parked("C blocking", 0, 10)),
            List.of(cost(true, WakeCostSuite.SINGLE_THREAD, 12), cost(false, WakeCostSuite.SINGLE_THREAD, 10)));
        final String json = Files.readString(directory.resolve("2026-01-01-quick.json"));
        assertTrue(json.contains("\"parkedConsumerCpu\""), json);
        assertTrue(json.contains("\"name\": \"parked CPU: C blocking\""), json);
        assertTrue(json.contains("\"wakeSignalCost\""), json);
        assertTrue(json.contains("\"name\": \"wake signal off: offer+poll 32 B, 1 thread\""), json);
    }

    @Test
    void shouldTakeDifferencesWithinEachRoundBeforeTheMedian()
    {
        final Series on = cost(true, "x", 30, 12, 14);
        final Series off = cost(false, "x", 20, 11, 10);
        assertEquals(4.0, on.medianDifference(WakeCostSuite.NS_PER_MESSAGE, off).getAsDouble(), 1e-9);
    }
}
