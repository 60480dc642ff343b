package io.ringway.gointerop;

import io.ringway.testing.ChildProcess;
import io.ringway.testing.ConformanceConsumer;
import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.testing.JavaProcess;
import io.ringway.testing.SequenceProducerMain;
import io.ringway.testing.SequenceVerifier;
import io.ringway.testing.TempChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.ringway.gointerop.GoPrograms.C_SEQUENCE_CONSUMER;
import static io.ringway.gointerop.GoPrograms.C_SEQUENCE_PRODUCER;
import static io.ringway.gointerop.GoPrograms.GO_SEQUENCE_CONSUMER;
import static io.ringway.gointerop.GoPrograms.GO_SEQUENCE_PRODUCER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Go, Java and C processes on one channel, moving the conformance traffic of docs/CONFORMANCE.md with its per-producer
 * order check and FNV-1a checksum: Go producer to Java consumer (this JVM, SequenceVerifier), Java producer (a child
 * JVM running SequenceProducerMain) to Go consumer, Go producer to C consumer, and one MPSC channel fed at once by
 * Java, C and Go producers. The Go programs are go-interop/cmd/sequence_producer and sequence_consumer.
 *
 * <p>Message counts: {@code -Dringway.interop.messages=N} (default ten million per test).
 */
class GoCrossLanguageConformanceTest
{
    private static final long MESSAGES = Long.getLong("ringway.interop.messages", 10_000_000L);
    private static final int CAPACITY = 1 << 20;
    private static final long TIMEOUT_SECONDS = 300;

    private Path directory;
    private Path channelPath;

    @BeforeEach
    void createDirectory()
    {
        directory = TempChannels.newDirectory("go-interop");
        channelPath = directory.resolve("conformance.ringway");
    }

    @AfterEach
    void deleteDirectory()
    {
        TempChannels.deleteRecursively(directory);
    }

    @Test
    void shouldDeliverEveryMessageFromGoProducerToJavaConsumerOnSpsc() throws Exception
    {
        createChannel(ChannelConfig.spsc(CAPACITY));
        final List<Process> producers =
            List.of(GoPrograms.start(GoPrograms.goProgram(GO_SEQUENCE_PRODUCER), channelPath, 1, MESSAGES));
        final SequenceVerifier verifier = ConformanceConsumer.consumeAll(channelPath, producers, 1, TIMEOUT_SECONDS);
        assertEquals(MESSAGES, verifier.received(1));
    }

    @Test
    void shouldDeliverEveryMessageFromBatchingGoProducersToJavaConsumerOnMpsc() throws Exception
    {
        createChannel(ChannelConfig.mpsc(CAPACITY));
        final long each = Math.max(1, MESSAGES / 5);
        final List<Process> producers = List.of(
            GoPrograms.start(GoPrograms.goProgram(GO_SEQUENCE_PRODUCER), channelPath, 1, each, "batch"),
            GoPrograms.start(GoPrograms.goProgram(GO_SEQUENCE_PRODUCER), channelPath, 2, each, "single"));
        final SequenceVerifier verifier = ConformanceConsumer.consumeAll(channelPath, producers, 2, TIMEOUT_SECONDS);
        assertEquals(each, verifier.received(1));
        assertEquals(each, verifier.received(2));
    }

    @Test
    void shouldDeliverEveryMessageFromJavaProducerToGoConsumerOnSpsc() throws Exception
    {
        createChannel(ChannelConfig.spsc(CAPACITY));
        final Process consumer = startGoConsumer(1, "single");
        final Process producer = JavaProcess.start(
            SequenceProducerMain.class, channelPath.toString(), "1", Long.toString(MESSAGES));
        assertEquals(0, JavaProcess.waitFor(producer, TIMEOUT_SECONDS), "Java producer exit code");
        assertVerified(consumer, 1, MESSAGES);
    }

    @Test
    void shouldDeliverEveryMessageFromGoProducerToCConsumerOnSpsc() throws Exception
    {
        createChannel(ChannelConfig.spsc(CAPACITY));
        final Path consumerOutput = directory.resolve("consumer.out");
        final Process consumer = GoPrograms.builder(GoPrograms.cProgram(C_SEQUENCE_CONSUMER), channelPath, 1)
            .redirectOutput(consumerOutput.toFile())
            .start();
        final Process producer = GoPrograms.start(GoPrograms.goProgram(GO_SEQUENCE_PRODUCER), channelPath, 1, MESSAGES);
        assertEquals(0, ChildProcess.waitFor(producer, TIMEOUT_SECONDS), "Go producer exit code");
        final int exitCode = ChildProcess.waitFor(consumer, TIMEOUT_SECONDS);
        final String summary = Files.readString(consumerOutput);
        assertEquals(0, exitCode, "C consumer: " + summary);
        assertTrue(summary.startsWith("VERIFIED: producers=1 ended=1 messages=" + (MESSAGES + 1) + " sequences=" +
            MESSAGES + " "), summary);
    }

    @Test
    void shouldDeliverEveryMessageFromJavaCAndGoProducersAtOnceToGoConsumerOnMpsc() throws Exception
    {
        createChannel(ChannelConfig.mpsc(CAPACITY));
        final long each = Math.max(1, MESSAGES / 5);
        final Process consumer = startGoConsumer(4, "batch");
        final List<Process> producers = new ArrayList<>();
        producers.add(JavaProcess.start(SequenceProducerMain.class, channelPath.toString(), "1", Long.toString(each)));
        producers.add(GoPrograms.start(GoPrograms.cProgram(C_SEQUENCE_PRODUCER), channelPath, 2, each));
        producers.add(GoPrograms.start(GoPrograms.goProgram(GO_SEQUENCE_PRODUCER), channelPath, 3, each, "single"));
        producers.add(GoPrograms.start(GoPrograms.goProgram(GO_SEQUENCE_PRODUCER), channelPath, 4, each, "batch"));
        for (final Process producer : producers)
        {
            assertEquals(0, ChildProcess.waitFor(producer, TIMEOUT_SECONDS), "producer exit code");
        }
        assertVerified(consumer, 4, 4 * each);
    }

    private void createChannel(final ChannelConfig config)
    {
        Channel.create(channelPath, config).close();
    }

    private Process startGoConsumer(final int producerCount, final String mode) throws Exception
    {
        return GoPrograms.builder(GoPrograms.goProgram(GO_SEQUENCE_CONSUMER), channelPath, producerCount,
            TIMEOUT_SECONDS, mode)
            .redirectOutput(directory.resolve("consumer.out").toFile())
            .start();
    }

    private void assertVerified(final Process consumer, final int producerCount, final long sequences)
        throws Exception
    {
        final int exitCode = ChildProcess.waitFor(consumer, TIMEOUT_SECONDS);
        final String summary = Files.readString(directory.resolve("consumer.out"));
        assertEquals(0, exitCode, "Go consumer: " + summary);
        assertTrue(summary.startsWith("VERIFIED: producers=" + producerCount + " ended=" + producerCount +
            " messages=" + (sequences + producerCount) + " sequences=" + sequences + " "), summary);
    }
}
