package io.ringway;

/**
 * Offsets of the ring trailer, which follows the ring data area (docs/LAYOUT.md, section 4). Each counter sits
 * alone in a 128-byte slot. The values equal Agrona's {@code RingBufferDescriptor}; a test checks that they do.
 *
 * <pre>
 *  trailer start (file offset 4096 + capacity)
 *  +------------------+------------------------------+
 *  | 0   .. 127       | unused                       |
 *  | 128 .. 255       | tailPosition (int64)         |  producers
 *  | 256 .. 383       | headCachePosition (int64)    |  producers
 *  | 384 .. 511       | headPosition (int64)         |  consumer
 *  | 512 .. 639       | correlationCounter (int64)   |  anyone
 *  | 640 .. 767       | consumerHeartbeat (int64)    |  unused by Ringway (Agrona's)
 *  +------------------+------------------------------+ 768
 * </pre>
 */
public final class TrailerDescriptor
{
    private static final int COUNTER_SLOT_LENGTH = 128;

    public static final int TAIL_POSITION_OFFSET = COUNTER_SLOT_LENGTH;
    public static final int HEAD_CACHE_POSITION_OFFSET = 2 * COUNTER_SLOT_LENGTH;
    public static final int HEAD_POSITION_OFFSET = 3 * COUNTER_SLOT_LENGTH;
    public static final int CORRELATION_COUNTER_OFFSET = 4 * COUNTER_SLOT_LENGTH;
    public static final int CONSUMER_HEARTBEAT_OFFSET = 5 * COUNTER_SLOT_LENGTH;
    public static final int TRAILER_LENGTH = 6 * COUNTER_SLOT_LENGTH;

    private TrailerDescriptor()
    {
    }
}
