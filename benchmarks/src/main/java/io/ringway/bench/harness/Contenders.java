package io.ringway.bench.harness;

import io.ringway.bench.harness.Contender.Kind;
import io.ringway.bench.journal.ChronicleJournalThroughput;
import io.ringway.bench.journal.ChronicleQueueThroughput;
import io.ringway.bench.journal.RingwayJournalThroughput;
import io.ringway.bench.journal.RingwayRecordThroughput;
import io.ringway.bench.parked.ParkedConsumer;
import io.ringway.bench.pingpong.AeronPingPong;
import io.ringway.bench.pingpong.ChroniclePingPong;
import io.ringway.bench.pingpong.PairedPingPong;
import io.ringway.bench.throughput.AeronThroughput;
import io.ringway.bench.throughput.AgronaMpscThroughput;
import io.ringway.bench.throughput.RingwayThroughput;
import io.ringway.cli.PingPong;
import io.ringway.wait.WaitWord;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Every row of the report, declared in one place. A new row is one entry: its name, its kind, a line on its topology
 * and the command lines of its two processes (addresses only: the harness adds counts and output files; a Ringway
 * round-trip row's arguments come whole from {@link RunContext#pingPong}). A row whose code has not landed yet is a
 * {@link Contender#notYet} entry, so that the report says so instead of leaving it out.
 */
public final class Contenders
{
    /** The raw C spin ping-pong: the floor every ratio is taken against. */
    public static final String RAW_SPIN_FLOOR = "Raw shared-memory spin (C)";
    /** The raw spin moving a 40-byte Ringway-shaped record at a ring's positions (benchmarks/c/raw_spin_pingpong.c). */
    public static final String RAW_SPIN_RECORD = "Raw spin, 40-byte record (C)";
    /**
     * The 40-byte record with the consumer clearing each record it read instead of the producer pre-zeroing the next
     * header: what LAYOUT 6.1 step 5 (the SPSC pre-zeroing) costs a round trip, against the other way to keep the
     * next header zero.
     */
    public static final String RAW_SPIN_RECORD_CONSUMER_ZEROES = "Raw spin, 40-byte record, consumer zeroes (C)";
    /**
     * The 40-byte record with the producer keeping the bytes from the next header to the end of the following cache
     * line zero, zeroing after each commit (raw_spin_pingpong --zero-ahead): measured as a floor before LAYOUT 6.1
     * took it ("Zero ahead", since replaced by "Touch ahead", which keeps its latency at less cost per message).
     */
    public static final String RAW_SPIN_RECORD_ZERO_AHEAD = "Raw spin, 40-byte record, zero ahead (C)";
    /** The same plus LAYOUT 9.2's full fence and waiters-flag load after each publish. */
    public static final String RAW_SPIN_WAKE_CHECK = "Raw spin + wake check (C)";
    public static final String RINGWAY_JAVA_JAVA = "Ringway Java<->Java";
    public static final String RINGWAY_JAVA_C = "Ringway Java<->C";
    public static final String RINGWAY_C_C = "Ringway C<->C";
    public static final String RINGWAY_GO_JAVA = "Ringway Go<->Java";
    public static final String RINGWAY_GO_GO = "Ringway Go<->Go";
    public static final String RAW_FUTEX_FLOOR = "Raw shared-memory futex (C)";
    public static final String RINGWAY_PARKED_C_C = "Ringway parked C<->C";
    public static final String RINGWAY_PARKED_JAVA_JAVA = "Ringway parked Java<->Java";
    /**
     * Ringway's ping-pong program (docs/PING_PONG.md) in C (c-interop/programs/ping_pong.c) and in Go
     * (go-interop/cmd/ping_pong), as benchmarks/c/build.sh builds them; in Java it is {@link PingPong}.
     */
    private static final String C_PING_PONG = "ringway_ping_pong";
    private static final String GO_PING_PONG = "ringway_ping_pong_go";
    public static final String AERON_IPC = "Aeron IPC";
    public static final String UNIX_SOCKET = "Unix domain socket (C)";
    public static final String TCP_LOOPBACK = "TCP loopback (C)";
    public static final String PIPE = "Pipe (C)";
    /** The back-to-back rows whose every round trip blocks in the kernel (tens of microseconds): all others spin. */
    private static final Set<String> BLOCKING = Set.of(RAW_FUTEX_FLOOR, RINGWAY_PARKED_C_C, RINGWAY_PARKED_JAVA_JAVA,
        UNIX_SOCKET, TCP_LOOPBACK, PIPE);

    private Contenders()
    {
    }

    /**
     * @return true for a back-to-back row whose round trips spin (sub-microsecond), false for one that blocks in the
     *         kernel, a fixed-rate row, or a same-state pair (each has a warm-up of its own).
     */
    public static boolean spins(final Contender contender)
    {
        return !contender.isPaired() && !contender.name().startsWith(FIXED_RATE_PREFIX) &&
            !BLOCKING.contains(contender.name());
    }

    /** Names of the fixed-rate rows start with this; they have a table of their own. */
    public static final String FIXED_RATE_PREFIX = "Fixed rate ";
    /** The offered rates of the fixed-rate rows, messages per second. */
    public static final List<Long> FIXED_RATES = List.of(100_000L, 1_000_000L);

    /**
     * @param ratePerSecond one of {@link #FIXED_RATES}.
     * @param row           the back-to-back row it is the fixed-rate twin of, e.g. {@link #AERON_IPC}.
     * @return the name of the fixed-rate row, e.g. "Fixed rate 100k/s: Aeron IPC".
     */
    public static String fixedRateName(final long ratePerSecond, final String row)
    {
        return FIXED_RATE_PREFIX + (ratePerSecond >= 1_000_000 ? ratePerSecond / 1_000_000 + "M" :
            ratePerSecond / 1_000 + "k") + "/s: " + row;
    }

    /** Names of the rows of a same-state pair ({@link Contender#paired}) start with this; they have a table of their own. */
    public static final String PAIRED_PREFIX = "Same state: ";

    /**
     * @param row the row as the back-to-back table names it, e.g. {@link #AERON_IPC}.
     * @return its name when measured in a same-state pair, e.g. "Same state: Aeron IPC".
     */
    public static String pairedName(final String row)
    {
        return PAIRED_PREFIX + row;
    }

    /**
     * The same-state pairs: a reference and a Ringway row in one pair of processes, taking turns in blocks of round
     * trips, so that a ratio between them is not a ratio between two machine states (benchmarks/README.md).
     */
    private static final List<Contender> PAIRED = List.of(
        Contender.paired("Same state: Ringway C<->C and the raw spin floor", Kind.FLOOR, RAW_SPIN_FLOOR, RINGWAY_C_C,
            "one C ping and one C pong (benchmarks/c/paired_spin_pingpong.c) taking turns in blocks of " +
                PairedPingPong.BLOCK_ROUNDS + " round trips: the raw floor's two words, then Ringway's two SPSC channels (ringway.h, spin, the echo sent " +
                "from the handler), and again",
            r -> r.c("paired_spin_pingpong", "pong", r.file("raw-spin"), r.directory().toString()),
            r -> r.c("paired_spin_pingpong", "ping", r.file("raw-spin"), r.directory().toString())),
        Contender.paired("Same state: Ringway Java<->Java and Aeron IPC", Kind.PEER, AERON_IPC, RINGWAY_JAVA_JAVA,
            "one Java ping and one Java pong (PairedPingPong) taking turns in blocks of " + PairedPingPong.BLOCK_ROUNDS +
                " round trips: Aeron IPC " +
                "(" + AeronPingPong.CHANNEL + ", embedded media driver in the pong process), then Ringway's two SPSC " +
                "channels (spin, the echo sent from the handler), and again",
            r -> r.java(PairedPingPong.class, "pong", r.file("aeron"), r.directory().toString()),
            r -> r.java(PairedPingPong.class, "ping", r.file("aeron"), r.directory().toString())));

    private static List<Contender> latencyRows()
    {
        final List<Contender> rows = new ArrayList<>(BACK_TO_BACK);
        rows.addAll(PAIRED);
        for (final long rate : FIXED_RATES)
        {
            final String topology = ", the ping sends at " + rate + " msgs/s and times each round from its " +
                "intended send time (docs/PING_PONG.md --rate)";
            rows.add(Contender.ringwayPingPong(fixedRateName(rate, RINGWAY_JAVA_JAVA),
                "Java<->Java, spin" + topology,
                r -> r.java(PingPong.class, r.pingPong("pong", "spin")),
                r -> r.java(PingPong.class, r.pingPong("ping", "spin", rate))));
            rows.add(Contender.ringwayPingPong(fixedRateName(rate, RINGWAY_C_C), "C<->C, spin" + topology,
                r -> r.c(C_PING_PONG, r.pingPong("pong", "spin")),
                r -> r.c(C_PING_PONG, r.pingPong("ping", "spin", rate))));
            rows.add(Contender.ringwayPingPong(fixedRateName(rate, RINGWAY_GO_GO), "Go<->Go, spin" + topology,
                r -> r.c(GO_PING_PONG, r.pingPong("pong", "spin")),
                r -> r.c(GO_PING_PONG, r.pingPong("ping", "spin", rate))));
            rows.add(Contender.measured(fixedRateName(rate, AERON_IPC), Kind.PEER,
                "Java<->Java, " + AeronPingPong.CHANNEL + topology,
                r -> r.java(AeronPingPong.class, "pong", r.file("aeron")),
                r -> r.java(AeronPingPong.class, "--rate", Long.toString(rate), "ping", r.file("aeron"))));
        }
        return List.copyOf(rows);
    }

    /** The back-to-back round-trip rows (one round right after the other). */
    private static final List<Contender> BACK_TO_BACK = List.of(
        Contender.measured(RAW_SPIN_FLOOR, Kind.FLOOR,
            "C<->C, two 64-bit words in a shared mapping, each side spins",
            r -> r.c("raw_spin_pingpong", "pong", r.file("raw-spin")),
            r -> r.c("raw_spin_pingpong", "ping", r.file("raw-spin"))),
        Contender.measured(RAW_SPIN_RECORD, Kind.FLOOR,
            "C<->C, one 40-byte record (8-byte header, 32-byte body) per message at a Ringway ring's 8-byte-aligned " +
                "positions (records straddle cache lines), next header pre-zeroed, release store of the length",
            r -> r.c("raw_spin_pingpong", "--record", "pong", r.file("raw-spin")),
            r -> r.c("raw_spin_pingpong", "--record", "ping", r.file("raw-spin"))),
        Contender.measured(RAW_SPIN_RECORD_CONSUMER_ZEROES, Kind.FLOOR,
            "as " + RAW_SPIN_RECORD + ", but no header is pre-zeroed: the consumer zeroes each record (40 bytes) " +
                "after reading it, as Agrona's OneToOneRingBuffer and Ringway's MPSC consumers clear consumed space",
            r -> r.c("raw_spin_pingpong", "--record", "--consumer-zeroes", "pong", r.file("raw-spin")),
            r -> r.c("raw_spin_pingpong", "--record", "--consumer-zeroes", "ping", r.file("raw-spin"))),
        Contender.measured(RAW_SPIN_RECORD_ZERO_AHEAD, Kind.FLOOR,
            "as " + RAW_SPIN_RECORD + ", but the producer keeps the bytes from the next header to the end of the " +
                "cache line after it zero, zeroing after each commit what enters that window, so that no store to a " +
                "second line precedes the commit (a candidate for LAYOUT 6.1 step 5, not Ringway's rule)",
            r -> r.c("raw_spin_pingpong", "--record", "--zero-ahead", "pong", r.file("raw-spin")),
            r -> r.c("raw_spin_pingpong", "--record", "--zero-ahead", "ping", r.file("raw-spin"))),
        Contender.measured(RAW_SPIN_WAKE_CHECK, Kind.FLOOR,
            "as " + RAW_SPIN_RECORD + " plus a full fence and a load of a waiters flag after each publish " +
                "(LAYOUT 9.2 steps 1 and 2, nobody waiting)",
            r -> r.c("raw_spin_pingpong", "--record", "--wake-check", "pong", r.file("raw-spin")),
            r -> r.c("raw_spin_pingpong", "--record", "--wake-check", "ping", r.file("raw-spin"))),
        Contender.measured(RAW_FUTEX_FLOOR, Kind.FLOOR,
            "C<->C, two 32-bit words in a shared mapping, FUTEX_WAIT/FUTEX_WAKE every message",
            r -> r.c("raw_futex_pingpong", "pong", r.file("raw-futex")),
            r -> r.c("raw_futex_pingpong", "ping", r.file("raw-futex"))),
        Contender.ringwayPingPong(RINGWAY_JAVA_JAVA, "Java ping, Java pong, two SPSC channels, both spin",
            r -> r.java(PingPong.class, r.pingPong("pong", "spin")),
            r -> r.java(PingPong.class, r.pingPong("ping", "spin"))),
        Contender.ringwayPingPong(RINGWAY_JAVA_C, "Java ping, C pong (ringway.h), two SPSC channels, both spin",
            r -> r.c(C_PING_PONG, r.pingPong("pong", "spin")),
            r -> r.java(PingPong.class, r.pingPong("ping", "spin"))),
        Contender.ringwayPingPong(RINGWAY_C_C, "C ping, C pong (ringway.h), two SPSC channels, both spin",
            r -> r.c(C_PING_PONG, r.pingPong("pong", "spin")),
            r -> r.c(C_PING_PONG, r.pingPong("ping", "spin"))),
        Contender.ringwayPingPong(RINGWAY_GO_JAVA,
            "Go ping (go-interop, Poll/Offer in Go on the mapping, no cgo call), Java pong, two SPSC channels, " +
                "both spin",
            r -> r.java(PingPong.class, r.pingPong("pong", "spin")),
            r -> r.c(GO_PING_PONG, r.pingPong("ping", "spin"))),
        Contender.ringwayPingPong(RINGWAY_GO_GO, "Go ping, Go pong (go-interop), two SPSC channels, both spin",
            r -> r.c(GO_PING_PONG, r.pingPong("pong", "spin")),
            r -> r.c(GO_PING_PONG, r.pingPong("ping", "spin"))),
        Contender.ringwayPingPong(RINGWAY_PARKED_C_C,
            "C<->C (ringway.h), two SPSC channels, each side parks on the channel's futex for every message",
            r -> r.c(C_PING_PONG, r.pingPong("pong", "blocking")),
            r -> r.c(C_PING_PONG, r.pingPong("ping", "blocking"))),
        Contender.ringwayPingPong(RINGWAY_PARKED_JAVA_JAVA,
            "Java<->Java, two SPSC channels, each side parks on the channel's futex (JNA) for every message",
            r -> r.java(PingPong.class, r.pingPong("pong", "blocking")),
            r -> r.java(PingPong.class, r.pingPong("ping", "blocking"))),
        Contender.measured(AERON_IPC, Kind.PEER,
            "Java<->Java, " + AeronPingPong.CHANNEL + ", embedded media driver in the pong process, both spin",
            r -> r.java(AeronPingPong.class, "pong", r.file("aeron")),
            r -> r.java(AeronPingPong.class, "ping", r.file("aeron"))),
        Contender.measured("Chronicle Queue", Kind.PEER,
            "Java<->Java, two queues in /dev/shm, appender and spinning tailer on each side",
            r -> r.java(RunContext.CHRONICLE_JVM_FLAGS, ChroniclePingPong.class, "pong", r.file("chronicle")),
            r -> r.java(RunContext.CHRONICLE_JVM_FLAGS, ChroniclePingPong.class, "ping", r.file("chronicle"))),
        Contender.measured(UNIX_SOCKET, Kind.PEER,
            "C<->C, stream socket, blocking read/write",
            r -> r.c("socket_pingpong", "pong", "uds:" + r.file("socket")),
            r -> r.c("socket_pingpong", "ping", "uds:" + r.file("socket"))),
        Contender.measured(TCP_LOOPBACK, Kind.PEER,
            "C<->C, 127.0.0.1, TCP_NODELAY, blocking read/write",
            r -> r.c("socket_pingpong", "pong", "tcp:" + r.port()),
            r -> r.c("socket_pingpong", "ping", "tcp:" + r.port())),
        Contender.measured(PIPE, Kind.PEER,
            "C<->C, two named pipes, blocking read/write",
            r -> r.c("socket_pingpong", "pong", "fifo:" + r.file("pipe")),
            r -> r.c("socket_pingpong", "ping", "fifo:" + r.file("pipe"))));

    /** Round-trip latency rows, in the order they run within a round: back to back, same-state pairs, fixed rates. */
    public static final List<Contender> LATENCY = latencyRows();

    /** The one-way row of the Java engine: RingwayThroughput on both sides. */
    public static final String RINGWAY_JAVA_JAVA_ONE_WAY = "Ringway Java->Java";

    /** Messages per offerBatch in the batched Ringway throughput rows. */
    public static final int THROUGHPUT_BATCH = 32;

    /** The suffix of the batched one-way rows: the producer offers batches (on SPSC, runs: LAYOUT 6.1 "Runs"). */
    public static final String BATCH_SUFFIX = ", batch " + THROUGHPUT_BATCH;

    /** How the batched rows' producers write: said in their setup column. */
    private static final String BATCH_SETUP = batchSetup("6.1");

    /** What the name of a one-way row whose consumer promises membarrier wakeups ends with. */
    public static final String MEMBARRIER_WAKEUPS_SUFFIX = ", membarrier wakeups";
    /** The option of the C and Go one-way programs that makes their consumer promise membarrier wakeups. */
    private static final String MEMBARRIER_WAKEUPS_OPTION = "--membarrier-wakeups";
    /** The one-way Ringway row whose consumer promises membarrier wakeups (docs/LAYOUT.md 9.8). */
    public static final String RINGWAY_MEMBARRIER_WAKEUPS = RINGWAY_JAVA_JAVA_ONE_WAY + MEMBARRIER_WAKEUPS_SUFFIX;

    /** The one-way row of the C header: benchmarks/c/ringway_throughput.c, the same contract as the Java programs. */
    public static final String RINGWAY_C_C_ONE_WAY = "Ringway C->C";
    /** The one-way row of the Go package: benchmarks/go/throughput, pure Go on the mapping, the same contract. */
    public static final String RINGWAY_GO_GO_ONE_WAY = "Ringway Go->Go";


    /** One-way cross-process throughput rows. */
    public static final List<Contender> THROUGHPUT = List.of(
        Contender.measured(RINGWAY_JAVA_JAVA_ONE_WAY, Kind.RINGWAY,
            "one SPSC channel of " + RingwayThroughput.CAPACITY / 1024 + " KiB, offer / poll(" +
            RingwayThroughput.POLL_LIMIT + ")",
            r -> r.java(RingwayThroughput.class, "consume", r.file("throughput.ringway")),
            r -> r.java(RingwayThroughput.class, "produce", r.file("throughput.ringway"))),
        Contender.measured(RINGWAY_JAVA_JAVA_ONE_WAY + BATCH_SUFFIX, Kind.RINGWAY,
            "one SPSC channel of " + RingwayThroughput.CAPACITY / 1024 + " KiB, offerBatch of " + THROUGHPUT_BATCH +
            BATCH_SETUP + " / poll(" + RingwayThroughput.POLL_LIMIT + ")",
            r -> r.java(RingwayThroughput.class, "consume", r.file("throughput.ringway")),
            r -> r.java(RingwayThroughput.class, "produce", r.file("throughput.ringway"),
                RingwayThroughput.BATCH_OPTION, Integer.toString(THROUGHPUT_BATCH))),
        nativeOneWay(RINGWAY_C_C_ONE_WAY, "ringway_throughput", "C producer and consumer (ringway.h, gcc -O2)",
            "ringway_producer_offer", "ringway_producer_offer_batch", "ringway_consumer_poll", Variant.OFFER),
        nativeOneWay(RINGWAY_C_C_ONE_WAY, "ringway_throughput", "C producer and consumer (ringway.h, gcc -O2)",
            "ringway_producer_offer", "ringway_producer_offer_batch", "ringway_consumer_poll", Variant.BATCH),
        nativeOneWay(RINGWAY_GO_GO_ONE_WAY, "ringway_throughput_go",
            "Go producer and consumer (go-interop in pure Go, no cgo)", "Producer.Offer", "Producer.OfferBatch",
            "Consumer.Poll", Variant.OFFER),
        nativeOneWay(RINGWAY_GO_GO_ONE_WAY, "ringway_throughput_go",
            "Go producer and consumer (go-interop in pure Go, no cgo)", "Producer.Offer", "Producer.OfferBatch",
            "Consumer.Poll", Variant.BATCH),
        nativeOneWay(RINGWAY_C_C_ONE_WAY, "ringway_throughput", "C producer and consumer (ringway.h, gcc -O2)",
            "ringway_producer_offer", "ringway_producer_offer_batch", "ringway_consumer_poll", Variant.MEMBARRIER),
        nativeOneWay(RINGWAY_GO_GO_ONE_WAY, "ringway_throughput_go",
            "Go producer and consumer (go-interop in pure Go, no cgo)", "Producer.Offer", "Producer.OfferBatch",
            "Consumer.Poll", Variant.MEMBARRIER),
        Contender.measured(RINGWAY_MEMBARRIER_WAKEUPS, Kind.RINGWAY,
            "one SPSC channel of " + RingwayThroughput.CAPACITY / 1024 + " KiB, offer / poll(" +
            RingwayThroughput.POLL_LIMIT + "), the consumer promising membarrier wakeups (docs/LAYOUT.md 9.8: " +
            "no full fence in the producer's wake check)",
            r -> r.java(RingwayThroughput.class, "consume", r.file("throughput.ringway"),
                RingwayThroughput.MEMBARRIER_WAKEUPS_OPTION),
            r -> r.java(RingwayThroughput.class, "produce", r.file("throughput.ringway"))),
        Contender.measured(AERON_IPC, Kind.PEER,
            AeronThroughput.CHANNEL + ", exclusive publication offer / poll(" + AeronThroughput.FRAGMENT_LIMIT + ")",
            r -> r.java(AeronThroughput.class, "consume", r.file("aeron")),
            r -> r.java(AeronThroughput.class, "produce", r.file("aeron"))));

    /**
     * @param section the section of docs/LAYOUT.md with the ring kind's runs.
     * @return how the batched rows' producers write, for their setup column.
     */
    private static String batchSetup(final String section)
    {
        return " (one claim, one commit and one wake check per run of records, docs/LAYOUT.md " + section +
            " \"Runs\")";
    }

    /** The three kinds of one-way row a C or Go program makes. */
    private enum Variant
    {
        /** One offer per message, the default consumer. */
        OFFER,
        /** Batches of {@link #THROUGHPUT_BATCH} messages, the default consumer. */
        BATCH,
        /** One offer per message, the consumer promising membarrier wakeups. */
        MEMBARRIER
    }

    /**
     * A one-way row of a C or Go program with the contract of {@code ThroughputArgs} (benchmarks/c/ringway_throughput.c,
     * benchmarks/go/throughput): one SPSC channel of the Java row's size, polled in batches of the Java row's limit.
     * The programs take {@code --batch N} before the producer's role and {@code --membarrier-wakeups} before the
     * consumer's.
     *
     * @param name    the row's name without a suffix.
     * @param program the built program in the C programs' directory.
     * @param sides   who produces and consumes.
     * @param offer   the call that offers one message.
     * @param batch   the call that offers a batch.
     * @param poll    the call that polls.
     * @param variant which row.
     */
    private static Contender nativeOneWay(final String name, final String program, final String sides,
        final String offer, final String batch, final String poll, final Variant variant)
    {
        final String file = program + ".ringway";
        final String capacity = "one SPSC channel of " + RingwayThroughput.CAPACITY / 1024 + " KiB, ";
        final String pollLimit = poll + "(" + RingwayThroughput.POLL_LIMIT + ")";
        return switch (variant)
        {
            case OFFER -> Contender.measured(name, Kind.RINGWAY, sides + ", " + capacity + offer + " / " + pollLimit,
                r -> r.c(program, "consume", r.file(file)),
                r -> r.c(program, "produce", r.file(file)));
            case BATCH -> Contender.measured(name + BATCH_SUFFIX, Kind.RINGWAY,
                sides + ", " + capacity + batch + " of " + THROUGHPUT_BATCH + BATCH_SETUP + " / " + pollLimit,
                r -> r.c(program, "consume", r.file(file)),
                r -> r.c(program, RingwayThroughput.BATCH_OPTION, Integer.toString(THROUGHPUT_BATCH), "produce",
                    r.file(file)));
            case MEMBARRIER -> Contender.measured(name + MEMBARRIER_WAKEUPS_SUFFIX, Kind.RINGWAY,
                sides + ", " + capacity + offer + " / " + pollLimit + ", the consumer promising membarrier wakeups " +
                    "(docs/LAYOUT.md 9.8: no full fence in the producer's wake check)",
                r -> r.c(program, MEMBARRIER_WAKEUPS_OPTION, "consume", r.file(file)),
                r -> r.c(program, "produce", r.file(file)));
        };
    }

    /** Names of the many-producer throughput rows start with this; they have a table of their own. */
    public static final String MPSC_PREFIX = "MPSC ";
    public static final String MPSC_RINGWAY = "Ringway MPSC";
    public static final String MPSC_RINGWAY_MEMBARRIER_WAKEUPS = "Ringway MPSC" + MEMBARRIER_WAKEUPS_SUFFIX;
    /** The many-producer row whose producers offer batches (LAYOUT 6.2 "Runs"). */
    public static final String MPSC_RINGWAY_BATCH = "Ringway MPSC" + BATCH_SUFFIX;
    public static final String MPSC_AGRONA = "Agrona ManyToOneRingBuffer";
    public static final String MPSC_AERON = "Aeron IPC concurrent publication";
    /** Producer processes of the many-producer rows. */
    public static final List<Integer> MPSC_PRODUCERS = List.of(2, 3);
    /** Message length of the many-producer rows. */
    public static final int MPSC_LENGTH = 32;

    /**
     * Many-producer throughput rows (the harness starts one consumer and N producer processes, each producer's
     * command from a {@link RunContext#forProducer} context): messages per second received by the one consumer.
     */
    public static final List<Contender> MPSC_THROUGHPUT = List.of(
        Contender.measured(MPSC_RINGWAY, Kind.RINGWAY,
            "one MPSC channel of " + RingwayThroughput.CAPACITY / 1024 + " KiB, offer from each producer process / " +
                "poll(" + RingwayThroughput.POLL_LIMIT + ")",
            r -> r.java(RingwayThroughput.class, r.manyProducers("consume", r.file("mpsc.ringway"))),
            r -> r.java(RingwayThroughput.class, r.manyProducers("produce", r.file("mpsc.ringway")))),
        Contender.measured(MPSC_RINGWAY_BATCH, Kind.RINGWAY,
            "one MPSC channel of " + RingwayThroughput.CAPACITY / 1024 + " KiB, offerBatch of " + THROUGHPUT_BATCH +
                " from each producer process" + batchSetup("6.2") + " / poll(" +
                RingwayThroughput.POLL_LIMIT + ")",
            r -> r.java(RingwayThroughput.class, r.manyProducers("consume", r.file("mpsc.ringway"))),
            r -> r.java(RingwayThroughput.class, r.manyProducers("produce", r.file("mpsc.ringway"),
                RingwayThroughput.BATCH_OPTION, Integer.toString(THROUGHPUT_BATCH)))),
        Contender.measured(MPSC_RINGWAY_MEMBARRIER_WAKEUPS, Kind.RINGWAY,
            "one MPSC channel of " + RingwayThroughput.CAPACITY / 1024 + " KiB, offer from each producer process / " +
                "poll(" + RingwayThroughput.POLL_LIMIT + "), the consumer promising membarrier wakeups " +
                "(docs/LAYOUT.md 9.8: no full fence in the producers' wake checks)",
            r -> r.java(RingwayThroughput.class, r.manyProducers("consume", r.file("mpsc.ringway"),
                RingwayThroughput.MEMBARRIER_WAKEUPS_OPTION)),
            r -> r.java(RingwayThroughput.class, r.manyProducers("produce", r.file("mpsc.ringway")))),
        Contender.measured(MPSC_AGRONA, Kind.PEER,
            "Agrona ManyToOneRingBuffer of " + RingwayThroughput.CAPACITY / 1024 + " KiB on a mapped file in " +
                "/dev/shm, write from each producer process / read(" + RingwayThroughput.POLL_LIMIT + ")",
            r -> r.java(AgronaMpscThroughput.class, r.manyProducers("consume", r.file("mpsc.agrona"))),
            r -> r.java(AgronaMpscThroughput.class, r.manyProducers("produce", r.file("mpsc.agrona")))),
        Contender.measured(MPSC_AERON, Kind.PEER,
            AeronThroughput.CHANNEL + ", a concurrent publication in each producer process (one shared log) / " +
                "poll(" + AeronThroughput.FRAGMENT_LIMIT + ")",
            r -> r.java(AeronThroughput.class, r.manyProducers("consume", r.file("aeron"))),
            r -> r.java(AeronThroughput.class, r.manyProducers("produce", r.file("aeron")))));

    /**
     * @return the name of a many-producer row, e.g. "MPSC 2 producers: Ringway MPSC, 32 B".
     */
    public static String mpscName(final int producers, final String row, final int length)
    {
        return MPSC_PREFIX + producers + " producers: " + row + ", " + length + " B";
    }

    /** Row names of the parked-CPU suite start with this (select them with --only). */
    public static final String PARKED_CPU_PREFIX = "parked CPU: ";

    /**
     * Parked-CPU rows: the server is a consumer waiting on an empty channel
     * (the parked-consumer contract of benchmarks/README.md), the client the Java sender of the one message that
     * proves it still wakes (the harness appends the value to send).
     */
    public static final List<Contender> PARKED_CPU = List.of(
        parkedCpu("Java blocking", "Consumer.poll(handler, 1, 1 s) in a loop, WaitStrategy.blocking()",
            r -> r.java(ParkedConsumer.class, "park", r.file("parked.ringway"), "blocking")),
        parkedCpu("Java backoff", "Consumer.poll(handler, 1, 1 s) in a loop, WaitStrategy.backoff() (spins and " +
            "yields at the start of every call, then parks)",
            r -> r.java(ParkedConsumer.class, "park", r.file("parked.ringway"), "backoff")),
        parkedCpu("C blocking", "ringway_consumer_poll_wait(.., 1, 1 s) in a loop, ringway_wait_blocking()",
            r -> r.c("parked_consumer", "park", r.file("parked.ringway"), "blocking")),
        parkedCpu("C backoff", "ringway_consumer_poll_wait(.., 1, 1 s) in a loop, ringway_wait_backoff_default()",
            r -> r.c("parked_consumer", "park", r.file("parked.ringway"), "backoff")),
        parkedCpu("Go PollWait(ctx)", "one PollWait on a context never cancelled (parks in slices of " +
            "MaxWaitSlice, 50 ms), WaitBlocking()",
            r -> r.c("parked_consumer_go", "park", r.file("parked.ringway"), "ctx")),
        parkedCpu("Go PollWaitTimeout", "PollWaitTimeout(.., 1, 1 s) in a loop, WaitBlocking()",
            r -> r.c("parked_consumer_go", "park", r.file("parked.ringway"), "timeout")),
        Contender.measured(PARKED_CPU_PREFIX + "Java journal follower", Kind.RINGWAY,
            "JournalReader.poll(handler, 1, 1 s) in a loop at an empty journal's tail, WaitStrategy.blocking() " +
            "(LAYOUT 14.9); the sender appends one record with a JournalWriter",
            r -> r.java(ParkedConsumer.class, "park-journal", r.file("parked-journal"), "blocking"),
            r -> r.java(ParkedConsumer.class, "send-journal", r.file("parked-journal"))));

    private static Contender parkedCpu(final String name, final String topology,
        final Function<RunContext, List<String>> consumer)
    {
        return Contender.measured(PARKED_CPU_PREFIX + name, Kind.RINGWAY, topology, consumer,
            r -> r.java(ParkedConsumer.class, "send", r.file("parked.ringway")));
    }

    /** Message lengths of the throughput rows. */
    public static final List<Integer> THROUGHPUT_LENGTHS = List.of(32, 64, 256, 4096);

    public static final String JOURNAL_RINGWAY = "Journal: Ringway";
    public static final String JOURNAL_CHRONICLE = "Journal: Chronicle Queue";
    /** The Ringway append row with the benchmark-only switch that turns the follower wake signal off (LAYOUT 14.9). */
    public static final String JOURNAL_RINGWAY_SIGNAL_OFF = "Journal: Ringway (wake signal off)";

    /**
     * Journal rows: one process each, so only the client command (the harness adds the journal directory,
     * counts and output file, see {@code io.ringway.bench.journal.JournalArgs}). Select them with --only Journal.
     */
    public static final List<Contender> JOURNAL = List.of(
        Contender.measured(JOURNAL_RINGWAY, Kind.RINGWAY,
            "JournalWriter.append (each record committed by its own release store, 64 MiB segments), then " +
            "JournalReader.poll(" + RingwayJournalThroughput.POLL_LIMIT + ") from the start",
            null, r -> r.java(RingwayJournalThroughput.class)),
        Contender.measured(JOURNAL_RINGWAY_SIGNAL_OFF, Kind.RINGWAY,
            "as " + JOURNAL_RINGWAY + " with -D" + WaitWord.DISABLE_SIGNAL_PROPERTY + "=true (benchmark only): no " +
            "fence and no load of dataWaiters after each commit, to measure what the follower wake signal costs",
            null, r -> r.java(List.of("-D" + WaitWord.DISABLE_SIGNAL_PROPERTY + "=true"),
                RingwayJournalThroughput.class)),
        Contender.measured(JOURNAL_CHRONICLE, Kind.PEER,
            "one queue (default roll cycle), ExcerptAppender.writeBytes(BytesStore), then an ExcerptTailer's " +
            "readingDocument() from the start",
            null, r -> r.java(RunContext.CHRONICLE_JVM_FLAGS, ChronicleJournalThroughput.class)));

    public static final String JOURNAL_RECORD_RINGWAY = "Journal record: Ringway";
    public static final String JOURNAL_RECORD_CHRONICLE = "Journal record: Chronicle Queue";

    /**
     * Journaled messaging end to end, two processes with the throughput contract: a producer process, and
     * a consumer process that receives every message only after it is in a journal.
     */
    public static final List<Contender> JOURNAL_RECORD = List.of(
        Contender.measured(JOURNAL_RECORD_RINGWAY, Kind.RINGWAY,
            "producer offers into one SPSC channel of " + RingwayThroughput.CAPACITY / 1024 + " KiB; consumer: " +
            "JournalRecorder.poll(" + RingwayThroughput.POLL_LIMIT + ") appends each message, then hands it on",
            r -> r.java(RingwayRecordThroughput.class, "consume", r.file("record.ringway"), r.file("journal")),
            r -> r.java(RingwayThroughput.class, "produce", r.file("record.ringway"))),
        Contender.measured(JOURNAL_RECORD_CHRONICLE, Kind.PEER,
            "producer appends to one queue with writeBytes(BytesStore); consumer spins on a tailer's " +
            "readingDocument() (the queue is channel and journal; it never pushes back on the producer)",
            r -> r.java(RunContext.CHRONICLE_JVM_FLAGS, ChronicleQueueThroughput.class, "consume", r.file("queue")),
            r -> r.java(RunContext.CHRONICLE_JVM_FLAGS, ChronicleQueueThroughput.class, "produce", r.file("queue"))));

    /** Body lengths of the journal rows. */
    public static final List<Integer> JOURNAL_LENGTHS = List.of(32, 256, 1024);
}
