package io.ringway;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.Objects;

/**
 * How this process treats a channel it creates or opens: the clocks it reads and its timeouts. Given to
 * {@link Channel#create(java.nio.file.Path, ChannelConfig, ChannelSettings)}, {@link Channel#open(java.nio.file.Path,
 * ChannelSettings, ChannelOpenOption...)} or {@link Channel#openOrCreate(java.nio.file.Path, ChannelConfig,
 * ChannelSettings)}, and fixed for the channel's life, so that every role attached to it sees the same. Nothing here is
 * written to the file (that is {@link ChannelConfig}). Immutable: each {@code with} method returns a copy.
 *
 * @param clock              CLOCK_MONOTONIC in nanoseconds: heartbeats, liveness verdicts and the MPSC unblock timeout
 *                           read it (docs/LAYOUT.md 8.1, 7.1). Tests give a manual clock and move it instead of sleeping.
 * @param epochClock         the wall clock: only the time of day a status snapshot reports for people
 *                           ({@link ChannelStatus#nowEpochMs()}); no heartbeat, age or timeout reads it, so that a step
 *                           of the wall clock (NTP, {@code date -s}, a VM resumed) never makes a live peer look dead.
 * @param heartbeatTimeoutMs a live process whose heartbeat is older than this is reported {@link Liveness#STALE}.
 * @param unblockTimeoutMs   how long a claimed, uncommitted record may stop an MPSC consumer before it is turned into
 *                           padding, once no live process may own the claim (docs/LAYOUT.md 7.1).
 */
public record ChannelSettings(NanoClock clock, EpochClock epochClock, long heartbeatTimeoutMs, long unblockTimeoutMs)
{
    /** Default heartbeat timeout: a heartbeat older than this makes a live process STALE. */
    public static final long DEFAULT_HEARTBEAT_TIMEOUT_MS = 5_000;
    /** Default unblock timeout: how long an MPSC claim may block the consumer before it may be padded. */
    public static final long DEFAULT_UNBLOCK_TIMEOUT_MS = 5_000;
    /** The system clocks and the default timeouts. */
    public static final ChannelSettings DEFAULT = new ChannelSettings(SystemNanoClock.INSTANCE,
        SystemEpochClock.INSTANCE, DEFAULT_HEARTBEAT_TIMEOUT_MS, DEFAULT_UNBLOCK_TIMEOUT_MS);

    /**
     * @throws NullPointerException     for a missing clock.
     * @throws IllegalArgumentException for a negative timeout.
     */
    public ChannelSettings
    {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(epochClock, "epochClock");
        if (heartbeatTimeoutMs < 0 || unblockTimeoutMs < 0)
        {
            throw new IllegalArgumentException("negative timeout: found=heartbeatTimeoutMs " + heartbeatTimeoutMs +
                " unblockTimeoutMs " + unblockTimeoutMs + " expected=each >= 0");
        }
    }

    /**
     * @param clock the monotonic clock.
     * @return a copy with it.
     */
    public ChannelSettings withClock(final NanoClock clock)
    {
        return new ChannelSettings(clock, epochClock, heartbeatTimeoutMs, unblockTimeoutMs);
    }

    /**
     * @param epochClock the wall clock.
     * @return a copy with it.
     */
    public ChannelSettings withEpochClock(final EpochClock epochClock)
    {
        return new ChannelSettings(clock, epochClock, heartbeatTimeoutMs, unblockTimeoutMs);
    }

    /**
     * @param heartbeatTimeoutMs the heartbeat timeout.
     * @return a copy with it.
     */
    public ChannelSettings withHeartbeatTimeoutMs(final long heartbeatTimeoutMs)
    {
        return new ChannelSettings(clock, epochClock, heartbeatTimeoutMs, unblockTimeoutMs);
    }

    /**
     * @param unblockTimeoutMs the unblock timeout.
     * @return a copy with it.
     */
    public ChannelSettings withUnblockTimeoutMs(final long unblockTimeoutMs)
    {
        return new ChannelSettings(clock, epochClock, heartbeatTimeoutMs, unblockTimeoutMs);
    }
}
