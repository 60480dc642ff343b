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
 *   &lt;program&gt; ping &lt;addresses...&gt; &lt;warmup&gt; &lt;count&gt; &lt;out&gt;
 *       one message in flight; writes count round trips to out as little-endian int64 nanoseconds
 * </pre>
 * Messages are {@link #MESSAGE_LENGTH} bytes; the first 8 are the sequence number, {@link #STOP_SEQUENCE} ends the
 * pong side.
 *
 * @param isPing    true for the ping (measuring) side.
 * @param addresses channel files, directories or sockets, as the program defines them.
 * @param warmup    round trips before measuring (ping only).
 * @param count     measured round trips (ping only).
 * @param out       where the ping side writes its samples.
 */
public record PingPongArgs(boolean isPing, List<String> addresses, long warmup, int count, Path out)
{
    public static final int MESSAGE_LENGTH = 32;
    public static final long STOP_SEQUENCE = -1L;
    /** The same line Ringway's ping-pong program prints with --ready. */
    public static final String READY = PingPong.READY;

    /**
     * @param args         the main arguments.
     * @param addressCount how many addresses the program takes.
     * @param usage        printed on misuse.
     * @return the parsed arguments; exits with status 2 on misuse.
     */
    public static PingPongArgs parse(final String[] args, final int addressCount, final String usage)
    {
        if (args.length == 1 + addressCount && "pong".equals(args[0]))
        {
            return new PingPongArgs(false, Arrays.asList(args).subList(1, 1 + addressCount), 0, 0, null);
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
                Path.of(args[3 + addressCount]));
        }
        usage("usage: " + usage);
        throw new IllegalStateException("unreachable");
    }

    public String address(final int index)
    {
        return addresses.get(index);
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
