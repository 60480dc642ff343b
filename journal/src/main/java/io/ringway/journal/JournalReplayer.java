package io.ringway.journal;

import io.ringway.Producer;
import org.agrona.DirectBuffer;

import java.util.concurrent.TimeUnit;

/**
 * Replays journal records into a channel as its producer: each record's body and type id become a message. A full
 * channel stops a replay step before the record that did not fit; the next step offers it again, so nothing is lost or
 * reordered. No allocation per message.
 */
public final class JournalReplayer implements JournalHandler
{
    private final JournalReader reader;
    private final Producer producer;
    private long replayedCount;
    private long replayedBytes;
    private long lastIndex = -1;

    /**
     * @param reader   where records come from, positioned where the replay starts.
     * @param producer where they go.
     */
    public JournalReplayer(final JournalReader reader, final Producer producer)
    {
        this.reader = reader;
        this.producer = producer;
    }

    /**
     * Offers up to {@code limit} records to the channel.
     *
     * @return records offered; fewer than available when the channel is full.
     */
    public int replay(final int limit)
    {
        return reader.poll(this, limit);
    }

    /**
     * Offers up to {@code limit} records to the channel, waiting up to {@code timeout} at the journal's tail for the
     * writer to append, as {@link JournalReader#poll(JournalHandler, int, long, TimeUnit)} does (parked, no CPU). A full
     * channel ends the wait at once.
     *
     * @return records offered; 0 when the timeout elapsed at the tail or the channel is full.
     */
    public int replay(final int limit, final long timeout, final TimeUnit unit)
    {
        return reader.poll(this, limit, timeout, unit);
    }

    /**
     * Claims room in the channel, copies the record into it, then checks that the segment still holds every committed
     * record (fstat, {@link JournalReader#checkNotTruncated()}) and only then commits: a segment truncated under the
     * reader reads as zeros or faults, and such bytes are aborted (the consumer skips the claim), never forwarded.
     */
    @Override
    public boolean onRecord(final long index, final long timestampNs, final int typeId, final DirectBuffer buffer,
        final int offset, final int length)
    {
        final int claimIndex = producer.tryClaim(typeId, length);
        if (claimIndex == Producer.RING_FULL)
        {
            return false;
        }
        boolean committed = false;
        try
        {
            producer.buffer().putBytes(claimIndex, buffer, offset, length);
            reader.checkNotTruncated();
            producer.commit(claimIndex);
            committed = true;
        }
        finally
        {
            if (!committed)
            {
                producer.abort(claimIndex);
            }
        }
        replayedCount++;
        replayedBytes += length;
        lastIndex = index;
        return true;
    }

    /**
     * @return records offered into the channel so far.
     */
    public long replayedCount()
    {
        return replayedCount;
    }

    /**
     * @return body bytes offered into the channel so far.
     */
    public long replayedBytes()
    {
        return replayedBytes;
    }

    /**
     * @return the index of the last record replayed, or -1.
     */
    public long lastIndex()
    {
        return lastIndex;
    }
}
