package io.ringway;

import io.ringway.testing.JavaProcess;
import io.ringway.testing.SequenceProducerMain;
import io.ringway.testing.SequenceVerifier;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Real processes: producer JVMs write sequence-numbered conformance traffic (docs/CONFORMANCE.md) into a channel file
 * and this JVM consumes and verifies it: order, no loss, no duplicate, exact bytes, checksum.
 */
class MultiProcessTest
{
    private static final long SPSC_MESSAGES = Long.getLong("ringway.mp.spsc.messages", 10_000_000);
    private static final long MPSC_MESSAGES_PER_PRODUCER = Long.getLong("ringway.mp.mpsc.messages", 3_000_000);
    /** Guards against a hang only; the tests assert what arrived, never how fast. */
    private static final long HANG_GUARD_NS = TimeUnit.MINUTES.toNanos(5);

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("multiprocess");

    @Test
    void shouldDeliverTenMillionMessagesFromAProducerProcessInOrderWithoutLossOrDuplicate() throws Exception
    {
        final Path path = directory.resolve("spsc.ringway");
        final SequenceVerifier verifier = consumeFromProducerProcesses(path, ChannelConfig.spsc(1 << 16), 1,
            SPSC_MESSAGES);
        assertEquals(SPSC_MESSAGES, verifier.received(1));
    }

    @Test
    void shouldDeliverEachOfThreeProducerProcessesSequenceInOrderThroughAnMpscChannel() throws Exception
    {
        final Path path = directory.resolve("mpsc.ringway");
        final SequenceVerifier verifier = consumeFromProducerProcesses(path, ChannelConfig.mpsc(1 << 16), 3,
            MPSC_MESSAGES_PER_PRODUCER);
        for (long producerId = 1; producerId <= 3; producerId++)
        {
            assertEquals(MPSC_MESSAGES_PER_PRODUCER, verifier.received(producerId), "producer " + producerId);
        }
    }

    static SequenceVerifier consumeFromProducerProcesses(
        final Path path, final ChannelConfig config, final int producerCount, final long messagesPerProducer)
        throws Exception
    {
        final SequenceVerifier verifier = new SequenceVerifier();
        final List<Process> producers = new ArrayList<>();
        try (Channel channel = Channel.create(path, config))
        {
            final Consumer consumer = channel.consumer();
            for (int producerId = 1; producerId <= producerCount; producerId++)
            {
                producers.add(JavaProcess.start(SequenceProducerMain.class, path.toString(),
                    Integer.toString(producerId), Long.toString(messagesPerProducer)));
            }
            final long deadline = System.nanoTime() + HANG_GUARD_NS;
            while (!verifier.allEnded(producerCount) && verifier.firstError() == null)
            {
                if (consumer.poll(verifier, 256) == 0)
                {
                    if (producers.stream().noneMatch(Process::isAlive) && consumer.poll(verifier, 256) == 0)
                    {
                        break;
                    }
                    if (System.nanoTime() > deadline)
                    {
                        fail("no END from every producer after 5 minutes; received " + verifier.messages());
                    }
                    Thread.onSpinWait();
                }
            }
            assertNull(verifier.firstError(), verifier.firstError());
            assertTrue(verifier.allEnded(producerCount), "every producer sent END");
            assertEquals(0, consumer.poll(verifier, 256), "nothing after the END messages");
            assertEquals(producerCount * (messagesPerProducer + 1), channel.messagesConsumed());
            for (final Process producer : producers)
            {
                assertEquals(0, JavaProcess.waitFor(producer, 60), "producer pid " + producer.pid() + " exit code");
            }
        }
        finally
        {
            producers.forEach(Process::destroyForcibly);
        }
        return verifier;
    }
}
