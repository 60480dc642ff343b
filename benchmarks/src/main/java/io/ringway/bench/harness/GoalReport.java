package io.ringway.bench.harness;

import io.ringway.RingKind;
import io.ringway.bench.jmh.RingBurstBenchmark;
import io.ringway.bench.jmh.RingThroughputBenchmark.Implementation;
import io.ringway.bench.pingpong.PairedPingPong;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * The goals of issue 21 ("Performance: at the hardware floor, ahead of Aeron IPC, in every language"), each with the
 * ratios measured in this run and where it stands: met, not met, or not measured yet (a row it needs was not run or
 * failed every round). One line per goal in the report and, short, in the README's summary line. Ratios are medians
 * of per-round ratios between rows measured in the same round, as everywhere in the report.
 */
final class GoalReport
{
    /**
     * Rows of the single-thread offer+poll program of the C header (benchmarks/c), built with gcc and with clang, in
     * nanoseconds per message under {@link JmhSuite#SCORE} (run by {@link JmhSuite}); a build without clang has no
     * clang row, and that check says "not measured yet".
     */
    static final String C_OFFER_POLL_GCC = "C offer+poll (gcc), 32 B";
    static final String C_OFFER_POLL_CLANG = "C offer+poll (clang), 32 B";

    /** Where a goal stands. */
    enum Status
    {
        MET("met"),
        NOT_MET("not met"),
        NOT_MEASURED("not measured yet");

        private final String text;

        Status(final String text)
        {
            this.text = text;
        }

        String text()
        {
            return text;
        }
    }

    /**
     * One measured ratio of a goal and its bound.
     *
     * @param label   what is divided by what, e.g. "Java<->Java / Aeron IPC p50".
     * @param ratio   the median of per-round ratios, or empty when a row is missing.
     * @param bound   the goal's bound.
     * @param atMost  true when the ratio must be at most the bound, false at least.
     * @param presence true for a check that a row was measured at all (ratio 1 when it was), shown without a ratio.
     * @param roundRatios the per-round ratios whose median {@code ratio} is (empty when not known): the report says in
     *                    how many rounds the bound held, which tells a goal missed in every round from one missed by
     *                    the machine's state in some.
     */
    record Check(String label, OptionalDouble ratio, double bound, boolean atMost, boolean presence,
        double[] roundRatios)
    {
        /** @return the check of a ratio of two rows: the median of the per-round ratios, and those. */
        static Check of(final String label, final double[] roundRatios, final double bound, final boolean atMost)
        {
            // a round that failed has no value (NaN): it counts neither way
            final double[] measured = Arrays.stream(roundRatios).filter(ratio -> !Double.isNaN(ratio)).toArray();
            return new Check(label, Series.median(measured), bound, atMost, false, measured);
        }

        /**
         * @return a check that the row was measured in at least one round.
         */
        static Check measured(final String label, final Series row)
        {
            final boolean measured = row != null && row.pending() == null && row.measuredRounds() > 0;
            return new Check(label, measured ? OptionalDouble.of(1) : OptionalDouble.empty(), 1, true, true,
                new double[0]);
        }

        Status status()
        {
            if (ratio.isEmpty())
            {
                return Status.NOT_MEASURED;
            }
            return within(ratio.getAsDouble()) ? Status.MET : Status.NOT_MET;
        }

        private boolean within(final double value)
        {
            return atMost ? value <= bound : value >= bound;
        }

        String text()
        {
            if (ratio.isEmpty())
            {
                return label + " not measured yet";
            }
            return label + (presence ? " measured" : String.format(Locale.ROOT, " %.2fx", ratio.getAsDouble()));
        }

        /** @return the text with its bound, for the report. */
        String textWithBound()
        {
            if (presence)
            {
                return text();
            }
            final String boundText = String.format(Locale.ROOT, "%s %.2fx", atMost ? "<=" : ">=", bound);
            if (ratio.isEmpty() || roundRatios.length == 0)
            {
                return text() + " (" + boundText + ")";
            }
            final long roundsWithin = Arrays.stream(roundRatios).filter(this::within).count();
            return text() + " (" + boundText + "; within it in " + roundsWithin + " of " + roundRatios.length +
                " rounds)";
        }
    }

