package io.ringway.cli;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.ConsumerOption;
import io.ringway.HeaderDescriptor;
import io.ringway.Producer;
import io.ringway.wait.WaitStrategy;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * One side of a cross-process ping-pong over two SPSC channels: Ringway's ping-pong program in Java, for the wakeup
 * tests (parked, strict), the benchmark's round-trip rows (spin or blocking, {@code --samples}) and
 * {@code ringway bench} (which runs the ping in its own process). Its C and Go twins
 * ({@code c-interop/programs/ping_pong.c}, {@code go-interop/cmd/ping_pong}) take the same arguments and print the
 * same lines, so any ping plays any pong. The contract, written once: docs/PING_PONG.md.
 *
 * <p>Usage: {@code PingPong ping|pong <inbound file> <outbound file> <rounds> <warmupRounds>
 * spin|busySpin|yielding|backoff|blocking [--timeout-ms N] [--strict] [--length N] [--samples FILE] [--ready]
 * [--rate N] [--membarrier-wakeups]}
 */
public final class PingPong
{
    public static final int PING_TYPE_ID = 7;
    public static final int MIN_CAPACITY = 64 * 1024;
    public static final int MIN_LENGTH = Long.BYTES;
    public static final int MAX_LENGTH = 64 * 1024;
    public static final long DEFAULT_TIMEOUT_MS = 5_000;
    public static final int MAX_CONSECUTIVE_TIMEOUTS = 10;
    /** What {@code --ready} prints once both channels are open. */
    public static final String READY = "READY";
    /** The highest {@code --rate}: one round per nanosecond, the clock's unit. */
    public static final long MAX_RATE_PER_SECOND = 1_000_000_000L;
    /** A spinning wait reads the clock (for its timeout) once per this many empty polls, never per poll. */
    static final int SPIN_POLLS_PER_CLOCK_READ = 4096;
    static final String USAGE = "usage: PingPong ping|pong <inbound file> <outbound file> <rounds> <warmupRounds> " +
        "spin|busySpin|yielding|backoff|blocking [--timeout-ms N] [--strict] [--length N] [--samples FILE] [--ready] " +
        "[--rate N] [--membarrier-wakeups]";
    private static final int EXIT_WRONG_MESSAGE = 1;
    private static final int EXIT_USAGE = 2;
    private static final int EXIT_PEER_GONE = 3;

    private PingPong()
    {
    }

