package io.ringway;

import java.nio.file.Path;

/**
 * A channel file, or a record in it, is not what it must be. The message names the file, the field, the value found
 * and the value expected, in key=value form, e.g.
 * {@code channel file too short: file=/dev/shm/orders.ringway field=fileLength found=512 expected=>=4096}.
 */
public class ChannelFileException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String field;
    private final String found;
    private final String expected;

    /**
     * @param reason   what is wrong, in a few words.
     * @param file     the channel file.
     * @param field    the field (as named in docs/LAYOUT.md) that holds the bad value.
     * @param found    the value found.
     * @param expected the value, or condition, expected.
     */
    public ChannelFileException(
        final String reason, final Path file, final String field, final Object found, final Object expected)
    {
        this(reason, file, field, found, expected, null);
    }

    /**
     * @param reason   what is wrong, in a few words.
     * @param file     the channel file.
     * @param field    the field (as named in docs/LAYOUT.md) that holds the bad value.
     * @param found    the value found.
     * @param expected the value, or condition, expected.
     * @param cause    the underlying error, if any.
     */
    public ChannelFileException(
        final String reason,
        final Path file,
        final String field,
        final Object found,
        final Object expected,
        final Throwable cause)
    {
        super(reason + ": file=" + file + " field=" + field + " found=" + found + " expected=" + expected, cause);
        this.file = file;
        this.field = field;
        this.found = String.valueOf(found);
        this.expected = String.valueOf(expected);
    }

    /**
     * @return the channel file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return the field that holds the bad value, as named in docs/LAYOUT.md.
     */
    public String field()
    {
        return field;
    }

    /**
     * @return the value found, as text.
     */
    public String found()
    {
        return found;
    }

    /**
     * @return the value or condition expected, as text.
     */
    public String expected()
    {
        return expected;
    }
}
