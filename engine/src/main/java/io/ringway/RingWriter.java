package io.ringway;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.lang.invoke.VarHandle;
import java.nio.file.Path;

import static io.ringway.RecordDescriptor.*;

/**
 * The producer's {@code offer}: a claim (LAYOUT.md 6.1 for SPSC, 6.2 for MPSC), then steps 6 and 7, with the store
 * orders of Agrona's {@code OneToOneRingBuffer.write} and {@code ManyToOneRingBuffer.write} (release and release fence
 * after the negative length, release of the length), so that the bytes and their order are those of the Agrona rings
 * whose {@code commit} and {@code abort} end a {@link #tryClaim} (AgronaOracleTest compares them byte for byte).
 *
 * <p>Our own code rather than Agrona's for one measured reason: Agrona checks the bounds of every access (some dozen per
 * message), and with those checks switched off ({@code -Dagrona.disable.bounds.checks=true}) the Java ping-pong round
 * trip fell from about 220 to 180 ns, interleaved, 8 rounds (benchmarks/README.md, "Bounds checks"). Here the ring
 * region is bounds-checked once, at construction, and every index below lies in it by construction: record indexes are
 * multiples of 8 below the capacity, a record never runs past the end of the data area, and the source is checked
 * against its own capacity before the copy.
 */
abstract class RingWriter
{
    /** Returned by {@link #claim} when the ring has no room. */
    static final int INSUFFICIENT_CAPACITY = RingBuffer.INSUFFICIENT_CAPACITY;

    /**
     * The base object of every access to the ring: null, since the ring is always the mapped channel file (checked at
     * construction). A constant rather than the region's {@code byteArray()} in a field: after each raw store the JIT
     * reloaded that field and tested it for null before the next access, about ten instructions an offer.
     */
    static final Object MAPPED_FILE = null;

    final Path path;
    final long ringAddress;
    final int capacity;
    final int mask;
    final long tailPositionAddress;
    final long headCachePositionAddress;
    final long headPositionAddress;
    /** The headCachePosition this handle last checked or stored (LAYOUT 11). */
    long headCacheSeenPosition = Long.MIN_VALUE;

    /**
     * @param path       the channel file, for errors.
     * @param ringRegion the data area and trailer of a channel mapping.
     * @param capacity   the data area's length, a power of two.
     */
    RingWriter(final Path path, final UnsafeBuffer ringRegion, final int capacity)
    {
        ringRegion.boundsCheck(0, capacity + TrailerDescriptor.TRAILER_LENGTH);
        requireMappedFile(path, "ringRegion", ringRegion);
        this.path = path;
        this.ringAddress = ringRegion.addressOffset();
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.tailPositionAddress = ringAddress + capacity + TrailerDescriptor.TAIL_POSITION_OFFSET;
        this.headCachePositionAddress = ringAddress + capacity + TrailerDescriptor.HEAD_CACHE_POSITION_OFFSET;
        this.headPositionAddress = ringAddress + capacity + TrailerDescriptor.HEAD_POSITION_OFFSET;
    }

    /**
     * The condition for accessing {@code buffer} through {@link #MAPPED_FILE}: it lies off the Java heap, as the
     * channel's mapping always does.
     *
     * @throws IllegalArgumentException naming the file and the field when {@code buffer} wraps a byte array.
     */
    static void requireMappedFile(final Path path, final String field, final DirectBuffer buffer)
    {
        if (buffer.byteArray() != null)
        {
            throw new IllegalArgumentException("buffer on the Java heap: file=" + path + " field=" + field +
                " found=a byte array expected=the mapped file");
        }
    }

    /**
     * @param kind       the channel's ring kind.
     * @param path       the channel file, for errors.
     * @param ringRegion the data area and trailer of a channel mapping.
     * @param capacity   the data area's length, a power of two.
     * @return the writer of that kind.
     */
    static RingWriter of(final RingKind kind, final Path path, final UnsafeBuffer ringRegion, final int capacity)
    {
        return kind == RingKind.SPSC ?
            new SpscRingWriter(path, ringRegion, capacity) : new MpscRingWriter(path, ringRegion, capacity);
    }

