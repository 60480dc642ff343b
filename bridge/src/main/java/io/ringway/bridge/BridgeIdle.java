package io.ringway.bridge;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * How a bridge side waits when a duty cycle found nothing to do, or while Aeron refuses a message: CPU time against
 * latency (docs/BRIDGE.md 7). An embedded media driver's thread waits the same way.
 */
public enum BridgeIdle
{
    /** Spins on the core ({@link BusySpinIdleStrategy}): the lowest latency, one core busy all the time. */
    BUSY_SPIN("busy"),
    /** Yields the core to the scheduler between cycles ({@link YieldingIdleStrategy}): still busy when alone. */
    YIELDING("yield"),
    /** Spins, yields, then parks up to 1 ms ({@link BackoffIdleStrategy}): idle costs nothing, a wake up up to 1 ms. */
    BACKOFF("backoff");

    private final String optionName;

    BridgeIdle(final String optionName)
    {
        this.optionName = optionName;
    }

    /**
     * @return the name of this choice on the command line ({@code busy}, {@code yield}, {@code backoff}).
     */
    public String optionName()
    {
        return optionName;
    }

    /**
     * @return a new idle strategy of this kind (idle strategies keep state: one per loop).
     */
    public IdleStrategy newIdleStrategy()
    {
        switch (this)
        {
            case BUSY_SPIN:
                return new BusySpinIdleStrategy();
            case YIELDING:
                return new YieldingIdleStrategy();
            default:
                return new BackoffIdleStrategy();
        }
    }

    /**
     * @param optionName {@code busy}, {@code yield} or {@code backoff}.
     * @return the choice of that name.
     * @throws IllegalArgumentException naming what was found and what is expected.
     */
    public static BridgeIdle fromOptionName(final String optionName)
    {
        for (final BridgeIdle idle : values())
        {
            if (idle.optionName.equals(optionName))
            {
                return idle;
            }
        }
        throw new IllegalArgumentException("unknown idle strategy: field=idle found=" + optionName +
            " expected=busy|yield|backoff");
    }
}
