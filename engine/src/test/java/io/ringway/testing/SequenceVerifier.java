package io.ringway.testing;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;

import java.util.HashMap;
import java.util.Map;

import static io.ringway.testing.SequenceProtocol.*;

/**
 * Consumes conformance traffic (docs/CONFORMANCE.md) from any number of producers and checks, per producer: sequences
 * start at 0 and increase by exactly 1 (no loss, no duplicate, in order), every filler byte is right, and the END
 * message's count and checksum match what arrived. The first violation is kept and reported.
 */
public final class SequenceVerifier implements MessageHandler
{
    private static final class ProducerState
    {
        long nextSequence;
        long checksum = FNV_OFFSET_BASIS;
        boolean ended;
    }

    private final Map<Long, ProducerState> producers = new HashMap<>();
    private String firstError;
    private long messages;

    @Override
    public void onMessage(final int typeId, final org.agrona.MutableDirectBuffer buffer, final int index,
        final int length)
    {
        onBody(typeId, buffer, index, length);
    }

    /**
     * Checks one message body.
     */
    public void onBody(final int typeId, final DirectBuffer buffer, final int index, final int length)
    {
        messages++;
        if (length < 16)
        {
            fail("body too short: typeId=" + typeId + " length=" + length);
            return;
        }
        final long producerId = buffer.getLong(index + PRODUCER_ID_OFFSET);
        final ProducerState state = producers.computeIfAbsent(producerId, id -> new ProducerState());
        if (typeId == SEQUENCE_TYPE_ID)
        {
            final long sequence = buffer.getLong(index + SEQUENCE_OFFSET);
            if (state.ended)
            {
                fail("producer=" + producerId + " sent sequence=" + sequence + " after its END");
            }
            if (sequence != state.nextSequence)
            {
                fail("producer=" + producerId + " field=sequence found=" + sequence + " expected=" +
                    state.nextSequence);
            }
            if (length != sequenceLength(sequence))
            {
                fail("producer=" + producerId + " sequence=" + sequence + " field=length found=" + length +
                    " expected=" + sequenceLength(sequence));
            }
            for (int i = FILLER_OFFSET; i < length; i++)
            {
                final byte expected = (byte)(sequence + (i - FILLER_OFFSET));
                if (buffer.getByte(index + i) != expected)
                {
                    fail("producer=" + producerId + " sequence=" + sequence + " filler byte " + i + " found=" +
                        buffer.getByte(index + i) + " expected=" + expected);
                    break;
                }
            }
            state.checksum = checksum(state.checksum, buffer, index, length);
            state.nextSequence = sequence + 1;
        }
        else if (typeId == END_TYPE_ID)
        {
            final long count = buffer.getLong(index + COUNT_OFFSET);
            final long checksum = buffer.getLong(index + CHECKSUM_OFFSET);
            if (count != state.nextSequence)
            {
                fail("producer=" + producerId + " field=count found=" + count + " received=" + state.nextSequence);
            }
            if (checksum != state.checksum)
            {
                fail("producer=" + producerId + " field=checksum found=" + Long.toHexString(checksum) +
                    " computed=" + Long.toHexString(state.checksum));
            }
            state.ended = true;
        }
        else
        {
            fail("unexpected typeId=" + typeId);
        }
    }

    private void fail(final String error)
    {
        if (firstError == null)
        {
            firstError = error;
        }
    }

    /**
     * @param producerCount how many producers must have ended.
     * @return true when that many producers sent their END message.
     */
    public boolean allEnded(final int producerCount)
    {
        return producers.values().stream().filter(s -> s.ended).count() >= producerCount;
    }

    /**
     * @return the first violation seen, or null.
     */
    public String firstError()
    {
        return firstError;
    }

    /**
     * @return messages seen, END messages included.
     */
    public long messages()
    {
        return messages;
    }

    /**
     * @return producers seen so far.
     */
    public int producerCount()
    {
        return producers.size();
    }

    /**
     * @return producers that sent their END message.
     */
    public int endedCount()
    {
        return (int)producers.values().stream().filter(s -> s.ended).count();
    }

    /**
     * @return SEQUENCE messages received from all producers.
     */
    public long sequences()
    {
        return producers.values().stream().mapToLong(s -> s.nextSequence).sum();
    }

    /**
     * @param producerId a producer.
     * @return SEQUENCE messages received from it.
     */
    public long received(final long producerId)
    {
        final ProducerState state = producers.get(producerId);
        return state == null ? 0 : state.nextSequence;
    }
}
