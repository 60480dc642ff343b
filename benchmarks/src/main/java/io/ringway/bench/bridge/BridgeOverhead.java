package io.ringway.bench.bridge;

import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.Producer;
import io.ringway.bench.harness.Toolchain;
import io.ringway.bench.pingpong.AeronEndpoint;
import io.ringway.bridge.BridgeConfig;
import io.ringway.bridge.BridgeReceiver;
import io.ringway.bridge.BridgeSender;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.net.DatagramSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The bridge's overhead over plain Aeron UDP between the same two processes (issue 24): one-way throughput and round
 * trip over UDP loopback, plain Aeron (an exclusive publication each way) against the bridge (channel -> BridgeSender
 * -> UDP -> BridgeReceiver -> channel, each way), interleaved A B / B A by round, medians and the median of the
 * per-round ratios bridge / Aeron.
 *
 * <p>Two JVMs, each one thread plus its embedded media driver (shared threading mode): this one (the "ping" side) and
 * a child it starts (the "pong" side). Every path exists for the whole run in both processes, and each process's one
 * thread runs all of its paths' duty cycles, so both rows pay the same loop. A benchmark, not a test: it asserts
 * nothing but what arrived (counts and echoes).
 *
 * <p>Usage: {@code BridgeOverhead [--rounds R] [--messages N] [--round-trips K] [--length L] [--batch]
 * [--driver-idle yield|spin|backoff]}; run through
 * {@code benchmarks/bridge-overhead.sh}.
 */
public final class BridgeOverhead
{
    /** Type ids (and, on plain Aeron, the first int of the body) of the benchmark's messages. */
    static final int DATA = 1;
    static final int PING = 2;
    static final int END = 3;
    static final int PLAIN_STREAM = 10;
    static final int PLAIN_REPLY_STREAM = 20;
    static final int BRIDGE_STREAM = 30;
    static final int BRIDGE_REPLY_STREAM = 40;
    private static final int CHANNEL_CAPACITY = 1 << 20;

    private BridgeOverhead()
    {
    }

    /** One side's endpoints: its driver, the plain publication and subscription, and the two bridge sides. */
    static final class Side implements AutoCloseable
    {
        final MediaDriver driver;
        final AeronEndpoint aeron;
        final ExclusivePublication plainOut;
        final Subscription plainIn;
        final Channel bridgeOutChannel;
        final Channel bridgeInChannel;
        final Producer bridgeOut;
        final Consumer bridgeIn;
        final BridgeSender sender;
        final BridgeReceiver receiver;

        Side(final Path directory, final String name, final int myPlainPort, final int peerPlainPort,
            final int myBridgePort, final int peerBridgePort, final int outStream, final int inStream,
            final int bridgeOutStream, final int bridgeInStream, final boolean batching, final String driverIdle)
        {
            final String aeronDirectory = directory.resolve("aeron-" + name).toString();
            driver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(aeronDirectory)
                .threadingMode(ThreadingMode.SHARED).sharedIdleStrategy(idleStrategy(driverIdle))
                .dirDeleteOnStart(true).dirDeleteOnShutdown(true));
            aeron = AeronEndpoint.connect(aeronDirectory, false);
            plainOut = aeron.aeron().addExclusivePublication(udp(peerPlainPort), outStream);
            plainIn = aeron.aeron().addSubscription(udp(myPlainPort), inStream);
            final Path outPath = directory.resolve(name + "-out.ringway");
            final Path inPath = directory.resolve(name + "-in.ringway");
            Channel.create(outPath, ChannelConfig.spsc(CHANNEL_CAPACITY).replacingExisting()).close();
            Channel.create(inPath, ChannelConfig.spsc(CHANNEL_CAPACITY).replacingExisting()).close();
            receiver = new BridgeReceiver(new BridgeConfig(inPath, udp(myBridgePort)).streamId(bridgeInStream)
                .aeronDirectory(aeronDirectory));
            sender = new BridgeSender(new BridgeConfig(outPath, udp(peerBridgePort)).streamId(bridgeOutStream)
                .aeronDirectory(aeronDirectory).batching(batching));
            bridgeOutChannel = Channel.open(outPath);
            bridgeInChannel = Channel.open(inPath);
            bridgeOut = bridgeOutChannel.producer();
            bridgeIn = bridgeInChannel.consumer();
        }

        /** One pass of every duty cycle of this side's bridge. */
        int bridgeWork()
        {
            return sender.doWork() + receiver.doWork();
        }

