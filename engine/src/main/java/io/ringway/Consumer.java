package io.ringway;

import io.ringway.wait.Futex;
import io.ringway.wait.Membarrier;
import io.ringway.wait.WaitStrategy;
import io.ringway.wait.WaitWord;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static io.ringway.RecordDescriptor.*;
import static io.ringway.RingWriter.MAPPED_FILE;

/**
 * Reads messages from a channel. The only consumer of its channel: it holds the consumer lease until closed.
 *
 * <p>The read loop is Ringway's own rather than Agrona's {@code RingBuffer.read}: Agrona trusts every record length it
 * reads, so a corrupt length written by another process would make it hand out bytes past the ring or move the head
 * position by an arbitrary amount. This loop checks each length and type id against the ring's bounds before use and
 * reports a bad record as {@link ChannelCorruptedException} (docs/LAYOUT.md, sections 7 and 11). Its store order is
 * Agrona's, so Agrona producers and Ringway consumers interoperate.
 */
public final class Consumer implements AutoCloseable
{
    private final Channel channel;
    private final Lease lease;
    private final UnsafeBuffer ring;
    private final UnsafeBuffer headerBuffer;
    private final int capacity;
    private final int mask;
    private final int maxMessageLength;
    private final int headPositionIndex;
    private final int tailPositionIndex;
    /*
     * The poll loads each record's length and type id, and stores the head and messagesConsumed, through these
     * (Agrona's Unsafe, without its per-access bounds check): each access lies in the mapping by construction (a record
     * index below the capacity, 8-byte aligned, so its 8-byte header fits; the trailer and header fields checked once
     * here). Measured need: with Agrona's checks switched off the Java round trip fell from about 220 to 180 ns
     * (benchmarks/README.md, "bounds checks").
     */
    private final long ringAddress;
    private final long headPositionAddress;
    private final long messagesConsumedAddress;
    private final boolean zeroConsumed;
    private final WaitWord dataWait;
    private final WaitWord spaceWait;
    /** True when this consumer promised membarrier wakeups (LAYOUT.md 9.8) in consumerMembarrierLease. */
    private final boolean membarrierWakeups;
    private WaitStrategy waitStrategy = WaitStrategy.defaultStrategy();
    private final Heartbeat heartbeat;
    private final long unblockTimeoutMs;
    private long headPosition;
    private long messageEndPosition;
    private long messagesConsumed;
    /** Messages the current poll has handed to its handler, including one whose handler threw. */
    private int deliveredInPoll;
    /** True while a poll reads the ring: a poll called from its handler (a nested poll) is refused. */
    private boolean polling;
    /** The head position at which an uncommitted record was first seen, or -1; for the MPSC unblock timeout. */
    private long blockedPosition = -1;
    /** When {@link #blockedPosition} was first seen blocked: CLOCK_MONOTONIC ms, so a wall clock step is no timeout. */
    private long blockedSinceMs;
    /** The heartbeat clock's millisecond of the last unblock check made with nothing claimed at the head. */
    private long tailCheckedMs = Long.MIN_VALUE;
    /** The pid of a live producer whose possible claim stops this consumer at blockedPosition, or 0 (LAYOUT 7.1). */
    private long blockingProducerPid;
    private final long[] slotTokens = new long[HeaderDescriptor.PRODUCER_SLOT_COUNT];
    private final long[] slotFloors = new long[HeaderDescriptor.PRODUCER_SLOT_COUNT];
    private boolean closed;
    /** Parks that ended by their timeout (the caller's, or the 1 s cap of LAYOUT 9.6) rather than by a wake. */
    private long parkTimeoutCount;

