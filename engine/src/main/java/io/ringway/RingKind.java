package io.ringway;

/**
 * The two kinds of ring a channel can hold; the code is the {@code ringKind} header field.
 */
public enum RingKind
{
    /** One producer, one consumer: Agrona's OneToOneRingBuffer layout. */
    SPSC(1),
    /** Many producers (threads or processes), one consumer: Agrona's ManyToOneRingBuffer layout. */
    MPSC(2);

    private final int code;

    RingKind(final int code)
    {
        this.code = code;
    }

    /**
     * @return the value stored in the ringKind header field.
     */
    public int code()
    {
        return code;
    }

    /**
     * @param code a ringKind header value.
     * @return the kind, or null when the code is unknown.
     */
    public static RingKind fromCode(final int code)
    {
        for (final RingKind kind : values())
        {
            if (kind.code == code)
            {
                return kind;
            }
        }
        return null;
    }
}
