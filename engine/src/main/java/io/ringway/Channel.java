package io.ringway;

import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
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
    private final FileChannel fileChannel;
    private final MappedByteBuffer mappedBuffer;
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

    private Channel(
        final Path path,
        final FileChannel fileChannel,
        final MappedByteBuffer mappedBuffer,
        final RingKind ringKind,
        final int capacity,
        final ChannelSettings settings)
    {
        this.path = path;
        this.clock = settings.clock();
        this.epochClock = settings.epochClock();
        this.heartbeatTimeoutMs = settings.heartbeatTimeoutMs();
        this.unblockTimeoutMs = settings.unblockTimeoutMs();
        this.fileChannel = fileChannel;
        this.mappedBuffer = mappedBuffer;
        this.headerBuffer = new UnsafeBuffer(mappedBuffer, 0, HEADER_LENGTH);
        this.ringBuffer = new UnsafeBuffer(mappedBuffer, HEADER_LENGTH, capacity + TrailerDescriptor.TRAILER_LENGTH);
        this.ringKind = ringKind;
        this.capacity = capacity;
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
        final int capacity = config.capacity();
        final long fileLength = HeaderDescriptor.fileLength(capacity);
        checkChannelDirectory(path);
        if (config.replaceExisting())
        {
            deleteExistingRegularFile(path);
        }
        final FileChannel file;
        try
        {
            // LAYOUT.md 10.2 steps 1 and 2 on one descriptor: exclusive create that never follows a symlink,
            // permissions set on the descriptor (never by path: the name may be swapped for a symlink to a victim in
            // between), every page backed now, so that a full file system is this error and never a fault (SIGBUS in
            // C and Go, InternalError in Java) in a peer that later touches a page nobody could back
            file = FileSpace.createReserved(path, config.permissions(), fileLength);
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw new ChannelFileException(
                "channel file already exists", path, "file", "exists", "absent (create never overwrites)", ex);
        }
        catch (final FileSpace.ReservationException ex)
        {
            throw new ChannelFileException("cannot reserve space for channel file (the file was removed)", path,
                "fileLength", ex.errorName(), fileLength + " bytes reserved (4096 + capacity " + capacity +
                " + trailer 768): free space on its file system, or use a smaller capacity", ex);
        }
        catch (final IOException ex)
        {
            throw new ChannelFileException("cannot create channel file", path, "file", ex.getMessage(), "created", ex);
        }

        final MappedByteBuffer mapped;
        try
        {
            mapped = file.map(FileChannel.MapMode.READ_WRITE, 0, fileLength);
        }
        catch (final IOException ex)
        {
            CloseHelper.quietClose(file);
            deleteQuietly(path);
            throw new ChannelFileException("cannot map channel file", path, "fileLength", ex.toString(),
                fileLength, ex);
        }

        final Channel channel;
        try
        {
            channel = new Channel(path, file, mapped, config.ringKind(), capacity, settings);
        }
        catch (final RuntimeException | Error ex)
        {
            // e.g. Agrona without --add-exports java.base/jdk.internal.misc: leave no zero-filled file that every later
            // open (and openOrCreate) would refuse as "not initialised"; removed first, as unmapping needs Agrona too
            deleteQuietly(path);
            try
            {
                file.close();
                IoUtil.unmap(mapped);
            }
            catch (final IOException | RuntimeException | Error cleanup)
            {
                ex.addSuppressed(cleanup);
            }
            throw ex;
        }
        final UnsafeBuffer header = channel.headerBuffer;
        header.putLong(MAGIC_OFFSET, MAGIC);
        header.putInt(RING_KIND_OFFSET, config.ringKind().code());
        header.putInt(HEADER_LENGTH_OFFSET, HEADER_LENGTH);
        header.putInt(CAPACITY_OFFSET, capacity);
        header.putInt(MAX_MESSAGE_LENGTH_OFFSET, HeaderDescriptor.maxMessageLength(capacity));
        header.putInt(TRAILER_LENGTH_OFFSET, TrailerDescriptor.TRAILER_LENGTH);
        header.putLong(CREATION_TIME_MS_OFFSET, System.currentTimeMillis());
        header.putLong(CREATOR_PID_OFFSET, ProcessHandle.current().pid());
        header.putInt(SCHEMA_ID_OFFSET, config.schemaId());
        header.putInt(SCHEMA_VERSION_OFFSET, config.schemaVersion());
        header.putLong(PID_NAMESPACE_OFFSET, ProcessIdentity.currentPidNamespace());
        // SYNC POINT: pairs with the acquire load of layoutVersion in validate(); every field above is visible first
        header.putIntRelease(LAYOUT_VERSION_OFFSET, LAYOUT_VERSION);

        return channel;
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
        final List<ChannelOpenOption> allowed = Arrays.asList(options);
        final MappedByteBuffer mapped;
        final long fileLength;
        FileChannel file = null;
        try
        {
            // type and owner are checked on the descriptor that is then mapped: no window for a swap, and a FIFO is
            // refused instead of blocking the open (LAYOUT.md 10.3)
            final FileSpace.OpenedFile opened = FileSpace.openRegular(path, true,
                allowed.contains(ChannelOpenOption.FOLLOW_SYMLINKS));
            file = opened.channel();
            checkOwner(path, opened.ownerUid(), allowed);
            fileLength = file.size();
            if (fileLength < HEADER_LENGTH)
            {
                // nothing to map: an empty file is one being created (LAYOUT.md 10.3), a short one is refused
                HeaderCheck.requireNoError(path, HeaderCheck.header(new UnsafeBuffer(new byte[0]), fileLength));
            }
            final long mapLength = Math.min(fileLength, HeaderDescriptor.fileLength(MAX_CAPACITY));
            mapped = file.map(FileChannel.MapMode.READ_WRITE, 0, mapLength);
        }
        catch (final FileSpace.NotRegularFileException ex)
        {
            throw notRegularFile(path, ex);
        }
        catch (final IOException ex)
        {
            CloseHelper.quietClose(file);
            throw new ChannelFileException("cannot open channel file", path, "file", ex.toString(), "readable", ex);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(file);
            throw ex;
        }

        try
        {
            final UnsafeBuffer header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
            HeaderCheck.requireNoError(path, HeaderCheck.header(header, fileLength));
            // before any lease: a peer in another pid namespace would take live owners for dead ones (LAYOUT 8)
            HeaderCheck.requireNoError(path, HeaderCheck.pidNamespace(header, ProcessIdentity.currentPidNamespace()));
            final Channel channel = new Channel(path, file, mapped, RingKind.fromCode(header.getInt(RING_KIND_OFFSET)),
                header.getInt(CAPACITY_OFFSET), settings);
            HeaderCheck.requireNoError(path, HeaderCheck.positions(channel.consumerPosition(),
                channel.producerPosition(), channel.capacity));
            return channel;
        }
        catch (final RuntimeException ex)
        {
            IoUtil.unmap(mapped);
            CloseHelper.quietClose(file);
            throw ex;
        }
    }

    /**
     * @return the one-line error for a path that is no regular file (LAYOUT.md 10.3: field=file).
     */
    static ChannelFileException notRegularFile(final Path path, final FileSpace.NotRegularFileException ex)
    {
        switch (ex.refusal())
        {
            case ABSENT:
                return new ChannelFileException("no such channel file", path, "file", "absent", "an existing file", ex);
            case SYMLINK:
                return new ChannelFileException("channel file is a symlink", path, "file", "symlink",
                    "a regular file (open with FOLLOW_SYMLINKS to follow it)", ex);
            default:
                return new ChannelFileException("channel file is not a regular file", path, "file",
                    ex.refusal().found(), "a regular file", ex);
        }
    }

    private static void checkOwner(final Path path, final int ownerUid, final List<ChannelOpenOption> allowed)
    {
        final int ownUid = ProcessIdentity.effectiveUid();
        if (ownerUid != ownUid && !allowed.contains(ChannelOpenOption.ALLOW_OTHER_OWNER))
        {
            throw new ChannelFileException("channel file belongs to another user", path, "owner",
                "uid " + ownerUid, "uid " + ownUid + " (open with ALLOW_OTHER_OWNER to accept it)");
        }
    }

    /**
     * LAYOUT.md 10.2 step 0: only the last path component is protected against a swapped name (O_NOFOLLOW); in a
     * directory every user may write without the sticky bit, anyone can rename the channel's entry and put a file or
     * link of theirs in its place, so create refuses it. /dev/shm and /tmp have the sticky bit; a directory only its
     * owner (or group) can write is fine.
     */
    private static void checkChannelDirectory(final Path path)
    {
        final Path directory = path.toAbsolutePath().getParent();
        final int mode;
        try
        {
            mode = (Integer)Files.getAttribute(directory, "unix:mode");
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException ex)
        {
            return; // the create itself reports a missing or unreadable directory, with its reason
        }
        final int othersWrite = 02;
        final int sticky = 01000;
        if ((mode & othersWrite) != 0 && (mode & sticky) == 0)
        {
            throw new ChannelFileException("channel directory is writable by every user without the sticky bit " +
                "(anyone could swap the channel's name for a file or link of theirs)", path, "directory",
                "mode 0" + Integer.toOctalString(mode & 07777),
                "a directory others cannot write, or one with the sticky bit as /dev/shm and /tmp");
        }
    }

    private static void deleteExistingRegularFile(final Path path)
    {
        try
        {
            final PosixFileAttributes attributes =
                Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile())
            {
                throw new ChannelFileException("will not replace what is not a regular file", path, "file",
                    attributes.isSymbolicLink() ? "symlink" : "not a regular file", "a regular file or nothing");
            }
            Files.delete(path);
        }
        catch (final NoSuchFileException ignore)
        {
            // nothing to replace
        }
        catch (final IOException ex)
        {
            throw new ChannelFileException("cannot replace existing channel file", path, "file", ex.toString(),
                "deleted", ex);
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
     * @return the consumer; close it (or the channel) to release the lease.
     * @throws ChannelFileException when the channel already has a live consumer.
     */
    public Consumer consumer()
    {
        ensureOpen();
        checkFileLength();
        final Lease lease = Lease.acquire(this, CONSUMER_LEASE_OFFSET, "consumerLease");
        headerBuffer.putLongRelease(CONSUMER_PID_OFFSET, ProcessHandle.current().pid());
        final Consumer consumer = new Consumer(this, lease,
            new Heartbeat(clock, headerBuffer, CONSUMER_HEARTBEAT_MS_OFFSET));
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
            return fileChannel.size();
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
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
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
        IoUtil.unmap(mappedBuffer);
        CloseHelper.quietClose(fileChannel);
    }

    /**
     * Closes the channel and removes its file. Peers that still map the file keep their mapping until they close.
     */
    public void delete()
    {
        close();
        deleteQuietly(path);
    }

    /**
     * @param ex what {@link FileSpace#reserve} threw.
     * @return its {@code found=} value (e.g. {@code ENOSPC (No space left on device)}), or its whole message when it
     * has none (the file could not even be opened), so that the channel's error stays one key=value line.
     */
    private static void deleteQuietly(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ignore)
        {
            // best effort: the caller is already handling a failure or asked for removal of a file that may be gone
        }
    }
}
