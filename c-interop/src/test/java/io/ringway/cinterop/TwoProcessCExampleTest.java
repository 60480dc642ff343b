package io.ringway.cinterop;

import io.ringway.testing.ChildProcess;
import io.ringway.testing.TempChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * examples/two-process/c: builds the example with its own Makefile, then runs its consumer and producer as two
 * processes, as the README's Terminal 1 / Terminal 2 steps do.
 */
class TwoProcessCExampleTest
{
    private static final long TIMEOUT_SECONDS = 120;

    private Path directory;

    @BeforeEach
    void createDirectory()
    {
        directory = TempChannels.newDirectory("c-example");
    }

    @AfterEach
    void deleteDirectory()
    {
        TempChannels.deleteRecursively(directory);
    }

    @Test
    void shouldBuildAndRunTheCProducerAndConsumerPair() throws Exception
    {
        final Path exampleDir = CPrograms.projectRoot().resolve(Path.of("examples", "two-process", "c"));
        final Path buildDir = Path.of(System.getProperty("ringway.c.work.dir", "target/c-work"), "two-process-c");
        Files.createDirectories(buildDir);
        final ChildProcess.Result make = ChildProcess.run(
            new ProcessBuilder("make", "-C", exampleDir.toString(), "BUILD_DIR=" + buildDir.toAbsolutePath())
                .redirectError(ProcessBuilder.Redirect.INHERIT),
            TIMEOUT_SECONDS);
        assertEquals(0, make.exitCode(), make.output());

        final Path channel = directory.resolve("two-process-c.ringway");
        final Path consumerOutput = directory.resolve("consumer.out");
        final Process consumer = new ProcessBuilder(buildDir.resolve("consumer").toString(), channel.toString())
            .redirectOutput(consumerOutput.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        final ChildProcess.Result producer = ChildProcess.run(
            new ProcessBuilder(buildDir.resolve("producer").toString(), channel.toString(), "1000000")
                .redirectError(ProcessBuilder.Redirect.INHERIT),
            TIMEOUT_SECONDS);
        final int consumerExit = ChildProcess.waitFor(consumer, TIMEOUT_SECONDS);
        final String consumerText = Files.readString(consumerOutput);

        assertEquals(0, producer.exitCode(), producer.output());
        assertTrue(producer.output().contains("producer: done"), producer.output());
        assertEquals(0, consumerExit, consumerText);
        assertTrue(consumerText.contains("consumer: received 1000000 messages in order, none lost or repeated, " +
            "checksum ok"), consumerText);
    }
}
