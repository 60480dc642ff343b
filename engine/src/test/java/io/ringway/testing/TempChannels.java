package io.ringway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Unique channel file paths for tests, in /dev/shm when present (the default directory of real channels).
 */
public final class TempChannels
{
    private TempChannels()
    {
    }

    /**
     * @param prefix a name that says which test made the file.
     * @return a fresh directory of its own under the default channel directory; the caller deletes it.
     */
    public static Path newDirectory(final String prefix)
    {
        try
        {
            return Files.createTempDirectory(io.ringway.Channel.defaultDirectory(), "ringway-test-" + prefix + "-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Deletes a directory made by {@link #newDirectory} and everything in it.
     *
     * @param directory the directory.
     */
    public static void deleteRecursively(final Path directory)
    {
        if (directory == null || !Files.exists(directory))
        {
            return;
        }
        try (var paths = Files.walk(directory))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
