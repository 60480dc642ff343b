package io.ringway;

import io.ringway.testing.JavaProcess;
import io.ringway.testing.LeaseHolderMain;
import io.ringway.testing.ManualMonotonicClock;
import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A producer that dies between claim and commit (docs/LAYOUT.md, section 7.1), in one process: the claim is left
 * uncommitted by never committing it, and the producer's death is its producer slot's token replaced by a dead
 * process's (MPSC; a live claimant is never unblocked, {@code StalledProducerTest}), a record written by hand without
 * a slot (the layout 1.1 rule), or its lease released (SPSC). {@code CrashTest} does the same with real processes and SIGKILL.
 */
class DeadClaimsTest
{
    private static final long UNBLOCK_TIMEOUT_MS = 1_000;
    private static final int CAPACITY = 1024;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("deadclaims");

    private final ManualMonotonicClock clock = new ManualMonotonicClock();
    private final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(128));
    private final List<Long> received = new ArrayList<>();

    private Channel create(final ChannelConfig config)
    {
        clock.updateMs(1);
        return Channel.create(directory.resolve("channel.ringway"), config, ChannelSettings.DEFAULT.withClock(clock)
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

    @Test
    void shouldUnblockAnMpscClaimNeverCommittedAfterTheTimeoutAndDeliverTheOtherProducersMessages()
    {
        try (Channel channel = create(ChannelConfig.mpsc(CAPACITY)))
        {
            final Consumer consumer = channel.consumer();
            final Producer dying = channel.producer();
            final Producer survivor = channel.producer();
            assertTrue(offer(survivor, 1));
            assertTrue(dying.tryClaim(1, 40) >= 0, "claimed, never committed");
            StalledProducerTest.makeClaimingSlotsLookDead(channel);
            assertTrue(offer(survivor, 2));
            assertTrue(offer(survivor, 3));

            assertEquals(1, poll(consumer), "stops at the uncommitted claim");
            assertEquals(0, poll(consumer));
            clock.advanceMs(UNBLOCK_TIMEOUT_MS - 1);
            assertEquals(0, poll(consumer), "not before the timeout");
            assertEquals(0, channel.unblockedRecordCount());
            clock.advanceMs(1);
            assertEquals(0, poll(consumer), "this poll pads the claim");
            assertEquals(1, channel.unblockedRecordCount());
            assertEquals(2, poll(consumer));
            assertEquals(List.of(1L, 2L, 3L), received);
            assertEquals(channel.producerPosition(), consumer.position());
        }
    }

    @Test
    void shouldPadTheWholeMpscRunOfADeadProducerAfterTheTimeoutAndDeliverNoneOfItsRecords()
    {
        try (Channel channel = create(ChannelConfig.mpsc(CAPACITY)))
        {
            final Consumer consumer = channel.consumer();
            final Producer survivor = channel.producer();
            assertTrue(offer(survivor, 1));
            // the state of a run of three 16-byte records (LAYOUT 6.2 "Runs") cut before its commit: the tail moved
            // past the run, its first header holding the negative length of the whole run, the records written
            writeRunCutBeforeItsCommit(channel, -3 * 16);
            assertTrue(offer(survivor, 2));

            assertEquals(1, poll(consumer), "stops at the run");
            assertEquals(0, poll(consumer), "the timeout counts from here");
            clock.advanceMs(UNBLOCK_TIMEOUT_MS);
            assertEquals(0, poll(consumer), "this poll pads the run");
            assertEquals(1, channel.unblockedRecordCount(), "one padding for the whole run");
            assertEquals(1, poll(consumer));
            assertEquals(List.of(1L, 2L), received, "nothing of the uncommitted run is delivered");
            assertEquals(channel.producerPosition(), consumer.position());
        }
    }

    @Test
    void shouldLookForAStuckMpscClaimAtMostOnceAMillisecondEvenWhenItsNegativeLengthShowsAtTheHead()
    {
        try (Channel channel = create(ChannelConfig.mpsc(CAPACITY)))
        {
            final Consumer consumer = channel.consumer();
            final Producer dying = channel.producer();
            final Producer survivor = channel.producer();
            assertEquals(0, poll(consumer), "nothing blocked: the rule ran for this millisecond");
            assertTrue(dying.tryClaim(1, 40) >= 0, "claimed, never committed");
            StalledProducerTest.makeClaimingSlotsLookDead(channel);
            assertTrue(offer(survivor, 1));

            assertEquals(0, poll(consumer), "same millisecond: the tail is not loaded again");
            clock.advanceMs(1);
            assertEquals(0, poll(consumer), "the timeout counts from here");
            clock.advanceMs(UNBLOCK_TIMEOUT_MS - 1);
            assertEquals(0, poll(consumer));
            assertEquals(0, channel.unblockedRecordCount(), "not a timeout counted from the same-millisecond poll");
            clock.advanceMs(1);
            assertEquals(0, poll(consumer), "this poll pads the claim");
            assertEquals(1, channel.unblockedRecordCount());
            assertEquals(1, poll(consumer));
            assertEquals(List.of(1L), received);
        }
    }

    @Test
    void shouldUnblockAnMpscClaimWhoseProducerDiedBeforeWritingItsLength()
    {
        try (Channel channel = create(ChannelConfig.mpsc(CAPACITY)))
        {
            final Consumer consumer = channel.consumer();
            final Producer survivor = channel.producer();
            assertTrue(offer(survivor, 1));
            moveTailWithoutWritingARecord(channel, 48);
            assertTrue(offer(survivor, 2));

            assertEquals(1, poll(consumer));
            assertEquals(0, poll(consumer));
            clock.advanceMs(UNBLOCK_TIMEOUT_MS);
            assertEquals(0, poll(consumer));
            assertEquals(1, poll(consumer));
            assertEquals(List.of(1L, 2L), received);
            assertEquals(1, channel.unblockedRecordCount());
        }
    }

    @Test
    void shouldUnblockTheLastMpscClaimWhoseLengthWasNeverWrittenOnlyOnceTheNextMessageFollowsIt()
    {
        try (Channel channel = create(ChannelConfig.mpsc(CAPACITY)))
        {
            final Consumer consumer = channel.consumer();
            final Producer survivor = channel.producer();
            assertTrue(offer(survivor, 1));
            assertEquals(1, poll(consumer));
            // a producer CASed the tail and died before storing its length: the last claim, and all zero
            moveTailWithoutWritingARecord(channel, 24);

            assertEquals(0, poll(consumer));
            clock.advanceMs(UNBLOCK_TIMEOUT_MS);
            assertEquals(0, poll(consumer), "where the claim ends is not known yet: nothing is padded");
            assertEquals(0, channel.unblockedRecordCount());
            assertEquals(channel.producerPosition() - 24, consumer.position());
            assertTrue(offer(survivor, 2));
            clock.advanceMs(1); // the unblock rule runs at most once per millisecond (LAYOUT 7.1 step 1)
            assertEquals(0, poll(consumer), "the next record's header ends the claim: padded now");
            assertEquals(1, channel.unblockedRecordCount());
            assertEquals(1, poll(consumer));
            assertEquals(List.of(1L, 2L), received);
            assertEquals(channel.producerPosition(), consumer.position());
        }
    }

    @Test
    void shouldUnblockAZeroedMpscClaimThatRunsToTheEndOfTheDataAreaWhenTheTailHasWrapped()
    {
        try (Channel channel = create(ChannelConfig.mpsc(CAPACITY)))
        {
            final Consumer consumer = channel.consumer();
            final Producer survivor = channel.producer();
            // fill and drain most of the ring so that the head sits 64 bytes before the end
            while (channel.producerPosition() < CAPACITY - 64)
            {
                assertTrue(offer(survivor, 0));
                assertEquals(1, poll(consumer));
            }
            assertEquals(CAPACITY - 64, consumer.position());
            received.clear();
            // a producer CASed the tail past the wrap (its padding plus a record at index 0) and died
            moveTailWithoutWritingARecord(channel, 64 + 16);
            assertTrue(offer(survivor, 9));

            assertEquals(0, poll(consumer));
            clock.advanceMs(UNBLOCK_TIMEOUT_MS);
            assertEquals(0, poll(consumer), "pads [head, end)");
            // the record at index 0 is still zero: a second timeout pads it too, as its end is now found. The consumer
            // looks at the tail at most once per millisecond of its clock (Consumer.mayBeStuck)
            clock.advanceMs(1);
            assertEquals(0, poll(consumer));
            clock.advanceMs(UNBLOCK_TIMEOUT_MS);
            assertEquals(0, poll(consumer));
            assertEquals(1, poll(consumer));
            assertEquals(List.of(9L), received);
            assertEquals(2, channel.unblockedRecordCount());
        }
    }

    @Test
    void shouldNeverUnblockAClaimThatIsCommittedBeforeTheTimeout()
    {
        try (Channel channel = create(ChannelConfig.mpsc(CAPACITY)))
        {
            final Consumer consumer = channel.consumer();
            final Producer slow = channel.producer();
            final int index = slow.tryClaim(1, 8);
            assertEquals(0, poll(consumer));
            clock.advanceMs(UNBLOCK_TIMEOUT_MS - 1);
            assertEquals(0, poll(consumer));
            slow.buffer().putLong(index, 42);
            slow.commit(index);
            clock.advanceMs(UNBLOCK_TIMEOUT_MS);
            assertEquals(1, poll(consumer));
            assertEquals(List.of(42L), received);
            assertEquals(0, channel.unblockedRecordCount());
        }
    }

    @Test
    void shouldReportAnImpossibleClaimedLengthAsCorruptionInsteadOfPaddingIt()
    {
        try (Channel channel = create(ChannelConfig.mpsc(CAPACITY)))
        {
            final Consumer consumer = channel.consumer();
            moveTailWithoutWritingARecord(channel, 64);
            channel.ringBuffer().putIntRelease(RecordDescriptor.LENGTH_OFFSET, -(CAPACITY * 2));
            assertEquals(0, poll(consumer));
            clock.advanceMs(UNBLOCK_TIMEOUT_MS);
            final ChannelCorruptedException ex = assertThrows(ChannelCorruptedException.class, () -> poll(consumer));
            assertEquals("length", ex.field());
            assertEquals(0, channel.unblockedRecordCount());
        }
    }

    @Test
    void shouldReportAClaimedLengthOfMinusIntMaxAsCorruptionInsteadOfPaddingIt()
    {
        try (Channel channel = create(ChannelConfig.mpsc(CAPACITY)))
        {
            final Consumer consumer = channel.consumer();
            moveTailWithoutWritingARecord(channel, 64);
            // aligned, Integer.MAX_VALUE wraps to a negative int, which no bound on the aligned length catches
            channel.ringBuffer().putIntRelease(RecordDescriptor.LENGTH_OFFSET, -Integer.MAX_VALUE);
            assertEquals(0, poll(consumer));
            clock.advanceMs(UNBLOCK_TIMEOUT_MS);
            final ChannelCorruptedException ex = assertThrows(ChannelCorruptedException.class, () -> poll(consumer));
            assertEquals("length", ex.field());
            assertTrue(ex.getMessage().contains("-2147483647"), ex.getMessage());
            assertEquals(0, channel.unblockedRecordCount());
        }
    }

    @Test
    void shouldRefuseAnSpscRepairWalkOverACommittedRecordLongerThanTheDataArea()
    {
        try (Channel channel = create(ChannelConfig.spsc(CAPACITY)))
        {
            channel.producer().close();
            // the predecessor's tail is 16 bytes on, over a "committed" record of Integer.MAX_VALUE bytes: aligned,
            // that length wraps negative and a walk that aligned before bounding it stepped backwards for ever
            moveTailWithoutWritingARecord(channel, 16);
            channel.ringBuffer().putInt(RecordDescriptor.TYPE_ID_OFFSET, 1);
            channel.ringBuffer().putIntRelease(RecordDescriptor.LENGTH_OFFSET, Integer.MAX_VALUE);

            final ChannelCorruptedException ex = assertThrows(ChannelCorruptedException.class, channel::producer);
            assertEquals("length", ex.field());
            assertEquals(0, ex.position(), "the record at the head, where the walk started: " + ex.getMessage());
            assertTrue(ex.getMessage().contains("2147483647"), ex.getMessage());
            assertEquals(0, channel.unblockedRecordCount());
        }
    }

    @Test
    void shouldRefuseAnSpscRepairWalkOverHostilePositionsWhoseDifferenceWouldWrap()
    {
        try (Channel channel = create(ChannelConfig.spsc(CAPACITY)))
        {
            channel.producer().close();
            final int trailer = CAPACITY;
            // a negative head: tail - head wraps negative and passed the bound
            channel.ringBuffer().putLongRelease(trailer + TrailerDescriptor.HEAD_POSITION_OFFSET, -8);
            channel.ringBuffer().putLongRelease(trailer + TrailerDescriptor.TAIL_POSITION_OFFSET, Long.MAX_VALUE - 7);
            assertEquals("tailPosition", assertThrows(ChannelCorruptedException.class, channel::producer).field());

            // positions near Long.MAX_VALUE: position + record length wraps and the walk never ended
            final long headPosition = Long.MAX_VALUE - 15;
            channel.ringBuffer().putLongRelease(trailer + TrailerDescriptor.HEAD_POSITION_OFFSET, headPosition);
            final int headIndex = (int)headPosition & (CAPACITY - 1);
            channel.ringBuffer().putInt(headIndex + RecordDescriptor.TYPE_ID_OFFSET, 1);
            channel.ringBuffer().putIntRelease(headIndex + RecordDescriptor.LENGTH_OFFSET, 48);
            assertEquals("length", assertThrows(ChannelCorruptedException.class, channel::producer).field());
            assertEquals(0, channel.unblockedRecordCount(), "nothing was padded");
        }
    }

    @Test
    void shouldLetTheNextSpscProducerPadAClaimItsPredecessorNeverCommittedAndContinue()
    {
        try (Channel channel = create(ChannelConfig.spsc(CAPACITY)))
        {
            final Consumer consumer = channel.consumer();
            final Producer first = channel.producer();
            assertTrue(offer(first, 1));
            assertTrue(first.tryClaim(1, 40) >= 0);
            first.close(); // stands for its death: the lease is free (CrashTest kills a real process instead)
            assertEquals(1, poll(consumer));
            assertEquals(0, poll(consumer), "stopped at the uncommitted claim");

            final Producer second = channel.producer();
            assertEquals(1, channel.unblockedRecordCount());
            assertTrue(offer(second, 2));
            assertEquals(1, poll(consumer));
            assertEquals(List.of(1L, 2L), received);
        }
    }

    @Test
    void shouldPadOnlyTheUncommittedClaimOfADeadSpscProducerAndDeliverTheRecordItCommittedAfterIt()
    {
        try (Channel channel = create(ChannelConfig.spsc(CAPACITY)))
        {
            final Consumer consumer = channel.consumer();
            final Producer first = channel.producer();
            assertTrue(offer(first, 1));
            final int claimA = first.tryClaim(1, 40);
            final int claimB = first.tryClaim(1, 8);
            assertTrue(claimA >= 0 && claimB >= 0, "two claims out at once");
            first.buffer().putLong(claimB, 2);
            first.commit(claimB);
            final int claimC = first.tryClaim(1, 16);
            assertTrue(claimC >= 0);
            first.close(); // stands for its death with A and C uncommitted (the next test kills a real process)
            assertEquals(1, poll(consumer));
            assertEquals(0, poll(consumer), "stopped at claim A");

            final Producer second = channel.producer();
            assertEquals(2, channel.unblockedRecordCount(), "claims A and C, each padded exactly");
            assertTrue(offer(second, 3));
            assertEquals(2, poll(consumer));
            assertEquals(List.of(1L, 2L, 3L), received, "B, committed after the dead claim A, is not lost");
            assertEquals(channel.producerPosition(), consumer.position());
        }
    }

    @Test
    void shouldDeliverTheRecordAKilledSpscProducerProcessCommittedAfterAClaimItNeverCommitted() throws Exception
    {
        try (Channel channel = create(ChannelConfig.spsc(CAPACITY)))
        {
            final Consumer consumer = channel.consumer();
            final Process holder = JavaProcess.start(
                LeaseHolderMain.class, channel.path().toString(), "two-claims");
            try
            {
                final BufferedReader output =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("ATTACHED", output.readLine());
                assertEquals(0, poll(consumer), "stopped at the uncommitted claim A");
            }
            finally
            {
                holder.destroyForcibly(); // SIGKILL with claim A out and claim B committed
                holder.waitFor();
            }

            final Producer second = channel.producer();
            assertEquals(1, channel.unblockedRecordCount());
            assertTrue(offer(second, 7));
            final List<Integer> typeIds = new ArrayList<>();
            assertEquals(2, consumer.poll((typeId, buffer, index, length) ->
            {
                typeIds.add(typeId);
                received.add(buffer.getLong(index));
            }, 100));
            assertEquals(List.of(LeaseHolderMain.COMMITTED_TYPE_ID, 1), typeIds);
            assertEquals(List.of(LeaseHolderMain.COMMITTED_VALUE, 7L), received);
        }
    }

    @Test
    void shouldReportAnImpossibleClaimedLengthInTheSpscRepairWalkAsCorruption()
    {
        try (Channel channel = create(ChannelConfig.spsc(CAPACITY)))
        {
            channel.producer().close();
            // a "claim" of 64 bytes but the tail is only 16 bytes on: padding it would reach past the tail
            moveTailWithoutWritingARecord(channel, 16);
            channel.ringBuffer().putIntRelease(RecordDescriptor.LENGTH_OFFSET, -64);

            final ChannelCorruptedException ex = assertThrows(ChannelCorruptedException.class, channel::producer);
            assertEquals("length", ex.field());
            assertTrue(ex.getMessage().contains("-64"), ex.getMessage());
            assertEquals(0, channel.unblockedRecordCount());
        }
    }

    @Test
    void shouldPadTheWholeRunOfAnSpscProducerThatDiedBeforeItsCommitAndDeliverNoneOfIt()
    {
        try (Channel channel = create(ChannelConfig.spsc(CAPACITY)))
        {
            final Consumer consumer = channel.consumer();
            final Producer first = channel.producer();
            assertTrue(offer(first, 1));
            // the state of a run of three 16-byte records (LAYOUT 6.1 "Runs") cut before its commit: the tail moved
            // past the run, the later records' headers and bodies written, the first record's length still 0
            writeRunCutBeforeItsCommit(channel, 0);
            first.close(); // stands for its death inside the run
            assertEquals(1, poll(consumer));
            assertEquals(0, poll(consumer), "stopped at the run's first header");

            final Producer second = channel.producer();
            assertEquals(1, channel.unblockedRecordCount(), "the run, padded whole");
            assertTrue(offer(second, 2));
            assertEquals(1, poll(consumer));
            assertEquals(List.of(1L, 2L), received, "nothing of the uncommitted run is delivered");
            assertEquals(channel.producerPosition(), consumer.position());
        }
    }

    @Test
    void shouldPadAnSpscClaimWhoseLengthWasNeverWrittenAcrossTheWrap()
    {
        try (Channel channel = create(ChannelConfig.spsc(CAPACITY)))
        {
            final Consumer consumer = channel.consumer();
            final Producer first = channel.producer();
            while (channel.producerPosition() < CAPACITY - 32)
            {
                assertTrue(offer(first, 0));
                assertEquals(1, poll(consumer));
            }
            received.clear();
            // stale bytes from the last lap at index 0 look like a committed record: the repair must overwrite them
            channel.ringBuffer().putInt(RecordDescriptor.LENGTH_OFFSET, 16);
            channel.ringBuffer().putInt(RecordDescriptor.TYPE_ID_OFFSET, 1);
            first.close();
            // the dead producer moved the tail past the wrap: 32 bytes to the end, 48 at index 0, nothing written
            moveTailWithoutWritingARecord(channel, 32 + 48);
            channel.ringBuffer().putLong(48, 0x0000_0001_0000_0010L); // stale "committed" header at the new tail too

            final Producer second = channel.producer();
            assertEquals(1, channel.unblockedRecordCount());
            assertTrue(offer(second, 7));
            assertEquals(1, poll(consumer));
            assertEquals(List.of(7L), received);
            assertEquals(channel.producerPosition(), consumer.position());
        }
    }

    @Test
    void shouldNotTouchTheRingWhenTheSpscPredecessorCommittedEverything()
    {
        try (Channel channel = create(ChannelConfig.spsc(CAPACITY)))
        {
            final Consumer consumer = channel.consumer();
            final Producer first = channel.producer();
            assertTrue(offer(first, 1));
            first.close();
            channel.producer();
            assertEquals(0, channel.unblockedRecordCount());
            assertEquals(1, poll(consumer));
        }
    }

    /**
     * Moves the tail past a run of three 16-byte records (LAYOUT 6.1 and 6.2 "Runs") and writes the run as a producer
     * that died before its commit leaves it: the type ids, bodies and later records' lengths written, the first
     * record's length {@code firstLength} (0 on SPSC, the run's negative length on MPSC).
     */
    private static void writeRunCutBeforeItsCommit(final Channel channel, final int firstLength)
    {
        final int runIndex = (int)channel.producerPosition() & (channel.capacity() - 1);
        moveTailWithoutWritingARecord(channel, 3 * 16);
        for (int record = 0; record < 3; record++)
        {
            final int recordIndex = runIndex + record * 16;
            channel.ringBuffer().putInt(recordIndex + RecordDescriptor.LENGTH_OFFSET, record == 0 ? firstLength : 16);
            channel.ringBuffer().putInt(recordIndex + RecordDescriptor.TYPE_ID_OFFSET, 1);
            channel.ringBuffer().putLong(recordIndex + RecordDescriptor.HEADER_LENGTH, 100 + record);
        }
    }

    private static void moveTailWithoutWritingARecord(final Channel channel, final int length)
    {
        final int tailIndex = channel.capacity() + TrailerDescriptor.TAIL_POSITION_OFFSET;
        channel.ringBuffer().getAndAddLong(tailIndex, length);
    }
}
