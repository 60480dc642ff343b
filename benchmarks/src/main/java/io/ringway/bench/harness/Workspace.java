package io.ringway.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The benchmark's scratch space: one directory in /dev/shm for this run, a fresh subdirectory per contender run, and
 * everything removed afterwards (nothing is left in /dev/shm).
 */
final class Workspace implements AutoCloseable
{
    private final Path root;
    private int runs;

    Workspace() throws IOException
    {
        final Path shm = Path.of("/dev/shm");
        root = Files.createTempDirectory(Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")),
            "ringway-bench-");
        // an interrupted run (Ctrl-C) still leaves nothing in /dev/shm
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(root), "workspace-cleanup"));
    }

    /** @return a new empty directory for one run. */
    Path newRunDirectory() throws IOException
    {
        return Files.createDirectory(root.resolve("run-" + ++runs));
    }

    static void deleteRecursively(final Path directory)
    {
        if (!Files.exists(directory))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot clean up: file=" + directory, ex);
        }
    }

    @Override
    public void close()
    {
        deleteRecursively(root);
    }
}
