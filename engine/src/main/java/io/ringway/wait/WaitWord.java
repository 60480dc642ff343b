package io.ringway.wait;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.AtomicBuffer;

import java.lang.invoke.VarHandle;

/**
 * One wait slot of the header page, a {@code sequence} futex word and its {@code waiters} flag (docs/LAYOUT.md,
 * section 9): {@code dataSequence}/{@code dataWaiters}, on which the consumer parks until a producer commits, or
 * {@code spaceSequence}/{@code spaceWaiters}, on which producers park until the consumer frees space.
 *
 * <p>The waiter: {@link #prepareToWait()} (load the sequence, set the flag, full fence), re-check its condition, and
 * only if it still does not hold, {@link #await}. The signaller: make the condition true (commit a record, or release
 * the head position), then {@link #signalIfWaiting()} (full fence, load the flag; only when set: clear it, increment the
 * sequence, FUTEX_WAKE). Each side stores one word, fences, and loads the other's word, so at least one of them sees
 * the other: either the waiter's re-check sees the condition, or the signaller sees the flag and the increment makes
 * the waiter's FUTEX_WAIT return at once or wakes it. When nobody waits, the signaller pays a fence and a load, and makes
 * no system call.
 *
 * <p>Not thread-safe: one object per waiting or signalling thread (each producer and the consumer own theirs).
 *
 * <p><b>Benchmark-only switch:</b> the system property {@value #DISABLE_SIGNAL_PROPERTY}{@code =true}, read once when
 * this class is initialized, makes {@link #signalIfWaiting()} return at once without its fence, load or wake, so that
 * benchmarks/ can measure what wakeup support costs a producer and a consumer when nobody waits (the same code with
 * and without it). It <b>breaks wakeups</b>: a parked peer is then only released by its timeout (at most
 * {@link #MAX_PARK_NS} per park, LAYOUT.md 9.6). Never set it outside a benchmark. Unset (the default), it is a
 * {@code static final} false that the JIT folds away: no cost.
 */
public final class WaitWord
{
    /** Longest single FUTEX_WAIT: a waiter re-checks at least this often, whatever its caller's timeout. */
    public static final long MAX_PARK_NS = 1_000_000_000L;

    /** System property of the benchmark-only switch that turns signalling off (see the class comment). */
    public static final String DISABLE_SIGNAL_PROPERTY = "ringway.bench.disableWakeSignal";

    /** True only in benchmarks that measure the cost of signalling: a constant for the JIT (see the class comment). */
    public static final boolean SIGNAL_DISABLED = Boolean.getBoolean(DISABLE_SIGNAL_PROPERTY);

    /** The lease offsets of a slot whose waiter never promises membarrier wakeups. */
    private static final int NO_OFFSET = -1;

    private final AtomicBuffer header;
    /**
     * The header's {@code byteArray()} (null for the mapped file), read once: the wake check runs on every commit and
     * every poll that frees space, and asking the buffer each time costs a type check and two loads there.
     */
    private final Object headerObject;
    private final int sequenceOffset;
    private final int waitersOffset;
    private final int wakeCountOffset;
    private final long sequenceAddress;
    /**
     * The flag's address, bounds-checked above: {@link #signalIfWaiting()} loads it without Agrona's per-access bounds
     * check, on every commit and every poll that frees space (benchmarks/README.md, "bounds checks").
     */
    private final long waitersAddress;
    /** The waiter's lease and its membarrier promise (LAYOUT.md 9.8), bounds-checked above; 0 for a symmetric slot. */
    private final long leaseAddress;
    private final long membarrierLeaseAddress;
    /** True once this process is registered for the global expedited barriers a promising waiter issues. */
    private boolean membarrierRegistered;
    private Futex futex;

    /**
     * @param header          the channel's header page over the shared mapping.
     * @param sequenceOffset  offset of the int32 futex sequence word in it.
     * @param waitersOffset   offset of the int32 waiters flag in it.
     * @param wakeCountOffset offset of the int64 counter of wakes issued.
     */
    public WaitWord(
        final AtomicBuffer header, final int sequenceOffset, final int waitersOffset, final int wakeCountOffset)
    {
        this(header, sequenceOffset, waitersOffset, wakeCountOffset, NO_OFFSET, NO_OFFSET);
    }

