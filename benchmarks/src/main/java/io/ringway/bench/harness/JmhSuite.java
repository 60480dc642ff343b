package io.ringway.bench.harness;

import io.ringway.RingKind;
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
 * In-process throughput with JMH: each parameter combination of {@link RingThroughputBenchmark} is its own JMH run
 * (one fork), combinations interleaved, the whole repeated for several rounds. The score is the consumer's messages
 * per second; its error is JMH's 99.9% confidence half-width for that run.
 */
final class JmhSuite
{
    static final String SCORE = "messagesPerSecond";
    static final String ERROR = "error";
    static final int[] MESSAGE_LENGTHS = {32, 256};

    private JmhSuite()
    {
    }

    static String rowName(final Implementation implementation, final RingKind ringKind, final int length)
    {
        return (implementation == Implementation.RINGWAY ? "Ringway " : "Agrona ") + ringKind + ", " + length + " B";
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
                    series.add(new Series(rowName(implementation, ringKind, length),
                        implementation == Implementation.RINGWAY ? Contender.Kind.RINGWAY : Contender.Kind.PEER,
                        "1 producer thread, 1 consumer thread, " + RingThroughputBenchmark.CAPACITY / 1024 +
                        " KiB ring, poll limit " + RingThroughputBenchmark.POLL_LIMIT, null));
                    combinations.add(new Object[] {implementation, ringKind, length});
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
                    .include(RingThroughputBenchmark.class.getName())
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
                    final Result<?> messages = result.getSecondaryResults().get("messages");
                    final Map<String, Double> values = new LinkedHashMap<>();
                    values.put(SCORE, messages.getScore());
                    values.put(ERROR, messages.getScoreError());
                    series.get(i).add(values);
                    System.out.printf("%s%s +- %s msgs/s (%.1f s)%n", prefix, Report.rate(messages.getScore()),
                        Report.rate(messages.getScoreError()), (System.nanoTime() - startNs) / 1e9);
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