    /**
     * LAYOUT 11: a claim refuses a tail that is not a multiple of 8, which no producer stores (a stray write), before
     * it writes anything: a record there would be misaligned (an atomic access to it faults on arm64) and out of step
     * with every record the consumer reads. The same check as ringway.h's claims and Go's claimCorruptTail.
     *
     * @throws ChannelCorruptedException naming tailPosition, the value found and the value expected.
     */
    final void checkTailAlignment(final long tailPosition)
    {
        if ((tailPosition & (ALIGNMENT - 1)) != 0)
        {
            throw new ChannelCorruptedException(path, tailPosition, "tailPosition", tailPosition,
                "a multiple of " + ALIGNMENT);
        }
    }

    /**
     * LAYOUT 11, in each claim's step 1: headCachePosition is untrusted. A value this handle did not see before
     * (another producer's refresh, or a stray write) is checked once against headPosition, and a cache beyond the
     * head, which would let the claim overwrite unread records, is replaced by the head. A value a producer
     * legitimately stores is a head it loaded, never beyond a head loaded after it. The same check as
     * ringway_checked_head_cache_ in C and checkedHeadCache in Go; like them, folded into the claim's own load of the
     * cache, so that a claim with a cache it has seen costs one compare (a check before the claim with a load of its
     * own, and a load and store after it to remember the cache, cost about 1 ns a message single-threaded:
     * benchmarks/README.md, "The head cache check inside the claim").
     *
     * @param headCachePosition the cache as the claim loaded it.
     * @return the cache to claim with.
     */
    final long checkedHeadCache(final long headCachePosition)
    {
        if (headCachePosition == headCacheSeenPosition)
        {
            return headCachePosition;
        }
        // SYNC POINT: pairs with the consumer's release store of headPosition in poll
        final long headPosition = UnsafeApi.getLongVolatile(MAPPED_FILE, headPositionAddress);
        if (headCachePosition > headPosition)
        {
            storeHeadCache(headPosition, true);
            return headPosition;
        }
        headCacheSeenPosition = headCachePosition;
        return headCachePosition;
    }

    /**
     * Stores headCachePosition (release for MPSC, whose producers share it; plain for SPSC, whose producer alone writes
     * it) and remembers it as a value this handle has seen.
     */
    final void storeHeadCache(final long headPosition, final boolean release)
    {
        if (release)
        {
            UnsafeApi.putLongRelease(MAPPED_FILE, headCachePositionAddress, headPosition);
        }
        else
        {
            UnsafeApi.putLong(MAPPED_FILE, headCachePositionAddress, headPosition);
        }
        headCacheSeenPosition = headPosition;
    }

    /**
     * LAYOUT 6.1 "Touch ahead", after a commit (offer, run, commit of a claim) and its wake check, an abort, or a
     * refused claim: nothing here; the SPSC writer stores a zero word in the cache line after its next header's.
     */
    void touchAhead()
    {
    }

    /**
     * Copies one message in and commits it (steps 6, where the ring kind stores a negative length for an offer, and 7),
     * or writes nothing but wrap padding when the ring is full. The caller has checked the type id and the length
     * against maxMessageLength; the claim checks the head cache (LAYOUT 11).
     *
     * @return true when written; false when the ring is full.
     */
    final boolean write(final int typeId, final DirectBuffer source, final int offset, final int length)
    {
        source.boundsCheck(offset, length);
        // read before the claim, so that no code of the caller (a DirectBuffer may be any class) runs between the
        // claim and the commit: an SPSC offer stores no negative length (LAYOUT 6.1 step 6), and a claim left open by
        // an exception would otherwise read 0 with later records committed after it
        final Object sourceObject = source.byteArray();
        final long sourceAddress = source.addressOffset() + offset;
        final int recordLength = length + HEADER_LENGTH;
        final int recordIndex = claimForOffer(recordLength);
        if (recordIndex == INSUFFICIENT_CAPACITY)
        {
            return false;
        }
        final long recordAddress = ringAddress + recordIndex;
        UnsafeApi.copyMemory(sourceObject, sourceAddress, MAPPED_FILE, recordAddress + HEADER_LENGTH, length);
        UnsafeApi.putInt(MAPPED_FILE, recordAddress + TYPE_ID_OFFSET, typeId);
        // SYNC POINT: the commit; pairs with the consumer's acquire load of the length
        UnsafeApi.putIntRelease(MAPPED_FILE, recordAddress + LENGTH_OFFSET, recordLength);
        return true;
    }

