package io.ringway;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

import static io.ringway.RecordDescriptor.*;

/**
 * Turns a dead producer's never-committed claim into padding so that the consumer can pass it
 * (docs/LAYOUT.md, section 7.1). Two cases:
 * <ul>
 *     <li>MPSC: the consumer, after the record at its head has stayed uncommitted for the unblock timeout, applies
 *     {@link #unblockMpsc}: the rules of Agrona's {@code ManyToOneRingBuffer.unblock()}, with two additions: every
 *     value read is bounds-checked, and a zeroed claim that runs to the end of the data area is padded too.</li>
 *     <li>SPSC: the next producer to take the lease, which is then the only writer, walks the committed records from
 *     the head and pads each claim left uncommitted: exactly its length when written, else to the tail
 *     ({@link #repairSpscTail}).
 *     The consumer cannot do this on SPSC: it does not zero what it read, so old bytes beyond the claim look like
 *     records.</li>
 * </ul>
 */
final class DeadClaims
{
    private DeadClaims()
    {
    }

    /**
     * LAYOUT 7.1 (MPSC): unblocks the record at the head when it is claimed but not committed.
     *
     * @param ring         the ring region (data area and trailer).
     * @param capacity     the data area length.
     * @param headPosition the consumer's head.
     * @param tailPosition the producers' tail, as loaded by the caller (acquire).
     * @param path         the channel file, for errors.
     * @return true when a padding record was written at the head.
     * @throws ChannelCorruptedException when the claimed length at the head is impossible.
     */
    static boolean unblockMpsc(
        final UnsafeBuffer ring, final int capacity, final long headPosition, final long tailPosition, final Path path)
    {
        if (tailPosition == headPosition)
        {
            return false;
        }
        if (tailPosition < headPosition || tailPosition - headPosition > capacity)
        {
            throw new ChannelCorruptedException(path, headPosition, "tailPosition", tailPosition,
                "headPosition " + headPosition + " .. headPosition + capacity " + capacity);
        }
        final int mask = capacity - 1;
        final int consumerIndex = (int)headPosition & mask;
        final int producerIndex = (int)tailPosition & mask;
        final int toEnd = capacity - consumerIndex;
        final int length = ring.getIntVolatile(consumerIndex + LENGTH_OFFSET);
        if (length < 0)
        {
            // claimed with its length written, never committed: pad exactly what was claimed
            // -length is bounded before it is aligned: alignedLength(Integer.MAX_VALUE) wraps to a negative int
            // and the padding must end at or before the tail: the unblock never moves the head past the tail
            final long claimable = Math.min(toEnd, tailPosition - headPosition);
            if (length == Integer.MIN_VALUE || -length < HEADER_LENGTH || -length > toEnd ||
                alignedLength(-length) > claimable)
            {
                throw new ChannelCorruptedException(path, headPosition, "length", length,
                    "-" + HEADER_LENGTH + "..-" + claimable + " (a claim inside the data area and before the tail " +
                    tailPosition + ")");
            }
            ring.putInt(consumerIndex + TYPE_ID_OFFSET, PADDING_TYPE_ID);
            // SYNC POINT: pairs with the consumer's own acquire load of length in poll(), which then skips it
            ring.putIntRelease(consumerIndex + LENGTH_OFFSET, -length);
            return true;
        }
        if (length > 0)
        {
            return false;
        }
        // tail moved but not even the length was written: the claim ends at the next non-zero header word. The scan
        // never passes the tail: H + (limit - consumerIndex) <= T in both cases, given H < T <= H + capacity (the
        // caller checks that)
        final boolean tailWrapped = producerIndex <= consumerIndex;
        final int limit = tailWrapped ? capacity : producerIndex;
        for (int index = consumerIndex + ALIGNMENT; index < limit; index += ALIGNMENT)
        {
            if (ring.getIntVolatile(index) != 0)
            {
                if (!stillZeroed(ring, index, consumerIndex))
                {
                    return false;
                }
                writePadding(ring, consumerIndex, index - consumerIndex);
                return true;
            }
        }
        if (tailWrapped)
        {
            // Ringway's addition to Agrona's rule: everything to the end was claimed (the tail is past the wrap) and
            // is still zero, e.g. a producer died between its tail CAS and writing the wrap padding
            writePadding(ring, consumerIndex, toEnd);
            return true;
        }
        return false;
    }

