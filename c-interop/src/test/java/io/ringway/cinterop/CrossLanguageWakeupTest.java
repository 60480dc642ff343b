package io.ringway.cinterop;

import io.ringway.testing.ChildProcess;
import io.ringway.testing.PingPongMain;
import io.ringway.testing.TempChannelDirectory;
import io.ringway.testing.WakeProbe;
import io.ringway.wait.WaitStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Java wakes C and C wakes Java (docs/LAYOUT.md section 9): parked ping-pong between this JVM and the C program
 * {@code ringway_ping_pong}, in which each side parks on every round (strict mode) and no wait may end by timeout; and a
 * C consumer killed with SIGKILL while parked, after which a Java producer stops paying for wakes.
 */
class CrossLanguageWakeupTest
{
    private static final String PING_PONG = "ringway_ping_pong";
    private static final long ROUNDS = Long.getLong("ringway.wakeup.rounds", 20_000);
    private static final long WAIT_TIMEOUT_MS = 2_000;
    private static final long HANG_GUARD_SECONDS = 300;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("xlang-wakeup");

    @Test
    void shouldCompleteEveryParkedRoundWhenAJavaPingWakesAParkedCPongAndBack() throws Exception
    {
        final Path ping = directory.resolve("ping.ringway");
        final Path pong = directory.resolve("pong.ringway");
        final Path pongOutput = directory.resolve("pong.out");
        final Process cPong = CPrograms.builder(PING_PONG, "pong", ping, pong, ROUNDS, 0, "blocking",
            WAIT_TIMEOUT_MS, "strict").redirectOutput(pongOutput.toFile()).start();
        final PingPongMain.Result javaPing;
        try
        {
            javaPing = PingPongMain.run("ping", pong, ping, ROUNDS, 0, WaitStrategy.blocking(), WAIT_TIMEOUT_MS, true);
        }
        finally
        {
            assertEquals(0, ChildProcess.waitFor(cPong, HANG_GUARD_SECONDS), "C pong exit code");
        }
        final String cText = Files.readString(pongOutput, StandardCharsets.UTF_8);
        System.out.println(javaPing.summary() + " | " + cText.trim());

        assertEquals(0, javaPing.timeouts(), "Java waits ended by timeout (lost wakeups): " + javaPing.summary());
        assertTrue(cText.contains("pong: rounds=" + ROUNDS + " timeouts=0"), cText);
        WakeProbe.assertMostMessagesNeededAWake(ping, ROUNDS, "Java wakes C");
        WakeProbe.assertMostMessagesNeededAWake(pong, ROUNDS, "C wakes Java");
    }

    @Test
    void shouldCompleteEveryParkedRoundWhenACPingWakesAParkedJavaPongAndBack() throws Exception
    {
        final Path ping = directory.resolve("ping.ringway");
        final Path pong = directory.resolve("pong.ringway");
        final CompletableFuture<PingPongMain.Result> javaPong = CompletableFuture.supplyAsync(
            () -> PingPongMain.run("pong", ping, pong, ROUNDS, 0, WaitStrategy.blocking(), WAIT_TIMEOUT_MS, true));
        final ChildProcess.Result cPing = ChildProcess.run(CPrograms.builder(PING_PONG, "ping", pong, ping, ROUNDS, 0,
            "blocking", WAIT_TIMEOUT_MS, "strict"), HANG_GUARD_SECONDS);
        final PingPongMain.Result pongResult = javaPong.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        System.out.println(cPing.output().trim() + " | " + pongResult.summary());

        assertEquals(0, cPing.exitCode(), cPing.output());
        assertTrue(cPing.output().startsWith("ping: rounds=" + ROUNDS + " timeouts=0 "), cPing.output());
        assertEquals(0, pongResult.timeouts(), "Java waits ended by timeout (lost wakeups): " + pongResult.summary());
        WakeProbe.assertMostMessagesNeededAWake(ping, ROUNDS, "C wakes Java");
        WakeProbe.assertMostMessagesNeededAWake(pong, ROUNDS, "Java wakes C");
    }

    @Test
    void shouldStopIssuingWakesFromJavaOnceACConsumerKilledWhileParkedIsGone() throws Exception
    {
        final Path ping = directory.resolve("ping.ringway");
        final Path pong = directory.resolve("pong.ringway");
        final Process cPong = CPrograms.start(PING_PONG, "pong", ping, pong, 1, 0, "blocking", 600_000);
        WakeProbe.assertAConsumerKilledWhileParkedCostsOneWake(ping, cPong, "C consumer", HANG_GUARD_SECONDS);
    }
}
