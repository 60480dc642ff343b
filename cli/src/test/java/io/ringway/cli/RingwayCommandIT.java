package io.ringway.cli;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.ConsumerOption;
import io.ringway.HeaderDescriptor;
import io.ringway.MonotonicTime;
import io.ringway.ProcessIdentity;
import io.ringway.Producer;
import io.ringway.RecordDescriptor;
import io.ringway.testing.SmallFileSystem;
import io.ringway.testing.TempChannelDirectory;
import io.ringway.wait.Membarrier;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The ringway command run through its launcher, as a user runs it: output and exit codes of every sub-command,
 * including the error cases.
 */
class RingwayCommandIT
{
    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("ringway-cli");

    @Test
    void shouldPrintHelpListingEverySubCommandAndTheExitCodes() throws Exception
    {
        final Launcher.Result result = Launcher.run("--help");

        assertEquals(0, result.exitCode(), result::toString);
        for (final String subCommand : List.of("create", "stat", "check", "tail", "record", "replay", "bench", "bridge"))
        {
            assertTrue(result.out().contains("  " + subCommand + "  "), () -> subCommand + " missing: " + result);
        }
        assertTrue(result.out().contains("Exit codes:"), result::toString);
    }

    @Test
    void shouldPrintSubCommandHelp() throws Exception
    {
        final Launcher.Result result = Launcher.run("create", "--help");

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("--capacity"), result::toString);
        assertTrue(result.out().contains("--kind"), result::toString);
    }

    @Test
    void shouldPrintTheVersionOfItsJarAndOfTheChannelLayout() throws Exception
    {
        final Launcher.Result result = Launcher.run("--version");

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().matches("ringway \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\nchannel layout \\d+\\.\\d+\n"),
            result::toString);
    }

    @Test
    void shouldCreateChannelWithOwnerOnlyPermissionsByDefault() throws Exception
    {
        final Path path = directory.resolve("created.ringway");

        final Launcher.Result result = Launcher.run("create", path.toString(), "--kind", "mpsc", "--capacity", "64k");

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("kind=MPSC capacity=65536"), result::toString);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        try (Channel channel = Channel.open(path))
        {
            assertEquals(65536, channel.capacity());
        }
    }

    @Test
    void shouldPrintWhatItCreatedAsOneJsonObjectWhenAsked() throws Exception
    {
        final Path path = directory.resolve("created-json.ringway");

        final Launcher.Result result = Launcher.run("create", path.toString(), "--kind", "mpsc", "--capacity", "64k",
            "--mode", "640", "--schema-id", "7", "--schema-version", "2", "--json");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("{\"file\":\"" + path + "\",\"ringKind\":\"MPSC\",\"capacity\":65536,\"maxMessageLength\":8192," +
            "\"mode\":\"rw-r-----\",\"schemaId\":7,\"schemaVersion\":2}\n", result.out(), result::toString);
    }

    @Test
    void shouldCreateChannelWithTheModeAsked() throws Exception
    {
        final Path path = directory.resolve("shared.ringway");

        final Launcher.Result result = Launcher.run("create", path.toString(), "--mode", "640");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
    }

    @Test
    void shouldRefuseToOverwriteAnExistingFileWithOneLineAndExitCodeThree() throws Exception
    {
        final Path path = directory.resolve("existing.ringway");
        Files.writeString(path, "precious");

        final Launcher.Result result = Launcher.run("create", path.toString());

        assertEquals(RingwayCli.EXIT_FILE_ERROR, result.exitCode(), result::toString);
        assertEquals(1, result.err().strip().lines().count(), result::toString);
        assertTrue(result.err().contains("field=file found=exists"), result::toString);
        assertEquals("precious", Files.readString(path));
    }

    @Test
    void shouldRefuseToCreateAChannelLargerThanItsFileSystemWithOneLineNamingENOSPC() throws Exception
    {
        try (SmallFileSystem fileSystem = SmallFileSystem.mount(8L * 1024 * 1024))
        {
            final Path path = fileSystem.directory().resolve("too-large.ringway");

            final Launcher.Result result = Launcher.run("create", path.toString(), "--capacity", "64m");

            assertAll(
                () -> assertEquals(RingwayCli.EXIT_FILE_ERROR, result.exitCode(), result::toString),
                () -> assertEquals(1, result.err().strip().lines().count(), result::toString),
                () -> assertTrue(result.err().contains("file=" + path), result::toString),
                () -> assertTrue(result.err().contains("field=fileLength found=ENOSPC"), result::toString),
                () -> assertFalse(result.err().contains("\tat "), result::toString),
                () -> assertFalse(Files.exists(path), "the file that could not be reserved is removed"));
        }
    }

    @Test
    void shouldStatHeartbeatAgesOnTheMonotonicClockTheHeartbeatsAreWrittenWith() throws Exception
    {
        final Path path = directory.resolve("ages.ringway");
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(4096)))
        {
            channel.consumer(); // holds the lease (closed with the channel): its verdict comes from the heartbeat
            // as a consumer that last beat 2 s ago writes it: CLOCK_MONOTONIC ms (LAYOUT.md 8.1)
            final long beatMs = MonotonicTime.nowMs() - 2_000;
            try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw"))
            {
                file.seek(HeaderDescriptor.CONSUMER_HEARTBEAT_MS_OFFSET);
                file.writeLong(Long.reverseBytes(beatMs));
            }

            final Launcher.Result result = Launcher.run("stat", "--json", "--heartbeat-timeout", "600000",
                path.toString());

            assertEquals(0, result.exitCode(), result::toString);
            final Matcher age = Pattern.compile("\"consumerHeartbeatAgeMs\":(-?\\d+)").matcher(result.out());
            assertTrue(age.find(), result::toString);
            final long ageMs = Long.parseLong(age.group(1));
            assertAll(
                () -> assertTrue(ageMs >= 2_000 && ageMs < 600_000, "consumerHeartbeatAgeMs=" + ageMs),
                () -> assertTrue(result.out().contains("\"consumerLiveness\":\"ALIVE\""), result::toString),
                () -> assertTrue(result.out().contains("\"consumerHeartbeatMs\":" + beatMs), result::toString));
        }
    }

    @Test
    void shouldShowTheStackTraceOnlyWhenVerbose() throws Exception
    {
        final Path missing = directory.resolve("missing.ringway");

        final Launcher.Result quiet = Launcher.run("stat", missing.toString());
        final Launcher.Result verbose = Launcher.run("--verbose", "stat", missing.toString());

        assertAll(
            () -> assertEquals(RingwayCli.EXIT_FILE_ERROR, quiet.exitCode(), quiet::toString),
            () -> assertEquals(1, quiet.err().strip().lines().count(), quiet::toString),
            () -> assertTrue(quiet.err().contains("field=file found=absent"), quiet::toString),
            () -> assertEquals(RingwayCli.EXIT_FILE_ERROR, verbose.exitCode(), verbose::toString),
            () -> assertTrue(verbose.err().contains("\tat io.ringway."), verbose::toString));
    }

    @Test
    void shouldRejectBadArgumentsWithUsageExitCode() throws Exception
    {
        final Launcher.Result capacity = Launcher.run("create", directory.resolve("x.ringway").toString(),
            "--capacity", "1000");
        final Launcher.Result kind = Launcher.run("create", directory.resolve("y.ringway").toString(), "--kind", "spmc");
        final Launcher.Result unknown = Launcher.run("frobnicate");

        assertAll(
            () -> assertEquals(RingwayCli.EXIT_USAGE, capacity.exitCode(), capacity::toString),
            () -> assertTrue(capacity.err().contains("found=1000"), capacity::toString),
            () -> assertEquals(RingwayCli.EXIT_USAGE, kind.exitCode(), kind::toString),
            () -> assertTrue(kind.err().contains("found=spmc"), kind::toString),
            () -> assertEquals(RingwayCli.EXIT_USAGE, unknown.exitCode(), unknown::toString),
            () -> assertFalse(Files.exists(directory.resolve("x.ringway"))));
    }

    @Test
    void shouldRefuseNegativeCountsAndTimesOutOfRangeNumbersAndAnEmptyNameWithOneLineAndNothingCreated()
        throws Exception
    {
        final Path path = directory.resolve("args.ringway");
        Channel.create(path, ChannelConfig.spsc(4096)).close();
        final String[][] usageErrors = {
            {"create", directory.resolve("neg.ringway").toString(), "--capacity=-64"},
            {"create", directory.resolve("id.ringway").toString(), "--schema-id=-1"},
            {"create", directory.resolve("v.ringway").toString(), "--schema-version=70000"},
            {"tail", path.toString(), "--count=-1"},
            {"tail", path.toString(), "--idle-timeout=-1"},
            {"stat", path.toString(), "--watch", "--count=-1"},
            {"stat", path.toString(), "--interval=0"},
        };
        for (final String[] command : usageErrors)
        {
            final Launcher.Result result = Launcher.run(command);

            assertEquals(RingwayCli.EXIT_USAGE, result.exitCode(), result::toString);
            assertTrue(result.err().contains("found="), result::toString);
            assertFalse(result.err().contains("Exception"), result::toString);
        }
        final Launcher.Result benchInFile = Launcher.run("bench", "--dir", path.toString());
        assertEquals(RingwayCli.EXIT_FILE_ERROR, benchInFile.exitCode(), benchInFile::toString);
        assertEquals(1, benchInFile.err().strip().lines().count(), benchInFile::toString);
        assertTrue(benchInFile.err().contains("field=--dir found=not a directory"), benchInFile::toString);
        final Launcher.Result empty = Launcher.run("create", "");
        assertEquals(RingwayCli.EXIT_FILE_ERROR, empty.exitCode(), empty::toString);
        assertEquals(1, empty.err().strip().lines().count(), empty::toString);
        assertFalse(Files.exists(Channel.pathFor("")), "create '' made " + Channel.pathFor(""));
        for (final String name : new String[]{"neg.ringway", "id.ringway", "v.ringway"})
        {
            assertFalse(Files.exists(directory.resolve(name)), name);
        }
    }

    @Test
    void shouldStatPositionsFillCountersAndLiveness() throws Exception
    {
        final Path path = directory.resolve("stat.ringway");
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(4096));
            Producer producer = channel.producer();
            Consumer consumer = channel.consumer())
        {
            final UnsafeBuffer body = new UnsafeBuffer(new byte[24]);
            for (int i = 0; i < 3; i++)
            {
                assertTrue(producer.offer(7, body, 0, body.capacity()));
            }
            assertEquals(1, consumer.poll((typeId, buffer, index, length) -> { }, 1));

            final Launcher.Result result = Launcher.run("stat", "--json", path.toString());

            assertEquals(0, result.exitCode(), result::toString);
            final String json = result.out().strip();
            final long pid = ProcessHandle.current().pid();
            assertAll(
                () -> assertTrue(json.contains("\"ringKind\":\"SPSC\""), json),
                () -> assertTrue(json.contains("\"tailPosition\":96"), json),
                () -> assertTrue(json.contains("\"headPosition\":32"), json),
                () -> assertTrue(json.contains("\"fillBytes\":64"), json),
                () -> assertTrue(json.contains("\"fillPercent\":1.6,"), "a number, not a string: " + json),
                () -> assertTrue(json.contains("\"messagesConsumed\":1"), json),
                () -> assertTrue(json.contains("\"producerPid\":" + pid), json),
                () -> assertTrue(json.contains("\"producerLiveness\":\"ALIVE\""), json),
                () -> assertTrue(json.contains("\"consumerLiveness\":\"ALIVE\""), json),
                () -> assertTrue(json.contains("\"consumerParked\":false"), json),
                () -> assertTrue(json.contains("\"consumerMembarrierWakeups\":false"), json));
        }
    }

    @Test
    void shouldShowThatTheConsumerPromisedMembarrierWakeupsWhileItIsAttached() throws Exception
    {
        assumeTrue(Membarrier.SUPPORTED, "membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED) is not offered by this kernel");
        final Path path = directory.resolve("promise.ringway");
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(4096)))
        {
            try (Consumer consumer = channel.consumer(ConsumerOption.MEMBARRIER_WAKEUPS))
            {
                assertTrue(consumer.membarrierWakeups());
                final Launcher.Result promising = Launcher.run("stat", "--json", path.toString());

                assertEquals(0, promising.exitCode(), promising::toString);
                assertTrue(promising.out().contains("\"consumerMembarrierWakeups\":true"), promising.out());
            }
            final Launcher.Result closed = Launcher.run("stat", "--json", path.toString());

            assertEquals(0, closed.exitCode(), closed::toString);
            assertTrue(closed.out().contains("\"consumerMembarrierWakeups\":false"), closed.out());
        }
    }

    @Test
    void shouldWatchWithRatesBetweenRefreshes() throws Exception
    {
        final Path path = directory.resolve("watch.ringway");
        try (Channel channel = Channel.create(path, ChannelConfig.mpsc(4096)))
        {
            assertEquals(0, channel.consumerPosition());
            final Launcher.Result result = Launcher.run("stat", "--watch", "--count", "3", "--interval", "20", "--json",
                path.toString());

            assertEquals(0, result.exitCode(), result::toString);
            final List<String> lines = result.outLines();
            assertEquals(3, lines.size(), result::toString);
            assertFalse(lines.get(0).contains("consumedPerSecond"), result::toString);
            assertTrue(lines.get(2).contains("\"consumedPerSecond\":0"), result::toString);
        }
    }

    @Test
    void shouldPassCheckOfASoundChannel() throws Exception
    {
        final Path path = directory.resolve("sound.ringway");
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(4096)); Producer producer = channel.producer())
        {
            assertTrue(producer.offer(1, new UnsafeBuffer(new byte[100]), 0, 100));
        }

        final Launcher.Result result = Launcher.run("check", path.toString());

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains(": OK (0 errors, 0 warnings)"), result::toString);
    }

    @Test
    void shouldCheckAsOneJsonObjectPerFileWithItsFindingsWhenAsked() throws Exception
    {
        final Path sound = directory.resolve("sound-json.ringway");
        Channel.create(sound, ChannelConfig.spsc(4096)).close();
        final Path stale = directory.resolve("stale-json.ringway");
        Channel.create(stale, ChannelConfig.spsc(4096)).close();
        try (RandomAccessFile file = new RandomAccessFile(stale.toFile(), "rw"))
        {
            writeLongLittleEndian(file, HeaderDescriptor.CONSUMER_LEASE_OFFSET, 0x3FFF_FFF0L << 32);
        }
        final Path missing = directory.resolve("missing-json.ringway");

        final Launcher.Result result = Launcher.run("check", "--json", sound.toString(), stale.toString(),
            missing.toString());

        assertEquals(RingwayCli.EXIT_FILE_ERROR, result.exitCode(), result::toString);
        final List<String> lines = result.outLines();
        assertEquals(3, lines.size(), result::toString);
        assertAll(
            () -> assertEquals("{\"file\":\"" + sound + "\",\"status\":\"OK\",\"readable\":true,\"errors\":0," +
                "\"warnings\":0,\"findings\":[]}", lines.get(0)),
            () -> assertEquals("{\"file\":\"" + stale + "\",\"status\":\"OK\",\"readable\":true,\"errors\":0," +
                "\"warnings\":1,\"findings\":[{\"severity\":\"WARNING\",\"message\":\"stale lease: the next consumer " +
                "to attach takes it over\",\"field\":\"consumerLease\",\"found\":\"pid " + 0x3FFF_FFF0L +
                " (not running)\",\"expected\":\"0 or a running process\"}]}", lines.get(1)),
            () -> assertEquals("{\"file\":\"" + missing + "\",\"status\":\"FAILED\",\"readable\":false,\"errors\":1," +
                "\"warnings\":0,\"findings\":[{\"severity\":\"ERROR\",\"message\":\"no such channel file\"," +
                "\"field\":\"file\",\"found\":\"absent\",\"expected\":\"a regular channel file\"}]}", lines.get(2)));
    }

    @Test
    void shouldShowThePidNamespaceAndChannelIdInStatAndReportAChannelOfAnotherPidNamespaceInCheck() throws Exception
    {
        final Path path = directory.resolve("pidns.ringway");
        Channel.create(path, ChannelConfig.spsc(4096)).close();
        final long own = ProcessIdentity.currentPidNamespace();

        final Launcher.Result stat = Launcher.run("stat", "--json", path.toString());
        assertEquals(0, stat.exitCode(), stat::toString);
        assertTrue(stat.out().contains("\"pidNamespace\":" + own), stat::toString);
        final long channelId = java.nio.ByteBuffer.wrap(Files.readAllBytes(path))
            .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(HeaderDescriptor.CHANNEL_ID_OFFSET);
        assertTrue(stat.out().contains(String.format("\"channelId\":\"%016x\"", channelId)), stat::toString);

        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw"))
        {
            writeLongLittleEndian(file, HeaderDescriptor.PID_NAMESPACE_OFFSET, own + 1);
        }
        final Launcher.Result check = Launcher.run("check", path.toString());

        assertEquals(RingwayCli.EXIT_PROBLEMS_FOUND, check.exitCode(), check::toString);
        assertTrue(check.out().contains("channel file shared across pid namespaces: field=pidNamespace found=" +
            (own + 1) + " expected=" + own + " (every process of a channel must share one pid namespace and /proc)"),
            check::toString);
    }

    @Test
    void shouldReportEveryBadHeaderFieldNotJustTheFirst() throws Exception
    {
        final Path path = directory.resolve("bad-header.ringway");
        Channel.create(path, ChannelConfig.spsc(4096)).close();
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw"))
        {
            writeIntLittleEndian(file, HeaderDescriptor.HEADER_LENGTH_OFFSET, 4000);
            writeIntLittleEndian(file, HeaderDescriptor.TRAILER_LENGTH_OFFSET, 1);
            writeIntLittleEndian(file, HeaderDescriptor.MAX_MESSAGE_LENGTH_OFFSET, 99999);
        }

        final Launcher.Result result = Launcher.run("check", path.toString());

        assertAll(
            () -> assertEquals(RingwayCli.EXIT_PROBLEMS_FOUND, result.exitCode(), result::toString),
            () -> assertTrue(result.out().contains("field=headerLength found=4000 expected=4096"), result::toString),
            () -> assertTrue(result.out().contains("field=trailerLength found=1 expected=768"), result::toString),
            () -> assertTrue(result.out().contains("field=maxMessageLength found=99999 expected=512"),
                result::toString),
            () -> assertTrue(result.out().contains("FAILED (3 errors"), result::toString));
    }

    @Test
    void shouldRefuseAFifoOrASymlinkToADeviceWithOneLineInsteadOfHangingOrReadingIt() throws Exception
    {
        final Path fifo = directory.resolve("fifo.ringway");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        final Path zero = Files.createSymbolicLink(directory.resolve("zero.ringway"), Path.of("/dev/zero"));

        for (final String[] command : new String[][]{
            {"stat", fifo.toString()}, {"stat", "--json", fifo.toString()}, {"check", fifo.toString()},
            {"tail", fifo.toString()}, {"stat", zero.toString()}})
        {
            final Launcher.Result result = Launcher.run(command);

            assertEquals(RingwayCli.EXIT_FILE_ERROR, result.exitCode(), result::toString);
            // check reports on stdout, the others one line on stderr; never a stack trace
            assertTrue((result.err() + result.out()).contains("field=file found="), result::toString);
            assertTrue(result.err().strip().lines().count() <= 1, result::toString);
            assertFalse((result.err() + result.out()).contains("\tat "), result::toString);
        }
    }

    @Test
    void shouldReportAForeignFileAndACorruptRecordAndAStaleLease() throws Exception
    {
        final Path foreign = directory.resolve("foreign.ringway");
        final byte[] script = new byte[8192];
        final byte[] text = "#!/bin/sh\necho not a channel\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, script, 0, text.length);
        Files.write(foreign, script);
        final Path corrupt = directory.resolve("corrupt.ringway");
        try (Channel channel = Channel.create(corrupt, ChannelConfig.spsc(4096)); Producer producer = channel.producer())
        {
            assertTrue(producer.offer(1, new UnsafeBuffer(new byte[16]), 0, 16));
            assertTrue(producer.offer(1, new UnsafeBuffer(new byte[16]), 0, 16));
        }
        try (RandomAccessFile file = new RandomAccessFile(corrupt.toFile(), "rw"))
        {
            writeIntLittleEndian(file, HeaderDescriptor.HEADER_LENGTH + 24 + RecordDescriptor.LENGTH_OFFSET, 5000);
            writeLongLittleEndian(file, HeaderDescriptor.CONSUMER_LEASE_OFFSET, 0x3FFF_FFF0L << 32);
        }

        final Launcher.Result result = Launcher.run("check", foreign.toString(), corrupt.toString());

        assertAll(
            () -> assertEquals(RingwayCli.EXIT_PROBLEMS_FOUND, result.exitCode(), result::toString),
            () -> assertTrue(result.out().contains("not a Ringway channel file: field=magic"), result::toString),
            () -> assertTrue(result.out().contains("corrupt record length: field=record@24.length found=5000"),
                result::toString),
            () -> assertTrue(result.out().contains("WARNING stale lease"), result::toString),
            () -> assertTrue(result.out().contains("field=consumerLease found=pid " + 0x3FFF_FFF0L), result::toString));
    }

    @Test
    void shouldRefuseASchemaWithADoctypeSoThatNoExternalEntityIsEverRead() throws Exception
    {
        final Path path = directory.resolve("xxe.ringway");
        Channel.create(path, ChannelConfig.spsc(4096)).close();
        final Path secret = Files.writeString(directory.resolve("secret.txt"), "SECRET-FROM-OUTSIDE");
        final Path fifo = directory.resolve("entity.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        final Path golden = Launcher.launcher().getParent().getParent().resolve("schemas").resolve("market-data.xml");
        final String schema = Files.readString(golden);
        final int root = schema.indexOf("<sbe:messageSchema");
        for (final Path entityTarget : List.of(secret, fifo))
        {
            // a real schema whose first enum value is an external entity: the old parser read the file (its text then
            // showed in the error) or hung on the FIFO
            final Path hostile = directory.resolve("hostile-" + entityTarget.getFileName() + ".xml");
            Files.writeString(hostile, schema.substring(0, root) + "<!DOCTYPE sbe:messageSchema [<!ENTITY leak " +
                "SYSTEM \"file://" + entityTarget + "\">]>" + schema.substring(root).replaceFirst(
                ">1</validValue>", ">&leak;</validValue>"));

            final Launcher.Result result = Launcher.run("tail", path.toString(), "--schema", hostile.toString(),
                "--count", "1", "--idle-timeout", "1000");

            assertEquals(RingwayCli.EXIT_FILE_ERROR, result.exitCode(), result::toString);
            assertEquals(1, result.err().strip().lines().count(), result::toString);
            assertTrue(result.err().contains("DOCTYPE"), result::toString);
            assertFalse((result.err() + result.out()).contains("SECRET-FROM-OUTSIDE"), result::toString);
            assertFalse(result.err().contains("[Fatal Error]"), result::toString);
        }
    }

    @Test
    void shouldTailSbeMessagesAsJsonLinesWithoutDisturbingTheConsumer() throws Exception
    {
        final Path path = directory.resolve("tail.ringway");
        final Path golden = Launcher.launcher().getParent().getParent().resolve("schemas").resolve("golden");
        final List<String> vectors = List.of("execution-report-fills", "new-order-limit-v2", "market-data-refresh");
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(64 * 1024));
            Producer producer = channel.producer();
            Consumer consumer = channel.consumer())
        {
            for (final String vector : vectors)
            {
                final byte[] message = Files.readAllBytes(golden.resolve(vector + ".bin"));
                final int templateId = (message[2] & 0xFF) | (message[3] & 0xFF) << 8;
                assertTrue(producer.offer(templateId, new UnsafeBuffer(message), 0, message.length));
            }
            final long headBefore = channel.consumerPosition();

            final Launcher.Result result = Launcher.run("tail", path.toString(), "--schema",
                golden.getParent().resolve("market-data.xml").toString(), "--count", "3");

            assertEquals(0, result.exitCode(), result::toString);
            final List<String> lines = result.outLines();
            assertEquals(3, lines.size(), result::toString);
            assertAll(
                () -> assertTrue(lines.get(0).startsWith("{\"position\":0,\"typeId\":3,"), lines.get(0)),
                () -> assertTrue(lines.get(0).contains("\"orderId\":900001"), lines.get(0)),
                () -> assertTrue(lines.get(0).contains("\"symbol\":\"ESZ5\""), lines.get(0)),
                () -> assertTrue(lines.get(1).contains("\"typeId\":2,"), lines.get(1)),
                () -> assertTrue(lines.get(1).contains("\"account\":\"ACC-7\""), lines.get(1)),
                () -> assertTrue(lines.get(2).contains("\"entries\":["), lines.get(2)),
                () -> assertEquals(headBefore, channel.consumerPosition(), "tail moved the consumer's position"));
            final int[] read = new int[1];
            assertEquals(3, consumer.poll((typeId, buffer, index, length) -> read[0]++, 10),
                "the real consumer still reads every message after tail observed them");
        }
    }

    @Test
    void shouldTailAsTheConsumerWhenAskedAndPrintHexWithoutASchema() throws Exception
    {
        final Path path = directory.resolve("consume.ringway");
        try (Channel channel = Channel.create(path, ChannelConfig.mpsc(4096)))
        {
            try (Producer producer = channel.producer())
            {
                assertTrue(producer.offer(9, new UnsafeBuffer(new byte[] {(byte)0xCA, (byte)0xFE}), 0, 2));
            }

            final Launcher.Result result = Launcher.run("tail", path.toString(), "--consume", "--idle-timeout", "200");

            assertEquals(0, result.exitCode(), result::toString);
            assertEquals(List.of("{\"typeId\":9,\"length\":2,\"bodyHex\":\"cafe\"}"), result.outLines(),
                result::toString);
            assertEquals(channel.producerPosition(), channel.consumerPosition(), "tail --consume consumed");
        }
    }

    @Test
    void shouldRefuseToObserveAnMpscChannelWhileItsConsumerRuns() throws Exception
    {
        final Path path = directory.resolve("mpsc-busy.ringway");
        try (Channel channel = Channel.create(path, ChannelConfig.mpsc(4096)); Consumer consumer = channel.consumer())
        {
            assertEquals(0, consumer.position());
            final Launcher.Result result = Launcher.run("tail", path.toString(), "--idle-timeout", "100");

            assertEquals(RingwayCli.EXIT_FILE_ERROR, result.exitCode(), result::toString);
            assertTrue(result.err().contains("cannot observe an MPSC channel while its consumer runs"),
                result::toString);
        }
    }

    @Test
    void shouldStopObservingAnMpscChannelWithOneLineWhenAConsumerAttachesWhileItRuns() throws Exception
    {
        final Path path = directory.resolve("mpsc-attach.ringway");
        final UnsafeBuffer body = new UnsafeBuffer(new byte[64]);
        try (Channel channel = Channel.create(path, ChannelConfig.mpsc(64 * 1024)); Producer producer = channel.producer())
        {
            assertTrue(producer.offer(1, body, 0, body.capacity()));
            try (Launcher.Background tail = Launcher.start("tail", path.toString(), "--idle-timeout", "60000"))
            {
                final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (tail.outSoFar().isEmpty() && tail.process().isAlive() && System.nanoTime() < deadlineNs)
                {
                    Thread.sleep(10); // until the observer has printed the first message: it is observing
                }
                // a consumer attaches while tail observes, and zeroes what it frees while messages keep coming
                try (Consumer consumer = channel.consumer())
                {
                    while (tail.process().isAlive() && System.nanoTime() < deadlineNs)
                    {
                        producer.offer(1, body, 0, body.capacity());
                        consumer.poll((typeId, buffer, index, length) -> { }, 100);
                    }
                }
                final Launcher.Result result = tail.waitFor();

                assertEquals(RingwayCli.EXIT_FILE_ERROR, result.exitCode(), result::toString);
                assertEquals(1, result.err().strip().lines().count(), result::toString);
                assertTrue(result.err().contains("a consumer attached to the MPSC channel while it was observed"),
                    result::toString);
                assertTrue(result.err().contains("field=consumerLease found=pid " + ProcessHandle.current().pid()),
                    result::toString);
            }
        }
    }

    @Test
    void shouldRefuseAChannelNameThatIsNotValidUtf8InsteadOfCreatingAnotherFile() throws Exception
    {
        // bytes 0xFF 0xFE cannot be decoded: the JVM would see U+FFFD and create a file of another name
        final Process process = new ProcessBuilder("bash", "-c", "exec \"$0\" create \"$1\"$'\\377\\376'name.ringway",
            Launcher.launcher().toString(), directory.path() + "/bad").redirectErrorStream(false).start();
        final String err = new String(process.getErrorStream().readAllBytes());
        process.getInputStream().readAllBytes();

        assertEquals(RingwayCli.EXIT_FILE_ERROR, process.waitFor(), err);
        assertTrue(err.contains("not valid in the system encoding"), err);
        assertEquals(1, err.strip().lines().count(), err);
        try (java.util.stream.Stream<Path> files = Files.list(directory.path()))
        {
            assertEquals(0, files.filter(file -> file.getFileName().toString().startsWith("bad")).count(),
                "no file was created under another name");
        }
    }

    @Test
    void shouldMeasureRoundTripsAndWriteOnlyTheFinalProgressLineWhenStderrIsNotATerminal() throws Exception
    {
        final Launcher.Result result = Launcher.run("bench", "--round-trips", "2000", "--warmup", "200", "--dir",
            directory.path().toString());

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("[" + "#".repeat(40) + "] 100% 2200/2200 round trips\n", result.err(),
            "stderr is a file: no redraws, one line");
        assertTrue(result.out().contains("2000 measured after 200 warm-up"), result::toString);
        assertTrue(result.out().matches("(?s).*p50=\\d+ns p90=\\d+ns p99=\\d+ns p99\\.9=\\d+ns max=\\d+ns.*"),
            result::toString);
        try (var files = Files.list(directory.path()))
        {
            assertEquals(0, files.count(), "bench removes its channel files");
        }
    }

    @Test
    void shouldPrintTheBenchResultAsOneJsonObjectWhenAsked() throws Exception
    {
        final Launcher.Result result = Launcher.run("bench", "--round-trips", "1000", "--warmup", "100", "--size", "64",
            "--json", "--dir", directory.path().toString());

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().matches("\\{\"ringKind\":\"SPSC\",\"messageLength\":64,\"waitMode\":\"spin\"," +
            "\"warmup\":100,\"roundTrips\":1000,\"p50Ns\":\\d+,\"p90Ns\":\\d+,\"p99Ns\":\\d+,\"p999Ns\":\\d+," +
            "\"maxNs\":\\d+,\"meanNs\":\\d+}\n"), result::toString);
    }

    @Test
    void shouldRedrawTheBenchProgressBarInPlaceOnATerminal() throws Exception
    {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script (util-linux) gives the command a terminal");
        final String command = "'" + Launcher.launcher() + "' bench --round-trips 2000 --warmup 200 --dir '" +
            directory.path() + "'";
        final Process process = new ProcessBuilder("/usr/bin/script", "-qec", command, "/dev/null")
            .redirectInput(ProcessBuilder.Redirect.PIPE).redirectErrorStream(true).start();
        process.getOutputStream().close();
        final String terminal = new String(process.getInputStream().readAllBytes());

        assertTrue(process.waitFor(120, TimeUnit.SECONDS), terminal);
        assertEquals(0, process.exitValue(), terminal);
        assertTrue(terminal.contains("\r[........................................] 1% 22/2200 round trips\r["),
            terminal);
        assertTrue(terminal.contains("\r[" + "#".repeat(40) + "] 100% 2200/2200 round trips"), terminal);
    }

    @Test
    void shouldSayInOneLineThatTheDemoNeedsACheckoutWhenRunFromTheDistribution(@TempDir final Path outside)
        throws Exception
    {
        final Path target = Launcher.launcher().getParent().resolve("target");
        final Path tarball;
        try (var files = Files.list(target))
        {
            tarball = files.filter(file -> file.getFileName().toString().matches("ringway-.*\\.tar\\.gz"))
                .findFirst().orElseThrow(() -> new AssertionError("no distribution in " + target));
        }
        // unpacked outside the checkout, in a directory that allows executing (/dev/shm may not)
        final Path unpacked = Files.createDirectories(outside.resolve("opt"));
        assertEquals(0, new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", unpacked.toString())
            .inheritIO().start().waitFor());
        final Path bin;
        try (var files = Files.list(unpacked))
        {
            bin = files.findFirst().orElseThrow().resolve("bin").resolve("ringway");
        }
        final Path elsewhere = Files.createDirectories(outside.resolve("elsewhere"));

        final Process process = new ProcessBuilder(bin.toString(), "demo", "--seconds", "1")
            .directory(elsewhere.toFile()).start();
        final String out = new String(process.getInputStream().readAllBytes());
        final String err = new String(process.getErrorStream().readAllBytes());

        assertTrue(process.waitFor(120, TimeUnit.SECONDS), err);
        assertAll(
            () -> assertEquals(RingwayCli.EXIT_FILE_ERROR, process.exitValue(), err),
            () -> assertEquals("", out),
            () -> assertEquals(1, err.strip().lines().count(), err),
            () -> assertTrue(err.startsWith("ringway demo: error: ringway demo needs a checkout of Ringway"), err),
            () -> assertTrue(err.contains("run cli/ringway demo in a clone of the Ringway repository"), err));
        try (var files = Files.list(elsewhere))
        {
            assertEquals(0, files.count(), "the demo built or created nothing");
        }
    }

    @Test
    void shouldRunTheCrossLanguageDemoWithEveryMessageArrivingInOrder() throws Exception
    {
        final Launcher.Result result = Launcher.run("demo", "--seconds", "1", "--rate", "20000", "--fan-in-count",
            "50000", "--dir", directory.path().toString());

        assertEquals(0, result.exitCode(), result::toString);
        assertAll(
            () -> assertTrue(result.out().contains("Java -> C   "), result::toString),
            () -> assertTrue(result.out().contains("Java -> Go  "), result::toString),
            () -> assertTrue(result.out().contains("demo: every message arrived, in order, and decoded"),
                result::toString));
        final List<String> lines = result.outLines();
        final List<String> results = lines.subList(lines.indexOf("results (msgs/s: the average over each flow's " +
            "phase):") + 2, lines.size() - 1);
        assertEquals(4, results.size(), result::toString);
        for (final String row : results)
        {
            final String[] columns = row.substring(12).trim().split("\\s+");
            assertTrue(Long.parseLong(columns[1].replace(",", "")) > 0, () -> "every flow's average rate is " +
                "above zero in the final table: " + row + "\n" + result);
        }
        assertTrue(results.get(2).startsWith("C -> Java   MPSC") && results.get(2).contains(
            "      50,000 ") && results.get(2).endsWith("all 50000 in order"), result::toString);
        assertTrue(results.get(3).startsWith("Go -> Java  MPSC") && results.get(3).endsWith("all 50000 in order"),
            result::toString);
        try (var files = Files.list(directory.path()))
        {
            assertEquals(0, files.count(), "demo removes its channel files");
        }
    }

    @Test
    void shouldCarryTheDemosMarketDataAcrossTheBridgeOverLoopbackWithEveryMessageArrivingInOrder() throws Exception
    {
        final Launcher.Result result = Launcher.run("demo", "--bridge", "--seconds", "1", "--rate", "5000",
            "--fan-in-count", "10000", "--dir", directory.path().toString());

        assertEquals(0, result.exitCode(), result::toString);
        final List<String> lines = result.outLines();
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("ringway demo, phase 3 (1 s, --bridge)")),
            result::toString);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("Java => C   UDP ")), "live bridge lines: " +
            result);
        final List<String> results = lines.subList(lines.indexOf("results (msgs/s: the average over each flow's " +
            "phase):") + 2, lines.size() - 2);
        assertEquals(5, results.size(), result::toString);
        final String bridgeRow = results.get(4);
        final long sent = Long.parseLong(bridgeRow.substring(12).trim().split("\\s+")[2].replace(",", ""));
        assertTrue(sent >= 1, result::toString);
        assertTrue(bridgeRow.startsWith("Java => C   UDP ") && bridgeRow.endsWith("all " + sent +
            " in order, decoded"), result::toString);
        assertEquals("bridge: all " + sent + " updates crossed UDP loopback, in order, none lost or repeated " +
            "(bridge send took " + sent + ", bridge receive wrote " + sent + " of " + sent + ")",
            lines.get(lines.size() - 2), result::toString);
        assertEquals("demo: every message arrived, in order, and decoded", lines.get(lines.size() - 1),
            result::toString);
        try (var files = Files.list(directory.path()))
        {
            assertEquals(0, files.count(), "demo removes its channel and state files");
        }
    }

    private static void writeIntLittleEndian(final RandomAccessFile file, final long offset, final int value)
        throws java.io.IOException
    {
        file.seek(offset);
        file.writeInt(Integer.reverseBytes(value));
    }

    private static void writeLongLittleEndian(final RandomAccessFile file, final long offset, final long value)
        throws java.io.IOException
    {
        file.seek(offset);
        file.writeLong(Long.reverseBytes(value));
    }
}