    /**
     * The command line of docs/PING_PONG.md, parsed: the same for the Java, C and Go programs.
     *
     * @param role         ping or pong.
     * @param inbound      the channel this side reads.
     * @param outbound     the channel this side writes.
     * @param rounds       measured rounds.
     * @param warmupRounds rounds before those.
     * @param waitMode     spin, busySpin, yielding, backoff or blocking.
     * @param timeoutMs    one wait's timeout.
     * @param strict       send only once the receiver announced it parks.
     * @param length       message body bytes.
     * @param samples      where the ping writes its round trips, or null.
     * @param ready        print READY once the channels are open.
     * @param ratePerSecond ping: send round i at its intended time, start + i / rate, and time each round from it
     *                     (coordinated omission corrected); 0 for one round right after the other, timed from the
     *                     send.
     * @param membarrierWakeups this side's consumer promises membarrier wakeups (docs/LAYOUT.md 9.8), so that the
     *                     peer's producer skips the full fence of its wake checks.
     */
    public record Options(String role, Path inbound, Path outbound, long rounds, long warmupRounds, String waitMode,
        long timeoutMs, boolean strict, int length, Path samples, boolean ready, long ratePerSecond,
        boolean membarrierWakeups)
    {
        /**
         * @throws IllegalArgumentException when a value is out of the contract's range.
         */
        public Options
        {
            if (!"ping".equals(role) && !"pong".equals(role))
            {
                throw new IllegalArgumentException("invalid role: field=role found=" + role + " expected=ping or pong");
            }
            strategy(waitMode);
            if (rounds < 0 || warmupRounds < 0 || timeoutMs <= 0 || length < MIN_LENGTH || length > MAX_LENGTH ||
                ("ping".equals(role) && rounds > Integer.MAX_VALUE - 8) || ratePerSecond < 0 ||
                ratePerSecond > MAX_RATE_PER_SECOND)
            {
                throw new IllegalArgumentException("invalid values: found=rounds " + rounds + " warmupRounds " +
                    warmupRounds + " --timeout-ms " + timeoutMs + " --length " + length + " --rate " + ratePerSecond +
                    " expected=rounds >= 0 (ping: fewer than 2^31 - 8), warmupRounds >= 0, --timeout-ms > 0, " +
                    "--length in [" + MIN_LENGTH + ", " + MAX_LENGTH + "], --rate (when given) in [1, " +
                    MAX_RATE_PER_SECOND + "]");
            }
        }

        /**
         * @return the defaults of docs/PING_PONG.md for the rest: 5 s timeout, not strict, 8-byte messages, no samples
         *         file, no READY.
         */
        public static Options of(final String role, final Path inbound, final Path outbound, final long rounds,
            final long warmupRounds, final String waitMode)
        {
            return new Options(role, inbound, outbound, rounds, warmupRounds, waitMode, DEFAULT_TIMEOUT_MS, false,
                MIN_LENGTH, null, false, 0, false);
        }

        public Options withTimeoutMs(final long timeoutMs)
        {
            return new Options(role, inbound, outbound, rounds, warmupRounds, waitMode, timeoutMs, strict, length,
                samples, ready, ratePerSecond, membarrierWakeups);
        }

        public Options withStrict()
        {
            return new Options(role, inbound, outbound, rounds, warmupRounds, waitMode, timeoutMs, true, length,
                samples, ready, ratePerSecond, membarrierWakeups);
        }

        public Options withLength(final int length)
        {
            return new Options(role, inbound, outbound, rounds, warmupRounds, waitMode, timeoutMs, strict, length,
                samples, ready, ratePerSecond, membarrierWakeups);
        }

        public Options withSamples(final Path samples)
        {
            return new Options(role, inbound, outbound, rounds, warmupRounds, waitMode, timeoutMs, strict, length,
                samples, ready, ratePerSecond, membarrierWakeups);
        }

        /**
         * @param ratePerSecond rounds per second at which the ping sends (docs/PING_PONG.md, {@code --rate}).
         * @return these options with it.
         */
        public Options withRate(final long ratePerSecond)
        {
            return new Options(role, inbound, outbound, rounds, warmupRounds, waitMode, timeoutMs, strict, length,
                samples, ready, ratePerSecond, membarrierWakeups);
        }

        /** @return these options with {@code --membarrier-wakeups}. */
        public Options withMembarrierWakeups()
        {
            return new Options(role, inbound, outbound, rounds, warmupRounds, waitMode, timeoutMs, strict, length,
                samples, ready, ratePerSecond, true);
        }

        public Options withReady()
        {
            return new Options(role, inbound, outbound, rounds, warmupRounds, waitMode, timeoutMs, strict, length,
                samples, true, ratePerSecond, membarrierWakeups);
        }

        /**
         * @param args the command line of docs/PING_PONG.md, program name excluded.
         * @return the options.
         * @throws IllegalArgumentException when the arguments do not follow it.
         */
        public static Options parse(final String[] args)
        {
            if (args.length < 6)
            {
                throw new IllegalArgumentException("missing arguments: found=" + args.length + " expected=6 or more");
            }
            Options options = of(args[0], Path.of(args[1]), Path.of(args[2]), parseLong("rounds", args[3]),
                parseLong("warmupRounds", args[4]), args[5]);
            for (int i = 6; i < args.length; i++)
            {
                switch (args[i])
                {
                    case "--strict" -> options = options.withStrict();
                    case "--ready" -> options = options.withReady();
                    case "--membarrier-wakeups" -> options = options.withMembarrierWakeups();
                    case "--timeout-ms" -> options = options.withTimeoutMs(parseLong(args[i], value(args, ++i)));
                    case "--length" -> options = options.withLength((int)Math.max(Integer.MIN_VALUE,
                        Math.min(Integer.MAX_VALUE, parseLong(args[i], value(args, ++i)))));
                    case "--samples" -> options = options.withSamples(Path.of(value(args, ++i)));
                    case "--rate" ->
                        options = options.withRate(positive(args[i], parseLong(args[i], value(args, ++i))));
                    default -> throw new IllegalArgumentException("unknown option: found=" + args[i]);
                }
            }
            return options;
        }

        /**
         * @return the command line of docs/PING_PONG.md that {@link #parse} reads back: for starting any language's
         *         program with these options.
         */
        public List<String> arguments()
        {
            final List<String> args = new ArrayList<>(List.of(role, inbound.toString(), outbound.toString(),
                Long.toString(rounds), Long.toString(warmupRounds), waitMode));
            if (timeoutMs != DEFAULT_TIMEOUT_MS)
            {
                args.addAll(List.of("--timeout-ms", Long.toString(timeoutMs)));
            }
            if (strict)
            {
                args.add("--strict");
            }
            if (length != MIN_LENGTH)
            {
                args.addAll(List.of("--length", Integer.toString(length)));
            }
            if (samples != null)
            {
                args.addAll(List.of("--samples", samples.toString()));
            }
            if (ready)
            {
                args.add("--ready");
            }
            if (ratePerSecond != 0)
            {
                args.addAll(List.of("--rate", Long.toString(ratePerSecond)));
            }
            if (membarrierWakeups)
            {
                args.add("--membarrier-wakeups");
            }
            return args;
        }

        private static String value(final String[] args, final int index)
        {
            if (index >= args.length)
            {
                throw new IllegalArgumentException("missing value: field=" + args[index - 1]);
            }
            return args[index];
        }

        private static long positive(final String field, final long value)
        {
            if (value <= 0)
            {
                throw new IllegalArgumentException("invalid value: field=" + field + " found=" + value +
                    " expected=>0");
            }
            return value;
        }

        private static long parseLong(final String field, final String text)
        {
            try
            {
                return Long.parseLong(text);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("not a number: field=" + field + " found=" + text);
            }
        }
    }

