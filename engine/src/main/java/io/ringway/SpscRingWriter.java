package io.ringway;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

import static io.ringway.RecordDescriptor.*;

/**
 * The SPSC producer's claim: LAYOUT.md 6.1 steps 1 to 5, with the store orders of Agrona's
 * {@code OneToOneRingBuffer} (release of the tail; 8 bytes always stay free for the pre-zeroed next header). The record
 * itself is written by {@link RingWriter#write}.
 */
final class SpscRingWriter extends RingWriter
{
    /**
     * @param path       the channel file, for errors.
     * @param ringRegion the data area and trailer of a channel mapping.
     * @param capacity   the data area's length, a power of two.
     */
    SpscRingWriter(final Path path, final UnsafeBuffer ringRegion, final int capacity)
    {
        super(path, ringRegion, capacity);
    }

    /** Step 5: pre-zeroes the next header, at {@code nextHeaderIndex}, before the commit. */
    private void zeroNextHeader(final int nextHeaderIndex)
    {
        UnsafeApi.putLong(MAPPED_FILE, ringAddress + nextHeaderIndex, 0L);
    }

    /**
     * LAYOUT 6.1 "Touch ahead": stores one zero word at the start of the cache line after the one holding the next
     * header's end, when that word is free space before the end of the data area (below the head cache plus the
     * capacity, so never an unread record), so that the next claim's step 5 stores to a line this producer owns.
     * Plain: the word is free space no reader reads. Only with a head cache this handle checked or stored (LAYOUT 11:
     * one a stray write changed since, say between a claim and its commit, may lie beyond the head) that is not beyond
     * the tail (a tail a stray write moved behind the head, where every claim refuses, LAYOUT 11).
     */
    @Override
    void touchAhead()
    {
        // plain: only this producer writes the tail and, on SPSC, the head cache
        final long tailPosition = UnsafeApi.getLong(MAPPED_FILE, tailPositionAddress);
        final long headCachePosition = UnsafeApi.getLong(MAPPED_FILE, headCachePositionAddress);
        if (headCachePosition != headCacheSeenPosition || headCachePosition > tailPosition)
        {
            return;
        }
        final long touchPosition = (tailPosition + HEADER_LENGTH + CACHE_LINE_LENGTH - 1) & -CACHE_LINE_LENGTH;
        final long touchEndPosition = touchPosition + HEADER_LENGTH;
        if (touchEndPosition <= tailPosition - (tailPosition & mask) + capacity &&
            touchEndPosition <= headCachePosition + capacity)
        {
            UnsafeApi.putLong(MAPPED_FILE, ringAddress + ((int)touchPosition & mask), 0L);
        }
    }

    /**
     * LAYOUT 6.1 steps 1 to 5 without step 6: an offer's length reads the 0 that the claim before it pre-zeroed until
     * its commit, as the first record of a run does ({@link #writeRun}). The negative length was one more store into
     * the line the consumer spins on (docs/LAYOUT.md 6.1 step 6 has the measurements); a claim of {@code tryClaim}
     * still stores it.
     */
    @Override
    int claimForOffer(final int recordLength)
    {
        return claim(alignedLength(recordLength));
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
        final long tailPosition = UnsafeApi.getLong(MAPPED_FILE, tailPositionAddress);
        checkTailAlignment(tailPosition);
        long headPosition = checkedHeadCache(UnsafeApi.getLong(MAPPED_FILE, headCachePositionAddress));
        if (requiredLength > availableLength(tailPosition, headPosition))
        {
            // SYNC POINT: pairs with the consumer's release store of headPosition in poll
            headPosition = UnsafeApi.getLongVolatile(MAPPED_FILE, headPositionAddress);
            if (requiredLength > availableLength(tailPosition, headPosition))
            {
                return INSUFFICIENT_CAPACITY;
            }
            storeHeadCache(headPosition, false);
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
            UnsafeApi.putLongRelease(MAPPED_FILE, tailPositionAddress, newTailPosition);
            zeroNextHeader(0);
            return recordIndex;
        }
        if (requiredLength > toEndLength)
        {
            writeIndex = wrapIndex(headPosition, requiredLength, false);
            paddingLength = toEndLength;
            newTailPosition = (writeIndex == INSUFFICIENT_CAPACITY ? tailPosition : newTailPosition) + paddingLength;
        }

        // step 5a, decided before step 3 stores the tail past the padding; the head the claim holds is the cache it
        // checked or stored in steps 1 and 2
        final boolean linePadded = writeIndex != INSUFFICIENT_CAPACITY &&
            isLineStartPaddingDue(newTailPosition, headCacheSeenPosition);
        if (linePadded)
        {
            newTailPosition += LINE_START_PADDING_LENGTH;
        }

        // step 3
        UnsafeApi.putLongRelease(MAPPED_FILE, tailPositionAddress, newTailPosition);

        // step 4
        if (paddingLength != 0)
        {
            zeroNextHeader(0); // index 0 of the next lap
            publishPadding(recordIndex, paddingLength);
        }

        // steps 5 and 5a: 8 bytes always stay free, so the next header, at the new tail, is inside the data area
        if (writeIndex != INSUFFICIENT_CAPACITY)
        {
            if (linePadded)
            {
                writeLineStartPadding(writeIndex + alignedLength);
            }
            zeroNextHeader((int)newTailPosition & mask);
        }
        return writeIndex;
    }

