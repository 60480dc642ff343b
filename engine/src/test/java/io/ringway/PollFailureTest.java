package io.ringway;

import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What a poll that fails part way leaves behind (docs/LAYOUT.md 7 steps 3 and 5, 9.2, 11): a handler that throws, or a
 * corrupt record after good ones, still counts what was delivered in {@code messagesConsumed}, still wakes producers
 * parked for the space freed, and leaves every message after the failure for the next poll. C and Go have the same
 * tests (unit.ring.shouldCountAndWakeWhenAPollStopsAtACorruptRecord,
 * TestShouldDeliverTheRestOfAPollAfterAHandlerPanic).
 */
class PollFailureTest
{
    private static final int CAPACITY = 1 << 12;
    private static final int BODY_LENGTH = 16;
    /** Each record: 8 bytes of header and the 16-byte body, aligned to 8. */
    private static final int RECORD_LENGTH = RecordDescriptor.HEADER_LENGTH + BODY_LENGTH;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("poll-failure");

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void shouldCountConsumeAndWakeUpToTheMessageWhoseHandlerThrewAndDeliverTheRestNextPoll(final RingKind kind)
    {
        try (Channel channel = Channel.create(directory.resolve("throw.ringway"), ChannelConfig.of(kind, CAPACITY)))
        {
            offerSequence(channel.producer(), 5);
            final Consumer consumer = channel.consumer();
            parkAProducerForSpace(channel);
            final List<Integer> seen = new ArrayList<>();

            final IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> consumer.poll(
                (typeId, buffer, index, length) ->
                {
                    seen.add(buffer.getInt(index));
                    if (buffer.getInt(index) == 2)
                    {
                        throw new IllegalStateException("handler failed on 2");
                    }
                }, 10));

            assertEquals("handler failed on 2", thrown.getMessage());
            assertEquals(List.of(1, 2), seen);
            assertEquals(2, messagesConsumed(channel), "the message whose handler threw counts as consumed");
            assertEquals(2L * RECORD_LENGTH, channel.consumerPosition());
            assertEquals(1, channel.headerBuffer().getLongVolatile(HeaderDescriptor.WAKE_COUNT_OFFSET),
                "the producer parked for space was woken");
            assertEquals(0, channel.headerBuffer().getIntVolatile(HeaderDescriptor.SPACE_WAITERS_OFFSET));

            assertEquals(3, consumer.poll((typeId, buffer, index, length) -> seen.add(buffer.getInt(index)), 10));
            assertEquals(List.of(1, 2, 3, 4, 5), seen);
            assertEquals(5, messagesConsumed(channel));
        }
    }

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void shouldCountAndWakeForTheGoodRecordsBeforeACorruptOne(final RingKind kind)
    {
        try (Channel channel = Channel.create(directory.resolve("corrupt.ringway"), ChannelConfig.of(kind, CAPACITY)))
        {
            offerSequence(channel.producer(), 4);
            // another process scribbles an impossible length over the fourth record
            channel.ringBuffer().putIntVolatile(3 * RECORD_LENGTH + RecordDescriptor.LENGTH_OFFSET, CAPACITY * 2);
            final Consumer consumer = channel.consumer();
            parkAProducerForSpace(channel);
            final List<Integer> seen = new ArrayList<>();

            final ChannelCorruptedException corrupt = assertThrows(ChannelCorruptedException.class,
                () -> consumer.poll((typeId, buffer, index, length) -> seen.add(buffer.getInt(index)), 10));

            assertEquals("length", corrupt.field());
            assertEquals(3L * RECORD_LENGTH, corrupt.position());
            assertEquals(List.of(1, 2, 3), seen);
            assertEquals(3, messagesConsumed(channel));
            assertEquals(3L * RECORD_LENGTH, channel.consumerPosition(), "stopped before the corrupt record");
            assertEquals(1, channel.headerBuffer().getLongVolatile(HeaderDescriptor.WAKE_COUNT_OFFSET));
        }
    }

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void shouldWaitForeverWithTheLargestTimeoutAndPollOnceWithANegativeOne(final RingKind kind) throws Exception
    {
        try (Channel channel = Channel.create(directory.resolve("timeouts.ringway"), ChannelConfig.of(kind, CAPACITY)))
        {
            final Consumer consumer = channel.consumer();
            assertEquals(0, consumer.poll((typeId, buffer, index, length) -> { }, 1, -1, TimeUnit.NANOSECONDS));
            final Thread producer = new Thread(() ->
            {
                sleepQuietly(50);
                offerSequence(channel.producer(), 1);
            });
            producer.start();
            assertEquals(1, consumer.poll((typeId, buffer, index, length) -> { }, 1, Long.MAX_VALUE,
                TimeUnit.NANOSECONDS), "a wait of Long.MAX_VALUE ns lasts until the message comes");
            producer.join();
        }
    }

    private static void offerSequence(final Producer producer, final int count)
    {
        final UnsafeBuffer body = new UnsafeBuffer(new byte[BODY_LENGTH]);
        for (int i = 1; i <= count; i++)
        {
            body.putInt(0, i);
            assertEquals(true, producer.offer(1, body, 0, BODY_LENGTH));
        }
    }

    /** What a producer does before it parks for space (LAYOUT 9.1): the consumer must then wake it. */
    private static void parkAProducerForSpace(final Channel channel)
    {
        channel.headerBuffer().putIntVolatile(HeaderDescriptor.SPACE_WAITERS_OFFSET, 1);
    }

    private static long messagesConsumed(final Channel channel)
    {
        return channel.headerBuffer().getLongVolatile(HeaderDescriptor.MESSAGES_CONSUMED_OFFSET);
    }

    private static void sleepQuietly(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
