package io.ringway;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Messages collected for {@link Producer#offerBatch(ProducerBatch)}, which offers them in order with one wake check
 * (docs/LAYOUT.md 9.2, "Batches") instead of one per message. Inside, each message is a record in the format of
 * docs/LAYOUT.md section 5 ({@link RecordDescriptor}: int32 length with the header, int32 typeId, body, aligned to
 * 8), as in Go's {@code Batch}. Offered messages leave the batch; {@link #pending()} counts the rest. Not
 * thread-safe: one batch per producer thread.
 *
 * <pre>{@code
 * batch.append(1, body, 0, length);                  // as many as the application has
 * while (batch.pending() > 0) { producer.offerBatch(batch); }   // back-pressure: try again later
 * }</pre>
 */
public final class ProducerBatch
{
    private final MutableDirectBuffer buffer;
    /** Records in [readOffset, writeOffset) are pending. */
    private int readOffset;
    private int writeOffset;
    private int pending;

    /**
     * @param initialCapacity bytes of records to make room for at first; {@link #append} grows the batch as needed.
     */
    public ProducerBatch(final int initialCapacity)
    {
        if (initialCapacity < 0)
        {
            throw new IllegalArgumentException("invalid batch capacity: field=initialCapacity found=" +
                initialCapacity + " expected=>=0");
        }
        this.buffer = new ExpandableArrayBuffer(Math.max(initialCapacity, RecordDescriptor.HEADER_LENGTH));
    }

    /**
     * Adds a message at the end of the batch. The producer checks the type id and length when it offers the message
     * (as {@link Producer#offer(int, DirectBuffer, int, int)} does).
     *
     * @param typeId message type id, {@code >= 1}.
     * @param source buffer holding the body.
     * @param offset where the body starts in {@code source}.
     * @param length body length in bytes.
     * @return this batch.
     * @throws IllegalArgumentException when the length is negative or the batch would exceed 2 GiB.
     */
    public ProducerBatch append(final int typeId, final DirectBuffer source, final int offset, final int length)
    {
        if (length < 0 || length > Integer.MAX_VALUE - writeOffset - 2 * RecordDescriptor.ALIGNMENT)
        {
            throw new IllegalArgumentException("message length out of range: field=length found=" + length +
                " expected=0.." + (Integer.MAX_VALUE - writeOffset - 2 * RecordDescriptor.ALIGNMENT));
        }
        final int recordLength = length + RecordDescriptor.HEADER_LENGTH;
        buffer.putInt(writeOffset + RecordDescriptor.LENGTH_OFFSET, recordLength);
        buffer.putInt(writeOffset + RecordDescriptor.TYPE_ID_OFFSET, typeId);
        buffer.putBytes(writeOffset + RecordDescriptor.HEADER_LENGTH, source, offset, length);
        writeOffset += RecordDescriptor.alignedLength(recordLength);
        buffer.checkLimit(writeOffset); // whole aligned records: a run's bounds check covers them
        pending++;
        return this;
    }

    /**
     * @return how many messages are in the batch, not yet offered.
     */
    public int pending()
    {
        return pending;
    }

    /**
     * Empties the batch, keeping its buffer.
     */
    public void reset()
    {
        readOffset = 0;
        writeOffset = 0;
        pending = 0;
    }

    DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return the offset of the first pending record (valid while {@link #pending()} is above 0). */
    int readOffset()
    {
        return readOffset;
    }

    /** @return the bytes of the pending records, from {@link #readOffset()}. */
    int pendingLength()
    {
        return writeOffset - readOffset;
    }

    /** The first pending record was offered: it leaves the batch. */
    void offeredFirst()
    {
        offered(RecordDescriptor.alignedLength(buffer.getInt(readOffset + RecordDescriptor.LENGTH_OFFSET)));
    }

    /**
     * The pending records in the first {@code length} bytes were offered: they leave the batch.
     *
     * @param length bytes of whole records from {@link #readOffset()}.
     */
    void offered(final int length)
    {
        final int endOffset = readOffset + length;
        while (readOffset < endOffset)
        {
            readOffset += RecordDescriptor.alignedLength(buffer.getInt(readOffset + RecordDescriptor.LENGTH_OFFSET));
            pending--;
        }
        if (pending == 0)
        {
            reset();
        }
    }
}
