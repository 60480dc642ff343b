package io.ringway.gointerop;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.HeaderDescriptor;
import io.ringway.RingKind;
import io.ringway.TrailerDescriptor;
import io.ringway.testing.ScenarioRunner;
import io.ringway.testing.TempChannels;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scripted scenarios of docs/CONFORMANCE.md, run by Java (ScenarioRunner, in this JVM), C
 * (ringway_scenario_runner) and Go (cmd/scenario_runner), each on a channel file of its own created the same way: the
 * three traces, the counters and wait words of the header, and every byte of the ring and trailer must be identical,
 * and equal to the scenario's .expected file (what a new implementation must produce too).
 */
class ScenarioConformanceTest
{
    private static final long TIMEOUT_SECONDS = 60;
    /** Header ranges every implementation writes the same way: the wait slots and the counters (LAYOUT 3). */
    private static final int[][] COMPARED_HEADER_RANGES = {
        {HeaderDescriptor.DATA_SEQUENCE_OFFSET, HeaderDescriptor.DATA_WAITERS_OFFSET + Integer.BYTES},
        {HeaderDescriptor.SPACE_SEQUENCE_OFFSET, HeaderDescriptor.SPACE_WAITERS_OFFSET + Integer.BYTES},
        {HeaderDescriptor.BACK_PRESSURE_COUNT_OFFSET, HeaderDescriptor.WAKE_COUNT_OFFSET + Long.BYTES},
        {HeaderDescriptor.MESSAGES_CONSUMED_OFFSET, HeaderDescriptor.PENDING_HEAD_POSITION_OFFSET + Long.BYTES},
    };

    private Path directory;

    @BeforeEach
    void createDirectory()
    {
        directory = TempChannels.newDirectory("scenarios");
    }

    @AfterEach
    void deleteDirectory()
    {
        TempChannels.deleteRecursively(directory);
    }

