package io.ringway;

import io.ringway.testing.CrashHarness;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Real producer processes killed with SIGKILL at random points, some between claim and commit, and restarted while
 * this process consumes (docs/GUARANTEES.md). Bounded by iteration count, not time.
 */
class CrashTest
{
    private static final int ITERATIONS = Integer.getInteger("ringway.crash.iterations", 24);
    private static final long SEED = Long.getLong("ringway.crash.seed", System.nanoTime());
    /**
     * Short: a live producer's claim is never padded however long it stalls (LAYOUT 7.1, producer slots), so the
     * timeout only delays the padding of a killed producer's claim; pauses last one to three timeouts.
     */
    private static final long UNBLOCK_TIMEOUT_MS = 200;
    /** Every fourth action pauses a running producer (SIGSTOP, then SIGCONT) instead of killing one. */
    private static final int PAUSE_ONE_IN = 4;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("crash");

    @Test
    void shouldLoseNoCommittedMessageWhenMpscProducerProcessesAreKilledAtRandomPointsAndRestarted() throws Exception
    {
        final CrashHarness.Result result = CrashHarness.run(directory.path(), new CrashHarness.Settings(
            ChannelConfig.mpsc(1 << 14), List.of(CrashHarness.JAVA, CrashHarness.JAVA, CrashHarness.JAVA), SEED,
            ITERATIONS, 0, UNBLOCK_TIMEOUT_MS, 4, 40, PAUSE_ONE_IN));
        assertClean(result);
    }

    @Test
    void shouldLoseNoCommittedMessageWhenTheSpscProducerProcessIsKilledAnywhereAndReplaced() throws Exception
    {
        final CrashHarness.Result result = CrashHarness.run(directory.path(), new CrashHarness.Settings(
            ChannelConfig.spsc(1 << 14), List.of(CrashHarness.JAVA), SEED, ITERATIONS, 0, UNBLOCK_TIMEOUT_MS, 3, 40,
            PAUSE_ONE_IN));
        assertClean(result);
    }

    static void assertClean(final CrashHarness.Result result)
    {
        System.out.println("crash test: " + result);
        assertNull(result.firstError(), result.toString());
        assertEquals(0, result.lost(), result.toString());
        assertEquals(0, result.invented(), result.toString());
        assertTrue(result.kills() > 0, result.toString());
        assertTrue(result.killsBetweenClaimAndCommit() > 0, "some kills were between claim and commit: " + result);
        assertTrue(result.unblockedRecords() >= result.killsBetweenClaimAndCommit(),
            "each claim left by a kill between claim and commit was padded: " + result);
        assertTrue(result.messages() > result.kills(), "messages flowed between kills: " + result);
        assertTrue(result.pauses() > 0, "some producers were paused (SIGSTOP, SIGCONT) and went on: " + result);
    }
}
