package io.ringway.bench.harness;

import io.ringway.RingKind;
import io.ringway.bench.jmh.RingBurstBenchmark;
import io.ringway.bench.jmh.RingThroughputBenchmark;
import io.ringway.bench.jmh.RingThroughputBenchmark.Implementation;
import io.ringway.bench.pingpong.PairedPingPong;
import io.ringway.cli.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Writes a run's results: the Markdown report, the JSON with every round's values, and the latency-percentile plot;
 * and the summary that goes into the top-level README. Every figure is a median across the interleaved rounds, and
 * every ratio the median of per-round ratios between rows measured in the same round.
 */
final class Report
{
    static final String README_BEGIN = "<!-- benchmarks:begin (written by benchmarks/run.sh) -->";
    static final String README_END = "<!-- benchmarks:end -->";
    private static final String NOT_MEASURED = "not measured yet";
    private static final double FLOOR_TARGET = 1.3;
    private static final double CROSS_LANGUAGE_TARGET = 1.2;
    /** Parked ping-pong within this factor of raw C futex ping-pong measured in the same run. */
    private static final double PARKED_TARGET = 1.5;
    private static final double SOCKET_TARGET = 10;

    private final Run run;
    /** The back-to-back round-trip rows; {@link #fixedRate} has the rows of {@link Contenders#FIXED_RATE_PREFIX}. */
    private final List<Series> latency;
    private final List<Series> fixedRate;
    /** The rows of the same-state pairs ({@link Contenders#PAIRED_PREFIX}), each reference row before its Ringway row. */
    private final List<Series> paired;
    /** The one-way rows; {@link #mpsc} has the many-producer rows ({@link Contenders#MPSC_PREFIX}). */
    private final List<Series> throughput;
    private final List<Series> mpsc;
    private final List<Series> jmh;
    private List<Series> journal = List.of();
    /** Parked consumers' CPU ({@link ParkedCpuSuite}) and the fast-path cost of signalling. */
    private final List<Series> parkedCpu;
    private final List<Series> wakeCost;

    /**
     * What the report says about the run itself.
     *
     * @param name      the file name stem, e.g. 2026-11-23 or 2026-11-23-quick.
     * @param startedAt when the run started (UTC, ISO-8601).
     * @param command   the command that produced it.
     * @param settings  its settings.
     * @param machine   machine facts.
     * @param loadStart load averages at the start.
     * @param loadEnd   load averages at the end.
     * @param minutes   how long it took.
     */
    record Run(String name, String startedAt, String command, Settings settings, Map<String, String> machine,
        String loadStart, String loadEnd, double minutes)
    {
    }

    Report(final Run run, final List<Series> latency, final List<Series> throughput, final List<Series> jmh)
    {
        this(run, latency, throughput, jmh, List.of(), List.of());
    }

    Report(final Run run, final List<Series> latency, final List<Series> throughput, final List<Series> jmh,
        final List<Series> parkedCpu, final List<Series> wakeCost)
    {
        this.run = run;
        this.latency = latency.stream().filter(s -> !isFixedRate(s) && !isPaired(s)).toList();
        this.fixedRate = latency.stream().filter(Report::isFixedRate).toList();
        this.paired = latency.stream().filter(Report::isPaired).toList();
        this.throughput = throughput.stream().filter(s -> !s.name().startsWith(Contenders.MPSC_PREFIX)).toList();
        this.mpsc = throughput.stream().filter(s -> s.name().startsWith(Contenders.MPSC_PREFIX)).toList();
        this.jmh = jmh;
        this.parkedCpu = parkedCpu;
        this.wakeCost = wakeCost;
    }

    /**
     * @param journal the journal rows, reported in their own section (see {@link JournalReport}).
     * @return this.
     */
    Report journal(final List<Series> journal)
    {
        this.journal = journal;
        return this;
    }

    private static boolean isFixedRate(final Series series)
    {
        return series.name().startsWith(Contenders.FIXED_RATE_PREFIX);
    }

    private static boolean isPaired(final Series series)
    {
        return series.name().startsWith(Contenders.PAIRED_PREFIX);
    }

    static String nanos(final Double value)
    {
        return value == null || value.isNaN() ? "-" : String.format(Locale.ROOT, "%,.0f ns", value);
    }