    static Stream<Path> scenarios() throws IOException
    {
        final Path dir = GoPrograms.projectRoot().resolve("docs/conformance");
        final List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir))
        {
            files.filter(file -> file.toString().endsWith(".scenario")).sorted().forEach(found::add);
        }
        assertTrue(!found.isEmpty(), "no scenarios in " + dir);
        return found.stream();
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void shouldLeaveTheSameTraceCountersAndRingBytesInJavaCAndGo(final Path scenario) throws Exception
    {
        final List<String> script = Files.readAllLines(scenario);
        final ChannelConfig config = channelConfig(script, scenario);

        final Path javaFile = create("java", config);
        final List<String> javaTrace = normalised(ScenarioRunner.run(javaFile, script));
        final Path cFile = create("c", config);
        final List<String> cTrace = normalised(runProgram(GoPrograms.cProgram("ringway_scenario_runner"), cFile,
            scenario));
        final Path goFile = create("go", config);
        final List<String> goTrace = normalised(runProgram(GoPrograms.goProgram("scenario_runner"), goFile, scenario));

        final List<String> javaResult = withState(javaTrace, javaFile, config.capacity());
        assertEquals(javaResult, withState(cTrace, cFile, config.capacity()), "C against Java: " + scenario);
        assertEquals(javaResult, withState(goTrace, goFile, config.capacity()), "Go against Java: " + scenario);
        assertArrayEquals(comparedBytes(javaFile, config.capacity()), comparedBytes(cFile, config.capacity()),
            "C wrote other bytes than Java: " + scenario);
        assertArrayEquals(comparedBytes(javaFile, config.capacity()), comparedBytes(goFile, config.capacity()),
            "Go wrote other bytes than Java: " + scenario);

        final Path expected = Path.of(scenario.toString().replace(".scenario", ".expected"));
        assertTrue(Files.exists(expected), "write " + expected + " once checked by hand; the three agree on:\n" +
            String.join("\n", javaResult));
        assertEquals(Files.readAllLines(expected), javaResult, "the trace and state of " + scenario);
    }

    private Path create(final String language, final ChannelConfig config)
    {
        final Path file = directory.resolve(language + ".ringway");
        Channel.create(file, config).close();
        return file;
    }

    private static ChannelConfig channelConfig(final List<String> script, final Path scenario)
    {
        for (final String line : script)
        {
            final String[] words = line.strip().split("\\s+");
            if ("channel".equals(words[0]))
            {
                return ChannelConfig.of("spsc".equals(words[1]) ? RingKind.SPSC : RingKind.MPSC,
                    Integer.parseInt(words[2]));
            }
        }
        throw new IllegalArgumentException("no 'channel KIND CAPACITY' line in " + scenario);
    }

    private static List<String> runProgram(final Path program, final Path channel, final Path scenario)
        throws IOException, InterruptedException
    {
        final Process process = GoPrograms.builder(program, channel, scenario).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), program + " did not finish");
        assertEquals(0, process.exitValue(), program + " failed; output:\n" + output);
        return Arrays.asList(output.split("\n"));
    }

    /** A corruption is reported once or on every later poll, depending on the language: count it once in a row. */
    private static List<String> normalised(final List<String> trace)
    {
        final List<String> result = new ArrayList<>();
        for (final String line : trace)
        {
            if (!line.isEmpty() && !(line.startsWith("error=") && !result.isEmpty() &&
                result.get(result.size() - 1).equals(line)))
            {
                result.add(line);
            }
        }
        return result;
    }

    private static List<String> withState(final List<String> trace, final Path file, final int capacity)
        throws IOException
    {
        final UnsafeBuffer bytes = new UnsafeBuffer(Files.readAllBytes(file));
        final int trailer = HeaderDescriptor.HEADER_LENGTH + capacity;
        final List<String> result = new ArrayList<>(trace);
        result.add("state headPosition=" + bytes.getLong(trailer + TrailerDescriptor.HEAD_POSITION_OFFSET) +
            " tailPosition=" + bytes.getLong(trailer + TrailerDescriptor.TAIL_POSITION_OFFSET) +
            " headCachePosition=" + bytes.getLong(trailer + TrailerDescriptor.HEAD_CACHE_POSITION_OFFSET));
        result.add("state messagesConsumed=" + bytes.getLong(HeaderDescriptor.MESSAGES_CONSUMED_OFFSET) +
            " backPressureCount=" + bytes.getLong(HeaderDescriptor.BACK_PRESSURE_COUNT_OFFSET) +
            " wakeCount=" + bytes.getLong(HeaderDescriptor.WAKE_COUNT_OFFSET) +
            " unblockedRecordCount=" + bytes.getLong(HeaderDescriptor.UNBLOCKED_RECORD_COUNT_OFFSET) +
            " pendingHeadPosition=" + bytes.getLong(HeaderDescriptor.PENDING_HEAD_POSITION_OFFSET));
        result.add("state dataSequence=" + bytes.getInt(HeaderDescriptor.DATA_SEQUENCE_OFFSET) +
            " dataWaiters=" + bytes.getInt(HeaderDescriptor.DATA_WAITERS_OFFSET) +
            " spaceSequence=" + bytes.getInt(HeaderDescriptor.SPACE_SEQUENCE_OFFSET) +
            " spaceWaiters=" + bytes.getInt(HeaderDescriptor.SPACE_WAITERS_OFFSET));
        return result;
    }

    /** The ring, the trailer and the header ranges above; identities, leases, pids and heartbeats differ by nature. */
    private static byte[] comparedBytes(final Path file, final int capacity) throws IOException
    {
        final byte[] all = Files.readAllBytes(file);
        final java.io.ByteArrayOutputStream compared = new java.io.ByteArrayOutputStream();
        for (final int[] range : COMPARED_HEADER_RANGES)
        {
            compared.write(all, range[0], range[1] - range[0]);
        }
        compared.write(all, HeaderDescriptor.HEADER_LENGTH, capacity + TrailerDescriptor.TRAILER_LENGTH);
        return compared.toByteArray();
    }
}
