package io.ringway.bridge;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a {@link BridgeSender} or {@link BridgeReceiver} connects: the local channel, the Aeron channel and stream, the
 * media driver, and the optional journal, ack stream and state file (docs/BRIDGE.md). Setters return this.
 */
public final class BridgeConfig
{
    /** The Aeron stream id of the data when none is given. */
    public static final int DEFAULT_STREAM_ID = 1001;

    private final Path channelPath;
    private final String aeronChannel;
    private int streamId = DEFAULT_STREAM_ID;
    private String aeronDirectory;
    private boolean batching;
    private Path journalDirectory;
    private String ackChannel;
    private int ackStreamId = DEFAULT_STREAM_ID + 1;
    private Path stateFile;
    private int pollLimit = 256;
    private BridgeIdle idle = BridgeIdle.BACKOFF;

    /**
     * @param channelPath  the local channel file: consumed by a sender, produced into by a receiver.
     * @param aeronChannel the Aeron channel URI of the data, e.g. {@code aeron:udp?endpoint=127.0.0.1:40123} (the
     *                     receiver's address).
     */
    public BridgeConfig(final Path channelPath, final String aeronChannel)
    {
        this.channelPath = Objects.requireNonNull(channelPath, "channelPath");
        this.aeronChannel = Objects.requireNonNull(aeronChannel, "aeronChannel");
        if (!aeronChannel.startsWith("aeron:"))
        {
            throw new IllegalArgumentException("not an Aeron channel URI: field=aeronChannel found=" + aeronChannel +
                " expected=aeron:udp?endpoint=HOST:PORT");
        }
    }

    /**
     * @param streamId the Aeron stream id of the data; both sides must use the same.
     * @return this.
     */
    public BridgeConfig streamId(final int streamId)
    {
        this.streamId = streamId;
        return this;
    }

    /**
     * @param aeronDirectory the aeron.dir of an external media driver, or {@code null} (the default) for an embedded
     *                       driver in a directory of its own.
     * @return this.
     */
    public BridgeConfig aeronDirectory(final String aeronDirectory)
    {
        this.aeronDirectory = aeronDirectory;
        return this;
    }

    /**
     * @param batching true: the sender packs consecutive small messages into one Aeron message of up to the MTU.
     * @return this.
     */
    public BridgeConfig batching(final boolean batching)
    {
        this.batching = batching;
        return this;
    }

    /**
     * @param journalDirectory sender only: journal the channel there and send from the journal, with journal indexes
     *                         (exactly once with a receiver that has a state file, docs/BRIDGE.md 4); {@code null}:
     *                         send straight from the channel.
     * @return this.
     */
    public BridgeConfig journalDirectory(final Path journalDirectory)
    {
        this.journalDirectory = journalDirectory;
        return this;
    }

    /**
     * @param ackChannel the Aeron channel URI of the resume requests from receiver to sender, e.g.
     *                   {@code aeron:udp?endpoint=127.0.0.1:40124} (the sender's address); needed with a journal.
     * @return this.
     */
    public BridgeConfig ackChannel(final String ackChannel)
    {
        this.ackChannel = ackChannel;
        return this;
    }

    /**
     * @param ackStreamId the Aeron stream id of the resume requests.
     * @return this.
     */
    public BridgeConfig ackStreamId(final int ackStreamId)
    {
        this.ackStreamId = ackStreamId;
        return this;
    }

    /**
     * @param stateFile the side's state file (docs/BRIDGE.md 5), or {@code null} for none; a receiver needs one to
     *                  deliver each journal index once across its restarts.
     * @return this.
     */
    public BridgeConfig stateFile(final Path stateFile)
    {
        this.stateFile = stateFile;
        return this;
    }

    /**
     * @param pollLimit the most messages or fragments one duty cycle takes.
     * @return this.
     */
    public BridgeConfig pollLimit(final int pollLimit)
    {
        if (pollLimit < 1)
        {
            throw new IllegalArgumentException("poll limit too small: field=pollLimit found=" + pollLimit +
                " expected=>=1");
        }
        this.pollLimit = pollLimit;
        return this;
    }

    /**
     * @param idle how the side waits when idle or while Aeron refuses a message, and how an embedded media driver's
     *             thread waits: {@link BridgeIdle#BACKOFF} (the default) costs no CPU when idle and up to 1 ms of
     *             latency; {@link BridgeIdle#BUSY_SPIN} the reverse (docs/BRIDGE.md 7).
     * @return this.
     */
    public BridgeConfig idle(final BridgeIdle idle)
    {
        this.idle = Objects.requireNonNull(idle, "idle");
        return this;
    }

    public Path channelPath()
    {
        return channelPath;
    }

    public String aeronChannel()
    {
        return aeronChannel;
    }

    public int streamId()
    {
        return streamId;
    }

    public String aeronDirectory()
    {
        return aeronDirectory;
    }

    public boolean batching()
    {
        return batching;
    }

    public Path journalDirectory()
    {
        return journalDirectory;
    }

    public String ackChannel()
    {
        return ackChannel;
    }

    public int ackStreamId()
    {
        return ackStreamId;
    }

    public Path stateFile()
    {
        return stateFile;
    }

    public int pollLimit()
    {
        return pollLimit;
    }

    public BridgeIdle idle()
    {
        return idle;
    }
}