    /**
     * Claims room for a message to be written in place (LAYOUT 6.1 or 6.2, then step 6 without the body): the
     * negative length (release, then a release fence), the type id; the caller writes the body, then Agrona's
     * {@code commit} or {@code abort} ends the claim.
     *
     * @return the index where the body starts, or {@link #INSUFFICIENT_CAPACITY}.
     */
    final int tryClaim(final int typeId, final int length)
    {
        final int recordIndex = claimRecord(length + HEADER_LENGTH);
        if (recordIndex == INSUFFICIENT_CAPACITY)
        {
            return INSUFFICIENT_CAPACITY;
        }
        UnsafeApi.putInt(MAPPED_FILE, ringAddress + recordIndex + TYPE_ID_OFFSET, typeId);
        return recordIndex + HEADER_LENGTH;
    }

    /**
     * LAYOUT 6.1 or 6.2 "Runs": writes the longest prefix of the records in {@code source[offset, offset + runLength)}
     * that fits at the tail before the end of the data area, with one claim and one commit, and without the wake check
     * of LAYOUT 9.2, which the caller makes.
     *
     * @param source    records in the format of LAYOUT 5, each checked by the caller (type id, length).
     * @param offset    where the first record starts in {@code source}.
     * @param runLength bytes of whole records from {@code offset}, a multiple of 8.
     * @return bytes of whole records written: 0 when the first one does not fit before the end of the data area (it
     *         needs the wrap of {@link #claim}) or the ring has no room for it.
     */
    abstract int writeRun(DirectBuffer source, int offset, int runLength);

    /**
     * Step 3 of a run, then its commit: the records' headers and bodies as the batch holds them, except the first
     * record's length, without the bytes between a record's end and its aligned end (so that a run leaves the bytes
     * that offers leave), in one copy per span of records with no such gap; then the release of the first length.
     *
     * @param sourceObject  the batch's array, or null for native memory.
     * @param sourceAddress the address of the run's first record in it, bounds-checked by the caller for runLength.
     * @param recordIndex   where the run starts in the data area.
     * @param runLength     bytes of whole records.
     */
    final void copyRunAndCommit(
        final Object sourceObject, final long sourceAddress, final int recordIndex, final int runLength)
    {
        final long recordAddress = ringAddress + recordIndex;
        final int firstRecordLength = UnsafeApi.getInt(sourceObject, sourceAddress + LENGTH_OFFSET);
        int spanStart = TYPE_ID_OFFSET;
        int index = 0;
        int recordLength = firstRecordLength;
        while (true)
        {
            final int recordEnd = index + recordLength;
            index += alignedLength(recordLength);
            if (recordEnd != index || index == runLength)
            {
                UnsafeApi.copyMemory(sourceObject, sourceAddress + spanStart, MAPPED_FILE, recordAddress + spanStart,
                    recordEnd - spanStart);
                if (index == runLength)
                {
                    break;
                }
                spanStart = index;
            }
            recordLength = UnsafeApi.getInt(sourceObject, sourceAddress + index + LENGTH_OFFSET);
        }
        // SYNC POINT: the run's commit; pairs with the consumer's acquire load of the first record's length
        UnsafeApi.putIntRelease(MAPPED_FILE, recordAddress + LENGTH_OFFSET, firstRecordLength);
    }

    /**
     * @return the bytes of the first whole records at {@code sourceAddress} (in {@code sourceObject}, bounds-checked by
     *         the caller for {@code length} bytes) that fit in {@code limit}.
     */
    static int prefixLength(final Object sourceObject, final long sourceAddress, final int length, final long limit)
    {
        int prefixLength = 0;
        while (prefixLength < length)
        {
            final int nextLength = prefixLength +
                alignedLength(UnsafeApi.getInt(sourceObject, sourceAddress + prefixLength + LENGTH_OFFSET));
            if (nextLength > limit)
            {
                break;
            }
            prefixLength = nextLength;
        }
        return prefixLength;
    }

