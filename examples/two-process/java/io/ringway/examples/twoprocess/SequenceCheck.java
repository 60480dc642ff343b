package io.ringway.examples.twoprocess;

import org.agrona.DirectBuffer;

import static io.ringway.examples.twoprocess.TwoProcessProtocol.*;

/**
 * What a consumer of {@link TwoProcessProtocol} checks: every DATA sequence number once and in order from 0, then an
 * END whose count is the number of DATA messages. Pass {@link #onMessage} to a consumer's poll.
 */
public final class SequenceCheck
{
    private long nextSequence;
    private long expectedCount = -1;
    private String error;

    /** A consumer's message handler. */
    public void onMessage(final int typeId, final DirectBuffer buffer, final int index, final int length)
    {
        if (typeId == DATA_TYPE_ID)
        {
            final long sequence = buffer.getLong(index + SEQUENCE_OFFSET);
            if (sequence != nextSequence && error == null)
            {
                error = "sequence found=" + sequence + " expected=" + nextSequence;
            }
            nextSequence = sequence + 1;
        }
        else if (typeId == END_TYPE_ID)
        {
            expectedCount = buffer.getLong(index + COUNT_OFFSET);
        }
    }

    /** @return true once END arrived. */
    public boolean ended()
    {
        return expectedCount >= 0;
    }

    /** @return the DATA messages received (one past the last sequence number). */
    public long received()
    {
        return nextSequence;
    }

    /** @return null when every sequence number arrived once, in order, and END's count matches; else what did not. */
    public String failure()
    {
        return error != null ? error : expectedCount != nextSequence ?
            "count found=" + nextSequence + " expected=" + expectedCount : null;
    }
}
