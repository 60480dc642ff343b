package io.ringway.wait;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Java parks only on Linux's futex: elsewhere a strategy that parks is refused with an error naming the platform and
 * the strategies that work, and consumers and producers start with one that never parks.
 */
class WaitStrategyPlatformTest
{
    @Test
    void shouldNameThePlatformAndTheStrategiesThatWorkWhenRefusingToPark()
    {
        assertEquals("wait strategy blocking parks, and parking is not supported on this platform yet: " +
            "field=os.name found=Windows 11 expected=Linux (use WaitStrategy.busySpin() or WaitStrategy.yielding())",
            WaitStrategy.parkingRefusal("Windows 11", WaitStrategy.blocking()));
    }

    @Test
    void shouldAcceptEveryStrategyAndDefaultToBackoffOnThisLinuxMachine()
    {
        assertTrue(WaitStrategy.PARKING_SUPPORTED, "these tests run on Linux");
        assertSame(WaitStrategy.blocking(), WaitStrategy.requireSupported(WaitStrategy.blocking()));
        assertSame(WaitStrategy.backoff(), WaitStrategy.defaultStrategy());
    }
}
