package io.ringway.cinterop;

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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.ringway.cinterop.CPrograms.SEQUENCE_CONSUMER;
import static io.ringway.cinterop.CPrograms.SEQUENCE_PRODUCER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Java and C processes on one channel, moving the conformance traffic of docs/CONFORMANCE.md: Java producers (child
 * JVMs running SequenceProducerMain) into the C consumer program, C producer programs into a Java consumer (this JVM,
 * with SequenceVerifier), for SPSC and MPSC, and one MPSC channel fed by Java and C producers at once.
 *
 * <p>Message counts: {@code -Dringway.interop.messages=N} (default ten million per test).
 */
class CrossLanguageConformanceTest
{
    private static final long MESSAGES = Long.getLong("ringway.interop.messages", 10_000_000L);
    private static final int CAPACITY = 1 << 20;
    private static final long TIMEOUT_SECONDS = 300;

    private Path directory;
    private Path channelPath;

    @BeforeEach
    void createDirectory()
    {
        directory = TempChannels.newDirectory("c-interop");
        channelPath = directory.resolve("conformance.ringway");
    }

    @AfterEach
    void deleteDirectory()
    {
        TempChannels.deleteRecursively(directory);
    }

    @Test
    void shouldDeliverEveryMessageFromJavaProducerToCConsumerOnSpsc() throws Exception
    {
        createChannel(ChannelConfig.spsc(CAPACITY));
        javaProducersToCConsumer(new long[] {MESSAGES});
    }

    @Test
    void shouldDeliverEveryMessageFromTwoJavaProducersToCConsumerOnMpsc() throws Exception
    {
        createChannel(ChannelConfig.mpsc(CAPACITY));
        javaProducersToCConsumer(new long[] {MESSAGES / 2, MESSAGES - MESSAGES / 2});
    }

    @Test
    void shouldDeliverEveryMessageFromCProducerToJavaConsumerOnSpsc() throws Exception
    {
        createChannel(ChannelConfig.spsc(CAPACITY));
        final List<Process> producers = List.of(CPrograms.start(SEQUENCE_PRODUCER, channelPath, 1, MESSAGES));
        final SequenceVerifier verifier = ConformanceConsumer.consumeAll(channelPath, producers, 1, TIMEOUT_SECONDS);
        assertEquals(MESSAGES, verifier.received(1));
    }

    @Test
    void shouldDeliverEveryMessageFromTwoCProducersToJavaConsumerOnMpsc() throws Exception
    {
        createChannel(ChannelConfig.mpsc(CAPACITY));
        final long first = MESSAGES / 2;
        final long second = MESSAGES - first;
        final List<Process> producers = List.of(
            CPrograms.start(SEQUENCE_PRODUCER, channelPath, 1, first),
            CPrograms.start(SEQUENCE_PRODUCER, channelPath, 2, second));
        final SequenceVerifier verifier = ConformanceConsumer.consumeAll(channelPath, producers, 2, TIMEOUT_SECONDS);
        assertEquals(first, verifier.received(1));
        assertEquals(second, verifier.received(2));
    }

    @Test
    void shouldDeliverEveryMessageFromJavaAndCProducersAtOnceToJavaConsumer() throws Exception
    {
        createChannel(ChannelConfig.mpsc(CAPACITY));
        final long each = Math.max(1, MESSAGES / 5);
        final List<Process> producers = new ArrayList<>();
        producers.add(JavaProcess.start(SequenceProducerMain.class, channelPath.toString(), "1", Long.toString(each)));
        producers.add(CPrograms.start(SEQUENCE_PRODUCER, channelPath, 2, each));
        producers.add(CPrograms.start(SEQUENCE_PRODUCER, channelPath, 3, each));
        final SequenceVerifier verifier = ConformanceConsumer.consumeAll(channelPath, producers, 3, TIMEOUT_SECONDS);
        for (long producerId = 1; producerId <= 3; producerId++)
        {
            assertEquals(each, verifier.received(producerId), "producer " + producerId);
        }
    }

    private void createChannel(final ChannelConfig config)
    {
        Channel.create(channelPath, config).close();
    }

    private void javaProducersToCConsumer(final long[] counts) throws Exception
    {
        final Process consumer = CPrograms.builder(SEQUENCE_CONSUMER, channelPath, counts.length)
            .redirectOutput(directory.resolve("consumer.out").toFile())
            .start();
        final List<Process> producers = new ArrayList<>();
        for (int i = 0; i < counts.length; i++)
        {
            producers.add(JavaProcess.start(
                SequenceProducerMain.class, channelPath.toString(), Integer.toString(i + 1), Long.toString(counts[i])));
        }
        for (final Process producer : producers)
        {
            assertEquals(0, JavaProcess.waitFor(producer, TIMEOUT_SECONDS), "Java producer exit code");
        }
        final int exitCode = ChildProcess.waitFor(consumer, TIMEOUT_SECONDS);
        final String summary = java.nio.file.Files.readString(directory.resolve("consumer.out"));
        assertEquals(0, exitCode, "C consumer: " + summary);
        long total = 0;
        for (final long count : counts)
        {
            total += count;
        }
        assertTrue(summary.startsWith("VERIFIED: producers=" + counts.length + " ended=" + counts.length +
            " messages=" + (total + counts.length) + " sequences=" + total + " "), summary);
    }
}
