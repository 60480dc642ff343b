package io.ringway.bench.harness;

import io.ringway.bench.pingpong.PairedPingPong;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cross-process round-trip latency: every measured latency row runs once per round, rows interleaved (A B C ... A B
 * C ...), and each run's samples go into an HdrHistogram whose percentiles are that round's values. A same-state pair
 * ({@link Contender#paired}) is one run that measures two rows, whose samples its ping writes to two files.
 */
final class LatencySuite
{
    /** Percentiles recorded per round; the table shows some, the plot all. */
    static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99};
    static final String MAX = "max";
    private static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(60);
    private static final int SIGNIFICANT_DIGITS = 3;
    /** Allowed per round trip before a run counts as hung: generous, pipes on a loaded VM take 50 us or more. */
    private static final long TIMEOUT_NS_PER_ROUND_TRIP = TimeUnit.MILLISECONDS.toNanos(1);

    private LatencySuite()
    {
    }

    static String key(final double percentile)
    {
        final String text = percentile == Math.rint(percentile) ? Long.toString((long)percentile) :
            Double.toString(percentile);
        return "p" + text;
    }

    static List<Series> run(final Settings settings, final Toolchain toolchain, final Workspace workspace)
        throws IOException, InterruptedException
    {
        final List<Series> series = new ArrayList<>();
        final List<Contender> contenders = new ArrayList<>();
        // the rows of contender i: one, or two for a same-state pair (reference, then Ringway)
        final List<List<Series>> rowsOf = new ArrayList<>();
        for (final Contender contender : Contenders.LATENCY)
        {
            if (!settings.selects(contender.name()))
            {
                continue;
            }
            final List<Series> rows = contender.isPaired() ?
                List.of(new Series(Contenders.pairedName(contender.pairedRows().get(0)), contender.kind(),
                    contender.topology(), contender.pending()),
                    new Series(Contenders.pairedName(contender.pairedRows().get(1)), Contender.Kind.RINGWAY,
                    contender.topology(), contender.pending())) :
                List.of(new Series(contender.name(), contender.kind(), contender.topology(), contender.pending()));
            series.addAll(rows);
            rowsOf.add(rows);
            contenders.add(contender);
        }
        final long measured = contenders.stream().filter(Contender::isMeasured).count();
        for (int round = 1; round <= settings.rounds(); round++)
        {
            int index = 0;
            for (int i = 0; i < contenders.size(); i++)
            {
                final Contender contender = contenders.get(i);
                if (!contender.isMeasured())
                {
                    continue;
                }
                ++index;
                final Path directory = workspace.newRunDirectory();
                final Path samples = directory.resolve("samples.bin");
                final long warmup = warmup(contender, settings);
                final int roundTrips =
                    contender.isPaired() ? (int)wholeBlocks(settings.roundTrips()) : settings.roundTrips();
                final long timeoutSeconds =
                    60 + TimeUnit.NANOSECONDS.toSeconds((warmup + roundTrips) * TIMEOUT_NS_PER_ROUND_TRIP);
                final RunContext context = new RunContext(directory, toolchain, warmup, roundTrips, samples);
                final List<String> client = new ArrayList<>(contender.client().apply(context));
                if (contender.peerContract())
                {
                    client.addAll(List.of(Long.toString(warmup), Integer.toString(roundTrips), samples.toString()));
                }
                final long startNs = System.nanoTime();
                final List<String> server = contender.server().apply(context);
                final String error = ProcessPair.run(server, client, settings.pin(), timeoutSeconds, directory);
                final double seconds = (System.nanoTime() - startNs) / 1e9;
                final String prefix = String.format("[latency round %d/%d, %d/%d] %s: ", round, settings.rounds(),
                    index, measured, contender.name());
                final List<Series> rows = rowsOf.get(i);
                final List<Path> sampleFiles = contender.isPaired() ?
                    List.of(Path.of(samples + ".1"), Path.of(samples + ".2")) : List.of(samples);
                for (int k = 0; k < sampleFiles.size(); k++)
                {
                    final Series row = rows.get(k);
                    if (error == null)
                    {
                        final Map<String, Double> values = percentiles(sampleFiles.get(k), roundTrips);
                        row.add(values);
                        System.out.printf("%s%sp50 %s  p99 %s  p99.9 %s  max %s  (%.1f s)%n", prefix,
                            contender.isPaired() ? row.name() + ": " : "", Report.nanos(values.get("p50")),
                            Report.nanos(values.get("p99")), Report.nanos(values.get("p99.9")),
                            Report.nanos(values.get(MAX)), seconds);
                    }
                    else
                    {
                        row.fail(error);
                    }
                }
                if (error != null)
                {
                    System.out.println(prefix + "FAILED: " + error.lines().findFirst().orElse(error));
                    System.out.println(error.indent(4));
                }
                Workspace.deleteRecursively(directory);
            }
        }
        return series;
    }

    /**
     * Warm-up round trips of a spinning row and of each contender of a same-state pair, at least: a spinning round
     * trip takes well under a microsecond, so a warm-up counted in round trips can end before a JVM on either side has
     * compiled its loop, and the JIT then compiles on the CPU it shares with the spinning thread, in the measured
     * round trips. Measured with PairedPingPong (2026-12-07): after 50,000 the first 20 to 60 turns of one Java
     * contender or the other ran about 30% slower than its later turns; after 500,000 every turn ran at the steady
     * figure. And back to back (200,000 measured, 8 alternating rounds, benchmarks/README.md "Warm-up"): a C ping with
     * a Java pong ran p99 591 ns after 50,000 warm-up round trips and 220 after 250,000, a Java ping with a C pong 286
     * and 206. About 0.1 to 0.3 s per run here; rows that block in the kernel keep the settings' warm-up.
     */
    static final long MIN_SPIN_WARMUP = 500_000;

    /** @return the warm-up round trips of a run of the contender (a same-state pair's, in whole blocks). */
    static long warmup(final Contender contender, final Settings settings)
    {
        if (contender.isPaired())
        {
            return wholeBlocks(spinningWarmup(settings));
        }
        return Contenders.spins(contender) ? spinningWarmup(settings) : settings.warmup();
    }

    /** @return the warm-up round trips of a spinning row: the settings', at least {@link #MIN_SPIN_WARMUP}. */
    static long spinningWarmup(final Settings settings)
    {
        return Math.max(settings.warmup(), MIN_SPIN_WARMUP);
    }

    /** @return count rounded up to whole blocks of a same-state pair ({@link PairedPingPong#BLOCK_ROUNDS}). */
    static long wholeBlocks(final long count)
    {
        return (count + PairedPingPong.BLOCK_ROUNDS - 1) / PairedPingPong.BLOCK_ROUNDS * PairedPingPong.BLOCK_ROUNDS;
    }

    private static Map<String, Double> percentiles(final Path samples, final int expectedCount) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(samples)).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.remaining() != expectedCount * Long.BYTES)
        {
            throw new IOException("sample file of the wrong length: file=" + samples + " field=length found=" +
                bytes.remaining() + " expected=" + (long)expectedCount * Long.BYTES);
        }
        final LongBuffer values = bytes.asLongBuffer();
        final Histogram histogram = new Histogram(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
        while (values.hasRemaining())
        {
            histogram.recordValue(Math.max(0, Math.min(values.get(), HIGHEST_TRACKABLE_NS)));
        }
        final Map<String, Double> result = new LinkedHashMap<>();
        for (final double percentile : PERCENTILES)
        {
            result.put(key(percentile), (double)histogram.getValueAtPercentile(percentile));
        }
        result.put(MAX, (double)histogram.getMaxValue());
        result.put("mean", histogram.getMean());
        result.put("count", (double)histogram.getTotalCount());
        return result;
    }
}