    Consumer(final Channel channel, final Lease lease, final Heartbeat heartbeat, final boolean membarrierWakeups)
    {
        this.channel = channel;
        this.lease = lease;
        this.heartbeat = heartbeat;
        this.unblockTimeoutMs = channel.unblockTimeoutMs();
        this.ring = channel.ringBuffer();
        this.headerBuffer = channel.headerBuffer();
        this.capacity = channel.capacity();
        this.mask = capacity - 1;
        this.maxMessageLength = channel.maxMessageLength();
        this.headPositionIndex = capacity + TrailerDescriptor.HEAD_POSITION_OFFSET;
        this.tailPositionIndex = capacity + TrailerDescriptor.TAIL_POSITION_OFFSET;
        ring.boundsCheck(0, capacity);
        ring.boundsCheck(headPositionIndex, Long.BYTES);
        headerBuffer.boundsCheck(HeaderDescriptor.MESSAGES_CONSUMED_OFFSET, Long.BYTES);
        // the ring's and header's accesses below take the base object MAPPED_FILE
        RingWriter.requireMappedFile(channel.path(), "ring", ring);
        RingWriter.requireMappedFile(channel.path(), "header", headerBuffer);
        this.ringAddress = ring.addressOffset();
        this.headPositionAddress = ringAddress + headPositionIndex;
        this.messagesConsumedAddress = headerBuffer.addressOffset() + HeaderDescriptor.MESSAGES_CONSUMED_OFFSET;
        this.zeroConsumed = channel.ringKind() == RingKind.MPSC;
        if (zeroConsumed)
        {
            DeadClaims.finishDeadConsumersZeroing(ring, headerBuffer, capacity);
        }
        this.headPosition = ring.getLongAcquire(headPositionIndex);
        this.messagesConsumed = headerBuffer.getLongAcquire(HeaderDescriptor.MESSAGES_CONSUMED_OFFSET);
        this.dataWait = new WaitWord(headerBuffer, HeaderDescriptor.DATA_SEQUENCE_OFFSET,
            HeaderDescriptor.DATA_WAITERS_OFFSET, HeaderDescriptor.WAKE_COUNT_OFFSET);
        this.spaceWait = new WaitWord(headerBuffer, HeaderDescriptor.SPACE_SEQUENCE_OFFSET,
            HeaderDescriptor.SPACE_WAITERS_OFFSET, HeaderDescriptor.WAKE_COUNT_OFFSET);
        // LAYOUT.md 9.4: the lease makes this the only data waiter; drop a flag left by a predecessor killed while parked
        dataWait.clearSingleWaiter();
        this.membarrierWakeups = promiseMembarrierWakeups(membarrierWakeups && Membarrier.SUPPORTED);
    }

    /**
     * LAYOUT.md 9.8: writes this consumer's promise (its lease token, or 0) into consumerMembarrierLease before its first
     * park. A predecessor that died while it promised left its token there; producers that read it before this lease
     * may still skip their fence, so a consumer that does not promise makes them all pass one barrier now.
     */
    private boolean promiseMembarrierWakeups(final boolean promise)
    {
        final int offset = HeaderDescriptor.CONSUMER_MEMBARRIER_LEASE_OFFSET;
        final long previous = headerBuffer.getLongVolatile(offset);
        headerBuffer.putLongVolatile(offset, promise ? lease.token() : 0);
        if (!promise && previous != 0 && Membarrier.SUPPORTED)
        {
            Membarrier.globalExpedited();
        }
        return promise;
    }

    /**
     * @return true when this consumer parks with membarrier wakeups ({@link ConsumerOption#MEMBARRIER_WAKEUPS}, granted
     * where the kernel supports it): producers then skip the full fence of their wake checks.
     */
    public boolean membarrierWakeups()
    {
        return membarrierWakeups;
    }

    /**
     * @return how many of this consumer's parks ended by a timeout rather than a wake: the caller's own timeout, or the
     * 1 s cap of every park (docs/LAYOUT.md 9.6). While producers commit, a park that ends by the cap is a wakeup lost.
     */
    public long parkTimeoutCount()
    {
        return parkTimeoutCount;
    }

