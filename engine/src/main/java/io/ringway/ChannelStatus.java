package io.ringway;

import java.nio.file.Path;

/**
 * A snapshot of a channel's header page and positions, with liveness verdicts (docs/LAYOUT.md, section 8.1), from
 * {@link Channel#status()}. Fields are read one by one from shared memory, so a snapshot of a busy channel is not
 * atomic: {@code fillLength} may lag the positions by a message or two.
 *
 * @param path                   the channel file.
 * @param ringKind               SPSC or MPSC.
 * @param capacity               ring data capacity in bytes.
 * @param fileLength             the file's current length (fstat); below {@code requiredFileLength} it was truncated.
 * @param requiredFileLength     the length the layout needs: 4096 + capacity + 768.
 * @param creatorPid             pid of the process that created the file.
 * @param nowMs                  the channel's monotonic clock when the snapshot was taken (CLOCK_MONOTONIC ms, the
 *                               time base of heartbeats; not a time of day).
 * @param nowEpochMs             the wall clock when the snapshot was taken (ms since the Unix epoch), for people and
 *                               logs; no age or verdict is computed from it.
 * @param producerPid            pid of the most recent producer to attach (SPSC: the lease holder), 0 if none.
 * @param producerHeartbeatMs    last producer heartbeat (CLOCK_MONOTONIC ms).
 * @param producerHeartbeatAgeMs {@code nowMs - producerHeartbeatMs}; 0 for a heartbeat ahead of {@code nowMs} (e.g.
 *                               an epoch value written by a layout 1.1 peer, docs/LAYOUT.md 12).
 * @param producerLiveness       the verdict on the producer(s).
 * @param consumerPid            pid of the most recent consumer to attach, 0 if none.
 * @param consumerHeartbeatMs    last consumer heartbeat (CLOCK_MONOTONIC ms).
 * @param consumerHeartbeatAgeMs {@code nowMs - consumerHeartbeatMs}.
 * @param consumerLiveness       the verdict on the consumer.
 * @param headPosition           bytes consumed since creation.
 * @param tailPosition           bytes claimed since creation.
 * @param fillLength             {@code tailPosition - headPosition}: bytes claimed and not yet consumed.
 * @param messagesConsumed       messages delivered by consumers since creation.
 * @param backPressureCount      offers and claims refused for want of space.
 * @param wakeCount              futex wakes issued by producers.
 * @param unblockedRecordCount   dead producers' claims turned into padding.
 */
public record ChannelStatus(
    Path path,
    RingKind ringKind,
    int capacity,
    long fileLength,
    long requiredFileLength,
    long creatorPid,
    long nowMs,
    long nowEpochMs,
    long producerPid,
    long producerHeartbeatMs,
    long producerHeartbeatAgeMs,
    Liveness producerLiveness,
    long consumerPid,
    long consumerHeartbeatMs,
    long consumerHeartbeatAgeMs,
    Liveness consumerLiveness,
    long headPosition,
    long tailPosition,
    long fillLength,
    long messagesConsumed,
    long backPressureCount,
    long wakeCount,
    long unblockedRecordCount)
{
    /**
     * @return one line per group, key=value, e.g. for logs and the command line.
     */
    @Override
    public String toString()
    {
        return "channel " + path + '\n' +
            "  ring: kind=" + ringKind + " capacity=" + capacity + " fileLength=" + fileLength +
            " requiredFileLength=" + requiredFileLength + " creatorPid=" + creatorPid + '\n' +
            "  producer: liveness=" + producerLiveness + " pid=" + producerPid +
            " heartbeatMs=" + producerHeartbeatMs + " heartbeatAgeMs=" + producerHeartbeatAgeMs + '\n' +
            "  consumer: liveness=" + consumerLiveness + " pid=" + consumerPid +
            " heartbeatMs=" + consumerHeartbeatMs + " heartbeatAgeMs=" + consumerHeartbeatAgeMs + '\n' +
            "  positions: head=" + headPosition + " tail=" + tailPosition + " fill=" + fillLength +
            " (" + (capacity == 0 ? 0 : 100 * fillLength / capacity) + "%)\n" +
            "  counters: messagesConsumed=" + messagesConsumed + " backPressure=" + backPressureCount +
            " wakes=" + wakeCount + " unblockedRecords=" + unblockedRecordCount;
    }
}
