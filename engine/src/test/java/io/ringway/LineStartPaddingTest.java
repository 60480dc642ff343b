package io.ringway;

import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * LAYOUT 6.1 step 5a, line-start padding: an SPSC claim (an offer, a tryClaim, a batch's run) whose record ends 8 bytes
 * before the end of a cache line is followed by an 8-byte padding record when the head cache leaves room for it, so
 * that the next record starts at a line's start instead of having its header alone at the end of a line. The same
 * tests in C (unit.ring.*, c-interop/tests/unit_ring_tests.c) and Go (line_start_padding_test.go).
 */
class LineStartPaddingTest
{
    private static final int CAPACITY = 1024;
    private static final int TAIL_OFFSET = CAPACITY + TrailerDescriptor.TAIL_POSITION_OFFSET;
    private static final int HEAD_CACHE_OFFSET = CAPACITY + TrailerDescriptor.HEAD_CACHE_POSITION_OFFSET;
    private static final int HEAD_OFFSET = CAPACITY + TrailerDescriptor.HEAD_POSITION_OFFSET;
    /** 32-byte bodies: 40-byte records, the ping-pong programs' size. */
    private static final int BODY_LENGTH = 32;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("line-padding");

    private final UnsafeBuffer body = new UnsafeBuffer(new byte[128]);

    private static void assertPaddingAt(final UnsafeBuffer ring, final int index)
    {
        assertEquals(RecordDescriptor.HEADER_LENGTH, ring.getInt(index + RecordDescriptor.LENGTH_OFFSET),
            "the padding's length at " + index);
        assertEquals(RecordDescriptor.PADDING_TYPE_ID, ring.getInt(index + RecordDescriptor.TYPE_ID_OFFSET),
            "the padding's type id at " + index);
    }

    /**
     * Puts the trailer's tail, head and head cache where a channel that ran that far leaves them, before any handle
     * attaches (the producer attached then checks the head cache at its first claim).
     */
    private static void placePositions(
        final UnsafeBuffer ring, final long tailPosition, final long headPosition, final long headCachePosition)
    {
        ring.putLong(TAIL_OFFSET, tailPosition);
        ring.putLong(HEAD_OFFSET, headPosition);
        ring.putLong(HEAD_CACHE_OFFSET, headCachePosition);
    }

    private static List<Integer> pollLengths(final Channel channel)
    {
        final List<Integer> lengths = new ArrayList<>();
        channel.consumer().poll((typeId, buffer, index, length) -> lengths.add(length), 100);
        return lengths;
    }

    @Test
    void shouldPadAfterAnOfferEndingEightBytesBeforeTheEndOfALine()
    {
        try (Channel channel = Channel.create(directory.resolve("offers.ringway"), ChannelConfig.spsc(CAPACITY)))
        {
            final UnsafeBuffer ring = channel.ringBuffer();
            final Producer producer = channel.producer();
            assertTrue(producer.offer(1, body, 0, BODY_LENGTH)); // 0..40
            assertTrue(producer.offer(1, body, 0, BODY_LENGTH)); // 40..80
            assertEquals(80, channel.producerPosition(), "no padding after records ending at 40 and 16 in their line");
            assertTrue(producer.offer(1, body, 0, BODY_LENGTH)); // 80..120: 120 is 56 in its line
            assertPaddingAt(ring, 120);
            assertEquals(128, channel.producerPosition());
            assertEquals(0L, ring.getLong(128), "the next header, pre-zeroed at the start of the line");
            assertTrue(producer.offer(1, body, 0, BODY_LENGTH));
            assertEquals(168, channel.producerPosition(), "the fourth record starts at the line's start");
            assertEquals(List.of(BODY_LENGTH, BODY_LENGTH, BODY_LENGTH, BODY_LENGTH), pollLengths(channel),
                "the padding is not delivered");
        }
    }

    @Test
    void shouldPadAfterAClaimWhetherCommittedOrAborted()
    {
        try (Channel channel = Channel.create(directory.resolve("claims.ringway"), ChannelConfig.spsc(CAPACITY)))
        {
            final UnsafeBuffer ring = channel.ringBuffer();
            final Producer producer = channel.producer();
            final int first = producer.tryClaim(1, 48); // 0..56
            assertEquals(RecordDescriptor.HEADER_LENGTH, first);
            assertPaddingAt(ring, 56);
            assertEquals(64, channel.producerPosition());
            producer.commit(first);
            final int second = producer.tryClaim(2, 48); // 64..120
            assertPaddingAt(ring, 120);
            assertEquals(128, channel.producerPosition());
            producer.abort(second);
            assertEquals(List.of(48), pollLengths(channel), "the aborted claim and both paddings are skipped");
            assertEquals(128, channel.consumerPosition());
        }
    }

    @Test
    void shouldPadAfterAWrappedRecordEndingEightBytesBeforeALineEnd()
    {
        try (Channel channel = Channel.create(directory.resolve("wrap.ringway"), ChannelConfig.spsc(CAPACITY)))
        {
            final UnsafeBuffer ring = channel.ringBuffer();
            // the tail, the head and its cache at 1000: a record of 56 bytes needs the wrap
            placePositions(ring, 1000, 1000, 1000);
            final Producer producer = channel.producer();
            assertTrue(producer.offer(1, body, 0, 48)); // padding 1000..1024, the record at 0..56 of the next lap
            assertEquals(-1, ring.getInt(1000 + RecordDescriptor.TYPE_ID_OFFSET), "the wrap's padding");
            assertPaddingAt(ring, 56);
            assertEquals(CAPACITY + 64, channel.producerPosition());
            assertEquals(0L, ring.getLong(64), "the next header, pre-zeroed at the start of the line");
            assertEquals(List.of(48), pollLengths(channel));
        }
    }

    @Test
    void shouldNotPadWhenTheHeadCacheLeavesNoRoomForIt()
    {
        try (Channel channel = Channel.create(directory.resolve("full.ringway"), ChannelConfig.spsc(CAPACITY)))
        {
            final UnsafeBuffer ring = channel.ringBuffer();
            // the tail at 80 of the second lap, the head (and its cache) at 128 of the first: 48 bytes free, which a
            // 40-byte record and its next header fill, leaving nothing for the padding
            placePositions(ring, CAPACITY + 80, 128, 128);
            for (int index = 128; index < CAPACITY; index += 8)
            {
                ring.putInt(index, RecordDescriptor.HEADER_LENGTH); // unread padding records from the head on
                ring.putInt(index + RecordDescriptor.TYPE_ID_OFFSET, RecordDescriptor.PADDING_TYPE_ID);
            }
            ring.putLong(80, 0L);
            final Producer producer = channel.producer();
            assertTrue(producer.offer(1, body, 0, BODY_LENGTH)); // 80..120, 120 is 56 in its line
            assertEquals(CAPACITY + 120, channel.producerPosition(), "no padding: it would leave no free header");
            assertEquals(0L, ring.getLong(120), "the next header, pre-zeroed where the record ends");
            assertEquals(128, ring.getLong(HEAD_CACHE_OFFSET), "the padding did not load the head");
        }
    }

    @Test
    void shouldPreZeroIndexZeroWhenThePaddingEndsAtTheEndOfTheDataArea()
    {
        try (Channel channel = Channel.create(directory.resolve("end.ringway"), ChannelConfig.spsc(CAPACITY)))
        {
            final UnsafeBuffer ring = channel.ringBuffer();
            // the tail, the head and its cache at 960: the cache leaves room for the padding
            placePositions(ring, 960, 960, 960);
            ring.putLong(0, -1L); // a stale header of an older lap at index 0
            final Producer producer = channel.producer();
            assertTrue(producer.offer(1, body, 0, 48)); // 960..1016: 56 in its line, 8 bytes before the end
            assertPaddingAt(ring, CAPACITY - RecordDescriptor.HEADER_LENGTH);
            assertEquals(CAPACITY, channel.producerPosition());
            assertEquals(0L, ring.getLong(0), "the next header, at index 0 of the next lap, is pre-zeroed");
            assertTrue(producer.offer(1, body, 0, 8));
            assertEquals(CAPACITY + 16, channel.producerPosition(), "the next record at index 0");
            assertEquals(List.of(48, 8), pollLengths(channel));
        }
    }

    @Test
    void shouldDecideThePaddingAfterARunByTheHeadCacheNotByAHeadLoadedOnlyToShortenIt()
    {
        try (Channel channel = Channel.create(directory.resolve("run-head.ringway"), ChannelConfig.spsc(CAPACITY)))
        {
            final UnsafeBuffer ring = channel.ringBuffer();
            // the tail at 424 of the second lap, the head at 520 of the first, the head cache at 512
            placePositions(ring, CAPACITY + 424, 520, 512);
            final Producer producer = channel.producer();
            final ProducerBatch batch = new ProducerBatch(0);
            for (int i = 0; i < 4; i++)
            {
                batch.append(1 + i, body, 0, BODY_LENGTH);
            }
            // the cache leaves 88 bytes, too few for the 4 records: the run loads the head (96 bytes), which lets in
            // 2 records (80 bytes), as many as the cache had room for, so the head is not stored. The run ends at 1528,
            // 56 in its line: the cache leaves 8 bytes after it, the head would leave 16: no padding, as after offers
            // of the two
            assertEquals(2, producer.offerBatch(batch));
            assertEquals(CAPACITY + 504, channel.producerPosition());
            assertEquals(512, ring.getLong(HEAD_CACHE_OFFSET));
            assertEquals(0L, ring.getLong(504), "the next header, where the run ends");
        }
    }

    @Test
    void shouldPadAfterARunThatEndsEightBytesBeforeALineEndButNotInsideIt()
    {
        try (Channel channel = Channel.create(directory.resolve("run.ringway"), ChannelConfig.spsc(CAPACITY)))
        {
            final UnsafeBuffer ring = channel.ringBuffer();
            final Producer producer = channel.producer();
            final ProducerBatch batch = new ProducerBatch(0);
            for (int i = 0; i < 6; i++)
            {
                batch.append(1 + i, body, 0, BODY_LENGTH); // 0..240: the third record ends at 120 (56 in its line)
            }
            assertEquals(6, producer.offerBatch(batch));
            assertEquals(1 + 3, ring.getInt(120 + RecordDescriptor.TYPE_ID_OFFSET), "no padding inside the run");
            assertEquals(240, channel.producerPosition(), "240 is 48 in its line: no padding after the run");
            batch.reset();
            batch.append(7, body, 0, BODY_LENGTH).append(8, body, 0, 8); // 240..280, 280..296: 296 is 40 in its line
            batch.append(9, body, 0, 8); // 296..312: 312 is 56 in its line
            assertEquals(3, producer.offerBatch(batch));
            assertPaddingAt(ring, 312);
            assertEquals(320, channel.producerPosition());
            assertEquals(0L, ring.getLong(320), "the next header, pre-zeroed at the start of the line");
            assertEquals(List.of(BODY_LENGTH, BODY_LENGTH, BODY_LENGTH, BODY_LENGTH, BODY_LENGTH, BODY_LENGTH,
                BODY_LENGTH, 8, 8), pollLengths(channel));
        }
    }
}
