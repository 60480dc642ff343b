package io.ringway.codec;

/**
 * A record whose body is not an SBE message this reader may decode: a message of another schema, a template id that
 * differs from the record's type id, or a body too short for its own header or root block. Names the field, the value
 * found and the value expected.
 */
public final class SbeMessageException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String field;
    private final long found;
    private final String expected;

    /**
     * @param reason   what is wrong, in a few words.
     * @param field    the SBE header field (or {@code length}) that holds the bad value.
     * @param found    the value found.
     * @param expected the value, or condition, expected.
     * @param context  further key=value pairs that identify the message.
     */
    public SbeMessageException(
        final String reason, final String field, final long found, final String expected, final String context)
    {
        super(reason + ": field=" + field + " found=" + found + " expected=" + expected + " " + context);
        this.field = field;
        this.found = found;
        this.expected = expected;
    }

    public String field()
    {
        return field;
    }

    public long found()
    {
        return found;
    }

    public String expected()
    {
        return expected;
    }
}