    static String rate(final Double value)
    {
        if (value == null || value.isNaN())
        {
            return "-";
        }
        return value >= 1e6 ?
            String.format(Locale.ROOT, "%.2f M", value / 1e6) : String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String ratio(final OptionalDouble value)
    {
        return value.isPresent() ? String.format(Locale.ROOT, "%.2fx", value.getAsDouble()) : "-";
    }

    private static String nanos(final OptionalDouble value)
    {
        return value.isPresent() ? nanos(value.getAsDouble()) : "-";
    }

    /**
     * Writes {@code <name>.md}, {@code <name>.json} and {@code <name>.svg} into the directory.
     *
     * @param directory benchmarks/results.
     * @return the Markdown file.
     * @throws IOException when a file cannot be written.
     */
    Path write(final Path directory) throws IOException
    {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(run.name() + ".svg"), plot(), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve(run.name() + ".json"), Json.write(json()), StandardCharsets.UTF_8);
        final Path markdown = directory.resolve(run.name() + ".md");
        Files.writeString(markdown, markdown(), StandardCharsets.UTF_8);
        return markdown;
    }

    /**
     * Replaces the text between the README markers with one summary line of the latest run and a link to its report:
     * where each goal of issue 21 stands ({@link #summaryLine}). Every other figure lives only in the report.
     *
     * @param readme     the top-level README.md.
     * @param resultsDir the results directory, to link the report relative to the README.
     * @throws IOException when the README cannot be read or written, or has no markers.
     */
    void updateReadme(final Path readme, final Path resultsDir) throws IOException
    {
        final String text = Files.readString(readme, StandardCharsets.UTF_8);
        final int begin = text.indexOf(README_BEGIN);
        final int end = text.indexOf(README_END);
        if (begin < 0 || end < begin)
        {
            throw new IOException("README has no benchmark markers: file=" + readme + " expected=" + README_BEGIN +
                " ... " + README_END);
        }
        final String relative = readme.toAbsolutePath().getParent().relativize(resultsDir.toAbsolutePath()).toString();
        final String section = README_BEGIN + "\n" + summaryLine(relative + "/" + run.name() + ".md") + "\n";
        Files.writeString(readme, text.substring(0, begin) + section + text.substring(end), StandardCharsets.UTF_8);
    }

    /**
     * One line for the README, generated from the goal statuses of the "Goals (issue 21)" section: how many goals
     * are met, each goal's status with its headline ratio (the one furthest from its bound), and a link to the report.
     */
    String summaryLine(final String reportLink)
    {
        return "Latest full benchmark run, " + run.startedAt() + " (`" + run.command() + "`, " +
            run.settings().rounds() + " interleaved rounds): " + goals().summary() + ". Every table, goal and plot: [" +
            reportLink + "](" + reportLink + ").";
    }

