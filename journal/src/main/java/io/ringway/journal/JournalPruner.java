package io.ringway.journal;

import io.ringway.ChannelOpenOption;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.ringway.journal.JournalDescriptor.NEXT_INDEX_OFFSET;

/**
 * Deletes a journal's oldest segments (docs/LAYOUT.md 14): the whole segments whose every record index is below a
 * given index. A segment qualifies only when it is sealed and the segment after it exists, so the segment a writer
 * appends to (the last one) is never deleted, and neither is one that holds the given index.
 *
 * <p>Safe with a concurrent writer (it appends to the last segment) and concurrent readers: a reader keeps the
 * segment it has mapped (a deleted file lives on while mapped) and, at that segment's end, continues at the journal's
 * first record when the next segment was deleted too ({@link JournalReader}); a reader that seeks to a deleted index
 * is refused ({@link JournalReader#seekToIndex(long)}) and can start from {@link JournalReader#seekToStart()}.
 */
public final class JournalPruner
{
    /**
     * A deleted segment.
     *
     * @param path       the file it was.
     * @param firstIndex the index of its first record.
     * @param endIndex   one past the index of its last record (the next segment's first index).
     */
    public record Removed(Path path, long firstIndex, long endIndex)
    {
    }

    private JournalPruner()
    {
    }

    /**
     * Deletes, oldest first, every sealed segment of the journal in {@code directory} whose records all have an index
     * below {@code beforeIndex}. Checks every such segment (a valid header of this journal, sealed, its record count
     * ending where the next segment starts) before deleting any.
     *
     * @param directory   the journal directory.
     * @param beforeIndex keep every record at this index and above; usually one past the last index every reader has
     *                    finished with (for a bridge, the receiver's {@code lastDeliveredIndex} + 1).
     * @param options     as {@link JournalReader#open(Path, ChannelOpenOption...)}.
     * @return the segments deleted, oldest first; empty when none qualifies.
     * @throws JournalFileException field {@code beforeIndex} when it is negative; the fields of
     *                              {@link JournalReader#open} when the directory is not a journal or is refused; a
     *                              segment's field when it is not valid, of another journal, or not sealed though
     *                              followed by another; field {@code file} when a segment cannot be deleted.
     */
    public static List<Removed> pruneBefore(final Path directory, final long beforeIndex,
        final ChannelOpenOption... options)
    {
        if (beforeIndex < 0)
        {
            throw new JournalFileException("bad prune index", directory, "beforeIndex", beforeIndex, ">=0");
        }
        final JournalAccess access = JournalAccess.of(options);
        access.checkDirectory(directory, true);
        final long[] firstIndexes = SegmentFiles.firstIndexes(directory);
        if (firstIndexes.length == 0)
        {
            throw new JournalFileException("no journal segments", directory, "segments", 0,
                ">=1 file named <20 digits>" + JournalDescriptor.SEGMENT_SUFFIX);
        }
        final List<Removed> removable = new ArrayList<>();
        long journalId = 0;
        for (int s = 0; s + 1 < firstIndexes.length && firstIndexes[s + 1] <= beforeIndex; s++)
        {
            final Path path = SegmentFiles.path(directory, firstIndexes[s]);
            try (Segment segment = Segment.open(path, true, firstIndexes[s], access))
            {
                if (s > 0 && segment.journalId != journalId)
                {
                    throw segment.error("segment of another journal", "journalId", Segment.hex(segment.journalId),
                        Segment.hex(journalId));
                }
                journalId = segment.journalId;
                if (!segment.isSealedAcquire())
                {
                    throw segment.error("segment followed by another is not sealed", "segmentState", "open",
                        "sealed (a writer may still append to it: nothing deleted)");
                }
                final long nextIndex = segment.buffer.getLong(NEXT_INDEX_OFFSET);
                if (nextIndex != firstIndexes[s + 1])
                {
                    throw segment.error("sealed segment's record count disagrees with the next segment's name",
                        "nextIndex", nextIndex, firstIndexes[s + 1]);
                }
            }
            removable.add(new Removed(path, firstIndexes[s], firstIndexes[s + 1]));
        }
        final List<Removed> removed = new ArrayList<>(removable.size());
        for (final Removed segment : removable)
        {
            try
            {
                Files.delete(segment.path());
            }
            catch (final IOException ex)
            {
                throw new JournalFileException("cannot delete journal segment (" + removed.size() + " deleted " +
                    "before it)", segment.path(), "file", ex.toString(), "a deletable file", ex);
            }
            removed.add(segment);
        }
        return removed;
    }
}
