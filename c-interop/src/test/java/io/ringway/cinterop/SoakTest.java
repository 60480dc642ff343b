package io.ringway.cinterop;

import io.ringway.ChannelConfig;
import io.ringway.testing.CrashHarness;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak (docs/GUARANTEES.md): four producer processes (Java, C, Java, Go) and this JVM as the consumer on one MPSC
 * channel for a configurable time, with random SIGKILLs and restarts, some between claim and commit, and pauses
 * (SIGSTOP for longer than the unblock timeout, then SIGCONT) at random points of live producers. Runs only with
 * the soak profile, which also builds the Go crash producer (go-interop/cmd/crash_producer):
 *
 * <pre>
 * mvn -B verify -Psoak -pl c-interop -am -Dringway.soak.minutes=10 -Dtest=SoakTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Properties: {@code ringway.soak.minutes} (default 10), {@code ringway.soak.seed}, {@code ringway.soak.go.producer}
 * (the Go program with the crash producer's command line for the fourth slot; the profile sets it to the one it
 * built; empty puts a C producer there, e.g. with {@code -Dringway.go.skip=true} on a machine without Go).
 */
@Tag("soak")
class SoakTest
{
    private static final double MINUTES = Double.parseDouble(System.getProperty("ringway.soak.minutes", "10"));
    private static final long SEED = Long.getLong("ringway.soak.seed", System.nanoTime());
    /** A live producer's claim is never padded (LAYOUT 7.1): the timeout only delays padding a killed one's. */
    private static final long UNBLOCK_TIMEOUT_MS = 250;
    /** Every third action pauses a running producer (SIGSTOP for one to three unblock timeouts, then SIGCONT). */
    private static final int PAUSE_ONE_IN = 3;
    private static final int MAX_KILL_DELAY_MS = 3_000;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("soak");

    @Test
    void shouldLoseNothingCommittedWhileProducersInSeveralLanguagesAreKilledAndRestartedForTheWholeRun()
        throws Exception
    {
        final CrashHarness.Launcher c = CrashHarness.program("c", CPrograms.program(CPrograms.CRASH_PRODUCER));
        final List<CrashHarness.Launcher> slots = new ArrayList<>(List.of(CrashHarness.JAVA, c, CrashHarness.JAVA));
        final String goProducer = System.getProperty("ringway.soak.go.producer", "");
        if (!goProducer.isEmpty())
        {
            assertTrue(Files.isExecutable(Path.of(goProducer)), "Go crash producer not built: " + goProducer +
                " (the soak profile builds it; pass -Dringway.soak.go.producer= to run a C producer instead)");
        }
        slots.add(goProducer.isEmpty() ? c : CrashHarness.program("go", Path.of(goProducer)));
        final CrashHarness.Result result = CrashHarness.run(directory.path(), new CrashHarness.Settings(
            ChannelConfig.mpsc(1 << 16), slots, SEED, 0, (long)(MINUTES * TimeUnit.MINUTES.toNanos(1)),
            UNBLOCK_TIMEOUT_MS, 5, MAX_KILL_DELAY_MS, PAUSE_ONE_IN));
        System.out.println("soak: minutes=" + MINUTES + " producers=" + slots.size() + " " + result);
        CrashCProducersTest.assertClean(result);
        for (final CrashHarness.Launcher slot : slots)
        {
            assertTrue(result.killsByLanguage().getOrDefault(slot.language(), 0) > 0,
                "some " + slot.language() + " producers were killed: " + result);
            assertTrue(result.pausesByLanguage().getOrDefault(slot.language(), 0) > 0,
                "some " + slot.language() + " producers were paused: " + result);
        }
    }
}
