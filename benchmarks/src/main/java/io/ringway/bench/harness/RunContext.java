package io.ringway.bench.harness;

import io.ringway.bench.pingpong.PingPongArgs;
import io.ringway.cli.PingPong;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a contender's command lines are built from, for one run of one contender: a fresh directory in /dev/shm for
 * its channel files, sockets and queues, a free TCP port, and how to start a JVM or a C program of the benchmark.
 */
public final class RunContext
{
    /** The flags Chronicle Queue needs on Java 17 (see its documentation), and its analytics turned off. */
    public static final List<String> CHRONICLE_JVM_FLAGS = List.of(
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true");

    /**
     * One wait of a Ringway ping-pong side: a parked wait re-checks at least this often (a round trip that needs it
     * shows as a 1 s outlier), and ten in a row without a message end a side whose peer is gone.
     */
    private static final long PING_PONG_WAIT_TIMEOUT_MS = 1_000;

    private final Path directory;
    private final Toolchain toolchain;
    private final long warmup;
    private final int roundTrips;
    private final Path samples;
    /** Throughput rows with many producers: their number (0: the one-producer contract) and this producer's index. */
    private final int producers;
    private final int producerIndex;
    private int port;

    RunContext(final Path directory, final Toolchain toolchain)
    {
        this(directory, toolchain, 0, 0, null);
    }

    /**
     * @param warmup     round trips before measuring (latency runs).
     * @param roundTrips measured round trips.
     * @param samples    where the ping writes them.
     */
    RunContext(final Path directory, final Toolchain toolchain, final long warmup, final int roundTrips,
        final Path samples)
    {
        this(directory, toolchain, warmup, roundTrips, samples, 0, 0);
    }

    private RunContext(final Path directory, final Toolchain toolchain, final long warmup, final int roundTrips,
        final Path samples, final int producers, final int producerIndex)
    {
        this.directory = directory;
        this.toolchain = toolchain;
        this.warmup = warmup;
        this.roundTrips = roundTrips;
        this.samples = samples;
        this.producers = producers;
        this.producerIndex = producerIndex;
    }

    /**
     * @param producers     the producer processes of a many-producer throughput run.
     * @param producerIndex which of them this context starts (ignored by the consumer's command).
     * @return this run's context (same directory) for that producer.
     */
    RunContext forProducer(final int producers, final int producerIndex)
    {
        return new RunContext(directory, toolchain, warmup, roundTrips, samples, producers, producerIndex);
    }

    /**
     * The role and address of a throughput program with the many-producer options of
     * {@code io.ringway.bench.throughput.ThroughputArgs} in front: {@code --producers N consume <address>} or
     * {@code --producers N --producer I produce <address>}.
     *
     * @param role    consume or produce.
     * @param address the channel file, ring file or directory.
     * @param options the program's own options, after the address.
     * @return the arguments, for {@link #java}.
     */
    public String[] manyProducers(final String role, final String address, final String... options)
    {
        final List<String> args = new ArrayList<>(List.of("--producers", Integer.toString(producers)));
        if ("produce".equals(role))
        {
            args.addAll(List.of("--producer", Integer.toString(producerIndex)));
        }
        args.addAll(List.of(role, address));
        args.addAll(List.of(options));
        return args.toArray(String[]::new);
    }

    /**
     * The arguments of Ringway's ping-pong program (docs/PING_PONG.md, the same in Java, C and Go) for one side of
     * this latency run: 32-byte messages over ping.ringway and pong.ringway in this run's directory, this run's
     * counts; the pong prints READY, the ping writes its round trips to the samples file.
     *
     * @param role ping or pong.
     * @param wait spin, or blocking (parks for every message), ... .
     * @return the arguments, for {@link #java} or {@link #c}.
     */
    public String[] pingPong(final String role, final String wait)
    {
        return pingPong(role, wait, 0);
    }

    /**
     * As {@link #pingPong(String, String)}, the ping sending at a fixed rate (docs/PING_PONG.md {@code --rate}).
     *
     * @param role          ping or pong.
     * @param wait          spin, or blocking, ... .
     * @param ratePerSecond rounds per second, or 0 for rounds back to back.
     * @return the arguments, for {@link #java} or {@link #c}.
     */
    public String[] pingPong(final String role, final String wait, final long ratePerSecond)
    {
        final Path ping = directory.resolve("ping.ringway");
        final Path pong = directory.resolve("pong.ringway");
        final boolean isPing = "ping".equals(role);
        final PingPong.Options options = PingPong.Options.of(role, isPing ? pong : ping, isPing ? ping : pong,
            roundTrips, warmup, wait).withLength(PingPongArgs.MESSAGE_LENGTH).withTimeoutMs(PING_PONG_WAIT_TIMEOUT_MS)
            .withRate(isPing ? ratePerSecond : 0);
        return (isPing ? options.withSamples(samples) : options.withReady()).arguments().toArray(String[]::new);
    }

    /**
     * @param name a file name.
     * @return that name in this run's directory; the same for both processes of the run.
     */
    public String file(final String name)
    {
        return directory.resolve(name).toString();
    }

    /**
     * @return a TCP port on loopback that was free when first asked for; the same for both processes of the run.
     */
    public int port()
    {
        if (port == 0)
        {
            try (ServerSocket socket = new ServerSocket(0))
            {
                port = socket.getLocalPort();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        return port;
    }

    /**
     * @param mainClass a main class of this module.
     * @param args      its arguments.
     * @return a command line starting it in a JVM with Ringway's JVM flags and this module's classpath.
     */
    public List<String> java(final Class<?> mainClass, final String... args)
    {
        return java(List.of(), mainClass, args);
    }

    /**
     * @param extraFlags JVM flags the program needs beyond Ringway's.
     * @param mainClass  a main class of this module.
     * @param args       its arguments.
     * @return a command line starting it in a JVM.
     */
    public List<String> java(final List<String> extraFlags, final Class<?> mainClass, final String... args)
    {
        final List<String> command = new ArrayList<>(toolchain.javaCommand());
        command.addAll(extraFlags);
        command.add(mainClass.getName());
        command.addAll(Arrays.asList(args));
        return command;
    }

    /**
     * @param program a program built from benchmarks/c (see benchmarks/c/build.sh).
     * @param args    its arguments.
     * @return the command line.
     */
    public List<String> c(final String program, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(toolchain.cProgramDirectory().resolve(program).toString());
        command.addAll(Arrays.asList(args));
        return command;
    }

    /**
     * @param executable any program, e.g. a Go binary.
     * @param args       its arguments.
     * @return the command line.
     */
    public List<String> program(final Path executable, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(Arrays.asList(args));
        return command;
    }

    public Path directory()
    {
        return directory;
    }
}