    /**
     * Delivers up to {@code limit} committed messages, in order, to the handler. The buffer the handler sees is valid
     * only during the call. A message whose handler throws counts as consumed: the exception propagates, the messages
     * after it stay in the channel for the next poll, and what was delivered is still counted and its space released
     * (producers parked for space are woken), as after a poll that stopped at a corrupt record.
     *
     * <p>Called from inside a handler of this consumer (a nested poll), it throws {@link IllegalStateException} and
     * reads nothing: the inner poll would deliver the outer one's messages again and move the head back under it.
     *
     * @param handler receives type id, buffer, body index and body length of each message.
     * @param limit   the most messages to deliver.
     * @return the number delivered: {@code min(limit, committed messages available)}.
     * @throws ChannelCorruptedException when a record's length or type id is impossible; the consumer stops before it.
     * @throws IllegalStateException     when called from inside a handler of this consumer, or after close.
     */
    public int poll(final MessageHandler handler, final int limit)
    {
        return poll(handler, limit, true);
    }

    /**
     * {@link #poll(MessageHandler, int)}, whose empty poll beats the heartbeat only when {@code idleBeat}: a spinning
     * wait reads the clock once every {@link WaitStrategy#SPINS_PER_CLOCK_READ} re-checks (LAYOUT.md 8.1).
     */
    private int poll(final MessageHandler handler, final int limit, final boolean idleBeat)
    {
        ensureOpen();
        if (polling)
        {
            throw new IllegalStateException("poll inside a poll handler: file=" + channel.path() +
                " field=consumer found=polling expected=a poll after the handler returns");
        }
        final long startPosition = headPosition;
        deliveredInPoll = 0;
        polling = true;
        try
        {
            readToBlockEnd(handler, limit);
            if (deliveredInPoll < limit && headPosition != startPosition && (headPosition & mask) == 0)
            {
                // the first pass stopped at the end of the data area: continue from index 0 (LAYOUT.md 7, step 4)
                readToBlockEnd(handler, limit - deliveredInPoll);
            }
        }
        finally
        {
            polling = false;
            // also when a handler threw or a corrupt record stopped the poll: what was delivered is counted
            // (LAYOUT.md 7, step 5) and producers parked for the space freed are woken (LAYOUT.md 9.2)
            if (deliveredInPoll > 0)
            {
                messagesConsumed += deliveredInPoll;
                UnsafeApi.putLongRelease(MAPPED_FILE, messagesConsumedAddress, messagesConsumed);
                heartbeat.onBusyOperation();
            }
            if (headPosition != startPosition)
            {
                spaceWait.signalIfWaiting();
            }
        }
        if (deliveredInPoll == 0)
        {
            if (idleBeat)
            {
                heartbeat.onIdleOperation();
            }
            if (zeroConsumed && mayBeStuck())
            {
                unblockIfStuck();
            }
        }
        return deliveredInPoll;
    }

