package io.ringway;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import static io.ringway.RecordDescriptor.*;

/**
 * The SPSC producer's claim: LAYOUT.md 6.1 steps 1 to 5, with the store orders of Agrona's
 * {@code OneToOneRingBuffer} (release of the tail; 8 bytes always stay free for the pre-zeroed next header). The record
 * itself is written by {@link RingWriter#write}.
 */
final class SpscRingWriter extends RingWriter
{
    /**
     * @param ringRegion the data area and trailer of a channel mapping.
     * @param capacity   the data area's length, a power of two.
     */
    SpscRingWriter(final UnsafeBuffer ringRegion, final int capacity)
    {
        super(ringRegion, capacity);
    }

    /**
     * LAYOUT 6.1 steps 1 to 5.
     *
     * @return the record index, or {@link #INSUFFICIENT_CAPACITY} (after publishing any wrap padding).
     */
    @Override
    int claim(final int alignedLength)
    {
        final int requiredLength = alignedLength + HEADER_LENGTH;
        // step 1
        long headPosition = UnsafeApi.getLong(ringObject, headCachePositionAddress);
        final long tailPosition = UnsafeApi.getLong(ringObject, tailPositionAddress);
        if (requiredLength > availableLength(tailPosition, headPosition))
        {
            // SYNC POINT: pairs with the consumer's release store of headPosition in poll
            headPosition = UnsafeApi.getLongVolatile(ringObject, headPositionAddress);
            if (requiredLength > availableLength(tailPosition, headPosition))
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
            writeIndex = wrapIndex(headPosition, requiredLength, false);
            paddingLength = toEndLength;
            newTailPosition = (writeIndex == INSUFFICIENT_CAPACITY ? tailPosition : newTailPosition) + paddingLength;
        }

        // step 3
        UnsafeApi.putLongRelease(ringObject, tailPositionAddress, newTailPosition);

        // step 4
        if (paddingLength != 0)
        {
            UnsafeApi.putLong(ringObject, ringAddress, 0L);
            publishPadding(recordIndex, paddingLength);
        }

        // step 5: 8 bytes always stay free, so this header is inside the data area
        if (writeIndex != INSUFFICIENT_CAPACITY)
        {
            UnsafeApi.putLong(ringObject, ringAddress + writeIndex + alignedLength, 0L);
        }
        return writeIndex;
    }
}
