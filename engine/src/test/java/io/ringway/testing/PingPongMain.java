package io.ringway.testing;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.HeaderDescriptor;
import io.ringway.Producer;
import io.ringway.wait.WaitStrategy;
import org.agrona.IoUtil;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One side of a cross-process ping-pong over two SPSC channels, each side waiting with a chosen strategy (parked on the
 * futex with {@code blocking}): the process for wakeup tests and for the round-trip benchmark. Its C twin is
 * {@code c-interop/programs/ping_pong.c}, with the same arguments and output, so any pair of Java and C sides works.
 *
 * <p>Usage: {@code PingPongMain ping|pong <inbound file> <outbound file> <rounds> <warmupRounds>
 * blocking|backoff|yielding|busySpin [timeoutMs [strict]]}
 *
 * <ul>
 *     <li>Both channels are SPSC, 64 KiB, created by whichever side comes first ({@code openOrCreate}).</li>
 *     <li>{@code ping} sends the round number (an 8-byte body, type id {@link #PING_TYPE_ID}) on its outbound channel
 *     and waits for the same number back on its inbound channel, {@code warmupRounds + rounds} times; it times the
 *     last {@code rounds}. {@code pong} echoes each message back.</li>
 *     <li>Each wait is a {@code poll} with {@code timeoutMs} (default 5000). A wait that ends by timeout is counted in
 *     {@code timeouts} and retried: with the park protocol of LAYOUT.md section 9 there should be none. After
 *     {@link #MAX_CONSECUTIVE_TIMEOUTS} in a row the peer is taken as gone (exit 3).</li>
 *     <li>Output, one line on stdout: {@code ping: rounds=N timeouts=T p50Ns=.. p90Ns=.. p99Ns=.. maxNs=.. meanNs=..}
 *     (the pong prints {@code pong: rounds=N timeouts=T}). Exit 0; 1 on a wrong round number; 2 on bad arguments.</li>
 * </ul>
 */
public final class PingPongMain
{
    public static final int PING_TYPE_ID = 7;
    public static final int CHANNEL_CAPACITY = 64 * 1024;
    public static final long DEFAULT_TIMEOUT_MS = 5_000;
    public static final int MAX_CONSECUTIVE_TIMEOUTS = 10;

    private PingPongMain()
    {
    }

    /** What one side saw: rounds completed, waits that ended by timeout, and (ping only) sorted round trips. */
    public record Result(String role, long rounds, long timeouts, long[] roundTripNs)
    {
        public String summary()
        {
            if (roundTripNs.length == 0)
            {
                return role + ": rounds=" + rounds + " timeouts=" + timeouts;
            }
            final long sum = Arrays.stream(roundTripNs).sum();
            return role + ": rounds=" + rounds + " timeouts=" + timeouts +
                " p50Ns=" + percentile(0.50) + " p90Ns=" + percentile(0.90) + " p99Ns=" + percentile(0.99) +
                " maxNs=" + roundTripNs[roundTripNs.length - 1] + " meanNs=" + sum / roundTripNs.length;
        }

        private long percentile(final double fraction)
        {
            return roundTripNs[(int)Math.min(roundTripNs.length - 1, Math.floor(fraction * roundTripNs.length))];
        }
    }

    public static void main(final String[] args)
    {
        if (args.length < 6 || !("ping".equals(args[0]) || "pong".equals(args[0])))
        {
            System.err.println("usage: PingPongMain ping|pong <inbound file> <outbound file> <rounds> " +
                "<warmupRounds> blocking|backoff|yielding|busySpin [timeoutMs [strict]]");
            System.exit(2);
        }
        try
        {
            final Result result = run(args[0], Path.of(args[1]), Path.of(args[2]), Long.parseLong(args[3]),
                Long.parseLong(args[4]), strategy(args[5]),
                args.length > 6 ? Long.parseLong(args[6]) : DEFAULT_TIMEOUT_MS,
                args.length > 7 && "strict".equals(args[7]));
            System.out.println(result.summary());
            System.out.flush();
        }
        catch (final Failure ex)
        {
            System.err.println(ex.getMessage());
            System.exit(ex.exitCode);
        }
    }

    /** Why a side gave up: exit code 1 (wrong round number) or 3 (peer gone). */
    public static final class Failure extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        Failure(final int exitCode, final String message)
        {
            super(message);
            this.exitCode = exitCode;
        }
    }

    /**
     * @param name blocking, backoff, yielding or busySpin.
     * @return that strategy.
     */
    public static WaitStrategy strategy(final String name)
    {
        switch (name)
        {
            case "blocking":
                return WaitStrategy.blocking();
            case "backoff":
                return WaitStrategy.backoff();
            case "yielding":
                return WaitStrategy.yielding();
            case "busySpin":
                return WaitStrategy.busySpin();
            default:
                throw new IllegalArgumentException("unknown wait strategy: field=strategy found=" + name +
                    " expected=blocking, backoff, yielding or busySpin");
        }
    }

    /**
     * Runs one side in this JVM (tests use it to be one side themselves).
     *
     * @throws Failure on a wrong round number or when the peer is gone.
     */
    public static Result run(final String role, final Path inbound, final Path outbound, final long rounds,
        final long warmupRounds, final WaitStrategy strategy, final long timeoutMs, final boolean strict)
    {
        final boolean isPing = "ping".equals(role);
        final long totalRounds = warmupRounds + rounds;
        final long[] roundTripNs = new long[isPing ? (int)rounds : 0];
        final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(Long.BYTES));
        final long[] received = new long[1];
        final MessageHandler handler = (typeId, buffer, index, length) -> received[0] = buffer.getLong(index);
        long timeouts = 0;
        try (Channel in = Channel.openOrCreate(inbound, ChannelConfig.spsc(CHANNEL_CAPACITY));
            Channel out = Channel.openOrCreate(outbound, ChannelConfig.spsc(CHANNEL_CAPACITY)))
        {
            final Consumer consumer = in.consumer().waitStrategy(strategy);
            final Producer producer = out.producer().waitStrategy(strategy);
            // a view of the outbound header of our own: the peer's dataWaiters flag (LAYOUT.md section 3, 9)
            final MappedByteBuffer outboundHeader = strict ?
                IoUtil.mapExistingFile(outbound.toFile(), "ping-pong outbound header", 0, HeaderDescriptor.HEADER_LENGTH) :
                null;
            final UnsafeBuffer peerWaiters = strict ? new UnsafeBuffer(outboundHeader) : null;
            for (long round = 0; round < totalRounds; round++)
            {
                final long startNs = System.nanoTime();
                if (isPing)
                {
                    awaitPeerParked(peerWaiters);
                    send(producer, scratch, round, timeoutMs);
                }
                int consecutiveTimeouts = 0;
                while (consumer.poll(handler, 1, timeoutMs, TimeUnit.MILLISECONDS) == 0)
                {
                    timeouts++;
                    if (++consecutiveTimeouts >= MAX_CONSECUTIVE_TIMEOUTS)
                    {
                        throw new Failure(3, role + ": peer gone: no message for " + consecutiveTimeouts +
                            " waits of " + timeoutMs + " ms in round " + round + " (timeouts=" + timeouts + ")");
                    }
                }
                if (received[0] != round)
                {
                    throw new Failure(1, role + ": wrong round number: field=round found=" + received[0] +
                        " expected=" + round);
                }
                if (isPing)
                {
                    if (round >= warmupRounds)
                    {
                        roundTripNs[(int)(round - warmupRounds)] = System.nanoTime() - startNs;
                    }
                }
                else
                {
                    awaitPeerParked(peerWaiters);
                    send(producer, scratch, round, timeoutMs);
                }
            }
            if (outboundHeader != null)
            {
                IoUtil.unmap(outboundHeader);
            }
        }
        Arrays.sort(roundTripNs);
        return new Result(role, rounds, timeouts, roundTripNs);
    }

    private static void awaitPeerParked(final UnsafeBuffer peerWaiters)
    {
        if (peerWaiters == null)
        {
            return;
        }
        // SYNC POINT: pairs with the peer's store of dataWaiters before its re-check and FUTEX_WAIT (WaitWord)
        while (peerWaiters.getIntVolatile(HeaderDescriptor.DATA_WAITERS_OFFSET) == 0)
        {
            Thread.yield();
        }
    }

    private static void send(final Producer producer, final UnsafeBuffer scratch, final long round, final long timeoutMs)
    {
        scratch.putLong(0, round);
        while (!producer.offer(PING_TYPE_ID, scratch, 0, Long.BYTES, timeoutMs, TimeUnit.MILLISECONDS))
        {
            Thread.onSpinWait();
        }
    }
}