    /**
     * LAYOUT 6.1 step 5a: a claim ending at {@code newTailPosition} 8 bytes before the end of a cache line is followed
     * by line-start padding when the head it holds leaves room for it and the next header, {@code newTail - head <= C -
     * 16} compared unsigned (a head a stray write moved beyond the new tail gives no padding; no sum overflows).
     */
    private boolean isLineStartPaddingDue(final long newTailPosition, final long headPosition)
    {
        return isLineStartPaddingIndex((int)newTailPosition) &&
            Long.compareUnsigned(newTailPosition - headPosition,
            capacity - (LINE_START_PADDING_LENGTH + HEADER_LENGTH)) <= 0;
    }

    /**
     * LAYOUT 6.1 step 5a: the padding record (type id, then length; plain) at {@code index}, inside the claim: no reader
     * reaches it before it acquires the commit that follows.
     */
    private void writeLineStartPadding(final int index)
    {
        UnsafeApi.putInt(MAPPED_FILE, ringAddress + index + TYPE_ID_OFFSET, PADDING_TYPE_ID);
        UnsafeApi.putInt(MAPPED_FILE, ringAddress + index + LENGTH_OFFSET, LINE_START_PADDING_LENGTH);
    }

    /**
     * LAYOUT 6.1 "Runs": writes the longest prefix of the records in {@code source[offset, offset + runLength)} that
     * fits at the tail before the end of the data area, with one claim (one tail store, one pre-zeroed next header)
     * and one commit: everything but the first record's length is copied, then that length is stored (release). Until
     * then the first header reads 0 (pre-zeroed by the claim before it), so no reader passes it.
     *
     * @param source    records in the format of LAYOUT 5, each checked by the caller (type id, length).
     * @param offset    where the first record starts in {@code source}.
     * @param runLength bytes of whole records from {@code offset}, a multiple of 8.
     * @return bytes of whole records written: 0 when the first one does not fit before the end of the data area (it
     *         needs the wrap of {@link #claim}) or the ring has no room for it.
     */
    @Override
    int writeRun(final DirectBuffer source, final int offset, final int runLength)
    {
        // checked once here: every record read below lies in [offset, offset + runLength) (benchmarks/README.md,
        // "Bounds checks", for why not per access)
        source.boundsCheck(offset, runLength);
        final Object sourceObject = source.byteArray();
        final long sourceAddress = source.addressOffset() + offset;
        final long tailPosition = UnsafeApi.getLong(MAPPED_FILE, tailPositionAddress);
        checkTailAlignment(tailPosition);
        final int recordIndex = (int)tailPosition & mask;
        final int toEndLength = capacity - recordIndex;
        // the records that fit before the end of the data area (the one that would cross it needs the wrap of claim)
        int length = prefixLength(sourceObject, sourceAddress, runLength, toEndLength);
        // step 1 for those: 8 bytes stay free for the pre-zeroed next header; the head is loaded only when the cache
        // is too old for them, and stored in the cache only when it lets more of the run in (the cache an offer would
        // leave), as MpscRingWriter.writeRun does
        final long cachedFreeLength = availableLength(tailPosition,
            checkedHeadCache(UnsafeApi.getLong(MAPPED_FILE, headCachePositionAddress))) - HEADER_LENGTH;
        if (length > cachedFreeLength)
        {
            // SYNC POINT: pairs with the consumer's release store of headPosition in poll
            final long headPosition = UnsafeApi.getLongVolatile(MAPPED_FILE, headPositionAddress);
            length = prefixLength(sourceObject, sourceAddress, length,
                availableLength(tailPosition, headPosition) - HEADER_LENGTH);
            if (length > cachedFreeLength)
            {
                storeHeadCache(headPosition, false);
            }
        }
        if (length == 0)
        {
            return 0; // the first record needs the wrap, or the ring is full for it: its own claim decides
        }

        // steps 3, 5 and 5a (line-start padding after the run's end only; the head it holds is the cache it checked
        // or stored): records are multiples of 8, so a run short of the end leaves its next header inside
        final boolean linePadded = isLineStartPaddingDue(tailPosition + length, headCacheSeenPosition);
        final long newTailPosition = tailPosition + length + (linePadded ? LINE_START_PADDING_LENGTH : 0);
        UnsafeApi.putLongRelease(MAPPED_FILE, tailPositionAddress, newTailPosition);
        if (linePadded)
        {
            writeLineStartPadding(recordIndex + length);
        }
        zeroNextHeader((int)newTailPosition & mask);

        // steps 6 and 7 for the run: no negative length (the first header stays 0 until the commit)
        copyRunAndCommit(sourceObject, sourceAddress, recordIndex, length);
        return length;
    }
}
