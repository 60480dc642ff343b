package io.ringway.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a real child JVM running a main class from the test classpath, with the JVM flags Ringway needs (the
 * {@code ringway.jvm.flags} system property that the build passes to tests).
 */
public final class JavaProcess
{
    private JavaProcess()
    {
    }

    /**
     * @param mainClass the class whose main method the child runs.
     * @param args      its arguments.
     * @return a builder for the child, inheriting this JVM's classpath; its stderr is inherited so failures show.
     */
    public static ProcessBuilder builder(final Class<?> mainClass, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        final String flags = System.getProperty("ringway.jvm.flags", "");
        for (final String flag : flags.trim().split("\\s+"))
        {
            if (!flag.isEmpty())
            {
                command.add(flag);
            }
        }
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(Arrays.asList(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    /**
     * @param mainClass the class whose main method the child runs.
     * @param args      its arguments.
     * @return the started child.
     * @throws IOException when it cannot be started.
     */
    public static Process start(final Class<?> mainClass, final String... args) throws IOException
    {
        return builder(mainClass, args).start();
    }

    /**
     * Waits for a child and returns its exit code, killing it if it outlives the timeout.
     *
     * @param process        the child.
     * @param timeoutSeconds how long to wait.
     * @return its exit code.
     * @throws InterruptedException when interrupted while waiting.
     * @throws AssertionError       when it did not exit in time.
     */
    public static int waitFor(final Process process, final long timeoutSeconds) throws InterruptedException
    {
        return ChildProcess.waitFor(process, timeoutSeconds);
    }
}
