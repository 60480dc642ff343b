package io.ringway;

import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A tail position that a stray write moved far ahead of the head after the channel was opened (LAYOUT 11: nothing read
 * from the file is trusted). The claim computes the room left as ringway.h and Go do, in 64 bits: a tail more than the
 * capacity ahead of the head leaves none. Agrona's claim, which Java used before, takes the distance as an int: a tail
 * 2^32 + 8 bytes ahead then looks 8 bytes ahead, and the next offer or tryClaim wrote over the unread record at the
 * head. The same test in C and Go: unit.ring.shouldNeverWriteOverAnUnreadRecordWhenTheTailWasMovedMore... and
 * TestShouldNeverWriteOverAnUnreadRecordWhenTheTailWasMovedMoreThanACapacityAheadOfTheHead.
 */
class CorruptTailClaimTest
{
    private static final int CAPACITY = 1024;
    private static final int BODY_LENGTH = 32;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("corrupt-tail");

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void offersAndClaimsShouldNeverWriteOverAnUnreadRecordWhenTheTailWasMovedMoreThanACapacityAheadOfTheHead(
        final RingKind kind)
    {
        try (Channel channel = Channel.create(directory.resolve(kind + ".ringway"), ChannelConfig.of(kind, CAPACITY)))
        {
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            final byte[] unread = filled((byte)0x11);
            assertTrue(producer.offer(1, new UnsafeBuffer(unread), 0, BODY_LENGTH));

            // the head is at 0: a tail of 2^32 + 8 is a distance that an int truncates to 8
            channel.ringBuffer().putLongRelease(CAPACITY + TrailerDescriptor.TAIL_POSITION_OFFSET, (1L << 32) + 8);
            assertFalse(producer.offer(2, new UnsafeBuffer(filled((byte)0x22)), 0, BODY_LENGTH),
                "no room is left when the tail is more than the capacity ahead of the head");
            assertEquals(Producer.RING_FULL, producer.tryClaim(2, BODY_LENGTH), "nor for a claim in place");

            final List<byte[]> bodies = new ArrayList<>();
            assertEquals(1, consumer.poll((typeId, buffer, index, length) ->
            {
                final byte[] body = new byte[length];
                buffer.getBytes(index, body);
                bodies.add(body);
            }, 10));
            assertArrayEquals(unread, bodies.get(0), "the unread record is intact");
        }
    }

    private static byte[] filled(final byte value)
    {
        final byte[] body = new byte[BODY_LENGTH];
        Arrays.fill(body, value);
        return body;
    }
}