    /**
     * Delivers up to {@code limit} messages like {@link #poll(MessageHandler, int)}, waiting up to {@code timeout} for
     * at least one, as this consumer's {@link #waitStrategy(WaitStrategy) wait strategy} says: spinning, yielding, or
     * parked on the channel's futex until a producer (Java, C or Go, in any process) commits a message.
     *
     * While the strategy spins, the wait reads the clock (for its deadline and the heartbeat) once every
     * {@link WaitStrategy#SPINS_PER_CLOCK_READ} re-checks, the first time after that many: the deadline is taken at
     * that first clock read, so the timeout may start, and end, that many re-checks late.
     *
     * @param handler receives each message.
     * @param limit   the most messages to deliver, {@code >= 1}.
     * @param timeout longest wait; {@code <= 0} polls once without waiting.
     * @param unit    unit of {@code timeout}.
     * @return the number delivered; 0 when the timeout elapsed with nothing to deliver.
     * @throws ChannelCorruptedException as {@link #poll(MessageHandler, int)}.
     * @throws IllegalStateException     as {@link #poll(MessageHandler, int)}: from inside a handler of this consumer.
     */
    public int poll(final MessageHandler handler, final int limit, final long timeout, final TimeUnit unit)
    {
        final long timeoutNs = unit.toNanos(timeout);
        if (timeoutNs <= 0 || limit <= 0)
        {
            return poll(handler, limit);
        }
        // LAYOUT.md 8.1: no clock read before the first re-checks, which are on the path of the message a spinning
        // wait is for: neither the first poll's idle beat nor the deadline, which is taken at the wait's first clock
        // read (so the timeout may start up to SPINS_PER_CLOCK_READ re-checks late, as it may end). With both read
        // up front, a busy-spin wait's round trip ran 1.14x the p50 of a loop of poll(handler, 1) (Java; C 1.16x,
        // Go 1.13x: benchmarks/README.md, "Waiting polls").
        int delivered = poll(handler, limit, false);
        if (delivered > 0)
        {
            return delivered;
        }
        long deadlineNs = MonotonicTime.NO_DEADLINE_NS;
        for (int idleCount = 0; ; idleCount = Math.max(idleCount + 1, idleCount))
        {
            if (waitStrategy.idle(idleCount))
            {
                // LAYOUT.md 9.1: flag, full fence, re-check, then park on the sequence read before the fence
                final int sequence = membarrierWakeups ?
                    dataWait.prepareToWaitWithMembarrier() : dataWait.prepareToWait();
                delivered = poll(handler, limit);
                final long nowNs = System.nanoTime();
                deadlineNs = MonotonicTime.deadlineTakenAt(deadlineNs, nowNs, timeoutNs);
                final long remainingNs = deadlineNs - nowNs;
                if (delivered == 0 && remainingNs > 0 &&
                    dataWait.await(sequence, remainingNs) == Futex.TIMED_OUT)
                {
                    parkTimeoutCount++;
                }
                dataWait.clearSingleWaiter();
            }
            // a spinning wait reads the clock (deadline and heartbeat) once every SPINS_PER_CLOCK_READ re-checks
            final boolean readsClock = waitStrategy.readsClock(idleCount);
            if (delivered == 0)
            {
                delivered = poll(handler, limit, readsClock);
            }
            if (delivered > 0)
            {
                return delivered;
            }
            if (readsClock)
            {
                final long nowNs = System.nanoTime();
                deadlineNs = MonotonicTime.deadlineTakenAt(deadlineNs, nowNs, timeoutNs);
                if (deadlineNs - nowNs <= 0)
                {
                    return delivered;
                }
            }
        }
    }

    /**
     * Whether an empty MPSC poll runs the unblock rule: at most once per millisecond of the heartbeat's last clock
     * read, whatever the length at the head (docs/LAYOUT.md 7.1 step 1 allows it). The rule loads tailPosition, whose
     * cache line the producers CAS on every claim: loaded on every empty poll, it moved to the consumer's core and back
     * before each producer's next CAS. Measured with {@code benchmarks/ab-mpsc.sh <revision before> worktree 10}
     * (2 producer processes): once per millisecond when the head length is 0, every poll when it is negative, 14.70 M
     * msgs/s; once per millisecond always, 18.97 M (median of per-round ratios 1.28x, ahead in 9 of 10); every poll
     * (before 2026-12-06), 9.6 M against 14.2 M for the former.
     */
    private boolean mayBeStuck()
    {
        final long clockMs = heartbeat.lastClockMs();
        if (clockMs == tailCheckedMs)
        {
            return false;
        }
        tailCheckedMs = clockMs;
        return true;
    }

