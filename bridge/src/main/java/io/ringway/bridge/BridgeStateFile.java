package io.ringway.bridge;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A bridge side's state file (docs/BRIDGE.md section 5): a small memory-mapped file that the side updates as it works
 * and {@code ringway stat} reads. For a receiver of journal indexes it is also the durable record of what it delivered:
 * a store into a shared mapping outlives the process (SIGKILL included), as the channel in /dev/shm does.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  magic "RWBRIDGE" (64 bits)                   |  0
 *  +-------------------------------+-------------------------------+
 *  |            version            |              role             |  8  (int each)
 *  +-------------------------------+-------------------------------+
 *  |  pid | connected | messages | back-pressure count             |  16, 24, 32, 40 (long each)
 *  +---------------------------------------------------------------+
 *  |  aeron position | resume index | last delivered index         |  48, 56, 64
 *  +---------------------------------------------------------------+
 *  |  pending index | pending tail position | updated ms           |  72, 80, 88
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class BridgeStateFile implements AutoCloseable
{
    public static final long MAGIC = 0x454744495242_5752L; // "RWBRIDGE" read as little-endian bytes
    public static final int VERSION = 1;
    public static final int ROLE_SENDER = 1;
    public static final int ROLE_RECEIVER = 2;
    /** An index field that holds no index. */
    public static final long NO_INDEX = -1;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int ROLE_OFFSET = 12;
    public static final int PID_OFFSET = 16;
    /** 1 while the Aeron publication (sender) or subscription (receiver) has a peer. */
    public static final int CONNECTED_OFFSET = 24;
    /** Messages published (sender) or delivered into the channel (receiver) by this process. */
    public static final int MESSAGES_OFFSET = 32;
    /** Times the side waited: Aeron refused an offer (sender) or the channel was full (receiver). */
    public static final int BACK_PRESSURE_COUNT_OFFSET = 40;
    /** The publication's (sender) or image's (receiver) Aeron position. */
    public static final int AERON_POSITION_OFFSET = 48;
    /** Sender: the next index of the last resume request it obeyed; receiver: the last one it sent. */
    public static final int RESUME_INDEX_OFFSET = 56;
    /** Receiver: the last journal index delivered into the channel (durable). */
    public static final int LAST_DELIVERED_INDEX_OFFSET = 64;
    /** Receiver: the index being delivered, set before the channel write and cleared after it (durable). */
    public static final int PENDING_INDEX_OFFSET = 72;
    /** Receiver: the channel's producer position before that write (durable). */
    public static final int PENDING_TAIL_POSITION_OFFSET = 80;
    public static final int UPDATED_MS_OFFSET = 88;
    public static final int LENGTH = 96;

    private final Path path;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;

    private BridgeStateFile(final Path path, final MappedByteBuffer mapped)
    {
        this.path = path;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
    }

    /**
     * Opens the state file of a side, creating it when absent; an existing file of the same role keeps its indexes.
     *
     * @param path the file.
     * @param role {@link #ROLE_SENDER} or {@link #ROLE_RECEIVER}.
     * @return the mapped file, with this process's pid.
     * @throws IllegalStateException when the file exists and is no bridge state file of that role.
     */
    public static BridgeStateFile open(final Path path, final int role)
    {
        final BridgeStateFile file = map(path, true);
        final UnsafeBuffer buffer = file.buffer;
        if (buffer.getLong(MAGIC_OFFSET) == 0)
        {
            buffer.putInt(VERSION_OFFSET, VERSION);
            buffer.putInt(ROLE_OFFSET, role);
            buffer.putLong(LAST_DELIVERED_INDEX_OFFSET, NO_INDEX);
            buffer.putLong(PENDING_INDEX_OFFSET, NO_INDEX);
            buffer.putLong(RESUME_INDEX_OFFSET, NO_INDEX);
            buffer.putLongRelease(MAGIC_OFFSET, MAGIC);
        }
        else
        {
            file.check(role);
        }
        buffer.putLong(CONNECTED_OFFSET, 0);
        buffer.putLong(MESSAGES_OFFSET, 0);
        buffer.putLong(BACK_PRESSURE_COUNT_OFFSET, 0);
        buffer.putLongRelease(PID_OFFSET, ProcessHandle.current().pid());
        return file;
    }

    /**
     * Maps an existing state file read-only ({@code ringway stat}: it never disturbs the bridge).
     *
     * @param path the file.
     * @return the mapped file.
     * @throws IllegalStateException when it is no bridge state file.
     */
    public static BridgeStateFile read(final Path path)
    {
        final BridgeStateFile file = map(path, false);
        file.check(0);
        return file;
    }

    /**
     * @param path a file.
     * @return true when it starts with a bridge state file's magic.
     */
    public static boolean isStateFile(final Path path)
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            if (channel.size() < LENGTH)
            {
                return false;
            }
            final java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            channel.read(bytes, MAGIC_OFFSET);
            return bytes.getLong(0) == MAGIC;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static BridgeStateFile map(final Path path, final boolean create)
    {
        try
        {
            if (create && path.getParent() != null)
            {
                Files.createDirectories(path.getParent());
            }
            final StandardOpenOption[] options = create ?
                new StandardOpenOption[]{StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE} :
                new StandardOpenOption[]{StandardOpenOption.READ};
            try (FileChannel channel = FileChannel.open(path, options))
            {
                final long size = channel.size();
                if (size != 0 && size < LENGTH || size == 0 && !create)
                {
                    throw new IllegalStateException("bridge state file too short: file=" + path + " length=" + size +
                        " required=" + LENGTH);
                }
                return new BridgeStateFile(path,
                    channel.map(create ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, 0, LENGTH));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot map bridge state file: file=" + path, ex);
        }
    }

    private void check(final int role)
    {
        final long magic = buffer.getLongAcquire(MAGIC_OFFSET);
        if (magic != MAGIC)
        {
            throw new IllegalStateException("not a bridge state file: file=" + path + " field=magic found=0x" +
                Long.toHexString(magic) + " expected=0x" + Long.toHexString(MAGIC));
        }
        final int version = buffer.getInt(VERSION_OFFSET);
        if (version != VERSION)
        {
            throw new IllegalStateException("unsupported bridge state file: file=" + path + " field=version found=" +
                version + " expected=" + VERSION);
        }
        if (role != 0 && buffer.getInt(ROLE_OFFSET) != role)
        {
            throw new IllegalStateException("bridge state file of the other side: file=" + path + " field=role found=" +
                roleName(buffer.getInt(ROLE_OFFSET)) + " expected=" + roleName(role));
        }
    }

    /**
     * @param role a role field.
     * @return "sender", "receiver" or the number.
     */
    public static String roleName(final int role)
    {
        return role == ROLE_SENDER ? "sender" : role == ROLE_RECEIVER ? "receiver" : Integer.toString(role);
    }

    public Path path()
    {
        return path;
    }

    public int role()
    {
        return buffer.getInt(ROLE_OFFSET);
    }

    /**
     * @param offset one of the long fields' offsets.
     * @return its value (acquire).
     */
    public long getLong(final int offset)
    {
        return buffer.getLongAcquire(offset);
    }

    /**
     * @param offset one of the long fields' offsets.
     * @param value  its new value, stored with release: ordered after every store of this thread before it.
     */
    public void putLongRelease(final int offset, final long value)
    {
        buffer.putLongRelease(offset, value);
    }

    /** Adds to a counter field (single writer). */
    public void increment(final int offset, final long delta)
    {
        buffer.putLongRelease(offset, buffer.getLong(offset) + delta);
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
