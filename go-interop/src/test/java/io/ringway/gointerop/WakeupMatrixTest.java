package io.ringway.gointerop;

import io.ringway.testing.ChildProcess;
import io.ringway.testing.TempChannelDirectory;
import io.ringway.testing.WakeProbe;
import io.ringway.wait.Membarrier;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.ringway.gointerop.Language.Program.PING_PONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Wake-ups across processes of every pair of languages ({@link Language}; docs/LAYOUT.md section 9):
 *
 * <ul>
 *     <li>parked ping-pong, ping language x pong language: each side parks on every round and each message is sent
 *     only once its receiver has announced that it parks (strict mode), so every round needs a wake; no wait may end
 *     by timeout (a lost wake would), and both channels' wake counters show that parking was exercised;</li>
 *     <li>a producer of each language and a consumer of each language that promised membarrier wakeups (docs/LAYOUT.md
 *     9.8): the producer skips the full fence of its wake checks. The ping spins and sends the next round as soon as
 *     the echo arrives, while the pong, its handler done, stores its waiters flag and calls membarrier before it
 *     re-checks and parks: commits land in that window round after round. A lost wakeup leaves the pong parked until
 *     its timeout. With the consumer fencing instead of calling membarrier, 200,000 C round trips lost 1 to 4
 *     wakeups (2,000,000 lost 71), so each pair runs 15 times the parked rounds ({@code ringway.wakeup.rounds});</li>
 *     <li>a consumer of each language SIGKILLed while parked leaves its waiters flag set, after which a producer pays
 *     for exactly one wake and the next consumer takes over.</li>
 * </ul>
 *
 * <p>Rounds per pair: {@code -Dringway.wakeup.rounds=N} (default 20,000).
 */
class WakeupMatrixTest
{
    private static final long ROUNDS = Long.getLong("ringway.wakeup.rounds", 20_000);
    /** Round trips of the membarrier pairs: about one in 28,000 is lost when the promise is not kept (above). */
    private static final long MEMBARRIER_ROUNDS = 15 * ROUNDS;
    private static final long WAIT_TIMEOUT_MS = 2_000;
    private static final long HANG_GUARD_SECONDS = 300;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("wakeup-matrix");

