package io.ringway.journal;

/**
 * Offsets and sizes of a journal segment file (docs/LAYOUT.md section 14). Each constant equals the {@code offset}
 * column of its row in LAYOUT.md's tables; {@code JournalLayoutSpecTest} reads those tables and checks.
 */
public final class JournalDescriptor
{
    /** {@code "RWJOURNL"} as a little-endian int64. */
    public static final long MAGIC = 0x4C4E52554F4A5752L;
    /** Journal format version 1.1 ({@code major << 16 | minor}): 1.0 plus the follower wait slot (LAYOUT 14.9). */
    public static final int JOURNAL_VERSION = 0x0001_0001;
    /** The major version this implementation reads and writes. */
    public static final int JOURNAL_VERSION_MAJOR = 1;

    /** Length of the segment header; the index area starts here. */
    public static final int HEADER_LENGTH = 4096;
    /** Segments, and the index area, are multiples of this. */
    public static final int PAGE_LENGTH = 4096;

    // identity slot: written by the segment's creator before the rename that makes it visible
    public static final int MAGIC_OFFSET = 0;
    public static final int JOURNAL_VERSION_OFFSET = 8;
    public static final int HEADER_LENGTH_OFFSET = 12;
    public static final int SEGMENT_LENGTH_OFFSET = 16;
    public static final int FIRST_INDEX_OFFSET = 24;
    public static final int DATA_OFFSET_OFFSET = 32;
    public static final int INDEX_SPACING_OFFSET = 40;
    public static final int INDEX_ENTRY_COUNT_OFFSET = 44;
    public static final int SCHEMA_ID_OFFSET = 48;
    public static final int SCHEMA_VERSION_OFFSET = 52;
    public static final int MAX_MESSAGE_LENGTH_OFFSET = 56;
    public static final int JOURNAL_ID_OFFSET = 64;
    public static final int CREATION_TIME_MS_OFFSET = 72;
    public static final int SOURCE_CREATION_TIME_MS_OFFSET = 80;
    public static final int SOURCE_CREATOR_PID_OFFSET = 88;

    // writer slot: the appending writer's progress
    public static final int COMMITTED_END_OFFSET = 128;
    public static final int NEXT_INDEX_OFFSET = 144;
    public static final int SEGMENT_STATE_OFFSET = 152;
    // two source slots (LAYOUT 14.4 step 4): the record with index i uses slot i & 1
    public static final int SOURCE_POSITION_0_OFFSET = 160;
    public static final int SOURCE_COMMITTED_END_0_OFFSET = 168;
    public static final int SOURCE_POSITION_1_OFFSET = 176;
    public static final int SOURCE_COMMITTED_END_1_OFFSET = 184;
    /** Distance from source slot 0 to source slot 1. */
    public static final int SOURCE_SLOT_LENGTH = 16;

    // writer lease slot
    public static final int WRITER_LEASE_OFFSET = 256;
    public static final int WRITER_PID_OFFSET = 264;

    // follower wait slot (LAYOUT 14.9, journal 1.1): followers park on dataSequence, the writer wakes them
    public static final int DATA_SEQUENCE_OFFSET = 384;
    public static final int DATA_WAITERS_OFFSET = 388;
    public static final int WAKE_COUNT_OFFSET = 392;

    /** {@code segmentState}: the writer may append. */
    public static final int SEGMENT_OPEN = 0;
    /** {@code segmentState}: nothing more is appended; the next segment exists. */
    public static final int SEGMENT_SEALED = 1;

    // index entry k at HEADER_LENGTH + k * ENTRY_LENGTH
    public static final int ENTRY_RECORD_OFFSET_OFFSET = 0;
    public static final int ENTRY_TIMESTAMP_OFFSET = 8;
    public static final int ENTRY_LENGTH = 16;

    // journal record
    public static final int RECORD_LENGTH_OFFSET = 0;
    public static final int RECORD_TYPE_ID_OFFSET = 4;
    public static final int RECORD_INDEX_OFFSET = 8;
    public static final int RECORD_TIMESTAMP_OFFSET = 16;
    public static final int RECORD_HEADER_LENGTH = 24;
    /** Records start at multiples of this. */
    public static final int RECORD_ALIGNMENT = 8;

    /** Largest {@code segmentLength}: 1 GiB. */
    public static final long MAX_SEGMENT_LENGTH = 1L << 30;
    /** Largest {@code indexSpacing}. */
    public static final int MAX_INDEX_SPACING = 65536;
    /** Segment file names: the first record's index in this many decimal digits, then {@link #SEGMENT_SUFFIX}. */
    public static final int SEGMENT_NAME_DIGITS = 20;
    public static final String SEGMENT_SUFFIX = ".rwj";
    /** A segment being created is named {@code <name>.rwj.tmp-<pid>}. */
    public static final String TEMPORARY_SUFFIX = ".tmp-";

    private JournalDescriptor()
    {
    }

    /**
     * @param index a record index.
     * @return the offset of that record's source slot: its sourcePosition, then its sourceCommittedEnd.
     */
    public static int sourceSlotOffset(final long index)
    {
        return SOURCE_POSITION_0_OFFSET + (int)(index & 1) * SOURCE_SLOT_LENGTH;
    }

    /**
     * @param indexEntryCount entries in the index area.
     * @return the file offset of the first record: the header and the index area rounded up to a page.
     */
    public static long dataOffset(final int indexEntryCount)
    {
        return HEADER_LENGTH + align((long)indexEntryCount * ENTRY_LENGTH, PAGE_LENGTH);
    }

    /**
     * @param bodyLength a message body's length.
     * @return the bytes its journal record occupies.
     */
    public static int alignedRecordLength(final int bodyLength)
    {
        return (int)align(RECORD_HEADER_LENGTH + (long)bodyLength, RECORD_ALIGNMENT);
    }

    /**
     * @param value     a non-negative value.
     * @param alignment a power of two.
     * @return the smallest multiple of {@code alignment} that is {@code >= value}.
     */
    public static long align(final long value, final long alignment)
    {
        return (value + alignment - 1) & -alignment;
    }

    /**
     * @param firstIndex a segment's first record index.
     * @return the segment's file name, e.g. {@code 00000000000000812345.rwj}.
     */
    public static String segmentFileName(final long firstIndex)
    {
        final String digits = Long.toString(firstIndex);
        return "0".repeat(SEGMENT_NAME_DIGITS - digits.length()) + digits + SEGMENT_SUFFIX;
    }

    /**
     * @param fileName a file name in a journal directory.
     * @return the first index the name says, or {@code -1} when it is not a segment's name.
     */
    public static long parseSegmentFileName(final String fileName)
    {
        if (fileName.length() != SEGMENT_NAME_DIGITS + SEGMENT_SUFFIX.length() || !fileName.endsWith(SEGMENT_SUFFIX))
        {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < SEGMENT_NAME_DIGITS; i++)
        {
            final char c = fileName.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            if (value > (Long.MAX_VALUE - (c - '0')) / 10)
            {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
