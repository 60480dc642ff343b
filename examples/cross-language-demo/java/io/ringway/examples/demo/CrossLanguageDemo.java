package io.ringway.examples.demo;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.Producer;
import io.ringway.bridge.BridgeStateFile;
import io.ringway.codec.SbeProducer;
import io.ringway.wait.WaitStrategy;
import io.ringway.codec.marketdata.MDEntryType;
import io.ringway.codec.marketdata.MDUpdateAction;
import io.ringway.codec.marketdata.MarketDataIncrementalRefreshEncoder;
import io.ringway.codec.marketdata.Side;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The cross-language demo: Java, C and Go processes exchanging messages through channel files, with live rates and
 * latency. {@code ringway demo} launches it; {@code main} runs it alone (see this folder's README).
 *
 * <ul>
 * <li>Fan-out: this JVM publishes SBE market data updates into two SPSC channels; a C process and a Go process each
 * consume one, decode every update with their generated codecs, check its sequence and measure latency from the
 * update's transactTimeNs (CLOCK_MONOTONIC, shared by every process on the host) to arrival.</li>
 * <li>Fan-in: a C process and a Go process send conformance traffic (docs/CONFORMANCE.md) at once into one MPSC
 * channel; this JVM consumes it and checks that each producer's sequence arrives complete and in order.</li>
 * <li>Cross-host over loopback (optional, {@link #withBridgePhase(List)}): this JVM publishes market data into a
 * channel; {@code ringway bridge send} (a process with its own embedded Aeron media driver) carries it over UDP to
 * 127.0.0.1, where {@code ringway bridge receive} (another process, another driver directory) writes it into a second
 * channel, which the C consumer reads and checks as in the first phase.</li>
 * </ul>
 */
public final class CrossLanguageDemo
{
    private static final int MARKET_DATA_CAPACITY = 1 << 20;
    private static final int FAN_IN_CAPACITY = 1 << 20;
    private static final long REPORT_INTERVAL_MS = 500;
    private static final long DRAIN_SECONDS = 2;
    private static final long POLL_TIMEOUT_MS = 100;
    private static final long FAN_IN_TIMEOUT_SECONDS = 120;
    private static final long BRIDGE_CONNECT_TIMEOUT_SECONDS = 60;
    private static final long BRIDGE_STOP_TIMEOUT_SECONDS = 10;
    private static final int SEQUENCE_TYPE_ID = 1;
    private static final int END_TYPE_ID = 2;
    private static final long C_PRODUCER_ID = 1;
    private static final long GO_PRODUCER_ID = 2;
    private static final Pattern JSON_NUMBER = Pattern.compile("\"(\\w+)\":(-?\\d+)");

    private final int seconds;
    private final int rate;
    private final long fanInCount;
    private final Path directory;
    private final Path bin;

    private final List<Process> processes = new ArrayList<>();
    private List<String> ringwayCommand;

    /**
     * @param seconds    how long phase 1 publishes, at least 1.
     * @param rate       market data updates a second to each consumer, at least 1.
     * @param fanInCount messages each fan-in producer sends in phase 2, at least 1.
     * @param directory  where the channel files go (a fresh subdirectory, removed at the end), or null for the
     *                   default directory of channels.
     * @param bin        the directory of the C and Go programs, as {@link #buildPrograms(Path, Path)} leaves them.
     */
    public CrossLanguageDemo(final int seconds, final int rate, final long fanInCount, final Path directory,
        final Path bin)
    {
        if (seconds < 1 || rate < 1 || fanInCount < 1)
        {
            throw new IllegalArgumentException("Invalid values: found=--seconds " + seconds + " --rate " + rate +
                " --fan-in-count " + fanInCount + " expected=each >= 1");
        }
        this.seconds = seconds;
        this.rate = rate;
        this.fanInCount = fanInCount;
        this.directory = directory;
        this.bin = bin;
    }

    /**
     * Adds the cross-host phase after the other two: the market data flow through a channel, {@code ringway bridge
     * send}, UDP over loopback, {@code ringway bridge receive} and a second channel to the C consumer, each bridge
     * side a process with its own embedded Aeron media driver.
     *
     * @param ringwayCommand the command that runs {@code ringway} (its launcher and any arguments before the
     *                       sub-command), to which the phase appends {@code bridge send ...} and
     *                       {@code bridge receive ...}.
     * @return this.
     */
    public CrossLanguageDemo withBridgePhase(final List<String> ringwayCommand)
    {
        this.ringwayCommand = List.copyOf(ringwayCommand);
        return this;
    }

    /**
     * Runs the phases and prints the live tables and the results.
     *
     * @param out    where the tables go.
     * @param redraw whether to redraw the live table in place (a terminal).
     * @return true when every message arrived, in order, and decoded.
     * @throws SetupException when the demo's directory cannot be made.
     * @throws Exception      when a channel or a process cannot be started.
     */
    public boolean run(final PrintWriter out, final boolean redraw) throws Exception
    {
        final Path parent = directory != null ? directory : Channel.defaultDirectory();
        final Path dir;
        try
        {
            dir = Files.createTempDirectory(parent, "ringway-demo-");
        }
        catch (final IOException ex)
        {
            throw new SetupException("cannot make the demo's directory: file=" + parent + " field=--dir found=" +
                ex.getClass().getSimpleName() + " expected=an existing directory this user can write", ex);
        }
        try (Channel toC = Channel.create(dir.resolve("market-data-c.ringway"), marketDataConfig());
            Channel toGo = Channel.create(dir.resolve("market-data-go.ringway"), marketDataConfig());
            Channel fanIn = Channel.create(dir.resolve("fan-in.ringway"), ChannelConfig.mpsc(FAN_IN_CAPACITY)))
        {
            final long consumerRunSeconds = seconds + DRAIN_SECONDS;
            final ProcessFlow cFlow = new ProcessFlow("Java -> C", "SPSC", start(bin.resolve("market_data_consumer_c"),
                toC.path().toString(), "java-c", String.valueOf(REPORT_INTERVAL_MS), String.valueOf(consumerRunSeconds)));
            final ProcessFlow goFlow = new ProcessFlow("Java -> Go", "SPSC", start(bin.resolve("market_data_consumer_go"),
                toGo.path().toString(), "java-go", String.valueOf(REPORT_INTERVAL_MS),
                String.valueOf(consumerRunSeconds)));
            final FanInConsumer fanInConsumer = new FanInConsumer(fanIn);
            final MarketDataPublisher publisher = new MarketDataPublisher(toC, toGo);
            final List<BridgeFlow> bridge = new ArrayList<>(1);
            final Thread publisherThread = new Thread(publisher, "demo-publisher");
            final Thread fanInThread = new Thread(fanInConsumer, "demo-fan-in");
            publisherThread.start();
            fanInThread.start();

            // two phases, so that on a small machine the spinning fan-in producers do not take the cores the
            // market data flows are timed on: first the latency flows, then the throughput flow
            out.printf("ringway demo, phase 1 (%d s): Java publishes %,d SBE market data updates/s to a C and a Go " +
                "consumer (SPSC channels); latency from the update's timestamp to its decoding%n", seconds, rate);
            final Table table = new Table(out, redraw);
            final long publishEndNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            final long drainEndNs = publishEndNs + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
            while (System.nanoTime() < drainEndNs && (cFlow.process.isAlive() || goFlow.process.isAlive()))
            {
                Thread.sleep(REPORT_INTERVAL_MS);
                if (System.nanoTime() >= publishEndNs)
                {
                    publisher.stop();
                }
                table.render(rows(publisher, cFlow, goFlow, fanInConsumer, bridge));
            }
            publisher.stop();
            publisherThread.join();
            cFlow.process.waitFor(DRAIN_SECONDS + 5, TimeUnit.SECONDS);
            goFlow.process.waitFor(DRAIN_SECONDS + 5, TimeUnit.SECONDS);
            cFlow.drainOutput();
            goFlow.drainOutput();

            out.printf("%nringway demo, phase 2: a C and a Go producer each send %,d sequenced messages at once " +
                "into one MPSC channel; Java reads them and checks each producer's order%n", fanInCount);
            final Process cProducer = start(bin.resolve("sequence_producer_c"), fanIn.path().toString(),
                String.valueOf(C_PRODUCER_ID), String.valueOf(fanInCount));
            final Process goProducer = start(bin.resolve("sequence_producer_go"), fanIn.path().toString(),
                String.valueOf(GO_PRODUCER_ID), String.valueOf(fanInCount), "batch");
            final long fanInStartNs = System.nanoTime();
            final long fanInDeadlineNs = fanInStartNs + TimeUnit.SECONDS.toNanos(FAN_IN_TIMEOUT_SECONDS);
            while (!fanInConsumer.isComplete() && System.nanoTime() < fanInDeadlineNs &&
                (cProducer.isAlive() || goProducer.isAlive() || fanInConsumer.hasUnread()))
            {
                Thread.sleep(REPORT_INTERVAL_MS);
                table.render(rows(publisher, cFlow, goFlow, fanInConsumer, bridge));
            }
            cProducer.waitFor(5, TimeUnit.SECONDS);
            goProducer.waitFor(5, TimeUnit.SECONDS);
            fanInConsumer.stop();
            fanInThread.join();
            final long fanInEndNs = fanInConsumer.completedNs != 0 ? fanInConsumer.completedNs : System.nanoTime();
            final double fanInSeconds = Math.max(1e-9, (fanInEndNs - fanInStartNs) / 1e9);
            if (ringwayCommand != null)
            {
                runBridgePhase(dir, out, table, bridge, () -> rows(publisher, cFlow, goFlow, fanInConsumer, bridge));
            }
            return summary(out, rows(publisher, cFlow, goFlow, fanInConsumer, bridge), publisher, fanInConsumer,
                bridge, fanInSeconds);
        }
        finally
        {
            // SIGTERM first: a bridge side then closes its embedded media driver, which deletes its directory
            for (final Process process : processes)
            {
                process.destroy();
            }
            for (final Process process : processes)
            {
                if (!process.waitFor(BRIDGE_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                {
                    process.destroyForcibly();
                }
            }
            try (Stream<Path> files = Files.list(dir))
            {
                for (final Path file : files.toList())
                {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Phase 3: a publisher of its own into channel A; the bridge sides as processes, A -> UDP 127.0.0.1 -> B; the C
     * consumer on B. Waits for the sides to connect before publishing, so the timings leave out their start.
     */
    private void runBridgePhase(final Path dir, final PrintWriter out, final Table table, final List<BridgeFlow> bridge,
        final Supplier<List<Row>> rows) throws Exception
    {
        try (Channel sending = Channel.create(dir.resolve("bridge-sending.ringway"), marketDataConfig());
            Channel receiving = Channel.create(dir.resolve("bridge-receiving.ringway"), marketDataConfig()))
        {
            final String endpoint = "aeron:udp?endpoint=127.0.0.1:" + freeLoopbackUdpPort();
            final Path senderState = dir.resolve("bridge-sender.state");
            out.printf("%nringway demo, phase 3 (%d s, --bridge): cross-host over loopback. Java publishes %,d " +
                "updates/s into a channel;%n  ringway bridge send (its own process and Aeron media driver) carries " +
                "them over %s to%n  ringway bridge receive (its own process and driver directory), which writes them " +
                "into a second channel read by the C consumer;%n  latency from the update's timestamp to its " +
                "decoding, across both channels and UDP%n", seconds, rate, endpoint);
            out.flush();
            final Process receiver = startBridgeSide("receive", endpoint, receiving.path().toString(),
                "--state", dir.resolve("bridge-receiver.state").toString());
            final Process sender = startBridgeSide("send", sending.path().toString(), "--to", endpoint,
                "--state", senderState.toString());
            awaitConnected(senderState, sender, receiver);

            final MarketDataPublisher publisher = new MarketDataPublisher(sending);
            final BridgeFlow flow = new BridgeFlow(publisher, new ProcessFlow("Java => C", "UDP",
                start(bin.resolve("market_data_consumer_c"), receiving.path().toString(), "java-bridge-c",
                    String.valueOf(REPORT_INTERVAL_MS), String.valueOf(seconds + DRAIN_SECONDS))), sender, receiver);
            bridge.add(flow);
            final Thread publisherThread = new Thread(publisher, "demo-bridge-publisher");
            publisherThread.start();
            final long publishEndNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            final long drainEndNs = publishEndNs + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
            while (System.nanoTime() < drainEndNs && flow.consumer.process.isAlive())
            {
                Thread.sleep(REPORT_INTERVAL_MS);
                if (System.nanoTime() >= publishEndNs)
                {
                    publisher.stop();
                }
                table.render(rows.get());
            }
            publisher.stop();
            publisherThread.join();
            flow.consumer.process.waitFor(DRAIN_SECONDS + 5, TimeUnit.SECONDS);
            flow.consumer.drainOutput();
            flow.stopSides();
        }
    }

    /** Starts {@code ringway bridge ROLE ARGS --quiet --json}: its summary, a JSON object, comes on stdout at exit. */
    private Process startBridgeSide(final String role, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(ringwayCommand);
        command.add("bridge");
        command.add(role);
        command.addAll(List.of(args));
        command.add("--quiet");
        command.add("--json");
        final ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().remove("RINGWAY_CLI_REBUILD"); // the demo's own launcher has just built the command
        final Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** Waits until the sender's state file says a receiver is connected (its publication is). */
    private static void awaitConnected(final Path senderState, final Process sender, final Process receiver)
        throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(BRIDGE_CONNECT_TIMEOUT_SECONDS);
        while (true)
        {
            if (!sender.isAlive() || !receiver.isAlive())
            {
                throw new SetupException("a bridge side exited before the two connected: field=exitCode found=" +
                    (sender.isAlive() ? "sender running" : "sender " + sender.exitValue()) + ", " +
                    (receiver.isAlive() ? "receiver running" : "receiver " + receiver.exitValue()) +
                    " expected=both running (their error is above)");
            }
            if (BridgeStateFile.isStateFile(senderState))
            {
                try (BridgeStateFile state = BridgeStateFile.read(senderState))
                {
                    if (state.getLong(BridgeStateFile.CONNECTED_OFFSET) == 1)
                    {
                        return;
                    }
                }
            }
            if (System.nanoTime() - deadlineNs >= 0)
            {
                throw new SetupException("the bridge sides did not connect: file=" + senderState +
                    " field=connected found=0 expected=1 within " + BRIDGE_CONNECT_TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(20);
        }
    }

    private static int freeLoopbackUdpPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            return socket.getLocalPort();
        }
    }

    private static ChannelConfig marketDataConfig()
    {
        return ChannelConfig.spsc(MARKET_DATA_CAPACITY).withSchema(
            MarketDataIncrementalRefreshEncoder.SCHEMA_ID, MarketDataIncrementalRefreshEncoder.SCHEMA_VERSION);
    }

    /**
     * Builds the demo's C and Go programs with this folder's build.sh (on first use; later runs only check them).
     *
     * @param root the Ringway source tree.
     * @param bin  where the programs go.
     * @return bin.
     * @throws SetupException when the script is missing or the build failed.
     * @throws IOException    when the build cannot be started.
     * @throws InterruptedException when interrupted while building.
     */
    public static Path buildPrograms(final Path root, final Path bin) throws IOException, InterruptedException
    {
        final Path script = root.resolve("examples").resolve("cross-language-demo").resolve("build.sh");
        if (!Files.isRegularFile(script))
        {
            throw new SetupException("demo programs' build script not found: file=" + script +
                " expected=a Ringway source tree");
        }
        final Process build = new ProcessBuilder("bash", script.toString(), bin.toString())
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        if (build.waitFor() != 0)
        {
            throw new SetupException("building the demo's C and Go programs failed: command=" + script +
                " exitCode=" + build.exitValue() + " (its output is above)");
        }
        return bin;
    }

    /** The demo's programs' directory in a source tree. */
    public static Path defaultBin(final Path root)
    {
        return root.resolve("examples").resolve("cross-language-demo").resolve("target").resolve("demo-bin");
    }

    private Process start(final Path program, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        processes.add(process);
        return process;
    }

    private List<Row> rows(
        final MarketDataPublisher publisher,
        final ProcessFlow cFlow,
        final ProcessFlow goFlow,
        final FanInConsumer fanIn,
        final List<BridgeFlow> bridge)
    {
        final List<Row> rows = new ArrayList<>();
        rows.add(cFlow.row(publisher.sent.get()));
        rows.add(goFlow.row(publisher.sent.get()));
        rows.add(fanIn.row("C -> Java", C_PRODUCER_ID));
        rows.add(fanIn.row("Go -> Java", GO_PRODUCER_ID));
        for (final BridgeFlow flow : bridge)
        {
            rows.add(flow.row());
        }
        return rows;
    }

    private boolean summary(
        final PrintWriter out,
        final List<Row> rows,
        final MarketDataPublisher publisher,
        final FanInConsumer fanIn,
        final List<BridgeFlow> bridge,
        final double fanInSeconds)
    {
        boolean ok = publisher.failure == null && fanIn.failure == null;
        out.println();
        out.println("results (msgs/s: the average over each flow's phase):");
        Table.header(out);
        for (final Row row : rows)
        {
            final double flowSeconds = "MPSC".equals(row.kind) ? fanInSeconds : seconds;
            Table.line(out, row, Math.round(row.total / flowSeconds), "");
            ok &= row.ok;
        }
        if (publisher.failure != null)
        {
            out.println("  publisher failed: " + publisher.failure);
        }
        if (fanIn.failure != null)
        {
            out.println("  fan-in consumer failed: " + fanIn.failure);
        }
        for (final BridgeFlow flow : bridge)
        {
            final boolean bridgeOk = flow.isOk();
            out.println(bridgeOk ? "bridge: all " + flow.publisher.sent.get() + " updates crossed UDP loopback, " +
                "in order, none lost or repeated (" + flow.sides() + ")" : "bridge: FAILED: " + flow.check());
            ok &= bridgeOk;
        }
        out.println(ok ? "demo: every message arrived, in order, and decoded" : "demo: FAILED (see above)");
        return ok;
    }

    /** One line of the live table. */
    record Row(String flow, String kind, long total, String p50, String p99, String max, String check, boolean ok)
    {
    }

    /** Renders rows, redrawing in place on a terminal and appending otherwise; rates from the previous rendering. */
    static final class Table
    {
        private static final String CLEAR_TO_END_OF_LINE = "\033[K";

        static void header(final PrintWriter out)
        {
            out.printf(Locale.ROOT, "%-11s %-5s %12s %12s %9s %9s %9s  %s%n",
                "flow", "ring", "msgs/s", "total", "p50 us", "p99 us", "max us", "check");
        }

        static void line(final PrintWriter out, final Row row, final long messagesPerSecond, final String suffix)
        {
            out.printf(Locale.ROOT, "%-11s %-5s %,12d %,12d %9s %9s %9s  %s%s%n", row.flow, row.kind,
                messagesPerSecond, row.total, row.p50, row.p99, row.max, row.check, suffix);
        }

        private final PrintWriter out;
        private final boolean redraw;
        private final Map<String, Long> previousTotals = new ConcurrentHashMap<>();
        private long previousNs = System.nanoTime();
        private int linesDrawn;

        Table(final PrintWriter out, final boolean redraw)
        {
            this.out = out;
            this.redraw = redraw;
        }

        void render(final List<Row> rows)
        {
            final long nowNs = System.nanoTime();
            final double intervalSeconds = Math.max(1e-3, (nowNs - previousNs) / 1e9);
            previousNs = nowNs;
            if (redraw && linesDrawn > 0)
            {
                out.print("\033[" + linesDrawn + "A");
            }
            header(out);
            for (final Row row : rows)
            {
                final long previous = previousTotals.getOrDefault(row.flow, 0L);
                previousTotals.put(row.flow, row.total);
                line(out, row, Math.round((row.total - previous) / intervalSeconds),
                    redraw ? CLEAR_TO_END_OF_LINE : "");
            }
            out.flush();
            linesDrawn = rows.size() + 1;
            if (!redraw)
            {
                out.println();
                linesDrawn = 0;
            }
        }
    }

    /** A consumer process of ours: its stdout carries one JSON line of cumulative figures per report interval. */
    static final class ProcessFlow
    {
        private final String flow;
        private final String kind;
        private final Process process;
        private final Thread reader;
        private volatile Map<String, Long> latest = Map.of();

        ProcessFlow(final String flow, final String kind, final Process process)
        {
            this.flow = flow;
            this.kind = kind;
            this.process = process;
            this.reader = new Thread(this::readLines, "demo-" + flow);
            this.reader.setDaemon(true);
            this.reader.start();
        }

        private void readLines()
        {
            try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = lines.readLine()) != null)
                {
                    final Map<String, Long> fields = new ConcurrentHashMap<>();
                    final Matcher matcher = JSON_NUMBER.matcher(line);
                    while (matcher.find())
                    {
                        fields.put(matcher.group(1), Long.parseLong(matcher.group(2)));
                    }
                    latest = fields;
                }
            }
            catch (final IOException ignored)
            {
                // the process ended: keep its last figures
            }
        }

        void drainOutput() throws InterruptedException
        {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        }

        Row row(final long sent)
        {
            final Map<String, Long> figures = latest;
            final long received = figures.getOrDefault("received", 0L);
            final long gaps = figures.getOrDefault("sequenceGaps", 0L);
            final long decodeErrors = figures.getOrDefault("decodeErrors", 0L);
            final boolean complete = !process.isAlive() && received == sent;
            final boolean ok = gaps == 0 && decodeErrors == 0 && complete && process.exitValue() == 0;
            final String check = gaps != 0 || decodeErrors != 0 ?
                "FAILED: " + gaps + " sequence gaps, " + decodeErrors + " decode errors" :
                process.isAlive() ? "in order, decoded" :
                complete && process.exitValue() == 0 ? "all " + sent + " in order, decoded" :
                "FAILED: received " + received + " of " + sent + ", exit code " + process.exitValue();
            return new Row(flow, kind, received, micros(figures.get("p50Ns")), micros(figures.get("p99Ns")),
                micros(figures.get("maxNs")), check, ok);
        }

        private static String micros(final Long nanos)
        {
            return nanos == null ? "-" : String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
        }
    }

    /** Publishes market data updates to both SPSC channels at the requested rate, each with its send time. */
    final class MarketDataPublisher implements Runnable
    {
        private static final int SECURITY_ID = 5501;
        private static final long BASE_PRICE_MANTISSA = 4_500_000_000_000L;
        private static final long TICK_MANTISSA = 250_000_000L;

        private final Channel[] channels;
        private final AtomicLong sent = new AtomicLong();
        private volatile boolean publishing = true;
        private volatile Throwable failure;

        MarketDataPublisher(final Channel... channels)
        {
            this.channels = channels;
        }

        void stop()
        {
            publishing = false;
        }

        @Override
        public void run()
        {
            final List<Producer> producers = new ArrayList<>();
            try
            {
                final List<SbeProducer> sbeProducers = new ArrayList<>();
                for (final Channel channel : channels)
                {
                    final Producer producer = channel.producer();
                    producers.add(producer);
                    sbeProducers.add(new SbeProducer(producer));
                }
                final MarketDataIncrementalRefreshEncoder refresh = new MarketDataIncrementalRefreshEncoder();
                final long intervalNs = TimeUnit.SECONDS.toNanos(1) / rate;
                final long startNs = System.nanoTime();
                for (long sequence = 0; publishing; sequence++)
                {
                    final long dueNs = startNs + sequence * intervalNs;
                    final long earlyNs = dueNs - System.nanoTime();
                    if (earlyNs > 0)
                    {
                        // sleep rather than spin: 2 cores serve six processes here; updates that fall due while it
                        // sleeps go out in a burst, each stamped when it is encoded
                        LockSupport.parkNanos(earlyNs);
                    }
                    if (!publishing)
                    {
                        break;
                    }
                    for (final SbeProducer sbe : sbeProducers)
                    {
                        while (sbe.tryClaim(refresh, messageLength()) == null)
                        {
                            Thread.yield(); // ring full: that consumer is behind
                        }
                        encode(refresh, sequence);
                        sbe.commit();
                    }
                    sent.set(sequence + 1);
                }
            }
            catch (final Throwable ex)
            {
                failure = ex;
            }
            finally
            {
                producers.forEach(Producer::close);
            }
        }

        private int messageLength()
        {
            return MarketDataIncrementalRefreshEncoder.BLOCK_LENGTH +
                MarketDataIncrementalRefreshEncoder.EntriesEncoder.sbeHeaderSize() +
                2 * MarketDataIncrementalRefreshEncoder.EntriesEncoder.sbeBlockLength();
        }

        private void encode(final MarketDataIncrementalRefreshEncoder refresh, final long sequence)
        {
            final long bidMantissa = BASE_PRICE_MANTISSA + (sequence % 100) * TICK_MANTISSA;
            refresh.transactTimeNs(System.nanoTime()); // CLOCK_MONOTONIC on Linux: the consumers' clock too
            refresh.matchEventIndicator().clear().lastQuoteMsg(true).endOfEvent(true);
            final MarketDataIncrementalRefreshEncoder.EntriesEncoder entries = refresh.entriesCount(2);
            entries.next()
                .securityId(SECURITY_ID).rptSeq((sequence * 10 + 1) & 0xFFFF_FFFFL).entryType(MDEntryType.BID)
                .updateAction(MDUpdateAction.CHANGE).priceLevel((short)1).size(40).numberOfOrders(3)
                .aggressorSide(Side.NULL_VAL)
                .price().mantissa(bidMantissa);
            entries.next()
                .securityId(SECURITY_ID).rptSeq((sequence * 10 + 2) & 0xFFFF_FFFFL).entryType(MDEntryType.OFFER)
                .updateAction(MDUpdateAction.CHANGE).priceLevel((short)1).size(35).numberOfOrders(2)
                .aggressorSide(Side.NULL_VAL)
                .price().mantissa(bidMantissa + TICK_MANTISSA);
        }
    }

    /** Reads the MPSC fan-in channel and checks each producer's sequence: from 0, one more each time, then END. */
    final class FanInConsumer implements Runnable
    {
        private final Channel channel;
        private final Map<Long, long[]> nextSequence = new ConcurrentHashMap<>();
        private final Map<Long, Boolean> ended = new ConcurrentHashMap<>();
        private final AtomicLong violations = new AtomicLong();
        private volatile boolean running = true;
        private volatile Throwable failure;

        FanInConsumer(final Channel channel)
        {
            this.channel = channel;
            nextSequence.put(C_PRODUCER_ID, new long[1]);
            nextSequence.put(GO_PRODUCER_ID, new long[1]);
        }

        @Override
        public void run()
        {
            try (Consumer consumer = channel.consumer().waitStrategy(WaitStrategy.backoff()))
            {
                while (running)
                {
                    final int read = consumer.poll((typeId, buffer, index, length) ->
                    {
                        final long producerId = buffer.getLong(index);
                        final long[] next = nextSequence.get(producerId);
                        if (next == null || Boolean.TRUE.equals(ended.get(producerId)))
                        {
                            violations.incrementAndGet();
                            return;
                        }
                        final long value = buffer.getLong(index + Long.BYTES);
                        if (typeId == SEQUENCE_TYPE_ID)
                        {
                            if (value != next[0])
                            {
                                violations.incrementAndGet();
                            }
                            next[0] = value + 1;
                        }
                        else if (typeId == END_TYPE_ID)
                        {
                            ended.put(producerId, Boolean.TRUE);
                            completedNs = System.nanoTime();
                            if (value != next[0])
                            {
                                violations.incrementAndGet();
                            }
                        }
                        else
                        {
                            violations.incrementAndGet();
                        }
                    }, 256, POLL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    if (read < 0)
                    {
                        throw new IllegalStateException("negative poll result: " + read);
                    }
                }
            }
            catch (final Throwable ex)
            {
                failure = ex;
            }
        }

        boolean isComplete()
        {
            return ended.size() == nextSequence.size();
        }

        /** When the last END arrived (System.nanoTime), or when the consumer stopped without it. */
        volatile long completedNs;

        boolean hasUnread()
        {
            return channel.producerPosition() != channel.consumerPosition();
        }

        void stop()
        {
            running = false;
        }

        Row row(final String flow, final long producerId)
        {
            final long received = nextSequence.get(producerId)[0];
            final boolean complete = Boolean.TRUE.equals(ended.get(producerId)) && received == fanInCount;
            final long violationCount = violations.get();
            final String check = violationCount > 0 ? "FAILED: " + violationCount + " out of order or unknown" :
                complete ? "all " + fanInCount + " in order" :
                running ? "in order" : "FAILED: received " + received + " of " + fanInCount;
            return new Row(flow, "MPSC", received, "-", "-", "-", check, violationCount == 0 && complete);
        }
    }


    /**
     * The cross-host flow: the C consumer's figures, and the bridge sides' own counts, which they print in their
     * summaries when stopped (SIGTERM): the sender's messages taken by Aeron, the receiver's written into channel B.
     */
    static final class BridgeFlow
    {
        private static final Pattern MESSAGES = Pattern.compile("\"messages\":(\\d+)");

        private final MarketDataPublisher publisher;
        private final ProcessFlow consumer;
        private final Process sender;
        private final Process receiver;
        private volatile long senderMessages = -1;
        private volatile long receiverMessages = -1;
        private volatile boolean stopped;

        BridgeFlow(final MarketDataPublisher publisher, final ProcessFlow consumer, final Process sender,
            final Process receiver)
        {
            this.publisher = publisher;
            this.consumer = consumer;
            this.sender = sender;
            this.receiver = receiver;
        }

        /** SIGTERM to the sender, then to the receiver: each closes its driver and prints its summary. */
        void stopSides() throws IOException, InterruptedException
        {
            senderMessages = stop(sender);
            receiverMessages = stop(receiver);
            stopped = true;
        }

        private static long stop(final Process side) throws IOException, InterruptedException
        {
            side.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the stdout the summary is on
            if (!side.waitFor(BRIDGE_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS) || side.exitValue() != 0)
            {
                return -1;
            }
            final Matcher matcher = MESSAGES.matcher(
                new String(side.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
        }

        Row row()
        {
            final Row row = consumer.row(publisher.sent.get());
            return !stopped || isOk() ? row : new Row(row.flow, row.kind, row.total, row.p50, row.p99, row.max,
                row.ok ? "FAILED: " + sides() : row.check, false);
        }

        boolean isOk()
        {
            final long sent = publisher.sent.get();
            return publisher.failure == null && consumer.row(sent).ok && senderMessages == sent &&
                receiverMessages == sent;
        }

        String check()
        {
            final String consumerCheck = consumer.row(publisher.sent.get()).check;
            return publisher.failure != null ? "publisher failed: " + publisher.failure :
                consumerCheck.replaceFirst("^FAILED: ", "") + "; " + sides();
        }

        String sides()
        {
            return "bridge send took " + count(senderMessages) + ", bridge receive wrote " + count(receiverMessages) +
                " of " + publisher.sent.get();
        }

        private static String count(final long messages)
        {
            return messages < 0 ? "? (no summary: exit code not 0)" : Long.toString(messages);
        }
    }

    /** The demo could not be set up (its directory, its programs): one line saying what and where. */
    public static final class SetupException extends IllegalStateException
    {
        private static final long serialVersionUID = 1L;

        SetupException(final String message)
        {
            super(message);
        }

        SetupException(final String message, final Throwable cause)
        {
            super(message, cause);
        }
    }

    /**
     * Runs the demo alone: {@code CrossLanguageDemo [seconds [rate [fanInCount]]]} from the root of a source tree
     * (builds the C and Go programs on first use). Exit code 0 when every check passed, 1 otherwise.
     *
     * @param args optional seconds, rate and fan-in count.
     * @throws Exception when the demo cannot run.
     */
    public static void main(final String[] args) throws Exception
    {
        final Path root = Path.of(System.getProperty("ringway.root", ".")).toAbsolutePath();
        final CrossLanguageDemo demo = new CrossLanguageDemo(
            args.length > 0 ? Integer.parseInt(args[0]) : 5,
            args.length > 1 ? Integer.parseInt(args[1]) : 100_000,
            args.length > 2 ? Long.parseLong(args[2]) : 2_000_000,
            null,
            buildPrograms(root, defaultBin(root)));
        final PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        System.exit(demo.run(out, System.console() != null) ? 0 : 1);
    }
}
