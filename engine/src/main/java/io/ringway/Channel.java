package io.ringway;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;

import static io.ringway.HeaderDescriptor.*;

/**
 * A channel: one memory-mapped file holding a header page and an SPSC or MPSC ring (docs/LAYOUT.md). Create it once,
 * open it from any number of processes, then attach a {@link Consumer} and one or more {@link Producer}s.
 *
 * <pre>{@code
 * try (Channel channel = Channel.create(Channel.pathFor("orders"), ChannelConfig.spsc(1 << 20)))
 * {
 *     Producer producer = channel.producer();
 *     producer.offer(1, buffer, 0, length);
 * }
 * }</pre>
 *
 * A channel object is not thread-safe to close while its producers or consumer are in use. Producers of an MPSC channel
 * may be used from different threads, one producer object per thread.
 */
public final class Channel implements AutoCloseable
{
    /** File name suffix for channels placed by {@link #pathFor(String)}. */
    public static final String FILE_SUFFIX = ".ringway";
    /** How long {@link #openOrCreate} waits for another process to finish creating the file. */
    private static final long INITIALISATION_TIMEOUT_NS = 2_000_000_000L;

    private final Path path;
    private final ChannelFile file;
    private final UnsafeBuffer headerBuffer;
    private final UnsafeBuffer ringBuffer;
    private final RingKind ringKind;
    private final int capacity;
    private final int maxMessageLength;
    private final List<AutoCloseable> attachedRoles = new ArrayList<>();
    /** CLOCK_MONOTONIC: heartbeats, liveness verdicts and the MPSC unblock timeout (LAYOUT.md 8.1, 7.1). */
    private final NanoClock clock;
    /** The wall clock: only the time of day a status snapshot reports for people; never compared with a heartbeat. */
    private final EpochClock epochClock;
    private final long heartbeatTimeoutMs;
    private final long unblockTimeoutMs;
    private boolean closed;

    private Channel(final ChannelFile file, final ChannelSettings settings)
    {
        this.path = file.path();
        this.clock = settings.clock();
        this.epochClock = settings.epochClock();
        this.heartbeatTimeoutMs = settings.heartbeatTimeoutMs();
        this.unblockTimeoutMs = settings.unblockTimeoutMs();
        this.file = file;
        this.headerBuffer = new UnsafeBuffer(file.mapped(), 0, HEADER_LENGTH);
        this.ringBuffer = new UnsafeBuffer(file.mapped(), HEADER_LENGTH,
            file.capacity() + TrailerDescriptor.TRAILER_LENGTH);
        this.ringKind = file.ringKind();
        this.capacity = file.capacity();
        this.maxMessageLength = HeaderDescriptor.maxMessageLength(capacity);
    }

