package io.ringway.cli;

import io.ringway.testing.JavaProcess;
import io.ringway.testing.TempChannelDirectory;
import io.ringway.testing.WakeProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Java wakes Java across processes (docs/LAYOUT.md section 9): a parked ping-pong between this JVM and a child JVM in
 * which each side parks on every round and no round may need its timeout (a lost wakeup would), and a consumer killed
 * with SIGKILL while parked, after which producers stop paying for wakes. Both sides are {@link PingPong}, the Java
 * ping-pong program (docs/PING_PONG.md), which lives here in the cli module with {@code ringway bench}.
 */
class CrossProcessWakeupTest
{
    private static final long ROUNDS = Long.getLong("ringway.wakeup.rounds", 20_000);
    /** Long enough that only a lost wakeup ends a wait by timeout, short enough that one shows up as a count. */
    private static final long WAIT_TIMEOUT_MS = 2_000;
    private static final long HANG_GUARD_SECONDS = 300;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("xwakeup");

    @Test
    void shouldCompleteEveryParkedPingPongRoundBetweenTwoJavaProcessesWithoutATimeout() throws Exception
    {
        final Path ping = directory.resolve("ping.ringway");
        final Path pong = directory.resolve("pong.ringway");
        final Path pongOutput = directory.resolve("pong.out");
        final Process child = JavaProcess.builder(PingPong.class, PingPong.Options.of("pong", ping, pong, ROUNDS, 0,
            "blocking").withTimeoutMs(WAIT_TIMEOUT_MS).withStrict().arguments().toArray(String[]::new))
            .redirectOutput(pongOutput.toFile())
            .start();
        final PingPong.Result result;
        try
        {
            result = PingPong.run(PingPong.Options.of("ping", pong, ping, ROUNDS, 0, "blocking")
                .withTimeoutMs(WAIT_TIMEOUT_MS).withStrict(), done -> { });
        }
        finally
        {
            assertEquals(0, JavaProcess.waitFor(child, HANG_GUARD_SECONDS), "pong exit code");
        }
        final String pongText = Files.readString(pongOutput, StandardCharsets.UTF_8);
        System.out.println(result.summary() + " | " + pongText.trim());

        assertEquals(ROUNDS, result.rounds());
        assertEquals(0, result.timeouts(), "ping waits ended by timeout (lost wakeups): " + result.summary());
        assertTrue(pongText.contains("pong: rounds=" + ROUNDS + " timeouts=0"), pongText);
        // in strict mode each message is committed only once its receiver has announced it is parking
        WakeProbe.assertMostMessagesNeededAWake(ping, ROUNDS, "ping wakes pong");
        WakeProbe.assertMostMessagesNeededAWake(pong, ROUNDS, "pong wakes ping");
    }

    @Test
    void shouldStopIssuingWakesOnceAConsumerKilledWhileParkedIsGone() throws Exception
    {
        final Path ping = directory.resolve("ping.ringway");
        final Path pong = directory.resolve("pong.ringway");
        final Process child = JavaProcess.builder(PingPong.class, PingPong.Options.of("pong", ping, pong, 1, 0,
            "blocking").withTimeoutMs(600_000).arguments().toArray(String[]::new)).start();
        WakeProbe.assertAConsumerKilledWhileParkedCostsOneWake(ping, child, "Java consumer", HANG_GUARD_SECONDS);
    }
}
