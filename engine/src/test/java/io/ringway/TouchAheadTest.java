package io.ringway;

import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * LAYOUT 6.1 "Touch ahead": after each claim attempt an SPSC producer stores one zero word at the start of the cache
 * line after the one holding the next header's end, so that the next claim's pre-zeroing of its next header stores to
 * a line the producer owns; never at or past the end of the data area, never at or past the head cache plus the
 * capacity. The same tests in C (unit.ring.shouldTouch...) and Go (TestShouldTouch...).
 */
class TouchAheadTest
{
    private static final int CAPACITY = 1024;
    private static final byte OLD = (byte)0xAB;
    private static final int TAIL_OFFSET = CAPACITY + TrailerDescriptor.TAIL_POSITION_OFFSET;
    private static final int HEAD_CACHE_OFFSET = CAPACITY + TrailerDescriptor.HEAD_CACHE_POSITION_OFFSET;
    private static final int HEAD_OFFSET = CAPACITY + TrailerDescriptor.HEAD_POSITION_OFFSET;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("touch-ahead");

    @Test
    void shouldTouchTheStartOfTheCacheLineAfterTheNextHeadersLineAfterEachCommit()
    {
        try (Channel channel = Channel.create(directory.resolve("touch.ringway"), ChannelConfig.spsc(CAPACITY)))
        {
            final UnsafeBuffer ring = channel.ringBuffer();
            // old bytes everywhere but the first header, as a ring leaves them after laps
            ring.setMemory(RecordDescriptor.HEADER_LENGTH, CAPACITY - RecordDescriptor.HEADER_LENGTH, OLD);
            final Producer producer = channel.producer();
            final UnsafeBuffer body = new UnsafeBuffer(new byte[48]);

            assertTrue(producer.offer(1, body, 0, 20)); // record 28 bytes, 32 aligned: the tail is at 32
            assertBytes(ring, 28, 32, OLD, "the record's gap bytes");
            assertBytes(ring, 32, 40, (byte)0, "the next header, pre-zeroed before the commit");
            assertBytes(ring, 40, 64, OLD, "the rest of the next header's line");
            assertBytes(ring, 64, 72, (byte)0, "the first word of the line after the next header's line");
            assertBytes(ring, 72, CAPACITY, OLD, "nothing further");

            ring.setMemory(64, 8, OLD); // so that the pre-zeroed header there shows
            // record 24 bytes, ending at 56: the line-start padding (LAYOUT 6.1 step 5a) takes 56..64, the tail is at 64
            assertTrue(producer.offer(1, body, 0, 16));
            assertEquals(RecordDescriptor.HEADER_LENGTH, ring.getInt(56 + RecordDescriptor.LENGTH_OFFSET));
            assertEquals(RecordDescriptor.PADDING_TYPE_ID, ring.getInt(56 + RecordDescriptor.TYPE_ID_OFFSET));
            assertBytes(ring, 64, 72, (byte)0, "the next header, at the start of a line");
            assertBytes(ring, 72, 128, OLD, "the rest of the next header's line");
            assertBytes(ring, 128, 136, (byte)0, "the first word of the line after it");
            assertBytes(ring, 136, CAPACITY, OLD, "nothing further");

            assertTrue(producer.offer(1, body, 0, 40)); // record 48 bytes: the tail is at 112
            assertBytes(ring, 112, 120, (byte)0, "the next header");
            assertBytes(ring, 120, 128, OLD, "the rest of the next header's line");
            assertBytes(ring, 128, 136, (byte)0, "the first word of the line after it");
            assertBytes(ring, 136, CAPACITY, OLD, "nothing further");

            final List<Integer> lengths = new ArrayList<>();
            assertEquals(3, channel.consumer().poll((typeId, buffer, index, length) -> lengths.add(length), 10));
            assertEquals(List.of(20, 16, 40), lengths);
        }
    }

    @Test
    void shouldTouchAfterAnOfferRefusedForBackPressureToo()
    {
        try (Channel channel = Channel.create(directory.resolve("refused.ringway"), ChannelConfig.spsc(CAPACITY)))
        {
            final UnsafeBuffer ring = channel.ringBuffer();
            // a lap on: the tail at index 960, unread records from index 72 (head 1024 + 72), the head cache stale
            ring.setMemory(0, CAPACITY, OLD);
            writeUnreadRecords(ring, 72, 960);
            setPositions(ring, CAPACITY + 960, CAPACITY + 8, CAPACITY + 72);
            final Producer producer = channel.producer();
            final byte[] expected = dataArea(ring);

            // record 72 bytes: it needs the wrap, and index 0 has room for 72 bytes only, not 72 + 8: the claim pads
            // the end of the data area, refreshes the head cache and is refused; the tail is at 2048 (index 0)
            assertFalse(producer.offer(1, new UnsafeBuffer(new byte[64]), 0, 64));
            assertEquals(2 * CAPACITY, ring.getLong(TAIL_OFFSET));
            putInt(expected, 960 + RecordDescriptor.LENGTH_OFFSET, 64); // the padding
            putInt(expected, 960 + RecordDescriptor.TYPE_ID_OFFSET, RecordDescriptor.PADDING_TYPE_ID);
            Arrays.fill(expected, 0, 8, (byte)0); // the next header at index 0, pre-zeroed with the padding
            Arrays.fill(expected, 64, 72, (byte)0); // touched after the refused claim, up to the head plus the capacity
            assertArrayEquals(expected, dataArea(ring));
        }
    }

