package io.ringway;

import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An offer reads its source buffer's array and address before it claims (LAYOUT 6.1 step 6: no code of the caller
 * runs between an offer's claim and its commit), so a source buffer that throws leaves nothing claimed: the channel
 * goes on. Before, the exception came after the claim and left it open, and the consumer stopped there for good.
 */
class OfferSourceFailureTest
{
    private static final int CAPACITY = 1024;
    private static final int TAIL_OFFSET = CAPACITY + TrailerDescriptor.TAIL_POSITION_OFFSET;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("offer-source");

    /** A source whose memory cannot be reached: its array accessor throws, as a buffer over a closed resource may. */
    private static final class FailingBuffer extends UnsafeBuffer
    {
        FailingBuffer(final byte[] bytes)
        {
            super(bytes);
        }

        @Override
        public byte[] byteArray()
        {
            throw new IllegalStateException("source closed");
        }
    }

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void shouldClaimNothingAndDeliverTheNextMessageWhenTheSourceBufferThrows(final RingKind kind)
    {
        try (Channel channel = Channel.create(directory.resolve(kind + ".ringway"), ChannelConfig.of(kind, CAPACITY)))
        {
            final UnsafeBuffer ring = channel.ringBuffer();
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            final UnsafeBuffer body = new UnsafeBuffer(new byte[32]);
            body.putLong(0, 7L);
            assertTrue(producer.offer(1, body, 0, 32));
            final long tailBefore = ring.getLongVolatile(TAIL_OFFSET);

            final IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> producer.offer(2, new FailingBuffer(new byte[32]), 0, 32));
            assertEquals("source closed", failure.getMessage());
            assertEquals(tailBefore, ring.getLongVolatile(TAIL_OFFSET), "the failed offer claimed nothing");

            body.putLong(0, 8L);
            assertTrue(producer.offer(3, body, 0, 32));
            final List<Long> received = new ArrayList<>();
            assertEquals(2, consumer.poll((typeId, buffer, index, length) -> received.add(buffer.getLong(index)), 10));
            assertEquals(List.of(7L, 8L), received, "the messages before and after the failed offer");
        }
    }
}
