package io.ringway.journal;

import io.ringway.ChannelFileException;

import java.nio.file.Path;

/**
 * A journal segment, or a record in it, is not what docs/LAYOUT.md section 14 says it must be, or the journal cannot be
 * used as asked. The message names the file, the field, the value found and the value expected, in key=value form.
 */
public class JournalFileException extends ChannelFileException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param reason   what is wrong, in a few words.
     * @param file     the segment file or journal directory.
     * @param field    the field, as named in LAYOUT.md section 14.
     * @param found    the value found.
     * @param expected the value, or condition, expected.
     */
    public JournalFileException(
        final String reason, final Path file, final String field, final Object found, final Object expected)
    {
        super(reason, file, field, found, expected);
    }

    /**
     * @param reason   what is wrong, in a few words.
     * @param file     the segment file or journal directory.
     * @param field    the field, as named in LAYOUT.md section 14.
     * @param found    the value found.
     * @param expected the value, or condition, expected.
     * @param cause    the underlying error.
     */
    public JournalFileException(
        final String reason,
        final Path file,
        final String field,
        final Object found,
        final Object expected,
        final Throwable cause)
    {
        super(reason, file, field, found, expected, cause);
    }
}
