package io.ringway;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The MPSC producer's claim: LAYOUT.md 6.2 steps 1 to 3, with the store orders of Agrona's
 * {@code ManyToOneRingBuffer}: a CAS loop on the tail, safe against producers in any thread or process; the ring may
 * fill completely, since the consumer zeroes what it consumed. Steps 0 and 5 (the claim floor) are the caller's
 * (ProducerSlot), the head cache check of LAYOUT 11 too; the record itself is written by {@link RingWriter#write}. The
 * available length is {@link RingWriter#availableLength}.
 */
final class MpscRingWriter extends RingWriter
{
    /**
     * @param ringRegion the data area and trailer of a channel mapping.
     * @param capacity   the data area's length, a power of two.
     */
    MpscRingWriter(final UnsafeBuffer ringRegion, final int capacity)
    {
        super(ringRegion, capacity);
    }

    @Override
    int claim(final int alignedLength)
    {
        // step 1; SYNC POINT: pairs with other producers' release stores of headCachePosition
        long headPosition = UnsafeApi.getLongVolatile(ringObject, headCachePositionAddress);
        long tailPosition;
        int tailIndex;
        int writeIndex;
        int paddingLength;
        long newTailPosition;
        do
        {
            // step 2.1; SYNC POINT: pairs with the CAS of tailPosition by other producers
            tailPosition = UnsafeApi.getLongVolatile(ringObject, tailPositionAddress);
            if (alignedLength > availableLength(tailPosition, headPosition))
            {
                // SYNC POINT: pairs with the consumer's release store of headPosition in poll
                headPosition = UnsafeApi.getLongVolatile(ringObject, headPositionAddress);
                if (alignedLength > availableLength(tailPosition, headPosition))
                {
                    return INSUFFICIENT_CAPACITY;
                }
                UnsafeApi.putLongRelease(ringObject, headCachePositionAddress, headPosition);
            }

            // step 2.2
            tailIndex = (int)tailPosition & mask;
            final int toEndLength = capacity - tailIndex;
            writeIndex = tailIndex;
            paddingLength = 0;
            newTailPosition = tailPosition + alignedLength;

            // step 2.3
            if (alignedLength > toEndLength)
            {
                writeIndex = wrapIndex(headPosition, alignedLength, true);
                paddingLength = toEndLength;
                newTailPosition =
                    (writeIndex == INSUFFICIENT_CAPACITY ? tailPosition : newTailPosition) + paddingLength;
            }
        }
        // step 2.4; SYNC POINT: pairs with other producers' and the consumer's acquire loads of tailPosition
        while (!UnsafeApi.compareAndSetLong(ringObject, tailPositionAddress, tailPosition, newTailPosition));

        // step 3
        if (paddingLength != 0)
        {
            publishPadding(tailIndex, paddingLength);
        }
        return writeIndex;
    }
}
