package io.ringway.journal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Bodies whose bytes follow from their index, so a reader can check any record it is given; a settable clock.
 */
final class JournalTestSupport
{
    /** A record as a reader received it. */
    record Received(long index, long timestampNs, int typeId, byte[] body)
    {
    }

    static final class ManualClock implements EpochNanoClock
    {
        long nanos;

        @Override
        public long nanoTime()
        {
            return nanos;
        }
    }

    private JournalTestSupport()
    {
    }

    /** Body length of record {@code i}: 0 to 300 bytes. */
    static int bodyLength(final long i)
    {
        return (int)((i * 37) % 301);
    }

    static int typeIdOf(final long i)
    {
        return 1 + (int)(i % 5);
    }

    static int encode(final MutableDirectBuffer buffer, final long i)
    {
        final int length = bodyLength(i);
        for (int k = 0; k < length; k++)
        {
            buffer.putByte(k, (byte)(i * 31 + k));
        }
        return length;
    }

    /** @return null when the body is record {@code i}'s, else what differs. */
    static String mismatch(final long i, final int typeId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (typeId != typeIdOf(i))
        {
            return "record " + i + " typeId=" + typeId + " expected=" + typeIdOf(i);
        }
        if (length != bodyLength(i))
        {
            return "record " + i + " length=" + length + " expected=" + bodyLength(i);
        }
        for (int k = 0; k < length; k++)
        {
            if (buffer.getByte(offset + k) != (byte)(i * 31 + k))
            {
                return "record " + i + " byte " + k + " differs";
            }
        }
        return null;
    }

    static void appendRecords(final JournalWriter writer, final long from, final long to)
    {
        final org.agrona.concurrent.UnsafeBuffer body = new org.agrona.concurrent.UnsafeBuffer(new byte[512]);
        for (long i = from; i < to; i++)
        {
            final int length = encode(body, i);
            final long index = writer.append(typeIdOf(i), body, 0, length);
            if (index != i)
            {
                throw new AssertionError("append returned index " + index + " expected " + i);
            }
        }
    }

    static List<Received> readAll(final JournalReader reader)
    {
        final List<Received> received = new ArrayList<>();
        while (reader.poll((index, timestampNs, typeId, buffer, offset, length) ->
        {
            final byte[] body = new byte[length];
            buffer.getBytes(offset, body);
            received.add(new Received(index, timestampNs, typeId, body));
            return true;
        }, 1000) > 0)
        {
            // until the tail
        }
        return received;
    }

    static void assertRecords(final List<Received> received, final long from, final long to)
    {
        if (received.size() != to - from)
        {
            throw new AssertionError("received " + received.size() + " records, expected " + (to - from) +
                " (indexes " + from + ".." + (to - 1) + ")");
        }
        for (int k = 0; k < received.size(); k++)
        {
            final Received record = received.get(k);
            final long i = from + k;
            if (record.index() != i)
            {
                throw new AssertionError("record " + k + " has index " + record.index() + " expected " + i);
            }
            final String mismatch = mismatch(i, record.typeId(), new org.agrona.concurrent.UnsafeBuffer(record.body()),
                0, record.body().length);
            if (mismatch != null)
            {
                throw new AssertionError(mismatch);
            }
        }
    }

    static JournalConfig smallSegments()
    {
        return new JournalConfig().segmentLength(16 * 4096).indexSpacing(4);
    }

    static int segmentCount(final Path directory)
    {
        return SegmentFiles.firstIndexes(directory).length;
    }
}
