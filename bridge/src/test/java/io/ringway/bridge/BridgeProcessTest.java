package io.ringway.bridge;

import io.aeron.CommonContext;
import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.testing.ChildProcess;
import io.ringway.testing.JavaProcess;
import io.ringway.testing.SequenceConsumerMain;
import io.ringway.testing.SequenceProducerMain;
import io.ringway.testing.SequenceVerifier;
import io.ringway.testing.TempChannelDirectory;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.ringway.bridge.BridgeTest.freeUdpPort;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Real processes and real media drivers over UDP loopback (docs/BRIDGE.md, GUARANTEES.md): a Java producer process ->
 * channel -> bridge sender process (its embedded driver) -> UDP -> bridge receiver process (its own embedded driver,
 * in another directory) -> channel -> a C, Go or Java consumer process, or this JVM. The message count is
 * {@code -Dringway.bridge.messages} (the 10,000,000 by hand; the build's default keeps the module under two
 * minutes).
 */
class BridgeProcessTest
{
    private static final long MESSAGES = Long.getLong("ringway.bridge.messages", 200_000);
    private static final long KILL_TEST_MESSAGES = Math.min(MESSAGES, 200_000);
    /** Hang guard only (the tests assert what arrived, never how fast): 2 minutes, more for a long run. */
    private static final long TIMEOUT_SECONDS = Math.max(120, MESSAGES / 10_000);
    /** Aeron's loss generator in the receiver's driver: drops this share of the data datagrams it receives. */
    private static final String[] RECEIVE_LOSS_FLAGS = {
        "-Daeron.ReceiveChannelEndpoint.supplier=io.aeron.driver.ext.DebugReceiveChannelEndpointSupplier",
        "-Daeron.debug.receive.data.loss.rate=0.02",
    };

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("bridge-process");

    private final List<Process> sides = new ArrayList<>();

    @AfterEach
    void stopSides() throws InterruptedException
    {
        for (final Process side : sides)
        {
            side.destroyForcibly();
            side.waitFor();
            deleteEmbeddedDriverDirectories(side.pid());
        }
    }

    @Test
    void shouldCarryEveryMessageToACConsumerWithDatagramsDroppedOnTheWay() throws Exception
    {
        assumeFalse(Boolean.getBoolean("ringway.c.skip") && !Files.isExecutable(cConsumer()),
            "-Dringway.c.skip=true and no C build");
        assertTrue(Files.isExecutable(cConsumer()), "C program not built (build c-interop first): " + cConsumer());
        pipeline(false, true, out -> ChildProcess.builder(cConsumer(), out, 1, TIMEOUT_SECONDS));
    }

    @Test
    void shouldCarryEveryMessageToAGoConsumerInBatches() throws Exception
    {
        assumeFalse(Boolean.getBoolean("ringway.go.skip") && !Files.isExecutable(goConsumer()),
            "-Dringway.go.skip=true and no Go build");
        assertTrue(Files.isExecutable(goConsumer()), "Go program not built (build go-interop first): " + goConsumer());
        pipeline(true, false, out -> ChildProcess.builder(goConsumer(), out, 1, TIMEOUT_SECONDS));
    }

    @Test
    void shouldCarryEveryMessageToAJavaConsumerInBatchesWithDatagramsDroppedOnTheWay() throws Exception
    {
        pipeline(true, true, out -> JavaProcess.builder(SequenceConsumerMain.class, out.toString(), "1",
            Long.toString(TIMEOUT_SECONDS)));
    }

    @Test
    void shouldDeliverEveryMessageOnceWhenTheSenderIsKilledAndRestarted() throws Exception
    {
        killAndRestart(true);
    }

    @Test
    void shouldDeliverEveryMessageOnceWhenTheReceiverIsKilledAndRestarted() throws Exception
    {
        killAndRestart(false);
    }

    @FunctionalInterface
    private interface ConsumerCommand
    {
        ProcessBuilder builder(Path out) throws IOException;
    }

    private void pipeline(final boolean batching, final boolean loss, final ConsumerCommand consumerCommand)
        throws Exception
    {
        final Path in = createChannel("in.ringway");
        final Path out = createChannel("out.ringway");
        final String data = "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort();
        final List<String> options = batching ? List.of("--batch") : List.of();
        final long startNs = System.nanoTime();
        startSide(loss ? RECEIVE_LOSS_FLAGS : new String[0], "receive", out, data, options);
        startSide(new String[0], "send", in, data, options);
        final Path consumerOutput = directory.resolve("consumer.txt");
        final Process consumer = consumerCommand.builder(out).redirectOutput(consumerOutput.toFile()).start();
        final Process producer = JavaProcess.start(SequenceProducerMain.class, in.toString(), "1",
            Long.toString(MESSAGES));
        assertEquals(0, ChildProcess.waitFor(producer, TIMEOUT_SECONDS), "producer exit code");
        final int consumerExit = ChildProcess.waitFor(consumer, TIMEOUT_SECONDS);
        final String summary = Files.readString(consumerOutput, StandardCharsets.UTF_8).trim();
        System.out.printf("bridge pipeline: %,d messages batching=%s loss=%s in %.1f s: %s%n", MESSAGES, batching,
            loss, (System.nanoTime() - startNs) / 1e9, summary);
        assertEquals(0, consumerExit, "consumer: " + summary);
        assertTrue(summary.startsWith("VERIFIED"), summary);
        assertTrue(summary.contains("sequences=" + MESSAGES), summary);
    }

