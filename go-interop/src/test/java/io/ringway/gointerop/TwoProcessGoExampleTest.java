package io.ringway.gointerop;

import io.ringway.testing.ChildProcess;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * examples/two-process/go: builds the example with go build, as its README says, then runs its consumer and producer
 * as two processes (the README's Terminal 1 / Terminal 2 steps), and pairs the Go consumer with the C example's
 * producer, which sends the same messages.
 */
class TwoProcessGoExampleTest
{
    private static final long TIMEOUT_SECONDS = 120;
    private static final int MESSAGES = 1_000_000;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("go-example");

    private Path binDir;

    @BeforeEach
    void buildExample() throws Exception
    {
        final Path exampleDir = GoPrograms.projectRoot().resolve(Path.of("examples", "two-process", "go"));
        binDir = GoPrograms.workDir().resolve("two-process-go").toAbsolutePath();
        Files.createDirectories(binDir);
        final ChildProcess.Result build =
            ChildProcess.run(GoPrograms.go(exampleDir, "build", "-o", binDir + "/", "./..."), TIMEOUT_SECONDS);
        assertEquals(0, build.exitCode(), "go build of examples/two-process/go: " + build.output());
    }

    @Test
    void shouldBuildAndRunTheGoProducerAndConsumerPair() throws Exception
    {
        final Path channel = directory.resolve("two-process-go.ringway");
        final Path consumerOutput = directory.resolve("consumer.out");
        final Process consumer = GoPrograms.builder(binDir.resolve("consumer"), channel)
            .redirectOutput(consumerOutput.toFile())
            .start();
        final ChildProcess.Result producer =
            ChildProcess.run(GoPrograms.builder(binDir.resolve("producer"), channel, MESSAGES), TIMEOUT_SECONDS);
        final int consumerExit = ChildProcess.waitFor(consumer, TIMEOUT_SECONDS);
        final String consumerText = Files.readString(consumerOutput);

        assertEquals(0, producer.exitCode(), producer.output());
        assertTrue(producer.output().contains("producer: sending " + MESSAGES + " messages"), producer.output());
        assertTrue(producer.output().contains("producer: done"), producer.output());
        assertEquals(0, consumerExit, consumerText);
        assertTrue(consumerText.contains("consumer: received " + MESSAGES + " messages in order, none lost or " +
            "repeated, checksum ok"), consumerText);
    }

    @Test
    void goConsumerShouldReadWhatTheCExampleProducerSends() throws Exception
    {
        final Path cExampleDir = GoPrograms.projectRoot().resolve(Path.of("examples", "two-process", "c"));
        final Path cBinDir = GoPrograms.workDir().resolve("two-process-c").toAbsolutePath();
        Files.createDirectories(cBinDir);
        final ChildProcess.Result make = ChildProcess.run(
            new ProcessBuilder("make", "-C", cExampleDir.toString(), "BUILD_DIR=" + cBinDir)
                .redirectError(ProcessBuilder.Redirect.INHERIT),
            TIMEOUT_SECONDS);
        assertEquals(0, make.exitCode(), make.output());

        final Path channel = directory.resolve("two-process-mixed.ringway");
        final Path consumerOutput = directory.resolve("consumer.out");
        final Process consumer = GoPrograms.builder(binDir.resolve("consumer"), channel)
            .redirectOutput(consumerOutput.toFile())
            .start();
        // the C example waits for a peer's creation only briefly (1000 yields): start it once the channel exists
        awaitOutput(consumer, consumerOutput, "consumer: waiting for messages");
        final ChildProcess.Result producer =
            ChildProcess.run(GoPrograms.builder(cBinDir.resolve("producer"), channel, MESSAGES), TIMEOUT_SECONDS);
        final int consumerExit = ChildProcess.waitFor(consumer, TIMEOUT_SECONDS);
        final String consumerText = Files.readString(consumerOutput);

        assertEquals(0, producer.exitCode(), producer.output());
        assertEquals(0, consumerExit, consumerText);
        assertTrue(consumerText.contains("consumer: received " + MESSAGES + " messages in order, none lost or " +
            "repeated, checksum ok"), consumerText);
    }

    /** Waits until a process has written the text to its output file (or has exited, or the timeout passed). */
    private static void awaitOutput(final Process process, final Path output, final String text) throws Exception
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!Files.readString(output).contains(text))
        {
            assertTrue(process.isAlive(), "exited before printing '" + text + "': " + Files.readString(output));
            assertTrue(System.nanoTime() < deadlineNs, "no '" + text + "' within " + TIMEOUT_SECONDS + "s");
            Thread.sleep(10);
        }
    }
}
