package io.ringway.gointerop;

import io.ringway.testing.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Go programs that scripts/go-check.sh builds before the Java tests run (directory: the {@code ringway.go.bin.dir}
 * system property the pom passes to Surefire), and the C programs of c-interop's normal build
 * ({@code ringway.c.build.dir}). Mirrors c-interop's CPrograms.
 */
final class GoPrograms
{
    static final String GO_SBE_CONSUMER = "sbe_consumer";
    static final String GO_CRASH_PRODUCER = "crash_producer";
    static final String C_CRASH_PRODUCER = "ringway_crash_producer";

    private GoPrograms()
    {
    }

    private static Path directoryProperty(final String name)
    {
        final String dir = System.getProperty(name);
        assertTrue(dir != null && !dir.isEmpty(), "system property " + name + " is not set (run through Maven)");
        return Path.of(dir);
    }

    /** @return go-interop/ (the Go module's directory). */
    static Path goModuleDir()
    {
        final String dir = System.getProperty("ringway.go.source.dir");
        return dir != null ? Path.of(dir) : Path.of(System.getProperty("user.dir"));
    }

    /** @return the repository root, the parent of go-interop/. */
    static Path projectRoot()
    {
        return goModuleDir().toAbsolutePath().getParent();
    }

    /** @return a scratch directory under target/ for builds the tests make. */
    static Path workDir() throws IOException
    {
        return Files.createDirectories(Path.of(System.getProperty("ringway.go.work.dir", "target/go-work")));
    }

    static Path goProgram(final String name)
    {
        final Path program = directoryProperty("ringway.go.bin.dir").resolve(name);
        assertTrue(Files.isExecutable(program), "Go program not built: " + program);
        return program;
    }

    static Path cProgram(final String name)
    {
        final Path program = directoryProperty("ringway.c.build.dir").resolve(name);
        assertTrue(Files.isExecutable(program), "C program not built (build c-interop first): " + program);
        return program;
    }

    /** @return a builder for a program; stderr is inherited so failures show in the test output. */
    static ProcessBuilder builder(final Path program, final Object... args)
    {
        return ChildProcess.builder(program, args);
    }

    static Process start(final Path program, final Object... args) throws IOException
    {
        return builder(program, args).start();
    }


    /**
     * A builder for the go command in a directory, with no toolchain or module downloads (everything is local).
     */
    static ProcessBuilder go(final Path directory, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add("go");
        command.addAll(Arrays.asList(args));
        final ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("GOTOOLCHAIN", "local");
        builder.environment().put("GOFLAGS", "-mod=readonly");
        builder.environment().put("GOPROXY", "off");
        return builder;
    }
}
