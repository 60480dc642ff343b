package io.ringway;

import io.ringway.testing.ManualMonotonicClock;
import io.ringway.testing.TempChannelDirectory;
import io.ringway.wait.WaitStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.ringway.HeaderDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Heartbeats, liveness verdicts and status() (docs/LAYOUT.md, section 8.1), driven by a manual clock: no test sleeps.
 */
class LivenessTest
{
    private static final long START_MS = 1_000_000;
    private static final long TIMEOUT_MS = 500;
    /** Above pid_max (at most 2^22 on Linux): no process has it. */
    private static final long DEAD_PID = Integer.MAX_VALUE;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("liveness");

    private final ManualMonotonicClock clock = new ManualMonotonicClock();
    private final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(64));

    private Channel create(final ChannelConfig config)
    {
        clock.updateMs(START_MS);
        return Channel.create(directory.resolve("channel.ringway"), config, ChannelSettings.DEFAULT.withClock(clock)
            .withHeartbeatTimeoutMs(TIMEOUT_MS));
    }

    @Test
    void shouldReportNoConsumerAsAbsentAndAnAttachedOneAsAliveWithItsPid()
    {
        try (Channel channel = create(ChannelConfig.spsc(1024)))
        {
            assertEquals(Liveness.ABSENT, channel.consumerLiveness());
            final Consumer consumer = channel.consumer();
            final ChannelStatus status = channel.status();
            assertEquals(Liveness.ALIVE, status.consumerLiveness());
            assertEquals(ProcessHandle.current().pid(), status.consumerPid());
            assertEquals(START_MS, status.consumerHeartbeatMs());
            assertEquals(0, status.consumerHeartbeatAgeMs());
            consumer.close();
            assertEquals(Liveness.ABSENT, channel.consumerLiveness());
        }
    }

    @Test
    void shouldReportALiveConsumerStaleWhenItsHeartbeatIsOlderThanTheTimeoutAndAliveAgainAfterItPolls()
    {
        try (Channel channel = create(ChannelConfig.spsc(1024)))
        {
            final Consumer consumer = channel.consumer();
            final Producer producer = channel.producer();
            clock.advanceMs(TIMEOUT_MS);
            assertEquals(Liveness.ALIVE, channel.consumerLiveness(), "age == timeout is still alive");
            clock.advanceMs(1);
            assertEquals(Liveness.STALE, channel.consumerLiveness());
            assertFalse(producer.isConsumerAlive());
            assertEquals(TIMEOUT_MS + 1, channel.status().consumerHeartbeatAgeMs());

            assertEquals(0, consumer.poll((typeId, buffer, index, length) -> { }, 10), "an empty poll beats");
            assertEquals(Liveness.ALIVE, channel.consumerLiveness());
            assertTrue(producer.isConsumerAlive());
        }
    }

    @Test
    void shouldReportTheConsumerDeadWhenTheProcessHoldingItsLeaseIsGone()
    {
        try (Channel channel = create(ChannelConfig.mpsc(1024)))
        {
            final Producer producer = channel.producer();
            channel.headerBuffer().putLongRelease(CONSUMER_LEASE_OFFSET, DEAD_PID << 32 | 1);
            channel.headerBuffer().putLongRelease(CONSUMER_PID_OFFSET, DEAD_PID);
            assertEquals(Liveness.DEAD, channel.consumerLiveness());
            assertFalse(producer.isConsumerAlive());
            assertEquals(DEAD_PID, channel.status().consumerPid());
        }
    }

    @Test
    void shouldReportMpscProducersDeadWhenTheLastOneToAttachIsGoneAndStaleWhenNoneBeats()
    {
        try (Channel channel = create(ChannelConfig.mpsc(1024)))
        {
            assertEquals(Liveness.ABSENT, channel.producerLiveness());
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            assertTrue(consumer.isProducerAlive());
            clock.advanceMs(TIMEOUT_MS + 1);
            assertEquals(Liveness.STALE, channel.producerLiveness());
            producer.heartbeat();
            assertEquals(Liveness.ALIVE, channel.producerLiveness());
            channel.headerBuffer().putLongRelease(PRODUCER_PID_OFFSET, DEAD_PID);
            assertEquals(Liveness.DEAD, channel.producerLiveness());
            assertFalse(consumer.isProducerAlive());
        }
    }

    @Test
    void shouldReadTheClockOnlyOnceEvery256OffersWhileMessagesFlow()
    {
        try (Channel channel = create(ChannelConfig.mpsc(1 << 16)))
        {
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            clock.advanceMs(7);
            for (int i = 1; i < Heartbeat.OPERATIONS_PER_CLOCK_READ; i++)
            {
                assertTrue(producer.offer(1, message, 0, 8));
            }
            assertEquals(START_MS, heartbeatMs(channel, PRODUCER_HEARTBEAT_MS_OFFSET), "255 offers: not yet");
            assertTrue(producer.offer(1, message, 0, 8));
            assertEquals(START_MS + 7, heartbeatMs(channel, PRODUCER_HEARTBEAT_MS_OFFSET), "256th offer beats");

            clock.advanceMs(3);
            assertEquals(1, consumer.poll((typeId, buffer, index, length) -> { }, 1));
            assertEquals(START_MS, heartbeatMs(channel, CONSUMER_HEARTBEAT_MS_OFFSET), "one busy poll: not yet");
        }
    }

    @Test
    void shouldNotReadTheClockAfterADeliveryWhenAnEmptyPollHasReadItSinceTheLastOne()
    {
        final AtomicLong consumerClockReads = new AtomicLong();
        final NanoClock countingClock = () ->
        {
            consumerClockReads.incrementAndGet();
            return TimeUnit.MILLISECONDS.toNanos(START_MS);
        };
        try (Channel channel = create(ChannelConfig.spsc(1 << 16));
            Channel consumerView = Channel.open(channel.path(), ChannelSettings.DEFAULT.withClock(countingClock)))
        {
            final Producer producer = channel.producer();
            final Consumer consumer = consumerView.consumer();
            final long readsAtAttach = consumerClockReads.get();
            final int rounds = 3 * Heartbeat.OPERATIONS_PER_CLOCK_READ;
            for (int i = 0; i < rounds; i++)
            {
                assertTrue(producer.offer(1, message, 0, 8));
                assertEquals(1, consumer.poll((typeId, buffer, index, length) -> { }, 1));
                assertEquals(0, consumer.poll((typeId, buffer, index, length) -> fail("one message per round"), 1));
            }
            // every empty poll read the clock, so no delivering poll reached 256 operations since the last read
            assertEquals(rounds, consumerClockReads.get() - readsAtAttach, "consumer clock reads");
        }
    }

    @Test
    void shouldCountAClaimAsABusyOperationAtItsCommitNotAtTheClaim()
    {
        final AtomicLong producerClockReads = new AtomicLong();
        final NanoClock countingClock = () ->
        {
            producerClockReads.incrementAndGet();
            return TimeUnit.MILLISECONDS.toNanos(START_MS);
        };
        try (Channel channel = Channel.create(directory.resolve("channel.ringway"), ChannelConfig.spsc(1 << 16),
            ChannelSettings.DEFAULT.withClock(countingClock)))
        {
            final Producer producer = channel.producer();
            for (int i = 1; i < Heartbeat.OPERATIONS_PER_CLOCK_READ; i++)
            {
                assertTrue(producer.offer(1, message, 0, 8));
            }
            final long readsBeforeClaim = producerClockReads.get();

            final int index = producer.tryClaim(1, 8);
            assertTrue(index >= 0);
            assertEquals(readsBeforeClaim, producerClockReads.get(), "the 256th operation's claim reads no clock");
            producer.commit(index);
            assertEquals(readsBeforeClaim + 1, producerClockReads.get(), "its commit reads it");
        }
    }

    @Test
    void shouldReadTheBusyClockOfAnOfferOnlyAfterItsCommit()
    {
        final int lastRecordIndex = (Heartbeat.OPERATIONS_PER_CLOCK_READ - 1) * 16;
        final UnsafeBuffer[] ring = new UnsafeBuffer[1];
        final AtomicLong lengthSeenByLastRead = new AtomicLong(-1);
        final NanoClock inspectingClock = () ->
        {
            lengthSeenByLastRead.set(ring[0] == null ? -1 : ring[0].getIntVolatile(lastRecordIndex));
            return TimeUnit.MILLISECONDS.toNanos(START_MS);
        };
        try (Channel channel = Channel.create(directory.resolve("channel.ringway"), ChannelConfig.spsc(1 << 16),
            ChannelSettings.DEFAULT.withClock(inspectingClock)))
        {
            final Producer producer = channel.producer();
            ring[0] = channel.ringBuffer();
            for (int i = 0; i < Heartbeat.OPERATIONS_PER_CLOCK_READ; i++)
            {
                assertTrue(producer.offer(1, message, 0, 8));
            }
            assertEquals(16, lengthSeenByLastRead.get(), "the 256th offer's record length when it read the clock");
        }
    }

    @Test
    void shouldBeatOnEveryOfferRefusedForBackPressure()
    {
        try (Channel channel = create(ChannelConfig.spsc(64)))
        {
            final Producer producer = channel.producer();
            int offered = 0;
            while (producer.offer(1, message, 0, 8))
            {
                offered++;
            }
            assertTrue(offered > 0);
            clock.advanceMs(5);
            assertFalse(producer.offer(1, message, 0, 8));
            assertEquals(START_MS + 5, heartbeatMs(channel, PRODUCER_HEARTBEAT_MS_OFFSET));
        }
    }

    @Test
    void shouldReportPositionsFillAndCountersInStatusAndPrintThemAsKeyValues()
    {
        try (Channel channel = create(ChannelConfig.spsc(1024)))
        {
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            assertTrue(producer.offer(1, message, 0, 16));
            assertTrue(producer.offer(1, message, 0, 16));
            assertEquals(1, consumer.poll((typeId, buffer, index, length) -> { }, 1));
            final ChannelStatus status = channel.status();
            assertEquals(24, status.headPosition());
            assertEquals(48, status.tailPosition());
            assertEquals(24, status.fillLength());
            assertEquals(1, status.messagesConsumed());
            assertEquals(0, status.unblockedRecordCount());
            assertEquals(HeaderDescriptor.fileLength(1024), status.fileLength());
            assertEquals(ProcessHandle.current().pid(), status.producerPid());
            final String text = status.toString();
            assertTrue(text.contains("consumer: liveness=ALIVE pid=" + ProcessHandle.current().pid()), text);
            assertTrue(text.contains("positions: head=24 tail=48 fill=24"), text);
        }
    }

    @Test
    void shouldNeverReportAHostileHeartbeatAsFreshOrAsANegativeAge()
    {
        final long nowMs = 1_795_460_315_310L;

        assertEquals(Long.MAX_VALUE, Liveness.ageMs(nowMs, Long.MIN_VALUE + 5), "difference beyond a long");
        assertEquals(0, Liveness.ageMs(nowMs, Long.MAX_VALUE), "a heartbeat in the future");
        assertEquals(250, Liveness.ageMs(nowMs, nowMs - 250));
        assertEquals(Liveness.STALE,
            Liveness.ofLease(ProcessIdentity.currentToken(), Long.MIN_VALUE + 5, nowMs, 5_000));
    }

    private static long heartbeatMs(final Channel channel, final int offset)
    {
        return channel.headerBuffer().getLongVolatile(offset);
    }

    @Test
    void shouldBeatWhileBusySpinningInAWaitingPollThatReadsTheClockOnlyEvery64ReChecks()
    {
        // a clock that moves one millisecond at every read: the heartbeat shows how often the wait read it
        final AtomicLong nowNs = new AtomicLong(TimeUnit.MILLISECONDS.toNanos(START_MS));
        final NanoClock movingClock = () -> nowNs.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        try (Channel channel = Channel.create(directory.resolve("channel.ringway"), ChannelConfig.spsc(1024),
            ChannelSettings.DEFAULT.withClock(movingClock)))
        {
            final Consumer consumer = channel.consumer().waitStrategy(WaitStrategy.busySpin());
            final long heartbeatBeforeMs = channel.headerBuffer().getLongVolatile(CONSUMER_HEARTBEAT_MS_OFFSET);

            assertEquals(0, consumer.poll((typeId, buffer, index, length) -> fail("nothing was sent"), 1, 20,
                TimeUnit.MILLISECONDS));

            // the poll before the wait beats once; a 20 ms spin re-checks far more than 64 * 10 times
            final long beats = channel.headerBuffer().getLongVolatile(CONSUMER_HEARTBEAT_MS_OFFSET) - heartbeatBeforeMs;
            assertTrue(beats > 10, "the spinning wait beat " + beats + " times");
        }
    }
}
