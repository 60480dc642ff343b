package io.ringway.testing;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.HeaderDescriptor;
import io.ringway.Producer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    /** The channels and messages of the ping-pong programs (docs/PING_PONG.md): 64 KiB SPSC, type id 7. */
    private static final int PING_PONG_CAPACITY = 64 * 1024;
    private static final int PING_PONG_TYPE_ID = 7;

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

    /**
     * The stale-waiter scenario of docs/LAYOUT.md 9.5, whatever language the consumer is written in: once the consumer
     * process (a ping-pong program's pong, docs/PING_PONG.md, blocking, reading {@code ping}) has parked, it is SIGKILLed; its
     * waiters flag stays set; a Java producer then sends 1,000 messages and must issue exactly one wake (which clears
     * the flag), and the next consumer takes over the lease and reads every message.
     *
     * @param ping           the channel the consumer parks on; created here when the consumer has not yet.
     * @param parkedConsumer the consumer process, already started.
     * @param who            the consumer, for messages (e.g. "C consumer").
     * @param timeoutSeconds hang guard for each wait.
     */
    public static void assertAConsumerKilledWhileParkedCostsOneWake(
        final Path ping, final Process parkedConsumer, final String who, final long timeoutSeconds) throws Exception
    {
        try (Channel channel = Channel.openOrCreate(ping, ChannelConfig.spsc(PING_PONG_CAPACITY)))
        {
            awaitParkedConsumer(ping, timeoutSeconds, who);
            parkedConsumer.destroyForcibly();
            assertTrue(parkedConsumer.waitFor(timeoutSeconds, TimeUnit.SECONDS));
            assertEquals(1, headerField(ping, HeaderDescriptor.DATA_WAITERS_OFFSET),
                "the killed " + who + " left its waiters flag");

            final Producer producer = channel.producer();
            final UnsafeBuffer body = new UnsafeBuffer(ByteBuffer.allocateDirect(Long.BYTES));
            final long wakesBefore = headerField(ping, HeaderDescriptor.WAKE_COUNT_OFFSET);
            final int messages = 1_000;
            for (int i = 0; i < messages; i++)
            {
                body.putLong(0, 1_000_000 + i);
                assertTrue(producer.offer(PING_PONG_TYPE_ID, body, 0, Long.BYTES));
            }
            assertEquals(1, headerField(ping, HeaderDescriptor.WAKE_COUNT_OFFSET) - wakesBefore,
                "wakes for " + messages + " messages after the parked " + who + " died: only the first may wake");
            assertEquals(0, headerField(ping, HeaderDescriptor.DATA_WAITERS_OFFSET), "the one wake cleared the flag");

            final Consumer next = channel.consumer();
            final int[] received = new int[1];
            while (next.poll((typeId, buffer, index, length) -> received[0]++, Integer.MAX_VALUE) > 0)
            {
                // drain
            }
            assertEquals(messages, received[0], "the next consumer takes over the lease and reads everything");
        }
        finally
        {
            parkedConsumer.destroyForcibly();
            parkedConsumer.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        }
    }
}
