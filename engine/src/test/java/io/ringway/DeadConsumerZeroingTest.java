package io.ringway;

import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An MPSC consumer killed while zeroing what it consumed (docs/LAYOUT.md, section 7.2), simulated in one process: the
 * state it leaves (pendingHeadPosition stored, records partly zeroed, head not released) is written by hand, then the
 * consumer's lease is freed as its death would free it.
 */
class DeadConsumerZeroingTest
{
    private static final int CAPACITY = 1024;
    private static final int RECORD_LENGTH = 16; // 8-byte header + 8-byte body

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("deadconsumer");

    private final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(8));

    @Test
    void shouldFinishTheZeroingOfAConsumerKilledWhileZeroingAndDeliverOnlyWhatItHadNotConsumed()
    {
        try (Channel channel = Channel.create(directory.resolve("channel.ringway"), ChannelConfig.mpsc(CAPACITY)))
        {
            final Producer producer = channel.producer();
            for (long value = 1; value <= 3; value++)
            {
                message.putLong(0, value);
                assertTrue(producer.offer(1, message, 0, 8));
            }
            // the dead consumer delivered records 1 and 2, stored where its zeroing led, and zeroed 12 of 32 bytes
            channel.headerBuffer().putLongRelease(HeaderDescriptor.PENDING_HEAD_POSITION_OFFSET, 2 * RECORD_LENGTH);
            channel.ringBuffer().setMemory(0, 12, (byte)0);

            final Consumer next = channel.consumer();
            assertEquals(2 * RECORD_LENGTH, next.position(), "the head moved to where the dead consumer was going");
            assertEquals(0, channel.ringBuffer().getLong(RECORD_LENGTH), "its zeroing was finished");
            final List<Long> received = new ArrayList<>();
            assertEquals(1, next.poll((typeId, buffer, index, length) -> received.add(buffer.getLong(index)), 10));
            assertEquals(List.of(3L), received);
        }
    }

    @Test
    void shouldIgnoreAPendingHeadPositionThatIsNotPlausible()
    {
        try (Channel channel = Channel.create(directory.resolve("channel.ringway"), ChannelConfig.mpsc(CAPACITY)))
        {
            final Producer producer = channel.producer();
            message.putLong(0, 1);
            assertTrue(producer.offer(1, message, 0, 8));
            channel.headerBuffer().putLongRelease(HeaderDescriptor.PENDING_HEAD_POSITION_OFFSET, 4 * RECORD_LENGTH);
            final Consumer next = channel.consumer();
            assertEquals(0, next.position(), "beyond the tail: ignored");
            assertEquals(1, next.poll((typeId, buffer, index, length) -> { }, 10));
        }
    }

    @Test
    void shouldLeaveThePendingHeadEqualToTheHeadAfterEveryCompletedPoll()
    {
        try (Channel channel = Channel.create(directory.resolve("channel.ringway"), ChannelConfig.mpsc(CAPACITY)))
        {
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            for (int i = 0; i < 100; i++)
            {
                assertTrue(producer.offer(1, message, 0, 8));
                assertEquals(1, consumer.poll((typeId, buffer, index, length) -> { }, 10));
                assertEquals(consumer.position(),
                    channel.headerBuffer().getLongVolatile(HeaderDescriptor.PENDING_HEAD_POSITION_OFFSET));
            }
        }
    }
}
