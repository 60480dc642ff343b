package io.ringway.cli;

import io.ringway.ChannelCorruptedException;
import io.ringway.HeaderDescriptor;
import io.ringway.ProcessIdentity;
import io.ringway.RecordDescriptor;
import io.ringway.RingKind;
import io.ringway.TrailerDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.VarHandle;

import static io.ringway.RecordDescriptor.*;

/**
 * Reads the messages of an SPSC ring without being its consumer: it never writes to the file, never moves headPosition,
 * and the real consumer never knows it is there (the idea of Aeron's spy subscriptions, on our ring layout).
 *
 * <p>What it can see: a message that is still in the ring when the observer reaches it. The observer starts at the
 * consumer's headPosition and walks committed records; the producer may overwrite a record only after the consumer has
 * moved headPosition past it (LAYOUT.md section 6), so after copying a record the observer reads headPosition again:
 * if it is still at or before the record, no producer can have written to those bytes during the copy and the copy is
 * exact. If the consumer has moved past it, the copy is thrown away and the observer jumps to headPosition, counting
 * the bytes it skipped. So with a consumer faster than the observer, it sees only some messages, and says how many bytes
 * it missed; it never shows a torn message.
 *
 * <p>What it cannot do: observe an MPSC ring whose consumer is running. That consumer zeroes each record as it frees it,
 * before it moves headPosition, so a copy taken during the zeroing could mix the message and zeroes with nothing to
 * tell them apart. {@link TailCommand} refuses that case at the start, and on an MPSC ring the observer reads the
 * consumer lease again after every copy (after the acquire fence): a consumer that attached meanwhile takes the lease
 * (a CAS, a full barrier) before it zeroes anything, so a copy it may have torn is seen, thrown away, and the observer
 * stops with one line (LAYOUT.md 7.3).
 */
final class RingObserver
{
    /** Receives each observed message; the buffer is valid only during the call. */
    @FunctionalInterface
    interface Handler
    {
        void onMessage(long position, int typeId, UnsafeBuffer body, int bodyLength);
    }

    private final ChannelFileView view;
    private final UnsafeBuffer ring;
    private final int capacity;
    private final int mask;
    private final int maxMessageLength;
    private final int headPositionIndex;
    private final UnsafeBuffer scratch;
    private long position;
    /** Records before it are walked, not shown: the tail when observing began, or the head (LAYOUT.md 7.3). */
    private final long deliverFromPosition;
    private long skippedBytes;
    /** MPSC: the consumer lease when observing began (0, or a dead consumer's token); any change stops the observer. */
    private final boolean watchConsumerLease;
    private final long consumerLeaseAtStart;

    RingObserver(final ChannelFileView view, final boolean fromHead)
    {
        this.view = view;
        this.ring = view.ringBuffer();
        this.capacity = view.capacity();
        this.mask = capacity - 1;
        this.maxMessageLength = HeaderDescriptor.maxMessageLength(capacity);
        this.headPositionIndex = capacity + TrailerDescriptor.HEAD_POSITION_OFFSET;
        this.scratch = new UnsafeBuffer(new byte[Math.max(1, maxMessageLength)]);
        // from the tail too the walk starts at the head: the header at the tail may still hold a record of an older lap
        // until the producer pre-zeroes it, after its store of the tail (LAYOUT.md 6.1 step 5, 7.3); only a header
        // reached through committed lengths is current
        this.position = ring.getLongAcquire(headPositionIndex);
        this.deliverFromPosition = fromHead ?
            position : ring.getLongAcquire(capacity + TrailerDescriptor.TAIL_POSITION_OFFSET);
        if (view.ringKind() != RingKind.SPSC && view.ringKind() != RingKind.MPSC)
        {
            throw new IllegalStateException("unknown ring kind: file=" + view.path());
        }
        this.watchConsumerLease = view.ringKind() == RingKind.MPSC;
        this.consumerLeaseAtStart = view.headerLongAcquire(HeaderDescriptor.CONSUMER_LEASE_OFFSET);
    }

