package io.ringway.cli;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.Producer;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ringway bench}: a quick cross-process round-trip measurement. It creates two SPSC channels (ping and pong),
 * starts an echo process ({@link EchoMain}) on the same machine, sends messages one at a time and waits for each echo,
 * both sides spinning. For the full comparison against peers and the hardware floor, use benchmarks/ (README).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
        "Measure the round trip to an echo process over two SPSC channels.",
        "Both sides spin; messages go one at a time.",
        "Prints a progress bar, then percentiles in nanoseconds. A quick check of a machine, not a benchmark report:",
        "benchmarks/ (see README) compares Ringway with its peers and the hardware floor." })
final class BenchCommand implements Callable<Integer>
{
    static final int PING_TYPE_ID = 1;
    static final int STOP_TYPE_ID = 2;
    private static final int PROGRESS_BAR_WIDTH = 40;

    @Option(names = "--round-trips", defaultValue = "200000",
        description = "Round trips to measure after warm-up (default: ${DEFAULT-VALUE}).")
    int roundTrips;

    @Option(names = "--warmup", defaultValue = "50000", description = "Round trips not measured (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--size", defaultValue = "32", description = "Message body bytes, at least 8 (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--dir", description = "Directory for the two channel files (default: /dev/shm when writable).")
    Path directory;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        if (roundTrips < 1 || warmup < 0 || size < Long.BYTES || size > 65536)
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
        final int capacity = Integer.highestOneBit(Math.max(64 * 1024, size * 64) - 1) << 1;
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        Process echo = null;
        try (Channel ping = Channel.create(pingPath, ChannelConfig.spsc(capacity));
            Channel pong = Channel.create(pongPath, ChannelConfig.spsc(capacity));
            Producer producer = ping.producer();
            Consumer consumer = pong.consumer())
        {
            echo = startEcho(pingPath, pongPath);
            final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            final UnsafeBuffer message = new UnsafeBuffer(new byte[size]);
            final long[] echoed = new long[1];
            final int total = warmup + roundTrips;
            final int progressStep = Math.max(1, total / 100);
            for (int i = 0; i < total; i++)
            {
                final long startNs = System.nanoTime();
                message.putLong(0, startNs);
                while (!producer.offer(PING_TYPE_ID, message, 0, size))
                {
                    ensureAlive(echo);
                }
                echoed[0] = 0;
                int spins = 0;
                while (consumer.poll((typeId, buffer, index, length) -> echoed[0] = buffer.getLong(index), 1) == 0)
                {
                    if (++spins == 1 << 20)
                    {
                        spins = 0;
                        ensureAlive(echo);
                    }
                }
                final long roundTripNs = System.nanoTime() - startNs;
                if (echoed[0] != startNs)
                {
                    throw new IllegalStateException("echo returned another message: field=timestamp found=" + echoed[0] +
                        " expected=" + startNs);
                }
                if (i >= warmup)
                {
                    histogram.recordValue(Math.min(roundTripNs, histogram.getHighestTrackableValue()));
                }
                if (i % progressStep == 0 || i == total - 1)
                {
                    progress(err, i + 1, total);
                }
            }
            err.println();
            while (!producer.offer(STOP_TYPE_ID, message, 0, size))
            {
                ensureAlive(echo);
            }
            echo.waitFor(10, TimeUnit.SECONDS);
            report(out, histogram);
        }
        finally
        {
            if (echo != null && echo.isAlive())
            {
                echo.destroyForcibly();
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

    private Process startEcho(final Path pingPath, final Path pongPath) throws IOException
    {
        final String javaCommand = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>();
        command.add(javaCommand);
        command.add("--add-exports");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EchoMain.class.getName());
        command.add(pingPath.toString());
        command.add(pongPath.toString());
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static void ensureAlive(final Process echo)
    {
        if (!echo.isAlive())
        {
            throw new IllegalStateException("echo process exited: field=exitValue found=" + echo.exitValue() +
                " expected=running");
        }
    }

    private static void progress(final PrintWriter err, final int done, final int total)
    {
        final int filled = (int)((long)done * PROGRESS_BAR_WIDTH / total);
        err.print("\r[" + "#".repeat(filled) + ".".repeat(PROGRESS_BAR_WIDTH - filled) + "] " +
            (int)((long)done * 100 / total) + "% " + done + "/" + total + " round trips");
        err.flush();
    }

    private void report(final PrintWriter out, final Histogram histogram)
    {
        out.printf("round trip, %d-byte messages, SPSC Java<->Java, both spinning, %d measured after %d warm-up:%n",
            size, histogram.getTotalCount(), warmup);
        out.printf("p50=%dns p90=%dns p99=%dns p99.9=%dns max=%dns mean=%.0fns%n",
            histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
            histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMaxValue(),
            histogram.getMean());
    }
}
