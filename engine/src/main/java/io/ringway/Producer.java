package io.ringway;

import io.ringway.wait.WaitStrategy;
import io.ringway.wait.WaitWord;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Writes messages into a channel: a copy with {@link #offer}, or in place with {@link #tryClaim}, then
 * {@link #commit} or {@link #abort}. Ring full is a return value ({@code false} or {@link #RING_FULL}), never an
 * exception. A message longer than {@link #maxMessageLength()} is refused with an exception, never truncated.
 *
 * <p>The store order is Agrona's (docs/LAYOUT.md, section 6): {@link #offer} and {@link #tryClaim} claim and write
 * through {@link RingWriter} (SPSC and MPSC), which makes the stores of Agrona's {@link OneToOneRingBuffer} or
 * {@link ManyToOneRingBuffer} in the same order, without Agrona's per-access bounds checks and with a 64-bit room
 * check; {@link #commit} and {@link #abort} are Agrona's. Not thread-safe: use one producer object per thread.
 */
public final class Producer implements AutoCloseable
{
    /** Returned by {@link #tryClaim} when the ring has no room for the message. */
    public static final int RING_FULL = RingBuffer.INSUFFICIENT_CAPACITY;

    private final Channel channel;
    private final Lease lease;
    /** MPSC only, else null: the producer slot whose claim floor guards this handle's claims (LAYOUT 3.1, 6.2). */
    private final ProducerSlot slot;
    private final RingBuffer ring;
    /** {@link #offer} and {@link #tryClaim} claim and write through it rather than through Agrona's ring. */
    private final RingWriter writer;
    private final AtomicBuffer buffer;
    private final UnsafeBuffer headerBuffer;
    private final int maxMessageLength;
    private final WaitWord dataWait;
    private final WaitWord spaceWait;
    private WaitStrategy waitStrategy = WaitStrategy.defaultStrategy();
    private final Heartbeat heartbeat;
    private boolean closed;

    Producer(final Channel channel, final Lease lease, final ProducerSlot slot, final Heartbeat heartbeat)
    {
        this.channel = channel;
        this.lease = lease;
        this.slot = slot;
        this.heartbeat = heartbeat;
        final UnsafeBuffer ringRegion = channel.ringBuffer();
        this.ring = channel.ringKind() == RingKind.SPSC ?
            new OneToOneRingBuffer(ringRegion) : new ManyToOneRingBuffer(ringRegion);
        this.writer = RingWriter.of(channel.ringKind(), channel.path(), ringRegion, channel.capacity());
        this.buffer = ring.buffer();
        this.headerBuffer = channel.headerBuffer();
        this.maxMessageLength = channel.maxMessageLength();
        this.dataWait = new WaitWord(headerBuffer, HeaderDescriptor.DATA_SEQUENCE_OFFSET,
            HeaderDescriptor.DATA_WAITERS_OFFSET, HeaderDescriptor.WAKE_COUNT_OFFSET,
            HeaderDescriptor.CONSUMER_LEASE_OFFSET, HeaderDescriptor.CONSUMER_MEMBARRIER_LEASE_OFFSET);
        this.spaceWait = new WaitWord(headerBuffer, HeaderDescriptor.SPACE_SEQUENCE_OFFSET,
            HeaderDescriptor.SPACE_WAITERS_OFFSET, HeaderDescriptor.WAKE_COUNT_OFFSET);
    }

    /**
     * Copies a message into the ring.
     *
     * @param typeId message type id, {@code >= 1} (the SBE template id for SBE bodies).
     * @param source buffer holding the body.
     * @param offset where the body starts in {@code source}.
     * @param length body length in bytes, 0 to {@link #maxMessageLength()}.
     * @return true when written; false when the ring is full (back-pressure: try again later).
     * @throws IllegalArgumentException when the type id or length is out of range.
     * @throws ChannelCorruptedException when the file's tailPosition is not a multiple of 8, which no producer
     *                                   stores (LAYOUT.md 11): nothing is written.
     */
    public boolean offer(final int typeId, final DirectBuffer source, final int offset, final int length)
    {
        if (offerUnsignalled(typeId, source, offset, length))
        {
            // LAYOUT.md 9.2: after the commit; a fence and a load, no system call unless the consumer is parked
            dataWait.signalIfWaiting();
            writer.touchAhead();
            return true;
        }
        return false;
    }

    /**
     * Copies the batch's pending messages into the ring in order, as many {@link #offer(int, DirectBuffer, int, int)}
     * calls would, until all are written or the ring is full; written messages leave the batch. The wake check of
     * docs/LAYOUT.md 9.2 (a full fence and a load) is made once, after the last commit, instead of once per message:
     * a consumer parked during the batch is woken at its end. The records that fit before the end of the data
     * area are written as runs (docs/LAYOUT.md 6.1 and 6.2, "Runs"): one claim and one commit per run instead of per
     * message, leaving the bytes that offers of the same messages would; a record that needs the wrap is written
     * alone. Each message is copied twice (into the batch, then into the ring): for large
     * messages, {@link #offer(int, DirectBuffer, int, int)} or {@link #tryClaim} copy once.
     *
     * @param batch the messages; on return it holds those not written ({@link ProducerBatch#pending()}).
     * @return how many messages were written: all that were pending, or fewer when the ring filled (back-pressure:
     * offer the rest later).
     * @throws IllegalArgumentException when a message's type id or length is out of range: the messages before it
     *                                  are written and left the batch, and it stays first in the batch.
     * @throws ChannelCorruptedException when the file's tailPosition is not a multiple of 8, which no producer
     *                                   stores (LAYOUT.md 11): the messages before the claim that found it are
     *                                   written and left the batch.
     */
    public int offerBatch(final ProducerBatch batch)
    {
        final DirectBuffer source = batch.buffer();
        int offered = 0;
        try
        {
            while (batch.pending() > 0)
            {
                final int pendingBefore = batch.pending();
                if (offerRunUnsignalled(batch))
                {
                    offered += pendingBefore - batch.pending();
                    continue;
                }
                // a record that needs the wrap, found the ring full or is refused: one record the usual way
                final int recordOffset = batch.readOffset();
                final int length = source.getInt(recordOffset + RecordDescriptor.LENGTH_OFFSET) -
                    RecordDescriptor.HEADER_LENGTH;
                final int typeId = source.getInt(recordOffset + RecordDescriptor.TYPE_ID_OFFSET);
                if (!offerUnsignalled(typeId, source, recordOffset + RecordDescriptor.HEADER_LENGTH, length))
                {
                    break;
                }
                batch.offeredFirst();
                offered++;
            }
        }
        finally
        {
            if (offered > 0)
            {
                // LAYOUT.md 9.2: once, after the batch's last commit (also when a later message was refused)
                dataWait.signalIfWaiting();
                writer.touchAhead();
            }
        }
        return offered;
    }

    /**
     * LAYOUT 6.1 and 6.2, "Runs": writes the batch's first pending records that are valid and fit before the end of
     * the data area with one claim and one commit, without the wake check, which the caller makes. A measured need: one
     * offer per message made the batched throughput row slower than single offers (benchmarks/README.md, "Runs").
     *
     * @return true when at least one record was written and left the batch; false when the first pending record
     *         needs the per-message path (a wrap, the ring full, or a type id or length to refuse).
     */
    private boolean offerRunUnsignalled(final ProducerBatch batch)
    {
        ensureOpen();
        final DirectBuffer source = batch.buffer();
        final int runOffset = batch.readOffset();
        final int pendingLength = batch.pendingLength();
        final int capacity = channel.capacity();
        // the batch's pending records, bounds-checked once (their lengths are the batch's own, each record whole)
        source.boundsCheck(runOffset, pendingLength);
        final Object sourceObject = source.byteArray();
        final long runAddress = source.addressOffset() + runOffset;
        int runLength = 0;
        while (runLength < pendingLength && runLength < capacity)
        {
            final long recordAddress = runAddress + runLength;
            final int length = UnsafeApi.getInt(sourceObject, recordAddress + RecordDescriptor.LENGTH_OFFSET) -
                RecordDescriptor.HEADER_LENGTH;
            if (length < 0 || length > maxMessageLength ||
                UnsafeApi.getInt(sourceObject, recordAddress + RecordDescriptor.TYPE_ID_OFFSET) < 1)
            {
                break; // refused by the per-message path once it is first
            }
            runLength += RecordDescriptor.alignedLength(length + RecordDescriptor.HEADER_LENGTH);
        }
        if (runLength == 0)
        {
            return false;
        }
        final int written;
        beforeClaim();
        try
        {
            written = writer.writeRun(source, runOffset, runLength);
        }
        finally
        {
            afterClaim();
        }
        if (written == 0)
        {
            return false;
        }
        batch.offered(written);
        heartbeat.onBusyOperation();
        return true;
    }

    /** {@link #offer(int, DirectBuffer, int, int)} without the wake check of LAYOUT 9.2, which the caller makes. */
    private boolean offerUnsignalled(final int typeId, final DirectBuffer source, final int offset, final int length)
    {
        checkMessage(typeId, length);
        final boolean written;
        beforeClaim();
        try
        {
            written = writer.write(typeId, source, offset, length);
        }
        finally
        {
            afterClaim();
        }
        if (written)
        {
            heartbeat.onBusyOperation();
            return true;
        }
        countBackPressure();
        heartbeat.onIdleOperation();
        // LAYOUT 6.1 "Touch ahead" after every claim attempt, refused ones too: the claim may have refreshed the head
        // cache, which bounds the touched word, and a batch meeting the same back-pressure ends with the same touch
        writer.touchAhead();
        return false;
    }

    /**
     * Copies a message into the ring like {@link #offer(int, DirectBuffer, int, int)}, waiting up to {@code timeout}
     * for space when the ring is full, as this producer's {@link #waitStrategy(WaitStrategy) wait strategy} says:
     * spinning, yielding, or parked on the channel's futex until the consumer frees space.
     *
     * @param typeId  message type id, {@code >= 1}.
     * @param source  buffer holding the body.
     * @param offset  where the body starts in {@code source}.
     * @param length  body length in bytes, 0 to {@link #maxMessageLength()}.
     * @param timeout longest wait; {@code <= 0} tries once.
     * @param unit    unit of {@code timeout}.
     * @return true when written; false when the ring stayed full until the timeout elapsed.
     * @throws IllegalArgumentException when the type id or length is out of range.
     * @throws ChannelCorruptedException when the file's tailPosition is not a multiple of 8, which no producer
     *                                   stores (LAYOUT.md 11): nothing is written.
     */
    public boolean offer(final int typeId, final DirectBuffer source, final int offset, final int length,
        final long timeout, final TimeUnit unit)
    {
        if (offer(typeId, source, offset, length))
        {
            return true;
        }
        final long timeoutNs = unit.toNanos(timeout);
        if (timeoutNs <= 0)
        {
            return false;
        }
        // LAYOUT.md 8.1: the deadline is taken at the wait's first clock read, not here (as the consumer's wait does)
        long deadlineNs = MonotonicTime.NO_DEADLINE_NS;
        for (int idleCount = 0; ; idleCount = Math.max(idleCount + 1, idleCount))
        {
            if (waitStrategy.idle(idleCount))
            {
                // LAYOUT.md 9.1: flag, full fence, re-check (the offer itself), then park on the sequence
                final int sequence = spaceWait.prepareToWait();
                if (offer(typeId, source, offset, length))
                {
                    return true;
                }
                final long nowNs = System.nanoTime();
                deadlineNs = MonotonicTime.deadlineTakenAt(deadlineNs, nowNs, timeoutNs);
                final long remainingNs = deadlineNs - nowNs;
                if (remainingNs > 0)
                {
                    spaceWait.await(sequence, remainingNs);
                }
            }
            if (offer(typeId, source, offset, length))
            {
                return true;
            }
            final long nowNs = System.nanoTime();
            deadlineNs = MonotonicTime.deadlineTakenAt(deadlineNs, nowNs, timeoutNs);
            if (deadlineNs - nowNs <= 0)
            {
                return false;
            }
        }
    }

    /**
     * @param waitStrategy how {@link #offer(int, DirectBuffer, int, int, long, TimeUnit)} waits for space;
     *                     {@link WaitStrategy#defaultStrategy()} unless set; one
     *                     that parks is refused where parking is not supported.
     * @return this producer.
     */
    public Producer waitStrategy(final WaitStrategy waitStrategy)
    {
        this.waitStrategy = WaitStrategy.requireSupported(Objects.requireNonNull(waitStrategy, "waitStrategy"));
        return this;
    }

    /**
     * @return how {@link #offer(int, DirectBuffer, int, int, long, TimeUnit)} waits for space.
     */
    public WaitStrategy waitStrategy()
    {
        return waitStrategy;
    }

    /**
     * Claims room for a message of {@code length} bytes, to be written in place into {@link #buffer()} at the returned
     * index and then committed or aborted. Nothing is visible to the consumer until {@link #commit}.
     *
     * @param typeId message type id, {@code >= 1}.
     * @param length body length in bytes, 0 to {@link #maxMessageLength()}.
     * @return the index in {@link #buffer()} where the body starts, or {@link #RING_FULL}.
     * @throws IllegalArgumentException when the type id or length is out of range.
     * @throws ChannelCorruptedException when the file's tailPosition is not a multiple of 8, which no producer
     *                                   stores (LAYOUT.md 11): nothing is written.
     */
    public int tryClaim(final int typeId, final int length)
    {
        checkMessage(typeId, length);
        beforeClaim();
        final int index;
        try
        {
            index = writer.tryClaim(typeId, length);
        }
        catch (final RuntimeException ex)
        {
            afterClaim();
            throw ex;
        }
        if (index == RING_FULL)
        {
            afterClaim();
            countBackPressure();
            heartbeat.onIdleOperation();
            writer.touchAhead();
        }
        // a claim counts as a busy operation at its commit or abort: a clock read here would delay the message
        return index;
    }

    /**
     * Makes a claimed message visible to the consumer.
     *
     * @param index the index returned by {@link #tryClaim}.
     * @throws IllegalStateException when the claim was already committed or aborted.
     */
    public void commit(final int index)
    {
        ensureOpen();
        // LAYOUT 6.2 step 6: Agrona's commit refuses a record whose length is no longer negative (e.g. padded by a
        // consumer that judged this process dead); then the claim stays counted and the floor is kept
        ring.commit(index);
        afterClaim();
        heartbeat.onBusyOperation();
        dataWait.signalIfWaiting();
        writer.touchAhead();
    }

    /**
     * Turns a claimed message into padding, which the consumer skips.
     *
     * @param index the index returned by {@link #tryClaim}.
     * @throws IllegalStateException when the claim was already committed or aborted.
     */
    public void abort(final int index)
    {
        ensureOpen();
        ring.abort(index);
        afterClaim();
        heartbeat.onBusyOperation();
        // an aborted claim may be all that stood between a parked consumer and later committed records (MPSC)
        dataWait.signalIfWaiting();
        writer.touchAhead();
    }

    /**
     * Stores the producer heartbeat now if the clock moved (docs/LAYOUT.md, section 8.1). Offers and claims beat on
     * their own while messages flow or the ring is full; a producer with nothing to send calls this from its idle loop,
     * at least once per heartbeat timeout, or the consumer side sees it as {@link Liveness#STALE}.
     */
    public void heartbeat()
    {
        ensureOpen();
        heartbeat.beat();
    }

    /**
     * @return true when the consumer's process holds the lease, is running and beat within the heartbeat timeout. A
     * producer facing back-pressure asks this to tell a slow consumer from a dead or stopped one.
     */
    public boolean isConsumerAlive()
    {
        return channel.consumerLiveness() == Liveness.ALIVE;
    }

    /**
     * @return the ring data area; indexes returned by {@link #tryClaim} are relative to it.
     */
    public AtomicBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the largest body this channel accepts: capacity / 8.
     */
    public int maxMessageLength()
    {
        return maxMessageLength;
    }

    public Channel channel()
    {
        return channel;
    }

    /**
     * Releases the SPSC producer lease; the channel stays open.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            if (lease != null && !channel.isClosed())
            {
                lease.release();
            }
            if (slot != null && !channel.isClosed())
            {
                slot.release();
            }
            channel.detached(this);
        }
    }

    private void checkMessage(final int typeId, final int length)
    {
        ensureOpen();
        if (length > maxMessageLength || length < 0)
        {
            throw new IllegalArgumentException("message length out of range: file=" + channel.path() +
                " field=length found=" + length + " expected=0.." + maxMessageLength +
                " (maxMessageLength = capacity " + channel.capacity() + " / 8)");
        }
        if (typeId < 1)
        {
            throw new IllegalArgumentException("invalid message type id: file=" + channel.path() +
                " field=typeId found=" + typeId + " expected=>=1");
        }
    }

    private void beforeClaim()
    {
        if (slot != null)
        {
            slot.beforeClaim();
        }
    }

    private void afterClaim()
    {
        if (slot != null)
        {
            slot.afterClaim();
        }
    }

    private void countBackPressure()
    {
        headerBuffer.getAndAddLong(HeaderDescriptor.BACK_PRESSURE_COUNT_OFFSET, 1);
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("producer closed: file=" + channel.path());
        }
        channel.ensureOpen();
    }
}