        @Override
        public void close()
        {
            CloseHelper.closeAll(sender, receiver, bridgeOutChannel, bridgeInChannel, aeron, driver);
        }
    }

    /**
     * @param name yield (the default: two spinning benchmark threads and two driver threads share 2 cores), spin, or
     *             backoff (Aeron's default: parks up to 1 ms, which then dominates a round trip).
     */
    static IdleStrategy idleStrategy(final String name)
    {
        return switch (name)
        {
            case "spin" -> new BusySpinIdleStrategy();
            case "backoff" -> new BackoffIdleStrategy();
            case "yield" -> new YieldingIdleStrategy();
            default -> throw new IllegalArgumentException("unknown driver idle strategy: found=" + name +
                " expected=yield, spin or backoff");
        };
    }

    static String udp(final int port)
    {
        return "aeron:udp?endpoint=127.0.0.1:" + port;
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length > 0 && "pong".equals(args[0]))
        {
            pong(args);
            return;
        }
        int rounds = 5;
        long messages = 1_000_000;
        int roundTrips = 5_000;
        int length = 32;
        boolean batching = false;
        String driverIdle = "yield";
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--messages" -> messages = Long.parseLong(args[++i]);
                case "--round-trips" -> roundTrips = Integer.parseInt(args[++i]);
                case "--length" -> length = Integer.parseInt(args[++i]);
                case "--batch" -> batching = true;
                case "--driver-idle" -> driverIdle = args[++i];
                default -> throw new IllegalArgumentException("unknown option: " + args[i] +
                    " expected=--rounds R --messages N --round-trips K --length L --batch --driver-idle yield|spin|backoff");
            }
        }
        final int[] ports = {freePort(), freePort(), freePort(), freePort()};
        final Path directory = Files.createTempDirectory(Path.of("/dev/shm"), "ringway-bridge-bench");
        final List<String> command = new ArrayList<>(Toolchain.ofThisJvm(null).javaCommand());
        command.addAll(List.of(BridgeOverhead.class.getName(), "pong", directory.toString(),
            Integer.toString(ports[0]), Integer.toString(ports[1]), Integer.toString(ports[2]),
            Integer.toString(ports[3]), Boolean.toString(batching), driverIdle));
        final Process pong = new ProcessBuilder(command).inheritIO().start();
        try (Side side = new Side(directory, "ping", ports[0], ports[1], ports[2], ports[3], PLAIN_STREAM,
            PLAIN_REPLY_STREAM, BRIDGE_STREAM, BRIDGE_REPLY_STREAM, batching, driverIdle))
        {
            final Ping ping = new Ping(side, length);
            ping.waitConnected();
            System.out.printf(Locale.ROOT, "bridge overhead: %d rounds, %,d messages of %d bytes one way, %,d round " +
                "trips, batching %s, UDP loopback, one thread + one embedded driver (idle: %s) per process%n", rounds,
                messages, length, roundTrips, batching ? "on" : "off", driverIdle);
            ping.throughput(false, messages / 10);
            ping.throughput(true, messages / 10);
            ping.roundTrips(false, roundTrips / 10, null);
            ping.roundTrips(true, roundTrips / 10, null);
            final double[][] rates = new double[2][rounds];
            final double[][] p50 = new double[2][rounds];
            final double[][] p99 = new double[2][rounds];
            for (int round = 0; round < rounds; round++)
            {
                for (int k = 0; k < 2; k++)
                {
                    final boolean bridge = (round % 2 == 0) == (k == 1);
                    final int row = bridge ? 1 : 0;
                    rates[row][round] = ping.throughput(bridge, messages);
                    final Histogram histogram = new Histogram(3);
                    ping.roundTrips(bridge, roundTrips, histogram);
                    p50[row][round] = histogram.getValueAtPercentile(50);
                    p99[row][round] = histogram.getValueAtPercentile(99);
                    System.out.printf(Locale.ROOT, "[round %d/%d] %-10s %,12.0f msgs/s  round trip p50 %,9.0f ns  " +
                        "p99 %,9.0f ns%n", round + 1, rounds, bridge ? "bridge" : "Aeron UDP", rates[row][round],
                        p50[row][round], p99[row][round]);
                }
            }
            System.out.println();
            System.out.println("| row | msgs/s (median) | round trip p50 ns (median) | round trip p99 ns (median) |");
            System.out.println("| --- | --- | --- | --- |");
            for (int row = 0; row < 2; row++)
            {
                System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f |%n", row == 1 ? "bridge" : "Aeron UDP",
                    median(rates[row]), median(p50[row]), median(p99[row]));
            }
            System.out.printf(Locale.ROOT, "| bridge / Aeron (median of per-round ratios) | %.2f | %.2f | %.2f |%n",
                medianRatio(rates), medianRatio(p50), medianRatio(p99));
            ping.stopPong();
        }
        finally
        {
            if (pong.waitFor() != 0)
            {
                System.err.println("pong side exit code " + pong.exitValue());
            }
            IoUtil.delete(directory.toFile(), true);
        }
    }

    /** The measuring side. */
    static final class Ping
    {
        private final Side side;
        private final UnsafeBuffer message;
        private final int length;
        private long replies;
        private long lastReplyValue;
        private final FragmentHandler plainReply = (buffer, offset, length, header) -> onReply(buffer, offset);
        private final MessageHandler bridgeReply = (typeId, buffer, index, length) -> onReply(buffer, index);

        Ping(final Side side, final int length)
        {
            this.side = side;
            this.length = Math.max(length, 16);
            this.message = new UnsafeBuffer(ByteBuffer.allocateDirect(this.length));
        }

        private void onReply(final DirectBuffer buffer, final int offset)
        {
            replies++;
            lastReplyValue = buffer.getLong(offset + 8);
        }

        void waitConnected()
        {
            while (!side.plainOut.isConnected() || !side.sender.isConnected())
            {
                side.bridgeWork();
                side.plainIn.poll(plainReply, 16);
                Thread.onSpinWait();
            }
        }

        /** Sends n messages one way, then END; returns messages per second until the pong side's count came back. */
        double throughput(final boolean bridge, final long n)
        {
            final long startNs = System.nanoTime();
            for (long i = 0; i < n; i++)
            {
                send(bridge, DATA, i);
            }
            final long expectedReplies = replies + 1;
            send(bridge, END, n);
            awaitReplies(bridge, expectedReplies);
            final long elapsedNs = System.nanoTime() - startNs;
            if (lastReplyValue != n)
            {
                throw new IllegalStateException("pong counted " + lastReplyValue + " messages, expected=" + n);
            }
            return n * 1e9 / elapsedNs;
        }

        void roundTrips(final boolean bridge, final int count, final Histogram histogram)
        {
            for (int i = 0; i < count; i++)
            {
                final long startNs = System.nanoTime();
                final long expectedReplies = replies + 1;
                send(bridge, PING, i);
                awaitReplies(bridge, expectedReplies);
                if (histogram != null)
                {
                    histogram.recordValue(System.nanoTime() - startNs);
                }
            }
        }

        void stopPong()
        {
            message.putInt(0, END);
            message.putLong(8, -1);
            AeronEndpoint.offer(side.plainOut, message, 0, length);
        }

        private void send(final boolean bridge, final int type, final long value)
        {
            message.putInt(0, type);
            message.putLong(8, value);
            if (bridge)
            {
                while (!side.bridgeOut.offer(type, message, 0, length))
                {
                    side.bridgeWork();
                }
                if ((value & 63) == 0 || type != DATA)
                {
                    side.bridgeWork();
                }
            }
            else
            {
                AeronEndpoint.offer(side.plainOut, message, 0, length);
            }
        }

        private void awaitReplies(final boolean bridge, final long expected)
        {
            while (replies < expected)
            {
                if (bridge)
                {
                    side.bridgeWork();
                    side.bridgeIn.poll(bridgeReply, 16);
                }
                else
                {
                    side.plainIn.poll(plainReply, 16);
                }
            }
        }
    }

    /** The echoing side: counts DATA, echoes PING, answers END with the count; one thread for every path. */
    private static void pong(final String[] args)
    {
        final Path directory = Path.of(args[1]);
        final int[] ports = Arrays.stream(args, 2, 6).mapToInt(Integer::parseInt).toArray();
        try (Side side = new Side(directory, "pong", ports[1], ports[0], ports[3], ports[2], PLAIN_REPLY_STREAM,
            PLAIN_STREAM, BRIDGE_REPLY_STREAM, BRIDGE_STREAM, Boolean.parseBoolean(args[6]), args[7]))
        {
            final UnsafeBuffer reply = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
            final long[] count = {0};
            final boolean[] stop = {false};
            final FragmentHandler plain = (buffer, offset, length, header) ->
            {
                final int type = buffer.getInt(offset);
                if (type == DATA)
                {
                    count[0]++;
                    return;
                }
                reply.putBytes(0, buffer, offset, length);
                if (type == END)
                {
                    stop[0] = buffer.getLong(offset + 8) == -1;
                    reply.putLong(8, count[0]);
                    count[0] = 0;
                }
                AeronEndpoint.offer(side.plainOut, reply, 0, length);
            };
            final MessageHandler bridged = (typeId, buffer, index, length) ->
            {
                if (typeId == DATA)
                {
                    count[0]++;
                    return;
                }
                reply.putBytes(0, buffer, index, length);
                if (typeId == END)
                {
                    reply.putLong(8, count[0]);
                    count[0] = 0;
                }
                while (!side.bridgeOut.offer(typeId, reply, 0, length))
                {
                    side.sender.doWork();
                }
            };
            final ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();
            for (long loop = 1; !stop[0]; loop++)
            {
                if ((loop & 0xFFFF) == 0 && !parent.isAlive())
                {
                    return; // the measuring side was killed: do not spin on
                }
                side.plainIn.poll(plain, 64);
                side.receiver.doWork();
                side.bridgeIn.poll(bridged, 256);
                side.sender.doWork();
            }
        }
    }

    private static int freePort() throws Exception
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double medianRatio(final double[][] rows)
    {
        final double[] ratios = new double[rows[0].length];
        for (int i = 0; i < ratios.length; i++)
        {
            ratios[i] = rows[1][i] / rows[0][i];
        }
        return median(ratios);
    }
}
