package io.ringway;

/**
 * The verdict on a peer of a channel (the consumer, or the producers), from its lease or pid and its heartbeat
 * (docs/LAYOUT.md, section 8.1).
 */
public enum Liveness
{
    /** No peer of that role is attached (its lease is free, or no producer ever attached). */
    ABSENT,
    /** The process is running and its heartbeat is within the timeout. */
    ALIVE,
    /** The process is running but has not beaten within the timeout: stopped, hung, or not calling heartbeat(). */
    STALE,
    /**
     * The process that holds the role (or last attached, for MPSC producers) no longer exists: by LAYOUT.md 8's rule,
     * no thread of it is alive, or its pid now names another process. A process whose liveness /proc cannot tell is
     * never DEAD.
     */
    DEAD;

    /**
     * The verdict on a role held through a lease: the consumer, or an SPSC producer (LAYOUT.md 8.1).
     *
     * @param leaseToken         the lease word read from the file.
     * @param heartbeatMs        the role's heartbeat word.
     * @param nowMs              the time now, from the same clock as the heartbeats (CLOCK_MONOTONIC ms).
     * @param heartbeatTimeoutMs how old a live process's heartbeat may be before it is {@link #STALE}.
     * @return the verdict.
     */
    public static Liveness ofLease(
        final long leaseToken, final long heartbeatMs, final long nowMs, final long heartbeatTimeoutMs)
    {
        if (leaseToken == 0)
        {
            return ABSENT;
        }
        if (!ProcessIdentity.isAlive(leaseToken))
        {
            return DEAD;
        }
        return ageMs(nowMs, heartbeatMs) > heartbeatTimeoutMs ? STALE : ALIVE;
    }

    /**
     * The verdict on the producers of an MPSC channel: from the pid of the most recent producer to attach and the
     * heartbeat word all of them share (LAYOUT.md 8.1).
     *
     * @param producerPid        the producerPid word.
     * @param heartbeatMs        the producerHeartbeatMs word.
     * @param nowMs              the time now, from the same clock as the heartbeats (CLOCK_MONOTONIC ms).
     * @param heartbeatTimeoutMs how old a live process's heartbeat may be before it is {@link #STALE}.
     * @return the verdict.
     */
    public static Liveness ofMpscProducers(
        final long producerPid, final long heartbeatMs, final long nowMs, final long heartbeatTimeoutMs)
    {
        if (producerPid == 0)
        {
            return ABSENT;
        }
        if (!ProcessIdentity.isRunning(producerPid))
        {
            return DEAD;
        }
        return ageMs(nowMs, heartbeatMs) > heartbeatTimeoutMs ? STALE : ALIVE;
    }

    /**
     * @param nowMs  the time now (CLOCK_MONOTONIC ms, {@link MonotonicTime}).
     * @param thenMs a time read from the file, which another process may have filled with anything.
     * @return {@code nowMs - thenMs}; 0 when {@code thenMs} is not in the past, {@link Long#MAX_VALUE} when the
     * difference does not fit in a long (LAYOUT.md 11: no wrap to a negative age that would read as fresh). A
     * heartbeat ahead of now is what a layout 1.1 peer writes (epoch ms, far beyond any CLOCK_MONOTONIC time): its
     * age is unknown and reads as 0, so such a peer is never STALE by age, only DEAD by its process (LAYOUT.md 12).
     */
    public static long ageMs(final long nowMs, final long thenMs)
    {
        if (thenMs >= nowMs)
        {
            return 0;
        }
        final long age = nowMs - thenMs;
        return age < 0 ? Long.MAX_VALUE : age;
    }
}
