package io.ringway.testing;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The conformance traffic of docs/CONFORMANCE.md, shared by every cross-process test in every language: each producer
 * sends sequence-numbered messages of varying length, then an end message with the count and an FNV-1a checksum of
 * every body it sent.
 *
 * <pre>
 *  SEQUENCE (typeId 1): int64 producerId | int64 sequence | filler: (sequence % 41) bytes, byte i = (byte)(sequence + i)
 *  END      (typeId 2): int64 producerId | int64 count    | int64 checksum
 * </pre>
 */
public final class SequenceProtocol
{
    public static final int SEQUENCE_TYPE_ID = 1;
    public static final int END_TYPE_ID = 2;
    public static final int PRODUCER_ID_OFFSET = 0;
    public static final int SEQUENCE_OFFSET = 8;
    public static final int FILLER_OFFSET = 16;
    public static final int COUNT_OFFSET = 8;
    public static final int CHECKSUM_OFFSET = 16;
    public static final int END_LENGTH = 24;
    public static final int FILLER_MODULUS = 41;
    /** Largest SEQUENCE body: needs a channel capacity of at least 512 (maxMessageLength = capacity / 8). */
    public static final int MAX_SEQUENCE_LENGTH = FILLER_OFFSET + FILLER_MODULUS - 1;

    public static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    public static final long FNV_PRIME = 0x100000001b3L;

    private SequenceProtocol()
    {
    }

    /**
     * @param sequence a sequence number.
     * @return the body length of that SEQUENCE message.
     */
    public static int sequenceLength(final long sequence)
    {
        return FILLER_OFFSET + (int)(sequence % FILLER_MODULUS);
    }

    /**
     * Writes a SEQUENCE body.
     *
     * @return its length.
     */
    public static int encodeSequence(
        final MutableDirectBuffer buffer, final int index, final long producerId, final long sequence)
    {
        final int length = sequenceLength(sequence);
        buffer.putLong(index + PRODUCER_ID_OFFSET, producerId);
        buffer.putLong(index + SEQUENCE_OFFSET, sequence);
        for (int i = FILLER_OFFSET; i < length; i++)
        {
            buffer.putByte(index + i, (byte)(sequence + (i - FILLER_OFFSET)));
        }
        return length;
    }

    /**
     * Writes an END body.
     *
     * @return its length.
     */
    public static int encodeEnd(
        final MutableDirectBuffer buffer, final int index, final long producerId, final long count, final long checksum)
    {
        buffer.putLong(index + PRODUCER_ID_OFFSET, producerId);
        buffer.putLong(index + COUNT_OFFSET, count);
        buffer.putLong(index + CHECKSUM_OFFSET, checksum);
        return END_LENGTH;
    }

    /**
     * @param checksum the running checksum (start with {@link #FNV_OFFSET_BASIS}).
     * @return the checksum continued over {@code length} bytes of the buffer (FNV-1a, 64 bit).
     */
    public static long checksum(final long checksum, final DirectBuffer buffer, final int index, final int length)
    {
        long hash = checksum;
        for (int i = 0; i < length; i++)
        {
            hash ^= buffer.getByte(index + i) & 0xFF;
            hash *= FNV_PRIME;
        }
        return hash;
    }
}