    /**
     * What one side saw.
     *
     * @param role        ping or pong.
     * @param rounds      measured rounds completed.
     * @param timeouts    waits that ended by timeout (and were retried).
     * @param roundTripNs the ping's measured round trips, sorted; empty for the pong.
     * @param membarrierWakeupsAsked {@code --membarrier-wakeups} was given.
     * @param membarrierWakeups      this side's consumer promised membarrier wakeups (false when the kernel has no
     *                               membarrier and it fell back to the full fence).
     */
    public record Result(String role, long rounds, long timeouts, long[] roundTripNs, boolean membarrierWakeupsAsked,
        boolean membarrierWakeups)
    {
        /** @return the output line of docs/PING_PONG.md. */
        public String summary()
        {
            final String promise = membarrierWakeupsAsked ? " membarrierWakeups=" + membarrierWakeups : "";
            if (roundTripNs.length == 0)
            {
                return role + ": rounds=" + rounds + " timeouts=" + timeouts + promise;
            }
            final long sum = Arrays.stream(roundTripNs).sum();
            return role + ": rounds=" + rounds + " timeouts=" + timeouts +
                " p50Ns=" + percentile(0.50) + " p90Ns=" + percentile(0.90) + " p99Ns=" + percentile(0.99) +
                " maxNs=" + roundTripNs[roundTripNs.length - 1] + " meanNs=" + sum / roundTripNs.length + promise;
        }

        private long percentile(final double fraction)
        {
            return roundTripNs[(int)Math.min(roundTripNs.length - 1, Math.floor(fraction * roundTripNs.length))];
        }
    }

    /** Why a side gave up: exit code 1 (wrong message) or 3 (peer gone). */
    public static final class Failure extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        Failure(final int exitCode, final String message)
        {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode()
        {
            return exitCode;
        }
    }

