package io.ringway.bench.harness;

import io.ringway.RingKind;
import io.ringway.bench.jmh.RingBurstBenchmark;
import io.ringway.bench.jmh.RingThroughputBenchmark;
import io.ringway.bench.jmh.RingThroughputBenchmark.Implementation;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * In-process benchmarks with JMH: each parameter combination of {@link RingThroughputBenchmark} (two threads; score:
 * the consumer's messages per second) and of {@link RingBurstBenchmark} (one thread; score: ns per message for offer
 * plus poll) is its own JMH run (one fork), combinations interleaved, the whole repeated for several rounds. The
 * error of a score is JMH's 99.9% confidence half-width for that run.
 */
final class JmhSuite
{
    static final String SCORE = "messagesPerSecond";
    static final String ERROR = "error";
    static final int[] MESSAGE_LENGTHS = {32, 256};

    private JmhSuite()
    {
    }

    static final String BURST_PREFIX = "burst: ";

    static String rowName(final Implementation implementation, final RingKind ringKind, final int length)
    {
        return (implementation == Implementation.RINGWAY ? "Ringway " : "Agrona ") + ringKind + ", " + length + " B";
    }

    static String burstRowName(final Implementation implementation, final RingKind ringKind, final int length)
    {
        return BURST_PREFIX + rowName(implementation, ringKind, length);
    }

    static List<Series> run(final Settings settings, final Toolchain toolchain, final Path log) throws RunnerException
    {
        final List<Series> series = new ArrayList<>();
        final List<Object[]> combinations = new ArrayList<>();
        for (final RingKind ringKind : RingKind.values())
        {
            for (final int length : MESSAGE_LENGTHS)
            {
                for (final Implementation implementation : Implementation.values())
                {
                    if (!settings.selects(rowName(implementation, ringKind, length)) &&
                        !settings.selects(burstRowName(implementation, ringKind, length)))
                    {
                        continue;
                    }
                    final Contender.Kind kind =
                        implementation == Implementation.RINGWAY ? Contender.Kind.RINGWAY : Contender.Kind.PEER;
                    series.add(new Series(rowName(implementation, ringKind, length), kind,
                        "1 producer thread, 1 consumer thread, " + RingThroughputBenchmark.CAPACITY / 1024 +
                        " KiB ring, poll limit " + RingThroughputBenchmark.POLL_LIMIT, null));
                    combinations.add(new Object[] {implementation, ringKind, length, RingThroughputBenchmark.class});
                    series.add(new Series(burstRowName(implementation, ringKind, length), kind,
                        "1 thread: offer " + RingBurstBenchmark.BURST + " messages, then poll them", null));
                    combinations.add(new Object[] {implementation, ringKind, length, RingBurstBenchmark.class});
                }
            }
        }
        final List<String> jvmFlags = new ArrayList<>(toolchain.ringwayJvmFlags());
        jvmFlags.add("-Xmx1g");
        for (int round = 1; round <= settings.jmhRounds(); round++)
        {
            for (int i = 0; i < combinations.size(); i++)
            {
                final Object[] combination = combinations.get(i);
                final Options options = new OptionsBuilder()
                    .include(((Class<?>)combination[3]).getName())
                    .param("implementation", combination[0].toString())
                    .param("ringKind", combination[1].toString())
                    .param("messageLength", combination[2].toString())
                    .forks(1)
                    .warmupIterations(settings.jmhWarmupIterations())
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(settings.jmhMeasureIterations())
                    .measurementTime(TimeValue.seconds(1))
                    .jvmArgsAppend(jvmFlags.toArray(String[]::new))
                    .shouldFailOnError(true)
                    .output(log.toString())
                    .build();
                final long startNs = System.nanoTime();
                final String prefix = String.format("[jmh round %d/%d, %d/%d] %s: ", round, settings.jmhRounds(), i + 1,
                    combinations.size(), series.get(i).name());
                try
                {
                    final RunResult result = new Runner(options).run().iterator().next();
                    final boolean isBurst = combination[3] == RingBurstBenchmark.class;
                    final Result<?> score = isBurst ? result.getPrimaryResult() :
                        result.getSecondaryResults().get("messages");
                    final Map<String, Double> values = new LinkedHashMap<>();
                    values.put(SCORE, score.getScore());
                    values.put(ERROR, score.getScoreError());
                    series.get(i).add(values);
                    System.out.printf("%s%s +- %s %s (%.1f s)%n", prefix,
                        isBurst ? String.format("%.1f", score.getScore()) : Report.rate(score.getScore()),
                        isBurst ? String.format("%.1f", score.getScoreError()) : Report.rate(score.getScoreError()),
                        isBurst ? "ns per message" : "msgs/s", (System.nanoTime() - startNs) / 1e9);
                }
                catch (final RunnerException | RuntimeException ex)
                {
                    series.get(i).fail(String.valueOf(ex.getMessage()));
                    System.out.println(prefix + "FAILED: " + ex.getMessage() + " (JMH log: " + log + ")");
                }
            }
        }
        return series;
    }
}
