package io.ringway.cli;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.Producer;
import io.ringway.RecordDescriptor;
import io.ringway.journal.JournalConfig;
import io.ringway.journal.JournalDescriptor;
import io.ringway.journal.JournalReader;
import io.ringway.journal.JournalWriter;
import io.ringway.testing.JavaProcess;
import io.ringway.testing.SequenceProducerMain;
import io.ringway.testing.SequenceVerifier;
import io.ringway.testing.SmallFileSystem;
import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.ringway.testing.SequenceProtocol.*;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ringway record} and {@code ringway replay} run through the launcher: every message journaled once, in order,
 * across a SIGKILLed recorder; clean stops on signals; replay from the start, an index or a time; the error cases.
 */
class JournalCommandsIT
{
    /** Hang guard for loops that wait for another process; the tests never assert how long anything took. */
    private static final long WAIT_LIMIT_NS = TimeUnit.SECONDS.toNanos(60);
    private static final long PRODUCER_ID = 1;
    /** 2026-01-01T00:00:00Z in epoch nanoseconds: the injected clock's start. */
    private static final long BASE_TIME_NS = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
    private static final long TIME_STEP_NS = 1_000;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("ringway-journal-cli");

    @Test
    void shouldRecordEveryMessageOfAChannelFedByAnotherProcessAndStopAfterTheCount() throws Exception
    {
        final Path path = directory.resolve("recorded.ringway");
        final Path journal = directory.resolve("journal");
        final int messages = 20_000;
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(64 * 1024).withSchema(7, 3)))
        {
            final Process producer = JavaProcess.start(SequenceProducerMain.class, path.toString(),
                Long.toString(PRODUCER_ID), Integer.toString(messages));

            final Launcher.Result result = Launcher.run("record", path.toString(), journal.toString(), "--count",
                Integer.toString(messages + 1), "--json");

            assertEquals(0, JavaProcess.waitFor(producer, 60), "producer exit code");
            assertEquals(0, result.exitCode(), result::toString);
            final String summary = result.out().strip();
            assertAll(
                () -> assertEquals(messages + 1, jsonLong(summary, "recorded"), summary),
                () -> assertEquals(0, jsonLong(summary, "firstIndex"), summary),
                () -> assertEquals(messages + 1, jsonLong(summary, "nextIndex"), summary),
                () -> assertEquals(0, jsonLong(summary, "skipped"), summary),
                () -> assertTrue(summary.contains("\"stoppedBy\":\"count\""), summary),
                () -> assertFalse(result.err().contains("SLF4J"), result::toString));
            assertWholeSequenceInOrder(journal, messages);
            final JournalSegmentHeader header = JournalSegmentHeader.read(firstSegment(journal));
            assertEquals(7, header.getInt(JournalDescriptor.SCHEMA_ID_OFFSET), "schemaId copied from the channel");
            assertEquals(3, header.getInt(JournalDescriptor.SCHEMA_VERSION_OFFSET), "schemaVersion copied");
            assertEquals(channel.creationTimeMs(), header.getLong(JournalDescriptor.SOURCE_CREATION_TIME_MS_OFFSET));
            try (Consumer consumer = channel.consumer())
            {
                assertEquals(channel.producerPosition(), consumer.position(), "record consumed what it journaled " +
                    "and released the consumer lease");
            }
        }
    }

    @Test
    void shouldLoseAndDuplicateNothingWhenTheRecorderIsKilledAndRestarted() throws Exception
    {
        final Path path = directory.resolve("killed.ringway");
        final Path journal = directory.resolve("journal");
        final int messages = 1_000_000;
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(64 * 1024)))
        {
            final Process producer = JavaProcess.start(SequenceProducerMain.class, path.toString(),
                Long.toString(PRODUCER_ID), Integer.toString(messages));
            try (Launcher.Background recorder = Launcher.start("record", path.toString(), journal.toString(),
                "--quiet"))
            {
                awaitJournalRecords(journal, 50_000, recorder.process());
                recorder.process().destroyForcibly().waitFor();
                assertEquals(137, recorder.process().exitValue(), "killed by SIGKILL");
            }
            final long journaled = journalEnd(journal);
            final long remaining = messages + 1 - journaled;
            System.out.println("killed recorder left " + journaled + " records; the restart records " + remaining);
            if (remaining > 0)
            {
                final Launcher.Result restarted = Launcher.run("record", path.toString(), journal.toString(),
                    "--count", Long.toString(remaining), "--json", "--quiet");

                assertEquals(0, restarted.exitCode(), restarted::toString);
                final String summary = restarted.out().strip();
                assertEquals(remaining, jsonLong(summary, "recorded"), summary);
                assertEquals(journaled, jsonLong(summary, "firstIndex"), summary);
                System.out.println("restarted recorder: " + summary);
            }
            assertEquals(0, JavaProcess.waitFor(producer, 60), "producer exit code");
            assertWholeSequenceInOrder(journal, messages);
            assertEquals(channel.producerPosition(), channel.consumerPosition(), "every message was consumed");
        }
    }

    @Test
    void shouldSkipWhatTheJournalHoldsWhenTheRecorderDiedBeforeReleasingTheChannel() throws Exception
    {
        final Path path = directory.resolve("crashed.ringway");
        final Path journal = directory.resolve("journal");
        final int messages = 10;
        final int journaledBeforeCrash = 4;
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(64 * 1024)))
        {
            final UnsafeBuffer body = new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_SEQUENCE_LENGTH));
            try (Producer producer = channel.producer())
            {
                for (int sequence = 0; sequence < messages; sequence++)
                {
                    assertTrue(producer.offer(SEQUENCE_TYPE_ID, body, 0, encodeSequence(body, 0, PRODUCER_ID,
                        sequence)));
                }
            }
            // what a recorder killed after appending 4 messages but before the consumer released the head leaves
            try (JournalWriter writer = JournalWriter.open(journal, new JournalConfig()))
            {
                writer.beginSource(channel.creationTimeMs(), channel.creatorPid());
                long position = 0;
                for (int sequence = 0; sequence < journaledBeforeCrash; sequence++)
                {
                    final int length = encodeSequence(body, 0, PRODUCER_ID, sequence);
                    position += JournalDescriptor.align(RecordDescriptor.HEADER_LENGTH + length,
                        RecordDescriptor.ALIGNMENT);
                    writer.append(SEQUENCE_TYPE_ID, body, 0, length, position);
                    if ((position & 63) == 56)
                    {
                        position += RecordDescriptor.HEADER_LENGTH; // the line-start padding (LAYOUT 6.1 step 5a)
                    }
                }
            }

            final Launcher.Result result = Launcher.run("record", path.toString(), journal.toString(), "--count",
                Integer.toString(messages - journaledBeforeCrash));

            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.out().contains("recorded " + (messages - journaledBeforeCrash) + " messages"),
                result::toString);
            assertTrue(result.out().contains(" skipped=" + journaledBeforeCrash + " "), result::toString);
            final List<Long> sequences = journalSequences(journal);
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), sequences, "each message once, in order");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void shouldStopCleanlyWithASummaryOnSignal(final String signal) throws Exception
    {
        final Path path = directory.resolve("signalled.ringway");
        final Path journal = directory.resolve("journal");
        final int messages = 100;
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(64 * 1024)))
        {
            offerSequences(channel, messages);
            try (Launcher.Background recorder = Launcher.start("record", path.toString(), journal.toString()))
            {
                awaitJournalRecords(journal, messages, recorder.process());
                assumeFalse(isSignalIgnored(recorder.pid(), signal), "SIG" + signal + " is ignored in this " +
                    "environment (a background job of a shell without job control): it cannot stop a process");
                final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(recorder.pid())).start();
                assertEquals(0, kill.waitFor(), "kill exit code");

                final Launcher.Result result = recorder.waitFor();

                assertEquals(0, result.exitCode(), result::toString);
                assertTrue(result.out().startsWith("recorded " + messages + " messages"), result::toString);
                assertTrue(result.out().contains("nextIndex=" + messages + " "), result::toString);
                assertTrue(result.out().strip().endsWith("stoppedBy=signal"), result::toString);
            }
            try (Consumer consumer = channel.consumer();
                JournalWriter writer = JournalWriter.open(journal, new JournalConfig()))
            {
                assertEquals(channel.producerPosition(), consumer.position(), "consumer lease released at the end");
                assertEquals(messages, writer.nextIndex(), "journal writer lease released, records kept");
            }
        }
    }

    @Test
    void shouldStopRecordingAfterTheDurationAndShowTheJournalInStat() throws Exception
    {
        final Path path = directory.resolve("timed.ringway");
        final Path journal = directory.resolve("journal");
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(64 * 1024).withSchema(5, 1)))
        {
            offerSequences(channel, 3);

            final Launcher.Result record = Launcher.run("record", path.toString(), journal.toString(), "--duration",
                "300ms", "--segment-size", "64k", "--index-spacing", "8");
            final Launcher.Result stat = Launcher.run("stat", "--json", journal.toString());

            assertEquals(0, record.exitCode(), record::toString);
            assertTrue(record.out().startsWith("recorded 3 messages"), record::toString);
            assertTrue(record.out().strip().endsWith("stoppedBy=duration"), record::toString);
            assertEquals(0, stat.exitCode(), stat::toString);
            final String json = stat.out().strip();
            assertAll(
                () -> assertEquals(3, jsonLong(json, "records"), json),
                () -> assertEquals(3, jsonLong(json, "nextIndex"), json),
                () -> assertEquals(65536, jsonLong(json, "segmentLength"), json),
                () -> assertEquals(8, jsonLong(json, "indexSpacing"), json),
                () -> assertEquals(5, jsonLong(json, "schemaId"), json),
                () -> assertEquals(1, jsonLong(json, "segments"), json),
                () -> assertEquals(channel.creatorPid(), jsonLong(json, "sourceChannelCreatorPid"), json),
                () -> assertTrue(json.contains("\"writerAlive\":false"), json),
                () -> assertTrue(json.contains("\"followerWaiting\":false"), json),
                () -> assertEquals(0, jsonLong(json, "followerWakeCount"), "nobody followed, nobody woken: " + json));
        }
    }

    @Test
    void shouldNameTheReasonWhenTheJournalDirectoryCannotBeMade() throws Exception
    {
        final Path path = directory.resolve("dir-error.ringway");
        final Path file = Files.writeString(directory.resolve("a-file"), "not a directory");
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(64 * 1024)))
        {
            offerSequences(channel, 1);

            final Launcher.Result record = Launcher.run("record", path.toString(), file.resolve("journal").toString(),
                "--count", "1");

            assertEquals(RingwayCli.EXIT_FILE_ERROR, record.exitCode(), record::toString);
            assertEquals(1, record.err().strip().lines().count(), record::toString);
            assertTrue(record.err().contains("field=directory found=FileSystemException") ||
                record.err().contains("field=directory found=NotDirectoryException"), record::toString);
            assertTrue(record.err().contains("Not a directory"), record::toString);
        }
    }

    @Test
    void shouldRefuseWithOneLineToRecordIntoOrReplayFromAJournalOfAnotherUser() throws Exception
    {
        assumeTrue(io.ringway.ProcessIdentity.effectiveUid() == 0, "needs root: chown to uid 65534 (nobody)");
        final Path path = directory.resolve("foreign.ringway");
        final Path journal = directory.resolve("foreign-journal");
        try (JournalWriter writer = JournalWriter.open(journal, new JournalConfig().segmentLength(4 * 4096)))
        {
            writer.append(1, new UnsafeBuffer(new byte[8]), 0, 8);
        }
        // another user's journal as the defect found it: a 0777 directory, 0666 segments
        Files.setPosixFilePermissions(journal, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (Stream<Path> files = Files.list(journal))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
                Files.setAttribute(file, "unix:uid", 65534);
            }
        }
        Files.setAttribute(journal, "unix:uid", 65534);
        final String expected = "journal directory belongs to another user: file=" + journal + " field=owner " +
            "found=uid 65534 expected=uid 0 (or allow other owners)";
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(64 * 1024)))
        {
            offerSequences(channel, 1);

            final long tailBefore = channel.status().tailPosition();
            final Launcher.Result record = Launcher.run("record", path.toString(), journal.toString(), "--count", "1");
            final Launcher.Result replay = Launcher.run("replay", journal.toString(), path.toString());
            final Launcher.Result stat = Launcher.run("stat", journal.toString());

            for (final Launcher.Result result : List.of(record, replay, stat))
            {
                assertEquals(RingwayCli.EXIT_FILE_ERROR, result.exitCode(), result::toString);
                assertEquals(1, result.err().strip().lines().count(), result::toString);
                assertTrue(result.err().contains(expected), result::toString);
            }
            assertEquals(0, channel.status().headPosition(), "nothing was taken from the channel");
            assertEquals(tailBefore, channel.status().tailPosition(), "nothing was replayed into it");
        }
    }

    @Test
    void shouldRefuseAFifoNamedLikeASegmentWithOneLineInsteadOfHanging() throws Exception
    {
        final Path journal = directory.resolve("fifo-journal");
        final UnsafeBuffer body = new UnsafeBuffer(new byte[1000]);
        try (JournalWriter writer = JournalWriter.open(journal, new JournalConfig().segmentLength(4 * 4096)))
        {
            while (segmentCount(journal) < 3)
            {
                writer.append(1, body, 0, body.capacity());
            }
        }
        // a middle segment replaced by a FIFO: stat reads every segment's header, and an open without O_NONBLOCK
        // would wait for a writer for ever
        final Path middle;
        try (Stream<Path> files = Files.list(journal))
        {
            middle = files.filter(file -> file.toString().endsWith(".rwj")).sorted().skip(1).findFirst().orElseThrow();
        }
        Files.delete(middle);
        assertEquals(0, new ProcessBuilder("mkfifo", middle.toString()).inheritIO().start().waitFor());

        final Launcher.Result stat = Launcher.run("stat", journal.toString());

        assertEquals(RingwayCli.EXIT_FILE_ERROR, stat.exitCode(), stat::toString);
        assertEquals(1, stat.err().strip().lines().count(), stat::toString);
        assertTrue(stat.err().contains("field=fileType found="), stat::toString);
    }

    @Test
    void shouldFollowAGrowingJournalUntilStopped() throws Exception
    {
        final Path journal = directory.resolve("journal");
        final Path path = directory.resolve("followed.ringway");
        final UnsafeBuffer body = new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_SEQUENCE_LENGTH));
        try (Channel channel = Channel.create(path, ChannelConfig.mpsc(64 * 1024));
            Consumer consumer = channel.consumer();
            JournalWriter writer = JournalWriter.open(journal, new JournalConfig()))
        {
            final SequenceVerifier verifier = new SequenceVerifier();
            try (Launcher.Background replay = Launcher.start("replay", journal.toString(), path.toString(), "--follow",
                "--quiet"))
            {
                for (int sequence = 0; sequence < 100; sequence++)
                {
                    writer.append(SEQUENCE_TYPE_ID, body, 0, encodeSequence(body, 0, PRODUCER_ID, sequence));
                    final long deadlineNs = System.nanoTime() + WAIT_LIMIT_NS;
                    while (verifier.messages() <= sequence && replay.process().isAlive() &&
                        System.nanoTime() - deadlineNs < 0)
                    {
                        consumer.poll(verifier, 10, 10, TimeUnit.MILLISECONDS);
                    }
                    assertEquals(sequence + 1, verifier.messages(), "record " + sequence + " followed");
                }
                final Launcher.Result stat = Launcher.run("stat", "--json", journal.toString());
                assertTrue(stat.out().contains("\"writerAlive\":true"), stat::toString);
                assertEquals(ProcessHandle.current().pid(), jsonLong(stat.out(), "writerPid"), stat::toString);
                assertEquals(writer.followerWakeCount(), jsonLong(stat.out(), "followerWakeCount"),
                    "stat shows the wakes the writer issued to the parked replay: " + stat);

                assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(replay.pid())).start().waitFor());
                final Launcher.Result result = replay.waitFor();

                assertEquals(0, result.exitCode(), result::toString);
                assertTrue(result.out().startsWith("replayed 100 messages"), result::toString);
                assertTrue(result.out().contains("indexes=0..99 "), result::toString);
                assertTrue(result.out().strip().endsWith("stoppedBy=signal"), result::toString);
            }
            assertNull(verifier.firstError());
        }
    }

    @Test
    void shouldRefuseToRecordWhileAnotherConsumerRuns() throws Exception
    {
        final Path path = directory.resolve("taken.ringway");
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(4096)); Consumer consumer = channel.consumer())
        {
            final Launcher.Result result = Launcher.run("record", path.toString(),
                directory.resolve("journal").toString(), "--count", "1");

            assertEquals(RingwayCli.EXIT_FILE_ERROR, result.exitCode(), result::toString);
            assertEquals(1, result.err().strip().lines().count(), result::toString);
            assertTrue(result.err().contains("cannot record"), result::toString);
            assertTrue(result.err().contains("field=consumerLease found=pid " + ProcessHandle.current().pid()),
                result::toString);
            assertEquals(0, consumer.position());
        }
    }

    @Test
    void shouldStopWithOneLineNamingTheSegmentWhenTheJournalsFileSystemFillsAndLeaveTheRestInTheChannel()
        throws Exception
    {
        final long segmentLength = 64 * 1024;
        final Path path = directory.resolve("filling.ringway");
        try (SmallFileSystem small = SmallFileSystem.mount(2 * segmentLength + 4096);
            Channel channel = Channel.create(path, ChannelConfig.spsc(256 * 1024)))
        {
            final Path journal = small.directory().resolve("journal");
            long offered = 0;
            try (Producer producer = channel.producer())
            {
                final UnsafeBuffer body = new UnsafeBuffer(new byte[16]);
                while (producer.offer(1, body, 0, body.capacity()))
                {
                    offered++;
                }
            }

            final Launcher.Result result = Launcher.run("record", path.toString(), journal.toString(),
                "--segment-size", "64k", "--quiet");

            assertEquals(RingwayCli.EXIT_FILE_ERROR, result.exitCode(), result::toString);
            assertEquals(1, result.err().strip().lines().count(), result::toString);
            assertTrue(result.err().startsWith("ringway record: error: cannot reserve the next journal segment: file=" +
                journal), result::toString);
            assertTrue(result.err().contains(".rwj field=fileLength found=ENOSPC"), result::toString);
            assertEquals("", result.out(), result::toString);
            final long journaled;
            try (JournalReader reader = JournalReader.open(journal))
            {
                long count = 0;
                for (int n = reader.poll((index, timestampNs, typeId, buffer, offset, length) -> true, 1000); n > 0;
                    n = reader.poll((index, timestampNs, typeId, buffer, offset, length) -> true, 1000))
                {
                    count += n;
                }
                journaled = count;
            }
            assertTrue(journaled > 0 && journaled < offered, "journaled=" + journaled + " offered=" + offered);
            try (Consumer consumer = channel.consumer())
            {
                assertEquals(offered - journaled, consumer.poll((typeId, buffer, index, length) -> { },
                    Integer.MAX_VALUE), "the channel keeps every message the journal does not hold");
            }
        }
    }

    @Test
    void shouldRefuseToRecordIntoAJournalThatCannotHoldTheChannelsLargestMessage() throws Exception
    {
        final Path path = directory.resolve("large.ringway");
        final Path journal = directory.resolve("journal");
        JournalWriter.open(journal, new JournalConfig().maxMessageLength(100)).close();
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(64 * 1024)))
        {
            final Launcher.Result result = Launcher.run("record", path.toString(), journal.toString(), "--count", "1");

            assertEquals(RingwayCli.EXIT_FILE_ERROR, result.exitCode(), result::toString);
            assertEquals(1, result.err().strip().lines().count(), result::toString);
            assertTrue(result.err().contains("field=maxMessageLength found=100 expected=>=" +
                channel.maxMessageLength()), result::toString);
        }
    }

    @Test
    void shouldRefuseToRecordAChannelOfAnotherSchemaIntoAnExistingJournal() throws Exception
    {
        final Path journal = directory.resolve("journal");
        writeSequenceJournal(journal, 1);
        final Path path = directory.resolve("other-schema.ringway");
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(4096).withSchema(7, 1)))
        {
            offerSequences(channel, 1);

            final Launcher.Result result = Launcher.run("record", path.toString(), journal.toString(), "--count", "1");

            assertEquals(RingwayCli.EXIT_FILE_ERROR, result.exitCode(), result::toString);
            assertEquals(1, result.err().strip().lines().count(), result::toString);
            assertTrue(result.err().contains("field=schemaId found=9 expected=7"), result::toString);
            assertEquals(2, journalEnd(journal), "nothing recorded");
            assertEquals(0, channel.consumerPosition(), "nothing consumed");
        }
    }

    @Test
    void shouldReplayAJournalIntoAChannelItCreatesWhileAConsumerReadsIt() throws Exception
    {
        final Path journal = directory.resolve("journal");
        final int messages = 5_000;
        writeSequenceJournal(journal, messages);
        final Path path = directory.resolve("replayed.ringway");
        try (Launcher.Background replay = Launcher.start("replay", journal.toString(), path.toString(), "--create",
            "--capacity", "4k", "--json"))
        {
            final SequenceVerifier verifier = new SequenceVerifier();
            try (Channel channel = awaitChannel(path, replay.process()); Consumer consumer = channel.consumer())
            {
                final long deadlineNs = System.nanoTime() + WAIT_LIMIT_NS;
                while (!verifier.allEnded(1) && System.nanoTime() - deadlineNs < 0)
                {
                    consumer.poll(verifier, 256, 10, TimeUnit.MILLISECONDS);
                }
                assertEquals(9, channel.schemaId(), "the journal's schema id");
                assertEquals(2, channel.schemaVersion(), "the journal's schema version");
            }
            final Launcher.Result result = replay.waitFor();

            assertEquals(0, result.exitCode(), result::toString);
            assertNull(verifier.firstError());
            assertEquals(messages + 1, verifier.messages());
            final String summary = result.out().strip();
            assertEquals(messages + 1, jsonLong(summary, "replayed"), summary);
            assertEquals(messages, jsonLong(summary, "lastIndex"), summary);
            assertTrue(summary.contains("\"stoppedBy\":\"end\""), summary);
        }
    }

    @Test
    void shouldReplayFromAnIndexOrATimeUpToTheCount() throws Exception
    {
        final Path journal = directory.resolve("journal");
        writeSequenceJournal(journal, 100);
        final Path path = directory.resolve("partial.ringway");
        try (Channel channel = Channel.create(path, ChannelConfig.mpsc(64 * 1024)))
        {
            final Launcher.Result byIndex = Launcher.run("replay", journal.toString(), path.toString(),
                "--from-index", "10", "--count", "5");
            final Launcher.Result byInstant = Launcher.run("replay", journal.toString(), path.toString(),
                "--from-time", Instant.ofEpochSecond(0, BASE_TIME_NS + 20 * TIME_STEP_NS).toString(), "--count", "3");
            final Launcher.Result byEpochNs = Launcher.run("replay", journal.toString(), path.toString(),
                "--from-time", Long.toString(BASE_TIME_NS + 95 * TIME_STEP_NS - 1), "--count", "50");

            assertAll(
                () -> assertEquals(0, byIndex.exitCode(), byIndex::toString),
                () -> assertTrue(byIndex.out().contains("indexes=10..14 "), byIndex::toString),
                () -> assertTrue(byIndex.out().contains("stoppedBy=count"), byIndex::toString),
                () -> assertEquals(0, byInstant.exitCode(), byInstant::toString),
                () -> assertTrue(byInstant.out().contains("indexes=20..22 "), byInstant::toString),
                () -> assertEquals(0, byEpochNs.exitCode(), byEpochNs::toString),
                () -> assertTrue(byEpochNs.out().contains("replayed 6 messages"), byEpochNs::toString),
                () -> assertTrue(byEpochNs.out().contains("stoppedBy=end"), byEpochNs::toString));
            final List<Long> sequences = new ArrayList<>();
            try (Consumer consumer = channel.consumer())
            {
                consumer.poll((typeId, buffer, index, length) -> sequences.add(
                    typeId == SEQUENCE_TYPE_ID ? buffer.getLong(index + SEQUENCE_OFFSET) : -1L), 100);
            }
            assertEquals(List.of(10L, 11L, 12L, 13L, 14L, 20L, 21L, 22L, 95L, 96L, 97L, 98L, 99L, -1L), sequences);
        }
    }

    @Test
    void shouldReportReplayErrorsInOneLine() throws Exception
    {
        final Path journal = directory.resolve("journal");
        writeSequenceJournal(journal, 100);
        final Path small = directory.resolve("small.ringway");
        Channel.create(small, ChannelConfig.spsc(64)).close();
        final Path roomy = directory.resolve("roomy.ringway");
        Channel.create(roomy, ChannelConfig.spsc(64 * 1024)).close();

        final Launcher.Result missing = Launcher.run("replay", directory.resolve("absent").toString(),
            roomy.toString());
        final Launcher.Result tooLong = Launcher.run("replay", journal.toString(), small.toString());
        final Launcher.Result pastEnd = Launcher.run("replay", journal.toString(), roomy.toString(), "--from-index",
            "500", "--count", "10");
        final Launcher.Result both = Launcher.run("replay", journal.toString(), roomy.toString(), "--from-index", "1",
            "--from-time", "0");

        assertAll(
            () -> assertEquals(RingwayCli.EXIT_FILE_ERROR, missing.exitCode(), missing::toString),
            () -> assertEquals(1, missing.err().strip().lines().count(), missing::toString),
            () -> assertTrue(missing.err().contains("not a journal directory"), missing::toString),
            () -> assertTrue(missing.err().contains("field=directory found=absent"), missing::toString),
            () -> assertEquals(RingwayCli.EXIT_FILE_ERROR, tooLong.exitCode(), tooLong::toString),
            () -> assertEquals(1, tooLong.err().strip().lines().count(), tooLong::toString),
            () -> assertTrue(tooLong.err().contains("journal record longer than the channel's largest message"),
                tooLong::toString),
            () -> assertTrue(tooLong.err().contains("index=0 field=length found=16 expected=<=8"),
                tooLong::toString),
            () -> assertEquals(RingwayCli.EXIT_FILE_ERROR, pastEnd.exitCode(), pastEnd::toString),
            () -> assertEquals(1, pastEnd.err().strip().lines().count(), pastEnd::toString),
            () -> assertTrue(pastEnd.err().contains("field=index found=500 expected=<101"), pastEnd::toString),
            () -> assertEquals(RingwayCli.EXIT_USAGE, both.exitCode(), both::toString));
        try (Channel channel = Channel.open(roomy))
        {
            assertEquals(0, channel.producerPosition(), "nothing was replayed by the failed runs");
        }
    }

    @Test
    void shouldLaunchWithEveryJvmFlagThePomGivesTheJvms() throws Exception
    {
        final String launcher = Files.readString(Launcher.launcher());
        final String flags = System.getProperty("ringway.jvm.flags", "");

        assertTrue(flags.contains("chronicle"), "failsafe passes ringway.jvm.flags: " + flags);
        for (final String flag : flags.trim().split("\\s+"))
        {
            assertTrue(launcher.contains(flag), () -> "cli/ringway lacks the JVM flag " + flag);
        }
    }

    private static void offerSequences(final Channel channel, final int messages)
    {
        final UnsafeBuffer body = new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_SEQUENCE_LENGTH));
        try (Producer producer = channel.producer())
        {
            for (int sequence = 0; sequence < messages; sequence++)
            {
                assertTrue(producer.offer(SEQUENCE_TYPE_ID, body, 0, encodeSequence(body, 0, PRODUCER_ID, sequence)));
            }
        }
    }

    /** SEQUENCE 0 .. messages - 1 then END, stamped BASE_TIME_NS + index * TIME_STEP_NS, schema 9/2. */
    @Test
    void shouldPruneTheSegmentsBelowTheIndexPrintingEachAndKeepTheRestReadable() throws Exception
    {
        final Path journal = directory.resolve("journal");
        final int records = 20_000;
        final UnsafeBuffer body = new UnsafeBuffer(new byte[64]);
        try (JournalWriter writer = JournalWriter.open(journal, new JournalConfig().segmentLength(16 * 4096)))
        {
            for (int i = 0; i < records; i++)
            {
                body.putLong(0, i);
                writer.append(1, body, 0, 64);
            }
        }
        final List<Path> before = JournalSegmentHeader.segments(journal);
        assertTrue(before.size() > 4, "segments: " + before);
        final List<Long> firstIndexes = new ArrayList<>();
        for (final Path segment : before)
        {
            firstIndexes.add(JournalSegmentHeader.read(segment).getLong(JournalDescriptor.FIRST_INDEX_OFFSET));
        }
        final long keepFrom = firstIndexes.get(3);

        final Launcher.Result result = Launcher.run("prune", journal.toString(), "--before",
            Long.toString(keepFrom));

        assertEquals(0, result.exitCode(), result::toString);
        final List<String> lines = result.out().lines().toList();
        assertEquals(4, lines.size(), result::toString);
        for (int s = 0; s < 3; s++)
        {
            assertEquals("removed " + before.get(s) + " indexes " + firstIndexes.get(s) + ".." +
                (firstIndexes.get(s + 1) - 1), lines.get(s));
        }
        assertEquals("pruned 3 segments (" + keepFrom + " records) below index " + keepFrom + " from " + journal,
            lines.get(3));
        assertEquals(before.subList(3, before.size()), JournalSegmentHeader.segments(journal));
        try (JournalReader reader = JournalReader.open(journal))
        {
            final long[] next = {keepFrom};
            while (reader.poll((index, timestampNs, typeId, buffer, offset, length) ->
            {
                assertEquals(next[0], index, "journal index");
                assertEquals(next[0]++, buffer.getLong(offset), "body");
                return true;
            }, 4096) > 0)
            {
                // read to the end
            }
            assertEquals(records, next[0], "every kept record");
        }

        final Launcher.Result none = Launcher.run("prune", journal.toString(), "--before", "0", "--json");
        assertEquals(0, none.exitCode(), none::toString);
        assertEquals(0, jsonLong(none.out(), "segmentsRemoved"), none::toString);
    }

    @Test
    void shouldRefusePruneArgumentsThatAreWrongInOneLine() throws Exception
    {
        final Launcher.Result negative = Launcher.run("prune", directory.resolve("journal").toString(), "--before",
            "-1");
        assertEquals(RingwayCli.EXIT_USAGE, negative.exitCode(), negative::toString);
        assertTrue(negative.err().contains("found=-1"), negative::toString);

        final Path absent = directory.resolve("absent");
        final Launcher.Result missing = Launcher.run("prune", absent.toString(), "--before", "10");
        assertEquals(RingwayCli.EXIT_FILE_ERROR, missing.exitCode(), missing::toString);
        assertEquals("ringway prune: error: not a journal directory: file=" + absent +
            " field=directory found=absent expected=a directory", missing.err().strip());
    }

    private static void writeSequenceJournal(final Path journal, final int messages)
    {
        final long[] nextTimestampNs = {BASE_TIME_NS};
        final JournalConfig config = new JournalConfig().schema(9, 2).indexSpacing(4).clock(() ->
        {
            final long timestampNs = nextTimestampNs[0];
            nextTimestampNs[0] += TIME_STEP_NS;
            return timestampNs;
        });
        final UnsafeBuffer body = new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_SEQUENCE_LENGTH));
        long checksum = FNV_OFFSET_BASIS;
        try (JournalWriter writer = JournalWriter.open(journal, config))
        {
            for (int sequence = 0; sequence < messages; sequence++)
            {
                final int length = encodeSequence(body, 0, PRODUCER_ID, sequence);
                checksum = checksum(checksum, body, 0, length);
                writer.append(SEQUENCE_TYPE_ID, body, 0, length);
            }
            writer.append(END_TYPE_ID, body, 0, encodeEnd(body, 0, PRODUCER_ID, messages, checksum));
        }
    }

    private static void assertWholeSequenceInOrder(final Path journal, final int messages)
    {
        final SequenceVerifier verifier = new SequenceVerifier();
        final long[] expectedIndex = {0};
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.poll((index, timestampNs, typeId, buffer, offset, length) ->
            {
                assertEquals(expectedIndex[0]++, index, "journal index");
                verifier.onBody(typeId, buffer, offset, length);
                return true;
            }, 4096) > 0)
            {
                // read to the end
            }
        }
        assertNull(verifier.firstError());
        assertTrue(verifier.allEnded(1), "END journaled");
        assertEquals(messages + 1, verifier.messages(), "every message once");
    }

    private static List<Long> journalSequences(final Path journal)
    {
        final List<Long> sequences = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (reader.poll((index, timestampNs, typeId, buffer, offset, length) ->
                sequences.add(buffer.getLong(offset + SEQUENCE_OFFSET)), 4096) > 0)
            {
                // read to the end
            }
        }
        return sequences;
    }

    private static long journalEnd(final Path journal)
    {
        try (JournalReader reader = JournalReader.open(journal))
        {
            reader.seekToEnd();
            return reader.nextIndex();
        }
    }

    private static void awaitJournalRecords(final Path journal, final long records, final Process writer)
        throws IOException
    {
        final long deadlineNs = System.nanoTime() + WAIT_LIMIT_NS;
        while (!Files.isDirectory(journal) || JournalSegmentHeader.segments(journal).isEmpty() ||
            journalEnd(journal) < records)
        {
            if (!writer.isAlive() || System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("journal " + journal + " did not reach " + records + " records; writer " +
                    (writer.isAlive() ? "running" : "exited " + writer.exitValue()));
            }
            sleepBriefly();
        }
    }

    private static Channel awaitChannel(final Path path, final Process creator)
    {
        final long deadlineNs = System.nanoTime() + WAIT_LIMIT_NS;
        while (true)
        {
            if (Files.exists(path))
            {
                try
                {
                    return Channel.open(path);
                }
                catch (final RuntimeException beingCreated)
                {
                    // not initialised yet: look again
                }
            }
            if (!creator.isAlive() || System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("channel " + path + " was not created");
            }
            sleepBriefly();
        }
    }

    private static void sleepBriefly()
    {
        try
        {
            Thread.sleep(5);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /** Reads SigIgn of /proc/PID/status: a signal ignored when the JVM started cannot be caught by it. */
    private static boolean isSignalIgnored(final long pid, final String signal) throws IOException
    {
        final int number = "INT".equals(signal) ? 2 : 15;
        for (final String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")))
        {
            if (line.startsWith("SigIgn:"))
            {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & (1L << (number - 1)))
                    != 0;
            }
        }
        return false;
    }

    private static Path firstSegment(final Path journal)
    {
        return JournalSegmentHeader.segments(journal).get(0);
    }

    private static long jsonLong(final String json, final String field)
    {
        final Matcher matcher = Pattern.compile("\"" + field + "\":(-?\\d+)").matcher(json);
        if (!matcher.find())
        {
            throw new AssertionError("no " + field + " in " + json);
        }
        return Long.parseLong(matcher.group(1));
    }

    private static long segmentCount(final Path journal) throws IOException
    {
        try (Stream<Path> files = Files.list(journal))
        {
            return files.filter(file -> file.toString().endsWith(".rwj")).count();
        }
    }
}
