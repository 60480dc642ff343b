package io.ringway.bench.harness;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LatencySuiteTest
{
    private static final Settings FULL_RUN = new Settings(false, 5, 200_000, 50_000, 1 << 30, 3, 3, 5, true, null);

    private static Contender row(final String name)
    {
        return Contenders.LATENCY.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldWarmUpEverySpinningRowForAtLeastHalfAMillionRoundTrips()
    {
        for (final String name : new String[] {Contenders.RAW_SPIN_FLOOR, Contenders.RINGWAY_JAVA_C,
            Contenders.RINGWAY_GO_JAVA, Contenders.AERON_IPC, "Chronicle Queue"})
        {
            assertEquals(LatencySuite.MIN_SPIN_WARMUP, LatencySuite.warmup(row(name), FULL_RUN), name);
        }
    }

    @Test
    void shouldLeaveRowsThatBlockInTheKernelAndFixedRateRowsAtTheSettingsWarmUp()
    {
        for (final String name : new String[] {Contenders.RAW_FUTEX_FLOOR, Contenders.RINGWAY_PARKED_JAVA_JAVA,
            Contenders.UNIX_SOCKET, Contenders.TCP_LOOPBACK, Contenders.PIPE,
            Contenders.fixedRateName(100_000, Contenders.AERON_IPC)})
        {
            assertEquals(50_000, LatencySuite.warmup(row(name), FULL_RUN), name);
        }
    }

    @Test
    void shouldKeepALongerWarmUpOfTheSettingsAndWarmSameStatePairsInWholeBlocks()
    {
        final Settings longWarmup = new Settings(false, 5, 200_000, 700_000, 1 << 30, 3, 3, 5, true, null);
        assertEquals(700_000, LatencySuite.warmup(row(Contenders.RINGWAY_JAVA_JAVA), longWarmup));
        final Contender pair = Contenders.LATENCY.stream().filter(Contender::isPaired).findFirst().orElseThrow();
        assertEquals(LatencySuite.MIN_SPIN_WARMUP, LatencySuite.warmup(pair, FULL_RUN));
    }
}
