package io.ringway.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest
{
    @Test
    void shouldWriteOnlyTheFinalStateAsOneLineWhenNotOnATerminal()
    {
        final StringWriter err = new StringWriter();
        final ProgressBar bar = new ProgressBar(new PrintWriter(err), 400, "round trips", false);

        for (long done = 1; done <= 400; done++)
        {
            bar.update(done);
        }
        bar.finish(400);

        assertEquals("[" + "#".repeat(40) + "] 100% 400/400 round trips" + System.lineSeparator(), err.toString());
    }

    @Test
    void shouldRedrawInPlaceAtEachPercentOnATerminal()
    {
        final StringWriter err = new StringWriter();
        final ProgressBar bar = new ProgressBar(new PrintWriter(err), 400, "round trips", true);

        for (long done = 1; done <= 400; done++)
        {
            bar.update(done);
        }
        bar.finish(400);

        final String text = err.toString();
        assertEquals(101, text.chars().filter(c -> c == '\r').count(), "100 redraws and the final one: " + text);
        assertTrue(text.startsWith("\r[" + ".".repeat(40) + "] 1% 4/400 round trips\r[" + ".".repeat(40) +
            "] 2% 8/400 round trips\r"), text);
        assertTrue(text.endsWith("\r[" + "#".repeat(40) + "] 100% 400/400 round trips" + System.lineSeparator()), text);
    }
}