    static Stream<Arguments> pairs()
    {
        final List<Arguments> pairs = new ArrayList<>();
        for (final Language ping : Language.values())
        {
            for (final Language pong : Language.values())
            {
                pairs.add(Arguments.of(Named.of(ping + " ping -> parked " + pong + " pong -> parked " + ping +
                    " ping: " + ConformanceMatrixTest.count(ROUNDS) + " rounds, no wait ends by timeout", ping), pong));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void shouldCompleteEveryParkedRoundWithEachSideWakingTheOther(final Language ping, final Language pong)
        throws Exception
    {
        final Path pingChannel = directory.resolve("ping.ringway");
        final Path pongChannel = directory.resolve("pong.ringway");
        final Path pongOutput = directory.resolve("pong.out");
        final Process pongProcess = pong.builder(PING_PONG, "pong", pingChannel, pongChannel, ROUNDS, 0, "blocking",
            "--timeout-ms", WAIT_TIMEOUT_MS, "--strict").redirectOutput(pongOutput.toFile()).start();
        final ChildProcess.Result pingResult;
        try
        {
            pingResult = ChildProcess.run(ping.builder(PING_PONG, "ping", pongChannel, pingChannel, ROUNDS, 0,
                "blocking", "--timeout-ms", WAIT_TIMEOUT_MS, "--strict"), HANG_GUARD_SECONDS);
        }
        finally
        {
            assertEquals(0, ChildProcess.waitFor(pongProcess, HANG_GUARD_SECONDS), pong + " pong exit code");
        }
        final String pongText = Files.readString(pongOutput, StandardCharsets.UTF_8);
        System.out.println(ping + " -> " + pong + ": " + pingResult.output().trim() + " | " + pongText.trim());

        assertEquals(0, pingResult.exitCode(), ping + " ping: " + pingResult.output());
        assertTrue(pingResult.output().startsWith("ping: rounds=" + ROUNDS + " timeouts=0 "),
            ping + " ping waits ended by timeout (lost wakes): " + pingResult.output());
        assertTrue(pongText.startsWith("pong: rounds=" + ROUNDS + " timeouts=0"),
            pong + " pong waits ended by timeout (lost wakes): " + pongText);
        WakeProbe.assertMostMessagesNeededAWake(pingChannel, ROUNDS, ping + " wakes " + pong);
        WakeProbe.assertMostMessagesNeededAWake(pongChannel, ROUNDS, pong + " wakes " + ping);
    }

    static Stream<Arguments> membarrierPairs()
    {
        final List<Arguments> pairs = new ArrayList<>();
        for (final Language producer : Language.values())
        {
            for (final Language consumer : Language.values())
            {
                pairs.add(Arguments.of(Named.of(producer + " producer -> " + consumer + " consumer promising " +
                    "membarrier wakeups, parking for every message: " + ConformanceMatrixTest.count(MEMBARRIER_ROUNDS) +
                    " round trips, no wakeup lost", producer), consumer));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("membarrierPairs")
    void shouldLoseNoWakeupOfAConsumerPromisingMembarrierWakeupsWhileTheProducerSkipsItsFence(
        final Language producer, final Language consumer) throws Exception
    {
        assumeTrue(Membarrier.SUPPORTED, "membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED) is not offered by this kernel");
        final Path pingChannel = directory.resolve("ping.ringway");
        final Path pongChannel = directory.resolve("pong.ringway");
        final Path pongOutput = directory.resolve("pong.out");
        final Process pongProcess = consumer.builder(PING_PONG, "pong", pingChannel, pongChannel, MEMBARRIER_ROUNDS,
            0, "blocking", "--timeout-ms", WAIT_TIMEOUT_MS, "--membarrier-wakeups")
            .redirectOutput(pongOutput.toFile()).start();
        final ChildProcess.Result pingResult;
        try
        {
            pingResult = ChildProcess.run(producer.builder(PING_PONG, "ping", pongChannel, pingChannel,
                MEMBARRIER_ROUNDS, 0, "busySpin", "--timeout-ms", WAIT_TIMEOUT_MS), HANG_GUARD_SECONDS);
        }
        finally
        {
            assertEquals(0, ChildProcess.waitFor(pongProcess, HANG_GUARD_SECONDS), consumer + " pong exit code");
        }
        final String pingText = pingResult.output().trim();
        final String pongText = Files.readString(pongOutput, StandardCharsets.UTF_8).trim();
        System.out.println(producer + " -> " + consumer + " (membarrier wakeups): " + pingText + " | " + pongText);

        assertEquals(0, pingResult.exitCode(), producer + " ping: " + pingText);
        assertEquals("pong: rounds=" + MEMBARRIER_ROUNDS + " timeouts=0 membarrierWakeups=true", pongText,
            consumer + " pong: did not promise, or a park ended by timeout");
        // a lost wakeup leaves the pong parked until its wait's timeout, and the spinning ping's wait ends by its own
        assertTrue(pingText.startsWith("ping: rounds=" + MEMBARRIER_ROUNDS + " timeouts=0 "),
            "wakeups lost by a " + producer + " producer that skipped its fence for a " + consumer + " consumer: " +
            pingText);
    }

    @ParameterizedTest(name = "{0} consumer SIGKILLed while parked: the producer pays for one wake, the next " +
        "consumer reads everything")
    @EnumSource(Language.class)
    void shouldStopIssuingWakesOnceAConsumerKilledWhileParkedIsGone(final Language consumer) throws Exception
    {
        final Path pingChannel = directory.resolve("ping.ringway");
        final Path pongChannel = directory.resolve("pong.ringway");
        final Process parked = consumer.builder(PING_PONG, "pong", pingChannel, pongChannel, 1, 0, "blocking",
            "--timeout-ms", 600_000)
            .start();
        WakeProbe.assertAConsumerKilledWhileParkedCostsOneWake(pingChannel, parked, consumer + " consumer",
            HANG_GUARD_SECONDS);
    }
}
