package io.ringway.bridge;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.ringway.Channel;
import io.ringway.Consumer;
import io.ringway.journal.JournalConfig;
import io.ringway.journal.JournalHandler;
import io.ringway.journal.JournalReader;
import io.ringway.journal.JournalRecorder;
import io.ringway.journal.JournalWriter;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.BooleanSupplier;

import static io.ringway.bridge.BridgeFrameDescriptor.*;

/**
 * The sending side of a bridge (docs/BRIDGE.md): the consumer of a local channel that publishes each message, with its
 * type id, to an Aeron publication. A message leaves the channel only once Aeron has taken it, so a slow receiver or
 * an absent one slows the channel's producers (back-pressure), and nothing is dropped.
 *
 * <p>With a journal directory the sender first journals the channel (a {@link JournalRecorder}: exactly once across
 * its own restarts) and publishes from the journal, each message with its journal index; it starts, and after every
 * receiver restart resumes, at the index the receiver asks for on the ack stream, so that a receiver with a state file
 * delivers every index exactly once (docs/BRIDGE.md 4).
 *
 * <p>Single-threaded: call {@link #doWork()} in a loop, or {@link #run(BooleanSupplier)}.
 */
public final class BridgeSender implements AutoCloseable
{
    /** How long {@link #close()} keeps offering what is framed. */
    static final long CLOSE_FLUSH_TIMEOUT_NS = 1_000_000_000L;

    private final BridgeConfig config;
    private final AeronConnection aeron;
    private final ExclusivePublication publication;
    private final Channel channel;
    private final Consumer consumer;
    private final BridgeStateFile state;
    private final JournalWriter writer;
    private final JournalRecorder recorder;
    private final JournalReader reader;
    private final Subscription ackSubscription;
    private final UnsafeBuffer frame;
    private final int frameCapacity;
    private final boolean batching;
    private final short flags;
    private final MessageHandler channelHandler = this::onChannelMessage;
    private final JournalHandler journalHandler = this::onJournalRecord;
    private final FragmentHandler resumeHandler = this::onResume;
    private final IdleStrategy publishIdle;
    private BooleanSupplier stop = () -> false;
    private int frameLength = FRAME_HEADER_LENGTH;
    private int entryCount;
    private long sequence;
    private boolean resumed;
    private long messagesSent;
    private long backPressureCount;
    private boolean closed;
    /** A stopped wait for Aeron gave up: close() does not wait again. */
    private boolean stoppedWaiting;
    private IllegalStateException badResume;

    /**
     * Opens the channel as its consumer, connects to Aeron and adds the publication (and, with a journal, opens or
     * continues the journal and subscribes to the ack stream).
     *
     * @param config what to bridge.
     * @throws IllegalArgumentException when a journal is configured without an ack channel.
     */
    public BridgeSender(final BridgeConfig config)
    {
        this.config = config;
        this.publishIdle = config.idle().newIdleStrategy();
        if (config.journalDirectory() != null && config.ackChannel() == null)
        {
            throw new IllegalArgumentException("a journal needs an ack channel: field=ackChannel found=null " +
                "expected=aeron:udp?endpoint=SENDER_HOST:PORT (the receiver asks there where to resume)");
        }
        AeronConnection aeron = null;
        Channel channel = null;
        BridgeStateFile state = null;
        JournalWriter writer = null;
        JournalReader reader = null;
        try
        {
            channel = Channel.open(config.channelPath());
            this.consumer = channel.consumer();
            state = config.stateFile() == null ? null :
                BridgeStateFile.open(config.stateFile(), BridgeStateFile.ROLE_SENDER);
            if (config.journalDirectory() != null)
            {
                writer = JournalWriter.open(config.journalDirectory(), new JournalConfig());
                this.recorder = new JournalRecorder(consumer, writer, null);
                reader = JournalReader.open(config.journalDirectory());
            }
            else
            {
                this.recorder = null;
            }
            aeron = AeronConnection.connect(config.aeronDirectory(), config.idle());
            this.publication = aeron.aeron().addExclusivePublication(config.aeronChannel(), config.streamId());
            this.ackSubscription = config.journalDirectory() == null ? null :
                aeron.aeron().addSubscription(config.ackChannel(), config.ackStreamId());
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.closeAll(reader, writer, aeron, state, channel);
            throw ex;
        }
        this.aeron = aeron;
        this.channel = channel;
        this.state = state;
        this.writer = writer;
        this.reader = reader;
        this.batching = config.batching();
        this.flags = config.journalDirectory() == null ? 0 : FLAG_JOURNAL_INDEX;
        // a frame holds the channel's largest message; a batch fills at most one MTU's payload
        this.frameCapacity = Math.max(publication.maxPayloadLength(),
            FRAME_HEADER_LENGTH + entryLength(channel.maxMessageLength()));
        this.frame = new UnsafeBuffer(ByteBuffer.allocateDirect(frameCapacity).order(ByteOrder.LITTLE_ENDIAN));
        frame.putShort(VERSION_OFFSET, VERSION);
        frame.putShort(FLAGS_OFFSET, flags);
    }

