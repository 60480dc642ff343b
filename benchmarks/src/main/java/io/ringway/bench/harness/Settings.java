package io.ringway.bench.harness;

import java.util.regex.Pattern;

/**
 * How much to measure: rounds, round trips, throughput volume and JMH iterations, for a quick or a full run.
 *
 * @param quick                  true for a smoke run (fewer round trips and rounds).
 * @param rounds                 interleaved rounds of the cross-process rows.
 * @param roundTrips             measured round trips per latency row per round.
 * @param warmup                 round trips before measuring, per run.
 * @param throughputBytes        bytes per throughput run (message count = this / length, within the bounds below).
 * @param jmhRounds              JMH runs of every parameter combination, interleaved.
 * @param jmhWarmupIterations    JMH warm-up iterations of 1 s.
 * @param jmhMeasureIterations   JMH measured iterations of 1 s.
 * @param pin                    pin the two processes of a row to one core each.
 * @param only                   only rows whose name matches, or null for all.
 */
record Settings(boolean quick, int rounds, int roundTrips, long warmup, long throughputBytes, int jmhRounds,
    int jmhWarmupIterations, int jmhMeasureIterations, boolean pin, Pattern only)
{
    static final long MIN_THROUGHPUT_MESSAGES = 10_000;
    static final long MAX_THROUGHPUT_MESSAGES = 20_000_000;

    boolean selects(final String name)
    {
        return only == null || only.matcher(name).find();
    }

    long throughputMessages(final int length)
    {
        return Math.max(MIN_THROUGHPUT_MESSAGES, Math.min(MAX_THROUGHPUT_MESSAGES, throughputBytes / length));
    }
}
