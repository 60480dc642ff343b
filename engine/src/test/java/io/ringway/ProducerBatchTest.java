package io.ringway;

import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link Producer#offerBatch(ProducerBatch)}: the messages of a batch in order, the prefix that fits when the ring
 * fills, a refused message stopping the batch. Its one wake check is tested in {@link WakeupTest}.
 */
class ProducerBatchTest
{
    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("batch");

    private final UnsafeBuffer body = new UnsafeBuffer(ByteBuffer.allocateDirect(64));

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void shouldDeliverEveryMessageOfABatchInOrderAcrossTheWrap(final RingKind kind)
    {
        try (Channel channel = Channel.create(directory.resolve("order.ringway"), ChannelConfig.of(kind, 1 << 10)))
        {
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            final ProducerBatch batch = new ProducerBatch(0);
            final List<Long> received = new ArrayList<>();
            final List<Integer> typeIds = new ArrayList<>();
            long nextValue = 0;
            for (int round = 0; round < 20; round++) // 20 * 10 * 24 bytes: the ring wraps several times
            {
                for (int i = 0; i < 10; i++)
                {
                    body.putLong(0, nextValue++);
                    batch.append(3 + i, body, 0, 16);
                }
                assertEquals(10, batch.pending());
                assertEquals(10, producer.offerBatch(batch));
                assertEquals(0, batch.pending());
                assertEquals(10, consumer.poll((typeId, buffer, index, length) ->
                {
                    typeIds.add(typeId);
                    received.add(buffer.getLong(index));
                    assertEquals(16, length);
                }, 100));
            }
            for (int i = 0; i < received.size(); i++)
            {
                assertEquals(i, received.get(i));
                assertEquals(3 + i % 10, typeIds.get(i));
            }
            assertEquals(0, producer.offerBatch(batch), "an empty batch writes nothing");
            assertEquals(0, WakeupTest.wakeCount(channel));
        }
    }

    @Test
    void shouldWriteThePrefixThatFitsAndKeepTheRestWhenTheRingFills()
    {
        try (Channel channel = Channel.create(directory.resolve("full.ringway"), ChannelConfig.spsc(1 << 10)))
        {
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            final ProducerBatch batch = new ProducerBatch(64);
            for (int i = 0; i < 20; i++)
            {
                body.putLong(0, i);
                batch.append(1, body, 0, 56);
            }
            // SPSC keeps 8 bytes free (LAYOUT 6.1): (1024 - 8) / 64 = 15 records of 56-byte bodies
            assertEquals(15, producer.offerBatch(batch));
            assertEquals(5, batch.pending());
            assertEquals(1, channel.headerBuffer().getLongVolatile(HeaderDescriptor.BACK_PRESSURE_COUNT_OFFSET));
            final List<Long> received = new ArrayList<>();
            consumer.poll((typeId, buffer, index, length) -> received.add(buffer.getLong(index)), 100);
            assertEquals(5, producer.offerBatch(batch), "the rest, after the consumer freed space");
            consumer.poll((typeId, buffer, index, length) -> received.add(buffer.getLong(index)), 100);
            assertEquals(20, received.size());
            for (int i = 0; i < 20; i++)
            {
                assertEquals(i, received.get(i));
            }
        }
    }

    @Test
    void shouldStopABatchAtARefusedMessageAndKeepIt()
    {
        try (Channel channel = Channel.create(directory.resolve("refused.ringway"), ChannelConfig.spsc(1 << 10)))
        {
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            final ProducerBatch batch = new ProducerBatch(0);
            batch.append(1, body, 0, 8).append(0, body, 0, 8).append(1, body, 0, 8);
            final IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> producer.offerBatch(batch));
            assertTrue(refused.getMessage().contains("field=typeId found=0"), refused.getMessage());
            assertEquals(2, batch.pending(), "the refused message stays first in the batch");
            assertEquals(1, consumer.poll((typeId, buffer, index, length) -> { }, 10));
        }
    }
}
