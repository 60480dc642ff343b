package io.ringway;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.lang.invoke.VarHandle;

import static io.ringway.RecordDescriptor.*;

/**
 * The SPSC producer's {@code offer}: LAYOUT.md 6.1 steps 1 to 7, with the store orders of Agrona's
 * {@code OneToOneRingBuffer.write} (release of the tail, release and release fence after the negative length), so that
 * the bytes and their order are those of the Agrona ring the other calls ({@code tryClaim}, MPSC) still delegate to.
 *
 * <p>Our own code rather than Agrona's for one measured reason: Agrona checks the bounds of every access (some dozen per
 * message), and with those checks switched off ({@code -Dagrona.disable.bounds.checks=true}) the Java ping-pong round
 * trip fell from about 220 to 180 ns, interleaved, 8 rounds (benchmarks/README.md, "Bounds checks"). Here the ring
 * region is bounds-checked once, at construction, and every index below lies in it by construction: record indexes are
 * multiples of 8 below the capacity, 8 bytes always stay free (so a header at {@code index + alignedLength} is inside),
 * and the source is checked against its own capacity before the copy.
 */
final class SpscRingWriter
{
    /** Returned by {@link #claim} when the ring has no room. */
    static final int INSUFFICIENT_CAPACITY = RingBuffer.INSUFFICIENT_CAPACITY;

    private final Object ringObject;
    private final long ringAddress;
    private final int capacity;
    private final int mask;
    private final long tailPositionAddress;
    private final long headCachePositionAddress;
    private final long headPositionAddress;

    /**
     * @param ringRegion the data area and trailer of a channel mapping.
     * @param capacity   the data area's length, a power of two.
     */
    SpscRingWriter(final UnsafeBuffer ringRegion, final int capacity)
    {
        ringRegion.boundsCheck(0, capacity + TrailerDescriptor.TRAILER_LENGTH);
        this.ringObject = ringRegion.byteArray();
        this.ringAddress = ringRegion.addressOffset();
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.tailPositionAddress = ringAddress + capacity + TrailerDescriptor.TAIL_POSITION_OFFSET;
        this.headCachePositionAddress = ringAddress + capacity + TrailerDescriptor.HEAD_CACHE_POSITION_OFFSET;
        this.headPositionAddress = ringAddress + capacity + TrailerDescriptor.HEAD_POSITION_OFFSET;
    }

    /**
     * Copies one message in and commits it (steps 6 and 7), or writes nothing but wrap padding when the ring is full.
     * The caller has checked the type id and the length against maxMessageLength, and the head cache (LAYOUT 11).
     *
     * @return true when written; false when the ring is full.
     */
    boolean write(final int typeId, final DirectBuffer source, final int offset, final int length)
    {
        source.boundsCheck(offset, length);
        final int recordLength = length + HEADER_LENGTH;
        final int writeIndex = claim(alignedLength(recordLength));
        if (writeIndex == INSUFFICIENT_CAPACITY)
        {
            return false;
        }
        final long recordAddress = ringAddress + writeIndex;
        UnsafeApi.putIntRelease(ringObject, recordAddress + LENGTH_OFFSET, -recordLength);
        VarHandle.releaseFence();
        UnsafeApi.copyMemory(source.byteArray(), source.addressOffset() + offset, ringObject,
            recordAddress + HEADER_LENGTH, length);
        UnsafeApi.putInt(ringObject, recordAddress + TYPE_ID_OFFSET, typeId);
        // SYNC POINT: the commit; pairs with the consumer's acquire load of the length
        UnsafeApi.putIntRelease(ringObject, recordAddress + LENGTH_OFFSET, recordLength);
        return true;
    }

    /**
     * LAYOUT 6.1 steps 1 to 5.
     *
     * @return the record index, or {@link #INSUFFICIENT_CAPACITY} (after publishing any wrap padding).
     */
    private int claim(final int alignedLength)
    {
        final int requiredLength = alignedLength + HEADER_LENGTH;
        // step 1
        long headPosition = UnsafeApi.getLong(ringObject, headCachePositionAddress);
        final long tailPosition = UnsafeApi.getLong(ringObject, tailPositionAddress);
        if (requiredLength > capacity - (int)(tailPosition - headPosition))
        {
            // SYNC POINT: pairs with the consumer's release store of headPosition in poll
            headPosition = UnsafeApi.getLongVolatile(ringObject, headPositionAddress);
            if (requiredLength > capacity - (int)(tailPosition - headPosition))
            {
                return INSUFFICIENT_CAPACITY;
            }
            UnsafeApi.putLong(ringObject, headCachePositionAddress, headPosition);
        }

        // step 2
        final int recordIndex = (int)tailPosition & mask;
        final int toEndLength = capacity - recordIndex;
        int writeIndex = recordIndex;
        int paddingLength = 0;
        long newTailPosition = tailPosition + alignedLength;
        if (alignedLength == toEndLength)
        {
            // exact fit at the end of the data area
            UnsafeApi.putLongRelease(ringObject, tailPositionAddress, newTailPosition);
            UnsafeApi.putLong(ringObject, ringAddress, 0L);
            return recordIndex;
        }
        if (requiredLength > toEndLength)
        {
            writeIndex = 0;
            int headIndex = (int)headPosition & mask;
            if (requiredLength > headIndex)
            {
                // SYNC POINT: pairs with the consumer's release store of headPosition in poll
                headPosition = UnsafeApi.getLongVolatile(ringObject, headPositionAddress);
                headIndex = (int)headPosition & mask;
                if (requiredLength > headIndex)
                {
                    // the claim fails, but the padding to the end is still published
                    writeIndex = INSUFFICIENT_CAPACITY;
                    newTailPosition = tailPosition;
                }
                UnsafeApi.putLong(ringObject, headCachePositionAddress, headPosition);
            }
            paddingLength = toEndLength;
            newTailPosition += paddingLength;
        }

        // step 3
        UnsafeApi.putLongRelease(ringObject, tailPositionAddress, newTailPosition);

        // step 4
        if (paddingLength != 0)
        {
            final long paddingAddress = ringAddress + recordIndex;
            UnsafeApi.putLong(ringObject, ringAddress, 0L);
            UnsafeApi.putIntRelease(ringObject, paddingAddress + LENGTH_OFFSET, -paddingLength);
            VarHandle.releaseFence();
            UnsafeApi.putInt(ringObject, paddingAddress + TYPE_ID_OFFSET, PADDING_TYPE_ID);
            UnsafeApi.putIntRelease(ringObject, paddingAddress + LENGTH_OFFSET, paddingLength);
        }

        // step 5: 8 bytes always stay free, so this header is inside the data area
        if (writeIndex != INSUFFICIENT_CAPACITY)
        {
            UnsafeApi.putLong(ringObject, ringAddress + writeIndex + alignedLength, 0L);
        }
        return writeIndex;
    }
}
