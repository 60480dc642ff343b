package io.ringway.bridge;

/**
 * Layout of a bridge frame, the payload of one Aeron message from a {@link BridgeSender} to a {@link BridgeReceiver}
 * (docs/BRIDGE.md section 2). Little-endian, as Aeron's own headers. A frame holds one message, or several small ones
 * when batching is on; the bodies are copied byte for byte.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |            version            |             flags             |  0
 *  +-------------------------------+-------------------------------+
 *  |                          entry count                          |  4
 *  +---------------------------------------------------------------+
 *  |                 entries, each aligned to 8 bytes             ...  8
 *  +---------------------------------------------------------------+
 *
 * an entry:
 *  +---------------------------------------------------------------+
 *  |                      sequence (64 bits)                       |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                            type id                            |  8
 *  +---------------------------------------------------------------+
 *  |                          body length                          |  12
 *  +---------------------------------------------------------------+
 *  |                 body, body length bytes, then 0 to 7 bytes   ...  16
 *  |                 of padding to the next multiple of 8          |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * The sequence is the message's journal index when {@link #FLAG_JOURNAL_INDEX} is set (the sender replays a journal),
 * else the sender's count of messages sent before it, from 0 at each start.
 */
public final class BridgeFrameDescriptor
{
    /** The frame layout this code writes and reads. */
    public static final short VERSION = 1;
    /** Flag: each entry's sequence is a journal index; the receiver delivers each index once (docs/BRIDGE.md 4). */
    public static final short FLAG_JOURNAL_INDEX = 0x1;

    public static final int VERSION_OFFSET = 0;
    public static final int FLAGS_OFFSET = 2;
    public static final int ENTRY_COUNT_OFFSET = 4;
    /** Length of the frame header; the first entry starts here. */
    public static final int FRAME_HEADER_LENGTH = 8;

    public static final int ENTRY_SEQUENCE_OFFSET = 0;
    public static final int ENTRY_TYPE_ID_OFFSET = 8;
    public static final int ENTRY_BODY_LENGTH_OFFSET = 12;
    /** Length of an entry's header; its body starts here. */
    public static final int ENTRY_HEADER_LENGTH = 16;
    /** Entries start at multiples of this. */
    public static final int ENTRY_ALIGNMENT = 8;

    private BridgeFrameDescriptor()
    {
    }

    /**
     * @param bodyLength a message body's length.
     * @return the bytes its entry takes in a frame, padding included.
     */
    public static int entryLength(final int bodyLength)
    {
        return (ENTRY_HEADER_LENGTH + bodyLength + ENTRY_ALIGNMENT - 1) & -ENTRY_ALIGNMENT;
    }
}
