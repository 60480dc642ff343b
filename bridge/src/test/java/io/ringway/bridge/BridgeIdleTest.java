package io.ringway.bridge;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class BridgeIdleTest
{
    @Test
    void shouldBackOffByDefaultAsBeforeTheOptionExisted()
    {
        assertEquals(BridgeIdle.BACKOFF,
            new BridgeConfig(Path.of("orders"), "aeron:udp?endpoint=127.0.0.1:40123").idle());
    }

    @Test
    void shouldParseEachCommandLineNameToItsStrategy()
    {
        assertEquals(BridgeIdle.BUSY_SPIN, BridgeIdle.fromOptionName("busy"));
        assertEquals(BridgeIdle.YIELDING, BridgeIdle.fromOptionName("yield"));
        assertEquals(BridgeIdle.BACKOFF, BridgeIdle.fromOptionName("backoff"));
        assertInstanceOf(BusySpinIdleStrategy.class, BridgeIdle.BUSY_SPIN.newIdleStrategy());
        assertInstanceOf(YieldingIdleStrategy.class, BridgeIdle.YIELDING.newIdleStrategy());
        assertInstanceOf(BackoffIdleStrategy.class, BridgeIdle.BACKOFF.newIdleStrategy());
    }

    @Test
    void shouldRejectAnUnknownNameNamingTheFieldAndTheChoices()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> BridgeIdle.fromOptionName("BUSY_SPIN"));
        assertEquals("unknown idle strategy: field=idle found=BUSY_SPIN expected=busy|yield|backoff", ex.getMessage());
    }

    @Test
    void shouldKeepTheChosenStrategyInTheConfig()
    {
        assertEquals(BridgeIdle.YIELDING, new BridgeConfig(Path.of("orders"), "aeron:udp?endpoint=127.0.0.1:40123")
            .idle(BridgeIdle.YIELDING).idle());
    }
}