    /**
     * One duty cycle: publishes what the previous cycle could not, then takes up to the poll limit of messages (from
     * the channel, or from the journal once the receiver said where to resume).
     *
     * @return the work done (0: idle).
     */
    public int doWork()
    {
        int work = 0;
        if (recorder != null)
        {
            work += recorder.poll(config.pollLimit());
            work += ackSubscription.poll(resumeHandler, 16);
            if (badResume != null)
            {
                throw badResume;
            }
            if (resumed && (entryCount == 0 || flush()))
            {
                work += reader.poll(journalHandler, config.pollLimit());
                flushIfAny();
            }
        }
        else if (entryCount == 0 || flush())
        {
            if (publication.isConnected())
            {
                work += consumer.poll(channelHandler, config.pollLimit());
                flushIfAny();
            }
            else
            {
                consumer.heartbeat();
            }
        }
        updateState();
        return work;
    }

    /**
     * Runs duty cycles until {@code stop} says so, idling as {@link BridgeConfig#idle(BridgeIdle)} says (by default
     * backing off to 1 ms parks) while there is nothing to do.
     *
     * @param stop checked between cycles, and while a message taken from the channel waits for Aeron.
     */
    public void run(final BooleanSupplier stop)
    {
        stopWhen(stop);
        final IdleStrategy idle = config.idle().newIdleStrategy();
        while (!stop.getAsBoolean())
        {
            idle.idle(doWork());
        }
    }

    /**
     * For a duty cycle of your own ({@link #doWork()}): what tells the sender to stop while a message taken from the
     * channel waits for Aeron (back-pressure, no receiver). Once it says so, the sender keeps offering for up to
     * {@link #CLOSE_FLUSH_TIMEOUT_NS} and then {@code doWork()} throws, naming the messages not published; without it
     * such a wait lasts until Aeron takes the message. {@link #run(BooleanSupplier)} sets it.
     *
     * @param stop checked while a message waits for Aeron.
     * @return this.
     */
    public BridgeSender stopWhen(final BooleanSupplier stop)
    {
        this.stop = stop;
        return this;
    }

    private void onChannelMessage(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (entryCount > 0 && (!batching || frameLength + entryLength(length) > frameCapacity))
        {
            // the channel counts this message consumed when the handler returns: publish before taking another
            flushBlocking();
        }
        append(sequence++, typeId, buffer, index, length);
    }

    private boolean onJournalRecord(
        final long index, final long timestampNs, final int typeId, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (entryCount > 0 && (!batching || frameLength + entryLength(length) > frameCapacity) && !flush())
        {
            return false; // the reader delivers this record again at the next poll
        }
        append(index, typeId, buffer, offset, length);
        return true;
    }

    private void onResume(final DirectBuffer buffer, final int offset, final int length,
        final Header header)
    {
        if (length < ResumeDescriptor.LENGTH ||
            buffer.getShort(offset + ResumeDescriptor.VERSION_OFFSET, ByteOrder.LITTLE_ENDIAN) !=
                ResumeDescriptor.VERSION)
        {
            // thrown here, Aeron's poll would catch it and go on: doWork() throws it after the poll
            badResume = new IllegalStateException("bad resume request: channel=" + config.ackChannel() +
                " field=length,version found=" + length + "," +
                buffer.getShort(offset + ResumeDescriptor.VERSION_OFFSET, ByteOrder.LITTLE_ENDIAN) + " expected=" +
                ResumeDescriptor.LENGTH + "," + ResumeDescriptor.VERSION);
            return;
        }
        final long nextIndex = buffer.getLong(offset + ResumeDescriptor.NEXT_INDEX_OFFSET, ByteOrder.LITTLE_ENDIAN);
        // what is framed and not published is sent again from the journal: drop it
        entryCount = 0;
        frameLength = FRAME_HEADER_LENGTH;
        reader.seekToStart();
        if (reader.nextIndex() < nextIndex)
        {
            reader.seekToIndex(nextIndex);
        }
        resumed = true;
        if (state != null)
        {
            state.putLongRelease(BridgeStateFile.RESUME_INDEX_OFFSET, nextIndex);
        }
    }

