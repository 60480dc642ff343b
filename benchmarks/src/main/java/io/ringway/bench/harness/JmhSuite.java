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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** The C header's single-thread program (benchmarks/c/offer_poll.c): row name, binary, compiler. */
    private static final String[][] C_OFFER_POLL_PROGRAMS = {
        {GoalReport.C_OFFER_POLL_GCC, "offer_poll", "gcc"},
        {GoalReport.C_OFFER_POLL_CLANG, "offer_poll_clang", "clang"}};
    private static final int C_OFFER_POLL_MESSAGES = 10_000_000;
    private static final int C_OFFER_POLL_ROUNDS = 5;
    private static final Pattern C_OFFER_POLL_MEDIAN = Pattern.compile("^median ns_per_offer_poll=([0-9.]+) ");

    /** One run of the C single-thread program into its row, in ns per message like the burst rows. */
    private static void runOfferPoll(final Series row, final Path program, final String prefix)
    {
        final long startNs = System.nanoTime();
        Path channel = null;
        try
        {
            channel = Files.createTempFile(Path.of("/dev/shm"), "ringway-offer-poll-", ".ringway");
            Files.delete(channel); // the program creates it
            final Process process = new ProcessBuilder(program.toString(), channel.toString(),
                Integer.toString(C_OFFER_POLL_MESSAGES), Integer.toString(C_OFFER_POLL_ROUNDS), "spsc")
                .redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            final int exit = process.waitFor();
            final Matcher median = output.lines().map(C_OFFER_POLL_MEDIAN::matcher).filter(Matcher::find)
                .reduce((first, second) -> second).orElse(null);
            if (exit != 0 || median == null)
            {
                throw new IOException("offer_poll: exit=" + exit + " output=" + output.strip());
            }
            final Map<String, Double> values = new LinkedHashMap<>();
            values.put(SCORE, Double.parseDouble(median.group(1)));
            values.put(ERROR, 0.0);
            row.add(values);
            System.out.printf("%s%s ns per message (%.1f s)%n", prefix, median.group(1),
                (System.nanoTime() - startNs) / 1e9);
        }
        catch (final IOException | RuntimeException ex)
        {
            row.fail(String.valueOf(ex.getMessage()));
            System.out.println(prefix + "FAILED: " + ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            row.fail("interrupted");
        }
        finally
        {
            if (channel != null)
            {
                try
                {
                    Files.deleteIfExists(channel);
                }
                catch (final IOException ignored)
                {
                    // a file left in /dev/shm is harmless; the next run uses another name
                }
            }
        }
    }

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
        final List<Series> cRows = new ArrayList<>();
        final List<Path> cPrograms = new ArrayList<>();
        for (final String[] program : C_OFFER_POLL_PROGRAMS)
        {
            final Path path = toolchain.cProgramDirectory().resolve(program[1]);
            if (settings.selects(program[0]) && Files.isExecutable(path))
            {
                cRows.add(new Series(program[0], Contender.Kind.RINGWAY, "1 thread: ringway.h " +
                    "built with " + program[2] + " -O2, offer one message, then poll it, " + C_OFFER_POLL_MESSAGES +
                    " times; the median of " + C_OFFER_POLL_ROUNDS + " passes", null));
                cPrograms.add(path);
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
            for (int i = 0; i < cRows.size(); i++)
            {
                runOfferPoll(cRows.get(i), cPrograms.get(i), String.format("[jmh round %d/%d, C] %s: ", round,
                    settings.jmhRounds(), cRows.get(i).name()));
            }
        }
        series.addAll(cRows);
        return series;
    }
}
