package io.ringway;

/**
 * What {@link Channel#consumer(ConsumerOption...)} accepts beyond its default.
 */
public enum ConsumerOption
{
    /**
     * Membarrier wakeups (docs/LAYOUT.md 9.8): before each park the consumer issues
     * membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED) instead of a full fence, and in return producers skip the full fence
     * of the wake check after each commit (docs/WAITING.md, "Membarrier wakeups", for what it gains); each park
     * costs the consumer a system call and interrupts every CPU then running a thread of a producer process. For
     * consumers that spin or park rarely. Where the kernel has no global expedited membarrier (before Linux 4.16, or
     * refused by a seccomp filter) the consumer keeps the full fence: {@link Consumer#membarrierWakeups()} tells.
     */
    MEMBARRIER_WAKEUPS
}
