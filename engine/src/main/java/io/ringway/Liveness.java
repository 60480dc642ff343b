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
    /** The process that holds the role (or last attached, for MPSC producers) no longer exists. */
    DEAD
}
