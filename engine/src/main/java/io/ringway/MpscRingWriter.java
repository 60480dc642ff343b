package io.ringway;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.VarHandle;
import java.nio.file.Path;

import static io.ringway.RecordDescriptor.*;

/**
 * The MPSC producer's claim: LAYOUT.md 6.2 steps 1 to 3, with the store orders of Agrona's
 * {@code ManyToOneRingBuffer}: a CAS loop on the tail, safe against producers in any thread or process; the ring may
 * fill completely, since the consumer zeroes what it consumed. Steps 0 and 5 (the claim floor) are the caller's
 * (ProducerSlot); step 1 checks the head cache (LAYOUT 11); the record itself is written by {@link RingWriter#write}. The
 * available length is {@link RingWriter#availableLength}.
 */
final class MpscRingWriter extends RingWriter
{
    /**
     * @param path       the channel file, for errors.
     * @param ringRegion the data area and trailer of a channel mapping.
     * @param capacity   the data area's length, a power of two.
     */
    MpscRingWriter(final Path path, final UnsafeBuffer ringRegion, final int capacity)
    {
        super(path, ringRegion, capacity);
    }

    @Override
    int claim(final int alignedLength)
    {
        // step 1; SYNC POINT: pairs with other producers' release stores of headCachePosition
        long headPosition = checkedHeadCache(UnsafeApi.getLongVolatile(MAPPED_FILE, headCachePositionAddress));
        long tailPosition;
        int tailIndex;
        int writeIndex;
        int paddingLength;
        long newTailPosition;
        do
        {
            // step 2.1; SYNC POINT: pairs with the CAS of tailPosition by other producers
            tailPosition = UnsafeApi.getLongVolatile(MAPPED_FILE, tailPositionAddress);
            checkTailAlignment(tailPosition);
            if (alignedLength > availableLength(tailPosition, headPosition))
            {
                // SYNC POINT: pairs with the consumer's release store of headPosition in poll
                headPosition = UnsafeApi.getLongVolatile(MAPPED_FILE, headPositionAddress);
                if (alignedLength > availableLength(tailPosition, headPosition))
                {
                    return INSUFFICIENT_CAPACITY;
                }
                storeHeadCache(headPosition, true);
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
        while (!UnsafeApi.compareAndSetLong(MAPPED_FILE, tailPositionAddress, tailPosition, newTailPosition));

        // step 3
        if (paddingLength != 0)
        {
            publishPadding(tailIndex, paddingLength);
        }
        return writeIndex;
    }

    /**
     * LAYOUT 6.2 "Runs": steps 1 and 2 for the records that fit before the end of the data area, one CAS of the tail,
     * the negative length of the whole run (release, then a release fence), the records, the commit. Steps 0 and 5
     * (the claim floor) are the caller's.
     */
    @Override
    int writeRun(final DirectBuffer source, final int offset, final int runLength)
    {
        // checked once here: every record read below lies in [offset, offset + runLength)
        source.boundsCheck(offset, runLength);
        final Object sourceObject = source.byteArray();
        final long sourceAddress = source.addressOffset() + offset;
        // step 1; SYNC POINT: pairs with other producers' release stores of headCachePosition
        long headPosition = checkedHeadCache(UnsafeApi.getLongVolatile(MAPPED_FILE, headCachePositionAddress));
        long tailPosition;
        int length;
        do
        {
            // step 2.1 for the run; SYNC POINT: pairs with the CAS of tailPosition by other producers
            tailPosition = UnsafeApi.getLongVolatile(MAPPED_FILE, tailPositionAddress);
            checkTailAlignment(tailPosition);
            length = prefixLength(sourceObject, sourceAddress, runLength, capacity - ((int)tailPosition & mask));
            final long cachedFreeLength = availableLength(tailPosition, headPosition);
            if (length > cachedFreeLength)
            {
                // SYNC POINT: pairs with the consumer's release store of headPosition in poll
                final long freshHeadPosition = UnsafeApi.getLongVolatile(MAPPED_FILE, headPositionAddress);
                length = prefixLength(sourceObject, sourceAddress, length,
                    availableLength(tailPosition, freshHeadPosition));
                if (length > cachedFreeLength)
                {
                    // stored when it lets more of the run in, as step 2.1 stores it for a claim that then succeeds
                    storeHeadCache(freshHeadPosition, true);
                }
                headPosition = freshHeadPosition;
            }
            if (length == 0)
            {
                return 0; // the first record needs the wrap, or the ring is full for it: its own claim decides
            }
        }
        // step 2.4; SYNC POINT: pairs with other producers' and the consumer's acquire loads of tailPosition
        while (!UnsafeApi.compareAndSetLong(MAPPED_FILE, tailPositionAddress, tailPosition, tailPosition + length));

        // the run's negative length; SYNC POINT: the records' stores stay after it (the unblock scan, LAYOUT 7.1)
        final int recordIndex = (int)tailPosition & mask;
        UnsafeApi.putIntRelease(MAPPED_FILE, ringAddress + recordIndex + LENGTH_OFFSET, -length);
        VarHandle.releaseFence();
        copyRunAndCommit(sourceObject, sourceAddress, recordIndex, length);
        return length;
    }
}