    /**
     * LAYOUT 7.1: on an MPSC ring, a record claimed but not committed for longer than the unblock timeout is turned into
     * padding and counted, so that other producers' messages flow again, but only when no live producer may own it
     * (its producer was killed between claim and commit): a stalled producer stalls the channel, never corrupts it.
     * Runs only on empty polls, so it costs nothing while messages flow.
     */
    private void unblockIfStuck()
    {
        // SYNC POINT: pairs with the producers' CAS of tailPosition when they claim
        final long tailPosition = ring.getLongVolatile(tailPositionIndex);
        if (tailPosition == headPosition)
        {
            blockedPosition = -1;
            blockingProducerPid = 0;
            return;
        }
        final long nowMs = heartbeat.clockMs();
        if (blockedPosition != headPosition)
        {
            blockingProducerPid = 0;
            blockedPosition = headPosition;
            blockedSinceMs = nowMs;
            return;
        }
        if (nowMs - blockedSinceMs < unblockTimeoutMs)
        {
            return;
        }
        // step 2: who may own the claim at the head; every slot's token, then its floor
        int candidates = 0;
        for (int slot = 0; slot < HeaderDescriptor.PRODUCER_SLOT_COUNT; slot++)
        {
            final int slotOffset = HeaderDescriptor.producerSlotOffset(slot);
            // SYNC POINT: pairs with the producers' CAS of the token at attach and their release stores of the floor
            // around each claim (sequenced before their CAS of tailPosition, which this consumer acquired above)
            slotTokens[slot] = headerBuffer.getLongAcquire(slotOffset + HeaderDescriptor.PRODUCER_SLOT_TOKEN_OFFSET);
            slotFloors[slot] =
                headerBuffer.getLongAcquire(slotOffset + HeaderDescriptor.PRODUCER_SLOT_CLAIM_FLOOR_OFFSET);
            if (slotTokens[slot] != 0 && slotFloors[slot] <= headPosition)
            {
                candidates++;
            }
            else
            {
                slotTokens[slot] = 0;
            }
        }
        // step 3: a claimant clears its floor only after its commit, so a cleared floor seen above means this sees it
        if (ring.getIntVolatile(((int)headPosition & mask) + LENGTH_OFFSET) > 0)
        {
            return;
        }
        // step 4: a live (running, stopped or paused) candidate may own the claim: never unblock it
        for (int slot = 0; slot < HeaderDescriptor.PRODUCER_SLOT_COUNT; slot++)
        {
            if (slotTokens[slot] != 0 && ProcessIdentity.isAlive(slotTokens[slot]))
            {
                blockingProducerPid = ProcessIdentity.pidOf(slotTokens[slot]);
                blockedSinceMs = nowMs;
                return;
            }
        }
        blockingProducerPid = 0;
        // step 5 (candidates, all dead) or step 6 (no candidate: a producer without slots, layout 1.1 rule)
        if (DeadClaims.unblockMpsc(ring, capacity, headPosition, tailPosition, channel.path()))
        {
            headerBuffer.getAndAddLong(HeaderDescriptor.UNBLOCKED_RECORD_COUNT_OFFSET, 1);
            blockedPosition = -1;
            for (int slot = 0; candidates > 0 && slot < HeaderDescriptor.PRODUCER_SLOT_COUNT; slot++)
            {
                if (slotTokens[slot] != 0)
                {
                    // the dead owner's slot is free again; the next owner stores its own floor
                    headerBuffer.compareAndSetLong(HeaderDescriptor.producerSlotOffset(slot) +
                        HeaderDescriptor.PRODUCER_SLOT_TOKEN_OFFSET, slotTokens[slot], 0);
                }
            }
        }
    }

    /**
     * LAYOUT 7.1: the pid of a live producer that may own the uncommitted claim this consumer is stopped at (it is
     * running, stopped or paused between claim and commit), which the consumer therefore does not unblock; 0 when the
     * consumer is not stopped by such a claim.
     *
     * @return a process id, or 0.
     */
    public long blockingProducerPid()
    {
        return blockedPosition == headPosition ? blockingProducerPid : 0;
    }

