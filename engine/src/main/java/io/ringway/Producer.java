package io.ringway;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * Writes messages into a channel: a copy with {@link #offer}, or in place with {@link #tryClaim}, then
 * {@link #commit} or {@link #abort}. Ring full is a return value ({@code false} or {@link #RING_FULL}), never an
 * exception. A message longer than {@link #maxMessageLength()} is refused with an exception, never truncated.
 *
 * <p>The store order is Agrona's (docs/LAYOUT.md, section 6): this class delegates the ring algorithm to Agrona's
 * {@link OneToOneRingBuffer} or {@link ManyToOneRingBuffer} over the mapped ring region. Not thread-safe: use one
 * producer object per thread.
 */
public final class Producer implements AutoCloseable
{
    /** Returned by {@link #tryClaim} when the ring has no room for the message. */
    public static final int RING_FULL = RingBuffer.INSUFFICIENT_CAPACITY;

    private final Channel channel;
    private final Lease lease;
    private final RingBuffer ring;
    private final AtomicBuffer buffer;
    private final UnsafeBuffer headerBuffer;
    private final int maxMessageLength;
    private final Heartbeat heartbeat;
    private boolean closed;

    Producer(final Channel channel, final Lease lease, final Heartbeat heartbeat)
    {
        this.channel = channel;
        this.lease = lease;
        this.heartbeat = heartbeat;
        final UnsafeBuffer ringRegion = channel.ringBuffer();
        this.ring = channel.ringKind() == RingKind.SPSC ?
            new OneToOneRingBuffer(ringRegion) : new ManyToOneRingBuffer(ringRegion);
        this.buffer = ring.buffer();
        this.headerBuffer = channel.headerBuffer();
        this.maxMessageLength = channel.maxMessageLength();
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
     */
    public boolean offer(final int typeId, final DirectBuffer source, final int offset, final int length)
    {
        checkMessage(typeId, length);
        if (ring.write(typeId, source, offset, length))
        {
            heartbeat.onBusyOperation();
            return true;
        }
        countBackPressure();
        heartbeat.onIdleOperation();
        return false;
    }

    /**
     * Claims room for a message of {@code length} bytes, to be written in place into {@link #buffer()} at the returned
     * index and then committed or aborted. Nothing is visible to the consumer until {@link #commit}.
     *
     * @param typeId message type id, {@code >= 1}.
     * @param length body length in bytes, 0 to {@link #maxMessageLength()}.
     * @return the index in {@link #buffer()} where the body starts, or {@link #RING_FULL}.
     * @throws IllegalArgumentException when the type id or length is out of range.
     */
    public int tryClaim(final int typeId, final int length)
    {
        checkMessage(typeId, length);
        final int index = ring.tryClaim(typeId, length);
        if (index == RING_FULL)
        {
            countBackPressure();
            heartbeat.onIdleOperation();
        }
        else
        {
            heartbeat.onBusyOperation();
        }
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
        ring.commit(index);
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
