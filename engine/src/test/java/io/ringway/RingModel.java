package io.ringway;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain model of a channel's ring, written from docs/LAYOUT.md sections 6 and 7 rather than from any
 * implementation: positions as longs and an {@link ArrayDeque} of records (messages and padding). It predicts exactly
 * when a claim is refused, where padding appears, and which messages a poll of a given limit delivers.
 */
final class RingModel
{
    record Entry(long position, int alignedLength, int typeId, byte[] body)
    {
        boolean isPadding()
        {
            return body == null;
        }
    }

    private final RingKind ringKind;
    private final int capacity;
    private final int mask;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long tailPosition;
    private long headPosition;
    /** The producer's head cache, which decides the line-start padding of LAYOUT 6.1 step 5a (SPSC). */
    private long headCachePosition;
    private Entry lastClaimed;

    RingModel(final RingKind ringKind, final int capacity)
    {
        this.ringKind = ringKind;
        this.capacity = capacity;
        this.mask = capacity - 1;
    }

    int maxMessageLength()
    {
        return capacity / 8;
    }

    /**
     * Claims room for a body; on success the claimed record is appended (as a message) and true is returned. A
     * refusal at the wrap point still appends the end-of-buffer padding, as the spec requires.
     */
    boolean claim(final int typeId, final byte[] body)
    {
        final int alignedLength = RecordDescriptor.alignedLength(body.length + RecordDescriptor.HEADER_LENGTH);
        // SPSC always keeps one record header (8 bytes) free so that the next header can be pre-zeroed
        final int required = ringKind == RingKind.SPSC ? alignedLength + RecordDescriptor.HEADER_LENGTH : alignedLength;
        // step 1: the head is loaded, and kept in the cache, only when the cache shows too little room
        if (required > capacity - (tailPosition - headCachePosition))
        {
            if (required > capacity - (tailPosition - headPosition))
            {
                return false;
            }
            headCachePosition = headPosition;
        }
        final int tailIndex = (int)(tailPosition & mask);
        final int toEnd = capacity - tailIndex;
        if (ringKind == RingKind.SPSC && alignedLength == toEnd)
        {
            append(new Entry(tailPosition, alignedLength, typeId, body));
            return true;
        }
        if (required > toEnd)
        {
            append(new Entry(tailPosition, toEnd, RecordDescriptor.PADDING_TYPE_ID, null));
            if (required > (int)(headCachePosition & mask))
            {
                headCachePosition = headPosition;
                if (required > (int)(headPosition & mask))
                {
                    return false;
                }
            }
        }
        append(new Entry(tailPosition, alignedLength, typeId, body));
        // step 5a: an SPSC record ending 8 bytes before a cache line's end is followed by an 8-byte padding record,
        // when the cache leaves room for it and the next header
        if (ringKind == RingKind.SPSC && (tailPosition & 63) == 56 &&
            tailPosition - headCachePosition <= capacity - 2L * RecordDescriptor.HEADER_LENGTH)
        {
            final Entry claimed = lastClaimed;
            append(new Entry(tailPosition, RecordDescriptor.HEADER_LENGTH, RecordDescriptor.PADDING_TYPE_ID, null));
            lastClaimed = claimed;
        }
        return true;
    }

    /**
     * Turns the most recent claim into padding (abort).
     */
    void abortLast()
    {
        final List<Entry> after = new ArrayList<>();
        while (entries.peekLast() != lastClaimed)
        {
            after.add(0, entries.removeLast());
        }
        final Entry last = entries.removeLast();
        entries.addLast(new Entry(last.position(), last.alignedLength(), RecordDescriptor.PADDING_TYPE_ID, null));
        entries.addAll(after);
    }

    /**
     * @return the messages a poll with this limit delivers, removing them (and the padding read on the way).
     */
    List<Entry> poll(final int limit)
    {
        final List<Entry> delivered = new ArrayList<>();
        while (delivered.size() < limit && !entries.isEmpty())
        {
            final Entry entry = entries.removeFirst();
            headPosition = entry.position() + entry.alignedLength();
            if (!entry.isPadding())
            {
                delivered.add(entry);
            }
        }
        return delivered;
    }

    int pendingMessages()
    {
        return (int)entries.stream().filter(e -> !e.isPadding()).count();
    }

    long tailPosition()
    {
        return tailPosition;
    }

    long headPosition()
    {
        return headPosition;
    }

    private void append(final Entry entry)
    {
        entries.addLast(entry);
        lastClaimed = entry;
        tailPosition = entry.position() + entry.alignedLength();
    }
}
