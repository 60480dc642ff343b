package io.ringway.bench.harness;

import io.ringway.RingKind;
import io.ringway.bench.jmh.RingThroughputBenchmark;
import io.ringway.bench.jmh.RingThroughputBenchmark.Implementation;
import io.ringway.bench.jmh.WakeSignalCostBenchmark;
import io.ringway.wait.WaitWord;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What wakeup support costs the fast path when nobody waits. The same JMH benchmark runs in forks with
 * signalling on (as shipped) and off (the benchmark-only {@value WaitWord#DISABLE_SIGNAL_PROPERTY} switch), variants
 * interleaved (on off on off ...) for several rounds, one fork per run: {@link WakeSignalCostBenchmark} (one thread,
 * offer + poll of one 32-byte message, ns per pair) and {@link RingThroughputBenchmark} (Ringway SPSC, 32 B, one
 * producer thread and one consumer thread, messages per second). The report takes the difference and the ratio per
 * round and shows their medians.
 */
final class WakeCostSuite
{
    static final String PREFIX = "wake signal ";
    static final String NS_PER_MESSAGE = "nsPerMessage";
    static final String ERROR = "error";
    static final String MESSAGES_PER_SECOND = "messagesPerSecond";
    static final String SINGLE_THREAD = "offer+poll 32 B, 1 thread";
    static final String TWO_THREADS = "SPSC 32 B, 2 threads";
    /** Our goal for "what wakeup support adds when nobody waits": at most this many ns per offer+poll pair. */
    static final double TARGET_NS_PER_PAIR = 5.0;
    /** JMH gives no error bar for fewer than 3 measured iterations; the quick run's 2 would leave it out. */
    static final int MIN_MEASUREMENT_ITERATIONS = 3;

    private WakeCostSuite()
    {
    }

    static String rowName(final boolean signalOn, final String benchmark)
    {
        return PREFIX + (signalOn ? "on" : "off") + ": " + benchmark;
    }

    static int measurementIterations(final Settings settings)
    {
        return Math.max(MIN_MEASUREMENT_ITERATIONS, settings.jmhMeasureIterations());
    }

    static List<Series> run(final Settings settings, final Toolchain toolchain, final Path log) throws RunnerException
    {
        final List<Series> series = new ArrayList<>();
        final List<ChainedOptionsBuilder> runs = new ArrayList<>();
        final List<Boolean> singleThread = new ArrayList<>();
        for (final boolean twoThreads : new boolean[] {false, true})
        {
            for (final boolean signalOn : new boolean[] {true, false})
            {
                final String name = rowName(signalOn, twoThreads ? TWO_THREADS : SINGLE_THREAD);
                if (!settings.selects(name))
                {
                    continue;
                }
                final List<String> jvmFlags = new ArrayList<>(toolchain.ringwayJvmFlags());
                jvmFlags.add("-Xmx1g");
                if (!signalOn)
                {
                    jvmFlags.add("-D" + WaitWord.DISABLE_SIGNAL_PROPERTY + "=true");
                }
                final ChainedOptionsBuilder options = new OptionsBuilder().jvmArgsAppend(jvmFlags.toArray(String[]::new));
                if (twoThreads)
                {
                    options.include(RingThroughputBenchmark.class.getName())
                        .param("implementation", Implementation.RINGWAY.toString())
                        .param("ringKind", RingKind.SPSC.toString())
                        .param("messageLength", Integer.toString(WakeSignalCostBenchmark.MESSAGE_LENGTH));
                }
                else
                {
                    options.include(WakeSignalCostBenchmark.class.getName()).param("signal", signalOn ? "on" : "off");
                }
                series.add(new Series(name, Contender.Kind.RINGWAY, twoThreads ?
                    "RingThroughputBenchmark: 1 producer thread, 1 consumer thread, Ringway SPSC, " +
                    RingThroughputBenchmark.CAPACITY / 1024 + " KiB ring, poll limit " +
                    RingThroughputBenchmark.POLL_LIMIT :
                    "WakeSignalCostBenchmark: 1 thread, offer one message then poll it, SPSC channel file",
                    null));
                runs.add(options);
                singleThread.add(!twoThreads);
            }
        }
        for (int round = 1; round <= settings.rounds(); round++)
        {
            for (int i = 0; i < runs.size(); i++)
            {
                final long startNs = System.nanoTime();
                final String prefix = String.format("[wake cost round %d/%d, %d/%d] %s: ", round, settings.rounds(),
                    i + 1, runs.size(), series.get(i).name());
                try
                {
                    final RunResult result = new Runner(runs.get(i)
                        .forks(1)
                        .warmupIterations(settings.jmhWarmupIterations())
                        .warmupTime(TimeValue.seconds(1))
                        .measurementIterations(measurementIterations(settings))
                        .measurementTime(TimeValue.seconds(1))
                        .shouldFailOnError(true)
                        .output(log.toString())
                        .build()).run().iterator().next();
                    final Map<String, Double> values = new LinkedHashMap<>();
                    if (singleThread.get(i))
                    {
                        final Result<?> score = result.getPrimaryResult();
                        values.put(NS_PER_MESSAGE, score.getScore());
                        values.put(ERROR, score.getScoreError());
                        System.out.printf(Locale.ROOT, "%s%.2f +- %.2f ns per offer+poll (%.1f s)%n", prefix,
                            score.getScore(), score.getScoreError(), (System.nanoTime() - startNs) / 1e9);
                    }
                    else
                    {
                        final Result<?> score = result.getSecondaryResults().get("messages");
                        values.put(MESSAGES_PER_SECOND, score.getScore());
                        values.put(ERROR, score.getScoreError());
                        values.put(NS_PER_MESSAGE, 1e9 / score.getScore());
                        System.out.printf(Locale.ROOT, "%s%s +- %s msgs/s (%.1f s)%n", prefix,
                            Report.rate(score.getScore()), Report.rate(score.getScoreError()),
                            (System.nanoTime() - startNs) / 1e9);
                    }
                    series.get(i).add(values);
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
