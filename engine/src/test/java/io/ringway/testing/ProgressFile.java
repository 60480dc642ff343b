package io.ringway.testing;

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
 * A crash-test producer's progress, in a small mapped file that survives the producer's SIGKILL (the page cache keeps
 * what it stored). The producer stores the count of messages it has committed right after each commit, so after a kill
 * the consumer must have received either that count or one more (killed between the commit and this store), or, while
 * the producer offers a batch, up to the count stored in offeringCount before it (a run commits several messages at
 * once): fewer is a lost message, more is an invented one ({@link #mayHaveCommittedCount()}).
 *
 * <pre>
 *   0: int64 committedCount  (release, after each commit)
 *   8: int64 stalled         (1 once the producer holds a claim it will never commit)
 *  16: int64 pausedSequence  (sequence + 1 while the producer holds a claim and waits for the harness to clear this
 *                             word before it writes the body and commits; 0 otherwise)
 *  24: int64 offeringCount   (release, before a batch is offered: committedCount once the whole batch is committed;
 *                             0 for a producer that offers one message at a time)
 * </pre>
 * The C crash producer (c-interop/programs/crash_producer.c) writes the same file.
 */
public final class ProgressFile implements AutoCloseable
{
    public static final int COMMITTED_COUNT_OFFSET = 0;
    public static final int STALLED_OFFSET = 8;
    public static final int PAUSED_SEQUENCE_OFFSET = 16;
    public static final int OFFERING_COUNT_OFFSET = 24;
    public static final int LENGTH = 32;

    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;

    private ProgressFile(final MappedByteBuffer mapped)
    {
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped, 0, LENGTH);
    }

    /**
     * @param path the file; created with zeros when absent.
     * @return the mapped progress file.
     */
    public static ProgressFile open(final Path path)
    {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE))
        {
            if (file.size() < LENGTH)
            {
                file.write(java.nio.ByteBuffer.allocate(LENGTH), 0);
            }
            return new ProgressFile(file.map(FileChannel.MapMode.READ_WRITE, 0, LENGTH));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Creates an empty progress file for a producer about to start.
     */
    public static void create(final Path path)
    {
        try
        {
            Files.write(path, new byte[LENGTH]);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public void committed(final long count)
    {
        buffer.putLongRelease(COMMITTED_COUNT_OFFSET, count);
    }

    /**
     * Producer side, before it offers a batch: the committed count once all of it is committed.
     */
    public void offering(final long count)
    {
        buffer.putLongRelease(OFFERING_COUNT_OFFSET, count);
    }

    /**
     * @return the most messages the producer may have committed: one more than its committed count (killed between a
     * commit and its store of the count), or the count of the batch it was offering.
     */
    public long mayHaveCommittedCount()
    {
        return Math.max(committedCount() + 1, buffer.getLongAcquire(OFFERING_COUNT_OFFSET));
    }

    public void markStalled()
    {
        buffer.putLongRelease(STALLED_OFFSET, 1);
    }

    public long committedCount()
    {
        return buffer.getLongAcquire(COMMITTED_COUNT_OFFSET);
    }

    public boolean isStalled()
    {
        return buffer.getLongAcquire(STALLED_OFFSET) != 0;
    }

    /**
     * Producer side: says that the claim of {@code sequence} is held until {@link #resume()}.
     */
    public void markPaused(final long sequence)
    {
        buffer.putLongRelease(PAUSED_SEQUENCE_OFFSET, sequence + 1);
    }

    /**
     * @return true while the producer holds a claim and waits for {@link #resume()}.
     */
    public boolean isPaused()
    {
        return buffer.getLongAcquire(PAUSED_SEQUENCE_OFFSET) != 0;
    }

    /**
     * Harness side: lets a paused producer write its body and commit.
     */
    public void resume()
    {
        buffer.putLongRelease(PAUSED_SEQUENCE_OFFSET, 0);
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
