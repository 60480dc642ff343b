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

    /**
     * A wait's deadline before its first clock read: not taken yet (docs/LAYOUT.md 8.1). A taken deadline, a wrapping
     * sum compared by difference as {@link System#nanoTime()} values are, equals it only for a timeout of centuries.
     */
    static final long NO_DEADLINE_NS = Long.MIN_VALUE;

    private MonotonicTime()
    {
    }

    /**
     * docs/LAYOUT.md 8.1: a wait takes its deadline at its first clock read, not at its call, so that no clock read
     * delays its first re-checks (as ringway.h's ringway_wait_remaining_ns_ and Go's waitDeadline).
     *
     * @param deadlineNs the wait's deadline, or {@link #NO_DEADLINE_NS} before its first clock read.
     * @param nowNs      {@link System#nanoTime()} just read.
     * @param timeoutNs  the wait's timeout, {@code > 0}.
     * @return {@code deadlineNs}, or {@code nowNs + timeoutNs} when it was not taken yet.
     */
    static long deadlineTakenAt(final long deadlineNs, final long nowNs, final long timeoutNs)
    {
        return deadlineNs == NO_DEADLINE_NS ? nowNs + timeoutNs : deadlineNs;
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
