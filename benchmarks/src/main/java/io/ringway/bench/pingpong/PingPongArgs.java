package io.ringway.bench.pingpong;

import io.ringway.cli.PingPong;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The command-line contract every peer and floor ping-pong program of the benchmark follows, in Java and C
 * (benchmarks/c/pingpong.h) alike (Ringway's own ping-pong program has its contract, docs/PING_PONG.md):
 * <pre>
 *   &lt;program&gt; pong &lt;addresses...&gt;
 *       prints READY once reachable, echoes until STOP
 *   &lt;program&gt; [--rate N] ping &lt;addresses...&gt; &lt;warmup&gt; &lt;count&gt; &lt;out&gt;
 *       one message in flight; writes count round trips to out as little-endian int64 nanoseconds
 * </pre>
 * Messages are {@link #MESSAGE_LENGTH} bytes; the first 8 are the sequence number, {@link #STOP_SEQUENCE} ends the
 * pong side. {@code --rate N} (before the role, as the harness appends the counts) is the fixed-rate ping of
 * docs/PING_PONG.md: round i is sent at its intended time, start + i / N, and timed from it (programs that support it
 * say so in their usage).
 *
 * @param isPing    true for the ping (measuring) side.
 * @param addresses channel files, directories or sockets, as the program defines them.
 * @param warmup    round trips before measuring (ping only).
 * @param count     measured round trips (ping only).
 * @param out       where the ping side writes its samples.
 * @param ratePerSecond the ping's fixed rate, or 0 for rounds back to back.
 */
public record PingPongArgs(boolean isPing, List<String> addresses, long warmup, int count, Path out,
    long ratePerSecond)
{
    public static final int MESSAGE_LENGTH = 32;
    public static final long STOP_SEQUENCE = -1L;
    /** The same line Ringway's ping-pong program prints with --ready. */
    public static final String READY = PingPong.READY;

    /**
     * @param allArgs      the main arguments.
     * @param addressCount how many addresses the program takes.
     * @param usage        printed on misuse.
     * @return the parsed arguments; exits with status 2 on misuse.
     */
    public static PingPongArgs parse(final String[] allArgs, final int addressCount, final String usage)
    {
        final boolean hasRate = allArgs.length >= 2 && "--rate".equals(allArgs[0]);
        final long rate = hasRate ? Long.parseLong(allArgs[1]) : 0;
        if (hasRate && (rate <= 0 || rate > PingPong.MAX_RATE_PER_SECOND))
        {
            usage("invalid rate: field=--rate found=" + rate + " expected=1 to " + PingPong.MAX_RATE_PER_SECOND);
        }
        final String[] args = hasRate ? Arrays.copyOfRange(allArgs, 2, allArgs.length) : allArgs;
        if (args.length == 1 + addressCount && "pong".equals(args[0]))
        {
            return new PingPongArgs(false, Arrays.asList(args).subList(1, 1 + addressCount), 0, 0, null, rate);
        }
        if (args.length == 4 + addressCount && "ping".equals(args[0]))
        {
            final long warmup = Long.parseLong(args[1 + addressCount]);
            final int count = Integer.parseInt(args[2 + addressCount]);
            if (warmup < 0 || count <= 0)
            {
                usage("invalid counts: field=warmup found=" + warmup + " expected=>=0, field=count found=" + count +
                    " expected=>0");
            }
            return new PingPongArgs(true, Arrays.asList(args).subList(1, 1 + addressCount), warmup, count,
                Path.of(args[3 + addressCount]), rate);
        }
        usage("usage: " + usage);
        throw new IllegalStateException("unreachable");
    }

    public String address(final int index)
    {
        return addresses.get(index);
    }

    /**
     * @return the ping's schedule: {@code --rate}, or rounds back to back (see {@link PingPong.RateSchedule}).
     */
    public PingPong.RateSchedule schedule()
    {
        return new PingPong.RateSchedule(ratePerSecond, warmup);
    }

    /** Tells the harness that the pong side can be reached. */
    public static void ready()
    {
        System.out.println(READY);
        System.out.flush();
    }

    /**
     * Writes the samples as little-endian int64 nanoseconds.
     *
     * @param out     the file.
     * @param samples round-trip times in nanoseconds.
     * @throws IOException when the file cannot be written.
     */
    public static void writeSamples(final Path out, final long[] samples) throws IOException
    {
        PingPong.writeSamples(out, samples);
    }

    /**
     * Fails the ping side when an echo is not the message just sent.
     *
     * @param found    the echoed sequence.
     * @param expected the sequence sent.
     */
    public static void checkEcho(final long found, final long expected)
    {
        if (found != expected)
        {
            throw new IllegalStateException("wrong echo: field=sequence found=" + found + " expected=" + expected);
        }
    }

    private static void usage(final String message)
    {
        System.err.println(message);
        System.exit(2);
    }
}
