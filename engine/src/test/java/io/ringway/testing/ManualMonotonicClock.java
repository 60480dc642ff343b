package io.ringway.testing;

import org.agrona.concurrent.NanoClock;

/**
 * A monotonic clock that only a test moves, in milliseconds, for {@code ChannelSettings.withClock}: heartbeats, liveness and
 * the MPSC unblock timeout then run without sleeping (docs/LAYOUT.md, section 8.1).
 */
public final class ManualMonotonicClock implements NanoClock
{
    private static final long NANOS_PER_MS = 1_000_000L;

    private volatile long nanoTime;

    @Override
    public long nanoTime()
    {
        return nanoTime;
    }

    /**
     * @param timeMs the clock's new time in milliseconds.
     */
    public void updateMs(final long timeMs)
    {
        nanoTime = timeMs * NANOS_PER_MS;
    }

    /**
     * @param deltaMs milliseconds to move the clock on by.
     */
    public void advanceMs(final long deltaMs)
    {
        nanoTime += deltaMs * NANOS_PER_MS;
    }
}
