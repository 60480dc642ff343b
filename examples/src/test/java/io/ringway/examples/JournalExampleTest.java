package io.ringway.examples;

import io.ringway.examples.journal.RecordAndReplayMain;
import io.ringway.testing.JavaProcess;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Runs the journal example as its README says, in its own process.
 */
class JournalExampleTest
{
    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("journal-example");

    @Test
    void shouldRecordFindAndReplayEveryMessage() throws Exception
    {
        final Process example = JavaProcess.start(RecordAndReplayMain.class,
            directory.resolve("work").toString(), "300000");
        assertEquals(0, JavaProcess.waitFor(example, 120), "exit code");
        final String output = new String(example.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(output.contains("recorded 300,000 messages (9,600,000 bytes)"), output);
        assertTrue(output.contains("seekToIndex(150,000): first record holds sequence 150,000"), output);
        assertTrue(output.contains("seekToTimestamp(halfway): first record holds sequence 150,000"), output);
        assertTrue(output.contains("replayed 300,000 messages into"), output);
    }
}
