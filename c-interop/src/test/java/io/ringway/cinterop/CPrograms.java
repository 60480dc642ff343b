package io.ringway.cinterop;

import io.ringway.testing.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The C programs built by CMake (c-interop/CMakeLists.txt) before the Java tests run; their build directory comes from
 * the {@code ringway.c.build.dir} system property that the pom passes to Surefire.
 */
final class CPrograms
{
    static final String LAYOUT_DUMP = "ringway_layout_dump";
    static final String CRASH_PRODUCER = "ringway_crash_producer";

    private CPrograms()
    {
    }

    static Path buildDir()
    {
        final String dir = System.getProperty("ringway.c.build.dir");
        assertTrue(dir != null && !dir.isEmpty(), "system property ringway.c.build.dir is not set (run through Maven)");
        return Path.of(dir);
    }

    static Path sourceDir()
    {
        final String dir = System.getProperty("ringway.c.source.dir");
        return dir != null ? Path.of(dir) : Path.of(System.getProperty("user.dir"));
    }

    /**
     * @return the repository root: the parent of c-interop/ (ringway.project.root is the directory Maven started in,
     *         which is c-interop/ itself when the build runs from there).
     */
    static Path projectRoot()
    {
        return sourceDir().toAbsolutePath().getParent();
    }

    static Path program(final String name)
    {
        final Path program = buildDir().resolve(name);
        assertTrue(Files.isExecutable(program), "C program not built: " + program);
        return program;
    }

    /**
     * @return a builder for a C program; stderr is inherited so failures show in the test output.
     */
    static ProcessBuilder builder(final String name, final Object... args)
    {
        return ChildProcess.builder(program(name), args);
    }

    static Process start(final String name, final Object... args) throws IOException
    {
        return builder(name, args).start();
    }

}