    /**
     * @return the directory channels live in by default: /dev/shm when it is a writable directory, else /tmp.
     */
    public static Path defaultDirectory()
    {
        final Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm))
        {
            return shm;
        }
        // exactly /tmp, as C and Go (LAYOUT 10.1): java.io.tmpdir may be set per JVM, and peers must meet
        return Path.of("/tmp");
    }

    /**
     * @param name a channel name, e.g. {@code orders}.
     * @return where the channel of that name lives by default: {@code <defaultDirectory>/<name>.ringway}.
     */
    public static Path pathFor(final String name)
    {
        return defaultDirectory().resolve(name + FILE_SUFFIX);
    }

    /**
     * Creates a new channel file exclusively: an existing file or symlink at the path is refused, never overwritten
     * or followed, unless the config {@link ChannelConfig#replacingExisting() replaces an existing file} (a symlink is
     * refused even then). The file gets the config's permissions, owner read/write only by default. Every page of the
     * file is reserved on its file system before it is mapped (posix_fallocate, {@link FileSpace}): a file system
     * without room for it is this method's error, never a fault in a producer or consumer later.
     *
     * @param path   where to create the file.
     * @param config ring kind, capacity, permissions and schema.
     * @return the open channel, with {@link ChannelSettings#DEFAULT}.
     * @throws ChannelFileException when the file exists or cannot be created; {@code field=fileLength found=ENOSPC ...}
     *                              when its file system has no room for it, and the file is then removed.
     * @throws IllegalStateException when the JVM was started without {@code --add-exports
     *                               java.base/jdk.internal.misc=ALL-UNNAMED} (Agrona needs it).
     */
    public static Channel create(final Path path, final ChannelConfig config)
    {
        return create(path, config, ChannelSettings.DEFAULT);
    }

    /**
     * As {@link #create(Path, ChannelConfig)}, with this process's clocks and timeouts for the channel.
     *
     * @param path     where to create the file.
     * @param config   ring kind, capacity, permissions and schema.
     * @param settings clocks and timeouts.
     * @return the open channel.
     * @throws ChannelFileException as {@link #create(Path, ChannelConfig)}.
     */
    public static Channel create(final Path path, final ChannelConfig config, final ChannelSettings settings)
    {
        return new Channel(ChannelFile.create(path, config), settings);
    }

    /**
     * Opens an existing channel file, validating every field before use (docs/LAYOUT.md, section 10.3). Never writes
     * to the header. Refuses a symlink, anything but a regular file, and a file owned by another user, unless the
     * options allow them.
     *
     * @param path    the channel file.
     * @param options what to allow beyond a regular file of this process's user.
     * @return the open channel, with {@link ChannelSettings#DEFAULT}.
     * @throws ChannelFileException naming the field, the value found and the value expected when the file is not a
     *                              valid channel.
     * @throws IllegalStateException when the JVM was started without {@code --add-exports
     *                               java.base/jdk.internal.misc=ALL-UNNAMED} (Agrona needs it).
     */
    public static Channel open(final Path path, final ChannelOpenOption... options)
    {
        return open(path, ChannelSettings.DEFAULT, options);
    }

    /**
     * As {@link #open(Path, ChannelOpenOption...)}, with this process's clocks and timeouts for the channel.
     *
     * @param path     the channel file.
     * @param settings clocks and timeouts.
     * @param options  what to allow beyond a regular file of this process's user.
     * @return the open channel.
     * @throws ChannelFileException as {@link #open(Path, ChannelOpenOption...)}.
     */
    public static Channel open(final Path path, final ChannelSettings settings, final ChannelOpenOption... options)
    {
        final ChannelFile file = ChannelFile.open(path, options);
        final Channel channel;
        try
        {
            channel = new Channel(file, settings);
        }
        catch (final RuntimeException | Error ex)
        {
            file.close();
            throw ex;
        }
        try
        {
            // a live channel moves both positions while they are read: H, then T, then H again (LAYOUT 10.3)
            final long headBefore = channel.consumerPosition();
            final long tailPosition = channel.producerPosition();
            final long headAfter = channel.consumerPosition();
            HeaderCheck.requireNoError(path,
                HeaderCheck.positions(headBefore, tailPosition, headAfter, channel.capacity));
            return channel;
        }
        catch (final RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /**
     * Opens the channel file when it exists, otherwise creates it. When two processes race to create the same file, the
     * loser opens what the winner created, waiting up to {@code initialisationTimeoutMs} for it to be initialised.
     *
     * @param path   the channel file.
     * @param config used only when the file is created; an existing file keeps its own kind and capacity.
     * @return the open channel, with {@link ChannelSettings#DEFAULT}.
     */
    public static Channel openOrCreate(final Path path, final ChannelConfig config)
    {
        return openOrCreate(path, config, ChannelSettings.DEFAULT);
    }

    /**
     * As {@link #openOrCreate(Path, ChannelConfig)}, with this process's clocks and timeouts for the channel.
     *
     * @param path     the channel file.
     * @param config   used only when the file is created.
     * @param settings clocks and timeouts.
     * @return the open channel.
     */
    public static Channel openOrCreate(final Path path, final ChannelConfig config, final ChannelSettings settings)
    {
        final long deadlineNs = System.nanoTime() + INITIALISATION_TIMEOUT_NS;
        while (true)
        {
            if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS))
            {
                try
                {
                    return create(path, config, settings);
                }
                catch (final ChannelFileException ex)
                {
                    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    {
                        throw ex;
                    }
                    // another process created it first: open it below
                }
            }
            try
            {
                return open(path, settings);
            }
            catch (final ChannelFileException ex)
            {
                final boolean beingCreated = "layoutVersion".equals(ex.field()) || "fileLength".equals(ex.field());
                if (!beingCreated || System.nanoTime() > deadlineNs)
                {
                    throw ex;
                }
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Attaches a producer. On an SPSC channel this takes the producer lease: a second producer fails while the first
     * is open and its process alive. On an MPSC channel any number of producers may attach.
     *
     * @return a producer; close it (or the channel) to release the lease.
     * @throws ChannelFileException when an SPSC channel already has a live producer.
     */
    public Producer producer()
    {
        ensureOpen();
        checkFileLength();
        final Lease lease = ringKind == RingKind.SPSC ?
            Lease.acquire(this, PRODUCER_LEASE_OFFSET, "producerLease") : null;
        if (lease != null)
        {
            try
            {
                // we are now the only SPSC writer: pad what a dead predecessor claimed and never committed
                final int deadClaimCount = DeadClaims.repairSpscTail(ringBuffer, capacity, path);
                if (deadClaimCount > 0)
                {
                    headerBuffer.getAndAddLong(UNBLOCKED_RECORD_COUNT_OFFSET, deadClaimCount);
                }
            }
            catch (final RuntimeException ex)
            {
                lease.release();
                throw ex;
            }
        }
        // LAYOUT 3.1: an MPSC producer handle owns a slot, so that the consumer never unblocks its claims while it lives
        final ProducerSlot slot = ringKind == RingKind.MPSC ? ProducerSlot.acquire(this) : null;
        headerBuffer.putLongRelease(PRODUCER_PID_OFFSET, ProcessHandle.current().pid());
        final Producer producer = new Producer(this, lease, slot,
            new Heartbeat(clock, headerBuffer, PRODUCER_HEARTBEAT_MS_OFFSET));
        attachedRoles.add(producer);
        return producer;
    }

    /**
     * Attaches the consumer, taking the consumer lease: a second consumer fails while the first is open and its
     * process alive. A consumer whose process died leaves a lease that the next consumer takes over.
     *
     * @param options {@link ConsumerOption#MEMBARRIER_WAKEUPS}, or none.
     * @return the consumer; close it (or the channel) to release the lease.
     * @throws ChannelFileException when the channel already has a live consumer.
     */
    public Consumer consumer(final ConsumerOption... options)
    {
        ensureOpen();
        checkFileLength();
        final Lease lease = Lease.acquire(this, CONSUMER_LEASE_OFFSET, "consumerLease");
        headerBuffer.putLongRelease(CONSUMER_PID_OFFSET, ProcessHandle.current().pid());
        final Consumer consumer = new Consumer(this, lease,
            new Heartbeat(clock, headerBuffer, CONSUMER_HEARTBEAT_MS_OFFSET),
            Arrays.asList(options).contains(ConsumerOption.MEMBARRIER_WAKEUPS));
        attachedRoles.add(consumer);
        return consumer;
    }

    public Path path()
    {
        return path;
    }

    NanoClock clock()
    {
        return clock;
    }

    long unblockTimeoutMs()
    {
        return unblockTimeoutMs;
    }

    /**
     * @return the file's current length (fstat of the open file).
     * @throws ChannelFileException when it cannot be read.
     */
    public long fileLength()
    {
        try
        {
            return file.channel().size();
        }
        catch (final IOException ex)
        {
            throw new ChannelFileException("cannot stat channel file", path, "fileLength", ex.toString(),
                HeaderDescriptor.fileLength(capacity), ex);
        }
    }

    /**
     * Detects a file truncated by another process while mapped (docs/LAYOUT.md, section 11.1): touching the missing
     * pages would raise SIGBUS, which Java cannot catch, so attach checks first.
     *
     * @throws ChannelFileException when the file is shorter than the layout needs.
     */
    public void checkFileLength()
    {
        final long fileLength = fileLength();
        final long requiredLength = HeaderDescriptor.fileLength(capacity);
        if (fileLength < requiredLength)
        {
            throw new ChannelFileException("channel file truncated while mapped", path, "fileLength", fileLength,
                ">=" + requiredLength + " (4096 + capacity " + capacity + " + trailer 768)");
        }
    }

    /**
     * @return the verdict on the consumer: ABSENT when its lease is free, DEAD when the lease holder's process is
     * gone, STALE when it is running but its heartbeat is older than the heartbeat timeout, else ALIVE.
     */
    public Liveness consumerLiveness()
    {
        final long token = headerBuffer.getLongAcquire(CONSUMER_LEASE_OFFSET);
        return Liveness.ofLease(token, headerBuffer.getLongAcquire(CONSUMER_HEARTBEAT_MS_OFFSET),
            MonotonicTime.millisOf(clock), heartbeatTimeoutMs);
    }

    /**
     * @return the verdict on the producers. SPSC: from the lease, as for the consumer. MPSC (no lease): from the pid of
     * the most recent producer to attach and the shared producer heartbeat, which any live producer keeps fresh.
     */
    public Liveness producerLiveness()
    {
        return producerLiveness(MonotonicTime.millisOf(clock));
    }

    private Liveness producerLiveness(final long nowMs)
    {
        final long heartbeatMs = headerBuffer.getLongAcquire(PRODUCER_HEARTBEAT_MS_OFFSET);
        if (ringKind == RingKind.SPSC)
        {
            return Liveness.ofLease(headerBuffer.getLongAcquire(PRODUCER_LEASE_OFFSET), heartbeatMs, nowMs,
                heartbeatTimeoutMs);
        }
        return Liveness.ofMpscProducers(headerBuffer.getLongAcquire(PRODUCER_PID_OFFSET), heartbeatMs, nowMs,
            heartbeatTimeoutMs);
    }

    /**
     * @return pids, heartbeats and their ages, liveness verdicts, positions, fill and counters, read now. When the file
     * was truncated below the required length, the positions (in the trailer) are not read and reported as 0.
     */
    public ChannelStatus status()
    {
        ensureOpen();
        final long nowMs = MonotonicTime.millisOf(clock);
        final long nowEpochMs = epochClock.time();
        final long producerHeartbeatMs = headerBuffer.getLongAcquire(PRODUCER_HEARTBEAT_MS_OFFSET);
        final long consumerHeartbeatMs = headerBuffer.getLongAcquire(CONSUMER_HEARTBEAT_MS_OFFSET);
        final long fileLength = fileLength();
        final long requiredFileLength = HeaderDescriptor.fileLength(capacity);
        // a truncated file's trailer page is gone: touching it would raise SIGBUS, which Java cannot catch
        final boolean trailerPresent = fileLength >= requiredFileLength;
        final long headPosition = trailerPresent ? consumerPosition() : 0;
        final long tailPosition = trailerPresent ? producerPosition() : 0;
        return new ChannelStatus(
            path,
            ringKind,
            capacity,
            fileLength,
            requiredFileLength,
            headerBuffer.getLong(CREATOR_PID_OFFSET),
            nowMs,
            nowEpochMs,
            headerBuffer.getLongAcquire(PRODUCER_PID_OFFSET),
            producerHeartbeatMs,
            Liveness.ageMs(nowMs, producerHeartbeatMs),
            producerLiveness(nowMs),
            headerBuffer.getLongAcquire(CONSUMER_PID_OFFSET),
            consumerHeartbeatMs,
            Liveness.ageMs(nowMs, consumerHeartbeatMs),
            Liveness.ofLease(headerBuffer.getLongAcquire(CONSUMER_LEASE_OFFSET), consumerHeartbeatMs, nowMs,
                heartbeatTimeoutMs),
            headPosition,
            tailPosition,
            tailPosition - headPosition,
            messagesConsumed(),
            backPressureCount(),
            headerBuffer.getLongVolatile(WAKE_COUNT_OFFSET),
            unblockedRecordCount());
    }

    /**
     * @return how many dead producers' claims were turned into padding (MPSC unblock, SPSC repair).
     */
    public long unblockedRecordCount()
    {
        return headerBuffer.getLongVolatile(UNBLOCKED_RECORD_COUNT_OFFSET);
    }

    public RingKind ringKind()
    {
        return ringKind;
    }

    /**
     * @return ring data capacity in bytes.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return the largest message body the channel accepts: capacity / 8.
     */
    public int maxMessageLength()
    {
        return maxMessageLength;
    }

    /**
     * @return {@code creationTimeMs} from the header: with {@link #creatorPid()}, what tells this channel from another
     *         created later at the same path (a journal recorder uses both, docs/LAYOUT.md 14.6).
     */
    public long creationTimeMs()
    {
        return headerBuffer.getLong(CREATION_TIME_MS_OFFSET);
    }

    /**
     * @return {@code creatorPid} from the header.
     */
    public long creatorPid()
    {
        return headerBuffer.getLong(CREATOR_PID_OFFSET);
    }

    public int schemaId()
    {
        return headerBuffer.getInt(SCHEMA_ID_OFFSET);
    }

    public int schemaVersion()
    {
        return headerBuffer.getInt(SCHEMA_VERSION_OFFSET);
    }

    /**
     * @return the producers' tail position: bytes claimed since creation.
     */
    public long producerPosition()
    {
        return ringBuffer.getLongVolatile(capacity + TrailerDescriptor.TAIL_POSITION_OFFSET);
    }

    /**
     * @return the consumer's head position: bytes consumed since creation.
     */
    public long consumerPosition()
    {
        return ringBuffer.getLongVolatile(capacity + TrailerDescriptor.HEAD_POSITION_OFFSET);
    }

    /**
     * @return how many offers and claims were refused for want of space, by all producers.
     */
    public long backPressureCount()
    {
        return headerBuffer.getLongVolatile(BACK_PRESSURE_COUNT_OFFSET);
    }

    /**
     * @return how many messages the consumers of this channel have delivered.
     */
    public long messagesConsumed()
    {
        return headerBuffer.getLongVolatile(MESSAGES_CONSUMED_OFFSET);
    }

    /**
     * @return the pid of the consumer that holds the lease, or 0 when there is none.
     */
    public long consumerLeasePid()
    {
        return ProcessIdentity.pidOf(headerBuffer.getLongVolatile(CONSUMER_LEASE_OFFSET));
    }

    /**
     * @return the pid of the SPSC producer that holds the lease, or 0 when there is none (always 0 for MPSC).
     */
    public long producerLeasePid()
    {
        return ProcessIdentity.pidOf(headerBuffer.getLongVolatile(PRODUCER_LEASE_OFFSET));
    }

    UnsafeBuffer headerBuffer()
    {
        return headerBuffer;
    }

    /**
     * @return the ring region (data area and trailer) as Agrona's ring buffers expect it.
     */
    UnsafeBuffer ringBuffer()
    {
        return ringBuffer;
    }

    void detached(final AutoCloseable role)
    {
        attachedRoles.remove(role);
    }

    void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("channel closed: file=" + path);
        }
    }

    public boolean isClosed()
    {
        return closed;
    }

    /**
     * Closes every producer and consumer attached through this object (releasing their leases) and unmaps the file.
     * Unread messages stay in the file.
     *
     * @throws IllegalStateException when called from inside a handler of its consumer's poll, which would go on reading
     *                               the unmapped ring (close after the poll returns); nothing is closed.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        for (final AutoCloseable role : attachedRoles)
        {
            if (role instanceof Consumer consumer && consumer.isPolling())
            {
                throw Consumer.closeInHandlerError(path);
            }
        }
        for (final AutoCloseable role : new ArrayList<>(attachedRoles))
        {
            try
            {
                role.close();
            }
            catch (final Exception ignore)
            {
                // closing a role only releases a lease; nothing to report
            }
        }
        closed = true;
        file.close();
    }

    /**
     * Closes the channel and removes its file. Peers that still map the file keep their mapping until they close.
     */
    public void delete()
    {
        close();
        ChannelFile.deleteQuietly(path);
    }
}
