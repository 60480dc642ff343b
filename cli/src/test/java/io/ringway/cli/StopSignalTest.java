package io.ringway.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link StopSignal#runUntilStopped}: the summary of work that ended, or the error that ended it, printed before the
 * signal is told the command finished (during a signal's stop, the hook halts the JVM right then).
 */
class StopSignalTest
{
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldPrintTheSummaryAndReturnOkWhenTheWorkEnds()
    {
        final int exitCode = StopSignal.runUntilStopped(command().getCommandSpec(), stop -> Map.of("messages", 3L),
            false, summary -> "recorded " + summary.get("messages") + " messages");

        assertEquals(RingwayCli.EXIT_OK, exitCode);
        assertEquals("recorded 3 messages" + System.lineSeparator(), out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void shouldPrintTheErrorThatEndedTheWorkItselfAndReturnItsExitCode()
    {
        final int exitCode = StopSignal.runUntilStopped(command().getCommandSpec(), stop ->
        {
            throw new IllegalStateException("bridge stopped with messages taken from the channel and not " +
                "published: channel=/dev/shm/in.ringway messages=1");
        }, false, summary -> "never");

        assertEquals(RingwayCli.EXIT_UNEXPECTED, exitCode);
        assertEquals("", out.toString());
        assertEquals("ringway bridge send: error: bridge stopped with messages taken from the channel and not " +
            "published: channel=/dev/shm/in.ringway messages=1", err.toString().lines().findFirst().orElse(""),
            err::toString);
    }

    @Test
    void shouldReturnTheFileErrorCodeForAnErrorAboutAFile()
    {
        final int exitCode = StopSignal.runUntilStopped(command().getCommandSpec(), stop ->
        {
            throw new CliException("not a journal directory: file=/tmp/absent");
        }, true, summary -> "never");

        assertEquals(RingwayCli.EXIT_FILE_ERROR, exitCode);
        assertEquals("ringway bridge send: error: not a journal directory: file=/tmp/absent" + System.lineSeparator(),
            err.toString());
    }

    @Test
    void shouldLeaveAUsageErrorOfTheWorkToPicocli()
    {
        final CommandLine send = command();
        assertThrows(CommandLine.ParameterException.class, () -> StopSignal.runUntilStopped(send.getCommandSpec(),
            stop ->
            {
                throw new CommandLine.ParameterException(send, "Invalid value for option '--kind': found=ring");
            }, false, summary -> "never"));
        assertEquals("", err.toString());
    }

    /** A {@code ringway bridge send} command line, printing into {@link #out} and {@link #err}. */
    private CommandLine command()
    {
        final CommandLine send = new CommandLine(CommandLine.Model.CommandSpec.create().name("send"));
        final CommandLine ringway = new CommandLine(CommandLine.Model.CommandSpec.create().name("ringway"))
            .addSubcommand(new CommandLine(CommandLine.Model.CommandSpec.create().name("bridge"))
                .addSubcommand(send));
        ringway.setOut(new PrintWriter(out, true));
        ringway.setErr(new PrintWriter(err, true));
        return send;
    }
}
