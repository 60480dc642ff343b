package io.ringway.cli;

import io.ringway.FileSpace;
import io.ringway.journal.JournalDescriptor;
import io.ringway.journal.JournalFileException;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A copy of one journal segment's header (docs/LAYOUT.md 14.2), read with a plain file read: the fields the journal's
 * reader does not expose (schema, shape, writer pid). A snapshot: fields a live writer changes may be stale the moment
 * after. Records are read with {@link io.ringway.journal.JournalReader}, which checks them.
 */
final class JournalSegmentHeader
{
    private final Path path;
    private final UnsafeBuffer header;

    private JournalSegmentHeader(final Path path, final UnsafeBuffer header)
    {
        this.path = path;
        this.header = header;
    }

    /**
     * @param directory a journal directory.
     * @return its segment files in index order (names per LAYOUT 14.1; other files ignored).
     */
    static List<Path> segments(final Path directory)
    {
        final List<Path> segments = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory))
        {
            for (final Path path : stream)
            {
                if (JournalDescriptor.parseSegmentFileName(path.getFileName().toString()) >= 0)
                {
                    segments.add(path);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new JournalFileException("cannot list journal directory", directory, "directory",
                ex.getClass().getSimpleName(), "a readable directory", ex);
        }
        Collections.sort(segments);
        return segments;
    }

    static JournalSegmentHeader read(final Path segment)
    {
        final ByteBuffer bytes = ByteBuffer.allocate(JournalDescriptor.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        // O_NONBLOCK | O_NOFOLLOW and the type from the descriptor: a FIFO named like a segment must not hang stat
        try (FileChannel file = FileSpace.openRegular(segment, false, false).channel())
        {
            while (bytes.hasRemaining() && file.read(bytes) >= 0)
            {
                // read the whole header page
            }
        }
        catch (final FileSpace.NotRegularFileException ex)
        {
            throw new JournalFileException("not a regular journal segment file", segment, "fileType",
                ex.refusal().found(), "regular file", ex);
        }
        catch (final IOException ex)
        {
            throw new JournalFileException("cannot read journal segment", segment, "file",
                ex.getClass().getSimpleName(), "readable", ex);
        }
        if (bytes.hasRemaining())
        {
            throw new JournalFileException("journal segment too short", segment, "fileLength", bytes.position(),
                ">=" + JournalDescriptor.HEADER_LENGTH);
        }
        final UnsafeBuffer header = new UnsafeBuffer(bytes.array());
        final long magic = header.getLong(JournalDescriptor.MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (magic != JournalDescriptor.MAGIC)
        {
            throw new JournalFileException("not a journal segment", segment, "magic", "0x" + Long.toHexString(magic),
                "0x" + Long.toHexString(JournalDescriptor.MAGIC));
        }
        return new JournalSegmentHeader(segment, header);
    }

    Path path()
    {
        return path;
    }

    int getInt(final int offset)
    {
        return header.getInt(offset, ByteOrder.LITTLE_ENDIAN);
    }

    long getLong(final int offset)
    {
        return header.getLong(offset, ByteOrder.LITTLE_ENDIAN);
    }
}