    /**
     * One goal of the issue.
     *
     * @param goal   the goal, as the issue words it.
     * @param shortName a few words for the README line.
     * @param checks its ratios; the goal is met when all are, not met when one is not, else not measured yet.
     * @param note   what else to know about the figures, or "".
     */
    record Goal(String goal, String shortName, List<Check> checks, String note)
    {
        Status status()
        {
            final List<Status> statuses = checks.stream().map(Check::status).toList();
            if (statuses.contains(Status.NOT_MET))
            {
                return Status.NOT_MET;
            }
            return statuses.isEmpty() || statuses.contains(Status.NOT_MEASURED) ? Status.NOT_MEASURED : Status.MET;
        }

        /** @return the check furthest on the wrong side of its bound, else the closest to it, for the README. */
        Check headline()
        {
            Check worst = null;
            double worstMargin = Double.NEGATIVE_INFINITY;
            for (final Check check : checks)
            {
                if (check.ratio().isEmpty() || check.presence())
                {
                    continue;
                }
                final double value = check.ratio().getAsDouble();
                final double margin = check.atMost() ? value / check.bound() : check.bound() / value;
                if (margin > worstMargin)
                {
                    worstMargin = margin;
                    worst = check;
                }
            }
            return worst;
        }
    }

    private final List<Series> latency;
    private final List<Series> paired;
    private final List<Series> fixedRate;
    private final List<Series> throughput;
    private final List<Series> mpsc;
    private final List<Series> jmh;

    /**
     * @param latency    the back-to-back round-trip rows.
     * @param paired     the rows of the same-state pairs ({@link Contenders#pairedName}).
     * @param fixedRate  the fixed-rate round-trip rows.
     * @param throughput the one-way throughput rows.
     * @param mpsc       the many-producer throughput rows.
     * @param jmh        the JMH rows (and the C single-thread rows, when measured).
     */
    GoalReport(final List<Series> latency, final List<Series> paired, final List<Series> fixedRate,
        final List<Series> throughput, final List<Series> mpsc, final List<Series> jmh)
    {
        this.latency = latency;
        this.paired = paired;
        this.fixedRate = fixedRate;
        this.throughput = throughput;
        this.mpsc = mpsc;
        this.jmh = jmh;
    }

