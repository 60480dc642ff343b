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
import org.junit.jupiter.api.BeforeEach;
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

import static io.ringway.bridge.BridgePipeline.TIMEOUT_SECONDS;
import static io.ringway.bridge.BridgePipeline.freeUdpPort;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Real processes and real media drivers over UDP loopback (docs/BRIDGE.md, GUARANTEES.md): a Java producer process ->
 * channel -> bridge sender process (its embedded driver) -> UDP -> bridge receiver process (its own embedded driver,
 * in another directory) -> channel -> a C or Java consumer process (Go: go-interop's GoBridgeConsumerTest), or this
 * JVM. The message count is {@code -Dringway.bridge.messages} (the 10,000,000 by hand; the build's default
 * keeps the module under two minutes). The processes: {@link BridgePipeline}.
 */
class BridgeProcessTest
{
    private static final long KILL_TEST_MESSAGES = Math.min(BridgePipeline.MESSAGES, 200_000);

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("bridge-process");

    private BridgePipeline pipeline;

    @BeforeEach
    void createPipeline()
    {
        pipeline = new BridgePipeline(directory.path());
    }

    @AfterEach
    void stopSides()
    {
        pipeline.close();
    }

    @Test
    void shouldCarryEveryMessageToACConsumerWithDatagramsDroppedOnTheWay() throws Exception
    {
        assumeFalse(Boolean.getBoolean("ringway.c.skip") && !Files.isExecutable(cConsumer()),
            "-Dringway.c.skip=true and no C build");
        assertTrue(Files.isExecutable(cConsumer()), "C program not built (build c-interop first): " + cConsumer());
        pipeline.carry(false, true, out -> ChildProcess.builder(cConsumer(), out, 1, TIMEOUT_SECONDS));
    }

    // the Go consumer's test is go-interop's GoBridgeConsumerTest: the Go programs are built after this module

    @Test
    void shouldCarryEveryMessageToAJavaConsumerInBatchesWithDatagramsDroppedOnTheWay() throws Exception
    {
        pipeline.carry(true, true, out -> JavaProcess.builder(SequenceConsumerMain.class, out.toString(), "1",
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

    /**
     * Sender with a journal, receiver with a state file; one side is SIGKILLed three times while messages flow and
     * restarted; this JVM consumes the receiving channel and checks every sequence arrives once, in order.
     */
    private void killAndRestart(final boolean killSender) throws Exception
    {
        final Path in = pipeline.createChannel("in.ringway");
        final Path out = pipeline.createChannel("out.ringway");
        final String data = "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort();
        final String ack = "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort();
        final List<String> senderOptions = List.of("--batch", "--journal", directory.resolve("journal").toString(),
            "--ack", ack, "--state", directory.resolve("sender.state").toString());
        final List<String> receiverOptions = List.of("--ack", ack, "--state",
            directory.resolve("receiver.state").toString());
        Process receiver = pipeline.startSide(new String[0], "receive", out, data, receiverOptions);
        Process sender = pipeline.startSide(new String[0], "send", in, data, senderOptions);
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
                        sender = pipeline.restart(sender, "send", in, data, senderOptions);
                    }
                    else
                    {
                        receiver = pipeline.restart(receiver, "receive", out, data, receiverOptions);
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

    private static Path cConsumer()
    {
        return Path.of(System.getProperty("ringway.c.build.dir", "c-build")).resolve("ringway_sequence_consumer");
    }
}