    /**
     * A signaller's slot whose waiter may promise membarrier wakeups (LAYOUT.md 9.8): the data slot, seen by a producer.
     * {@link #signalIfWaiting()} then skips its full fence while the int64 at {@code membarrierLeaseOffset} is non-zero
     * and equals the waiter's lease at {@code leaseOffset}, once this process is registered for global expedited
     * barriers ({@link Membarrier#registerProcess()}, called the first time it sees such a promise).
     *
     * @param header                the channel's header page over the shared mapping.
     * @param sequenceOffset        offset of the int32 futex sequence word in it.
     * @param waitersOffset         offset of the int32 waiters flag in it.
     * @param wakeCountOffset       offset of the int64 counter of wakes issued.
     * @param leaseOffset           offset of the waiter's int64 lease word.
     * @param membarrierLeaseOffset offset of the int64 word in which the waiter promises membarrier wakeups; -1 (with
     *                              leaseOffset -1) for a slot whose waiter never promises.
     */
    public WaitWord(
        final AtomicBuffer header,
        final int sequenceOffset,
        final int waitersOffset,
        final int wakeCountOffset,
        final int leaseOffset,
        final int membarrierLeaseOffset)
    {
        header.boundsCheck(sequenceOffset, Integer.BYTES);
        header.boundsCheck(waitersOffset, Integer.BYTES);
        header.boundsCheck(wakeCountOffset, Long.BYTES);
        final boolean promisable = membarrierLeaseOffset != NO_OFFSET;
        if (promisable)
        {
            header.boundsCheck(leaseOffset, Long.BYTES);
            header.boundsCheck(membarrierLeaseOffset, Long.BYTES);
        }
        this.header = header;
        this.headerObject = header.byteArray();
        this.sequenceOffset = sequenceOffset;
        this.waitersOffset = waitersOffset;
        this.wakeCountOffset = wakeCountOffset;
        this.sequenceAddress = header.addressOffset() + sequenceOffset;
        this.waitersAddress = header.addressOffset() + waitersOffset;
        this.leaseAddress = promisable ? header.addressOffset() + leaseOffset : 0;
        this.membarrierLeaseAddress = promisable ? header.addressOffset() + membarrierLeaseOffset : 0;
    }

    /**
     * The signaller's half, after the store that makes the waiters' condition true (a commit's release store of a
     * record length, or the consumer's release store of the head position). Costs a full fence and a load when
     * nobody waits. Does nothing when the benchmark-only {@link #DISABLE_SIGNAL_PROPERTY} is set.
     *
     * @return true when it issued a wake.
     */
    public boolean signalIfWaiting()
    {
        if (SIGNAL_DISABLED)
        {
            // benchmark-only (DISABLE_SIGNAL_PROPERTY): no fence, no load, no wake; parked peers rely on their timeout
            return false;
        }
        if (!waiterIssuesMembarrier())
        {
            // SYNC POINT: the full fence orders the caller's commit before the load of the flag; pairs with the
            // waiter's store of the flag, full fence and re-check in prepareToWait() and its caller
            VarHandle.fullFence();
        }
        // else (LAYOUT.md 9.8) only program order: the waiter's membarrier between its flag store and its re-check
        // makes this thread pass a full barrier at that point. The JIT keeps this load after the caller's commit store:
        // both are accesses to raw memory, and the load's memory input is the store's.
        if (UnsafeApi.getIntVolatile(headerObject, waitersAddress) == 0)
        {
            return false;
        }
        signal();
        return true;
    }

