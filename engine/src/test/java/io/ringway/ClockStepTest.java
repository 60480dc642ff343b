package io.ringway;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import io.ringway.testing.ManualMonotonicClock;
import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static io.ringway.HeaderDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Heartbeats, liveness and the MPSC unblock timeout measure with CLOCK_MONOTONIC, never the wall clock
 * (docs/LAYOUT.md, sections 7.1, 8.1 and 12, layout 1.2): a step of the wall clock (NTP, {@code date -s}, a VM
 * resumed) must neither unblock a live producer's claim nor make a live peer look stale.
 */
class ClockStepTest
{
    private static final long MONOTONIC_START_MS = 1_000_000;
    private static final long WALL_START_MS = 1_700_000_000_000L;
    private static final long ONE_HOUR_MS = 3_600_000;
    private static final long UNBLOCK_TIMEOUT_MS = 1_000;
    private static final long HEARTBEAT_TIMEOUT_MS = 500;
    private static final int CLOCK_MONOTONIC = 1;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("clockstep");

    private final ManualMonotonicClock monotonicClock = new ManualMonotonicClock();
    private final CachedEpochClock wallClock = new CachedEpochClock();
    private final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(64));

    /** clock_gettime(2) through JNA direct mapping: the clock C and Go read, to compare Java's heartbeats with. */
    static final class LibC
    {
        static
        {
            Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        }

        private LibC()
        {
        }

        /** @param timespec tv_sec, tv_nsec: two longs on x86_64 and aarch64 Linux. */
        static native int clock_gettime(int clockId, long[] timespec);
    }

    private static long clockMonotonicMs()
    {
        final long[] timespec = new long[2];
        assertEquals(0, LibC.clock_gettime(CLOCK_MONOTONIC, timespec));
        return timespec[0] * 1000 + timespec[1] / 1_000_000;
    }

    @Test
    void shouldNeitherUnblockALiveProducersClaimNorCallAnyPeerStaleWhenTheWallClockStepsAnHourForward()
    {
        monotonicClock.updateMs(MONOTONIC_START_MS);
        wallClock.update(WALL_START_MS);
        try (Channel channel = Channel.create(directory.resolve("channel.ringway"), ChannelConfig.mpsc(1024),
            ChannelSettings.DEFAULT
            .withClock(monotonicClock)
            .withEpochClock(wallClock)
            .withUnblockTimeoutMs(UNBLOCK_TIMEOUT_MS)
            .withHeartbeatTimeoutMs(HEARTBEAT_TIMEOUT_MS)))
        {
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            final List<Integer> received = new ArrayList<>();
            message.putInt(0, 1);
            assertTrue(producer.offer(1, message, 0, 4));
            final int claimIndex = producer.tryClaim(2, 4);
            assertTrue(claimIndex > 0, "a live producer's claim, committed below");
            producer.buffer().putInt(claimIndex, 2);
            assertEquals(1, consumer.poll((typeId, buffer, index, length) -> received.add(typeId), 10));
            assertEquals(0, consumer.poll((typeId, buffer, index, length) -> received.add(typeId), 10),
                "the claim stops the consumer, whose unblock timer starts");

            wallClock.advance(ONE_HOUR_MS);
            for (int i = 0; i < 4; i++)
            {
                assertEquals(0, consumer.poll((typeId, buffer, index, length) -> received.add(typeId), 10),
                    "the claim stops the consumer");
            }

            assertEquals(0, channel.unblockedRecordCount(), "no unblock: the monotonic clock did not move");
            final ChannelStatus status = channel.status();
            assertEquals(Liveness.ALIVE, status.producerLiveness(), status::toString);
            assertEquals(Liveness.ALIVE, status.consumerLiveness(), status::toString);
            assertEquals(0, status.producerHeartbeatAgeMs(), status::toString);
            assertEquals(0, status.consumerHeartbeatAgeMs(), status::toString);
            assertEquals(MONOTONIC_START_MS, status.nowMs());
            assertEquals(WALL_START_MS + ONE_HOUR_MS, status.nowEpochMs(), "the wall clock only dates the snapshot");
            assertTrue(consumer.isProducerAlive());
            assertTrue(producer.isConsumerAlive());

            producer.commit(claimIndex);
            assertEquals(1, consumer.poll((typeId, buffer, index, length) -> received.add(typeId), 10));
            assertEquals(List.of(1, 2), received, "the claimed message is delivered, not padded");
        }
    }

    @Test
    void shouldStillUnblockADeadClaimWhenTheMonotonicClockPassesTheTimeoutWhateverTheWallClockDid()
    {
        monotonicClock.updateMs(MONOTONIC_START_MS);
        wallClock.update(WALL_START_MS);
        try (Channel channel = Channel.create(directory.resolve("channel.ringway"), ChannelConfig.mpsc(1024),
            ChannelSettings.DEFAULT
            .withClock(monotonicClock)
            .withEpochClock(wallClock)
            .withUnblockTimeoutMs(UNBLOCK_TIMEOUT_MS)))
        {
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            producer.tryClaim(2, 4); // never committed: its producer died (its slot names a dead process, LAYOUT 7.1)
            StalledProducerTest.makeClaimingSlotsLookDead(channel);
            assertEquals(0, consumer.poll((typeId, buffer, index, length) -> { }, 10));

            wallClock.advance(-ONE_HOUR_MS); // a backward step neither
            monotonicClock.advanceMs(UNBLOCK_TIMEOUT_MS - 1);
            assertEquals(0, consumer.poll((typeId, buffer, index, length) -> { }, 10));
            assertEquals(0, channel.unblockedRecordCount());

            monotonicClock.advanceMs(1);
            assertEquals(0, consumer.poll((typeId, buffer, index, length) -> { }, 10));
            assertEquals(1, channel.unblockedRecordCount(), "the monotonic clock alone times the claim out");
        }
    }

    @Test
    void shouldStoreHeartbeatsInMillisecondsOfClockMonotonicByDefaultAsCAndGoDo()
    {
        try (Channel channel = Channel.create(directory.resolve("channel.ringway"), ChannelConfig.spsc(1024)))
        {
            final long beforeMs = clockMonotonicMs();
            channel.consumer();
            channel.producer();
            final long afterMs = clockMonotonicMs();

            final ChannelStatus status = channel.status();
            assertTrue(beforeMs <= status.consumerHeartbeatMs() && status.consumerHeartbeatMs() <= afterMs,
                "consumerHeartbeatMs=" + status.consumerHeartbeatMs() + " expected CLOCK_MONOTONIC ms in [" +
                beforeMs + ", " + afterMs + "]");
            assertTrue(beforeMs <= status.producerHeartbeatMs() && status.producerHeartbeatMs() <= afterMs,
                "producerHeartbeatMs=" + status.producerHeartbeatMs() + " expected CLOCK_MONOTONIC ms in [" +
                beforeMs + ", " + afterMs + "]");
            assertEquals(Liveness.ALIVE, status.consumerLiveness(), status::toString);
        }
    }

    @Test
    void shouldCallALayout11PeerWithAnEpochHeartbeatNeitherStaleNorDeadByAge()
    {
        monotonicClock.updateMs(MONOTONIC_START_MS);
        try (Channel channel = Channel.create(directory.resolve("channel.ringway"), ChannelConfig.spsc(1024),
            ChannelSettings.DEFAULT
            .withClock(monotonicClock)
            .withHeartbeatTimeoutMs(HEARTBEAT_TIMEOUT_MS)))
        {
            channel.consumer();
            // what a layout 1.1 consumer writes: epoch ms, far ahead of any CLOCK_MONOTONIC time
            channel.headerBuffer().putLongRelease(CONSUMER_HEARTBEAT_MS_OFFSET, WALL_START_MS);
            monotonicClock.advanceMs(ONE_HOUR_MS);

            final ChannelStatus status = channel.status();
            assertEquals(0, status.consumerHeartbeatAgeMs(), "unknown age reads as 0");
            assertEquals(Liveness.ALIVE, status.consumerLiveness(), "its process decides, not the age");
        }
    }
}