    public static void main(final String[] args)
    {
        final Options options;
        try
        {
            options = Options.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("PingPong: " + ex.getMessage());
            System.err.println(USAGE);
            System.exit(EXIT_USAGE);
            return;
        }
        try
        {
            System.out.println(run(options, done -> { }).summary());
            System.out.flush();
        }
        catch (final Failure ex)
        {
            System.err.println(ex.getMessage());
            System.exit(ex.exitCode());
        }
        catch (final RuntimeException ex)
        {
            System.err.println(options.role() + ": " + ex.getMessage());
            System.exit(EXIT_WRONG_MESSAGE);
        }
    }

    /**
     * @param name spin, busySpin, yielding, backoff or blocking.
     * @return the wait strategy of the API that the waiting offer (and, except for spin, the waiting poll) uses.
     */
    public static WaitStrategy strategy(final String name)
    {
        return switch (name)
        {
            case "spin", "busySpin" -> WaitStrategy.busySpin();
            case "yielding" -> WaitStrategy.yielding();
            case "backoff" -> WaitStrategy.backoff();
            case "blocking" -> WaitStrategy.blocking();
            default -> throw new IllegalArgumentException("unknown wait: field=wait found=" + name +
                " expected=spin, busySpin, yielding, backoff or blocking");
        };
    }

    /**
     * @param length message body bytes.
     * @return the channel capacity of docs/PING_PONG.md: 64 KiB, or the power of two of at least 64 times the length.
     */
    public static int capacity(final int length)
    {
        int capacity = MIN_CAPACITY;
        while (capacity < 64 * length)
        {
            capacity *= 2;
        }
        return capacity;
    }

    /**
     * Runs one side in this JVM (tests and {@code ringway bench} use it to be the ping themselves).
     *
     * @param options    the command line.
     * @param roundsDone told the number of rounds done after each round, outside the timed part (progress).
     * @return what this side saw.
     * @throws Failure on a wrong message or when the peer is gone.
     */
    public static Result run(final Options options, final LongConsumer roundsDone)
    {
        final int capacity = capacity(options.length());
        try (Channel in = Channel.openOrCreate(options.inbound(), ChannelConfig.spsc(capacity));
            Channel out = Channel.openOrCreate(options.outbound(), ChannelConfig.spsc(capacity)))
        {
            final Side side = new Side(options, in, out);
            if (options.ready())
            {
                System.out.println(READY);
                System.out.flush();
            }
            try
            {
                return "ping".equals(options.role()) ? side.ping(roundsDone) : side.pong();
            }
            finally
            {
                side.close();
            }
        }
    }

    /** One side: its handles, the message it sends and what its handler last received. */
    private static final class Side implements MessageHandler
    {
        private final Options options;
        private final boolean spin;
        private final long timeoutNs;
        private final Consumer consumer;
        private final Producer producer;
        private final UnsafeBuffer message;
        /** A view of the outbound header: the receiver's dataWaiters flag (LAYOUT.md 3, 9); strict only. */
        private final MappedByteBuffer outboundHeader;
        private final UnsafeBuffer peerWaiters;
        /** Pong, not strict: {@link #onMessage} sends each round back. */
        private final boolean echoesInHandler;
        private long round;
        private long received;
        private long timeouts;

        Side(final Options options, final Channel in, final Channel out)
        {
            this.options = options;
            this.spin = "spin".equals(options.waitMode());
            this.timeoutNs = TimeUnit.MILLISECONDS.toNanos(options.timeoutMs());
            final WaitStrategy strategy = strategy(options.waitMode());
            this.consumer = (options.membarrierWakeups() ?
                in.consumer(ConsumerOption.MEMBARRIER_WAKEUPS) : in.consumer()).waitStrategy(strategy);
            this.producer = out.producer().waitStrategy(strategy);
            this.message = new UnsafeBuffer(ByteBuffer.allocateDirect(options.length()));
            this.outboundHeader = options.strict() ?
                IoUtil.mapExistingFile(options.outbound().toFile(), "ping-pong outbound header", 0,
                    HeaderDescriptor.HEADER_LENGTH) : null;
            this.peerWaiters = options.strict() ? new UnsafeBuffer(outboundHeader) : null;
            this.echoesInHandler = "pong".equals(options.role()) && !options.strict();
        }

