package io.ringway;

import io.ringway.testing.TempChannelDirectory;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Agrona's own ring buffers as an external oracle: they map the ring region of a channel file a second time, on their
 * own, and read what Ringway wrote, or write what Ringway reads. Several laps of the ring, random sizes, aborts.
 */
class AgronaOracleTest
{
    private static final int CAPACITY = 4096;
    private static final int MESSAGES = 20_000;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("oracle");

    private static MappedByteBuffer mapRingRegion(final Path path) throws IOException
    {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            return file.map(FileChannel.MapMode.READ_WRITE, HeaderDescriptor.HEADER_LENGTH,
                CAPACITY + TrailerDescriptor.TRAILER_LENGTH);
        }
    }

    private static RingBuffer agronaRing(final RingKind kind, final MappedByteBuffer region)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(region);
        return kind == RingKind.SPSC ? new OneToOneRingBuffer(buffer) : new ManyToOneRingBuffer(buffer);
    }

    private static byte[] body(final Random random, final int sequence)
    {
        final byte[] body = new byte[random.nextInt(CAPACITY / 8 + 1)];
        random.nextBytes(body);
        if (body.length >= 4)
        {
            new UnsafeBuffer(body).putInt(0, sequence);
        }
        return body;
    }

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void agronaShouldReadEveryMessageRingwayWrites(final RingKind kind) throws IOException
    {
        final Path path = directory.resolve("ringway-writes.ringway");
        final Random random = new Random(42);
        final ArrayDeque<byte[]> expected = new ArrayDeque<>();
        final ArrayDeque<Integer> expectedTypes = new ArrayDeque<>();
        final MappedByteBuffer region;
        try (Channel channel = Channel.create(path, ChannelConfig.of(kind, CAPACITY)))
        {
            region = mapRingRegion(path);
            final RingBuffer agrona = agronaRing(kind, region);
            final Producer producer = channel.producer();
            final UnsafeBuffer source = new UnsafeBuffer(new byte[CAPACITY]);
            int sent = 0;
            int read = 0;
            while (read < MESSAGES)
            {
                while (sent < MESSAGES)
                {
                    final byte[] body = body(random, sent);
                    final int typeId = 1 + random.nextInt(100);
                    final boolean written;
                    if (random.nextBoolean())
                    {
                        source.putBytes(0, body);
                        written = producer.offer(typeId, source, 0, body.length);
                    }
                    else
                    {
                        final int index = producer.tryClaim(typeId, body.length);
                        written = index >= 0;
                        if (written)
                        {
                            producer.buffer().putBytes(index, body);
                            if (random.nextInt(10) == 0)
                            {
                                producer.abort(index);
                                continue;
                            }
                            producer.commit(index);
                        }
                    }
                    if (!written)
                    {
                        break;
                    }
                    expected.add(body);
                    expectedTypes.add(typeId);
                    sent++;
                }
                read += agrona.read((typeId, buffer, index, length) ->
                {
                    final byte[] actual = new byte[length];
                    buffer.getBytes(index, actual);
                    assertEquals(expectedTypes.remove(), typeId);
                    assertArrayEquals(expected.remove(), actual);
                }, 1 + random.nextInt(20));
            }
            assertTrue(expected.isEmpty());
            assertEquals(channel.producerPosition(), agrona.consumerPosition(), "Agrona consumed everything");
        }
        IoUtil.unmap(region);
    }

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void ringwayShouldReadEveryMessageAgronaWrites(final RingKind kind) throws IOException
    {
        final Path path = directory.resolve("agrona-writes.ringway");
        final Random random = new Random(7);
        final ArrayDeque<byte[]> expected = new ArrayDeque<>();
        final ArrayDeque<Integer> expectedTypes = new ArrayDeque<>();
        final MappedByteBuffer region;
        try (Channel channel = Channel.create(path, ChannelConfig.of(kind, CAPACITY)))
        {
            region = mapRingRegion(path);
            final RingBuffer agrona = agronaRing(kind, region);
            final Consumer consumer = channel.consumer();
            final UnsafeBuffer source = new UnsafeBuffer(new byte[CAPACITY]);
            int sent = 0;
            int read = 0;
            while (read < MESSAGES)
            {
                while (sent < MESSAGES)
                {
                    final byte[] body = body(random, sent);
                    final int typeId = 1 + random.nextInt(100);
                    final int index = agrona.tryClaim(typeId, body.length);
                    if (index < 0)
                    {
                        break;
                    }
                    agrona.buffer().putBytes(index, body);
                    if (random.nextInt(10) == 0)
                    {
                        agrona.abort(index);
                        continue;
                    }
                    agrona.commit(index);
                    expected.add(body);
                    expectedTypes.add(typeId);
                    sent++;
                    if (random.nextInt(4) == 0 && sent < MESSAGES)
                    {
                        final byte[] copied = body(random, sent);
                        source.putBytes(0, copied);
                        if (!agrona.write(typeId, source, 0, copied.length))
                        {
                            break;
                        }
                        expected.add(copied);
                        expectedTypes.add(typeId);
                        sent++;
                    }
                }
                read += consumer.poll((typeId, buffer, index, length) ->
                {
                    final byte[] actual = new byte[length];
                    buffer.getBytes(index, actual);
                    assertEquals(expectedTypes.remove(), typeId);
                    assertArrayEquals(expected.remove(), actual);
                }, 1 + random.nextInt(20));
            }
            assertTrue(expected.isEmpty());
            assertEquals(agrona.producerPosition(), channel.consumerPosition(), "Ringway consumed everything");
        }
        IoUtil.unmap(region);
    }

    /**
     * The records from the head to the tail (headers, and bodies up to each record's length; padding: its header) and
     * the header at the tail are the same bytes in both regions.
     */
    private static void assertSameUnreadRecords(final UnsafeBuffer expected, final UnsafeBuffer actual, final int message)
    {
        final long headPosition = expected.getLong(CAPACITY + TrailerDescriptor.HEAD_POSITION_OFFSET);
        final long tailPosition = expected.getLong(CAPACITY + TrailerDescriptor.TAIL_POSITION_OFFSET);
        long position = headPosition;
        while (position < tailPosition)
        {
            final int index = (int)position & (CAPACITY - 1);
            final int length = expected.getInt(index + RecordDescriptor.LENGTH_OFFSET);
            assertTrue(length >= RecordDescriptor.HEADER_LENGTH, () -> "committed record at " + index);
            final boolean padding = expected.getInt(index + RecordDescriptor.TYPE_ID_OFFSET) ==
                RecordDescriptor.PADDING_TYPE_ID;
            final int significant = padding ? RecordDescriptor.HEADER_LENGTH : length;
            for (int i = 0; i < significant; i++)
            {
                final int at = index + i;
                assertEquals(expected.getByte(at), actual.getByte(at),
                    () -> "record byte " + at + " after message " + message);
            }
            position += RecordDescriptor.alignedLength(length);
        }
        final int nextHeader = (int)tailPosition & (CAPACITY - 1);
        assertEquals(expected.getLong(nextHeader), actual.getLong(nextHeader), () -> "next header after " + message);
    }

    /**
     * LAYOUT 6.1 step 5a, which Agrona's ring does not make, applied to Agrona's region after its write from
     * its tail as the spec states it: a claim ending 8 bytes before the end of a cache line is followed by an
     * 8-byte padding record when the head cache leaves room for it and the next header.
     */
    private static void padAtLineEnd(final UnsafeBuffer region)
    {
        final long tailPosition = region.getLong(CAPACITY + TrailerDescriptor.TAIL_POSITION_OFFSET);
        final long headCachePosition = region.getLong(CAPACITY + TrailerDescriptor.HEAD_CACHE_POSITION_OFFSET);
        if ((tailPosition & 63) == 56 &&
            tailPosition - headCachePosition <= CAPACITY - 2 * RecordDescriptor.HEADER_LENGTH)
        {
            final int paddingIndex = (int)tailPosition & (CAPACITY - 1);
            region.putInt(paddingIndex + RecordDescriptor.TYPE_ID_OFFSET, RecordDescriptor.PADDING_TYPE_ID);
            region.putInt(paddingIndex + RecordDescriptor.LENGTH_OFFSET, RecordDescriptor.HEADER_LENGTH);
            final long paddedTailPosition = tailPosition + RecordDescriptor.HEADER_LENGTH;
            region.putLong((int)paddedTailPosition & (CAPACITY - 1), 0L);
            region.putLong(CAPACITY + TrailerDescriptor.TAIL_POSITION_OFFSET, paddedTailPosition);
        }
    }

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void offerShouldLeaveExactlyTheBytesOfAgronasWriteThroughWrapsAndFullRings(final RingKind kind) throws IOException
    {
        // Ringway's offer is its own code (RingWriter); Agrona's OneToOneRingBuffer or ManyToOneRingBuffer, fed the
        // same messages and drained at the same points over a region of the same layout, must leave the same ring and
        // trailer bytes (SPSC: with the line-start padding of LAYOUT 6.1 step 5a added to Agrona's, padAtLineEnd)
        final Path path = directory.resolve("same-bytes-" + kind + ".ringway");
        final Random random = new Random(11);
        final UnsafeBuffer agronaRegion = new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY +
            TrailerDescriptor.TRAILER_LENGTH));
        final RingBuffer agrona = kind == RingKind.SPSC ?
            new OneToOneRingBuffer(agronaRegion) : new ManyToOneRingBuffer(agronaRegion);
        final MappedByteBuffer region;
        try (Channel channel = Channel.create(path, kind == RingKind.SPSC ?
            ChannelConfig.spsc(CAPACITY) : ChannelConfig.mpsc(CAPACITY)))
        {
            region = mapRingRegion(path);
            final UnsafeBuffer ringwayRegion = new UnsafeBuffer(region);
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            final UnsafeBuffer source = new UnsafeBuffer(new byte[CAPACITY]);
            int refused = 0;
            for (int sent = 0; sent < MESSAGES; sent++)
            {
                final byte[] body = body(random, sent);
                final int typeId = 1 + random.nextInt(100);
                final int offset = random.nextInt(8);
                source.putBytes(offset, body);
                final boolean written = producer.offer(typeId, source, offset, body.length);
                final boolean agronaWritten = agrona.write(typeId, source, offset, body.length);
                assertEquals(agronaWritten, written, "message " + sent);
                if (kind == RingKind.SPSC && agronaWritten)
                {
                    padAtLineEnd(agronaRegion);
                }
                refused += written ? 0 : 1;
                if (random.nextInt(3) == 0)
                {
                    // Agrona's read stops at the end of the data area, Ringway's poll goes on from index 0
                    final int limit = 1 + random.nextInt(10);
                    final int polled = consumer.poll((t, b, i, l) -> { }, limit);
                    // a poll short of its limit read on to the first uncommitted header, past a padding after its
                    // last message (SPSC: the line-start padding); Agrona's read stops after its last message
                    final boolean drained = kind == RingKind.SPSC && polled < limit;
                    int read = 0;
                    for (int pass = 0; pass < 2 && (read < polled || drained); pass++)
                    {
                        read += agrona.read((t, b, i, l) -> { }, drained ? Integer.MAX_VALUE : polled - read);
                    }
                    assertEquals(polled, read);
                }
                // MPSC: every byte. SPSC: the trailer, the unread records and the next header (LAYOUT 6.1 "Touch ahead":
                // Ringway's producer stores a zero word in free space ahead of its tail, Agrona's does not)
                final int dataFrom = kind == RingKind.SPSC ? CAPACITY : 0;
                for (int index = dataFrom; index < CAPACITY + TrailerDescriptor.TRAILER_LENGTH; index += Long.BYTES)
                {
                    if (index == CAPACITY + TrailerDescriptor.CONSUMER_HEARTBEAT_OFFSET)
                    {
                        continue; // Ringway does not keep Agrona's consumer heartbeat word
                    }
                    final int at = index;
                    final int message = sent;
                    assertEquals(agronaRegion.getLong(index), ringwayRegion.getLong(index),
                        () -> "byte " + at + " after message " + message);
                }
                if (kind == RingKind.SPSC)
                {
                    assertSameUnreadRecords(agronaRegion, ringwayRegion, sent);
                }
            }
            assertTrue(refused > 0, "the ring filled up at times");
        }
        IoUtil.unmap(region);
    }
}
