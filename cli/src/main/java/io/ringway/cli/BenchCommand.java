package io.ringway.cli;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ringway bench}: a quick cross-process round-trip measurement. It creates two SPSC channels (ping and pong),
 * starts a pong process on the same machine and is the ping itself: both are {@link PingPong}, Ringway's ping-pong
 * program (docs/PING_PONG.md), with {@code spin}, so messages go one at a time and both sides spin. For the full
 * comparison against peers and the hardware floor, use benchmarks/ (README).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
        "Measure the round trip to a pong process over two SPSC channels.",
        "Both sides spin; messages go one at a time.",
        "Prints a progress bar (on a terminal; elsewhere its final line), then percentiles in nanoseconds.",
        "A quick check of a machine, not a benchmark report:",
        "benchmarks/ (see README) compares Ringway with its peers and the hardware floor." })
final class BenchCommand implements Callable<Integer>
{
    /** One wait of either side: ten in a row without a message and the other side is taken as gone. */
    private static final long WAIT_TIMEOUT_MS = 1_000;

    @Option(names = "--round-trips", defaultValue = "200000",
        description = "Round trips to measure after warm-up (default: ${DEFAULT-VALUE}).")
    int roundTrips;

    /**
     * As the benchmark report's spinning rows (LatencySuite.MIN_SPIN_WARMUP): 50,000 spinning round trips last under
     * 10 ms, less than the JIT needs for the loops, which it then compiles inside the measured round trips
     * (benchmarks/README.md, "Warm-up").
     */
    @Option(names = "--warmup", defaultValue = "500000",
        description = "Round trips not measured, while the JIT compiles (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--size", defaultValue = "32", description = "Message body bytes, at least 8 (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--dir", description = "Directory for the two channel files (default: /dev/shm when writable).")
    Path directory;

    @Option(names = "--json", description = "Print the result as a JSON object instead of text.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        if (roundTrips < 1 || warmup < 0 || size < PingPong.MIN_LENGTH || size > PingPong.MAX_LENGTH)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid values: found=--round-trips " +
                roundTrips + " --warmup " + warmup + " --size " + size +
                " expected=--round-trips >= 1, --warmup >= 0, --size in [8, 65536]");
        }
        final Path dir = directory != null ? ChannelArgument.checkedPath(directory, "--dir") :
            Channel.defaultDirectory();
        if (!Files.isDirectory(dir))
        {
            throw new CliException("cannot place the benchmark's channels: file=" + dir + " field=--dir found=" +
                (Files.exists(dir) ? "not a directory" : "absent") + " expected=an existing directory this user can write");
        }
        final String stem = "ringway-bench-" + ProcessHandle.current().pid();
        final Path pingPath = dir.resolve(stem + "-ping" + Channel.FILE_SUFFIX);
        final Path pongPath = dir.resolve(stem + "-pong" + Channel.FILE_SUFFIX);
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        Process pong = null;
        try
        {
            // made here, new, so that a directory this user cannot write fails before any process starts
            Channel.create(pingPath, ChannelConfig.spsc(PingPong.capacity(size))).close();
            Channel.create(pongPath, ChannelConfig.spsc(PingPong.capacity(size))).close();
            final PingPong.Options ping = PingPong.Options.of("ping", pongPath, pingPath, roundTrips, warmup, "spin")
                .withLength(size).withTimeoutMs(WAIT_TIMEOUT_MS);
            pong = startPong(PingPong.Options.of("pong", pingPath, pongPath, roundTrips, warmup, "spin")
                .withLength(size).withTimeoutMs(WAIT_TIMEOUT_MS));
            final long total = (long)warmup + roundTrips;
            final ProgressBar progress = new ProgressBar(err, total, "round trips", ProgressBar.stderrIsTerminal());
            final PingPong.Result result;
            try
            {
                result = PingPong.run(ping, progress::update);
            }
            catch (final PingPong.Failure ex)
            {
                throw pong.isAlive() ? ex : new IllegalStateException("pong process exited: field=exitValue found=" +
                    pong.exitValue() + " expected=running", ex);
            }
            progress.finish(total);
            pong.waitFor(10, TimeUnit.SECONDS);
            final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            for (final long roundTripNs : result.roundTripNs())
            {
                histogram.recordValue(Math.min(roundTripNs, histogram.getHighestTrackableValue()));
            }
            report(out, histogram);
        }
        finally
        {
            if (pong != null && pong.isAlive())
            {
                pong.destroyForcibly();
            }
            // quietly: a failure here must not hide the error that ended the run
            deleteQuietly(pingPath);
            deleteQuietly(pongPath);
        }
        return RingwayCli.EXIT_OK;
    }

    private static void deleteQuietly(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ignored)
        {
            // nothing was made there, or it is gone already
        }
    }

    private static Process startPong(final PingPong.Options options) throws IOException
    {
        final String javaCommand = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>();
        command.add(javaCommand);
        command.add("--add-exports");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PingPong.class.getName());
        command.addAll(options.arguments());
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private void report(final PrintWriter out, final Histogram histogram)
    {
        if (json)
        {
            final Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("ringKind", "SPSC");
            fields.put("messageLength", size);
            fields.put("waitMode", "spin");
            fields.put("warmup", warmup);
            fields.put("roundTrips", histogram.getTotalCount());
            fields.put("p50Ns", histogram.getValueAtPercentile(50));
            fields.put("p90Ns", histogram.getValueAtPercentile(90));
            fields.put("p99Ns", histogram.getValueAtPercentile(99));
            fields.put("p999Ns", histogram.getValueAtPercentile(99.9));
            fields.put("maxNs", histogram.getMaxValue());
            fields.put("meanNs", Math.round(histogram.getMean()));
            out.println(Json.object(fields));
            return;
        }
        out.printf("round trip, %d-byte messages, SPSC Java<->Java, both spinning, %d measured after %d warm-up:%n",
            size, histogram.getTotalCount(), warmup);
        out.printf("p50=%dns p90=%dns p99=%dns p99.9=%dns max=%dns mean=%.0fns%n",
            histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
            histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMaxValue(),
            histogram.getMean());
    }
}