    /**
     * The claim of an offer: {@link #claimRecord} (MPSC, 6.2 step 4 before the body); the SPSC writer stores no
     * negative length (LAYOUT 6.1 step 6).
     *
     * @return the record index, or {@link #INSUFFICIENT_CAPACITY}.
     */
    int claimForOffer(final int recordLength)
    {
        return claimRecord(recordLength);
    }

    /**
     * Claims a record and starts step 6 of both kinds: the negative length (release), then a release fence, so that
     * the body and type id stores after it stay after it (an MPSC unblock scan must never see them first, LAYOUT 7.1).
     *
     * @return the record index, or {@link #INSUFFICIENT_CAPACITY}.
     */
    private int claimRecord(final int recordLength)
    {
        final int recordIndex = claim(alignedLength(recordLength));
        if (recordIndex != INSUFFICIENT_CAPACITY)
        {
            UnsafeApi.putIntRelease(MAPPED_FILE, ringAddress + recordIndex + LENGTH_OFFSET, -recordLength);
            VarHandle.releaseFence();
        }
        return recordIndex;
    }

    /**
     * Claims a record (LAYOUT 6.1 steps 1 to 5, or 6.2 steps 1 to 3).
     *
     * @param alignedLength the record's length aligned to 8.
     * @return the record index, or {@link #INSUFFICIENT_CAPACITY} (after publishing any wrap padding).
     */
    abstract int claim(int alignedLength);

    /**
     * @return {@code capacity - (tailPosition - headPosition)}, or 0 when the tail is behind the head or more than the
     *         capacity ahead of it, a stale or corrupt position: the claim then backs off instead of writing over
     *         unread records (ringway_available_length_ in C, availableLength in Go; Agrona's int arithmetic would
     *         wrap).
     */
    final long availableLength(final long tailPosition, final long headPosition)
    {
        final long usedLength = tailPosition - headPosition;
        return usedLength < 0 || usedLength > capacity ? 0 : capacity - usedLength;
    }

    /**
     * The wrap of both claims (LAYOUT 6.1 step 2, 6.2 step 2.3), for a record that does not fit before the end of the
     * data area: it goes to index 0, after padding to the end, when the consumer has freed {@code requiredLength} bytes
     * at the start; {@code headPosition} (the cached head) is replaced by a load of the head once when it says not, and
     * the head cache updated (release for MPSC, whose producers share it; plain for SPSC, whose producer alone writes it).
     *
     * @return 0, or {@link #INSUFFICIENT_CAPACITY} when the claim fails (its padding is still to be published).
     */
    final int wrapIndex(final long headPosition, final int requiredLength, final boolean releaseHeadCache)
    {
        if (requiredLength <= ((int)headPosition & mask))
        {
            return 0;
        }
        // SYNC POINT: pairs with the consumer's release store of headPosition in poll
        final long freshHeadPosition = UnsafeApi.getLongVolatile(MAPPED_FILE, headPositionAddress);
        storeHeadCache(freshHeadPosition, releaseHeadCache);
        return requiredLength > ((int)freshHeadPosition & mask) ? INSUFFICIENT_CAPACITY : 0;
    }

    /**
     * Publishes padding of {@code paddingLength} bytes at {@code index} (LAYOUT 6.1 step 4, 6.2 step 3): the negative
     * length (release, then a release fence that keeps the type id store after it), the type id, the length (release).
     */
    final void publishPadding(final int index, final int paddingLength)
    {
        final long paddingAddress = ringAddress + index;
        UnsafeApi.putIntRelease(MAPPED_FILE, paddingAddress + LENGTH_OFFSET, -paddingLength);
        VarHandle.releaseFence();
        UnsafeApi.putInt(MAPPED_FILE, paddingAddress + TYPE_ID_OFFSET, PADDING_TYPE_ID);
        // SYNC POINT: pairs with the consumer's acquire load of the length: it skips the padding
        UnsafeApi.putIntRelease(MAPPED_FILE, paddingAddress + LENGTH_OFFSET, paddingLength);
    }
}
