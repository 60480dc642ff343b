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
 *
 * <p>And a tail that is not a multiple of 8, which no producer stores: every claim refuses it before writing anything
 * (docs/conformance/hostile-tail-misaligned-*.scenario runs the offers and claims in all three languages; Go's
 * TestShouldRefuseToClaimAtAMisalignedTailInsteadOfWritingThere, C's
 * unit.ring.shouldRefuseToClaimAtAMisalignedTailInsteadOfWritingThere).
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

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void offersClaimsAndBatchesShouldRefuseAMisalignedTailAndWriteNothing(final RingKind kind)
    {
        try (Channel channel = Channel.create(directory.resolve(kind + ".ringway"), ChannelConfig.of(kind, CAPACITY)))
        {
            final Producer producer = channel.producer();
            final UnsafeBuffer ring = channel.ringBuffer();
            final int tailOffset = CAPACITY + TrailerDescriptor.TAIL_POSITION_OFFSET;
            ring.putLongRelease(tailOffset, 3);
            final byte[] ringBefore = new byte[CAPACITY + TrailerDescriptor.TRAILER_LENGTH];
            ring.getBytes(0, ringBefore);
            final UnsafeBuffer body = new UnsafeBuffer(filled((byte)0x22));
            final ProducerBatch batch = new ProducerBatch(256).append(2, body, 0, BODY_LENGTH).append(2, body, 0, 8);

            final ChannelCorruptedException offerRefused =
                assertThrows(ChannelCorruptedException.class, () -> producer.offer(2, body, 0, BODY_LENGTH));
            final ChannelCorruptedException claimRefused =
                assertThrows(ChannelCorruptedException.class, () -> producer.tryClaim(2, BODY_LENGTH));
            final ChannelCorruptedException batchRefused =
                assertThrows(ChannelCorruptedException.class, () -> producer.offerBatch(batch));

            for (final ChannelCorruptedException refused : List.of(offerRefused, claimRefused, batchRefused))
            {
                assertEquals("tailPosition", refused.field());
                assertEquals("3", refused.found());
                assertEquals("a multiple of 8", refused.expected());
                assertEquals(channel.path(), refused.file());
            }
            assertEquals(2, batch.pending(), "the batch keeps both messages");
            final byte[] ringAfter = new byte[ringBefore.length];
            ring.getBytes(0, ringAfter);
            assertArrayEquals(ringBefore, ringAfter, "no byte of the data area or trailer was written");
            assertEquals(0, channel.backPressureCount(), "a refusal is not back-pressure");
        }
    }

    private static byte[] filled(final byte value)
    {
        final byte[] body = new byte[BODY_LENGTH];
        Arrays.fill(body, value);
        return body;
    }
}