    private String markdown()
    {
        final Settings settings = run.settings();
        final StringBuilder md = new StringBuilder();
        md.append("# Ringway benchmark report, ").append(run.startedAt()).append("\n\n");
        md.append("Command: `").append(run.command()).append("` (").append(settings.quick() ? "quick" : "full")
            .append(" run, ").append(String.format(Locale.ROOT, "%.1f", run.minutes())).append(" minutes).\n\n");
        md.append("| machine | |\n| --- | --- |\n");
        run.machine().forEach((key, value) -> md.append("| ").append(key).append(" | ").append(value).append(" |\n"));
        md.append("| load average (1, 5, 15 min) | at start ").append(run.loadStart()).append(", at end ")
            .append(run.loadEnd()).append(" |\n");
        md.append("| pinning | ").append(settings.pin() ?
            "taskset: the measuring process on CPU " + ProcessPair.CLIENT_CPU + ", its partner on CPU " +
            ProcessPair.SERVER_CPU : "none").append(" |\n\n");
        md.append("How to read this: the cross-process rows ran interleaved (every row once per round, ")
            .append(settings.rounds()).append(" rounds), and each figure is the median across rounds. Ratios are ")
            .append("taken per round between rows measured in the same round, and their median shown. The targets ")
            .append("are goals: the last section says where each stands; nothing asserts them. Every ")
            .append("round's values are in `").append(run.name()).append(".json`.\n\n");

        md.append("## Round-trip latency (ping-pong, one 32-byte message in flight)\n\n");
        md.append(String.format(Locale.ROOT, "%,d measured round trips per row per round after %,d warm-up round " +
            "trips (rows that block in the kernel: %,d; with fewer, a Java side was still compiling its loop in the " +
            "measured round trips of a spinning row), %,d per row in all; HdrHistogram, 3 significant digits. Each " +
            "column is the median across rounds of that round's percentile (max: of the rounds' maxima).%n%n",
            settings.roundTrips(), LatencySuite.spinningWarmup(settings), settings.warmup(),
            (long)settings.roundTrips() * settings.rounds()));
        latencyTable(md);
        md.append("\nThe best-round p50 is the lowest of the rounds' p50s: noise on a shared machine only adds, so ")
            .append("it is each row's figure in the calmest conditions seen; its ratio compares it with the raw ")
            .append("floor's best round. The machine table's clock row says how finely the clock moves: where ")
            .append("consecutive reads differ only by multiples of 10 ns, every round trip is one too, and two rows ")
            .append("whose p50s differ by one such step may differ by less, or not at all. On our 2-core VM the ")
            .append("round trip flips between a fast state (raw spin ")
            .append("about 130 ns) and a slow one (about 500 ns) within seconds, so rows measured a few seconds ")
            .append("apart can land in different states, and the per-round ratios spread widely: read the two ")
            .append("ratio columns together, and the same-state pairs below, which measure both rows of a ratio in ")
            .append("one state.\n");
        md.append("\n![round-trip latency by percentile](").append(run.name()).append(".svg)\n\n");
        failures(md, latency);
        md.append("Setup notes: every spinning loop (Java and C) busy-spins without a pause instruction. Aeron runs ")
            .append("its media driver embedded in the pong process (shared threading mode, conductor sleeping 1 ms ")
            .append("when idle) and a client conductor thread in each process: on 2 cores these threads share a ")
            .append("core with the spinning threads (with pinning, the core of their own process), which is part ")
            .append("of what Aeron's upper percentiles show. The socket and pipe rows block in the kernel, so each ")
            .append("round trip includes two wakeups, like the raw futex floor.\n\n");

        pairedSection(md);
        fixedRateSection(md);

        md.append("## Cross-process throughput (one way)\n\n");
        throughputTable(md);
        failures(md, throughput);
        mpscSection(md);

        JournalReport.section(md, journal, settings);

        md.append("## In-process throughput (JMH)\n\n");
        jmhTable(md);
        failures(md, jmh);

        WakeupReport.parkedCpu(md, parkedCpu);
        WakeupReport.wakeCost(md, wakeCost, run.settings());

        goals().section(md);

        md.append("## Targets\n\n");
        targets(md);
        return md.toString();
    }

    private GoalReport goals()
    {
        return new GoalReport(latency, paired, fixedRate, throughput, mpsc, jmh);
    }