    /**
     * LAYOUT.md 9.8: true while the waiter that holds the lease promised membarrier wakeups and this process is
     * registered for them. Two loads of one cache line that the consumer writes only at attach, close and heartbeats.
     */
    private boolean waiterIssuesMembarrier()
    {
        if (membarrierLeaseAddress == 0)
        {
            return false;
        }
        final long promise = UnsafeApi.getLongVolatile(headerObject, membarrierLeaseAddress);
        if (promise == 0 || promise != UnsafeApi.getLongVolatile(headerObject, leaseAddress))
        {
            return false;
        }
        if (!membarrierRegistered)
        {
            // the first promise seen: register (a system call, once per process), and fence this one time; a
            // process the kernel does not register keeps fencing
            membarrierRegistered = Membarrier.registerProcess();
            return false;
        }
        return true;
    }

    private void signal()
    {
        // clear first: a waiter that sets the flag again after this store also waits on a sequence value older than
        // the increment below, so it cannot sleep through it
        header.putIntVolatile(waitersOffset, 0);
        // SYNC POINT: pairs with the waiter's acquire load of the sequence in prepareToWait() and the kernel's compare
        header.getAndAddInt(sequenceOffset, 1);
        header.getAndAddLong(wakeCountOffset, 1);
        Futex.wake(sequenceAddress, Integer.MAX_VALUE);
    }

    /**
     * The waiter's first half: loads the sequence, sets the waiters flag and issues a full fence. The caller then
     * re-checks its condition and calls {@link #await} with the returned value only when it still does not hold.
     *
     * @return the sequence value to pass to {@link #await}.
     */
    public int prepareToWait()
    {
        // SYNC POINT: pairs with the increment in signal(); read before the flag is set
        final int sequence = header.getIntVolatile(sequenceOffset);
        header.putIntVolatile(waitersOffset, 1);
        // SYNC POINT: orders the flag store before the caller's re-check; pairs with the fence in signalIfWaiting()
        VarHandle.fullFence();
        return sequence;
    }

    /**
     * The waiter's first half for a waiter that promised membarrier wakeups (LAYOUT.md 9.8): as {@link #prepareToWait()},
     * but the barrier between the flag store and the caller's re-check is membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED),
     * which also makes every registered signaller, whose wake check has no fence of its own, pass a full barrier.
     *
     * @return the sequence value to pass to {@link #await}.
     * @throws IllegalStateException when the kernel refuses the membarrier call.
     */
    public int prepareToWaitWithMembarrier()
    {
        // SYNC POINT: pairs with the increment in signal(); read before the flag is set
        final int sequence = header.getIntVolatile(sequenceOffset);
        header.putIntVolatile(waitersOffset, 1);
        // SYNC POINT: orders the flag store before the caller's re-check in this thread and the signallers' commits
        // before their flag loads in theirs; pairs with the fence-less wake check of signalIfWaiting()
        Membarrier.globalExpedited();
        return sequence;
    }

    /**
     * Parks until a signaller increments the sequence, or the timeout elapses (at most {@link #MAX_PARK_NS}).
     *
     * @param sequence  the value {@link #prepareToWait()} returned.
     * @param timeoutNs longest wait, > 0.
     * @return {@link Futex#WOKEN}, {@link Futex#VALUE_CHANGED}, {@link Futex#TIMED_OUT} or {@link Futex#INTERRUPTED}.
     */
    public int await(final int sequence, final long timeoutNs)
    {
        if (futex == null)
        {
            futex = new Futex();
        }
        return futex.await(sequenceAddress, sequence, Math.min(timeoutNs, MAX_PARK_NS));
    }

    /**
     * Clears the waiters flag after a wait. Only for a slot with a single possible waiter (the consumer's
     * {@code dataWaiters}, which the consumer lease makes single): with several waiters the flag may be another's.
     * Also used when a consumer takes the lease, to drop the flag a killed predecessor left behind.
     */
    public void clearSingleWaiter()
    {
        header.putIntRelease(waitersOffset, 0);
    }

    /**
     * @return the waiters flag as it is now: 0 when nobody has announced a wait.
     */
    public int waiters()
    {
        return header.getIntVolatile(waitersOffset);
    }

    /**
     * @return the sequence word as it is now.
     */
    public int sequence()
    {
        return header.getIntVolatile(sequenceOffset);
    }
}
