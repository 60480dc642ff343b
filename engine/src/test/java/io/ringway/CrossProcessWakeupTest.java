package io.ringway;

import io.ringway.testing.JavaProcess;
import io.ringway.testing.PingPongMain;
import io.ringway.testing.TempChannelDirectory;
import io.ringway.testing.WakeProbe;
import io.ringway.wait.WaitStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Java wakes Java across processes (docs/LAYOUT.md section 9): a parked ping-pong between this JVM and a child JVM in
 * which each side parks on every round and no round may need its timeout (a lost wakeup would), and a consumer killed
 * with SIGKILL while parked, after which producers stop paying for wakes.
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
        final Process child = JavaProcess.builder(PingPongMain.class, "pong", ping.toString(), pong.toString(),
            Long.toString(ROUNDS), "0", "blocking", Long.toString(WAIT_TIMEOUT_MS), "strict")
            .redirectOutput(pongOutput.toFile())
            .start();
        final PingPongMain.Result result;
        try
        {
            result = PingPongMain.run("ping", pong, ping, ROUNDS, 0, WaitStrategy.blocking(), WAIT_TIMEOUT_MS,
                true);
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
        assertMostRoundsParked(ping);
        assertMostRoundsParked(pong);
    }

    /**
     * In strict mode each message is committed only once its receiver has announced it is parking, so nearly every
     * message needs a wake (the receiver's own re-check may still catch a few first); at least half must have had one.
     */
    private static void assertMostRoundsParked(final Path path)
    {
        try (Channel channel = Channel.open(path))
        {
            final long wakes = channel.headerBuffer().getLongVolatile(HeaderDescriptor.WAKE_COUNT_OFFSET);
            System.out.println("wakeCount=" + wakes + " file=" + path.getFileName());
            assertTrue(wakes >= ROUNDS / 2, "too few wakes to have exercised parking: file=" + path +
                " field=wakeCount found=" + wakes + " expected=>=" + ROUNDS / 2);
        }
    }

    @Test
    void shouldStopIssuingWakesOnceAConsumerKilledWhileParkedIsGone() throws Exception
    {
        final Path ping = directory.resolve("ping.ringway");
        final Path pong = directory.resolve("pong.ringway");
        final Process child = JavaProcess.builder(PingPongMain.class, "pong", ping.toString(), pong.toString(),
            "1", "0", "blocking", "600000").start();
        WakeProbe.assertAConsumerKilledWhileParkedCostsOneWake(ping, child, "Java consumer", HANG_GUARD_SECONDS);
    }
}
