package io.ringway.journal;

import io.ringway.testing.JavaProcess;
import io.ringway.testing.TempChannelDirectory;
import io.ringway.wait.WaitStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Followers parked at a journal's tail (docs/LAYOUT.md 14.9): no wakeup is lost across processes, a roll wakes a
 * follower parked on the old segment, a follower killed while parked costs the writer one wake, timeouts are honoured.
 * Behaviour only: parks that ended by their own timeout are counted ({@link JournalReader#parkTimeoutCount()}), never
 * clocks.
 */
class JournalFollowerWakeupTest
{
    private static final long HANG_GUARD_SECONDS = 120;
    /** Small segments: a few hundred records roll many times. */
    private static final long SEGMENT_LENGTH = 4 * 4096;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("ringway-journal-wake");

    @Test
    void shouldEndNoParkByTimeoutWhenAWriterInAnotherProcessAppendsEachRecordAfterTheFollowerAnnouncedItsPark()
        throws Exception
    {
        final Path journal = directory.resolve("journal");
        final int count = 400;
        final Process writer = JavaProcess.builder(AlternatingWriterMain.class, journal.toString(),
            Long.toString(SEGMENT_LENGTH), Integer.toString(count)).start();
        try (BufferedReader writerOut =
            new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII)))
        {
            assertEquals("ready", writerOut.readLine());
            final List<String> mismatches = new ArrayList<>();
            final long[] received = {0};
            try (JournalReader reader = JournalReader.open(journal).waitStrategy(WaitStrategy.blocking()))
            {
                while (received[0] < count)
                {
                    final int delivered = reader.poll((index, timestampNs, typeId, buffer, offset, length) ->
                    {
                        final String mismatch = JournalTestSupport.mismatch(index, typeId, buffer, offset, length);
                        if (index != received[0] || mismatch != null)
                        {
                            mismatches.add("index=" + index + " expected=" + received[0] + " " + mismatch);
                        }
                        received[0]++;
                        return true;
                    }, 1, HANG_GUARD_SECONDS, TimeUnit.SECONDS);
                    assertEquals(1, delivered, "a waiting poll returned without the record after " + received[0]);
                }
                assertEquals(List.of(), mismatches);
                assertEquals(0, reader.parkTimeoutCount(), "parks that ended by timeout: lost wakeups");
                assertTrue(reader.parkCount() > 0, "the follower never parked: the test tested nothing");
                assertTrue(JournalReaderProgramScenarios.segmentCount(journal) >= 5, "the records should span rolls");
            }
            assertTrue(writerOut.readLine().startsWith("done wakeCount="));
            assertEquals(0, JavaProcess.waitFor(writer, HANG_GUARD_SECONDS), "writer exit code");
        }
        finally
        {
            writer.destroyForcibly();
        }
    }

    @Test
    void shouldWakeAFollowerParkedAtTheEndOfASegmentWhenTheWriterRollsAndDeliverTheNextSegmentsRecord()
        throws Exception
    {
        final Path journal = directory.resolve("journal");
        final ExecutorService follower = Executors.newSingleThreadExecutor();
        final UnsafeBuffer body = new UnsafeBuffer(new byte[512]);
        try (JournalWriter writer = JournalWriter.open(journal, new JournalConfig().segmentLength(SEGMENT_LENGTH));
            JournalReader reader = JournalReader.open(journal).waitStrategy(WaitStrategy.blocking()))
        {
            long index = 0;
            long parksAcrossRolls = 0;
            for (int roll = 0; roll < 20; roll++)
            {
                // fill the tail segment until the next record of this size would not fit
                final Path segmentBefore = writer.segmentPath();
                while (true)
                {
                    final long next = index;
                    writer.append(JournalTestSupport.typeIdOf(next), body, 0, JournalTestSupport.encode(body, next));
                    index++;
                    if (SEGMENT_LENGTH - writer.committedEnd() < JournalDescriptor.alignedRecordLength(400))
                    {
                        break;
                    }
                }
                assertEquals(segmentBefore, writer.segmentPath());
                while (reader.nextIndex() < index)
                {
                    reader.poll((i, t, typeId, buffer, offset, length) -> true, Integer.MAX_VALUE);
                }
                assertEquals(segmentBefore, reader.segmentPath());
                final long parksBefore = reader.parkCount();
                final Future<Long> woken = follower.submit(() ->
                {
                    final long[] got = {-1};
                    final int delivered = reader.poll((i, t, typeId, buffer, offset, length) ->
                    {
                        got[0] = i;
                        return true;
                    }, 1, HANG_GUARD_SECONDS, TimeUnit.SECONDS);
                    return delivered == 1 ? got[0] : -1;
                });
                while (!writer.isFollowerWaiting())
                {
                    assertFalse(woken.isDone(), "the follower returned before it waited");
                    Thread.onSpinWait();
                }
                writer.append(1, body, 0, 400);
                assertTrue(!segmentBefore.equals(writer.segmentPath()), "the record should have rolled the journal");
                assertEquals(index, woken.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
                index++;
                assertEquals(writer.segmentPath(), reader.segmentPath());
                parksAcrossRolls += reader.parkCount() - parksBefore;
            }
            assertEquals(0, reader.parkTimeoutCount(), "parks that ended by timeout: the roll did not wake");
            assertTrue(parksAcrossRolls > 0, "the follower never parked before a roll: the test tested nothing");
        }
        finally
        {
            follower.shutdownNow();
        }
    }

    @Test
    void shouldCostTheWriterOneWakeInTotalWhenAFollowerIsKilledWhileParked() throws Exception
    {
        final Path journal = directory.resolve("journal");
        final UnsafeBuffer body = new UnsafeBuffer(new byte[512]);
        try (JournalWriter writer = JournalWriter.open(journal, new JournalConfig()))
        {
            final Process follower = JavaProcess.builder(FollowerMain.class, journal.toString()).start();
            try (BufferedReader followerOut =
                new BufferedReader(new InputStreamReader(follower.getInputStream(), StandardCharsets.US_ASCII)))
            {
                assertEquals("following", followerOut.readLine());
                while (!writer.isFollowerWaiting())
                {
                    assertTrue(follower.isAlive(), "follower died");
                    Thread.onSpinWait();
                }
                assertEquals(0, writer.followerWakeCount());
                follower.destroyForcibly();
                assertTrue(follower.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
            }
            assertTrue(writer.isFollowerWaiting(), "a killed follower cannot clear its flag");
            for (long i = 0; i < 100; i++)
            {
                writer.append(JournalTestSupport.typeIdOf(i), body, 0, JournalTestSupport.encode(body, i));
            }
            assertEquals(1, writer.followerWakeCount(), "wakes paid for a dead follower over 100 commits");
            assertFalse(writer.isFollowerWaiting(), "the one wake should have cleared the stale flag");
        }
    }

    @Test
    void shouldReturnNothingAfterTheTimeoutWhenNoRecordIsAppended() throws Exception
    {
        final Path journal = directory.resolve("journal");
        try (JournalWriter writer = JournalWriter.open(journal, new JournalConfig());
            JournalReader reader = JournalReader.open(journal).waitStrategy(WaitStrategy.blocking()))
        {
            final List<Long> delivered = new ArrayList<>();
            assertEquals(0, reader.poll((i, t, typeId, buffer, offset, length) -> delivered.add(i), 10, 0,
                TimeUnit.MILLISECONDS));
            assertEquals(0, reader.parkCount(), "a zero timeout polls once and never parks");
            assertEquals(0, reader.poll((i, t, typeId, buffer, offset, length) -> delivered.add(i), 10, 20,
                TimeUnit.MILLISECONDS));
            assertEquals(List.of(), delivered);
            assertTrue(reader.parkCount() > 0, "a blocking follower should have parked");
            assertEquals(0, reader.parkTimeoutCount(), "a park cut short by the caller's timeout is not a lost wake");
            assertTrue(writer.isFollowerWaiting(), "the follower leaves its flag for the next commit to clear");
            writer.append(1, new UnsafeBuffer(new byte[8]), 0, 8);
            assertEquals(1, writer.followerWakeCount());
            assertEquals(1, reader.poll((i, t, typeId, buffer, offset, length) -> delivered.add(i), 10, 0,
                TimeUnit.MILLISECONDS));
            assertEquals(List.of(0L), delivered);
        }
    }
}
