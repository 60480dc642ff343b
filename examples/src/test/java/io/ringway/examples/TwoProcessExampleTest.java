package io.ringway.examples;

import io.ringway.examples.twoprocess.ConsumerMain;
import io.ringway.examples.twoprocess.ProducerMain;
import io.ringway.testing.JavaProcess;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Runs the two-process example as its README says: the consumer in one process, the producer in another.
 */
class TwoProcessExampleTest
{
    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("example");

    @Test
    void consumerShouldReceiveEveryMessageTheProducerProcessSends() throws Exception
    {
        final Path path = directory.resolve("two-process.ringway");
        final Process consumer = JavaProcess.start(ConsumerMain.class, path.toString());
        final Process producer = JavaProcess.start(ProducerMain.class, path.toString(), "2000000");
        assertEquals(0, JavaProcess.waitFor(producer, 120), "producer exit code");
        assertEquals(0, JavaProcess.waitFor(consumer, 120), "consumer exit code");
        final String consumerOutput = read(consumer);
        assertTrue(consumerOutput.contains("received 2,000,000 messages in order, none lost or repeated"),
            consumerOutput);
        assertTrue(read(producer).contains("producer: sending 2,000,000 messages"));
    }

    private static String read(final Process process) throws IOException
    {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
