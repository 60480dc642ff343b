package io.ringway.testing;

import io.ringway.HeaderDescriptor;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Looks at a channel's wait words and wake counter from outside, through a mapping of its own, for the cross-process
 * and cross-language wakeup tests (docs/LAYOUT.md section 9) whatever language the peers are written in.
 */
public final class WakeProbe
{
    /** After the waiters flag is set, the consumer still has its re-check to make before FUTEX_WAIT. */
    private static final long SETTLE_MS = 100;
    private static final long POLL_MS = 5;

    private WakeProbe()
    {
    }

    /**
     * @param path   a channel file.
     * @param offset a header offset: {@link HeaderDescriptor#WAKE_COUNT_OFFSET} (int64) or a wait word (int32).
     * @return the field's value, read with volatile order.
     */
    public static long headerField(final Path path, final int offset)
    {
        final MappedByteBuffer mapped =
            IoUtil.mapExistingFile(path.toFile(), "header", 0, HeaderDescriptor.HEADER_LENGTH);
        try
        {
            final UnsafeBuffer header = new UnsafeBuffer(mapped);
            return offset == HeaderDescriptor.WAKE_COUNT_OFFSET ?
                header.getLongVolatile(offset) : header.getIntVolatile(offset);
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }

    /**
     * Waits until the consumer of the channel at {@code path} has set its data waiters flag, then a little longer, so
     * that it sleeps in FUTEX_WAIT.
     *
     * @param path           the channel file (it may not exist yet).
     * @param timeoutSeconds how long to wait before failing.
     * @param consumer       who the consumer is, for the failure message.
     */
    public static void awaitParkedConsumer(final Path path, final long timeoutSeconds, final String consumer)
        throws IOException, InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!Files.exists(path) || Files.size(path) < HeaderDescriptor.HEADER_LENGTH ||
            headerField(path, HeaderDescriptor.DATA_WAITERS_OFFSET) == 0)
        {
            assertTrue(System.nanoTime() < deadlineNs, consumer + " never parked: file=" + path);
            Thread.sleep(POLL_MS);
        }
        Thread.sleep(SETTLE_MS);
    }

    /**
     * Asserts that the wake counter shows that at least half of {@code rounds} messages found their receiver parked, so
     * that a ping-pong really exercised parking rather than spinning.
     */
    public static void assertMostMessagesNeededAWake(final Path path, final long rounds, final String direction)
    {
        final long wakes = headerField(path, HeaderDescriptor.WAKE_COUNT_OFFSET);
        assertTrue(wakes >= rounds / 2, direction + ": too few wakes to have exercised parking: file=" + path +
            " field=wakeCount found=" + wakes + " expected=>=" + rounds / 2);
    }
}
