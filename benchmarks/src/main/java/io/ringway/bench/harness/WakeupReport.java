package io.ringway.bench.harness;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The report's waiting sections: the CPU of parked consumers ({@link ParkedCpuSuite}) and what wakeup support costs
 * the fast path when nobody waits ({@link WakeCostSuite}), and their two lines in the targets table. Kept apart from
 * {@link Report} so that the two suites can grow without touching the latency and throughput tables.
 */
final class WakeupReport
{
    private static final String NOT_MEASURED = "not measured yet";

    private WakeupReport()
    {
    }

    static String percent(final OptionalDouble value)
    {
        return value.isPresent() ? String.format(Locale.ROOT, "%.3f %%", value.getAsDouble()) : "-";
    }

    static String millis(final OptionalDouble value)
    {
        return value.isPresent() ? String.format(Locale.ROOT, "%.1f ms", value.getAsDouble()) : "-";
    }

    private static String preciseMillis(final OptionalDouble value)
    {
        return value.isPresent() ? String.format(Locale.ROOT, "%.3f ms", value.getAsDouble()) : "-";
    }

    private static String signedNanos(final OptionalDouble value)
    {
        return value.isPresent() ? String.format(Locale.ROOT, "%+.2f ns", value.getAsDouble()) : "-";
    }

    private static String nanos(final OptionalDouble value)
    {
        return value.isPresent() ? String.format(Locale.ROOT, "%.2f ns", value.getAsDouble()) : "-";
    }

    private static boolean parkedMet(final Series series)
    {
        final OptionalDouble percent = series.median(ParkedCpuSuite.PROCESS_CORE_PERCENT);
        return percent.isPresent() && percent.getAsDouble() <= ParkedCpuSuite.TARGET_CORE_PERCENT &&
            series.errors().isEmpty();
    }

