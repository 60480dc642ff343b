package io.ringway.testing;

import io.ringway.Channel;
import io.ringway.Consumer;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java consumer of the cross-process conformance tests (docs/CONFORMANCE.md), whatever language the producers are
 * written in.
 */
public final class ConformanceConsumer
{
    private static final int POLL_LIMIT = 256;
    /** Empty polls tolerated after every producer has exited, before giving up on missing END messages. */
    private static final int EMPTY_POLLS_AFTER_EXIT = 1000;

    private ConformanceConsumer()
    {
    }

    /**
     * Consumes in this JVM until every producer has sent END, or every producer has exited and nothing more arrives;
     * then asserts that everything was read, every producer exited with 0 and sent END, and the verifier found no
     * error.
     *
     * @return the verifier, for further checks of counts.
     */
    public static SequenceVerifier consumeAll(
        final Path channelPath, final List<Process> producers, final int producerCount, final long timeoutSeconds)
        throws InterruptedException
    {
        final SequenceVerifier verifier = new SequenceVerifier();
        try (Channel channel = Channel.open(channelPath))
        {
            final Consumer consumer = channel.consumer();
            int emptyPollsAfterExit = 0;
            while (!verifier.allEnded(producerCount) && verifier.firstError() == null)
            {
                if (consumer.poll(verifier, POLL_LIMIT) == 0)
                {
                    Thread.onSpinWait();
                    if (producers.stream().noneMatch(Process::isAlive) &&
                        ++emptyPollsAfterExit > EMPTY_POLLS_AFTER_EXIT)
                    {
                        break;
                    }
                }
            }
            assertEquals(channel.producerPosition(), channel.consumerPosition(), "everything read");
        }
        for (final Process producer : producers)
        {
            assertEquals(0, ChildProcess.waitFor(producer, timeoutSeconds), "producer exit code");
        }
        assertNull(verifier.firstError());
        assertTrue(verifier.allEnded(producerCount), "every producer sent END");
        return verifier;
    }
}
