package io.ringway.journal;

import io.ringway.Channel;
import io.ringway.Consumer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;

import java.util.concurrent.TimeUnit;

/**
 * Records a channel into a journal, exactly once across crashes (docs/LAYOUT.md 14.6): as the channel's consumer it
 * appends each message before the consumer releases the channel's head past it, with the channel position just past
 * the message; a recorder restarted on the same channel skips what the journal already holds. It may also pass each
 * message on to a handler of the application (a tee). No allocation per message.
 */
public final class JournalRecorder implements MessageHandler
{
    private final Consumer consumer;
    private final JournalWriter writer;
    private final MessageHandler downstream;
    /** The channel's largest body: the room the journal makes before each poll, per message. */
    private final int channelMaxMessageLength;
    private long skipThroughPosition;
    private long recordedCount;
    private long skippedCount;
    private long recordedBytes;

    /**
     * @param consumer   the channel's consumer; the recorder polls it.
     * @param writer     the journal to append to.
     * @param downstream receives every message after it is journaled, or {@code null}.
     * @throws JournalFileException when the channel's messages can be longer than the journal holds, or the journal
     *                              and the channel name different SBE schemas.
     */
    public JournalRecorder(final Consumer consumer, final JournalWriter writer, final MessageHandler downstream)
    {
        final Channel channel = consumer.channel();
        if (channel.maxMessageLength() > writer.maxMessageLength())
        {
            throw new JournalFileException("journal cannot hold the channel's largest message", writer.directory(),
                "maxMessageLength", writer.maxMessageLength(), ">=" + channel.maxMessageLength() +
                " (the channel's maxMessageLength; use larger segments)");
        }
        if (writer.schemaId() != 0 && channel.schemaId() != 0 && writer.schemaId() != channel.schemaId())
        {
            throw new JournalFileException("journal holds messages of another SBE schema", writer.directory(),
                "schemaId", writer.schemaId(), channel.schemaId() + " (the channel's schemaId)");
        }
        this.consumer = consumer;
        this.writer = writer;
        this.downstream = downstream;
        this.channelMaxMessageLength = channel.maxMessageLength();
        this.skipThroughPosition = writer.beginSource(channel.creationTimeMs(), channel.creatorPid());
    }

    /**
     * Journals up to {@code limit} messages available now.
     *
     * @return messages taken from the channel (journaled or, after a restart, skipped as already journaled).
     * @throws JournalFileException when the journal cannot make room (a full file system when rolling: field
     *                              {@code fileLength}); the roll is tried before the channel is polled, so every
     *                              message taken from the channel is journaled and the channel keeps the rest.
     */
    public int poll(final int limit)
    {
        return pollMore(0, limit);
    }

    /**
     * Journals up to {@code limit} messages, waiting up to {@code timeout} for the first as the consumer's wait
     * strategy says (parked on the channel's futex with the blocking strategy).
     *
     * @return messages taken from the channel.
     * @throws JournalFileException as {@link #poll(int)}.
     */
    public int poll(final int limit, final long timeout, final TimeUnit unit)
    {
        if (limit <= 0)
        {
            return consumer.poll(this, limit, timeout, unit);
        }
        final int chunk = limitWithRoom(limit);
        final int taken = consumer.poll(this, chunk, timeout, unit);
        return taken < chunk ? taken : pollMore(taken, limit);
    }

    /** Polls without waiting, in chunks that fit in the tail segment, until {@code limit} or the channel is empty. */
    private int pollMore(final int alreadyTaken, final int limit)
    {
        int taken = alreadyTaken;
        while (taken < limit)
        {
            final int chunk = limitWithRoom(limit - taken);
            final int polled = consumer.poll(this, chunk);
            taken += polled;
            if (polled < chunk)
            {
                break;
            }
        }
        return taken;
    }

    /**
     * The consumer releases the channel's head past every message it delivered, even one whose handler threw, so
     * the journal makes room (rolls) here, before each poll of the channel, and that poll takes no more messages than
     * fit in the tail segment: an append inside the handler never rolls and so never meets a full file system
     * (LAYOUT 14.6). A poll of the recorder polls the channel again, in such chunks, up to its limit.
     */
    private int limitWithRoom(final int limit)
    {
        return (int)Math.min(limit, writer.rollUnlessRoomFor(channelMaxMessageLength));
    }

    @Override
    public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long endPosition = consumer.messageEndPosition();
        if (endPosition <= skipThroughPosition)
        {
            skippedCount++;
        }
        else
        {
            writer.append(typeId, buffer, index, length, endPosition);
            recordedCount++;
            recordedBytes += length;
        }
        if (downstream != null)
        {
            downstream.onMessage(typeId, buffer, index, length);
        }
    }

    /**
     * @return messages appended to the journal by this recorder.
     */
    public long recordedCount()
    {
        return recordedCount;
    }

    /**
     * @return body bytes appended to the journal by this recorder.
     */
    public long recordedBytes()
    {
        return recordedBytes;
    }

    /**
     * @return messages skipped because a previous recorder had journaled them before it died.
     */
    public long skippedCount()
    {
        return skippedCount;
    }

    /**
     * @return the journal writer.
     */
    public JournalWriter writer()
    {
        return writer;
    }
}
