package io.ringway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts, runs and waits for child processes of any language (a C or Go program, a JVM), for the multi-process and
 * cross-language tests of every module.
 */
public final class ChildProcess
{
    private ChildProcess()
    {
    }

    /** Exit code and standard output of a finished program. */
    public record Result(int exitCode, String output)
    {
    }

    /**
     * @param program the executable.
     * @param args    its arguments, each turned into a string.
     * @return a builder whose standard error goes to the test's.
     */
    public static ProcessBuilder builder(final Path program, final Object... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(program.toString());
        Arrays.stream(args).map(String::valueOf).forEach(command::add);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    /**
     * Runs a program to completion.
     *
     * @return its exit code and standard output.
     */
    public static Result run(final ProcessBuilder builder, final long timeoutSeconds)
        throws IOException, InterruptedException
    {
        final Path output = Files.createTempFile("ringway-child-output", ".txt");
        try
        {
            final Process process = builder.redirectOutput(output.toFile()).start();
            final int exitCode = waitFor(process, timeoutSeconds);
            return new Result(exitCode, Files.readString(output, StandardCharsets.UTF_8));
        }
        finally
        {
            Files.deleteIfExists(output);
        }
    }

    /**
     * Waits for a process, killing it and its descendants if it outlives the timeout (a safety net against a hung
     * test, not a check of speed).
     *
     * @return its exit code.
     */
    public static int waitFor(final Process process, final long timeoutSeconds) throws InterruptedException
    {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
        {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor();
            throw new AssertionError("process " + process.info().command().orElse("?") + " pid=" + process.pid() +
                " did not exit within " + timeoutSeconds + "s");
        }
        return process.exitValue();
    }
}