    private static boolean stillZeroed(final UnsafeBuffer ring, final int fromIndex, final int downToIndex)
    {
        for (int index = fromIndex - ALIGNMENT; index >= downToIndex; index -= ALIGNMENT)
        {
            if (ring.getIntVolatile(index) != 0)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * LAYOUT 7.1 (SPSC): called by a producer that just took the SPSC lease, so that no other producer writes. Walks
     * the records from the head to the tail and pads every claim a previous producer left uncommitted: a claim whose
     * length is known (negative) becomes padding of exactly that length and the walk goes on, since the dead producer
     * may have claimed and committed more records after it; a claim whose length was never written (0) can only be
     * the last one, and everything from it to the tail becomes padding.
     *
     * @return the number of dead claims turned into padding (0 when every claimed record was committed).
     * @throws ChannelCorruptedException when a record or the positions are impossible.
     */
    static int repairSpscTail(final UnsafeBuffer ring, final int capacity, final Path path)
    {
        final int mask = capacity - 1;
        // SYNC POINT: pairs with the consumer's release store of headPosition
        final long headPosition = ring.getLongVolatile(capacity + TrailerDescriptor.HEAD_POSITION_OFFSET);
        final long tailPosition = ring.getLongVolatile(capacity + TrailerDescriptor.TAIL_POSITION_OFFSET);
        // head first: with a negative head, tail - head wraps and a far tail would pass the check
        if (headPosition < 0 || tailPosition < headPosition || tailPosition - headPosition > capacity - HEADER_LENGTH ||
            ((tailPosition | headPosition) & (ALIGNMENT - 1)) != 0)
        {
            throw new ChannelCorruptedException(path, tailPosition, "tailPosition", tailPosition,
                "a multiple of " + ALIGNMENT + " in [headPosition " + headPosition + ", headPosition + capacity - 8]");
        }
        int deadClaimCount = 0;
        long position = headPosition;
        while (position < tailPosition)
        {
            final int index = (int)position & mask;
            final int length = ring.getIntVolatile(index + LENGTH_OFFSET);
            if (length == 0)
            {
                // the dead producer moved the tail and died before writing this length, or inside an offer or a run,
                // which store none (LAYOUT 6.1 step 6): the claim's end is unknown, and it was the dead producer's
                // last claim, so it runs to the tail
                padToTail(ring, capacity, position, tailPosition);
                return deadClaimCount + 1;
            }
            // -length and length are bounded by the data area and the tail before they are aligned:
            // alignedLength(Integer.MAX_VALUE) wraps to a negative int and the walk would step backwards
            // (capacity - index is a multiple of 8, so the aligned length stays inside too)
            final long recordLength = Math.abs((long)length);
            // compared as a length: position + length wraps near Long.MAX_VALUE and the walk would never end
            if (recordLength < HEADER_LENGTH || recordLength > capacity - index ||
                alignedLength((int)recordLength) > tailPosition - position)
            {
                throw new ChannelCorruptedException(path, position, "length", length,
                    (length < 0 ? "-" : "") + HEADER_LENGTH + ".." + (length < 0 ? "-" : "") +
                    Math.min(capacity - index, tailPosition - position) +
                    (length < 0 ? " (a claim before the tail)" : " (a committed record before the tail)"));
            }
            if (length < 0)
            {
                // claimed with its length written, never committed: pad exactly that record, then walk on over
                // whatever the dead producer claimed after it (records it committed must not be lost)
                writePadding(ring, index, (int)recordLength);
                deadClaimCount++;
            }
            position += alignedLength((int)recordLength);
        }
        return deadClaimCount;
    }

    /**
     * Pads {@code [position, tailPosition)}, a claim whose length was never written, split at the end of the data
     * area; the part at {@code position}, where the consumer is stopped, is published last.
     */
    private static void padToTail(
        final UnsafeBuffer ring, final int capacity, final long position, final long tailPosition)
    {
        final int mask = capacity - 1;
        // the dead producer may not have pre-zeroed the header at the tail (LAYOUT 6.1 step 5): do it first, so that
        // the consumer stops there once it has passed the padding
        ring.putLong((int)tailPosition & mask, 0L);
        final int index = (int)position & mask;
        final long claimedLength = tailPosition - position;
        final int firstLength = (int)Math.min(claimedLength, capacity - index);
        final int wrappedLength = (int)(claimedLength - firstLength);
        if (wrappedLength > 0)
        {
            writePadding(ring, 0, wrappedLength);
        }
        // last: the record the consumer is stopped at
        writePadding(ring, index, firstLength);
    }

    /**
     * LAYOUT 7.2 (MPSC): run by a consumer that has just taken the lease. When the previous consumer died after
     * storing {@code pendingHeadPosition} and before releasing the head, it had delivered every record up to that
     * position and was zeroing them: finish the zeroing and move the head there, instead of reading a partly zeroed
     * run again. A value that is not a plausible pending head (hostile or stale) is ignored.
     *
     * @return the bytes zeroed, 0 when there was nothing to finish.
     */
    static long finishDeadConsumersZeroing(final UnsafeBuffer ring, final UnsafeBuffer header, final int capacity)
    {
        final int headPositionIndex = capacity + TrailerDescriptor.HEAD_POSITION_OFFSET;
        // SYNC POINT: pairs with the previous consumer's release stores of pendingHeadPosition and headPosition
        final long pendingHeadPosition = header.getLongAcquire(HeaderDescriptor.PENDING_HEAD_POSITION_OFFSET);
        final long headPosition = ring.getLongAcquire(headPositionIndex);
        final long tailPosition = ring.getLongAcquire(capacity + TrailerDescriptor.TAIL_POSITION_OFFSET);
        final int headIndex = (int)headPosition & (capacity - 1);
        if (pendingHeadPosition <= headPosition || pendingHeadPosition > tailPosition ||
            pendingHeadPosition - headPosition > capacity - headIndex ||
            (pendingHeadPosition & (ALIGNMENT - 1)) != 0)
        {
            return 0;
        }
        final int length = (int)(pendingHeadPosition - headPosition);
        ring.setMemory(headIndex, length, (byte)0);
        // SYNC POINT: pairs with the producers' acquire load of headPosition when they claim space
        ring.putLongRelease(headPositionIndex, pendingHeadPosition);
        return length;
    }

    private static void writePadding(final UnsafeBuffer ring, final int index, final int length)
    {
        ring.putInt(index + TYPE_ID_OFFSET, PADDING_TYPE_ID);
        // SYNC POINT: pairs with the consumer's acquire load of length in poll(), which then skips the padding
        ring.putIntRelease(index + LENGTH_OFFSET, length);
    }
}
