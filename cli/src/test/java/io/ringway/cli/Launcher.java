package io.ringway.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code cli/ringway} as a user would, as a separate process, and collects exit code, stdout and stderr.
 */
final class Launcher
{
    private static final long TIMEOUT_SECONDS = 120;

    private Launcher()
    {
    }

    /** What one run of the command produced. */
    record Result(int exitCode, String out, String err)
    {
        List<String> outLines()
        {
            return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
        }

        @Override
        public String toString()
        {
            return "exit=" + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    static Path launcher()
    {
        return Path.of(System.getProperty("ringway.project.root", "..")).resolve("cli").resolve("ringway");
    }

    /** A run of the command in the background: a test signals or kills it, then collects what it printed. */
    static final class Background implements AutoCloseable
    {
        private final Process process;
        private final Path out;
        private final Path err;
        private final List<String> args;

        private Background(final Process process, final Path out, final Path err, final List<String> args)
        {
            this.process = process;
            this.out = out;
            this.err = err;
            this.args = args;
        }

        Process process()
        {
            return process;
        }

        long pid()
        {
            return process.pid();
        }

        /** @return what the command has printed on stdout so far. */
        String outSoFar() throws IOException
        {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        Result waitFor() throws IOException, InterruptedException
        {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor();
                throw new AssertionError("ringway " + String.join(" ", args) + " did not finish in " +
                    TIMEOUT_SECONDS + " s; stderr: " + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws IOException
        {
            if (process.isAlive())
            {
                process.destroyForcibly();
                try
                {
                    process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Starts the command (the launcher execs the JVM, so the process is the JVM itself) without waiting for it.
     */
    static Background start(final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(List.of(args));
        final Path out = Files.createTempFile("ringway-cli-out", ".txt");
        final Path err = Files.createTempFile("ringway-cli-err", ".txt");
        final Process process = new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
        return new Background(process, out, err, List.of(args));
    }

    static Result run(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(List.of(args));
        final Path out = Files.createTempFile("ringway-cli-out", ".txt");
        final Path err = Files.createTempFile("ringway-cli-err", ".txt");
        try
        {
            final Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor();
                throw new AssertionError("ringway " + String.join(" ", args) + " did not finish in " +
                    TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        }
        finally
        {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
