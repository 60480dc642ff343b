package io.ringway.cinterop;

import io.ringway.ChannelConfig;
import io.ringway.testing.CrashHarness;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The soak (docs/GUARANTEES.md): four producer processes (Java and C, plus Go when a Go crash producer is given) and
 * this JVM as the consumer on one MPSC channel for a configurable time, with random SIGKILLs and restarts, some
 * between claim and commit. Runs only with the soak profile:
 *
 * <pre>
 * mvn -B verify -Psoak -pl c-interop -am -Dringway.soak.minutes=10 -Dtest=SoakTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Properties: {@code ringway.soak.minutes} (default 10), {@code ringway.soak.seed}, {@code ringway.soak.go.producer}
 * (path of a Go program with the crash producer's command line: it then takes the fourth slot).
 */
@Tag("soak")
class SoakTest
{
    private static final double MINUTES = Double.parseDouble(System.getProperty("ringway.soak.minutes", "10"));
    private static final long SEED = Long.getLong("ringway.soak.seed", System.nanoTime());
    private static final long UNBLOCK_TIMEOUT_MS = 2_000;
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
        slots.add(goProducer.isEmpty() ? c : CrashHarness.program("go", Path.of(goProducer)));
        final CrashHarness.Result result = CrashHarness.run(directory.path(), new CrashHarness.Settings(
            ChannelConfig.mpsc(1 << 16), slots, SEED, 0, (long)(MINUTES * TimeUnit.MINUTES.toNanos(1)),
            UNBLOCK_TIMEOUT_MS, 5, MAX_KILL_DELAY_MS));
        System.out.println("soak: minutes=" + MINUTES + " producers=" + slots.size() + " " + result);
        CrashCProducersTest.assertClean(result);
    }
}