    @Test
    void shouldNeverTouchAtOrPastTheEndOfTheDataArea()
    {
        try (Channel channel = Channel.create(directory.resolve("lap-end.ringway"), ChannelConfig.spsc(CAPACITY)))
        {
            final UnsafeBuffer ring = channel.ringBuffer();
            // a lap on, everything read: tail, head and head cache at 1024 + 904
            ring.setMemory(0, CAPACITY, OLD);
            setPositions(ring, CAPACITY + 904, CAPACITY + 904, CAPACITY + 904);
            final Producer producer = channel.producer();
            final byte[] expected = dataArea(ring);

            // record 56 bytes: the tail is at index 960, the next header ends at 968, its line at 1024: the lap's end
            assertTrue(producer.offer(1, new UnsafeBuffer(new byte[48]), 0, 48));
            ring.getBytes(904, expected, 904, 56); // the record
            Arrays.fill(expected, 960, 968, (byte)0); // the next header
            assertArrayEquals(expected, dataArea(ring), "nothing touched after the record, nor at index 0");
        }
    }

    @Test
    void shouldNeverTouchAtOrPastTheHeadCachePlusTheCapacity()
    {
        try (Channel channel = Channel.create(directory.resolve("head.ringway"), ChannelConfig.spsc(CAPACITY)))
        {
            final UnsafeBuffer ring = channel.ringBuffer();
            // a lap on: unread records from index 64 (head and head cache 64) to the tail at 1024 + 40 (index 40)
            ring.setMemory(0, CAPACITY, OLD);
            writeUnreadRecords(ring, 64, CAPACITY);
            writeUnreadRecords(ring, 0, 40);
            setPositions(ring, CAPACITY + 40, 64, 64);
            final Producer producer = channel.producer();
            final byte[] expected = dataArea(ring);

            // record 8 bytes (an empty body): the tail is at index 48, the next header ends at 56, its line's end at
            // 64 is where the unread records start
            assertTrue(producer.offer(1, new UnsafeBuffer(new byte[0]), 0, 0));
            ring.getBytes(40, expected, 40, 8); // the record
            Arrays.fill(expected, 48, 56, (byte)0); // the next header
            assertArrayEquals(expected, dataArea(ring), "nothing touched in the unread records");
        }
    }

    @Test
    void shouldTouchAfterTheCommitOrAbortOfAClaimAndAtTheEndOfABatch()
    {
        try (Channel channel = Channel.create(directory.resolve("points.ringway"), ChannelConfig.spsc(CAPACITY)))
        {
            final UnsafeBuffer ring = channel.ringBuffer();
            ring.setMemory(RecordDescriptor.HEADER_LENGTH, CAPACITY - RecordDescriptor.HEADER_LENGTH, OLD);
            final Producer producer = channel.producer();

            // a claim of a 100-byte body: record 108 bytes, 112 aligned, the tail at 112; the touch waits for the commit
            final int claimed = producer.tryClaim(3, 100);
            assertBytes(ring, 120, CAPACITY, OLD, "nothing touched before the commit");
            producer.commit(claimed);
            assertBytes(ring, 120, 128, OLD, "the rest of the next header's line");
            assertBytes(ring, 128, 136, (byte)0, "touched after the commit");
            assertBytes(ring, 136, CAPACITY, OLD, "nothing further");

            // an aborted claim of a 100-byte body: the tail at 224, the next header's line ends at 256
            producer.abort(producer.tryClaim(4, 100));
            assertBytes(ring, 232, 256, OLD, "the rest of the next header's line");
            assertBytes(ring, 256, 264, (byte)0, "touched after the abort");
            assertBytes(ring, 264, CAPACITY, OLD, "nothing further");

            // a batch of two 20-byte bodies, one run: the tail at 288, the next header's line ends at 320
            final UnsafeBuffer body = new UnsafeBuffer(new byte[20]);
            final ProducerBatch batch = new ProducerBatch(256).append(5, body, 0, 20).append(6, body, 0, 20);
            assertEquals(2, producer.offerBatch(batch));
            assertBytes(ring, 296, 320, OLD, "the rest of the next header's line");
            assertBytes(ring, 320, 328, (byte)0, "touched at the end of the batch");
            assertBytes(ring, 328, CAPACITY, OLD, "nothing further");

            final List<Integer> typeIds = new ArrayList<>();
            assertEquals(3, channel.consumer().poll((typeId, buffer, index, length) -> typeIds.add(typeId), 10));
            assertEquals(List.of(3, 5, 6), typeIds);
        }
    }

