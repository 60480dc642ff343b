package io.ringway;

import io.ringway.testing.TempChannelDirectory;
import io.ringway.wait.Membarrier;
import io.ringway.wait.WaitStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Membarrier wakeups (docs/LAYOUT.md 9.8): a consumer that asks for them promises, in {@code consumerMembarrierLease},
 * to issue membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED) before the re-check of each park, and producers then skip the
 * full fence of their wake checks. The promise is bound to the consumer's lease, withdrawn on close and never left to
 * a consumer that did not make it; and no wakeup is lost while producers rely on it.
 */
class MembarrierWakeupsTest
{
    /** Guards against a hang only; what is asserted is what happened, never how fast. */
    private static final long HANG_GUARD_SECONDS = 120;
    private static final int ROUND_TRIPS = 50_000;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("membarrier");

    @Test
    void aConsumerThatAsksForMembarrierWakeupsShouldPromiseThemWithItsLeaseUntilItCloses()
    {
        assumeTrue(Membarrier.SUPPORTED, "membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED) is not offered by this kernel");
        try (Channel channel = Channel.create(directory.resolve("promise.ringway"), ChannelConfig.spsc(1 << 12)))
        {
            final Consumer consumer = channel.consumer(ConsumerOption.MEMBARRIER_WAKEUPS);
            assertTrue(consumer.membarrierWakeups());
            final long lease = channel.headerBuffer().getLongVolatile(HeaderDescriptor.CONSUMER_LEASE_OFFSET);
            assertNotEquals(0, lease);
            assertEquals(lease, membarrierLease(channel));
            consumer.close();
            assertEquals(0, membarrierLease(channel));
        }
    }

    @Test
    void aConsumerThatDoesNotAskShouldPromiseNothing()
    {
        try (Channel channel = Channel.create(directory.resolve("plain.ringway"), ChannelConfig.spsc(1 << 12)))
        {
            final Consumer consumer = channel.consumer();
            assertFalse(consumer.membarrierWakeups());
            assertEquals(0, membarrierLease(channel));
        }
    }

    /** A promise left by a consumer killed while it held the lease must not pass to the next one, which did not make it. */
    @Test
    void aConsumerThatDoesNotAskShouldWithdrawThePromiseOfADeadPredecessor()
    {
        try (Channel channel = Channel.create(directory.resolve("dead.ringway"), ChannelConfig.spsc(1 << 12)))
        {
            channel.headerBuffer().putLongVolatile(HeaderDescriptor.CONSUMER_MEMBARRIER_LEASE_OFFSET, 0x1234_5678L);
            channel.consumer();
            assertEquals(0, membarrierLease(channel));
        }
    }

    /**
     * Ping-pong through a consumer that parks before every message: each message is committed while the consumer is
     * about to park or parked, so each needs the wake check to see the flag (the consumer's membarrier standing in for
     * the producer's fence) or the consumer's re-check to see the commit. A wakeup lost would end a park by its 1 s
     * cap (LAYOUT 9.6) while the producer waits for the reply: counted by parkTimeoutCount.
     */
    @ParameterizedTest
    @EnumSource(RingKind.class)
    void shouldWakeAParkingMembarrierConsumerForEveryMessageWhileProducersSkipTheirFence(final RingKind kind)
        throws Exception
    {
        assumeTrue(Membarrier.SUPPORTED, "membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED) is not offered by this kernel");
        try (Channel channel = Channel.create(directory.resolve("pingpong.ringway"), ChannelConfig.of(kind, 1 << 12)))
        {
            final Consumer consumer = channel.consumer(ConsumerOption.MEMBARRIER_WAKEUPS)
                .waitStrategy(WaitStrategy.blocking());
            final Producer producer = channel.producer();
            final AtomicLong received = new AtomicLong();
            final CompletableFuture<Void> consuming = CompletableFuture.runAsync(() ->
            {
                while (received.get() < ROUND_TRIPS)
                {
                    final int delivered = consumer.poll((typeId, buffer, index, length) ->
                    {
                        assertEquals(received.get(), buffer.getLong(index));
                        received.incrementAndGet();
                    }, 1, HANG_GUARD_SECONDS, TimeUnit.SECONDS);
                    assertEquals(1, delivered, "poll ended with nothing within the hang guard");
                }
            });
            final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(8));
            for (long sequence = 0; sequence < ROUND_TRIPS; sequence++)
            {
                message.putLong(0, sequence);
                assertTrue(producer.offer(1, message, 0, 8));
                while (received.get() <= sequence && !consuming.isDone())
                {
                    Thread.onSpinWait();
                }
            }
            consuming.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            assertEquals(ROUND_TRIPS, received.get());
            assertEquals(0, consumer.parkTimeoutCount(), "parks that ended by their 1 s cap: wakeups lost");
            assertTrue(channel.headerBuffer().getLongVolatile(HeaderDescriptor.WAKE_COUNT_OFFSET) > 0,
                "the consumer never parked: the test did not exercise the wake check");
        }
    }

    private static long membarrierLease(final Channel channel)
    {
        return channel.headerBuffer().getLongVolatile(HeaderDescriptor.CONSUMER_MEMBARRIER_LEASE_OFFSET);
    }
}