    /**
     * @param waitStrategy how {@link #poll(MessageHandler, int, long, TimeUnit)} waits;
     *                     {@link WaitStrategy#defaultStrategy()} unless set; one that parks is refused where parking
     *                     is not supported.
     * @return this consumer.
     */
    public Consumer waitStrategy(final WaitStrategy waitStrategy)
    {
        this.waitStrategy = WaitStrategy.requireSupported(Objects.requireNonNull(waitStrategy, "waitStrategy"));
        return this;
    }

    /**
     * @return how {@link #poll(MessageHandler, int, long, TimeUnit)} waits.
     */
    public WaitStrategy waitStrategy()
    {
        return waitStrategy;
    }

    /**
     * Stores the consumer heartbeat now if the clock moved (docs/LAYOUT.md, section 8.1). Polls beat on their own; a
     * consumer that stops polling for a while (e.g. parked on something else) calls this to stay {@link Liveness#ALIVE}.
     */
    public void heartbeat()
    {
        ensureOpen();
        heartbeat.beat();
    }

    /**
     * @return true when the producer side is alive (the SPSC lease holder, or the most recent MPSC producer, is running
     * and beat within the heartbeat timeout); see {@link Channel#producerLiveness()}.
     */
    public boolean isProducerAlive()
    {
        return channel.producerLiveness() == Liveness.ALIVE;
    }

    private void readToBlockEnd(final MessageHandler handler, final int limit)
    {
        final UnsafeBuffer ring = this.ring;
        final long head = headPosition;
        final int headIndex = (int)head & mask;
        final int blockLength = capacity - headIndex;
        int bytesRead = 0;
        int delivered = 0;
        try
        {
            while (bytesRead < blockLength && delivered < limit)
            {
                final int recordIndex = headIndex + bytesRead;
                // SYNC POINT: pairs with the producer's release store of a positive length (commit)
                final int recordLength =
                    UnsafeApi.getIntVolatile(MAPPED_FILE, ringAddress + recordIndex + LENGTH_OFFSET);
                if (recordLength <= 0)
                {
                    break;
                }
                final int typeId = UnsafeApi.getInt(MAPPED_FILE, ringAddress + recordIndex + TYPE_ID_OFFSET);
                checkRecord(head + bytesRead, recordLength, blockLength - bytesRead, typeId);
                bytesRead += alignedLength(recordLength);
                if (typeId == PADDING_TYPE_ID)
                {
                    continue;
                }
                ++delivered;
                messageEndPosition = head + bytesRead;
                handler.onMessage(typeId, ring, recordIndex + HEADER_LENGTH, recordLength - HEADER_LENGTH);
                // a line-start padding right after the message (LAYOUT 6.1 step 5a) is skipped here, not by a loop
                // iteration of its own: RingBurstBenchmark SPSC 32 B, one record in three padded, B/A 0.947
                // (benchmarks/ab-burst.sh, 8 rounds). Only short of the limit, where that iteration would skip it:
                // the same records read, the same head after the poll
                final int nextIndex = headIndex + bytesRead;
                if (isLineStartPaddingIndex(nextIndex) && delivered < limit &&
                    bytesRead + LINE_START_PADDING_LENGTH <= blockLength &&
                    // SYNC POINT: pairs with the producer's release store of a positive length (commit or padding)
                    UnsafeApi.getIntVolatile(MAPPED_FILE, ringAddress + nextIndex + LENGTH_OFFSET) ==
                    LINE_START_PADDING_LENGTH &&
                    UnsafeApi.getInt(MAPPED_FILE, ringAddress + nextIndex + TYPE_ID_OFFSET) == PADDING_TYPE_ID)
                {
                    bytesRead += LINE_START_PADDING_LENGTH;
                }
            }
        }
        finally
        {
            deliveredInPoll += delivered;
            if (bytesRead > 0)
            {
                if (zeroConsumed)
                {
                    // LAYOUT 7 step 3: say where the zeroing leads first, so that a consumer killed while zeroing
                    // leaves a record the next consumer finishes from (LAYOUT 7.2)
                    headerBuffer.putLongRelease(HeaderDescriptor.PENDING_HEAD_POSITION_OFFSET, head + bytesRead);
                    // MPSC: producers rely on consumed space reading as zero; must precede the release of head
                    ring.setMemory(headIndex, bytesRead, (byte)0);
                }
                headPosition = head + bytesRead;
                // SYNC POINT: pairs with the producers' acquire load of headPosition when they claim space
                UnsafeApi.putLongRelease(MAPPED_FILE, headPositionAddress, headPosition);
            }
        }
    }

