package io.ringway.wait;

import org.junit.jupiter.api.Test;

import static io.ringway.wait.WaitStrategy.SPINS_PER_CLOCK_READ;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A waiting call reads the clock (its deadline and the heartbeat) once every 64 re-checks while it spins, and after
 * every yield or park (LAYOUT.md 8.1): a clock read costs more than a re-check, and a message arriving during it waits.
 */
class WaitStrategyClockReadTest
{
    @Test
    void aBusySpinningWaitShouldReadTheClockOnTheLastOfEvery64ReChecksOnly()
    {
        final WaitStrategy strategy = WaitStrategy.busySpin();
        for (int idleCount = 0; idleCount < 4 * SPINS_PER_CLOCK_READ; idleCount++)
        {
            assertEquals(idleCount % SPINS_PER_CLOCK_READ == SPINS_PER_CLOCK_READ - 1, strategy.readsClock(idleCount),
                "idleCount=" + idleCount);
        }
        assertTrue(strategy.readsClock(Integer.MAX_VALUE), "a wait whose count saturated still reads the clock");
    }

    @Test
    void aBackoffWaitShouldReadTheClockAfterEveryYieldAndEveryParkOnceItsSpinsAreSpent()
    {
        final WaitStrategy strategy = WaitStrategy.backoff(100, 10);

        assertFalse(strategy.readsClock(62));
        assertTrue(strategy.readsClock(63));
        assertFalse(strategy.readsClock(64));
        assertFalse(strategy.readsClock(99));
        assertTrue(strategy.readsClock(100), "the first yield");
        assertTrue(strategy.readsClock(109), "the last yield");
        assertTrue(strategy.readsClock(110), "a park");
    }

    @Test
    void yieldingAndBlockingWaitsShouldReadTheClockEveryTime()
    {
        for (int idleCount = 0; idleCount < SPINS_PER_CLOCK_READ; idleCount++)
        {
            assertTrue(WaitStrategy.yielding().readsClock(idleCount));
            assertTrue(WaitStrategy.blocking().readsClock(idleCount));
        }
    }
}
