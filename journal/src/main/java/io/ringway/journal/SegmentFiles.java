package io.ringway.journal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The segment files of a journal directory (docs/LAYOUT.md 14.1), in index order.
 */
final class SegmentFiles
{
    private SegmentFiles()
    {
    }

    /**
     * @param directory a journal directory.
     * @return the first indexes of its segments, ascending; other files are ignored.
     */
    static long[] firstIndexes(final Path directory)
    {
        // who owns the directory, and whether it may be a symlink, was checked when the journal was opened (JournalAccess)
        if (!Files.isDirectory(directory))
        {
            throw new JournalFileException("not a journal directory", directory, "directory",
                Files.exists(directory) ? "not a directory" : "absent", "a directory");
        }
        long[] indexes = new long[16];
        int count = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory))
        {
            for (final Path path : stream)
            {
                final long firstIndex = JournalDescriptor.parseSegmentFileName(path.getFileName().toString());
                if (firstIndex >= 0)
                {
                    if (count == indexes.length)
                    {
                        indexes = Arrays.copyOf(indexes, count * 2);
                    }
                    indexes[count++] = firstIndex;
                }
            }
        }
        catch (final IOException ex)
        {
            throw new JournalFileException("cannot list journal directory", directory, "directory",
                ex.getClass().getSimpleName(), "a readable directory", ex);
        }
        final long[] result = Arrays.copyOf(indexes, count);
        Arrays.sort(result);
        return result;
    }

    static Path path(final Path directory, final long firstIndex)
    {
        return directory.resolve(JournalDescriptor.segmentFileName(firstIndex));
    }
}
