package io.ringway;

/**
 * Offsets of the channel file's header page (docs/LAYOUT.md, section 3). Every field group sits in its own
 * 128-byte slot so that fields written by different parties never share a cache line.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      magic "RINGWAY\0" (8)                    |  0   identity slot
 *  +-------------------------------+-------------------------------+
 *  |        layoutVersion          |          ringKind             |  8
 *  +-------------------------------+-------------------------------+
 *  |        headerLength           |          capacity             |  16
 *  +-------------------------------+-------------------------------+
 *  |        maxMessageLength       |          trailerLength        |  24
 *  +-------------------------------+-------------------------------+
 *  |                      creationTimeMs (8)                       |  32
 *  +---------------------------------------------------------------+
 *  |                      creatorPid (8)                           |  40
 *  +-------------------------------+-------------------------------+
 *  |        schemaId               |          schemaVersion        |  48
 *  +-------------------------------+-------------------------------+
 *  |                      pidNamespace (8)                         |  56  (layout 1.3)
 *  +---------------------------------------------------------------+
 *  |        dataSequence           |          dataWaiters          |  128 data-available wait slot
 *  +-------------------------------+-------------------------------+
 *  |        spaceSequence          |          spaceWaiters         |  256 space-available wait slot
 *  +---------------------------------------------------------------+
 *  |   producerLease (8) | producerHeartbeatMs (8) | producerPid (8)|  384 producer slot
 *  +---------------------------------------------------------------+
 *  |   consumerLease (8) | consumerHeartbeatMs (8) | consumerPid (8)|  512 consumer slot
 *  |   consumerMembarrierLease (8)                                 |  536 (layout 1.5)
 *  +---------------------------------------------------------------+
 *  |   backPressureCount (8) | wakeCount (8)                       |  640 producer counter slot
 *  +---------------------------------------------------------------+
 *  |   messagesConsumed (8) | unblockedRecordCount (8)            |  768 consumer counter slot
 *  |   pendingHeadPosition (8)                                     |  784
 *  +---------------------------------------------------------------+
 *  |                    reserved (zero) to 1024                    |
 *  +---------------------------------------------------------------+
 *  |   producer slot 0: token (8) | claimFloorPosition (8)         |  1024 MPSC producer slots (LAYOUT 3.1):
 *  |                    reserved to 64                             |       48 slots of 64 bytes,
 *  +---------------------------------------------------------------+       slot k at 1024 + 64 k
 *  |   producer slot 1 ... producer slot 47                        |  1088 .. 4095
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * One MPSC producer slot, offsets from the slot's start:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      token (8): 0 = free                      |  0   owner's lease token (LAYOUT 8)
 *  +---------------------------------------------------------------+
 *  |                      claimFloorPosition (8)                   |  8   INT64_MAX = no claim in progress
 *  +---------------------------------------------------------------+
 *  |                      reserved (zero) to 64                    |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class HeaderDescriptor
{
    /** Length of the header page; the ring data area starts here. */
    public static final int HEADER_LENGTH = 4096;
    /** Length of one slot: two cache lines, so that adjacent-line prefetch does not cause false sharing. */
    public static final int SLOT_LENGTH = 128;

    /** The ASCII bytes {@code RINGWAY\0} read as a little-endian int64. */
    public static final long MAGIC = 0x00594157474E4952L;
    /** Major version of the layout this code implements; a file with another major is refused. */
    public static final int LAYOUT_MAJOR_VERSION = 1;
    /** Minor version of the layout this code writes. */
    public static final int LAYOUT_MINOR_VERSION = 5;
    /** The layoutVersion word: {@code major << 16 | minor}. */
    public static final int LAYOUT_VERSION = (LAYOUT_MAJOR_VERSION << 16) | LAYOUT_MINOR_VERSION;

    // identity slot, written once by the creator; layoutVersion last, with release order
    public static final int MAGIC_OFFSET = 0;
    public static final int LAYOUT_VERSION_OFFSET = 8;
    public static final int RING_KIND_OFFSET = 12;
    public static final int HEADER_LENGTH_OFFSET = 16;
    public static final int CAPACITY_OFFSET = 20;
    public static final int MAX_MESSAGE_LENGTH_OFFSET = 24;
    public static final int TRAILER_LENGTH_OFFSET = 28;
    public static final int CREATION_TIME_MS_OFFSET = 32;
    public static final int CREATOR_PID_OFFSET = 40;
    public static final int SCHEMA_ID_OFFSET = 48;
    public static final int SCHEMA_VERSION_OFFSET = 52;
    /**
     * Inode number of the creator's pid namespace ({@code /proc/self/ns/pid}); {@code 0} when unknown or written by a
     * layout 1.2 creator (LAYOUT 3, 10.3).
     */
    public static final int PID_NAMESPACE_OFFSET = 56;
    /**
     * A random non-zero int64 chosen by the creator, unique per file, that names the file's kernel objects on platforms
     * whose wakeups need names (Windows events, docs/PORTING.md); {@code 0} in files of creators before layout 1.4.
     */
    public static final int CHANNEL_ID_OFFSET = 64;

    // wait slots: futex sequence word and waiters flag (docs/LAYOUT.md, section 9)
    public static final int DATA_SEQUENCE_OFFSET = SLOT_LENGTH;
    public static final int DATA_WAITERS_OFFSET = DATA_SEQUENCE_OFFSET + 4;
    public static final int SPACE_SEQUENCE_OFFSET = 2 * SLOT_LENGTH;
    public static final int SPACE_WAITERS_OFFSET = SPACE_SEQUENCE_OFFSET + 4;

    // producer slot
    public static final int PRODUCER_LEASE_OFFSET = 3 * SLOT_LENGTH;
    public static final int PRODUCER_HEARTBEAT_MS_OFFSET = PRODUCER_LEASE_OFFSET + 8;
    public static final int PRODUCER_PID_OFFSET = PRODUCER_LEASE_OFFSET + 16;

    // consumer slot
    public static final int CONSUMER_LEASE_OFFSET = 4 * SLOT_LENGTH;
    public static final int CONSUMER_HEARTBEAT_MS_OFFSET = CONSUMER_LEASE_OFFSET + 8;
    public static final int CONSUMER_PID_OFFSET = CONSUMER_LEASE_OFFSET + 16;
    /**
     * The consumerLease value of a consumer that issues membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED) instead of a full
     * fence before the re-check of each park, or {@code 0}: while it equals {@code consumerLease}, registered producers
     * may skip the full fence of each wake check (LAYOUT 9.8, layout 1.5).
     */
    public static final int CONSUMER_MEMBARRIER_LEASE_OFFSET = CONSUMER_LEASE_OFFSET + 24;

    // producer counter slot
    public static final int BACK_PRESSURE_COUNT_OFFSET = 5 * SLOT_LENGTH;
    public static final int WAKE_COUNT_OFFSET = BACK_PRESSURE_COUNT_OFFSET + 8;

    // consumer counter slot
    public static final int MESSAGES_CONSUMED_OFFSET = 6 * SLOT_LENGTH;
    /** Records a consumer or a new SPSC producer turned into padding because a dead producer never committed them. */
    public static final int UNBLOCKED_RECORD_COUNT_OFFSET = MESSAGES_CONSUMED_OFFSET + 8;
    /** MPSC: the head position a consumer is zeroing towards, stored before it zeroes and releases the head. */
    public static final int PENDING_HEAD_POSITION_OFFSET = MESSAGES_CONSUMED_OFFSET + 16;

    // MPSC producer slots (layout 1.2, docs/LAYOUT.md section 3.1): who may own a claim the consumer is stopped at
    /** File offset of MPSC producer slot 0; slot k starts at {@code PRODUCER_SLOTS_OFFSET + k * PRODUCER_SLOT_LENGTH}. */
    public static final int PRODUCER_SLOTS_OFFSET = 8 * SLOT_LENGTH;
    /** Length of one MPSC producer slot: one cache line, written by its owner on every claim. */
    public static final int PRODUCER_SLOT_LENGTH = 64;
    /** Number of MPSC producer slots: they fill the header page from {@link #PRODUCER_SLOTS_OFFSET} to its end. */
    public static final int PRODUCER_SLOT_COUNT = (HEADER_LENGTH - PRODUCER_SLOTS_OFFSET) / PRODUCER_SLOT_LENGTH;
    /** Slot-relative: the owning process's lease token, 0 when the slot is free. */
    public static final int PRODUCER_SLOT_TOKEN_OFFSET = 0;
    /** Slot-relative: a position at or below the owner's oldest claim in progress, INT64_MAX when there is none. */
    public static final int PRODUCER_SLOT_CLAIM_FLOOR_OFFSET = 8;
    /** The claim floor of a slot whose owner has no claim in progress. */
    public static final long NO_CLAIM_FLOOR_POSITION = Long.MAX_VALUE;

    /** Smallest ring data capacity: keeps {@code maxMessageLength = capacity / 8} at 8 bytes or more. */
    public static final int MIN_CAPACITY = 64;
    /** Largest ring data capacity: ring indexes are int32 and the ring region must fit one mapping. */
    public static final int MAX_CAPACITY = 1 << 30;

    private HeaderDescriptor()
    {
    }

    /**
     * @param slot a producer slot number, 0 to {@link #PRODUCER_SLOT_COUNT} - 1.
     * @return the file offset of that slot.
     */
    public static int producerSlotOffset(final int slot)
    {
        return PRODUCER_SLOTS_OFFSET + slot * PRODUCER_SLOT_LENGTH;
    }

    /**
     * @param capacity ring data capacity in bytes.
     * @return the largest message body that a channel of this capacity accepts.
     */
    public static int maxMessageLength(final int capacity)
    {
        return capacity / 8;
    }

    /**
     * @param capacity ring data capacity in bytes.
     * @return the whole file length: header page, ring data and ring trailer.
     */
    public static long fileLength(final int capacity)
    {
        return (long)HEADER_LENGTH + capacity + TrailerDescriptor.TRAILER_LENGTH;
    }

    /**
     * @param capacity a candidate capacity.
     * @return true when it is a power of two within [MIN_CAPACITY, MAX_CAPACITY].
     */
    public static boolean isValidCapacity(final long capacity)
    {
        return capacity >= MIN_CAPACITY && capacity <= MAX_CAPACITY && (capacity & (capacity - 1)) == 0;
    }
}
