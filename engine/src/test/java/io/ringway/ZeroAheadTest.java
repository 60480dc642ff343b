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
 * LAYOUT 6.1 "Zero ahead": after each commit an SPSC producer zeroes the free space up to the end of the cache line
 * after the one holding the next header's end, so that the next claim finds its next header zero already and stores
 * nothing to a second line before its commit; never past the end of the data area or the head cache plus the
 * capacity. The same tests in C (unit.ring.shouldZeroAhead...) and Go (TestShouldZeroAhead...).
 */
class ZeroAheadTest
{
    private static final int CAPACITY = 1024;
    private static final byte OLD = (byte)0xAB;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("zero-ahead");

    @Test
    void shouldZeroAheadToTheEndOfTheCacheLineAfterTheNextHeaderAfterACommit()
    {
        try (Channel channel = Channel.create(directory.resolve("window.ringway"), ChannelConfig.spsc(CAPACITY)))
        {
            final UnsafeBuffer ring = channel.ringBuffer();
            // old bytes everywhere but the first header, as a ring leaves them after laps
            ring.setMemory(RecordDescriptor.HEADER_LENGTH, CAPACITY - RecordDescriptor.HEADER_LENGTH, OLD);
            final Producer producer = channel.producer();
            final UnsafeBuffer body = new UnsafeBuffer(new byte[20]);

            assertTrue(producer.offer(1, body, 0, 20)); // record 28 bytes, 32 aligned: the tail is at 32
            assertBytes(ring, 32, 40, (byte)0, "the next header, zeroed before the commit");
            assertBytes(ring, 40, 128, (byte)0, "zeroed ahead to the end of the line after the next header's");
            assertBytes(ring, 128, CAPACITY, OLD, "nothing further");

            assertTrue(producer.offer(1, body, 0, 20)); // the tail is at 64, its header's line ends at 128
            assertBytes(ring, 64, 192, (byte)0, "the window moved on by a line");
            assertBytes(ring, 192, CAPACITY, OLD, "nothing further");

            final List<Integer> lengths = new ArrayList<>();
            assertEquals(2, channel.consumer().poll((typeId, buffer, index, length) -> lengths.add(length), 10));
            assertEquals(List.of(20, 20), lengths);
        }
    }

    @Test
    void shouldNeverZeroAheadPastTheHeadCacheOrTheEndOfTheDataArea()
    {
        try (Channel channel = Channel.create(directory.resolve("bounds.ringway"), ChannelConfig.spsc(CAPACITY)))
        {
            final UnsafeBuffer ring = channel.ringBuffer();
            final byte[] trailerBefore = new byte[TrailerDescriptor.TRAILER_LENGTH];
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            final UnsafeBuffer body = new UnsafeBuffer(new byte[40]);
            int sent = 0;
            // several laps, the ring filled to back-pressure each time before it is drained: unread records are never
            // zeroed, and no store lands past the data area (the trailer keeps its bytes but the positions)
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
                ring.getBytes(CAPACITY, trailerBefore);
                final int[] received = new int[1];
                final int expectedFirst = sent;
                consumer.poll((typeId, buffer, index, length) ->
                {
                    for (int i = 0; i < length; i++)
                    {
                        assertNotEquals(0, buffer.getByte(index + i), "an unread body was zeroed");
                    }
                    received[0]++;
                }, Integer.MAX_VALUE);
                assertTrue(received[0] > 0 && expectedFirst > 0);
                final byte[] trailerAfter = new byte[TrailerDescriptor.TRAILER_LENGTH];
                ring.getBytes(CAPACITY, trailerAfter);
                // the consumer moved the head and its counters; the producer's side of the trailer is unchanged
                assertArrayEquals(Arrays.copyOfRange(trailerBefore, TrailerDescriptor.TAIL_POSITION_OFFSET,
                    TrailerDescriptor.TAIL_POSITION_OFFSET + Long.BYTES), Arrays.copyOfRange(trailerAfter,
                    TrailerDescriptor.TAIL_POSITION_OFFSET, TrailerDescriptor.TAIL_POSITION_OFFSET + Long.BYTES));
            }
        }
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