    @Test
    void shouldTouchNothingWhenAStrayWriteMovedTheTailBehindTheHead()
    {
        try (Channel channel = Channel.create(directory.resolve("tail-behind.ringway"), ChannelConfig.spsc(CAPACITY)))
        {
            final UnsafeBuffer ring = channel.ringBuffer();
            // a lap on: unread records from the head at 1024 (index 0) to the tail at 1024 + 976
            writeUnreadRecords(ring, 0, 976);
            setPositions(ring, CAPACITY + 976, CAPACITY, CAPACITY);
            final Producer producer = channel.producer();
            final byte[] expected = dataArea(ring);

            // a stray write moves the tail to 896, behind the head: the offer refuses (no room), and the word its touch
            // would take, lineEnd(896 + 8) = 960, is the header of the unread record at index 960
            ring.putLong(TAIL_OFFSET, 896);
            assertFalse(producer.offer(1, new UnsafeBuffer(new byte[8]), 0, 8));
            assertArrayEquals(expected, dataArea(ring), "no unread byte touched");
        }
    }

    @Test
    void shouldTouchNothingWhenAStrayWriteChangedTheHeadCacheBetweenAClaimAndItsCommit()
    {
        try (Channel channel = Channel.create(directory.resolve("stray-cache.ringway"), ChannelConfig.spsc(CAPACITY)))
        {
            final UnsafeBuffer ring = channel.ringBuffer();
            // unread records from the head at 512 (index 512) to the tail at 1024 + 488 (index 488)
            writeUnreadRecords(ring, 512, CAPACITY);
            writeUnreadRecords(ring, 0, 488);
            setPositions(ring, CAPACITY + 488, 512, 512);
            final Producer producer = channel.producer();

            // a claim of an 8-byte body: record 16, the last free bytes with the next header; the tail at 1024 + 504
            final int claimed = producer.tryClaim(1, 8);
            final byte[] expected = dataArea(ring);
            // a stray write puts the cache a capacity ahead of the head: its touch would store at lineEnd(1536) =
            // 1536, index 512, the header of the unread record at the head
            ring.putLong(HEAD_CACHE_OFFSET, CAPACITY + 488);
            producer.commit(claimed);
            new UnsafeBuffer(expected).putInt(488 + RecordDescriptor.LENGTH_OFFSET, 16); // the commit
            assertArrayEquals(expected, dataArea(ring), "no unread byte touched");
        }
    }

    @Test
    void shouldNeverTouchAnUnreadRecordOrPastTheDataAreaOverManyLaps()
    {
        try (Channel channel = Channel.create(directory.resolve("laps.ringway"), ChannelConfig.spsc(CAPACITY)))
        {
            final UnsafeBuffer ring = channel.ringBuffer();
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            final UnsafeBuffer body = new UnsafeBuffer(new byte[40]);
            int sent = 0;
            // several laps, the ring filled to back-pressure each time before it is drained: unread records are never
            // touched
            for (int lap = 0; lap < 6; lap++)
            {
                while (true)
                {
                    body.setMemory(0, 40, (byte)(1 + sent % 200));
                    if (!producer.offer(1, body, 0, 40))
                    {
                        break;
                    }
                    sent++;
                }
                final int[] received = new int[1];
                consumer.poll((typeId, buffer, index, length) ->
                {
                    for (int i = 0; i < length; i++)
                    {
                        assertNotEquals(0, buffer.getByte(index + i), "an unread body was touched");
                    }
                    received[0]++;
                }, Integer.MAX_VALUE);
                assertTrue(received[0] > 0);
            }
        }
    }

    /** Committed records of up to 64 bytes, bodies of old bytes, over ring indexes [from, to). */
    private static void writeUnreadRecords(final UnsafeBuffer ring, final int from, final int to)
    {
        for (int index = from; index < to; index += Math.min(64, to - index))
        {
            ring.putInt(index + RecordDescriptor.TYPE_ID_OFFSET, 7);
            ring.putInt(index + RecordDescriptor.LENGTH_OFFSET, Math.min(64, to - index));
        }
    }

    private static void setPositions(final UnsafeBuffer ring, final long tail, final long headCache, final long head)
    {
        ring.putLong(TAIL_OFFSET, tail);
        ring.putLong(HEAD_CACHE_OFFSET, headCache);
        ring.putLong(HEAD_OFFSET, head);
    }

    private static byte[] dataArea(final UnsafeBuffer ring)
    {
        final byte[] bytes = new byte[CAPACITY];
        ring.getBytes(0, bytes);
        return bytes;
    }

    private static void putInt(final byte[] bytes, final int index, final int value)
    {
        new UnsafeBuffer(bytes).putInt(index, value);
    }

    private static void assertBytes(final UnsafeBuffer ring, final int from, final int to, final byte expected,
        final String what)
    {
        for (int index = from; index < to; index++)
        {
            assertEquals(expected, ring.getByte(index), what + ": byte " + index);
        }
    }
}
