package io.ringway;

/**
 * Layout of one record in the ring data area (docs/LAYOUT.md, section 5). Records start at 8-byte-aligned indexes;
 * the length includes the header and is not aligned; readers advance by {@code align(length, 8)}.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |R|                      length (int32)                         |  +0   negative while being written (0 in SPSC offers and runs)
 *  +-+-------------------------------------------------------------+
 *  |                      typeId (int32)                           |  +4   >= 1, or -1 for padding
 *  +---------------------------------------------------------------+
 *  |                      body (length - 8 bytes)                 ...  +8
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class RecordDescriptor
{
    public static final int LENGTH_OFFSET = 0;
    public static final int TYPE_ID_OFFSET = 4;
    /** Length of the record header; the body starts at this offset. */
    public static final int HEADER_LENGTH = 8;
    /** Records start at multiples of this. */
    public static final int ALIGNMENT = 8;
    /** Type id of padding records, which readers skip. */
    public static final int PADDING_TYPE_ID = -1;
    /** The cache line of LAYOUT 6.1 "Touch ahead" and step 5a; positions modulo it say where a record sits in one. */
    public static final int CACHE_LINE_LENGTH = 64;
    /** LAYOUT 6.1 step 5a: the line-start padding record is a header alone. */
    public static final int LINE_START_PADDING_LENGTH = HEADER_LENGTH;
    /**
     * LAYOUT 6.1 step 5a: where in its cache line a line-start padding sits: an SPSC claim ending here (a next header
     * alone at the line's end) is followed by one.
     */
    public static final int LINE_START_PADDING_INDEX_IN_LINE = CACHE_LINE_LENGTH - LINE_START_PADDING_LENGTH;

    private RecordDescriptor()
    {
    }

    /**
     * LAYOUT 6.1 step 5a: whether a record ending at {@code index} (or position) leaves the next header alone in the
     * last bytes of its cache line, where an SPSC claim puts a line-start padding and a consumer may find one.
     *
     * @param index an index or position in the data area (only its place in the cache line counts).
     * @return true when {@code index} is {@link #LINE_START_PADDING_INDEX_IN_LINE} bytes into its cache line.
     */
    public static boolean isLineStartPaddingIndex(final int index)
    {
        return (index & (CACHE_LINE_LENGTH - 1)) == LINE_START_PADDING_INDEX_IN_LINE;
    }

    /**
     * @param recordLength a record length including its header.
     * @return the bytes the record occupies in the ring.
     */
    public static int alignedLength(final int recordLength)
    {
        return (recordLength + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
