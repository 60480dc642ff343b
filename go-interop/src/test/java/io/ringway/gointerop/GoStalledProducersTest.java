package io.ringway.gointerop;

import io.ringway.ChannelConfig;
import io.ringway.testing.CrashHarness;
import io.ringway.testing.StallHarness;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Go, C and Java MPSC producer processes on one channel (go-interop/cmd/crash_producer,
 * c-interop/programs/crash_producer.c, engine's CrashProducerMain), stopped with SIGSTOP at random points and right
 * between claim and commit for far longer than the Java consumer's unblock timeout, then continued, while the others
 * go on (docs/LAYOUT.md 7.1, layout 1.2): no live producer's claim is unblocked, no record is corrupted, every
 * committed message arrives once and in order, and the file opens afterwards. Bounded by a count of stops.
 */
class GoStalledProducersTest
{
    private static final int STOPS = Integer.getInteger("ringway.stall.stops", 24);
    private static final long SEED = Long.getLong("ringway.stall.seed", System.nanoTime());
    private static final long UNBLOCK_TIMEOUT_MS = 10;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("stall-go");

    @Test
    void shouldNeverUnblockNorCorruptAnythingWhenGoCAndJavaProducerProcessesAreStoppedBetweenClaimAndCommit()
        throws Exception
    {
        final CrashHarness.Launcher go = CrashHarness.program("go", GoPrograms.goProgram(GoPrograms.GO_CRASH_PRODUCER));
        final CrashHarness.Launcher c = CrashHarness.program("c", GoPrograms.cProgram(GoPrograms.C_CRASH_PRODUCER));
        final StallHarness.Result result = StallHarness.run(directory.path(), new StallHarness.Settings(
            ChannelConfig.mpsc(1 << 14), List.of(go, c, CrashHarness.JAVA, go, c), SEED, STOPS, UNBLOCK_TIMEOUT_MS,
            37, 60, 200, 30));
        System.out.println("stall test: " + result);
        assertNull(result.firstError(), result.toString());
        assertEquals(0, result.lost(), result.toString());
        assertEquals(0, result.invented(), result.toString());
        assertEquals(0, result.unblockedWhileStopped(), "a live producer's claim was unblocked: " + result);
        assertTrue(result.reopened(), "the file opens afterwards, head at tail: " + result);
        assertTrue(result.stopsBetweenClaimAndCommit() > 0, "some stops were between claim and commit: " + result);
        assertTrue(result.stopsSeenBlockingTheConsumer() > 0, "a stopped claimant was reported: " + result);
        for (final String language : List.of("go", "c", "java"))
        {
            assertTrue(result.stopsByLanguage().getOrDefault(language, 0) > 0, language + " was stopped: " + result);
        }
    }
}
