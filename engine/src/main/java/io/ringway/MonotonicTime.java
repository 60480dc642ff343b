package io.ringway;

import org.agrona.concurrent.NanoClock;

/**
 * The time base of every heartbeat word, heartbeat age and timeout of a channel (docs/LAYOUT.md, section 8.1):
 * milliseconds of Linux's CLOCK_MONOTONIC, which every process of a host reads alike and which no step of the wall
 * clock (NTP, {@code date -s}, a VM resumed) moves. The wall clock is never compared with a heartbeat: a forward step
 * of it would make a live peer look dead.
 *
 * <p>{@link System#nanoTime()} is CLOCK_MONOTONIC on Linux HotSpot ({@code os::javaTimeNanos} returns
 * {@code clock_gettime(CLOCK_MONOTONIC)} in nanoseconds, with no per-process offset), so Java, C
 * ({@code clock_gettime(CLOCK_MONOTONIC)}) and Go agree on it to the millisecond.
 */
public final class MonotonicTime
{
    /** Nanoseconds in a millisecond. */
    public static final long NANOS_PER_MS = 1_000_000L;

    private MonotonicTime()
    {
    }

    /**
     * @return milliseconds of CLOCK_MONOTONIC now: what a heartbeat word holds and is compared with.
     */
    public static long nowMs()
    {
        return System.nanoTime() / NANOS_PER_MS;
    }

    /**
     * @param clock a clock of CLOCK_MONOTONIC nanoseconds ({@link org.agrona.concurrent.SystemNanoClock}), or a manual
     *              one in tests.
     * @return its time in milliseconds, truncated as C's {@code tv_sec * 1000 + tv_nsec / 1000000}.
     */
    public static long millisOf(final NanoClock clock)
    {
        return clock.nanoTime() / NANOS_PER_MS;
    }
}
