package io.ringway;

import io.ringway.testing.ManualMonotonicClock;
import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static io.ringway.HeaderDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A live MPSC producer stalled between claim and commit (docs/LAYOUT.md, sections 3.1, 6.2 and 7.1), in one process:
 * the consumer must never unblock its claim, however long it waits, because the producer may write its body and commit
 * at any later time; only a dead claimant's claim is padded. The multi-process version, with real producers stopped
 * and continued by signals, is {@code StalledProducersTest} (c-interop).
 */
class StalledProducerTest
{
    private static final long UNBLOCK_TIMEOUT_MS = 50;
    private static final int CAPACITY = 1024;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("stalled");

    private final ManualMonotonicClock clock = new ManualMonotonicClock();
    private final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(128));
    private final List<Long> received = new ArrayList<>();

    private Channel create()
    {
        clock.updateMs(1);
        return Channel.create(directory.resolve("channel.ringway"), ChannelConfig.mpsc(CAPACITY),
            ChannelSettings.DEFAULT.withClock(clock)
            .withUnblockTimeoutMs(UNBLOCK_TIMEOUT_MS));
    }

    private boolean offer(final Producer producer, final long value)
    {
        message.putLong(0, value);
        return producer.offer(1, message, 0, 8);
    }

    private int poll(final Consumer consumer)
    {
        return consumer.poll((typeId, buffer, index, length) -> received.add(buffer.getLong(index)), 100);
    }

    /** Polls as a consumer would for many unblock timeouts while nothing arrives. */
    private void pollPastManyTimeouts(final Consumer consumer)
    {
        for (int i = 0; i < 20; i++)
        {
            clock.advanceMs(UNBLOCK_TIMEOUT_MS);
            assertEquals(0, poll(consumer));
        }
    }

    /**
     * Replaces the token of every producer slot that has a claim in progress with the token of a process that is not
     * alive (this pid with another start time: a dead process whose pid was reused, LAYOUT 8).
     */
    static void makeClaimingSlotsLookDead(final Channel channel)
    {
        final UnsafeBuffer header = channel.headerBuffer();
        final long pid = ProcessHandle.current().pid();
        final long deadToken = (pid << 32) | ((ProcessIdentity.tokenOf(pid) + 1) & 0xFFFF_FFFFL);
        assertFalse(ProcessIdentity.isAlive(deadToken));
        for (int slot = 0; slot < PRODUCER_SLOT_COUNT; slot++)
        {
            final int offset = producerSlotOffset(slot);
            if (header.getLongVolatile(offset + PRODUCER_SLOT_TOKEN_OFFSET) != 0 &&
                header.getLongVolatile(offset + PRODUCER_SLOT_CLAIM_FLOOR_OFFSET) != NO_CLAIM_FLOOR_POSITION)
            {
                header.putLongVolatile(offset + PRODUCER_SLOT_TOKEN_OFFSET, deadToken);
            }
        }
    }

    @Test
    void shouldNeverUnblockTheClaimOfALiveStalledProducerAndDeliverEverythingOnceInOrderWhenItCommits()
    {
        try (Channel channel = create())
        {
            final Consumer consumer = channel.consumer();
            final Producer stalled = channel.producer();
            final Producer other = channel.producer();
            assertTrue(offer(other, 1));
            final int index = stalled.tryClaim(1, 8);
            assertTrue(index >= 0);
            for (long value = 2; value <= 6; value++)
            {
                assertTrue(offer(other, value));
            }

            assertEquals(1, poll(consumer));
            pollPastManyTimeouts(consumer);
            assertEquals(List.of(1L), received, "nothing after the stalled claim is delivered");
            assertEquals(0, channel.unblockedRecordCount());
            assertEquals(ProcessHandle.current().pid(), consumer.blockingProducerPid(), "the claimant is reported");
            assertEquals(ProcessHandle.current().pid(),
                ProcessIdentity.pidOf(channel.headerBuffer().getLongVolatile(producerSlotOffset(0))));
            assertTrue(channel.headerBuffer().getLongVolatile(producerSlotOffset(0) + PRODUCER_SLOT_CLAIM_FLOOR_OFFSET)
                <= consumer.position(), "the stalled producer's slot holds a floor at or below its claim");

            // the late body write and commit land in the producer's own claim, which nobody touched
            stalled.buffer().putLong(index, 99);
            stalled.commit(index);
            assertEquals(6, poll(consumer));
            assertEquals(List.of(1L, 99L, 2L, 3L, 4L, 5L, 6L), received);
            assertEquals(0, channel.unblockedRecordCount());
            assertEquals(0, consumer.blockingProducerPid());
            assertEquals(channel.producerPosition(), consumer.position());
            assertEquals(NO_CLAIM_FLOOR_POSITION,
                channel.headerBuffer().getLongVolatile(producerSlotOffset(0) + PRODUCER_SLOT_CLAIM_FLOOR_OFFSET));
        }
    }

    @Test
    void shouldUnblockTheClaimOfADeadProducerAndFreeItsSlot()
    {
        try (Channel channel = create())
        {
            final Consumer consumer = channel.consumer();
            final Producer dying = channel.producer();
            final Producer other = channel.producer();
            assertTrue(dying.tryClaim(1, 8) >= 0);
            assertTrue(offer(other, 1));
            makeClaimingSlotsLookDead(channel);

            assertEquals(0, poll(consumer));
            clock.advanceMs(UNBLOCK_TIMEOUT_MS);
            assertEquals(0, poll(consumer), "pads the dead producer's claim");
            assertEquals(1, channel.unblockedRecordCount());
            assertEquals(0, channel.headerBuffer().getLongVolatile(producerSlotOffset(0) + PRODUCER_SLOT_TOKEN_OFFSET),
                "the dead producer's slot is free again");
            assertEquals(1, poll(consumer));
            assertEquals(List.of(1L), received);
        }
    }

    @Test
    void shouldKeepTheLayoutOneOneTimeoutRuleForAClaimOfAProducerWithoutASlot()
    {
        try (Channel channel = create())
        {
            final Consumer consumer = channel.consumer();
            final Producer ringwayProducer = channel.producer();
            // plain Agrona: claims without a producer slot, like a layout 1.1 peer
            final ManyToOneRingBuffer agrona = new ManyToOneRingBuffer(channel.ringBuffer());
            assertTrue(agrona.tryClaim(1, 8) >= 0);
            assertTrue(offer(ringwayProducer, 1));

            assertEquals(0, poll(consumer));
            clock.advanceMs(UNBLOCK_TIMEOUT_MS);
            assertEquals(0, poll(consumer), "no candidate slot: padded after the timeout (Agrona's weakness stays)");
            assertEquals(1, channel.unblockedRecordCount());
            assertEquals(1, poll(consumer));
            assertEquals(List.of(1L), received);
        }
    }

    @Test
    void shouldRefuseToCommitAClaimThatTheConsumerPaddedAfterJudgingItsProducerDead()
    {
        try (Channel channel = create())
        {
            final Consumer consumer = channel.consumer();
            final Producer misjudged = channel.producer();
            final int index = misjudged.tryClaim(1, 8);
            makeClaimingSlotsLookDead(channel);
            assertEquals(0, poll(consumer));
            clock.advanceMs(UNBLOCK_TIMEOUT_MS);
            assertEquals(0, poll(consumer));
            assertEquals(1, channel.unblockedRecordCount());

            final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> misjudged.commit(index));
            assertTrue(ex.getMessage().contains("claimed space previously"), ex.getMessage());
            assertEquals(0, poll(consumer), "the padding is skipped, nothing invented");
            assertEquals(channel.producerPosition(), consumer.position());
        }
    }

    @Test
    void shouldNeverPadPastTheTailWhenADeadClaimantsLengthRunsBeyondIt()
    {
        try (Channel channel = create())
        {
            final Consumer consumer = channel.consumer();
            final Producer dying = channel.producer();
            final int index = dying.tryClaim(1, 8);
            makeClaimingSlotsLookDead(channel);
            // a length that would move the head 64 bytes past a tail 16 bytes away
            channel.ringBuffer().putIntRelease(index - RecordDescriptor.HEADER_LENGTH, -64);
            assertEquals(0, poll(consumer));
            clock.advanceMs(UNBLOCK_TIMEOUT_MS);
            final ChannelCorruptedException ex = assertThrows(ChannelCorruptedException.class, () -> poll(consumer));
            assertEquals("length", ex.field());
            assertEquals(0, consumer.position(), "the head did not move");
            assertEquals(0, channel.unblockedRecordCount());
        }
    }

    @Test
    void shouldTakeAFreeProducerSlotPerHandleReleaseItOnCloseAndRefuseTheFortyNinthLiveHandle()
    {
        try (Channel channel = create())
        {
            final List<Producer> producers = new ArrayList<>();
            for (int i = 0; i < PRODUCER_SLOT_COUNT; i++)
            {
                producers.add(channel.producer());
            }
            final ChannelFileException ex = assertThrows(ChannelFileException.class, channel::producer);
            assertTrue(ex.getMessage().contains("field=producerSlots found=48 live expected=a free slot"),
                ex.getMessage());
            producers.get(7).close();
            assertEquals(0, channel.headerBuffer().getLongVolatile(producerSlotOffset(7) + PRODUCER_SLOT_TOKEN_OFFSET));
            final Producer again = channel.producer();
            assertEquals(ProcessIdentity.currentToken(),
                channel.headerBuffer().getLongVolatile(producerSlotOffset(7) + PRODUCER_SLOT_TOKEN_OFFSET));
            assertEquals(NO_CLAIM_FLOOR_POSITION,
                channel.headerBuffer().getLongVolatile(producerSlotOffset(7) + PRODUCER_SLOT_CLAIM_FLOOR_OFFSET));
            again.close();
        }
    }

    @Test
    void shouldKeepTheFloorUntilTheLastOfSeveralClaimsOfOneHandleIsCommittedAndClearItOnBackPressure()
    {
        try (Channel channel = create())
        {
            final Consumer consumer = channel.consumer();
            final Producer producer = channel.producer();
            final int floorOffset = producerSlotOffset(0) + PRODUCER_SLOT_CLAIM_FLOOR_OFFSET;
            final int first = producer.tryClaim(1, 8);
            final int second = producer.tryClaim(1, 8);
            assertEquals(0, channel.headerBuffer().getLongVolatile(floorOffset));
            producer.commit(second);
            assertEquals(0, channel.headerBuffer().getLongVolatile(floorOffset), "one claim is still in progress");
            producer.commit(first);
            assertEquals(NO_CLAIM_FLOOR_POSITION, channel.headerBuffer().getLongVolatile(floorOffset));
            assertEquals(2, poll(consumer));

            while (offer(producer, 7))
            {
                assertEquals(NO_CLAIM_FLOOR_POSITION, channel.headerBuffer().getLongVolatile(floorOffset));
            }
            assertEquals(Producer.RING_FULL, producer.tryClaim(1, 8));
            assertEquals(NO_CLAIM_FLOOR_POSITION, channel.headerBuffer().getLongVolatile(floorOffset),
                "a refused claim leaves no floor");
        }
    }
}
