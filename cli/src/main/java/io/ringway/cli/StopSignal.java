package io.ringway.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Ends a long-running command ({@code record}, {@code replay}, {@code bridge send|receive}) cleanly on SIGINT or
 * SIGTERM. On those signals the JVM runs its shutdown hooks and halts as soon as they return, so the hook installed
 * here asks the command's loop to stop, waits until the command has left its loop, closed its files (releasing the
 * channel and journal leases) and printed its summary or its error, then ends the JVM with the command's exit code: a
 * stop the user asked for is a normal end (0), as for tcpdump. A command that has not finished after
 * {@link #FINISH_TIMEOUT_MS} ends with the signal's code (143 for SIGTERM) and prints nothing more. Our own because the
 * JDK has no supported signal API (sun.misc.Signal is internal); a shutdown hook is the supported way to learn of
 * SIGINT and SIGTERM.
 */
final class StopSignal implements AutoCloseable
{
    /** How long the hook waits for the command to finish before the JVM exits anyway (the signal's exit code). */
    private static final long FINISH_TIMEOUT_MS = 10_000;
    private static final int NOT_FINISHED = -1;

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile int exitCode = NOT_FINISHED;

    private StopSignal(final String command)
    {
        hook = new Thread(this::onShutdown, command + "-stop");
    }

    /**
     * @param command the sub-command's qualified name, e.g. ringway-record: its hook thread is named COMMAND-stop.
     * @return an installed stop signal; close it when the command has finished.
     */
    static StopSignal install(final String command)
    {
        final StopSignal signal = new StopSignal(command);
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    /**
     * Runs a long-running command's work under an installed stop signal, prints its summary (JSON or text) or the
     * error that ended it, and ends the signal with the command's exit code, however the work ended. The error is
     * printed here, not by picocli's handler after this returns: during a signal's stop the hook halts the JVM as soon
     * as {@link #finished(int)} is called, which would race that handler's print.
     *
     * @param spec the sub-command: its name (for the hook thread's and the error's), stdout and stderr.
     * @param work the command's loop; it polls {@link #isStopRequested()} and returns its summary.
     * @param json print the summary as a JSON object instead of {@code text}.
     * @param text the summary as one line of text.
     * @return {@link RingwayCli#EXIT_OK}, or the exit code of the error that ended the work
     *         ({@link RingwayCli#exitCodeOf(Throwable)}).
     * @throws CommandLine.ParameterException a usage error of the work, for picocli's usage handler.
     */
    static int runUntilStopped(final CommandLine.Model.CommandSpec spec,
        final Function<StopSignal, Map<String, Object>> work, final boolean json,
        final Function<Map<String, Object>, String> text)
    {
        int exitCode = RingwayCli.EXIT_UNEXPECTED;
        final StopSignal stop = install(spec.qualifiedName("-"));
        try
        {
            final Map<String, Object> summary = work.apply(stop);
            final PrintWriter out = spec.commandLine().getOut();
            out.println(json ? Json.object(summary) : text.apply(summary));
            out.flush();
            exitCode = RingwayCli.EXIT_OK;
            return exitCode;
        }
        catch (final CommandLine.ParameterException usage)
        {
            throw usage; // picocli's usage handler prints it with its hint (exit code 2)
        }
        catch (final RuntimeException ex)
        {
            exitCode = RingwayCli.reportError(ex, spec.commandLine());
            return exitCode;
        }
        finally
        {
            stop.finished(exitCode);
            stop.close();
        }
    }

    /**
     * @return whether SIGINT or SIGTERM (or another exit of the JVM) asked the command to stop.
     */
    boolean isStopRequested()
    {
        return stopRequested;
    }

    /**
     * The command has left its loop, closed its files and printed what it prints.
     *
     * @param commandExitCode the exit code the JVM ends with when a signal stopped the command.
     */
    void finished(final int commandExitCode)
    {
        exitCode = commandExitCode;
        finished.countDown();
    }

    /**
     * Removes the hook when the command ends on its own; when a signal is being handled, the hook is already running
     * and ends the JVM once {@link #finished(int)} was called.
     */
    @Override
    public void close()
    {
        finished.countDown();
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException shutdownInProgress)
        {
            // the hook runs (a signal came as the command ended); it halts with the exit code given to finished()
        }
    }

    private void onShutdown()
    {
        stopRequested = true;
        try
        {
            if (finished.await(FINISH_TIMEOUT_MS, TimeUnit.MILLISECONDS) && exitCode != NOT_FINISHED)
            {
                System.out.flush();
                System.err.flush();
                // the command finished cleanly: end with its exit code, not the signal's 128 + n
                Runtime.getRuntime().halt(exitCode);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
