package io.ringway;

import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Inside a handler, {@link Consumer#messageEndPosition()} is the position just past the message's record, across the
 * wrap and padding, while the head released to producers has not passed that record.
 */
class MessageEndPositionTest
{
    @RegisterExtension
    final TempChannelDirectory channels = new TempChannelDirectory("message-end");

    @Test
    void shouldGiveEachMessagesRecordEndBeforeTheHeadPassesIt()
    {
        for (final RingKind kind : RingKind.values())
        {
            try (Channel channel = Channel.create(channels.resolve(kind + ".ringway"), ChannelConfig.of(kind, 1024));
                Producer producer = channel.producer();
                Consumer consumer = channel.consumer())
            {
                final UnsafeBuffer body = new UnsafeBuffer(new byte[128]);
                long expectedEnd = 0;
                for (int round = 0; round < 40; round++)
                {
                    final List<Long> ends = new ArrayList<>();
                    final List<Long> expected = new ArrayList<>();
                    final long headAtStart = channel.consumerPosition();
                    for (int i = 0; i < 3; i++)
                    {
                        final int length = (round * 7 + i * 13) % 100;
                        final int aligned = (RecordDescriptor.HEADER_LENGTH + length + 7) & ~7;
                        final long index = expectedEnd & 1023;
                        if (index + aligned > 1024)
                        {
                            expectedEnd += 1024 - index; // the producer pads to the end and wraps
                        }
                        assertTrue(producer.offer(1, body, 0, length));
                        expectedEnd += aligned;
                        expected.add(expectedEnd);
                        if (kind == RingKind.SPSC && (expectedEnd & 63) == 56)
                        {
                            expectedEnd += RecordDescriptor.HEADER_LENGTH; // line-start padding (LAYOUT 6.1 step 5a)
                        }
                    }
                    while (ends.size() < 3)
                    {
                        consumer.poll((typeId, buffer, index, length) ->
                        {
                            ends.add(consumer.messageEndPosition());
                            final long recordStart = consumer.messageEndPosition() -
                                ((RecordDescriptor.HEADER_LENGTH + length + 7) & ~7);
                            assertTrue(channel.consumerPosition() <= recordStart,
                                "the head is not released past a message before its handler returns");
                            assertTrue(channel.consumerPosition() >= headAtStart);
                        }, 3);
                    }
                    assertEquals(expected, ends, kind + " round " + round);
                }
            }
        }
    }
}
