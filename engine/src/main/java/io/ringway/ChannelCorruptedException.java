package io.ringway;

import java.nio.file.Path;

/**
 * A record in the ring data area has a length or type id that no correct producer writes. The consumer stops before
 * the record and does not advance past it.
 */
public final class ChannelCorruptedException extends ChannelFileException
{
    private static final long serialVersionUID = 1L;

    private final long position;

    /**
     * @param file     the channel file.
     * @param position the ring position of the bad record.
     * @param field    the record field that holds the bad value.
     * @param found    the value found.
     * @param expected the value, or condition, expected.
     */
    public ChannelCorruptedException(
        final Path file, final long position, final String field, final Object found, final Object expected)
    {
        super("corrupt record at position=" + position, file, field, found, expected);
        this.position = position;
    }

    /**
     * @return the ring position of the bad record.
     */
    public long position()
    {
        return position;
    }
}