    private void checkRecord(final long position, final int recordLength, final int toBlockEnd, final int typeId)
    {
        if (recordLength < HEADER_LENGTH || recordLength > toBlockEnd)
        {
            throw new ChannelCorruptedException(channel.path(), position, "length", recordLength,
                HEADER_LENGTH + ".." + toBlockEnd + " (header length to end of data area)");
        }
        if (typeId == PADDING_TYPE_ID)
        {
            return;
        }
        if (typeId < 1)
        {
            throw new ChannelCorruptedException(channel.path(), position, "typeId", typeId, ">=1 or -1 (padding)");
        }
        if (recordLength - HEADER_LENGTH > maxMessageLength)
        {
            throw new ChannelCorruptedException(channel.path(), position, "length", recordLength,
                "<=" + (maxMessageLength + HEADER_LENGTH) + " (maxMessageLength + header)");
        }
    }

    /**
     * Inside a handler called by {@link #poll(MessageHandler, int)}: the channel position just past the record being
     * delivered. The head is released past it only after the handler returns, so a handler that makes a message
     * durable before returning can store this position with it and, after a crash, tell which messages it already
     * has (the journal recorder does, docs/LAYOUT.md 14.6). Outside a handler: the end of the last message delivered.
     *
     * @return the position just past the current message's record.
     */
    public long messageEndPosition()
    {
        return messageEndPosition;
    }

    /**
     * @return the position up to which this consumer has read.
     */
    public long position()
    {
        return headPosition;
    }

    public Channel channel()
    {
        return channel;
    }

    /**
     * Releases the consumer lease; unread messages stay in the channel for the next consumer.
     *
     * @throws IllegalStateException when called from inside a handler of this consumer's poll (close after it returns).
     */
    @Override
    public void close()
    {
        if (polling)
        {
            throw closeInHandlerError(channel.path());
        }
        if (!closed)
        {
            closed = true;
            if (!channel.isClosed())
            {
                try
                {
                    if (membarrierWakeups)
                    {
                        // LAYOUT.md 9.8: withdraw the promise, then one barrier on every registered producer, before
                        // the lease: a producer that read the promise has its commit seen by the next consumer's
                        // re-check
                        headerBuffer.putLongVolatile(HeaderDescriptor.CONSUMER_MEMBARRIER_LEASE_OFFSET, 0);
                        Membarrier.globalExpedited();
                    }
                }
                finally
                {
                    lease.release();
                }
            }
            channel.detached(this);
        }
    }

    /** @return true while a poll of this consumer reads the ring (its handler may be running). */
    boolean isPolling()
    {
        return polling;
    }

    /**
     * The refusal of a close from inside a handler: the poll around it would go on reading and writing the ring (its
     * head, the counters, the zeroing of MPSC) without the lease, or, for the channel, unmapped.
     */
    static IllegalStateException closeInHandlerError(final Path path)
    {
        return new IllegalStateException("close inside a poll handler: file=" + path +
            " field=file found=polling expected=closed after the poll returns");
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("consumer closed: file=" + channel.path());
        }
        channel.ensureOpen();
    }
}
