package io.ringway.cli;

import io.ringway.journal.JournalDescriptor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * What a command is about to create, noted before it does, so that a run that fails removes what it created and
 * nothing else: the journal directory (and the missing directories above it) that {@code record} makes, the segment
 * files it adds to a directory without any, the channel that {@code replay --create} makes.
 */
final class CreatedFiles
{
    private final Path directory;
    /** The highest of the directory and its parents that did not exist; null when the directory existed. */
    private final Path firstMissing;
    /** Segment file names the directory held before (when it existed). */
    private final Set<String> segmentsBefore;

    private CreatedFiles(final Path directory, final Path firstMissing, final Set<String> segmentsBefore)
    {
        this.directory = directory;
        this.firstMissing = firstMissing;
        this.segmentsBefore = segmentsBefore;
    }

    /**
     * @param directory a journal directory a writer is about to open (and create when missing).
     * @return what is there now.
     */
    static CreatedFiles beforeJournal(final Path directory)
    {
        final Path absolute = directory.toAbsolutePath();
        Path firstMissing = null;
        for (Path path = absolute; path != null && !Files.exists(path, LinkOption.NOFOLLOW_LINKS);
            path = path.getParent())
        {
            firstMissing = path;
        }
        return new CreatedFiles(absolute, firstMissing, firstMissing == null ? segmentNames(absolute) : Set.of());
    }

    /**
     * Removes, quietly (it runs while another error is being reported), what the run created: the segment files of a
     * directory that held none (only when this run's writer opened the journal: then they are its own), then the
     * directories that did not exist. A directory that is not empty stays.
     *
     * @param writerOpened whether this run's writer opened the journal (and so created its first segment).
     */
    void removeJournal(final boolean writerOpened)
    {
        if (writerOpened && segmentsBefore.isEmpty())
        {
            for (final String name : segmentNames(directory))
            {
                deleteQuietly(directory.resolve(name));
            }
        }
        if (firstMissing == null)
        {
            return;
        }
        for (Path path = directory; path != null && path.startsWith(firstMissing); path = path.getParent())
        {
            // a name too long to create is not there either (and deleting it fails: ENAMETOOLONG)
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !deleteQuietly(path))
            {
                return;
            }
        }
    }

    /**
     * @param file a file this run created.
     */
    static void removeFile(final Path file)
    {
        deleteQuietly(file);
    }

    private static Set<String> segmentNames(final Path directory)
    {
        final Set<String> names = new HashSet<>();
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS))
        {
            return names;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory))
        {
            for (final Path path : stream)
            {
                final String name = path.getFileName().toString();
                if (JournalDescriptor.parseSegmentFileName(name) >= 0 ||
                    name.contains(JournalDescriptor.SEGMENT_SUFFIX + JournalDescriptor.TEMPORARY_SUFFIX))
                {
                    names.add(name);
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // nothing to list: nothing this run can remove either
        }
        return names;
    }

    private static boolean deleteQuietly(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
