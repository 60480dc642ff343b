package io.ringway.bridge;

import io.aeron.ControlledFragmentAssembler;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.ringway.Channel;
import io.ringway.Producer;
import io.ringway.RingKind;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static io.ringway.bridge.BridgeFrameDescriptor.*;

/**
 * The receiving side of a bridge (docs/BRIDGE.md): subscribes to the Aeron stream of a {@link BridgeSender} and
 * produces each message, with its type id and body byte for byte, into a local channel, as its SPSC producer or as one
 * of its MPSC producers. When the channel is full it stops polling the subscription, so that Aeron's flow control
 * holds the sender back; nothing is dropped.
 *
 * <p>Messages carrying journal indexes (a sender with a journal) are delivered once each and in index order: an index
 * at or below the last delivered is skipped, one past a gap is refused and the sender is asked, on the ack stream, to
 * resume at the next index. With a state file the last delivered index outlives the process (docs/BRIDGE.md 4).
 *
 * <p>Single-threaded: call {@link #doWork()} in a loop, or {@link #run(BooleanSupplier)}.
 */
public final class BridgeReceiver implements AutoCloseable
{
    /** How often a resume request is repeated until the sender is seen to obey it (a request can be lost). */
    static final long RESUME_INTERVAL_NS = 50_000_000L;

