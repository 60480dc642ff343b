package io.ringway.bench.harness;

import java.util.List;
import java.util.function.Function;

/**
 * One row of the benchmark: two processes and how to start them. The server side (pong, or consumer) starts first and
 * prints READY; then the client side (ping, or producer) runs and measures. For a row of the peer contract the harness
 * appends the counts and the output file to each command line as the contract says
 * ({@code io.ringway.bench.pingpong.PingPongArgs}, {@code io.ringway.bench.throughput.ThroughputArgs}); a command
 * only names the program and its addresses, which it takes from the {@link RunContext} (one fresh directory per run).
 * A Ringway round-trip row runs Ringway's ping-pong program (docs/PING_PONG.md), whose complete command lines the
 * {@link RunContext} makes ({@link RunContext#pingPong}).
 *
 * @param name        the row name in the report, e.g. "Ringway Java<->C".
 * @param kind        floor, Ringway, or peer: what the ratios are taken against.
 * @param topology    one line on what talks to what, for the report.
 * @param server      command line of the side that starts first (pong / consumer), or null when not measured yet.
 * @param client      command line of the measuring side (ping / producer), or null when not measured yet.
 * @param pending     why the row is not measured yet, or null when it is.
 * @param peerContract true when the harness appends the counts and output file of the peer contract to the client's
 *                    command line; false when the commands are complete (the Ringway ping-pong program).
 * @param pairedRows  for a {@link #paired} contender, the two rows it measures in one pair of processes (reference
 *                    first, then Ringway), whose samples the client writes to {@code <out>.1} and {@code <out>.2};
 *                    empty for every other row.
 */
public record Contender(String name, Kind kind, String topology, Function<RunContext, List<String>> server,
    Function<RunContext, List<String>> client, String pending, boolean peerContract, List<String> pairedRows)
{
    /** What a row is compared as. */
    public enum Kind
    {
        /** A C reference program with no Ringway in it: the hardware floor. */
        FLOOR,
        /** A Ringway path. */
        RINGWAY,
        /** Another messaging system or an operating-system channel. */
        PEER
    }

    public static Contender measured(final String name, final Kind kind, final String topology,
        final Function<RunContext, List<String>> server, final Function<RunContext, List<String>> client)
    {
        return new Contender(name, kind, topology, server, client, null, true, List.of());
    }

    /**
     * A round-trip row of Ringway's own ping-pong program: its commands are complete
     * ({@link RunContext#pingPong(String, String)} gives the arguments), the harness appends nothing.
     */
    public static Contender ringwayPingPong(final String name, final String topology,
        final Function<RunContext, List<String>> pong, final Function<RunContext, List<String>> ping)
    {
        return new Contender(name, Kind.RINGWAY, topology, pong, ping, null, false, List.of());
    }

    /**
     * A row the report lists as "not measured yet", to be turned into a {@link #measured} entry when its code lands.
     */
    public static Contender notYet(final String name, final Kind kind, final String topology, final String pending)
    {
        return new Contender(name, kind, topology, null, null, pending, true, List.of());
    }

    /**
     * Two rows measured in one pair of processes that take turns in blocks of round trips (benchmarks/README.md,
     * "Same-state pairs"), with the peer contract; each row's name in the report is {@link Contenders#pairedName}.
     *
     * @param name      the name of the pair, for --only and the progress lines.
     * @param reference the row the Ringway row is compared with (the raw floor, Aeron IPC), whose samples come first.
     * @param ringway   the Ringway row.
     */
    public static Contender paired(final String name, final Kind kind, final String reference, final String ringway,
        final String topology, final Function<RunContext, List<String>> server,
        final Function<RunContext, List<String>> client)
    {
        return new Contender(name, kind, topology, server, client, null, true, List.of(reference, ringway));
    }

    public boolean isPaired()
    {
        return !pairedRows.isEmpty();
    }

    public boolean isMeasured()
    {
        return pending == null;
    }
}