    /**
     * Sender with a journal, receiver with a state file; one side is SIGKILLed three times while messages flow and
     * restarted; this JVM consumes the receiving channel and checks every sequence arrives once, in order.
     */
    private void killAndRestart(final boolean killSender) throws Exception
    {
        final Path in = createChannel("in.ringway");
        final Path out = createChannel("out.ringway");
        final String data = "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort();
        final String ack = "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort();
        final List<String> senderOptions = List.of("--batch", "--journal", directory.resolve("journal").toString(),
            "--ack", ack, "--state", directory.resolve("sender.state").toString());
        final List<String> receiverOptions = List.of("--ack", ack, "--state",
            directory.resolve("receiver.state").toString());
        Process receiver = startSide(new String[0], "receive", out, data, receiverOptions);
        Process sender = startSide(new String[0], "send", in, data, senderOptions);
        final Process producer = JavaProcess.start(SequenceProducerMain.class, in.toString(), "1",
            Long.toString(KILL_TEST_MESSAGES));
        final SequenceVerifier verifier = new SequenceVerifier();
        int kills = 0;
        try (Channel channel = Channel.open(out); Consumer consumer = channel.consumer())
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (!verifier.allEnded(1) && verifier.firstError() == null)
            {
                if (consumer.poll(verifier, 256) == 0)
                {
                    Thread.sleep(1);
                }
                if (kills < 3 && verifier.sequences() >= (kills + 1) * KILL_TEST_MESSAGES / 4)
                {
                    kills++;
                    if (killSender)
                    {
                        sender = restart(sender, "send", in, data, senderOptions);
                    }
                    else
                    {
                        receiver = restart(receiver, "receive", out, data, receiverOptions);
                    }
                }
                assertTrue(System.nanoTime() - deadlineNs < 0, "hang guard: received " + verifier.sequences());
            }
        }
        assertEquals(0, ChildProcess.waitFor(producer, TIMEOUT_SECONDS), "producer exit code");
        assertNull(verifier.firstError(), "after " + kills + " kills");
        assertEquals(3, kills);
        assertEquals(KILL_TEST_MESSAGES, verifier.received(1));
        assertEquals(KILL_TEST_MESSAGES + 1, verifier.messages(), "no duplicate, END included");
        System.out.printf("bridge %s killed %d times: %,d messages once each%n", killSender ? "sender" : "receiver",
            kills, KILL_TEST_MESSAGES);
    }

    private Process restart(final Process side, final String role, final Path channel, final String data,
        final List<String> options) throws Exception
    {
        side.destroyForcibly(); // SIGKILL
        side.waitFor();
        sides.remove(side);
        deleteEmbeddedDriverDirectories(side.pid());
        return startSide(new String[0], role, channel, data, options);
    }

    private Path createChannel(final String name)
    {
        final Path path = directory.resolve(name);
        Channel.create(path, ChannelConfig.spsc(1 << 16)).close();
        return path;
    }

    private Process startSide(final String[] jvmFlags, final String role, final Path channel, final String data,
        final List<String> options) throws IOException
    {
        final List<String> args = new ArrayList<>(List.of(role, channel.toString(), data));
        args.addAll(options);
        final ProcessBuilder builder = JavaProcess.builder(BridgeSideMain.class, args.toArray(new String[0]));
        builder.command().addAll(1, Arrays.asList(jvmFlags));
        final Process process = builder.start();
        sides.add(process);
        final BufferedReader output =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        final String line = output.readLine();
        assertEquals("READY", line, "bridge " + role + " did not start");
        return process;
    }

    /** An embedded driver killed with its process leaves its directory (term buffers) behind in /dev/shm. */
    private static void deleteEmbeddedDriverDirectories(final long pid)
    {
        final File base = new File(CommonContext.getAeronDirectoryName());
        final File[] leftovers = base.getParentFile().listFiles((dir, name) ->
            name.startsWith(base.getName() + "-ringway-bridge-" + pid + "-"));
        if (leftovers != null)
        {
            for (final File leftover : leftovers)
            {
                IoUtil.delete(leftover, true);
            }
        }
    }

    private static Path cConsumer()
    {
        return Path.of(System.getProperty("ringway.c.build.dir", "c-build")).resolve("ringway_sequence_consumer");
    }

    private static Path goConsumer()
    {
        return Path.of(System.getProperty("ringway.go.bin.dir", "go-bin")).resolve("sequence_consumer");
    }
}
