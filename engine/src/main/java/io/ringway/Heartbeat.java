package io.ringway;

import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Keeps one heartbeat word of the header page live (docs/LAYOUT.md, section 8.1) without a clock read per message:
 * idle operations (an empty poll, a refused offer) read the clock every time, busy ones once
 * {@link #OPERATIONS_PER_CLOCK_READ} of them have passed since the last clock read of any kind, and the word is stored
 * only when the clock has moved on. So a consumer whose polls alternate with empty ones (a spinning consumer keeping
 * up, a ping-pong) never reads the clock after a delivery, where the read would delay its return. The word holds
 * milliseconds of CLOCK_MONOTONIC ({@link MonotonicTime}), never of the wall clock. Our own small class because
 * Agrona's equivalents (e.g. the conductor's duty cycle) assume an agent thread, and Ringway runs none.
 */
final class Heartbeat
{
    /** Busy operations after the last clock read whose last reads the clock again. */
    static final int OPERATIONS_PER_CLOCK_READ = 256;

    private final NanoClock clock;
    private final UnsafeBuffer headerBuffer;
    private final int heartbeatOffset;
    private long lastBeatMs;
    private int operationsUntilClockRead = OPERATIONS_PER_CLOCK_READ;

    Heartbeat(final NanoClock clock, final UnsafeBuffer headerBuffer, final int heartbeatOffset)
    {
        this.clock = clock;
        this.headerBuffer = headerBuffer;
        this.heartbeatOffset = heartbeatOffset;
        beat();
    }

    /**
     * Reads the clock and stores the heartbeat when it moved; the busy operations until the next read count from here.
     */
    void beat()
    {
        operationsUntilClockRead = OPERATIONS_PER_CLOCK_READ;
        final long nowMs = MonotonicTime.millisOf(clock);
        if (nowMs != lastBeatMs)
        {
            lastBeatMs = nowMs;
            // SYNC POINT: pairs with the acquire load of the heartbeat in Channel.status() of any process
            headerBuffer.putLongRelease(heartbeatOffset, nowMs);
        }
    }

    void onBusyOperation()
    {
        if (--operationsUntilClockRead <= 0)
        {
            beat();
        }
    }

    void onIdleOperation()
    {
        beat();
    }

    /**
     * @return the millisecond of the most recent clock read (at the latest, the one that stored the heartbeat), without
     * reading the clock.
     */
    long lastClockMs()
    {
        return lastBeatMs;
    }

    /**
     * @return the monotonic clock's time in milliseconds: what the heartbeat and the MPSC unblock timeout measure with.
     */
    long clockMs()
    {
        return MonotonicTime.millisOf(clock);
    }
}
