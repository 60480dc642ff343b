package io.ringway;

import io.ringway.testing.TempChannelDirectory;
import io.ringway.wait.Futex;
import io.ringway.wait.WaitStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The park protocol of docs/LAYOUT.md section 9 in one process: no wake (no system call) when nobody waits, a parked
 * consumer or producer is woken, timeouts are honoured. Cross-process wakes are in the cli module's
 * {@code CrossProcessWakeupTest}, next to the Java ping-pong program.
 */
class WakeupTest
{
    /** Guards against a hang only; what is asserted is what happened, never how fast. */
    private static final long HANG_GUARD_SECONDS = 60;
    private static final MessageHandler IGNORE = (typeId, buffer, index, length) ->
    {
    };

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("wakeup");

    private final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(64));

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void shouldIssueNoWakeWhenNobodyWaits(final RingKind kind)
    {
        try (Channel channel = Channel.create(directory.resolve("quiet.ringway"), ChannelConfig.of(kind, 1 << 12)))
        {
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            long delivered = 0;
            for (int i = 0; i < 10_000; i++)
            {
                assertTrue(producer.offer(1, scratch, 0, 16));
                final int index = producer.tryClaim(2, 8);
                assertTrue(index >= 0);
                if ((i & 1) == 0)
                {
                    producer.commit(index);
                }
                else
                {
                    producer.abort(index);
                }
                delivered += consumer.poll(IGNORE, 10);
            }
            assertEquals(15_000, delivered);
            assertEquals(0, wakeCount(channel), "wakes issued with nobody waiting");
            assertEquals(0, channel.headerBuffer().getIntVolatile(HeaderDescriptor.DATA_SEQUENCE_OFFSET));
            assertEquals(0, channel.headerBuffer().getIntVolatile(HeaderDescriptor.SPACE_SEQUENCE_OFFSET));
        }
    }

    static Stream<WaitStrategy> waitStrategies()
    {
        return Stream.of(WaitStrategy.blocking(), WaitStrategy.backoff(), WaitStrategy.yielding(),
            WaitStrategy.busySpin());
    }

    @ParameterizedTest
    @MethodSource("waitStrategies")
    void shouldReturnNothingOnlyAfterTheTimeoutWhenNoProducerCommits(final WaitStrategy strategy)
    {
        try (Channel channel = Channel.create(directory.resolve("idle.ringway"), ChannelConfig.spsc(1 << 12)))
        {
            final Consumer consumer = channel.consumer().waitStrategy(strategy);
            final long timeoutNs = TimeUnit.MILLISECONDS.toNanos(200);
            final long startNs = System.nanoTime();
            final int delivered = consumer.poll(IGNORE, 10, timeoutNs, TimeUnit.NANOSECONDS);
            final long elapsedNs = System.nanoTime() - startNs;
            assertEquals(0, delivered);
            assertTrue(elapsedNs >= timeoutNs, "returned before the timeout: elapsedNs=" + elapsedNs);
            assertTrue(elapsedNs < TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS), "never returned: " + elapsedNs);
            assertEquals(0, channel.headerBuffer().getIntVolatile(HeaderDescriptor.DATA_WAITERS_OFFSET),
                "a consumer that stopped waiting leaves no waiters flag");
        }
    }

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void shouldGiveUpABlockingOfferOnlyAfterTheTimeoutWhenTheRingStaysFull(final RingKind kind)
    {
        try (Channel channel = Channel.create(directory.resolve("full.ringway"), ChannelConfig.of(kind, 1 << 10)))
        {
            final Producer producer = channel.producer().waitStrategy(WaitStrategy.blocking());
            while (producer.offer(1, scratch, 0, 64))
            {
                // fill the ring
            }
            final long timeoutNs = TimeUnit.MILLISECONDS.toNanos(200);
            final long startNs = System.nanoTime();
            final boolean written = producer.offer(1, scratch, 0, 64, timeoutNs, TimeUnit.NANOSECONDS);
            final long elapsedNs = System.nanoTime() - startNs;
            assertFalse(written);
            assertTrue(elapsedNs >= timeoutNs, "returned before the timeout: elapsedNs=" + elapsedNs);
            assertEquals(1, channel.headerBuffer().getIntVolatile(HeaderDescriptor.SPACE_WAITERS_OFFSET),
                "a parked producer announced itself");
        }
    }

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void shouldWakeAParkedConsumerWhenAProducerCommits(final RingKind kind) throws Exception
    {
        assertConsumerParkedIsWokenOnce(kind, producer -> assertTrue(producer.offer(1, scratch, 0, 8)), 1);
    }

    /** LAYOUT 9.2, batches: one wake check after the batch's last commit; without it no wake would be counted. */
    @ParameterizedTest
    @EnumSource(RingKind.class)
    void shouldWakeAConsumerParkedBeforeABatchWithOneWakeAfterItsLastCommit(final RingKind kind) throws Exception
    {
        final ProducerBatch batch = new ProducerBatch(0);
        batch.append(1, scratch, 0, 8).append(1, scratch, 0, 8).append(1, scratch, 0, 8);
        assertConsumerParkedIsWokenOnce(kind, producer -> assertEquals(3, producer.offerBatch(batch)), 3);
    }

    /** A consumer parks in poll; send then commits up to 10 messages: it receives them, woken by exactly one wake. */
    private void assertConsumerParkedIsWokenOnce(final RingKind kind, final java.util.function.Consumer<Producer> send,
        final int count) throws Exception
    {
        try (Channel channel = Channel.create(directory.resolve("data.ringway"), ChannelConfig.of(kind, 1 << 12)))
        {
            final Consumer consumer = channel.consumer().waitStrategy(WaitStrategy.blocking());
            final Producer producer = channel.producer();
            final CompletableFuture<Integer> parked = CompletableFuture.supplyAsync(
                () -> consumer.poll(IGNORE, 10, HANG_GUARD_SECONDS, TimeUnit.SECONDS));
            awaitFlag(channel, HeaderDescriptor.DATA_WAITERS_OFFSET);
            send.accept(producer);
            assertEquals(count, parked.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
            assertEquals(1, wakeCount(channel));
            assertEquals(1, channel.headerBuffer().getIntVolatile(HeaderDescriptor.DATA_SEQUENCE_OFFSET));
            assertEquals(0, channel.headerBuffer().getIntVolatile(HeaderDescriptor.DATA_WAITERS_OFFSET));
        }
    }

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void shouldWakeAProducerParkedOnAFullRingWhenTheConsumerFreesSpace(final RingKind kind) throws Exception
    {
        try (Channel channel = Channel.create(directory.resolve("space.ringway"), ChannelConfig.of(kind, 1 << 10)))
        {
            final Producer producer = channel.producer().waitStrategy(WaitStrategy.blocking());
            final Consumer consumer = channel.consumer();
            int written = 0;
            while (producer.offer(1, scratch, 0, 64))
            {
                written++;
            }
            final CompletableFuture<Boolean> parked = CompletableFuture.supplyAsync(
                () -> producer.offer(1, scratch, 0, 64, HANG_GUARD_SECONDS, TimeUnit.SECONDS));
            awaitFlag(channel, HeaderDescriptor.SPACE_WAITERS_OFFSET);
            assertEquals(written, consumer.poll(IGNORE, Integer.MAX_VALUE));
            assertTrue(parked.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
            assertEquals(1, wakeCount(channel));
            assertEquals(1, consumer.poll(IGNORE, Integer.MAX_VALUE));
        }
    }

    @Test
    void shouldReportAChangedValueWithoutSleepingWhenTheFutexWordDiffers()
    {
        try (Channel channel = Channel.create(directory.resolve("futex.ringway"), ChannelConfig.spsc(1 << 10)))
        {
            final long address = channel.headerBuffer().addressOffset() + HeaderDescriptor.DATA_SEQUENCE_OFFSET;
            final Futex futex = new Futex();
            assertEquals(Futex.VALUE_CHANGED, futex.await(address, 42, TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS)));
            assertEquals(Futex.TIMED_OUT, futex.await(address, 0, TimeUnit.MILLISECONDS.toNanos(10)));
            assertEquals(0, Futex.wake(address, Integer.MAX_VALUE));
        }
    }

    @Test
    void shouldClearTheDataWaitersFlagLeftByAPreviousConsumerWhenTakingTheLease()
    {
        try (Channel channel = Channel.create(directory.resolve("stale.ringway"), ChannelConfig.spsc(1 << 10)))
        {
            channel.headerBuffer().putIntVolatile(HeaderDescriptor.DATA_WAITERS_OFFSET, 1);
            channel.consumer();
            assertEquals(0, channel.headerBuffer().getIntVolatile(HeaderDescriptor.DATA_WAITERS_OFFSET));
        }
    }

    @Test
    void shouldDeliverEverySequenceWhenThreeParkingProducersAndAParkingConsumerShareATinyRing() throws Exception
    {
        final int producers = 3;
        final int messagesPerProducer = 20_000;
        final ExecutorService threads = Executors.newFixedThreadPool(producers);
        try (Channel channel = Channel.create(directory.resolve("tiny.ringway"), ChannelConfig.mpsc(1 << 10)))
        {
            final Consumer consumer = channel.consumer().waitStrategy(WaitStrategy.blocking());
            final List<CompletableFuture<Long>> sent = new ArrayList<>();
            for (int p = 0; p < producers; p++)
            {
                final int producerId = p;
                final Producer producer = channel.producer().waitStrategy(WaitStrategy.blocking());
                sent.add(CompletableFuture.supplyAsync(() ->
                {
                    final UnsafeBuffer body = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
                    long refusals = 0;
                    for (int sequence = 0; sequence < messagesPerProducer; sequence++)
                    {
                        body.putInt(0, producerId);
                        body.putInt(4, sequence);
                        while (!producer.offer(1, body, 0, 64, 2, TimeUnit.SECONDS))
                        {
                            refusals++;
                        }
                    }
                    return refusals;
                }, threads));
            }
            final int[] next = new int[producers];
            final int[] outOfOrder = new int[1];
            final MessageHandler verifier = (typeId, buffer, index, length) ->
            {
                final int producerId = buffer.getInt(index);
                if (buffer.getInt(index + 4) != next[producerId]++)
                {
                    outOfOrder[0]++;
                }
            };
            long received = 0;
            long timeouts = 0;
            while (received < (long)producers * messagesPerProducer)
            {
                final int delivered = consumer.poll(verifier, 7, 2, TimeUnit.SECONDS);
                received += delivered;
                if (delivered == 0 && ++timeouts > 5)
                {
                    break;
                }
            }
            for (final CompletableFuture<Long> producer : sent)
            {
                assertEquals(0L, producer.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS),
                    "blocking offers that timed out (lost wakeups of parked producers)");
            }
            assertEquals(0, timeouts, "consumer waits that timed out (lost wakeups of the parked consumer)");
            assertEquals((long)producers * messagesPerProducer, received);
            assertEquals(0, outOfOrder[0]);
            assertTrue(wakeCount(channel) > 0, "the tiny ring made someone park");
        }
        finally
        {
            threads.shutdownNow();
        }
    }

    static long wakeCount(final Channel channel)
    {
        return channel.headerBuffer().getLongVolatile(HeaderDescriptor.WAKE_COUNT_OFFSET);
    }

    static void awaitFlag(final Channel channel, final int offset) throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS);
        while (channel.headerBuffer().getIntVolatile(offset) == 0)
        {
            assertTrue(System.nanoTime() < deadlineNs, "waiter never parked: offset=" + offset);
            Thread.sleep(1);
        }
        // the flag is set just before the re-check and FUTEX_WAIT: give the waiter time to reach the kernel, so that
        // the wake, not the re-check, is what the test exercises (either way the result must be the same)
        Thread.sleep(50);
    }
}
