package io.ringway.gointerop;

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
 * Go wakes Java and Java wakes Go (docs/LAYOUT.md section 9): parked ping-pong between this JVM and the Go program
 * {@code ping_pong} (go-interop/cmd/ping_pong), in which each side parks on every round (strict mode) and no wait may
 * end by timeout; the same between the Go and the C programs; and a Go consumer killed with SIGKILL while parked,
 * after which a Java producer pays for one wake only.
 */
class GoCrossLanguageWakeupTest
{
    private static final String GO_PING_PONG = "ping_pong";
    private static final String C_PING_PONG = "ringway_ping_pong";
    private static final long ROUNDS = Long.getLong("ringway.wakeup.rounds", 20_000);
    private static final long WAIT_TIMEOUT_MS = 2_000;
    private static final long HANG_GUARD_SECONDS = 300;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("go-wakeup");

    @Test
    void shouldCompleteEveryParkedRoundWhenAJavaPingWakesAParkedGoPongAndBack() throws Exception
    {
        final Path ping = directory.resolve("ping.ringway");
        final Path pong = directory.resolve("pong.ringway");
        final Path pongOutput = directory.resolve("pong.out");
        final Process goPong = GoPrograms.builder(GoPrograms.goProgram(GO_PING_PONG), "pong", ping, pong, ROUNDS, 0,
            "blocking", WAIT_TIMEOUT_MS, "strict").redirectOutput(pongOutput.toFile()).start();
        final PingPongMain.Result javaPing;
        try
        {
            javaPing = PingPongMain.run("ping", pong, ping, ROUNDS, 0, WaitStrategy.blocking(), WAIT_TIMEOUT_MS, true);
        }
        finally
        {
            assertEquals(0, ChildProcess.waitFor(goPong, HANG_GUARD_SECONDS), "Go pong exit code");
        }
        final String goText = Files.readString(pongOutput, StandardCharsets.UTF_8);
        System.out.println(javaPing.summary() + " | " + goText.trim());

        assertEquals(0, javaPing.timeouts(), "Java waits ended by timeout (lost wakeups): " + javaPing.summary());
        assertTrue(goText.contains("pong: rounds=" + ROUNDS + " timeouts=0"), goText);
        WakeProbe.assertMostMessagesNeededAWake(ping, ROUNDS, "Java wakes Go");
        WakeProbe.assertMostMessagesNeededAWake(pong, ROUNDS, "Go wakes Java");
    }

    @Test
    void shouldCompleteEveryParkedRoundWhenAGoPingWakesAParkedJavaPongAndBack() throws Exception
    {
        final Path ping = directory.resolve("ping.ringway");
        final Path pong = directory.resolve("pong.ringway");
        final CompletableFuture<PingPongMain.Result> javaPong = CompletableFuture.supplyAsync(
            () -> PingPongMain.run("pong", ping, pong, ROUNDS, 0, WaitStrategy.blocking(), WAIT_TIMEOUT_MS, true));
        final ChildProcess.Result goPing = ChildProcess.run(GoPrograms.builder(GoPrograms.goProgram(GO_PING_PONG), "ping",
            pong, ping, ROUNDS, 0, "blocking", WAIT_TIMEOUT_MS, "strict"), HANG_GUARD_SECONDS);
        final PingPongMain.Result pongResult = javaPong.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
        System.out.println(goPing.output().trim() + " | " + pongResult.summary());

        assertEquals(0, goPing.exitCode(), goPing.output());
        assertTrue(goPing.output().startsWith("ping: rounds=" + ROUNDS + " timeouts=0 "), goPing.output());
        assertEquals(0, pongResult.timeouts(), "Java waits ended by timeout (lost wakeups): " + pongResult.summary());
        WakeProbe.assertMostMessagesNeededAWake(ping, ROUNDS, "Go wakes Java");
        WakeProbe.assertMostMessagesNeededAWake(pong, ROUNDS, "Java wakes Go");
    }

    @Test
    void shouldCompleteEveryParkedRoundWhenAGoPingWakesAParkedCPongAndBack() throws Exception
    {
        final Path ping = directory.resolve("ping.ringway");
        final Path pong = directory.resolve("pong.ringway");
        final Path pongOutput = directory.resolve("pong.out");
        final Process cPong = GoPrograms.builder(GoPrograms.cProgram(C_PING_PONG), "pong", ping, pong, ROUNDS, 0,
            "blocking", WAIT_TIMEOUT_MS, "strict").redirectOutput(pongOutput.toFile()).start();
        final ChildProcess.Result goPing;
        try
        {
            goPing = ChildProcess.run(GoPrograms.builder(GoPrograms.goProgram(GO_PING_PONG), "ping", pong, ping, ROUNDS,
                0, "blocking", WAIT_TIMEOUT_MS, "strict"), HANG_GUARD_SECONDS);
        }
        finally
        {
            assertEquals(0, ChildProcess.waitFor(cPong, HANG_GUARD_SECONDS), "C pong exit code");
        }
        final String cText = Files.readString(pongOutput, StandardCharsets.UTF_8);
        System.out.println(goPing.output().trim() + " | " + cText.trim());

        assertEquals(0, goPing.exitCode(), goPing.output());
        assertTrue(goPing.output().startsWith("ping: rounds=" + ROUNDS + " timeouts=0 "), goPing.output());
        assertTrue(cText.contains("pong: rounds=" + ROUNDS + " timeouts=0"), cText);
        WakeProbe.assertMostMessagesNeededAWake(ping, ROUNDS, "Go wakes C");
        WakeProbe.assertMostMessagesNeededAWake(pong, ROUNDS, "C wakes Go");
    }

    @Test
    void shouldStopIssuingWakesFromJavaOnceAGoConsumerKilledWhileParkedIsGone() throws Exception
    {
        final Path ping = directory.resolve("ping.ringway");
        final Path pong = directory.resolve("pong.ringway");
        final Process goPong = GoPrograms.start(GoPrograms.goProgram(GO_PING_PONG), "pong", ping, pong, 1, 0,
            "blocking", 600_000);
        WakeProbe.assertAConsumerKilledWhileParkedCostsOneWake(ping, goPong, "Go consumer", HANG_GUARD_SECONDS);
    }
}