    /**
     * @param handler receives the messages observed.
     * @param limit   the most messages to deliver.
     * @return the number delivered.
     * @throws ChannelCorruptedException when a record the consumer has not passed has an impossible length or type id.
     */
    int poll(final Handler handler, final int limit)
    {
        int delivered = 0;
        while (delivered < limit)
        {
            catchUpWithConsumer();
            final int recordIndex = (int)position & mask;
            // SYNC POINT: pairs with the producer's release store of a positive length (commit)
            final int recordLength = ring.getIntAcquire(recordIndex + LENGTH_OFFSET);
            if (recordLength <= 0)
            {
                return delivered;
            }
            final int typeId = ring.getInt(recordIndex + TYPE_ID_OFFSET);
            final int bodyLength = recordLength - HEADER_LENGTH;
            final boolean plausible = recordLength >= HEADER_LENGTH &&
                RecordDescriptor.alignedLength(recordLength) <= capacity - recordIndex &&
                (typeId == PADDING_TYPE_ID || (typeId >= 1 && bodyLength <= maxMessageLength));
            final boolean shown = typeId != PADDING_TYPE_ID && position >= deliverFromPosition;
            if (plausible && shown)
            {
                ring.getBytes(recordIndex + HEADER_LENGTH, scratch, 0, bodyLength);
            }
            VarHandle.acquireFence();
            if (watchConsumerLease)
            {
                checkNoConsumerAttached();
            }
            // SYNC POINT: pairs with the consumer's release store of headPosition; if it has not passed this record,
            // no producer can have overwritten it (LAYOUT.md 6: producers write only below headPosition + capacity)
            if (ring.getLongAcquire(headPositionIndex) > position)
            {
                continue;
            }
            if (!plausible)
            {
                throw new ChannelCorruptedException(view.path(), position, typeId < 1 && typeId != PADDING_TYPE_ID ?
                    "typeId" : "length", typeId < 1 && typeId != PADDING_TYPE_ID ? typeId : recordLength,
                    "a record that fits the data area with a type id >= 1 or -1 (padding)");
            }
            position += RecordDescriptor.alignedLength(recordLength);
            if (shown)
            {
                handler.onMessage(position - RecordDescriptor.alignedLength(recordLength), typeId, scratch, bodyLength);
                delivered++;
            }
        }
        return delivered;
    }

    /**
     * SYNC POINT: pairs with the lease CAS of a consumer attaching (before its first zeroing): after the copy and the
     * acquire fence, a consumer whose zeroes the copy may have read has its lease visible here.
     */
    private void checkNoConsumerAttached()
    {
        final long consumerLease = view.headerLongAcquire(HeaderDescriptor.CONSUMER_LEASE_OFFSET);
        if (consumerLease != consumerLeaseAtStart)
        {
            throw new CliException("a consumer attached to the MPSC channel while it was observed (it zeroes records " +
                "as it frees them, so the copy could mix a message with zeroes; nothing torn was printed): file=" +
                view.path() + " field=consumerLease found=pid " + ProcessIdentity.pidOf(consumerLease) +
                " expected=no running consumer; observe an SPSC channel, or stop the consumer and use --consume");
        }
    }

    private void catchUpWithConsumer()
    {
        final long headPosition = ring.getLongAcquire(headPositionIndex);
        if (headPosition > position)
        {
            // the bytes before deliverFromPosition were never to be shown: they are not missed
            skippedBytes += headPosition - Math.max(position, Math.min(headPosition, deliverFromPosition));
            position = headPosition;
        }
    }

    /**
     * @return the bytes of messages the consumer freed before the observer could read them.
     */
    long skippedBytes()
    {
        return skippedBytes;
    }

    long position()
    {
        return position;
    }
}