        /**
         * Takes the round number of a message of the contract's type and length (else {@code received} stays -1).
         * The pong (unless strict) sends it back from here, before its poll releases the message's space: the echo's
         * stores then do not queue behind the store of the consumer position, whose cache line the ping's producer
         * may hold (docs/PING_PONG.md).
         */
        @Override
        public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            if (typeId == PING_TYPE_ID && length == options.length())
            {
                received = buffer.getLong(index, ByteOrder.LITTLE_ENDIAN);
                if (echoesInHandler && received == round)
                {
                    send(round);
                }
            }
        }

        Result pong()
        {
            final long totalRounds = options.warmupRounds() + options.rounds();
            for (long round = 0; round < totalRounds; round++)
            {
                receiveRound(round);
                if (!echoesInHandler)
                {
                    // strict: the receiver's waiters flag is awaited here, not while our own wait may hold our flag
                    send(round);
                }
            }
            return result(new long[0]);
        }

        Result ping(final LongConsumer roundsDone)
        {
            final long warmupRounds = options.warmupRounds();
            final long totalRounds = warmupRounds + options.rounds();
            final long[] roundTripNs = new long[(int)options.rounds()];
            final RateSchedule schedule = new RateSchedule(options.ratePerSecond(), warmupRounds);
            for (long round = 0; round < totalRounds; round++)
            {
                final long startNs = schedule.roundStartNs(round);
                send(round);
                receiveRound(round);
                final long endNs = System.nanoTime();
                if (round >= warmupRounds)
                {
                    roundTripNs[(int)(round - warmupRounds)] = endNs - startNs;
                }
                roundsDone.accept(round + 1);
            }
            if (options.samples() != null)
            {
                try
                {
                    writeSamples(options.samples(), roundTripNs);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException("cannot write the samples: file=" + options.samples(), ex);
                }
            }
            Arrays.sort(roundTripNs);
            return result(roundTripNs);
        }

        private Result result(final long[] roundTripNs)
        {
            return new Result(options.role(), options.rounds(), timeouts, roundTripNs, options.membarrierWakeups(),
                consumer.membarrierWakeups());
        }

        private void send(final long round)
        {
            if (peerWaiters != null)
            {
                // SYNC POINT: pairs with the peer's store of dataWaiters before its re-check and FUTEX_WAIT (WaitWord)
                while (peerWaiters.getIntVolatile(HeaderDescriptor.DATA_WAITERS_OFFSET) == 0)
                {
                    Thread.yield();
                }
            }
            message.putLong(0, round, ByteOrder.LITTLE_ENDIAN);
            while (!producer.offer(PING_TYPE_ID, message, 0, options.length(), timeoutNs, TimeUnit.NANOSECONDS))
            {
                // the ring stayed full for a whole timeout: a ping-pong has one message in flight, so never; retry
            }
        }

        /** Waits for the message of {@code round}; a wait that times out is counted and retried. */
        private void receiveRound(final long round)
        {
            this.round = round;
            received = -1;
            int consecutiveTimeouts = 0;
            while (receive() == 0)
            {
                timeouts++;
                if (++consecutiveTimeouts >= MAX_CONSECUTIVE_TIMEOUTS)
                {
                    throw new Failure(EXIT_PEER_GONE, options.role() + ": peer gone: no message for " +
                        consecutiveTimeouts + " waits of " + options.timeoutMs() + " ms in round " + round +
                        " (timeouts=" + timeouts + ")");
                }
            }
            if (received != round)
            {
                throw new Failure(EXIT_WRONG_MESSAGE, options.role() + ": wrong message: field=round found=" +
                    received + " expected=" + round + " (type id " + PING_TYPE_ID + ", " + options.length() +
                    "-byte body)");
            }
        }