    private void append(final long entrySequence, final int typeId, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final int entryOffset = frameLength;
        frame.putLong(entryOffset + ENTRY_SEQUENCE_OFFSET, entrySequence);
        frame.putInt(entryOffset + ENTRY_TYPE_ID_OFFSET, typeId);
        frame.putInt(entryOffset + ENTRY_BODY_LENGTH_OFFSET, length);
        frame.putBytes(entryOffset + ENTRY_HEADER_LENGTH, buffer, offset, length);
        frameLength = entryOffset + entryLength(length);
        entryCount++;
    }

    private void flushIfAny()
    {
        if (entryCount > 0)
        {
            flush();
        }
    }

    /**
     * Offers the frame once.
     *
     * @return true when Aeron took it; false on back-pressure, no receiver connected, or a term rotation.
     */
    private boolean flush()
    {
        frame.putInt(ENTRY_COUNT_OFFSET, entryCount);
        final long result = publication.offer(frame, 0, frameLength);
        if (result > 0)
        {
            messagesSent += entryCount;
            entryCount = 0;
            frameLength = FRAME_HEADER_LENGTH;
            return true;
        }
        if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
        {
            throw new IllegalStateException("aeron publication failed: channel=" + config.aeronChannel() +
                " field=offerResult found=" + result + " expected=>=0 (" + entryCount + " messages not published)");
        }
        if (result != Publication.ADMIN_ACTION)
        {
            backPressureCount++;
        }
        return false;
    }

    /**
     * Offers the frame until Aeron takes it, keeping the channel's consumer alive and the state file current (its
     * back-pressure count climbing) meanwhile; once stopped, for up to {@link #CLOSE_FLUSH_TIMEOUT_NS} more, as
     * {@link #close()} does.
     */
    private void flushBlocking()
    {
        publishIdle.reset();
        boolean stopping = false;
        long giveUpNs = 0;
        while (!flush())
        {
            if (!stopping && stop.getAsBoolean())
            {
                stopping = true;
                giveUpNs = System.nanoTime() + CLOSE_FLUSH_TIMEOUT_NS;
            }
            if (stopping && System.nanoTime() - giveUpNs >= 0)
            {
                stoppedWaiting = true;
                throw new IllegalStateException("bridge stopped with messages taken from the channel and not " +
                    "published: channel=" + channel.path() + " messages=" + entryCount + " firstSequence=" +
                    frame.getLong(FRAME_HEADER_LENGTH + ENTRY_SEQUENCE_OFFSET));
            }
            consumer.heartbeat();
            // the wait is inside doWork(): without this, ringway stat shows the state before it as long as it lasts
            updateState();
            publishIdle.idle();
        }
    }

    private void updateState()
    {
        if (state != null)
        {
            state.putLongRelease(BridgeStateFile.CONNECTED_OFFSET, publication.isConnected() ? 1 : 0);
            state.putLongRelease(BridgeStateFile.MESSAGES_OFFSET, messagesSent);
            state.putLongRelease(BridgeStateFile.BACK_PRESSURE_COUNT_OFFSET, backPressureCount);
            state.putLongRelease(BridgeStateFile.AERON_POSITION_OFFSET, publication.position());
            state.putLongRelease(BridgeStateFile.UPDATED_MS_OFFSET, System.currentTimeMillis());
        }
    }

    /**
     * @return messages Aeron has taken from this sender.
     */
    public long messagesSent()
    {
        return messagesSent;
    }

    /**
     * @return offers Aeron refused for back-pressure or for want of a connected receiver.
     */
    public long backPressureCount()
    {
        return backPressureCount;
    }

    /**
     * @return true while a receiver is connected to the publication.
     */
    public boolean isConnected()
    {
        return publication.isConnected();
    }

    /**
     * @return the journal recorder in journal mode, else {@code null}.
     */
    public JournalRecorder recorder()
    {
        return recorder;
    }

    /**
     * Publishes what is framed (for up to a second), then closes the publication, Aeron (and the embedded driver),
     * the journal and the channel.
     *
     * @throws IllegalStateException when messages taken from the channel (no journal) could not be published.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        int unpublished = 0;
        try
        {
            final long deadlineNs = System.nanoTime() + CLOSE_FLUSH_TIMEOUT_NS;
            while (entryCount > 0 && !flush() && !stoppedWaiting && System.nanoTime() - deadlineNs < 0)
            {
                Thread.onSpinWait();
            }
            // from a journal they are sent again at the next start; from the channel they are gone: say so
            unpublished = recorder == null ? entryCount : 0;
            updateState();
        }
        finally
        {
            CloseHelper.closeAll(reader, writer, aeron, state, channel);
        }
        if (unpublished > 0)
        {
            throw new IllegalStateException("bridge closed with messages taken from the channel and not published: " +
                "channel=" + channel.path() + " messages=" + unpublished);
        }
    }
}