    private Series find(final List<Series> list, final String name)
    {
        return list.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    private Series bestPeerPerRound(final List<Series> list, final String key, final boolean lowerIsBetter)
    {
        final Series best = new Series("best peer", Contender.Kind.PEER, "", null);
        final int rounds = list.stream().mapToInt(Series::roundCount).max().orElse(0);
        for (int round = 0; round < rounds; round++)
        {
            double bestValue = Double.NaN;
            for (final Series series : list)
            {
                final double value = series.value(round, key);
                if (series.kind() == Contender.Kind.PEER && !Double.isNaN(value) &&
                    (Double.isNaN(bestValue) || (lowerIsBetter ? value < bestValue : value > bestValue)))
                {
                    bestValue = value;
                }
            }
            best.add(Map.of(key, bestValue));
        }
        return best;
    }

    private String bestPeerName(final List<Series> list, final String key)
    {
        String name = "-";
        double bestValue = Double.MAX_VALUE;
        for (final Series series : list)
        {
            final OptionalDouble median = series.median(key);
            if (series.kind() == Contender.Kind.PEER && median.isPresent() && median.getAsDouble() < bestValue)
            {
                bestValue = median.getAsDouble();
                name = series.name();
            }
        }
        return name;
    }

    private void latencyTable(final StringBuilder md)
    {
        final Series floor = find(latency, Contenders.RAW_SPIN_FLOOR);
        final Series bestPeer = bestPeerPerRound(latency, "p50", true);
        md.append("| row | p50 | p90 | p99 | p99.9 | max | p50 / raw spin floor | p50 / best peer (")
            .append(bestPeerName(latency, "p50")).append(") | best-round p50 | its ratio to the floor's | rounds |")
            .append(" what talks to what |").append('\n');
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
            .append(" --- |").append('\n');
        for (final Series series : latency)
        {
            md.append("| ").append(series.name()).append(" | ");
            if (series.pending() != null)
            {
                md.append(NOT_MEASURED).append(" | | | | | | | | | |");
            }
            else
            {
                for (final String key : List.of("p50", "p90", "p99", "p99.9", LatencySuite.MAX))
                {
                    md.append(nanos(series.median(key))).append(" | ");
                }
                md.append(floor == null ? "-" : ratio(series.medianRatio("p50", floor))).append(" | ")
                    .append(ratio(series.medianRatio("p50", bestPeer))).append(" | ")
                    .append(nanos(series.min("p50"))).append(" | ")
                    .append(floor == null ? "-" : ratio(quotient(series.min("p50"), floor.min("p50")))).append(" | ")
                    .append(series.measuredRounds()).append('/').append(series.roundCount()).append(" |");
            }
            md.append(' ').append(series.topology())
                .append(series.pending() != null ? " (" + series.pending() + ")" : "").append(" |");
            md.append('\n');
        }
    }

    private void pairedSection(final StringBuilder md)
    {
        if (paired.isEmpty())
        {
            return;
        }
        md.append("## Round-trip latency, same-state pairs\n\n")
            .append("A reference and a Ringway row measured by one pair of processes that take turns in blocks of ")
            .append(PairedPingPong.BLOCK_ROUNDS).append(" round trips (reference, Ringway, reference, ...), so ")
            .append("that both see the same machine state: on this VM the round trip jumps between states (the raw ")
            .append("floor at about 80, 130 or 480 ns) from one second to the next, and rows run one after the other ")
            .append("(the table above) can land in different states. Same measured round trips and rounds as above, ")
            .append("rounded up to whole blocks, after at least ").append(String.format(Locale.ROOT, "%,d",
                LatencySuite.MIN_SPIN_WARMUP)).append(" warm-up round trips per contender (with fewer, the JIT ")
            .append("was still compiling one Java contender or the other in the first measured turns); each column ")
            .append("the median across rounds, the ratios (Ringway / reference) medians ")
            .append("of per-round ratios. The goals of Java<->Java against Aeron and of C<->C against the raw floor ")
            .append("are judged on these rows.\n\n");
        md.append("| pair | reference p50 | Ringway p50 | reference p99 | Ringway p99 | reference p99.9 | Ringway p99.9 | ")
            .append("p50 ratio | p99 ratio | p99.9 ratio | rounds | what talks to what |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (int i = 0; i + 1 < paired.size(); i += 2)
        {
            final Series reference = paired.get(i);
            final Series ringway = paired.get(i + 1);
            md.append("| ").append(ringway.name().substring(Contenders.PAIRED_PREFIX.length())).append(" / ")
                .append(reference.name().substring(Contenders.PAIRED_PREFIX.length())).append(" | ");
            if (ringway.pending() != null || reference.pending() != null)
            {
                md.append(NOT_MEASURED).append(" | | | | | | | | | |");
            }
            else
            {
                for (final String key : List.of("p50", "p99", "p99.9"))
                {
                    md.append(nanos(reference.median(key))).append(" | ").append(nanos(ringway.median(key)))
                        .append(" | ");
                }
                for (final String key : List.of("p50", "p99", "p99.9"))
                {
                    md.append(ratio(ratioOf(ringway, reference, key))).append(" | ");
                }
                md.append(ringway.measuredRounds()).append('/').append(ringway.roundCount()).append(" |");
            }
            md.append(' ').append(ringway.topology()).append(" |\n");
        }
        md.append('\n');
        failures(md, paired);
    }

    private void fixedRateSection(final StringBuilder md)
    {
        if (fixedRate.isEmpty())
        {
            return;
        }
        md.append("## Round-trip latency at a fixed offered rate (coordinated omission corrected)\n\n")
            .append("The ping sends round i at its intended time, start + i / rate (spinning until then; a late round ")
            .append("goes at once), and each round counts from that intended time to the echo's arrival ")
            .append("(docs/PING_PONG.md `--rate`): a stall counts against every round it delays. Same round trips, ")
            .append("rounds and HdrHistogram as the table above; each column the median across rounds, the ratios ")
            .append("medians of per-round ratios to Aeron IPC at the same rate. A ping that falls behind (a JIT ")
            .append("still compiling, a GC, the scheduler) stays behind until round trips shorter than the period ")
            .append("have made up the delay: with few rounds (a quick run) it may never catch up, and then even its ")
            .append("p50 is in milliseconds.\n\n");
        md.append("| row | p50 | p99 | p99.9 | p99.99 | max | p50 / Aeron | p99 / Aeron | rounds | ")
            .append("what talks to what |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (final Series series : fixedRate)
        {
            final String ratePrefix = series.name().substring(0, series.name().indexOf(": ") + 2);
            final Series aeron = find(fixedRate, ratePrefix + Contenders.AERON_IPC);
            md.append("| ").append(series.name()).append(" | ");
            if (series.pending() != null)
            {
                md.append(NOT_MEASURED).append(" | | | | | | | |");
            }
            else
            {
                for (final String key : List.of("p50", "p99", "p99.9", "p99.99", LatencySuite.MAX))
                {
                    md.append(nanos(series.median(key))).append(" | ");
                }
                md.append(ratio(ratioOf(series, aeron, "p50"))).append(" | ")
                    .append(ratio(ratioOf(series, aeron, "p99"))).append(" | ")
                    .append(series.measuredRounds()).append('/').append(series.roundCount()).append(" |");
            }
            md.append(' ').append(series.topology()).append(" |\n");
        }
        md.append('\n');
        failures(md, fixedRate);
    }

    private void throughputTable(final StringBuilder md)
    {
        final Settings settings = run.settings();
        md.append("Messages per second and MB/s (10^6 bytes) received by the consumer, timed from the first to the ")
            .append("last timed message after a warm-up of a fifth as many; ")
            .append(String.format(Locale.ROOT, "%,d bytes per run (%,d to %,d messages).%n%n",
                settings.throughputBytes(), Settings.MIN_THROUGHPUT_MESSAGES, Settings.MAX_THROUGHPUT_MESSAGES));
        md.append("| row | msgs/s | MB/s | / Aeron IPC (same length) | rounds | setup |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | --- |\n");
        for (final Series series : throughput)
        {
            final String length = series.name().substring(series.name().lastIndexOf(", ") + 2);
            final Series aeron = find(throughput, Contenders.AERON_IPC + ", " + length);
            md.append("| ").append(series.name()).append(" | ")
                .append(rate(series.median(ThroughputSuite.MESSAGES_PER_SECOND).orElse(Double.NaN))).append(" | ")
                .append(rate(series.median(ThroughputSuite.MEGABYTES_PER_SECOND).orElse(Double.NaN))).append(" | ")
                .append(aeron == null ? "-" : ratio(series.medianRatio(ThroughputSuite.MESSAGES_PER_SECOND, aeron)))
                .append(" | ").append(series.measuredRounds()).append('/').append(series.roundCount()).append(" | ")
                .append(series.topology()).append(" |\n");
        }
        md.append('\n');
    }

    private void mpscSection(final StringBuilder md)
    {
        if (mpsc.isEmpty())
        {
            return;
        }
        md.append("## Cross-process throughput, many producers (MPSC)\n\n")
            .append("One consumer process and N producer processes, each sending its share of the messages as fast ")
            .append("as the ring takes them (first 8 bytes: producer index and sequence; the consumer checks each ")
            .append("producer's order); messages per second and MB/s received by the consumer in all. The producers ")
            .append("are pinned together to CPU ").append(ProcessPair.CLIENT_CPU).append(" (when pinning is on), so ")
            .append("they take turns on one core while the consumer has the other: the figures measure contention ")
            .append("for the ring's tail across processes plus the scheduler, on 2 vCPUs.\n\n");
        md.append("| row | msgs/s | MB/s | / Agrona | / Aeron concurrent | rounds | setup |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (final Series series : mpsc)
        {
            md.append("| ").append(series.name()).append(" | ")
                .append(rate(series.median(ThroughputSuite.MESSAGES_PER_SECOND).orElse(Double.NaN))).append(" | ")
                .append(rate(series.median(ThroughputSuite.MEGABYTES_PER_SECOND).orElse(Double.NaN))).append(" | ")
                .append(ratio(ratioOf(series, mpscPeer(series, Contenders.MPSC_AGRONA),
                    ThroughputSuite.MESSAGES_PER_SECOND))).append(" | ")
                .append(ratio(ratioOf(series, mpscPeer(series, Contenders.MPSC_AERON),
                    ThroughputSuite.MESSAGES_PER_SECOND))).append(" | ")
                .append(series.measuredRounds()).append('/').append(series.roundCount()).append(" | ")
                .append(series.topology()).append(" |\n");
        }
        md.append('\n');
        failures(md, mpsc);
    }

    /** @return the row of the given peer with the same producers and length as the given MPSC row, or null. */
    private Series mpscPeer(final Series series, final String peer)
    {
        final String name = series.name();
        final String producers = name.substring(0, name.indexOf(": ") + 2);
        return find(mpsc, producers + peer + name.substring(name.lastIndexOf(", ")));
    }

    private void jmhTable(final StringBuilder md)
    {
        final Settings settings = run.settings();
        md.append("Messages per second received by the consumer thread (`RingThroughputBenchmark`, one producer ")
            .append("thread and one consumer thread in one JVM), median of ").append(settings.jmhRounds())
            .append(" JMH runs (one fork each, ").append(settings.jmhWarmupIterations()).append(" x 1 s warm-up, ")
            .append(settings.jmhMeasureIterations()).append(" x 1 s measured) with the median of their 99.9% ")
            .append("error bars; Ringway on a channel file in /dev/shm, Agrona on a direct buffer. Two spinning ")
            .append("threads need both cores: when other work keeps them from running at the same time, each time ")
            .append("slice moves at most one ring (").append(RingThroughputBenchmark.CAPACITY / 1024)
            .append(" KiB) of messages, and the figure measures the scheduler more than the ring (the JMH log's ")
            .append("`refused` counter shows it); compare with the load average above.\n\n");
        md.append("| ring | length | Ringway msgs/s | Agrona msgs/s | Ringway / Agrona |\n");
        md.append("| --- | ---: | ---: | ---: | ---: |\n");
        for (final RingKind kind : RingKind.values())
        {
            for (final int length : JmhSuite.MESSAGE_LENGTHS)
            {
                final Series ringway = find(jmh, JmhSuite.rowName(Implementation.RINGWAY, kind, length));
                final Series agrona = find(jmh, JmhSuite.rowName(Implementation.AGRONA, kind, length));
                if (ringway == null || agrona == null)
                {
                    continue;
                }
                md.append("| ").append(kind).append(" | ").append(length).append(" B | ")
                    .append(scoreWithError(ringway)).append(" | ").append(scoreWithError(agrona)).append(" | ")
                    .append(ratio(ringway.medianRatio(JmhSuite.SCORE, agrona))).append(" |\n");
            }
        }
        md.append('\n');
        md.append("The code paths alone, in one thread (`RingBurstBenchmark`: offer ").append(
            RingBurstBenchmark.BURST).append(" messages, then poll them; no second thread, so no ")
            .append("cache-line transfer or scheduling noise): nanoseconds per message, lower is better.\n\n");
        md.append("| ring | length | Ringway ns/msg | Agrona ns/msg | Ringway / Agrona |\n");
        md.append("| --- | ---: | ---: | ---: | ---: |\n");
        for (final RingKind kind : RingKind.values())
        {
            for (final int length : JmhSuite.MESSAGE_LENGTHS)
            {
                final Series ringway = find(jmh, JmhSuite.burstRowName(Implementation.RINGWAY, kind, length));
                final Series agrona = find(jmh, JmhSuite.burstRowName(Implementation.AGRONA, kind, length));
                if (ringway == null || agrona == null)
                {
                    continue;
                }
                md.append("| ").append(kind).append(" | ").append(length).append(" B | ")
                    .append(nanosWithError(ringway)).append(" | ").append(nanosWithError(agrona)).append(" | ")
                    .append(ratio(ringway.medianRatio(JmhSuite.SCORE, agrona))).append(" |\n");
            }
        }
        final Series agronaSpsc = find(jmh, JmhSuite.burstRowName(Implementation.AGRONA, RingKind.SPSC, 32));
        for (final String name : List.of(GoalReport.C_OFFER_POLL_GCC, GoalReport.C_OFFER_POLL_CLANG))
        {
            final Series c = find(jmh, name);
            if (c != null && agronaSpsc != null)
            {
                md.append("| SPSC, ").append(name.replace(", 32 B", "")).append(" | 32 B | ")
                    .append(nanosWithError(c)).append(" | ").append(nanosWithError(agronaSpsc)).append(" | ")
                    .append(ratio(c.medianRatio(JmhSuite.SCORE, agronaSpsc))).append(" |\n");
            }
        }
        md.append("\nThe `C offer+poll` rows: the C header's single-thread program (benchmarks/c/offer_poll.c, offer ")
            .append("one message, then poll it; median of its passes, no error bar), built with gcc and with clang, ")
            .append("against Agrona's SPSC burst row of the same round.\n\n");
    }

    private static String nanosWithError(final Series series)
    {
        final OptionalDouble score = series.median(JmhSuite.SCORE);
        if (score.isEmpty())
        {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1f +- %.1f", score.getAsDouble(),
            series.median(JmhSuite.ERROR).orElse(Double.NaN));
    }

    private static String scoreWithError(final Series series)
    {
        final OptionalDouble score = series.median(JmhSuite.SCORE);
        if (score.isEmpty())
        {
            return "-";
        }
        return rate(score.getAsDouble()) + " +- " + rate(series.median(JmhSuite.ERROR).orElse(Double.NaN));
    }

    private void targets(final StringBuilder md)
    {
        md.append("| target | measured | stands |\n| --- | --- | --- |\n");
        final Series floor = find(latency, Contenders.RAW_SPIN_FLOOR);
        final Series javaJava = find(latency, Contenders.RINGWAY_JAVA_JAVA);
        final Series javaC = find(latency, Contenders.RINGWAY_JAVA_C);
        final Series goJava = find(latency, Contenders.RINGWAY_GO_JAVA);
        final Series aeron = find(latency, Contenders.AERON_IPC);
        final Series socket = find(latency, Contenders.UNIX_SOCKET);
        target(md, "Java<->Java spinning p50 within " + FLOOR_TARGET + "x of the raw C floor",
            ratioOf(javaJava, floor, "p50"), FLOOR_TARGET, true, "Java<->Java / raw spin");
        target(md, "Java<->Java spinning p50 at or below Aeron IPC", ratioOf(javaJava, aeron, "p50"), 1.0, true,
            "Java<->Java / Aeron IPC");
        target(md, "C<->Java p50 within " + CROSS_LANGUAGE_TARGET + "x of Java<->Java", ratioOf(javaC, javaJava, "p50"),
            CROSS_LANGUAGE_TARGET, true, "Java<->C / Java<->Java");
        target(md, "Go<->Java p50 within " + CROSS_LANGUAGE_TARGET + "x of Java<->Java",
            ratioOf(goJava, javaJava, "p50"), CROSS_LANGUAGE_TARGET, true, "Go<->Java / Java<->Java");
        final Series rawFutex = find(latency, Contenders.RAW_FUTEX_FLOOR);
        target(md, "Ringway parked C<->C p50 within " + PARKED_TARGET + "x of raw C futex ping-pong",
            ratioOf(find(latency, Contenders.RINGWAY_PARKED_C_C), rawFutex, "p50"), PARKED_TARGET, true,
            "parked C<->C / raw futex");
        target(md, "Ringway parked Java<->Java p50 within " + PARKED_TARGET + "x of raw C futex ping-pong",
            ratioOf(find(latency, Contenders.RINGWAY_PARKED_JAVA_JAVA), rawFutex, "p50"), PARKED_TARGET, true,
            "parked Java<->Java / raw futex");
        for (final Series series : latency)
        {
            if (series.kind() == Contender.Kind.RINGWAY && !series.name().contains("parked"))
            {
                target(md, series.name() + " p50 at least " + (int)SOCKET_TARGET + "x below Unix domain sockets",
                    ratioOf(socket, series, "p50"), SOCKET_TARGET, false, "Unix socket / " + series.name());
            }
        }
        for (final int length : JmhSuite.MESSAGE_LENGTHS)
        {
            target(md, "SPSC in-process throughput at or above Agrona's, " + length + " B",
                ratioOf(find(jmh, JmhSuite.rowName(Implementation.RINGWAY, RingKind.SPSC, length)),
                    find(jmh, JmhSuite.rowName(Implementation.AGRONA, RingKind.SPSC, length)), JmhSuite.SCORE),
                1.0, false, "Ringway / Agrona");
        }
        WakeupReport.targets(md, parkedCpu, wakeCost);
    }

    private static OptionalDouble quotient(final OptionalDouble numerator, final OptionalDouble denominator)
    {
        return numerator.isPresent() && denominator.isPresent() ?
            OptionalDouble.of(numerator.getAsDouble() / denominator.getAsDouble()) : OptionalDouble.empty();
    }

    private static OptionalDouble ratioOf(final Series numerator, final Series denominator, final String key)
    {
        if (numerator == null || denominator == null || numerator.pending() != null || denominator.pending() != null)
        {
            return OptionalDouble.empty();
        }
        return numerator.medianRatio(key, denominator);
    }

    private static void target(final StringBuilder md, final String target, final OptionalDouble ratio,
        final double bound, final boolean atMost, final String what)
    {
        md.append("| ").append(target).append(" | ");
        if (ratio.isEmpty())
        {
            md.append(NOT_MEASURED).append(" | ").append(NOT_MEASURED).append(" |\n");
            return;
        }
        final boolean met = atMost ? ratio.getAsDouble() <= bound : ratio.getAsDouble() >= bound;
        md.append(what).append(" = ").append(ratio(ratio)).append(" (goal ").append(atMost ? "<= " : ">= ")
            .append(String.format(Locale.ROOT, "%.1fx", bound)).append(") | ").append(met ? "met" : "not met")
            .append(" |\n");
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

    private String plot()
    {
        final List<SvgPlot.Line> lines = new ArrayList<>();
        for (final Series series : latency)
        {
            if (series.pending() != null || series.measuredRounds() == 0)
            {
                continue;
            }
            final double[] values = new double[LatencySuite.PERCENTILES.length + 1];
            for (int i = 0; i < LatencySuite.PERCENTILES.length; i++)
            {
                values[i] = series.median(LatencySuite.key(LatencySuite.PERCENTILES[i])).orElse(Double.NaN);
            }
            values[values.length - 1] = series.median(LatencySuite.MAX).orElse(Double.NaN);
            lines.add(new SvgPlot.Line(series.name(), series.kind(), values));
        }
        return SvgPlot.draw("Round-trip latency by percentile, median of " + run.settings().rounds() + " rounds, " +
            run.startedAt(), LatencySuite.PERCENTILES, lines);
    }

    private Map<String, Object> json()
    {
        final Settings settings = run.settings();
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("startedAt", run.startedAt());
        json.put("command", run.command());
        json.put("minutes", run.minutes());
        final Map<String, Object> settingsJson = new LinkedHashMap<>();
        settingsJson.put("quick", settings.quick());
        settingsJson.put("rounds", settings.rounds());
        settingsJson.put("roundTripsPerRound", settings.roundTrips());
        settingsJson.put("warmupRoundTrips", settings.warmup());
        settingsJson.put("spinningWarmupRoundTrips", LatencySuite.spinningWarmup(settings));
        settingsJson.put("throughputBytesPerRun", settings.throughputBytes());
        settingsJson.put("jmhRounds", settings.jmhRounds());
        settingsJson.put("jmhWarmupIterations", settings.jmhWarmupIterations());
        settingsJson.put("jmhMeasurementIterations", settings.jmhMeasureIterations());
        settingsJson.put("pinned", settings.pin());
        json.put("settings", settingsJson);
        final Map<String, Object> machine = new LinkedHashMap<>(run.machine());
        machine.put("loadAverageAtStart", run.loadStart());
        machine.put("loadAverageAtEnd", run.loadEnd());
        json.put("machine", machine);
        json.put("latencyNs", latency.stream().map(Series::toJson).toList());
        json.put("pairedLatencyNs", paired.stream().map(Series::toJson).toList());
        json.put("fixedRateLatencyNs", fixedRate.stream().map(Series::toJson).toList());
        json.put("crossProcessThroughput", throughput.stream().map(Series::toJson).toList());
        json.put("crossProcessThroughputMpsc", mpsc.stream().map(Series::toJson).toList());
        json.put("inProcessThroughputJmh", jmh.stream().map(Series::toJson).toList());
        json.put("journalThroughput", journal.stream().map(Series::toJson).toList());
        json.put("parkedConsumerCpu", parkedCpu.stream().map(Series::toJson).toList());
        json.put("wakeSignalCost", wakeCost.stream().map(Series::toJson).toList());
        return json;
    }
}