        /**
         * One wait for the next message: 1 when one was delivered, 0 when the wait timed out. {@code spin} reads no
         * clock until {@link PingPong#SPIN_POLLS_PER_CLOCK_READ} polls have found nothing, so a round trip that finds
         * its echo within them costs polls only.
         */
        private int receive()
        {
            if (!spin)
            {
                return consumer.poll(this, 1, timeoutNs, TimeUnit.NANOSECONDS);
            }
            int delivered;
            int emptyPolls = 0;
            boolean clockStarted = false;
            long deadlineNs = 0;
            while ((delivered = consumer.poll(this, 1)) == 0)
            {
                // busy spin without Thread.onSpinWait(), like the C and Go programs: see docs/PING_PONG.md
                if (++emptyPolls == SPIN_POLLS_PER_CLOCK_READ)
                {
                    emptyPolls = 0;
                    final long nowNs = System.nanoTime();
                    if (!clockStarted)
                    {
                        clockStarted = true;
                        deadlineNs = nowNs + timeoutNs;
                    }
                    else if (nowNs - deadlineNs >= 0)
                    {
                        return 0;
                    }
                }
            }
            return delivered;
        }

        void close()
        {
            consumer.close();
            producer.close();
            if (outboundHeader != null)
            {
                IoUtil.unmap(outboundHeader);
            }
        }
    }

    /**
     * When the ping times each round from (docs/PING_PONG.md): the clock just before the send, or with {@code --rate}
     * the round's intended send time. Warm-up rounds are due from the first round, measured rounds from the first
     * measured round, so that no lateness of the warm-up (JIT compilation) carries over into the measurement.
     */
    public static final class RateSchedule
    {
        private final long ratePerSecond;
        private final long warmupRounds;
        private long startNs;

        /**
         * @param ratePerSecond rounds per second, or 0 for rounds back to back.
         * @param warmupRounds  rounds before the measured ones.
         */
        public RateSchedule(final long ratePerSecond, final long warmupRounds)
        {
            this.ratePerSecond = ratePerSecond;
            this.warmupRounds = warmupRounds;
            this.startNs = System.nanoTime();
        }

        /**
         * With a rate, spins until the round is due (a late round goes at once): the round is timed from when it
         * should have been sent, so a stall counts against every round it delays (coordinated omission corrected).
         *
         * @param round the round, warm-up rounds included, called in order.
         * @return the time to count the round from, on the {@link System#nanoTime()} clock.
         */
        public long roundStartNs(final long round)
        {
            if (ratePerSecond == 0)
            {
                return System.nanoTime();
            }
            if (round == warmupRounds)
            {
                startNs = System.nanoTime();
            }
            final long dueNs = intendedSendNs(startNs, round < warmupRounds ? round : round - warmupRounds,
                ratePerSecond);
            while (System.nanoTime() - dueNs < 0)
            {
                // busy spin until the round is due, as the spinning waits do
            }
            return dueNs;
        }
    }

    /**
     * The schedule of {@code --rate} (docs/PING_PONG.md): round {@code i} is due at {@code start + i * 10^9 / rate}
     * nanoseconds, in integer arithmetic that neither overflows nor accumulates rounding (each due time is the floor
     * of the exact one).
     *
     * @param startNs       when round 0 is due.
     * @param round         the round number, counted from the first warm-up round or from the first measured one.
     * @param ratePerSecond rounds per second, 1 to {@link #MAX_RATE_PER_SECOND}.
     * @return when the round is due, on the clock of {@code startNs}.
     */
    public static long intendedSendNs(final long startNs, final long round, final long ratePerSecond)
    {
        final long nanosPerSecond = 1_000_000_000L;
        return startNs + round / ratePerSecond * nanosPerSecond +
            round % ratePerSecond * nanosPerSecond / ratePerSecond;
    }

    /**
     * Writes round trips as the samples file of docs/PING_PONG.md says: little-endian int64 nanoseconds, in round
     * order (the benchmark's peer programs write theirs with it too).
     *
     * @param file        the file, created or truncated.
     * @param roundTripNs the round trips.
     * @throws IOException when the file cannot be written.
     */
    public static void writeSamples(final Path file, final long[] roundTripNs) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocate(roundTripNs.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(roundTripNs);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
        }
    }
}
