package io.ringway.gointerop;

import io.ringway.ChannelConfig;
import io.ringway.testing.CrashHarness;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Go producer processes (go-interop/cmd/crash_producer) killed with SIGKILL at random points, some between claim and
 * commit, and restarted, with a Java consumer (docs/GUARANTEES.md section 6); alone, and beside C and Java producers
 * on one MPSC channel. Bounded by iteration count ({@code -Dringway.crash.iterations=N}), not time.
 */
class GoCrashProducersTest
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
    private static final int MAX_KILL_DELAY_MS = 40;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("crash-go");

    private static CrashHarness.Launcher go()
    {
        return CrashHarness.program("go", GoPrograms.goProgram(GoPrograms.GO_CRASH_PRODUCER));
    }

    @Test
    void shouldLoseNoCommittedMessageWhenGoMpscProducerProcessesAreKilledAtRandomPoints() throws Exception
    {
        final CrashHarness.Result result = CrashHarness.run(directory.path(), new CrashHarness.Settings(
            ChannelConfig.mpsc(1 << 14), List.of(go(), go()), SEED, ITERATIONS, 0, UNBLOCK_TIMEOUT_MS, 4,
            MAX_KILL_DELAY_MS, PAUSE_ONE_IN));
        assertClean(result, List.of("go"));
    }

    @Test
    void shouldLoseNoCommittedMessageWhenTheSpscGoProducerProcessIsKilledAnywhereAndReplaced() throws Exception
    {
        final CrashHarness.Result result = CrashHarness.run(directory.path(), new CrashHarness.Settings(
            ChannelConfig.spsc(1 << 14), List.of(go()), SEED, ITERATIONS, 0, UNBLOCK_TIMEOUT_MS, 3,
            MAX_KILL_DELAY_MS, PAUSE_ONE_IN));
        assertClean(result, List.of("go"));
    }

    @Test
    void shouldLoseNoCommittedMessageWhenGoCAndJavaMpscProducerProcessesAreKilledAtRandomPoints() throws Exception
    {
        final CrashHarness.Launcher c =
            CrashHarness.program("c", GoPrograms.cProgram(GoPrograms.C_CRASH_PRODUCER));
        final CrashHarness.Result result = CrashHarness.run(directory.path(), new CrashHarness.Settings(
            ChannelConfig.mpsc(1 << 14), List.of(go(), c, CrashHarness.JAVA), SEED, ITERATIONS, 0,
            UNBLOCK_TIMEOUT_MS, 4, MAX_KILL_DELAY_MS, PAUSE_ONE_IN));
        assertClean(result, List.of("go", "c", "java"));
    }

    /** The checks of CrashCProducersTest.assertClean (c-interop's test classes are not on this module's path). */
    private static void assertClean(final CrashHarness.Result result, final List<String> languagesKilled)
    {
        System.out.println("crash test: " + result);
        assertNull(result.firstError(), result.toString());
        assertEquals(0, result.lost(), result.toString());
        assertEquals(0, result.invented(), result.toString());
        assertTrue(result.killsBetweenClaimAndCommit() > 0, "some kills were between claim and commit: " + result);
        assertTrue(result.unblockedRecords() >= result.killsBetweenClaimAndCommit(), result.toString());
        assertTrue(result.messages() > result.kills(), "messages flowed between kills: " + result);
        assertTrue(result.pauses() > 0, "some producers were paused (SIGSTOP, SIGCONT) and went on: " + result);
        for (final String language : languagesKilled)
        {
            assertTrue(result.killsByLanguage().getOrDefault(language, 0) > 0,
                "some " + language + " producers were killed: " + result);
        }
    }
}
