package io.ringway;

import io.ringway.testing.CrashHarness;
import io.ringway.testing.StallHarness;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Real MPSC producer processes stopped with SIGSTOP at random points and right between claim and commit, for far
 * longer than the consumer's unblock timeout, then continued, while the other producers go on (docs/LAYOUT.md 7.1,
 * layout 1.2). Bounded by a count of stops, not time. With C and Go producers too: go-interop's
 * {@code GoStalledProducersTest}.
 */
class StalledProducersTest
{
    private static final int STOPS = Integer.getInteger("ringway.stall.stops", 16);
    private static final long SEED = Long.getLong("ringway.stall.seed", System.nanoTime());
    /** Far shorter than every stop: a 1.1 consumer would unblock each stopped claim several times over. */
    private static final long UNBLOCK_TIMEOUT_MS = 10;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("stall");

    @Test
    void shouldNeverUnblockNorCorruptAnythingWhenLiveMpscProducerProcessesAreStoppedBetweenClaimAndCommit()
        throws Exception
    {
        final StallHarness.Result result = StallHarness.run(directory.path(), new StallHarness.Settings(
            ChannelConfig.mpsc(1 << 14), List.of(CrashHarness.JAVA, CrashHarness.JAVA, CrashHarness.JAVA), SEED,
            STOPS, UNBLOCK_TIMEOUT_MS, 37, 60, 200, 30));
        assertClean(result);
    }

    /**
     * @param result a stall run.
     */
    static void assertClean(final StallHarness.Result result)
    {
        System.out.println("stall test: " + result);
        assertNull(result.firstError(), result.toString());
        assertEquals(0, result.lost(), result.toString());
        assertEquals(0, result.invented(), result.toString());
        assertEquals(0, result.unblockedWhileStopped(), "a live producer's claim was unblocked: " + result);
        assertTrue(result.reopened(), "the file opens afterwards, head at tail: " + result);
        assertTrue(result.stopsBetweenClaimAndCommit() > 0, "some stops were between claim and commit: " + result);
        assertTrue(result.stopsSeenBlockingTheConsumer() > 0, "a stopped claimant was reported: " + result);
        assertTrue(result.messages() > result.stops(), "messages flowed between stops: " + result);
    }
}
