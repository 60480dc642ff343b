package io.ringway.bridge;

/**
 * Layout of a resume request, the payload of one Aeron message from a {@link BridgeReceiver} back to a journal-replaying
 * {@link BridgeSender} on the ack stream (docs/BRIDGE.md section 4): "send from this journal index on". Little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+-------------------------------+
 *  |            version            |            reserved           |  0
 *  +-------------------------------+-------------------------------+
 *  |                           reserved                            |  4
 *  +---------------------------------------------------------------+
 *  |                     next index (64 bits)                      |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * The next index is one past the last index the receiver delivered into its channel, 0 when it has delivered none; a
 * sender whose journal starts later starts at its journal's first record.
 */
public final class ResumeDescriptor
{
    /** The layout this code writes and reads. */
    public static final short VERSION = 1;

    public static final int VERSION_OFFSET = 0;
    public static final int NEXT_INDEX_OFFSET = 8;
    /** Length of a resume request. */
    public static final int LENGTH = 16;

    private ResumeDescriptor()
    {
    }
}
