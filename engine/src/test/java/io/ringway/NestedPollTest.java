package io.ringway;

import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A poll called from inside a handler of the same consumer (a nested poll) is refused: it would read from the head the
 * outer poll has not moved yet, deliver the same messages again, and move the head back under the outer poll when it
 * returns. So is a close of the consumer or its channel there: the poll would go on without the lease, or unmapped.
 * The same tests in C (unit.ring.shouldRefuseAPollOfTheSameConsumerFromInsideItsHandler...) and Go
 * (TestShouldRefuseAPollOfTheSameConsumerFromInsideItsHandler...).
 */
class NestedPollTest
{
    private static final int CAPACITY = 1024;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("nested-poll");

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void shouldRefuseAPollOfTheSameConsumerFromInsideItsHandlerAndDeliverEveryMessageOnce(final RingKind kind)
    {
        try (Channel channel = Channel.create(directory.resolve(kind + ".ringway"), ChannelConfig.of(kind, CAPACITY)))
        {
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            for (long value = 1; value <= 3; value++)
            {
                offer(producer, value);
            }
            final List<Long> received = new ArrayList<>();
            final List<String> refusals = new ArrayList<>();
            final MessageHandler nested = (typeId, buffer, index, length) -> fail("a nested poll delivered a message");

            assertEquals(3, consumer.poll((typeId, buffer, index, length) ->
            {
                received.add(buffer.getLong(index));
                refusals.add(assertThrows(IllegalStateException.class, () -> consumer.poll(nested, 10)).getMessage());
                refusals.add(assertThrows(IllegalStateException.class,
                    () -> consumer.poll(nested, 10, 1, TimeUnit.MILLISECONDS)).getMessage());
            }, 10));

            assertEquals(List.of(1L, 2L, 3L), received, "each message once, in order");
            assertEquals(6, refusals.size());
            for (final String refusal : refusals)
            {
                assertEquals("poll inside a poll handler: file=" + channel.path() +
                    " field=consumer found=polling expected=a poll after the handler returns", refusal);
            }
            assertEquals(channel.producerPosition(), consumer.position(), "the head at the tail, not moved back");

            offer(producer, 4);
            assertEquals(1, consumer.poll((typeId, buffer, index, length) -> received.add(buffer.getLong(index)), 10));
            assertEquals(List.of(1L, 2L, 3L, 4L), received, "a poll after the handler returns works as before");
        }
    }

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void shouldLetAHandlerPollAnotherConsumer(final RingKind kind)
    {
        final ChannelConfig config = ChannelConfig.of(kind, CAPACITY);
        try (Channel outer = Channel.create(directory.resolve(kind + "-outer.ringway"), config);
            Channel inner = Channel.create(directory.resolve(kind + "-inner.ringway"), config))
        {
            offer(outer.producer(), 1);
            offer(inner.producer(), 2);
            final Consumer innerConsumer = inner.consumer();
            final List<Long> received = new ArrayList<>();

            assertEquals(1, outer.consumer().poll((typeId, buffer, index, length) ->
            {
                received.add(buffer.getLong(index));
                assertEquals(1, innerConsumer.poll((t, b, i, l) -> received.add(b.getLong(i)), 10));
            }, 10));

            assertEquals(List.of(1L, 2L), received);
        }
    }

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void shouldRefuseClosingTheConsumerOrItsChannelFromInsideAHandlerAndCloseAfterThePoll(final RingKind kind)
    {
        final Channel channel =
            Channel.create(directory.resolve(kind + "-close.ringway"), ChannelConfig.of(kind, CAPACITY));
        final Producer producer = channel.producer();
        final Consumer consumer = channel.consumer();
        for (long value = 1; value <= 3; value++)
        {
            offer(producer, value);
        }
        final List<Long> received = new ArrayList<>();
        final List<String> refusals = new ArrayList<>();

        assertEquals(3, consumer.poll((typeId, buffer, index, length) ->
        {
            received.add(buffer.getLong(index));
            refusals.add(assertThrows(IllegalStateException.class, consumer::close).getMessage());
            refusals.add(assertThrows(IllegalStateException.class, channel::close).getMessage());
        }, 10));

        assertEquals(List.of(1L, 2L, 3L), received, "each message once, in order");
        for (final String refusal : refusals)
        {
            assertEquals("close inside a poll handler: file=" + channel.path() +
                " field=file found=polling expected=closed after the poll returns", refusal);
        }
        assertFalse(channel.isClosed());
        assertEquals(channel.producerPosition(), consumer.position());
        assertThrows(ChannelFileException.class, channel::consumer, "the consumer lease is still held");
        offer(producer, 4);
        assertEquals(1, consumer.poll((typeId, buffer, index, length) -> received.add(buffer.getLong(index)), 10));

        consumer.close();
        channel.close();
        assertTrue(channel.isClosed());
    }

    private static void offer(final Producer producer, final long value)
    {
        final UnsafeBuffer body = new UnsafeBuffer(new byte[8]);
        body.putLong(0, value);
        assertTrue(producer.offer(1, body, 0, 8));
    }
}