    private final BridgeConfig config;
    private final AeronConnection aeron;
    private final Subscription subscription;
    private final ExclusivePublication ackPublication;
    private final Channel channel;
    private final Producer producer;
    private final BridgeStateFile state;
    /** SPSC: this receiver is the channel's only producer, so the tail tells whether a pending write happened. */
    private final boolean soleProducer;
    private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this::onFrame);
    private final UnsafeBuffer resumeRequest =
        new UnsafeBuffer(ByteBuffer.allocateDirect(ResumeDescriptor.LENGTH).order(ByteOrder.LITTLE_ENDIAN));
    /** Set by Aeron's client thread when a sender's image appears: it waits to hear where to resume. */
    private final AtomicBoolean newImage = new AtomicBoolean();
    /** The session of the newest image: only its entries show that the sender obeyed a resume request. */
    private volatile int newestSessionId;
    /** A new sender or a gap: the sender must hear where to resume, until an entry at or before it arrives. */
    private boolean resumeOutstanding;
    private boolean resumeSent;
    private long resumeIndex;
    private long lastResumeNs;
    private long lastDeliveredIndex = BridgeStateFile.NO_INDEX;
    /** The frame a full channel interrupted: its session, position, and the entries already delivered from it. */
    private int abortedSessionId;
    private long abortedPosition = -1;
    private int abortedEntryCount;
    private long messagesDelivered;
    private long duplicatesSkipped;
    private long resumeRequestsSent;
    private long backPressureCount;
    private long imagePosition;
    /** A frame that failed its checks: Aeron's poll would catch an exception thrown by the handler and go on. */
    private IllegalStateException badFrame;

    /**
     * Opens the channel as a producer (recovering the state file's pending write, docs/BRIDGE.md 4), connects to Aeron
     * and subscribes.
     *
     * @param config what to bridge.
     */
    public BridgeReceiver(final BridgeConfig config)
    {
        this.config = config;
        Channel channel = null;
        BridgeStateFile state = null;
        AeronConnection aeron = null;
        try
        {
            channel = Channel.open(config.channelPath());
            this.soleProducer = channel.ringKind() == RingKind.SPSC;
            final long tailBeforeAttach = channel.producerPosition();
            final long unblockedBeforeAttach = channel.unblockedRecordCount();
            this.producer = channel.producer();
            if (config.stateFile() != null)
            {
                state = BridgeStateFile.open(config.stateFile(), BridgeStateFile.ROLE_RECEIVER);
                recoverPendingWrite(state, tailBeforeAttach, channel.unblockedRecordCount() == unblockedBeforeAttach);
                lastDeliveredIndex = state.getLong(BridgeStateFile.LAST_DELIVERED_INDEX_OFFSET);
            }
            aeron = AeronConnection.connect(config.aeronDirectory(), config.idle());
            this.subscription = aeron.aeron().addSubscription(config.aeronChannel(), config.streamId(),
                this::onAvailableImage, image -> { });
            this.ackPublication = config.ackChannel() == null ? null :
                aeron.aeron().addExclusivePublication(config.ackChannel(), config.ackStreamId());
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.closeAll(aeron, state, channel);
            throw ex;
        }
        this.channel = channel;
        this.state = state;
        this.aeron = aeron;
        resumeRequest.putShort(ResumeDescriptor.VERSION_OFFSET, ResumeDescriptor.VERSION);
    }

    /**
     * A receiver killed between "pending index I at tail T" and "delivered I" in its state file may or may not have
     * written message I. As the channel's only (SPSC) producer: it did when the tail moved past T and attaching found
     * no dead claim to repair (a claim killed before its commit is turned into padding, and is no delivery). As one of
     * several MPSC producers it cannot tell, and counts I as not delivered: I may then be delivered twice.
     */
    private void recoverPendingWrite(
        final BridgeStateFile state, final long tailBeforeAttach, final boolean noDeadClaimRepaired)
    {
        final long pendingIndex = state.getLong(BridgeStateFile.PENDING_INDEX_OFFSET);
        if (pendingIndex != BridgeStateFile.NO_INDEX)
        {
            final long pendingTail = state.getLong(BridgeStateFile.PENDING_TAIL_POSITION_OFFSET);
            if (soleProducer && tailBeforeAttach > pendingTail && noDeadClaimRepaired)
            {
                state.putLongRelease(BridgeStateFile.LAST_DELIVERED_INDEX_OFFSET, pendingIndex);
            }
            state.putLongRelease(BridgeStateFile.PENDING_INDEX_OFFSET, BridgeStateFile.NO_INDEX);
        }
    }

    private void onAvailableImage(final Image image)
    {
        newestSessionId = image.sessionId();
        newImage.set(true);
    }

    private void requestResume()
    {
        if (!resumeOutstanding)
        {
            resumeOutstanding = true;
            resumeSent = false;
        }
    }

    /**
     * One duty cycle: sends a resume request when one is due, then delivers up to the poll limit of fragments into
     * the channel, stopping at the first message the full channel refuses.
     *
     * @return the work done (0: idle).
     * @throws IllegalStateException when a frame fails its checks (another version, entries past its end); it stays
     *                               unconsumed and nothing of it after the bad entry reaches the channel.
     */
    public int doWork()
    {
        int work = 0;
        if (ackPublication != null)
        {
            work += sendResumeIfDue();
        }
        work += subscription.controlledPoll(assembler, config.pollLimit());
        if (badFrame != null)
        {
            throw badFrame;
        }
        if (work == 0)
        {
            producer.heartbeat();
        }
        updateState();
        return work;
    }

    /**
     * Runs duty cycles until {@code stop} says so, idling as {@link BridgeConfig#idle(BridgeIdle)} says (by default
     * backing off to 1 ms parks) while there is nothing to do.
     *
     * @param stop checked between cycles.
     */
    public void run(final BooleanSupplier stop)
    {
        final IdleStrategy idle = config.idle().newIdleStrategy();
        while (!stop.getAsBoolean())
        {
            idle.idle(doWork());
        }
    }

    /**
     * Sends "resume at last delivered + 1" after a new image or a gap, and again every {@link #RESUME_INTERVAL_NS}
     * until an entry at or before that index arrives: a request published while the ack stream still counts a killed
     * sender as connected is lost, and a sender that has nothing more to send shows nothing else.
     */
    private int sendResumeIfDue()
    {
        if (newImage.getAndSet(false))
        {
            resumeOutstanding = true;
            resumeSent = false;
        }
        final long nowNs = System.nanoTime();
        if (!resumeOutstanding || resumeSent && nowNs - lastResumeNs < RESUME_INTERVAL_NS)
        {
            return 0;
        }
        final long nextIndex = lastDeliveredIndex == BridgeStateFile.NO_INDEX ? 0 : lastDeliveredIndex + 1;
        resumeRequest.putLong(ResumeDescriptor.NEXT_INDEX_OFFSET, nextIndex);
        final long result = ackPublication.offer(resumeRequest, 0, ResumeDescriptor.LENGTH);
        if (result > 0)
        {
            resumeSent = true;
            resumeRequestsSent++;
            resumeIndex = nextIndex;
            lastResumeNs = nowNs;
            if (state != null)
            {
                state.putLongRelease(BridgeStateFile.RESUME_INDEX_OFFSET, nextIndex);
            }
            return 1;
        }
        if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
        {
            throw new IllegalStateException("aeron ack publication failed: channel=" + config.ackChannel() +
                " field=offerResult found=" + result + " expected=>=0");
        }
        return 0;
    }

    private ControlledFragmentHandler.Action onFrame(
        final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final short version = buffer.getShort(offset + VERSION_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (length < FRAME_HEADER_LENGTH || version != VERSION)
        {
            return rejectFrame("field=version found=" + version + " expected=" + VERSION + " length=" + length);
        }
        final boolean journalIndexes =
            (buffer.getShort(offset + FLAGS_OFFSET, ByteOrder.LITTLE_ENDIAN) & FLAG_JOURNAL_INDEX) != 0;
        final int entryCount = buffer.getInt(offset + ENTRY_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final int alreadyDelivered = header.position() == abortedPosition && header.sessionId() == abortedSessionId ?
            abortedEntryCount : 0;
        int entryOffset = offset + FRAME_HEADER_LENGTH;
        final String badEntry = checkEntries(buffer, offset, length, entryCount);
        if (badEntry != null)
        {
            return rejectFrame(badEntry);
        }
        for (int i = 0; i < entryCount; i++)
        {
            final long sequence = buffer.getLong(entryOffset + ENTRY_SEQUENCE_OFFSET, ByteOrder.LITTLE_ENDIAN);
            final int typeId = buffer.getInt(entryOffset + ENTRY_TYPE_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
            final int bodyLength = buffer.getInt(entryOffset + ENTRY_BODY_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if (i >= alreadyDelivered)
            {
                if (journalIndexes && resumeSent && sequence <= resumeIndex &&
                    header.sessionId() == newestSessionId)
                {
                    // the newest sender sends from where it was asked to, or before; a killed sender's image may
                    // still hold older entries, which show nothing
                    resumeOutstanding = false;
                }
                if (journalIndexes && lastDeliveredIndex != BridgeStateFile.NO_INDEX && sequence <= lastDeliveredIndex)
                {
                    duplicatesSkipped++;
                }
                else if (journalIndexes && lastDeliveredIndex != BridgeStateFile.NO_INDEX &&
                    sequence != lastDeliveredIndex + 1)
                {
                    // sent before the sender heard where to resume: refuse the rest, ask again
                    requestResume();
                    abortedPosition = -1;
                    return ControlledFragmentHandler.Action.CONTINUE;
                }
                else if (!deliver(journalIndexes, sequence, typeId, buffer, entryOffset + ENTRY_HEADER_LENGTH,
                    bodyLength))
                {
                    abortedSessionId = header.sessionId();
                    abortedPosition = header.position();
                    abortedEntryCount = i;
                    backPressureCount++;
                    return ControlledFragmentHandler.Action.ABORT;
                }
            }
            entryOffset += entryLength(bodyLength);
        }
        abortedPosition = -1;
        imagePosition = header.position();
        return ControlledFragmentHandler.Action.CONTINUE;
    }

    /**
     * Checks that the frame holds its entry count of entries, each within the frame, before any is delivered.
     *
     * @return what is wrong (field, found, expected), or {@code null}.
     */
    private static String checkEntries(final DirectBuffer buffer, final int offset, final int length,
        final int entryCount)
    {
        if (entryCount < 0)
        {
            return "field=entryCount found=" + entryCount + " expected=>=0";
        }
        int entryOffset = offset + FRAME_HEADER_LENGTH;
        for (int i = 0; i < entryCount; i++)
        {
            if (entryOffset + ENTRY_HEADER_LENGTH > offset + length)
            {
                return "field=entryCount found=" + entryCount + " expected=<=" + i + " (frame length " + length + ")";
            }
            final int bodyLength = buffer.getInt(entryOffset + ENTRY_BODY_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if (bodyLength < 0 || bodyLength > offset + length - entryOffset - ENTRY_HEADER_LENGTH)
            {
                return "field=bodyLength found=" + bodyLength + " expected=0.." +
                    (offset + length - entryOffset - ENTRY_HEADER_LENGTH) + " entry=" + i;
            }
            entryOffset += entryLength(bodyLength);
        }
        return null;
    }

    /** Stops at a bad frame (it stays unconsumed) and makes {@link #doWork()} throw: never a silent skip. */
    private ControlledFragmentHandler.Action rejectFrame(final String detail)
    {
        badFrame = new IllegalStateException("bad bridge frame: channel=" + config.aeronChannel() + " " + detail);
        return ControlledFragmentHandler.Action.ABORT;
    }

    private boolean deliver(final boolean journalIndex, final long index, final int typeId, final DirectBuffer buffer,
        final int offset, final int length)
    {
        final boolean durable = journalIndex && state != null;
        if (durable && soleProducer)
        {
            // SYNC POINT: pairs with recoverPendingWrite() of the next receiver on this state file, after a kill
            state.putLongRelease(BridgeStateFile.PENDING_TAIL_POSITION_OFFSET, channel.producerPosition());
            state.putLongRelease(BridgeStateFile.PENDING_INDEX_OFFSET, index);
        }
        if (!producer.offer(typeId, buffer, offset, length))
        {
            return false;
        }
        messagesDelivered++;
        if (journalIndex)
        {
            lastDeliveredIndex = index;
            if (durable)
            {
                state.putLongRelease(BridgeStateFile.LAST_DELIVERED_INDEX_OFFSET, index);
                state.putLongRelease(BridgeStateFile.PENDING_INDEX_OFFSET, BridgeStateFile.NO_INDEX);
            }
        }
        return true;
    }

    private void updateState()
    {
        if (state != null)
        {
            state.putLongRelease(BridgeStateFile.CONNECTED_OFFSET, subscription.isConnected() ? 1 : 0);
            state.putLongRelease(BridgeStateFile.MESSAGES_OFFSET, messagesDelivered);
            state.putLongRelease(BridgeStateFile.BACK_PRESSURE_COUNT_OFFSET, backPressureCount);
            state.putLongRelease(BridgeStateFile.AERON_POSITION_OFFSET, imagePosition);
            state.putLongRelease(BridgeStateFile.UPDATED_MS_OFFSET, System.currentTimeMillis());
        }
    }

    /**
     * @return messages written into the channel by this receiver.
     */
    public long messagesDelivered()
    {
        return messagesDelivered;
    }

    /**
     * @return journal-indexed messages skipped as already delivered.
     */
    public long duplicatesSkipped()
    {
        return duplicatesSkipped;
    }

    /**
     * @return resume requests sent on the ack stream: one per new sender image, and again every 50 ms until the sender
     * answers with the entry asked for. A repeated request makes a sender that already answered the first one send
     * from there again, entries that {@link #duplicatesSkipped()} then counts.
     */
    public long resumeRequestsSent()
    {
        return resumeRequestsSent;
    }

    /**
     * @return times the full channel stopped delivery.
     */
    public long backPressureCount()
    {
        return backPressureCount;
    }

    /**
     * @return the last journal index delivered, or {@link BridgeStateFile#NO_INDEX}.
     */
    public long lastDeliveredIndex()
    {
        return lastDeliveredIndex;
    }

    /**
     * @return true while a sender's image is connected.
     */
    public boolean isConnected()
    {
        return subscription.isConnected();
    }

    @Override
    public void close()
    {
        updateState();
        CloseHelper.closeAll(aeron, state, channel);
    }
}