    /**
     * The parked-CPU section: one row per consumer, medians across rounds.
     */
    static void parkedCpu(final StringBuilder md, final List<Series> parked)
    {
        if (parked.isEmpty())
        {
            return;
        }
        final OptionalDouble window = parked.get(0).median(ParkedCpuSuite.WINDOW_SECONDS);
        final OptionalDouble ticks = parked.get(0).median("clockTicksPerSecond");
        final int rounds = parked.stream().mapToInt(Series::roundCount).max().orElse(0);
        md.append("## CPU of a parked consumer\n\n");
        md.append("Each consumer runs as its own process on an empty SPSC channel, waiting as the row says. After ")
            .append("READY and ").append(ParkedCpuSuite.SETTLE_MS).append(" ms to settle, the harness reads its CPU ")
            .append("from /proc at the start and the end of a ")
            .append(window.isPresent() ? String.format(Locale.ROOT, "%.1f s", window.getAsDouble()) : "-")
            .append(" window: utime + stime of `/proc/<pid>/stat` (the whole process: for a JVM also its GC, JIT ")
            .append("and other threads; for Go its runtime threads) and of `/proc/<pid>/task/<tid>/stat` (the ")
            .append("consuming thread, whose id the consumer prints), in clock ticks of ")
            .append(ticks.isPresent() ? String.format(Locale.ROOT, "%.0f Hz (%.0f ms)", ticks.getAsDouble(),
                1000 / ticks.getAsDouble()) : "-")
            .append(" (sysconf CLK_TCK), so a figure below one tick is the kernel's sampling, not a measurement; ")
            .append("and the exact on-CPU time from `/proc/<pid>/task/<tid>/schedstat`, of the consuming thread and ")
            .append("summed over the process's live threads (a thread that ended within the window is missing from ")
            .append("that sum, not from the ticks). Then a ")
            .append("separate Java process sends one message and the round counts only if the consumer receives ")
            .append("exactly it and exits. ").append(rounds)
            .append(" interleaved rounds, medians. Status: met when the process total is at most ")
            .append(String.format(Locale.ROOT, "%.0f", ParkedCpuSuite.TARGET_CORE_PERCENT))
            .append(" % of one core (our line for \"about zero\") and every round woke.\n\n");
        md.append("| consumer | process CPU per window (ticks) | % of one core | process (schedstat) | consuming ")
            .append("thread (ticks) | consuming thread (schedstat) | its % of one core | threads | rounds | status | ")
            .append("how it waits |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
        for (final Series series : parked)
        {
            md.append("| ").append(series.name().substring(Contenders.PARKED_CPU_PREFIX.length())).append(" | ")
                .append(millis(series.median(ParkedCpuSuite.PROCESS_CPU_MS))).append(" | ")
                .append(percent(series.median(ParkedCpuSuite.PROCESS_CORE_PERCENT))).append(" | ")
                .append(preciseMillis(series.median(ParkedCpuSuite.PROCESS_ON_CPU_MS))).append(" | ")
                .append(millis(series.median(ParkedCpuSuite.THREAD_CPU_MS))).append(" | ")
                .append(preciseMillis(series.median(ParkedCpuSuite.THREAD_ON_CPU_MS))).append(" | ")
                .append(percent(series.median(ParkedCpuSuite.THREAD_CORE_PERCENT))).append(" | ")
                .append(series.median(ParkedCpuSuite.THREADS).isPresent() ?
                    String.format(Locale.ROOT, "%.0f", series.median(ParkedCpuSuite.THREADS).getAsDouble()) : "-")
                .append(" | ")
                .append(series.measuredRounds()).append('/').append(series.roundCount()).append(" | ")
                .append(series.measuredRounds() == 0 ? NOT_MEASURED : parkedMet(series) ? "met" : "not met")
                .append(" | ").append(series.topology()).append(" |\n");
        }
        md.append('\n');
        failures(md, parked);
    }

    /**
     * The fast-path cost section: signalling on against off, per benchmark.
     */
    static void wakeCost(final StringBuilder md, final List<Series> cost, final Settings settings)
    {
        if (cost.isEmpty())
        {
            return;
        }
        final int rounds = cost.stream().mapToInt(Series::roundCount).max().orElse(0);
        md.append("## Cost of wakeup support when nobody waits\n\n");
        md.append("The same JMH benchmark in forks with wakeup signalling on (as shipped) and off (the ")
            .append("benchmark-only JVM property `-Dringway.bench.disableWakeSignal=true`, which makes ")
            .append("`WaitWord.signalIfWaiting()` return at once and breaks wakeups; never set it in production), ")
            .append("interleaved on, off, on, off for ").append(rounds).append(" rounds, one fork per run (")
            .append(settings.jmhWarmupIterations()).append(" x 1 s warm-up, ")
            .append(WakeCostSuite.measurementIterations(settings)).append(" x 1 s measured; +- is JMH's 99.9% ")
            .append("error of that run, median across rounds). Nobody ")
            .append("waits, so \"on\" pays a full fence and a load after each commit (producer) and after each poll ")
            .append("that moved the head (consumer), and no system call. Per round: on minus off, and on / off; ")
            .append("medians. `offer+poll 32 B, 1 thread` is `WakeSignalCostBenchmark` (one thread offers one ")
            .append("message and polls it back; its setup proves the switch is in effect by setting the waiters ")
            .append("flag by hand and counting wakes); `SPSC 32 B, 2 threads` is `RingThroughputBenchmark`, its ")
            .append("ns per message being 1 / rate, which on 2 shared cores depends on scheduling more than on the ")
            .append("code (no goal). Status: met when the single-thread cost is at most ")
            .append(String.format(Locale.ROOT, "%.0f", WakeCostSuite.TARGET_NS_PER_PAIR))
            .append(" ns per offer+poll pair (our goal: two fences and two loads, no system call).\n\n");
        md.append("| benchmark | signal on, ns/msg | signal off, ns/msg | on - off | on / off | rounds | status |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (final String benchmark : List.of(WakeCostSuite.SINGLE_THREAD, WakeCostSuite.TWO_THREADS))
        {
            final Series on = find(cost, WakeCostSuite.rowName(true, benchmark));
            final Series off = find(cost, WakeCostSuite.rowName(false, benchmark));
            if (on == null || off == null)
            {
                continue;
            }
            final OptionalDouble difference = on.medianDifference(WakeCostSuite.NS_PER_MESSAGE, off);
            md.append("| ").append(benchmark).append(" | ")
                .append(nanosWithError(on)).append(" | ").append(nanosWithError(off)).append(" | ")
                .append(signedNanos(difference)).append(" | ")
                .append(ratio(on.medianRatio(WakeCostSuite.NS_PER_MESSAGE, off))).append(" | ")
                .append(Math.min(on.measuredRounds(), off.measuredRounds())).append('/').append(on.roundCount())
                .append(" | ").append(benchmark.equals(WakeCostSuite.SINGLE_THREAD) ? costStatus(difference) :
                    "no goal").append(" |\n");
        }
        md.append('\n');
        failures(md, cost);
    }

    /**
     * The waiting lines of the targets table.
     */
    static void targets(final StringBuilder md, final List<Series> parked, final List<Series> cost)
    {
        md.append("| every parked consumer at most ")
            .append(String.format(Locale.ROOT, "%.0f", ParkedCpuSuite.TARGET_CORE_PERCENT))
            .append(" % of one core over the window, and woken by a message | ");
        final List<Series> measured = parked.stream().filter(s -> s.measuredRounds() > 0).toList();
        if (measured.isEmpty())
        {
            md.append(NOT_MEASURED).append(" | ").append(NOT_MEASURED).append(" |\n");
        }
        else
        {
            Series worst = measured.get(0);
            for (final Series series : measured)
            {
                if (series.median(ParkedCpuSuite.PROCESS_CORE_PERCENT).orElse(Double.MAX_VALUE) >
                    worst.median(ParkedCpuSuite.PROCESS_CORE_PERCENT).orElse(Double.MAX_VALUE))
                {
                    worst = series;
                }
            }
            final boolean met = parked.stream().allMatch(WakeupReport::parkedMet);
            md.append("highest: ").append(worst.name().substring(Contenders.PARKED_CPU_PREFIX.length()))
                .append(" = ").append(percent(worst.median(ParkedCpuSuite.PROCESS_CORE_PERCENT)))
                .append(" (process, median; ").append(measured.size()).append(" consumers) | ")
                .append(met ? "met" : "not met").append(" |\n");
        }
        final Series on = find(cost, WakeCostSuite.rowName(true, WakeCostSuite.SINGLE_THREAD));
        final Series off = find(cost, WakeCostSuite.rowName(false, WakeCostSuite.SINGLE_THREAD));
        md.append("| wakeup support adds at most ")
            .append(String.format(Locale.ROOT, "%.0f", WakeCostSuite.TARGET_NS_PER_PAIR))
            .append(" ns per offer+poll when nobody waits | ");
        final OptionalDouble difference = on == null || off == null ? OptionalDouble.empty() :
            on.medianDifference(WakeCostSuite.NS_PER_MESSAGE, off);
        if (difference.isEmpty())
        {
            md.append(NOT_MEASURED).append(" | ").append(NOT_MEASURED).append(" |\n");
        }
        else
        {
            md.append("on - off = ").append(signedNanos(difference)).append(" (on / off = ")
                .append(ratio(on.medianRatio(WakeCostSuite.NS_PER_MESSAGE, off))).append(") | ")
                .append(costStatus(difference)).append(" |\n");
        }
    }

    private static String costStatus(final OptionalDouble difference)
    {
        if (difference.isEmpty())
        {
            return NOT_MEASURED;
        }
        return difference.getAsDouble() <= WakeCostSuite.TARGET_NS_PER_PAIR ? "met" : "not met";
    }

    private static String nanosWithError(final Series series)
    {
        final OptionalDouble score = series.median(WakeCostSuite.NS_PER_MESSAGE);
        if (score.isEmpty())
        {
            return "-";
        }
        if (series.median(WakeCostSuite.MESSAGES_PER_SECOND).isPresent())
        {
            return nanos(score) + " (" + Report.rate(series.median(WakeCostSuite.MESSAGES_PER_SECOND).getAsDouble()) +
                " msgs/s)";
        }
        return String.format(Locale.ROOT, "%.2f +- %.2f ns", score.getAsDouble(),
            series.median(WakeCostSuite.ERROR).orElse(Double.NaN));
    }

    private static String ratio(final OptionalDouble value)
    {
        return value.isPresent() ? String.format(Locale.ROOT, "%.3fx", value.getAsDouble()) : "-";
    }

    private static Series find(final List<Series> list, final String name)
    {
        return list.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    private static void failures(final StringBuilder md, final List<Series> list)
    {
        for (final Series series : list)
        {
            for (final String error : series.errors())
            {
                md.append("- ").append(series.name()).append(": a round failed: `")
                    .append(error.lines().findFirst().orElse(error).replace('`', '\'')).append("`\n");
            }
        }
        md.append('\n');
    }
}
