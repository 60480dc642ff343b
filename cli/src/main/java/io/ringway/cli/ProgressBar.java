package io.ringway.cli;

import java.io.PrintWriter;

/**
 * The progress bar of {@code bench} on stderr. On a terminal it is redrawn in place (a carriage return) at each
 * percent; anywhere else (a file, a pipe, a CI log) the redraws would be a hundred lines, so only the final state is
 * written, as one line.
 */
final class ProgressBar
{
    /**
     * Set by the launcher (cli/ringway): whether its stderr is a terminal ({@code [[ -t 2 ]]}), which Java 17 cannot
     * tell; without it, {@link System#console()} decides (a terminal on stdin and stdout).
     */
    static final String STDERR_TERMINAL_PROPERTY = "ringway.cli.stderr.terminal";
    private static final int WIDTH = 40;
    private static final int STEPS = 100;

    private final PrintWriter err;
    private final long total;
    private final String unit;
    private final boolean terminal;
    private final long step;

    /**
     * @param err      where the bar goes.
     * @param total    the count at which the work is done, at least 1.
     * @param unit     what is counted, after the counts ("round trips").
     * @param terminal whether err is a terminal: redraw the bar, else write only its final state.
     */
    ProgressBar(final PrintWriter err, final long total, final String unit, final boolean terminal)
    {
        this.err = err;
        this.total = total;
        this.unit = unit;
        this.terminal = terminal;
        this.step = Math.max(1, total / STEPS);
    }

    /** @return whether this process's stderr is a terminal, as the launcher saw it, else as the console says. */
    static boolean stderrIsTerminal()
    {
        final String launcherSaw = System.getProperty(STDERR_TERMINAL_PROPERTY);
        return launcherSaw != null ? Boolean.parseBoolean(launcherSaw) : System.console() != null;
    }

    /** @param done the count so far; on a terminal the bar is redrawn each percent. */
    void update(final long done)
    {
        if (terminal && (done % step == 0 || done == total))
        {
            err.print("\r" + bar(done));
            err.flush();
        }
    }

    /** Ends the bar: its final state on a terminal's current line, or alone on a line elsewhere. */
    void finish(final long done)
    {
        err.println(terminal ? "\r" + bar(done) : bar(done));
        err.flush();
    }

    private String bar(final long done)
    {
        final int filled = (int)(done * WIDTH / total);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + (int)(done * 100 / total) + "% " + done +
            "/" + total + " " + unit;
    }
}
