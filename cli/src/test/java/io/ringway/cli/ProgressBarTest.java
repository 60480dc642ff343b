package io.ringway.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest
{
    private static final long TOTAL = 400;

    @Test
    void shouldWriteOnlyTheFinalStateAsOneLineWhenNotOnATerminal()
    {
        final String text = drawn(false);

        assertEquals("[" + "#".repeat(40) + "] 100% 400/400 round trips" + System.lineSeparator(), text);
    }

    @Test
    void shouldRedrawInPlaceAtEachPercentOnATerminal()
    {
        final String text = drawn(true);

        assertEquals(101, text.chars().filter(c -> c == '\r').count(), "100 redraws and the final one: " + text);
        assertTrue(text.startsWith("\r[" + ".".repeat(40) + "] 1% 4/400 round trips\r[" + ".".repeat(40) +
            "] 2% 8/400 round trips\r"), text);
        assertTrue(text.endsWith("\r[" + "#".repeat(40) + "] 100% 400/400 round trips" + System.lineSeparator()), text);
    }

    /** @return what the bar wrote for a run counted one by one to its total, then finished. */
    private static String drawn(final boolean terminal)
    {
        final StringWriter err = new StringWriter();
        final ProgressBar bar = new ProgressBar(new PrintWriter(err), TOTAL, "round trips", terminal);
        for (long done = 1; done <= TOTAL; done++)
        {
            bar.update(done);
        }
        bar.finish(TOTAL);
        return err.toString();
    }
}
