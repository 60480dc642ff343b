package io.ringway.gointerop;

import io.ringway.testing.ChildProcess;
import io.ringway.testing.TempChannelDirectory;
import io.ringway.testing.WakeProbe;
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

/**
 * Wake-ups across processes of every pair of languages ({@link Language}; docs/LAYOUT.md section 9):
 *
 * <ul>
 *     <li>parked ping-pong, ping language x pong language: each side parks on every round and each message is sent
 *     only once its receiver has announced that it parks (strict mode), so every round needs a wake; no wait may end
 *     by timeout (a lost wake would), and both channels' wake counters show that parking was exercised;</li>
 *     <li>a consumer of each language SIGKILLed while parked leaves its waiters flag set, after which a producer pays
 *     for exactly one wake and the next consumer takes over.</li>
 * </ul>
 *
 * <p>Rounds per pair: {@code -Dringway.wakeup.rounds=N} (default 20,000).
 */
class WakeupMatrixTest
{
    private static final long ROUNDS = Long.getLong("ringway.wakeup.rounds", 20_000);
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
