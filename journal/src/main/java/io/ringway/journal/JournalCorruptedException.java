package io.ringway.journal;

import java.nio.file.Path;

/**
 * A committed journal record fails a check of docs/LAYOUT.md 14.8. The reader stops before it: every record before it
 * was delivered, none after it is.
 */
public final class JournalCorruptedException extends JournalFileException
{
    private static final long serialVersionUID = 1L;

    private final long recordOffset;

    /**
     * @param file         the segment file.
     * @param recordOffset file offset of the bad record.
     * @param field        the record field that holds the bad value.
     * @param found        the value found.
     * @param expected     the value, or condition, expected.
     */
    public JournalCorruptedException(
        final Path file, final long recordOffset, final String field, final Object found, final Object expected)
    {
        super("corrupt journal record at offset=" + recordOffset, file, field, found, expected);
        this.recordOffset = recordOffset;
    }

    /**
     * @return file offset of the bad record in its segment.
     */
    public long recordOffset()
    {
        return recordOffset;
    }
}