    private static Series find(final List<Series> list, final String name)
    {
        return list.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    private static OptionalDouble ratio(final Series numerator, final Series denominator, final String key)
    {
        return Series.median(roundRatios(numerator, denominator, key));
    }

    /** @return the per-round ratios of two rows (none when either is missing or was not run). */
    private static double[] roundRatios(final Series numerator, final Series denominator, final String key)
    {
        if (numerator == null || denominator == null || numerator.pending() != null || denominator.pending() != null)
        {
            return new double[0];
        }
        return numerator.roundRatios(key, denominator);
    }

    private static String shortName(final String row)
    {
        return row.equals(Contenders.RAW_SPIN_FLOOR) ? "raw spin floor" : row.replace("Ringway ", "");
    }

    private Check latencyCheck(final String row, final String against, final String key, final double bound)
    {
        return Check.of(shortName(row) + " / " + shortName(against) + " " + key,
            roundRatios(find(latency, row), find(latency, against), key), bound, true);
    }

    /** The check of a ratio between the two rows of a same-state pair, labelled as its back-to-back check. */
    private Check pairedCheck(final String row, final String against, final String key, final double bound)
    {
        return Check.of(shortName(row) + " / " + shortName(against) + " " + key + " (same state)",
            roundRatios(find(paired, Contenders.pairedName(row)), find(paired, Contenders.pairedName(against)), key),
            bound, true);
    }

    /** @return the note of a goal judged on a same-state pair: the back-to-back rows' ratio of the same kind. */
    private String backToBackNote(final String row, final String against, final String key)
    {
        return "judged on the same-state pair (both rows in one pair of processes, taking turns in blocks of " +
            PairedPingPong.BLOCK_ROUNDS + " round trips); the back-to-back rows, measured one after the other: " +
            latencyCheck(row, against, key, 1.0).text();
    }

    /**
     * @return the goals of issue 21, in the order.
     */
    List<Goal> goals()
    {
        final List<Goal> goals = new ArrayList<>();
        goals.add(new Goal("Ringway Java<->Java p50 <= Aeron IPC p50", "Java<->Java p50 vs Aeron",
            List.of(pairedCheck(Contenders.RINGWAY_JAVA_JAVA, Contenders.AERON_IPC, "p50", 1.0)),
            backToBackNote(Contenders.RINGWAY_JAVA_JAVA, Contenders.AERON_IPC, "p50")));
        goals.add(new Goal("Ringway C<->C p50 <= 1.05x the raw spin floor", "C<->C p50 vs floor",
            List.of(pairedCheck(Contenders.RINGWAY_C_C, Contenders.RAW_SPIN_FLOOR, "p50", 1.05)),
            backToBackNote(Contenders.RINGWAY_C_C, Contenders.RAW_SPIN_FLOOR, "p50")));
        goals.add(new Goal("Ringway Go<->Go and Go<->Java p50 <= 1.1x Java<->Java", "Go p50 vs Java",
            List.of(latencyCheck(Contenders.RINGWAY_GO_GO, Contenders.RINGWAY_JAVA_JAVA, "p50", 1.1),
                latencyCheck(Contenders.RINGWAY_GO_JAVA, Contenders.RINGWAY_JAVA_JAVA, "p50", 1.1)), ""));
        final List<Check> p99 = new ArrayList<>();
        p99.add(pairedCheck(Contenders.RINGWAY_JAVA_JAVA, Contenders.AERON_IPC, "p99", 1.0));
        for (final Series series : latency)
        {
            if (series.kind() == Contender.Kind.RINGWAY && !series.name().contains("parked") &&
                !series.name().equals(Contenders.RINGWAY_JAVA_JAVA))
            {
                p99.add(latencyCheck(series.name(), Contenders.AERON_IPC, "p99", 1.0));
            }
        }
        goals.add(new Goal("p99 of every Ringway spin row <= Aeron IPC p99", "spin p99 vs Aeron", p99,
            "Java<->Java " + backToBackNote(Contenders.RINGWAY_JAVA_JAVA, Contenders.AERON_IPC, "p99") +
            "; the other rows back to back (no pair with Aeron in one process pair: C and Go have no Aeron client " +
            "here); the fixed-rate rows' p99 against Aeron at the same rate are in their table"));
        goals.add(singleThreadGoal());
        final List<Check> oneWay = new ArrayList<>();
        final List<String> offerOneWay = new ArrayList<>();
        final List<String> membarrierOneWay = new ArrayList<>();
        for (final int length : Contenders.THROUGHPUT_LENGTHS)
        {
            final Series aeron = find(throughput, ThroughputSuite.rowName(Contenders.AERON_IPC, length));
            for (final String row : List.of(Contenders.RINGWAY_JAVA_JAVA_ONE_WAY, Contenders.RINGWAY_C_C_ONE_WAY,
                Contenders.RINGWAY_GO_GO_ONE_WAY))
            {
                final String label = language(row) + " " + length + " B";
                oneWay.add(Check.of(label, oneWayRatios(row + Contenders.BATCH_SUFFIX, length, aeron), 1.0, false));
                offerOneWay.add(label + " " + formatMedian(oneWayRatios(row, length, aeron)));
                membarrierOneWay.add(label + " " +
                    formatMedian(oneWayRatios(row + Contenders.MEMBARRIER_WAKEUPS_SUFFIX, length, aeron)));
            }
        }
        goals.add(new Goal("One-way throughput >= Aeron IPC at 32 B, 64 B, 256 B and 4 KiB, with a batched producer " +
            "API, in Java, C and Go (Ringway / Aeron msgs/s)", "one-way throughput vs Aeron", oneWay,
            "batched producers (the rows '" + Contenders.RINGWAY_JAVA_JAVA_ONE_WAY + Contenders.BATCH_SUFFIX + "', '" +
            Contenders.RINGWAY_C_C_ONE_WAY + Contenders.BATCH_SUFFIX + "', '" + Contenders.RINGWAY_GO_GO_ONE_WAY +
            Contenders.BATCH_SUFFIX + "': offerBatch of " + Contenders.THROUGHPUT_BATCH + ", on SPSC one claim " +
            "and one commit per run of records, docs/LAYOUT.md 6.1), the default consumer, against Aeron's " +
            "exclusive publication offering one message at a time; one offer per message: " +
            String.join(", ", offerOneWay) + "; one offer per message to a consumer promising membarrier wakeups " +
            "(opt-in, docs/WAITING.md): " + String.join(", ", membarrierOneWay)));
        final List<Check> manyProducers = new ArrayList<>();
        final List<String> otherManyProducers = new ArrayList<>();
        for (final int producers : Contenders.MPSC_PRODUCERS)
        {
            final Series agrona = find(mpsc, Contenders.mpscName(producers, Contenders.MPSC_AGRONA,
                Contenders.MPSC_LENGTH));
            for (final String peer : List.of(Contenders.MPSC_AGRONA, Contenders.MPSC_AERON))
            {
                manyProducers.add(Check.of(producers + " producers / " + peer.replace(" IPC concurrent publication",
                    " concurrent").replace(" ManyToOneRingBuffer", ""), mpscRatios(producers,
                    Contenders.MPSC_RINGWAY_BATCH, find(mpsc, Contenders.mpscName(producers, peer,
                    Contenders.MPSC_LENGTH))), 1.0, false));
            }
            otherManyProducers.add(producers + " producers / Agrona: one offer per message " +
                formatMedian(mpscRatios(producers, Contenders.MPSC_RINGWAY, agrona)) + ", to a consumer promising membarrier " +
                "wakeups " + formatMedian(mpscRatios(producers, Contenders.MPSC_RINGWAY_MEMBARRIER_WAKEUPS, agrona)));
        }
        goals.add(new Goal("MPSC throughput with 2 and 3 producer processes >= Agrona's ManyToOneRingBuffer and " +
            "Aeron's concurrent publication, with a batched producer API (msgs/s at the consumer)", "MPSC throughput",
            manyProducers, Contenders.MPSC_LENGTH + " B messages, producers offering batches of " +
            Contenders.THROUGHPUT_BATCH + " (the row '" + Contenders.MPSC_RINGWAY_BATCH + "': one claim and one commit " +
            "per run of records, docs/LAYOUT.md 6.2), the default consumer, against Agrona's and Aeron's producers " +
            "writing one message at a time; " + String.join("; ", otherManyProducers)));
        goals.add(newRowsGoal());
        return goals;
    }

    private Goal singleThreadGoal()
    {
        final List<Check> checks = new ArrayList<>();
        for (final RingKind kind : RingKind.values())
        {
            for (final int length : JmhSuite.MESSAGE_LENGTHS)
            {
                checks.add(Check.of("Java " + kind + " " + length + " B",
                    roundRatios(find(jmh, JmhSuite.burstRowName(Implementation.RINGWAY, kind, length)),
                        find(jmh, JmhSuite.burstRowName(Implementation.AGRONA, kind, length)), JmhSuite.SCORE),
                    1.0, true));
            }
        }
        final Series agrona = find(jmh, JmhSuite.burstRowName(Implementation.AGRONA, RingKind.SPSC, 32));
        for (final String c : List.of(C_OFFER_POLL_GCC, C_OFFER_POLL_CLANG))
        {
            checks.add(Check.of(c.replace(", 32 B", "") + " SPSC 32 B", roundRatios(find(jmh, c), agrona,
                JmhSuite.SCORE), 1.0, true));
        }
        return new Goal("Single-thread offer+poll ns/message <= Agrona's (Ringway / Agrona ns per message; gcc and " +
            "clang builds of the C header both reported)", "single-thread offer+poll vs Agrona", checks,
            "JMH RingBurstBenchmark for Java (offer " + RingBurstBenchmark.BURST + ", then poll them); the C header: " +
            "benchmarks/c/offer_poll (offer one, then poll it), each against Agrona's SPSC burst row");
    }

    /**
     * The new rows the issue asks for: met once each was measured in at least one round; its ratios show where the
     * nanoseconds go (floors) and how the fixed-rate rows stand against Aeron at the same rate.
     */
    private Goal newRowsGoal()
    {
        final List<Check> checks = new ArrayList<>();
        for (final Contender row : Contenders.LATENCY)
        {
            if (row.name().startsWith(Contenders.FIXED_RATE_PREFIX))
            {
                checks.add(Check.measured(row.name().replace("Ringway ", ""), find(fixedRate, row.name())));
            }
        }
        for (final String row : List.of(Contenders.RAW_SPIN_RECORD, Contenders.RAW_SPIN_WAKE_CHECK))
        {
            checks.add(Check.measured(row, find(latency, row)));
        }
        final String info = informationalRatios();
        return new Goal("New rows: latency at a fixed offered rate (100k and 1M msgs/s, coordinated omission " +
            "corrected, p50 to p99.99, Ringway Java, C and Go against Aeron IPC) and floor rows that isolate costs " +
            "(raw spin with a 40-byte record, raw spin with the wake check)", "new rows", checks, info);
    }

    private String informationalRatios()
    {
        final List<String> parts = new ArrayList<>();
        final Series floor = find(latency, Contenders.RAW_SPIN_FLOOR);
        final Series record = find(latency, Contenders.RAW_SPIN_RECORD);
        final Series wakeCheck = find(latency, Contenders.RAW_SPIN_WAKE_CHECK);
        final Series consumerZeroes = find(latency, Contenders.RAW_SPIN_RECORD_CONSUMER_ZEROES);
        parts.add("40-byte record / raw spin p50 " + format(ratio(record, floor, "p50")));
        parts.add("consumer zeroes / 40-byte record (pre-zeroed header) p50 " +
            format(ratio(consumerZeroes, record, "p50")));
        parts.add("zero ahead / 40-byte record p50 " +
            format(ratio(find(latency, Contenders.RAW_SPIN_RECORD_ZERO_AHEAD), record, "p50")) + ", p99 " +
            format(ratio(find(latency, Contenders.RAW_SPIN_RECORD_ZERO_AHEAD), record, "p99")));
        parts.add("wake check / 40-byte record p50 " + format(ratio(wakeCheck, record, "p50")));
        for (final long rate : Contenders.FIXED_RATES)
        {
            final Series aeron = find(fixedRate, Contenders.fixedRateName(rate, Contenders.AERON_IPC));
            final String rows = fixedRate.stream()
                .filter(s -> s.kind() == Contender.Kind.RINGWAY &&
                    s.name().startsWith(Contenders.fixedRateName(rate, "")))
                .map(s -> shortName(s.name().substring(Contenders.fixedRateName(rate, "").length())) + " " +
                    format(ratio(s, aeron, "p99")))
                .collect(Collectors.joining(", "));
            parts.add(Contenders.fixedRateName(rate, "").replace(": ", "") + " p99 / Aeron: " +
                (rows.isEmpty() ? "-" : rows));
        }
        return String.join("; ", parts);
    }

    private double[] mpscRatios(final int producers, final String row, final Series against)
    {
        return roundRatios(find(mpsc, Contenders.mpscName(producers, row, Contenders.MPSC_LENGTH)), against,
            ThroughputSuite.MESSAGES_PER_SECOND);
    }

    private double[] oneWayRatios(final String row, final int length, final Series aeron)
    {
        return roundRatios(find(throughput, ThroughputSuite.rowName(row, length)), aeron,
            ThroughputSuite.MESSAGES_PER_SECOND);
    }

    /** @return the language of a one-way row named "Ringway X->X": "X". */
    private static String language(final String row)
    {
        return row.substring(row.lastIndexOf(' ') + 1, row.indexOf("->"));
    }

    /** @return the median of per-round ratios, formatted as {@link #format} does. */
    private static String formatMedian(final double[] roundRatios)
    {
        return format(Series.median(roundRatios));
    }

    private static String format(final OptionalDouble ratio)
    {
        return ratio.isPresent() ? String.format(Locale.ROOT, "%.2fx", ratio.getAsDouble()) : "-";
    }

    /**
     * The "Goals (issue 21)" section: one line per goal with its ratios and status.
     */
    void section(final StringBuilder md)
    {
        md.append("## Goals (issue 21)\n\n")
            .append("Each goal of issue 21 with the ratios of this run (medians of per-round ratios) and where it ")
            .append("stands: met when every ratio is within its bound, not met when one is not, not measured yet ")
            .append("when a row it needs was not run (or failed every round). Beside each ratio, in how many rounds ")
            .append("the ratio of that round alone was within the bound: a ratio outside its bound in every round ")
            .append("is not the machine's noise, one outside it in some rounds only may be. The issue's last goal ")
            .append("(protocol ")
            .append("changes keep LAYOUT.md and the differential, oracle and crash tests green) is checked by the ")
            .append("test suites, not by this run.\n\n");
        md.append("| goal | measured (bound) | stands |\n| --- | --- | --- |\n");
        for (final Goal goal : goals())
        {
            md.append("| ").append(goal.goal()).append(" | ")
                .append(goal.checks().stream().map(Check::textWithBound).collect(Collectors.joining(", ")))
                .append(goal.note().isEmpty() ? "" : "; " + goal.note()).append(" | ").append(goal.status().text())
                .append(" |\n");
        }
        md.append('\n');
    }

    /**
     * @return the goals' part of the README line: how many are met, and each goal's status with its headline ratio.
     */
    String summary()
    {
        final List<Goal> goals = goals();
        final long met = goals.stream().filter(g -> g.status() == Status.MET).count();
        final long notMeasured = goals.stream().filter(g -> g.status() == Status.NOT_MEASURED).count();
        final String each = goals.stream().map(g ->
        {
            final Check headline = g.headline();
            return g.shortName() + " " + g.status().text() + (headline == null ? "" : " (" + headline.text() + ")");
        }).collect(Collectors.joining("; "));
        return "issue-21 goals: " + met + " of " + goals.size() + " met" +
            (notMeasured > 0 ? ", " + notMeasured + " not measured yet" : "") + " (" + each + ")";
    }
}
