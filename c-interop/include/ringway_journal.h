/*
 * ringway_journal.h: reading Ringway journals (LAYOUT 14) from C (C11) and C++. It builds on ringway.h (its layout
 * accessors, errors, wait strategies and futex calls) and includes it; include this header instead of ringway.h where
 * both channels and journals are used.
 *
 * A journal is a directory of segment files a Java JournalWriter appends to. A reader maps each segment with PROT_READ
 * and writes nothing but the follower wait slot's dataWaiters flag, through a second, read-write mapping of the header
 * page made only when ringway_journal_poll_wait parks (LAYOUT 14.9).
 *
 * Use:
 *
 *     #include "ringway_journal.h"    // include it first, or build with -D_GNU_SOURCE / -D_POSIX_C_SOURCE=200809L
 *
 *     ringway_journal_reader_t reader;
 *     if (ringway_journal_open(&reader, "/var/lib/app/orders-journal") < 0)
 *         fprintf(stderr, "%s\n", ringway_journal_last_error(&reader));
 *     ringway_journal_seek_time(&reader, since_ns);                       // optional: or seek_index, seek_end
 *     int delivered = ringway_journal_poll(&reader, on_record, clientd, 256);   // 0 at the tail: call again to follow
 *     delivered = ringway_journal_poll_wait(&reader, on_record, clientd, 256, timeout_ns);  // or park at the tail
 *     ringway_journal_close(&reader);
 *
 * Every function returns RINGWAY_OK (0), a non-negative count or index, or a negative ringway_result_t (ringway.h);
 * the reader keeps the detail of its last error in the same form as a channel's. The reader is a plain struct owned
 * by the caller; like ringway.h this header allocates no memory (a seek lists the directory with readdir instead of
 * keeping a list of segments). One thread at a time uses a reader.
 *
 * Contents: the layout constants and types of LAYOUT 14, then "The journal reader's API, grouped" (a declaration of
 * every public function), then the implementation in dependency order. A test (header.api_listed) checks that every
 * public function defined here is declared in that list.
 */
#ifndef RINGWAY_JOURNAL_H
#define RINGWAY_JOURNAL_H

#include "ringway.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------------------------------
 * Constants (LAYOUT 14.1, 14.2, 14.3)
 * ---------------------------------------------------------------------------------------------------------------- */

/** The ASCII bytes "RWJOURNL" read as a little-endian int64 (LAYOUT 14.2). */
#define RINGWAY_JOURNAL_MAGIC INT64_C(0x4C4E52554F4A5752)
#define RINGWAY_JOURNAL_MAJOR_VERSION 1
#define RINGWAY_JOURNAL_MINOR_VERSION 1
/** major << 16 | minor: journal version 1.1 (1.0 plus the follower wait slot, LAYOUT 14.9). */
#define RINGWAY_JOURNAL_VERSION ((RINGWAY_JOURNAL_MAJOR_VERSION << 16) | RINGWAY_JOURNAL_MINOR_VERSION)
/** Length of a segment header; the index area starts at this file offset. */
#define RINGWAY_JOURNAL_HEADER_LENGTH 4096
/** The index area is padded to, and segment lengths are, multiples of this. */
#define RINGWAY_JOURNAL_PAGE_LENGTH 4096
#define RINGWAY_JOURNAL_MAX_SEGMENT_LENGTH (INT64_C(1) << 30)
#define RINGWAY_JOURNAL_MAX_INDEX_SPACING 65536
#define RINGWAY_JOURNAL_SEGMENT_OPEN 0
#define RINGWAY_JOURNAL_SEGMENT_SEALED 1
/** Segment file names: the first record's index as exactly this many decimal digits, then ".rwj" (LAYOUT 14.1). */
#define RINGWAY_JOURNAL_SEGMENT_NAME_DIGITS 20
#define RINGWAY_JOURNAL_SEGMENT_SUFFIX ".rwj"

/* Segment header offsets (LAYOUT 14.2); the ringway_journal_segment_header_t asserts below check each one. */
#define RINGWAY_JOURNAL_MAGIC_OFFSET 0
#define RINGWAY_JOURNAL_JOURNAL_VERSION_OFFSET 8
#define RINGWAY_JOURNAL_HEADER_LENGTH_OFFSET 12
#define RINGWAY_JOURNAL_SEGMENT_LENGTH_OFFSET 16
#define RINGWAY_JOURNAL_FIRST_INDEX_OFFSET 24
#define RINGWAY_JOURNAL_DATA_OFFSET_OFFSET 32
#define RINGWAY_JOURNAL_INDEX_SPACING_OFFSET 40
#define RINGWAY_JOURNAL_INDEX_ENTRY_COUNT_OFFSET 44
#define RINGWAY_JOURNAL_SCHEMA_ID_OFFSET 48
#define RINGWAY_JOURNAL_SCHEMA_VERSION_OFFSET 52
#define RINGWAY_JOURNAL_MAX_MESSAGE_LENGTH_OFFSET 56
#define RINGWAY_JOURNAL_JOURNAL_ID_OFFSET 64
#define RINGWAY_JOURNAL_CREATION_TIME_MS_OFFSET 72
#define RINGWAY_JOURNAL_SOURCE_CREATION_TIME_MS_OFFSET 80
#define RINGWAY_JOURNAL_SOURCE_CREATOR_PID_OFFSET 88
#define RINGWAY_JOURNAL_COMMITTED_END_OFFSET 128
#define RINGWAY_JOURNAL_NEXT_INDEX_OFFSET 144
#define RINGWAY_JOURNAL_SEGMENT_STATE_OFFSET 152
/* Two source slots (LAYOUT 14.4 step 4): the record with index i uses slot i & 1. Readers do not need them. */
#define RINGWAY_JOURNAL_SOURCE_POSITION_0_OFFSET 160
#define RINGWAY_JOURNAL_SOURCE_COMMITTED_END_0_OFFSET 168
#define RINGWAY_JOURNAL_SOURCE_POSITION_1_OFFSET 176
#define RINGWAY_JOURNAL_SOURCE_COMMITTED_END_1_OFFSET 184
#define RINGWAY_JOURNAL_WRITER_LEASE_OFFSET 256
#define RINGWAY_JOURNAL_WRITER_PID_OFFSET 264
/* Follower wait slot (LAYOUT 14.9, journal 1.1): followers park on dataSequence, the writer wakes them. */
#define RINGWAY_JOURNAL_DATA_SEQUENCE_OFFSET 384
#define RINGWAY_JOURNAL_DATA_WAITERS_OFFSET 388
#define RINGWAY_JOURNAL_WAKE_COUNT_OFFSET 392
/** Longest sleep of ringway_journal_poll_wait on a segment it cannot open for writing, so cannot park on. */
#define RINGWAY_JOURNAL_UNWRITABLE_SLEEP_NS INT64_C(1000000)

/* Index entry k, at file offset RINGWAY_JOURNAL_HEADER_LENGTH + k * RINGWAY_JOURNAL_ENTRY_LENGTH. */
#define RINGWAY_JOURNAL_ENTRY_RECORD_OFFSET_OFFSET 0
#define RINGWAY_JOURNAL_ENTRY_TIMESTAMP_OFFSET 8
#define RINGWAY_JOURNAL_ENTRY_LENGTH 16

/* Journal record (LAYOUT 14.3), at an 8-byte-aligned file offset in [dataOffset, committedEnd). */
#define RINGWAY_JOURNAL_RECORD_LENGTH_OFFSET 0
#define RINGWAY_JOURNAL_RECORD_TYPE_ID_OFFSET 4
#define RINGWAY_JOURNAL_RECORD_INDEX_OFFSET 8
#define RINGWAY_JOURNAL_RECORD_TIMESTAMP_OFFSET 16
#define RINGWAY_JOURNAL_RECORD_HEADER_LENGTH 24
#define RINGWAY_JOURNAL_RECORD_ALIGNMENT 8

/** Idle polls at the committedEnd of an open segment between two fstat checks of its length (LAYOUT 14.8). */
#define RINGWAY_JOURNAL_DEFAULT_IDLE_POLLS_PER_LENGTH_CHECK 64

/* ------------------------------------------------------------------------------------------------------------------
 * Layout structs (LAYOUT 14.2, 14.3), without implicit padding like ringway.h's; shared fields are only ever read and
 * written through ringway.h's ringway_get_* / ringway_put_* functions.
 * ---------------------------------------------------------------------------------------------------------------- */

/**
 * A segment header (LAYOUT 14.2): file bytes [0, 4096) of a segment.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      magic "RWJOURNL" (8)                     |  0   identity (creator)
 *  +-------------------------------+-------------------------------+
 *  |        journalVersion         |          headerLength         |  8
 *  +-------------------------------+-------------------------------+
 *  |   segmentLength (8) | firstIndex (8) | dataOffset (8)         |  16
 *  +-------------------------------+-------------------------------+
 *  |        indexSpacing           |          indexEntryCount      |  40
 *  +-------------------------------+-------------------------------+
 *  |        schemaId               |          schemaVersion        |  48
 *  +-------------------------------+-------------------------------+
 *  |        maxMessageLength       |          (reserved)           |  56
 *  +-------------------------------+-------------------------------+
 *  |   journalId (8) | creationTimeMs (8) | sourceCreationTimeMs (8) |  64
 *  |   sourceCreatorPid (8)                                        |  88
 *  +---------------------------------------------------------------+
 *  |   committedEnd (8) | sourcePosition (8) | nextIndex (8)       |  128 writer slot
 *  |        segmentState           |                               |  152
 *  +---------------------------------------------------------------+
 *  |   writerLease (8) | writerPid (8)                             |  256 writer lease slot
 *  +-------------------------------+-------------------------------+
 *  |        dataSequence           |          dataWaiters          |  384 follower wait slot (14.9)
 *  |   wakeCount (8)                                               |  392
 *  +---------------------------------------------------------------+  reserved to 4096
 * </pre>
 */
typedef struct ringway_journal_segment_header_stct
{
    int64_t magic;
    int32_t journal_version;
    int32_t header_length;
    int64_t segment_length;
    int64_t first_index;
    int64_t data_offset;
    int32_t index_spacing;
    int32_t index_entry_count;
    int32_t schema_id;
    int32_t schema_version;
    int32_t max_message_length;
    int32_t identity_padding;
    int64_t journal_id;
    int64_t creation_time_ms;
    int64_t source_creation_time_ms;
    int64_t source_creator_pid;
    uint8_t identity_reserved[RINGWAY_SLOT_LENGTH - 96];

    int64_t committed_end;
    int64_t writer_reserved_136;
    int64_t next_index;
    int32_t segment_state;
    int32_t writer_padding;
    int64_t source_position_0;
    int64_t source_committed_end_0;
    int64_t source_position_1;
    int64_t source_committed_end_1;
    uint8_t writer_reserved[RINGWAY_SLOT_LENGTH - 64];

    int64_t writer_lease;
    int64_t writer_pid;
    uint8_t lease_reserved[RINGWAY_SLOT_LENGTH - 16];

    int32_t data_sequence;
    int32_t data_waiters;
    int64_t wake_count;
    uint8_t reserved[RINGWAY_JOURNAL_HEADER_LENGTH - 3 * RINGWAY_SLOT_LENGTH - 16];
}
ringway_journal_segment_header_t;

RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, magic) == RINGWAY_JOURNAL_MAGIC_OFFSET,
    "journal magic offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, journal_version) ==
    RINGWAY_JOURNAL_JOURNAL_VERSION_OFFSET, "journalVersion offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, header_length) ==
    RINGWAY_JOURNAL_HEADER_LENGTH_OFFSET, "journal headerLength offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, segment_length) ==
    RINGWAY_JOURNAL_SEGMENT_LENGTH_OFFSET, "segmentLength offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, first_index) == RINGWAY_JOURNAL_FIRST_INDEX_OFFSET,
    "firstIndex offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, data_offset) == RINGWAY_JOURNAL_DATA_OFFSET_OFFSET,
    "dataOffset offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, index_spacing) ==
    RINGWAY_JOURNAL_INDEX_SPACING_OFFSET, "indexSpacing offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, index_entry_count) ==
    RINGWAY_JOURNAL_INDEX_ENTRY_COUNT_OFFSET, "indexEntryCount offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, schema_id) == RINGWAY_JOURNAL_SCHEMA_ID_OFFSET,
    "journal schemaId offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, schema_version) ==
    RINGWAY_JOURNAL_SCHEMA_VERSION_OFFSET, "journal schemaVersion offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, max_message_length) ==
    RINGWAY_JOURNAL_MAX_MESSAGE_LENGTH_OFFSET, "journal maxMessageLength offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, journal_id) == RINGWAY_JOURNAL_JOURNAL_ID_OFFSET,
    "journalId offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, creation_time_ms) ==
    RINGWAY_JOURNAL_CREATION_TIME_MS_OFFSET, "journal creationTimeMs offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, source_creation_time_ms) ==
    RINGWAY_JOURNAL_SOURCE_CREATION_TIME_MS_OFFSET, "sourceCreationTimeMs offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, source_creator_pid) ==
    RINGWAY_JOURNAL_SOURCE_CREATOR_PID_OFFSET, "sourceCreatorPid offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, committed_end) ==
    RINGWAY_JOURNAL_COMMITTED_END_OFFSET, "committedEnd offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, source_position_0) ==
    RINGWAY_JOURNAL_SOURCE_POSITION_0_OFFSET, "sourcePosition0 offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, source_committed_end_0) ==
    RINGWAY_JOURNAL_SOURCE_COMMITTED_END_0_OFFSET, "sourceCommittedEnd0 offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, source_position_1) ==
    RINGWAY_JOURNAL_SOURCE_POSITION_1_OFFSET, "sourcePosition1 offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, source_committed_end_1) ==
    RINGWAY_JOURNAL_SOURCE_COMMITTED_END_1_OFFSET, "sourceCommittedEnd1 offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, next_index) == RINGWAY_JOURNAL_NEXT_INDEX_OFFSET,
    "nextIndex offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, segment_state) ==
    RINGWAY_JOURNAL_SEGMENT_STATE_OFFSET, "segmentState offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, writer_lease) == RINGWAY_JOURNAL_WRITER_LEASE_OFFSET,
    "writerLease offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, writer_pid) == RINGWAY_JOURNAL_WRITER_PID_OFFSET,
    "writerPid offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, data_sequence) ==
    RINGWAY_JOURNAL_DATA_SEQUENCE_OFFSET, "journal dataSequence offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, data_waiters) == RINGWAY_JOURNAL_DATA_WAITERS_OFFSET,
    "journal dataWaiters offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_segment_header_t, wake_count) == RINGWAY_JOURNAL_WAKE_COUNT_OFFSET,
    "journal wakeCount offset");
RINGWAY_STATIC_ASSERT(sizeof(ringway_journal_segment_header_t) == RINGWAY_JOURNAL_HEADER_LENGTH,
    "segment header is 4096 bytes");

/** Index entry k (LAYOUT 14.2): describes the record with index firstIndex + k * indexSpacing. */
typedef struct ringway_journal_index_entry_stct
{
    int64_t record_offset;
    int64_t timestamp_ns;
}
ringway_journal_index_entry_t;

RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_index_entry_t, record_offset) ==
    RINGWAY_JOURNAL_ENTRY_RECORD_OFFSET_OFFSET, "entry recordOffset offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_index_entry_t, timestamp_ns) == RINGWAY_JOURNAL_ENTRY_TIMESTAMP_OFFSET,
    "entry timestampNs offset");
RINGWAY_STATIC_ASSERT(sizeof(ringway_journal_index_entry_t) == RINGWAY_JOURNAL_ENTRY_LENGTH, "index entry length");

/**
 * A journal record header (LAYOUT 14.3); the body (length - 24 bytes) follows it.
 *
 * <pre>
 *  +-------------------------------+-------------------------------+
 *  |        length (header incl.)  |          typeId (>= 1)        |  +0
 *  +-------------------------------+-------------------------------+
 *  |                      index (8)                                |  +8
 *  +---------------------------------------------------------------+
 *  |                      timestampNs (8)                          |  +16
 *  +---------------------------------------------------------------+
 *  |                      body (length - 24 bytes)                ...  +24
 * </pre>
 */
typedef struct ringway_journal_record_header_stct
{
    int32_t length;
    int32_t type_id;
    int64_t index;
    int64_t timestamp_ns;
}
ringway_journal_record_header_t;

RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_record_header_t, length) == RINGWAY_JOURNAL_RECORD_LENGTH_OFFSET,
    "journal record length offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_record_header_t, type_id) == RINGWAY_JOURNAL_RECORD_TYPE_ID_OFFSET,
    "journal record typeId offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_record_header_t, index) == RINGWAY_JOURNAL_RECORD_INDEX_OFFSET,
    "journal record index offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_journal_record_header_t, timestamp_ns) ==
    RINGWAY_JOURNAL_RECORD_TIMESTAMP_OFFSET, "journal record timestampNs offset");
RINGWAY_STATIC_ASSERT(sizeof(ringway_journal_record_header_t) == RINGWAY_JOURNAL_RECORD_HEADER_LENGTH,
    "journal record header is 24 bytes");

/* ------------------------------------------------------------------------------------------------------------------
 * The handler and the reader: plain structs owned by the caller. Read them through the functions below; their members
 * are private.
 * ---------------------------------------------------------------------------------------------------------------- */

/**
 * Receives one record during ringway_journal_poll. The body points into the read-only mapping of a segment and is
 * valid until the reader moves to another segment or closes: copy what you keep.
 */
typedef void (*ringway_journal_handler_t)(
    void *clientd, int64_t index, int64_t timestamp_ns, int32_t type_id, const uint8_t *body, int32_t body_length);

/** One mapped, validated segment (private). */
typedef struct ringway_journal_segment_stct
{
    uint8_t *mapped;
    size_t mapped_length;
    int fd;
    ringway_journal_segment_header_t *header;
    int64_t segment_length;
    int64_t first_index;
    int64_t data_offset;
    int32_t index_spacing;
    int32_t index_entry_count;
    int32_t max_message_length;
    int64_t journal_id;
    /** The header page mapped a second time, read-write, on the first park (LAYOUT 14.9); NULL until then. */
    ringway_journal_segment_header_t *wait_header;
    /** The file could not be opened for writing: ringway_journal_poll_wait sleeps instead of parking. */
    bool wait_header_unwritable;
    char path[RINGWAY_PATH_MAX_LENGTH];
}
ringway_journal_segment_t;

/**
 * What ringway_journal_open_with_options accepts beyond its default (LAYOUT 14.1): by default the journal directory
 * and every segment must belong to this process's effective uid, the directory must not be a symlink and no other
 * user may write it (group or other write bit). allow_other_owner accepts a directory and segments of another user,
 * and a directory other users may write; follow_symlinks follows a symlink at the directory's path (never at a
 * segment's: a segment that is a symlink is always refused).
 */
typedef struct ringway_journal_open_options_stct
{
    bool allow_other_owner;
    bool follow_symlinks;
}
ringway_journal_open_options_t;

/** A journal reader: the caller owns it; its members are private (read them through the functions below). */
typedef struct ringway_journal_reader_stct
{
    char directory[RINGWAY_PATH_MAX_LENGTH];
    /** As the options it was opened with (LAYOUT 14.1): checked at every segment it opens. */
    bool allow_other_owner;
    ringway_journal_segment_t segment;
    bool is_open;
    int64_t journal_id;
    /** File offset of the next record in the segment. */
    int64_t read_offset;
    /** The segment's committedEnd as last loaded (acquire). */
    int64_t committed_end;
    /** Index of the next record. */
    int64_t next_index;
    int64_t last_timestamp_ns;
    /** After a seek: records below this index, or before this time, are checked and passed over, not delivered. */
    int64_t skip_below_index;
    int64_t skip_before_timestamp_ns;
    int32_t idle_polls;
    int32_t idle_polls_per_length_check;
    /** How ringway_journal_poll_wait waits at the tail; ringway_wait_backoff_default() unless set. */
    ringway_wait_strategy_t wait_strategy;
    /** Moves to another segment: a re-check that moved must not park on the old segment's slot. */
    int64_t segment_moves;
    int64_t park_count;
    int64_t park_timeout_count;
    ringway_error_t error;
}
ringway_journal_reader_t;

/* ------------------------------------------------------------------------------------------------------------------
 * The journal reader's API, grouped. Every function is static inline and defined further down, in the order the
 * implementation needs; these declarations are the list to read. Return values: see the definitions.
 * ---------------------------------------------------------------------------------------------------------------- */

/* Opening and closing (LAYOUT 14.1, 14.2); a reader keeps its last error */
static inline int ringway_journal_open(ringway_journal_reader_t *reader, const char *directory);
static inline int ringway_journal_open_with_options(ringway_journal_reader_t *reader, const char *directory,
    const ringway_journal_open_options_t *options);
static inline int ringway_journal_close(ringway_journal_reader_t *reader);
static inline int ringway_journal_check_not_truncated(ringway_journal_reader_t *reader);

/* Reading (LAYOUT 14.8), across rolls (LAYOUT 14.5) */
static inline int ringway_journal_poll(ringway_journal_reader_t *reader, ringway_journal_handler_t handler,
    void *clientd, int limit);
static inline void ringway_journal_set_idle_polls_per_length_check(ringway_journal_reader_t *reader, int32_t polls);

/* Waiting at the tail (LAYOUT 14.9) */
static inline int ringway_journal_poll_wait(ringway_journal_reader_t *reader, ringway_journal_handler_t handler,
    void *clientd, int limit, int64_t timeout_ns);
static inline void ringway_journal_set_wait_strategy(ringway_journal_reader_t *reader,
    ringway_wait_strategy_t strategy);
static inline int64_t ringway_journal_park_count(const ringway_journal_reader_t *reader);
static inline int64_t ringway_journal_park_timeout_count(const ringway_journal_reader_t *reader);

/* Seeking */
static inline int ringway_journal_seek_start(ringway_journal_reader_t *reader);
static inline int ringway_journal_seek_index(ringway_journal_reader_t *reader, int64_t index);
static inline int ringway_journal_seek_time(ringway_journal_reader_t *reader, int64_t timestamp_ns);
static inline int ringway_journal_seek_end(ringway_journal_reader_t *reader);

/* State and errors */
static inline int64_t ringway_journal_next_index(const ringway_journal_reader_t *reader);
static inline int64_t ringway_journal_id(const ringway_journal_reader_t *reader);
static inline const char *ringway_journal_segment_path(const ringway_journal_reader_t *reader);
static inline const char *ringway_journal_last_error(const ringway_journal_reader_t *reader);
static inline const char *ringway_journal_last_error_field(const ringway_journal_reader_t *reader);

/* Building blocks: segment names (LAYOUT 14.1), the data offset (LAYOUT 14.2) */
static inline bool ringway_journal_parse_segment_name(const char *name, int64_t *first_index);
static inline int64_t ringway_journal_data_offset(int32_t index_entry_count);

static inline int64_t ringway_journal_data_offset(int32_t index_entry_count);

/**
 * @param name a directory entry's name.
 * @param first_index receives the index the name says.
 * @return true when the name is a segment name of LAYOUT 14.1: exactly 20 decimal digits (a value that fits int64),
 *         then ".rwj", nothing after (so "<name>.rwj.tmp-<pid>" is not one).
 */
static inline bool ringway_journal_parse_segment_name(const char *name, int64_t *first_index)
{
    uint64_t value = 0;
    for (int i = 0; i < RINGWAY_JOURNAL_SEGMENT_NAME_DIGITS; i++)
    {
        const char c = name[i];
        if (c < '0' || c > '9')
        {
            return false;
        }
        const uint64_t digit = (uint64_t)(c - '0');
        if (value > ((uint64_t)INT64_MAX - digit) / 10)
        {
            return false;
        }
        value = value * 10 + digit;
    }
    if (strcmp(name + RINGWAY_JOURNAL_SEGMENT_NAME_DIGITS, RINGWAY_JOURNAL_SEGMENT_SUFFIX) != 0)
    {
        return false;
    }
    *first_index = (int64_t)value;
    return true;
}

/** @return 4096 + align(indexEntryCount * 16, 4096): where a segment's records start (LAYOUT 14.2). */
static inline int64_t ringway_journal_data_offset(int32_t index_entry_count)
{
    const int64_t index_length = (int64_t)index_entry_count * RINGWAY_JOURNAL_ENTRY_LENGTH;
    return RINGWAY_JOURNAL_HEADER_LENGTH +
        ((index_length + (RINGWAY_JOURNAL_PAGE_LENGTH - 1)) & ~(int64_t)(RINGWAY_JOURNAL_PAGE_LENGTH - 1));
}

#if defined(_WIN32)
/**
 * Journal files are not read on Windows yet (segments are opened, checked and mapped with POSIX calls, and followers
 * park on futexes): ringway_journal_open refuses at its first check, naming the platform, as Go's OpenJournal does.
 */
static inline int ringway_journal_unsupported_(ringway_error_t *error, const char *directory)
{
    return ringway_set_error_detail_(error, RINGWAY_E_IO, directory, "platform",
        "journal files are not supported on this platform yet", "windows", "linux or another unix");
}
#endif

static inline void ringway_journal_segment_reset_(ringway_journal_segment_t *segment)
{
    segment->mapped = NULL;
    segment->mapped_length = 0;
    segment->fd = -1;
    segment->header = NULL;
    segment->segment_length = 0;
    segment->first_index = 0;
    segment->data_offset = 0;
    segment->index_spacing = 0;
    segment->index_entry_count = 0;
    segment->max_message_length = 0;
    segment->journal_id = 0;
    segment->wait_header = NULL;
    segment->wait_header_unwritable = false;
    segment->path[0] = '\0';
}

#if defined(_WIN32)
static inline void ringway_journal_segment_close_(ringway_journal_segment_t *segment)
{
    ringway_journal_segment_reset_(segment); /* nothing was opened (ringway_journal_open refuses on Windows) */
}
#else
static inline void ringway_journal_segment_close_(ringway_journal_segment_t *segment)
{
    if (segment->wait_header != NULL)
    {
        munmap(segment->wait_header, RINGWAY_JOURNAL_HEADER_LENGTH);
    }
    if (segment->mapped != NULL)
    {
        munmap(segment->mapped, segment->mapped_length);
    }
    if (segment->fd >= 0)
    {
        close(segment->fd);
    }
    ringway_journal_segment_reset_(segment);
}
#endif

/** Writes "<directory>/<20 digits>.rwj" into path. */
static inline int ringway_journal_segment_path_(
    ringway_error_t *error, const char *directory, int64_t first_index, char *path)
{
    const int length = snprintf(path, RINGWAY_PATH_MAX_LENGTH, "%s/%020lld" RINGWAY_JOURNAL_SEGMENT_SUFFIX, directory,
        (long long)first_index);
    if (length < 0 || length >= RINGWAY_PATH_MAX_LENGTH)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_ARGUMENT, directory, "directory",
            "journal directory path too long", ringway_text_(found, sizeof(found), "%d bytes", length),
            ringway_text_(expected, sizeof(expected), "<%d bytes", RINGWAY_PATH_MAX_LENGTH - 26));
    }
    return RINGWAY_OK;
}

/** LAYOUT 14.8: loads committedEnd (acquire) and checks it against [previous, segmentLength] and 8-byte alignment. */
static inline int ringway_journal_committed_end_acquire_(
    ringway_journal_segment_t *segment, ringway_error_t *error, int64_t previous, int64_t *committed_end)
{
    /* SYNC POINT: pairs with the writer's release store of committedEnd (LAYOUT 14.4 step 4) */
    const int64_t end = ringway_get_int64_acquire(&segment->header->committed_end);
    if (end < previous || end > segment->segment_length || (end & (RINGWAY_JOURNAL_RECORD_ALIGNMENT - 1)) != 0)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, segment->path, "committedEnd",
            "bad journal segment header", ringway_text_(found, sizeof(found), "%lld", (long long)end),
            ringway_text_(expected, sizeof(expected), "a multiple of 8 in [%lld, %lld]", (long long)previous,
                (long long)segment->segment_length));
    }
    *committed_end = end;
    return RINGWAY_OK;
}

/**
 * Opens, maps (PROT_READ) and validates the segment named after first_index (LAYOUT 14.8, in the order of its table).
 * On failure the segment is left closed and the error names the file, the field, the value found and the one expected.
 */
#if defined(_WIN32)
static inline int ringway_journal_segment_open_(ringway_journal_segment_t *segment, ringway_error_t *error,
    const char *directory, int64_t first_index, bool allow_other_owner)
{
    (void)first_index;
    (void)allow_other_owner;
    ringway_journal_segment_reset_(segment);
    return ringway_journal_unsupported_(error, directory);
}
#else
static inline int ringway_journal_segment_open_(ringway_journal_segment_t *segment, ringway_error_t *error,
    const char *directory, int64_t first_index, bool allow_other_owner)
{
    ringway_journal_segment_reset_(segment);
    int result = ringway_journal_segment_path_(error, directory, first_index, segment->path);
    if (result < 0)
    {
        return result;
    }
    const char *path = segment->path;
    const int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
    {
        const int open_errno = errno;
        if (open_errno == ENOENT)
        {
            return ringway_set_error_detail_(error, RINGWAY_E_FILE_NOT_FOUND, path, "file", "journal segment missing",
                "absent", "present");
        }
        if (open_errno == ELOOP)
        {
            /* LAYOUT 14.1: a segment is never reached through a symlink */
            return ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "fileType",
                "not a regular journal segment file", "symlink", "regular file");
        }
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_IO, path, "file", "cannot open journal segment",
            ringway_text_(found, sizeof(found), "open: %s", strerror(open_errno)), "a readable regular file");
    }
    struct stat file_status;
    if (fstat(fd, &file_status) != 0)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        result = ringway_set_error_detail_(error, RINGWAY_E_IO, path, "fileLength", "cannot stat journal segment",
            ringway_text_(found, sizeof(found), "fstat: %s", strerror(errno)), "a length");
        close(fd);
        return result;
    }
    if (!S_ISREG(file_status.st_mode))
    {
        close(fd);
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "fileType",
            "not a regular journal segment file", S_ISDIR(file_status.st_mode) ? "directory" : "special file",
            "regular file");
    }
    if (file_status.st_uid != geteuid() && !allow_other_owner)
    {
        close(fd);
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "owner",
            "journal segment belongs to another user",
            ringway_text_(found, sizeof(found), "uid %u", (unsigned)file_status.st_uid),
            ringway_text_(expected, sizeof(expected), "uid %u (or allow other owners)", (unsigned)geteuid()));
    }
    const int64_t file_length = (int64_t)file_status.st_size;
    if (file_length < RINGWAY_JOURNAL_HEADER_LENGTH + RINGWAY_JOURNAL_PAGE_LENGTH)
    {
        close(fd);
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "fileLength", "journal segment too short",
            ringway_text_(found, sizeof(found), "%lld", (long long)file_length),
            ringway_text_(expected, sizeof(expected), ">=%d",
                RINGWAY_JOURNAL_HEADER_LENGTH + RINGWAY_JOURNAL_PAGE_LENGTH));
    }
    if (file_length > RINGWAY_JOURNAL_MAX_SEGMENT_LENGTH || file_length % RINGWAY_JOURNAL_PAGE_LENGTH != 0)
    {
        close(fd);
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "fileLength",
            "bad journal segment length", ringway_text_(found, sizeof(found), "%lld", (long long)file_length),
            ringway_text_(expected, sizeof(expected), "a multiple of %d <= %lld", RINGWAY_JOURNAL_PAGE_LENGTH,
                (long long)RINGWAY_JOURNAL_MAX_SEGMENT_LENGTH));
    }
    void *mapped = mmap(NULL, (size_t)file_length, PROT_READ, MAP_SHARED, fd, 0);
    if (mapped == MAP_FAILED)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        result = ringway_set_error_detail_(error, RINGWAY_E_IO, path, "fileLength", "cannot map journal segment",
            ringway_text_(found, sizeof(found), "mmap: %s", strerror(errno)),
            ringway_text_(expected, sizeof(expected), "%lld bytes mapped", (long long)file_length));
        close(fd);
        return result;
    }
    segment->fd = fd;
    segment->mapped = (uint8_t *)mapped;
    segment->mapped_length = (size_t)file_length;
    segment->header = (ringway_journal_segment_header_t *)mapped;
    segment->segment_length = file_length;
    ringway_journal_segment_header_t *header = segment->header;

    const int64_t magic = ringway_get_int64_plain(&header->magic);
    if (magic != RINGWAY_JOURNAL_MAGIC)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        result = ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "magic",
            "not a Ringway journal segment", ringway_text_(found, sizeof(found), "0x%llX", (unsigned long long)magic),
            ringway_text_(expected, sizeof(expected), "0x%llX", (unsigned long long)RINGWAY_JOURNAL_MAGIC));
        ringway_journal_segment_close_(segment);
        return result;
    }
    /* SYNC POINT: pairs with the creator's release store of journalVersion, its last before the rename (14.5) */
    const int32_t version = ringway_get_int32_acquire(&header->journal_version);
    const int32_t major_version = (int32_t)((uint32_t)version >> 16);
    if (major_version != RINGWAY_JOURNAL_MAJOR_VERSION)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        result = ringway_set_error_detail_(error, RINGWAY_E_UNSUPPORTED_VERSION, path, "journalVersion.major",
            "unsupported journal version", ringway_text_(found, sizeof(found), "%d", (int)major_version),
            ringway_text_(expected, sizeof(expected), "%d", RINGWAY_JOURNAL_MAJOR_VERSION));
        ringway_journal_segment_close_(segment);
        return result;
    }
    const int32_t header_length = ringway_get_int32_plain(&header->header_length);
    const int64_t segment_length = ringway_get_int64_plain(&header->segment_length);
    segment->first_index = ringway_get_int64_plain(&header->first_index);
    segment->data_offset = ringway_get_int64_plain(&header->data_offset);
    segment->index_spacing = ringway_get_int32_plain(&header->index_spacing);
    segment->index_entry_count = ringway_get_int32_plain(&header->index_entry_count);
    segment->max_message_length = ringway_get_int32_plain(&header->max_message_length);
    segment->journal_id = ringway_get_int64_plain(&header->journal_id);
    const int32_t spacing = segment->index_spacing;
    if (header_length != RINGWAY_JOURNAL_HEADER_LENGTH)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        result = ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "headerLength",
            "bad journal segment header", ringway_text_(found, sizeof(found), "%d", (int)header_length),
            ringway_text_(expected, sizeof(expected), "%d", RINGWAY_JOURNAL_HEADER_LENGTH));
    }
    else if (segment_length != file_length)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        result = ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "segmentLength",
            "bad journal segment header", ringway_text_(found, sizeof(found), "%lld", (long long)segment_length),
            ringway_text_(expected, sizeof(expected), "%lld (the file's length)", (long long)file_length));
    }
    else if (segment->first_index != first_index)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        result = ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "firstIndex",
            "bad journal segment header", ringway_text_(found, sizeof(found), "%lld", (long long)segment->first_index),
            ringway_text_(expected, sizeof(expected), "%lld", (long long)first_index));
    }
    else if (spacing < 1 || spacing > RINGWAY_JOURNAL_MAX_INDEX_SPACING || (spacing & (spacing - 1)) != 0)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        result = ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "indexSpacing",
            "bad journal segment header", ringway_text_(found, sizeof(found), "%d", (int)spacing),
            ringway_text_(expected, sizeof(expected), "a power of two in [1, %d]", RINGWAY_JOURNAL_MAX_INDEX_SPACING));
    }
    else if (segment->index_entry_count < 1)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        result = ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "indexEntryCount",
            "bad journal segment header", ringway_text_(found, sizeof(found), "%d", (int)segment->index_entry_count),
            ">=1");
    }
    else if (segment->data_offset != ringway_journal_data_offset(segment->index_entry_count))
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        result = ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "dataOffset",
            "bad journal segment header", ringway_text_(found, sizeof(found), "%lld", (long long)segment->data_offset),
            ringway_text_(expected, sizeof(expected), "%lld",
                (long long)ringway_journal_data_offset(segment->index_entry_count)));
    }
    else if (segment->data_offset >= file_length)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        result = ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "dataOffset",
            "bad journal segment header", ringway_text_(found, sizeof(found), "%lld", (long long)segment->data_offset),
            ringway_text_(expected, sizeof(expected), "<%lld (segmentLength)", (long long)file_length));
    }
    else if (segment->max_message_length < 0 ||
        segment->max_message_length > file_length - segment->data_offset - RINGWAY_JOURNAL_RECORD_HEADER_LENGTH)
    {
        /* dataOffset is checked above: in [0, file_length), so the bound cannot overflow */
        const int64_t max_body_length = file_length - segment->data_offset - RINGWAY_JOURNAL_RECORD_HEADER_LENGTH;
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        result = ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "maxMessageLength",
            "bad journal segment header", ringway_text_(found, sizeof(found), "%d", (int)segment->max_message_length),
            ringway_text_(expected, sizeof(expected), "0..%lld", (long long)max_body_length));
    }
    int64_t committed_end = 0;
    if (result == RINGWAY_OK)
    {
        result = ringway_journal_committed_end_acquire_(segment, error, segment->data_offset, &committed_end);
    }
    if (result < 0)
    {
        ringway_journal_segment_close_(segment);
    }
    return result;
}
#endif

static inline ringway_journal_index_entry_t *ringway_journal_entry_at_(ringway_journal_segment_t *segment, int32_t k)
{
    return (ringway_journal_index_entry_t *)(void *)(segment->mapped + RINGWAY_JOURNAL_HEADER_LENGTH +
        (int64_t)k * RINGWAY_JOURNAL_ENTRY_LENGTH);
}

static inline ringway_journal_record_header_t *ringway_journal_record_at_(
    ringway_journal_segment_t *segment, int64_t record_offset)
{
    return (ringway_journal_record_header_t *)(void *)(segment->mapped + record_offset);
}

/**
 * @return the file offset of index entry k's record when the entry is meaningful below committed_end (LAYOUT 14.2)
 *         and the record there has the index the entry promises; otherwise -1.
 */
static inline int64_t ringway_journal_entry_record_offset_(
    ringway_journal_segment_t *segment, int32_t k, int64_t committed_end)
{
    if (k < 0 || k >= segment->index_entry_count)
    {
        return -1;
    }
    const int64_t record_offset = ringway_get_int64_plain(&ringway_journal_entry_at_(segment, k)->record_offset);
    if (record_offset < segment->data_offset || record_offset > committed_end - RINGWAY_JOURNAL_RECORD_HEADER_LENGTH ||
        (record_offset & (RINGWAY_JOURNAL_RECORD_ALIGNMENT - 1)) != 0)
    {
        return -1;
    }
    const int64_t expected_index = ringway_position_add_(segment->first_index, (int64_t)k * segment->index_spacing);
    const int64_t index = ringway_get_int64_plain(&ringway_journal_record_at_(segment, record_offset)->index);
    return index == expected_index ? record_offset : -1;
}

static inline int64_t ringway_journal_entry_timestamp_(ringway_journal_segment_t *segment, int32_t k)
{
    return ringway_get_int64_plain(&ringway_journal_entry_at_(segment, k)->timestamp_ns);
}

/**
 * Checks the committed record at the reader's read offset (LAYOUT 14.8) and returns its fields as checked: another
 * process with write access could change the bytes after the check, so the caller uses these values, never re-reads.
 * @return the bytes it occupies (align(length, 8)), or RINGWAY_E_CORRUPT_RECORD naming file, offset, field, values.
 */
static inline int64_t ringway_journal_check_record_(ringway_journal_reader_t *reader, int32_t *checked_length,
    int32_t *checked_type_id, int64_t *checked_timestamp_ns)
{
    ringway_journal_segment_t *segment = &reader->segment;
    const int64_t record_offset = reader->read_offset;
    const int64_t room = reader->committed_end - record_offset;
    const char *path = segment->path;
    ringway_error_t *error = &reader->error;
    if (room < RINGWAY_JOURNAL_RECORD_HEADER_LENGTH)
    {
        char reason[RINGWAY_DETAIL_TEXT_LENGTH_];
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_CORRUPT_RECORD, path, "committedEnd",
            ringway_text_(reason, sizeof(reason), "corrupt journal record at offset=%lld", (long long)record_offset),
            ringway_text_(found, sizeof(found), "%lld", (long long)reader->committed_end),
            ringway_text_(expected, sizeof(expected), ">=%lld (a whole record header)",
                (long long)(record_offset + RINGWAY_JOURNAL_RECORD_HEADER_LENGTH)));
    }
    ringway_journal_record_header_t *record = ringway_journal_record_at_(segment, record_offset);
    const int32_t length = ringway_get_int32_plain(&record->length);
    if (length < RINGWAY_JOURNAL_RECORD_HEADER_LENGTH || length > room)
    {
        char reason[RINGWAY_DETAIL_TEXT_LENGTH_];
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_CORRUPT_RECORD, path, "length",
            ringway_text_(reason, sizeof(reason), "corrupt journal record at offset=%lld", (long long)record_offset),
            ringway_text_(found, sizeof(found), "%d", (int)length),
            ringway_text_(expected, sizeof(expected), "%d..%lld (header length to committedEnd)",
                RINGWAY_JOURNAL_RECORD_HEADER_LENGTH, (long long)room));
    }
    if (length - RINGWAY_JOURNAL_RECORD_HEADER_LENGTH > segment->max_message_length)
    {
        char reason[RINGWAY_DETAIL_TEXT_LENGTH_];
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_CORRUPT_RECORD, path, "length",
            ringway_text_(reason, sizeof(reason), "corrupt journal record at offset=%lld", (long long)record_offset),
            ringway_text_(found, sizeof(found), "%d", (int)length),
            ringway_text_(expected, sizeof(expected), "<=%lld (maxMessageLength + header)",
                (long long)segment->max_message_length + RINGWAY_JOURNAL_RECORD_HEADER_LENGTH));
    }
    const int32_t type_id = ringway_get_int32_plain(&record->type_id);
    if (type_id < 1)
    {
        char reason[RINGWAY_DETAIL_TEXT_LENGTH_];
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_CORRUPT_RECORD, path, "typeId",
            ringway_text_(reason, sizeof(reason), "corrupt journal record at offset=%lld", (long long)record_offset),
            ringway_text_(found, sizeof(found), "%d", (int)type_id), ">=1");
    }
    const int64_t index = ringway_get_int64_plain(&record->index);
    if (index != reader->next_index)
    {
        char reason[RINGWAY_DETAIL_TEXT_LENGTH_];
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_CORRUPT_RECORD, path, "index",
            ringway_text_(reason, sizeof(reason), "corrupt journal record at offset=%lld", (long long)record_offset),
            ringway_text_(found, sizeof(found), "%lld", (long long)index),
            ringway_text_(expected, sizeof(expected), "%lld", (long long)reader->next_index));
    }
    const int64_t timestamp_ns = ringway_get_int64_plain(&record->timestamp_ns);
    if (timestamp_ns < reader->last_timestamp_ns)
    {
        char reason[RINGWAY_DETAIL_TEXT_LENGTH_];
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_CORRUPT_RECORD, path, "timestampNs",
            ringway_text_(reason, sizeof(reason), "corrupt journal record at offset=%lld", (long long)record_offset),
            ringway_text_(found, sizeof(found), "%lld", (long long)timestamp_ns),
            ringway_text_(expected, sizeof(expected), ">=%lld (the previous record's)",
                (long long)reader->last_timestamp_ns));
    }
    *checked_length = length;
    *checked_type_id = type_id;
    *checked_timestamp_ns = timestamp_ns;
    return ((int64_t)length + (RINGWAY_JOURNAL_RECORD_ALIGNMENT - 1)) & ~(int64_t)(RINGWAY_JOURNAL_RECORD_ALIGNMENT - 1);
}

/**
 * Lists the directory for a segment: the largest first index <= at_most (when largest), or the smallest >= at_least
 * (otherwise). Other names, and "*.tmp-*" files, are ignored (LAYOUT 14.1).
 * @return 1 and *found when there is one, 0 when none, or a negative result (detail set).
 */
#if defined(_WIN32)
static inline int ringway_journal_find_segment_(
    ringway_journal_reader_t *reader, bool largest, int64_t bound, int64_t *found)
{
    (void)largest;
    (void)bound;
    (void)found;
    return ringway_journal_unsupported_(&reader->error, reader->directory);
}
#else
static inline int ringway_journal_find_segment_(
    ringway_journal_reader_t *reader, bool largest, int64_t bound, int64_t *found)
{
    DIR *dir = opendir(reader->directory);
    if (dir == NULL)
    {
        const int dir_errno = errno;
        return ringway_set_error_detail_(&reader->error, dir_errno == ENOENT ? RINGWAY_E_FILE_NOT_FOUND : RINGWAY_E_IO,
            reader->directory, "directory", "not a journal directory",
            dir_errno == ENOENT ? "absent" : strerror(dir_errno), "a directory");
    }
    int found_count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL)
    {
        int64_t first_index;
        if (!ringway_journal_parse_segment_name(entry->d_name, &first_index))
        {
            continue;
        }
        if (largest ? first_index <= bound && (found_count == 0 || first_index > *found)
                    : first_index >= bound && (found_count == 0 || first_index < *found))
        {
            *found = first_index;
            found_count = 1;
        }
    }
    closedir(dir);
    return found_count;
}
#endif

static inline int ringway_journal_no_segments_(ringway_journal_reader_t *reader)
{
    return ringway_set_error_detail_(&reader->error, RINGWAY_E_FILE_NOT_FOUND, reader->directory, "segments",
        "no journal segments", "0", ">=1 file named <20 digits>" RINGWAY_JOURNAL_SEGMENT_SUFFIX);
}

/** Makes the segment named after first_index the reader's, positioned at its first record. */
static inline int ringway_journal_move_to_(ringway_journal_reader_t *reader, int64_t first_index)
{
    ringway_journal_segment_t next;
    const int result = ringway_journal_segment_open_(
        &next, &reader->error, reader->directory, first_index, reader->allow_other_owner);
    if (result < 0)
    {
        return result;
    }
    if (reader->journal_id == 0 && reader->segment.mapped == NULL)
    {
        reader->journal_id = next.journal_id;
    }
    else if (next.journal_id != reader->journal_id)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        ringway_set_error_detail_(&reader->error, RINGWAY_E_INVALID_FILE, next.path, "journalId",
            "segment of another journal",
            ringway_text_(found, sizeof(found), "0x%llX", (unsigned long long)next.journal_id),
            ringway_text_(expected, sizeof(expected), "0x%llX", (unsigned long long)reader->journal_id));
        ringway_journal_segment_close_(&next);
        return RINGWAY_E_INVALID_FILE;
    }
    ringway_journal_segment_close_(&reader->segment);
    reader->segment = next;
    reader->segment_moves++;
    reader->read_offset = next.data_offset;
    reader->committed_end = next.data_offset;
    reader->next_index = next.first_index;
    reader->last_timestamp_ns = INT64_MIN;
    reader->idle_polls = 0;
    return RINGWAY_OK;
}

/** Positions the reader at index entry `entry`, or the last meaningful one before it, or the segment's start. */
static inline int ringway_journal_start_from_entry_(ringway_journal_reader_t *reader, int32_t entry)
{
    ringway_journal_segment_t *segment = &reader->segment;
    const int result =
        ringway_journal_committed_end_acquire_(segment, &reader->error, reader->committed_end, &reader->committed_end);
    if (result < 0)
    {
        return result;
    }
    /* meaningful entries are a prefix of the index area (entries are written in index order): binary search it */
    int32_t low = 0;
    int32_t high = entry;
    while (low < high)
    {
        const int32_t mid = low + (high - low + 1) / 2;
        if (ringway_journal_entry_record_offset_(segment, mid, reader->committed_end) >= 0)
        {
            low = mid;
        }
        else
        {
            high = mid - 1;
        }
    }
    const int64_t record_offset = ringway_journal_entry_record_offset_(segment, low, reader->committed_end);
    if (low > 0 && record_offset >= 0)
    {
        reader->read_offset = record_offset;
        reader->next_index = ringway_position_add_(segment->first_index, (int64_t)low * segment->index_spacing);
    }
    else
    {
        reader->read_offset = segment->data_offset;
        reader->next_index = segment->first_index;
    }
    reader->last_timestamp_ns = INT64_MIN;
    return RINGWAY_OK;
}

/**
 * LAYOUT 14.1: the journal directory, as a reader checks it (lstat, or stat when following symlinks): a directory,
 * not a symlink unless asked, owned by this process's effective uid and writable by no other user unless other owners
 * are allowed.
 */
#if defined(_WIN32)
static inline int ringway_journal_check_directory_(
    ringway_error_t *error, const char *directory, const ringway_journal_open_options_t *options)
{
    (void)options;
    return ringway_journal_unsupported_(error, directory);
}
#else
static inline int ringway_journal_check_directory_(
    ringway_error_t *error, const char *directory, const ringway_journal_open_options_t *options)
{
    const bool follow_symlinks = options != NULL && options->follow_symlinks;
    const bool allow_other_owner = options != NULL && options->allow_other_owner;
    struct stat status;
    if ((follow_symlinks ? stat(directory, &status) : lstat(directory, &status)) != 0)
    {
        const int stat_errno = errno;
        if (stat_errno == ENOENT)
        {
            return ringway_set_error_detail_(error, RINGWAY_E_FILE_NOT_FOUND, directory, "directory",
                "not a journal directory", "absent", "a directory");
        }
        return ringway_set_error_detail_(error, RINGWAY_E_IO, directory, "directory", "not a journal directory",
            strerror(stat_errno), "a directory");
    }
    if (S_ISLNK(status.st_mode))
    {
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, directory, "directory",
            "journal directory is a symlink", "symlink", "a directory (or ask to follow symlinks)");
    }
    if (!S_ISDIR(status.st_mode))
    {
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, directory, "directory",
            "not a journal directory", "not a directory", "a directory");
    }
    if (status.st_uid != geteuid() && !allow_other_owner)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, directory, "owner",
            "journal directory belongs to another user",
            ringway_text_(found, sizeof(found), "uid %u", (unsigned)status.st_uid),
            ringway_text_(expected, sizeof(expected), "uid %u (or allow other owners)", (unsigned)geteuid()));
    }
    if ((status.st_mode & 022) != 0 && !allow_other_owner)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, directory, "directory",
            "journal directory is writable by other users (they could plant or swap segments)",
            ringway_text_(found, sizeof(found), "mode 0%o", (unsigned)(status.st_mode & 07777)),
            "no group or other write bit (or allow other owners)");
    }
    return RINGWAY_OK;
}
#endif

/**
 * Opens the journal in a directory read-only, positioned at its first record (the segment with the smallest name),
 * which is validated (LAYOUT 14.8). The directory and every segment must belong to this process's effective uid, the
 * directory must be no symlink and writable by no other user, and no segment may be a symlink (LAYOUT 14.1):
 * ringway_journal_open_with_options relaxes the first rules.
 *
 * @return RINGWAY_OK; RINGWAY_E_FILE_NOT_FOUND (no directory, or no segment in it: field "segments"),
 *         RINGWAY_E_INVALID_FILE (also a refused directory or segment: fields directory, owner, fileType),
 *         RINGWAY_E_UNSUPPORTED_VERSION, RINGWAY_E_IO, RINGWAY_E_INVALID_ARGUMENT, with detail.
 */
static inline int ringway_journal_open(ringway_journal_reader_t *reader, const char *directory)
{
    return ringway_journal_open_with_options(reader, directory, NULL);
}

/**
 * As ringway_journal_open, with options (NULL: the defaults): allow_other_owner accepts a directory and segments of
 * another user and a directory others may write; follow_symlinks follows a symlink at the directory's path.
 */
static inline int ringway_journal_open_with_options(
    ringway_journal_reader_t *reader, const char *directory, const ringway_journal_open_options_t *options)
{
    if (reader == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    memset(reader, 0, sizeof(*reader));
    ringway_journal_segment_reset_(&reader->segment);
    reader->idle_polls_per_length_check = RINGWAY_JOURNAL_DEFAULT_IDLE_POLLS_PER_LENGTH_CHECK;
    reader->skip_before_timestamp_ns = INT64_MIN;
    reader->wait_strategy = ringway_wait_backoff_default();
    if (directory == NULL || directory[0] == '\0' ||
        strlen(directory) + 1 + RINGWAY_JOURNAL_SEGMENT_NAME_DIGITS + 4 >= RINGWAY_PATH_MAX_LENGTH)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&reader->error, RINGWAY_E_INVALID_ARGUMENT,
            directory == NULL ? "(none)" : directory, "directory", "no journal directory, or its path is too long",
            ringway_text_(found, sizeof(found), "%zu bytes", directory == NULL ? (size_t)0 : strlen(directory)),
            ringway_text_(expected, sizeof(expected), "1..%d bytes",
                RINGWAY_PATH_MAX_LENGTH - 2 - RINGWAY_JOURNAL_SEGMENT_NAME_DIGITS - 4));
    }
    snprintf(reader->directory, sizeof(reader->directory), "%s", directory);
    reader->allow_other_owner = options != NULL && options->allow_other_owner;
    int result = ringway_journal_check_directory_(&reader->error, reader->directory, options);
    if (result < 0)
    {
        return result;
    }
    int64_t first_index = 0;
    result = ringway_journal_find_segment_(reader, false, 0, &first_index);
    if (result <= 0)
    {
        return result < 0 ? result : ringway_journal_no_segments_(reader);
    }
    result = ringway_journal_move_to_(reader, first_index);
    if (result < 0)
    {
        return result;
    }
    reader->skip_below_index = first_index;
    reader->is_open = true;
    return RINGWAY_OK;
}

/** Closes the reader: unmaps its segment. Closing a closed reader does nothing. */
static inline int ringway_journal_close(ringway_journal_reader_t *reader)
{
    if (reader == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    ringway_journal_segment_close_(&reader->segment);
    reader->is_open = false;
    return RINGWAY_OK;
}

static inline int ringway_journal_closed_(ringway_journal_reader_t *reader)
{
    return ringway_set_error_detail_(&reader->error, RINGWAY_E_CLOSED, reader->directory, "directory",
        "journal reader closed", "closed", "open");
}

/** At the committedEnd of a sealed segment: continue with the one named after its nextIndex (LAYOUT 14.5). */
static inline int ringway_journal_next_segment_(ringway_journal_reader_t *reader)
{
    /* plain: stored before the release of segmentState, which the caller has acquired */
    const int64_t sealed_next_index = ringway_get_int64_plain(&reader->segment.header->next_index);
    if (sealed_next_index != reader->next_index)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&reader->error, RINGWAY_E_INVALID_FILE, reader->segment.path, "nextIndex",
            "sealed segment's record count disagrees",
            ringway_text_(found, sizeof(found), "%lld", (long long)sealed_next_index),
            ringway_text_(expected, sizeof(expected), "%lld", (long long)reader->next_index));
    }
    const int64_t last_timestamp_ns = reader->last_timestamp_ns;
    const int result = ringway_journal_move_to_(reader, sealed_next_index);
    if (result < 0)
    {
        return result;
    }
    reader->last_timestamp_ns = last_timestamp_ns;
    return RINGWAY_OK;
}

/** LAYOUT 14.8: the open segment's file must still be segmentLength long (another process may have truncated it). */
#if defined(_WIN32)
static inline int ringway_journal_check_length_(ringway_journal_reader_t *reader)
{
    return ringway_journal_unsupported_(&reader->error, reader->directory);
}
#else
static inline int ringway_journal_check_length_(ringway_journal_reader_t *reader)
{
    struct stat file_status;
    if (fstat(reader->segment.fd, &file_status) != 0)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&reader->error, RINGWAY_E_IO, reader->segment.path, "fileLength",
            "cannot stat journal segment", ringway_text_(found, sizeof(found), "fstat: %s", strerror(errno)),
            "a length");
    }
    if ((int64_t)file_status.st_size != reader->segment.segment_length)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&reader->error, RINGWAY_E_INVALID_FILE, reader->segment.path, "fileLength",
            "journal segment changed length while mapped",
            ringway_text_(found, sizeof(found), "%lld", (long long)file_status.st_size),
            ringway_text_(expected, sizeof(expected), "%lld", (long long)reader->segment.segment_length));
    }
    return RINGWAY_OK;
}
#endif

/**
 * LAYOUT 14.8: before a record that failed its check is reported, the segment's length is read again (fstat); when it
 * is below committedEnd the error is the truncation. @return the result to report.
 */
#if defined(_WIN32)
static inline int ringway_journal_truncated_or_(ringway_journal_reader_t *reader, int corruption)
{
    (void)reader;
    return corruption;
}
#else
static inline int ringway_journal_truncated_or_(ringway_journal_reader_t *reader, int corruption)
{
    struct stat file_status;
    if (fstat(reader->segment.fd, &file_status) == 0 && (int64_t)file_status.st_size < reader->committed_end)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&reader->error, RINGWAY_E_INVALID_FILE, reader->segment.path, "fileLength",
            "journal segment truncated while mapped",
            ringway_text_(found, sizeof(found), "%lld", (long long)file_status.st_size),
            ringway_text_(expected, sizeof(expected), ">=%lld (committedEnd)", (long long)reader->committed_end));
    }
    return corruption;
}
#endif

/**
 * Re-reads the length of the segment being read (fstat) and reports a truncation when it no longer holds every
 * committed record (LAYOUT 14.8): bytes a handler read from the mapping before this call were the records' bytes
 * only if it returns RINGWAY_OK. A caller that forwards records copies each one, calls this, then publishes the copy.
 * @return RINGWAY_OK, or RINGWAY_E_INVALID_FILE (field fileLength: found the length, expected >= committedEnd).
 */
static inline int ringway_journal_check_not_truncated(ringway_journal_reader_t *reader)
{
    if (reader == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    if (!reader->is_open || reader->segment.mapped == NULL)
    {
        return ringway_set_error_detail_(&reader->error, RINGWAY_E_CLOSED, reader->directory, "directory",
            "journal reader closed", "closed", "open");
    }
    return ringway_journal_truncated_or_(reader, RINGWAY_OK);
}

/**
 * Delivers up to limit committed records, in index order, moving across segments as it goes (LAYOUT 14.5, 14.8).
 * Returns 0 at the tail: call again to follow it. While idle at the committedEnd of an open segment it re-checks the
 * segment's length with fstat every idle_polls_per_length_check polls. After a seek, records before the target are
 * checked but not delivered. handler may be NULL: the records are then checked and passed over.
 *
 * @return the number delivered (>= 0); RINGWAY_E_CORRUPT_RECORD when the next record fails a check (file, record
 *         offset, field, found, expected in the detail): the reader stays before it, the records before it are
 *         delivered first and the next poll reports it; RINGWAY_E_INVALID_FILE, RINGWAY_E_FILE_NOT_FOUND,
 *         RINGWAY_E_UNSUPPORTED_VERSION for a bad, missing or truncated segment; RINGWAY_E_CLOSED.
 */
static inline int ringway_journal_poll(
    ringway_journal_reader_t *reader, ringway_journal_handler_t handler, void *clientd, int limit)
{
    if (reader == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    if (!reader->is_open || reader->segment.mapped == NULL)
    {
        return ringway_journal_closed_(reader);
    }
    int delivered = 0;
    int result = RINGWAY_OK;
    while (delivered < limit)
    {
        ringway_journal_segment_t *segment = &reader->segment;
        if (reader->read_offset == reader->committed_end)
        {
            result = ringway_journal_committed_end_acquire_(
                segment, &reader->error, reader->committed_end, &reader->committed_end);
            if (result < 0)
            {
                break;
            }
            if (reader->read_offset == reader->committed_end)
            {
                /* SYNC POINT: pairs with the writer's release store of segmentState (LAYOUT 14.5 step 2) */
                const bool sealed =
                    ringway_get_int32_acquire(&segment->header->segment_state) == RINGWAY_JOURNAL_SEGMENT_SEALED;
                if (sealed)
                {
                    /* the writer may have committed more between the loads above, then sealed: after the acquire
                     * of the state, committedEnd is final (LAYOUT 14.5) */
                    result = ringway_journal_committed_end_acquire_(
                        segment, &reader->error, reader->committed_end, &reader->committed_end);
                    if (result < 0)
                    {
                        break;
                    }
                    if (reader->read_offset != reader->committed_end)
                    {
                        continue;
                    }
                    result = ringway_journal_next_segment_(reader);
                    if (result < 0)
                    {
                        break;
                    }
                    continue;
                }
                if (delivered == 0 && ++reader->idle_polls >= reader->idle_polls_per_length_check)
                {
                    reader->idle_polls = 0;
                    result = ringway_journal_check_length_(reader);
                }
                break;
            }
        }
        int32_t length = 0;
        int32_t type_id = 0;
        int64_t timestamp_ns = 0;
        const int64_t aligned_length = ringway_journal_check_record_(reader, &length, &type_id, &timestamp_ns);
        if (aligned_length < 0)
        {
            /* a truncated file reads as zeros past its new end (in the last page): say truncation (LAYOUT 14.8) */
            result = ringway_journal_truncated_or_(reader, (int)aligned_length);
            break;
        }
        if (reader->next_index >= reader->skip_below_index && timestamp_ns >= reader->skip_before_timestamp_ns)
        {
            reader->skip_before_timestamp_ns = INT64_MIN;
            if (handler != NULL)
            {
                handler(clientd, reader->next_index, timestamp_ns, type_id,
                    segment->mapped + reader->read_offset + RINGWAY_JOURNAL_RECORD_HEADER_LENGTH,
                    length - RINGWAY_JOURNAL_RECORD_HEADER_LENGTH);
            }
            delivered++;
        }
        reader->last_timestamp_ns = timestamp_ns;
        reader->read_offset += aligned_length;
        reader->next_index = ringway_position_add_(reader->next_index, 1);
    }
    if (delivered > 0)
    {
        reader->idle_polls = 0;
        return delivered;
    }
    return result;
}

/**
 * Maps the segment's header page a second time, read-write and shared, so that a follower can store dataWaiters
 * (LAYOUT 14.9; the reader's own mapping is PROT_READ). A shared futex on a file mapping is keyed by the file and
 * offset, so the writer's FUTEX_WAKE on its own mapping reaches a waiter on this one. The file is re-opened by path,
 * and must still be the inode the reader has open. @return false when it cannot be (no write permission, a
 * read-only file system, a replaced file): the caller then sleeps instead of parking.
 */
#if defined(_WIN32)
static inline bool ringway_journal_map_wait_header_(ringway_journal_segment_t *segment)
{
    (void)segment;
    return false;
}
#else
static inline bool ringway_journal_map_wait_header_(ringway_journal_segment_t *segment)
{
    if (segment->wait_header != NULL || segment->wait_header_unwritable)
    {
        return segment->wait_header != NULL;
    }
    segment->wait_header_unwritable = true;
    const int fd = open(segment->path, O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
    {
        return false;
    }
    struct stat reopened;
    struct stat mapped;
    if (fstat(fd, &reopened) != 0 || fstat(segment->fd, &mapped) != 0 || reopened.st_ino != mapped.st_ino ||
        reopened.st_dev != mapped.st_dev)
    {
        close(fd);
        return false;
    }
    void *header = mmap(NULL, RINGWAY_JOURNAL_HEADER_LENGTH, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (header == MAP_FAILED)
    {
        return false;
    }
    segment->wait_header = (ringway_journal_segment_header_t *)header;
    segment->wait_header_unwritable = false;
    return true;
}
#endif

/** One park of ringway_journal_poll_wait (LAYOUT 14.9): flag, full fence, re-check, then FUTEX_WAIT. */
#if defined(_WIN32)
static inline int ringway_journal_park_(
    ringway_journal_reader_t *reader, ringway_journal_handler_t handler, void *clientd, int limit, int64_t deadline_ns)
{
    (void)handler;
    (void)clientd;
    (void)limit;
    (void)deadline_ns;
    return ringway_journal_unsupported_(&reader->error, reader->directory);
}
#else
static inline int ringway_journal_park_(
    ringway_journal_reader_t *reader, ringway_journal_handler_t handler, void *clientd, int limit, int64_t deadline_ns)
{
    if (!ringway_journal_map_wait_header_(&reader->segment))
    {
        int64_t sleep_ns = deadline_ns - ringway_monotonic_ns_();
        sleep_ns = sleep_ns > RINGWAY_JOURNAL_UNWRITABLE_SLEEP_NS ? RINGWAY_JOURNAL_UNWRITABLE_SLEEP_NS :
            (sleep_ns < 1 ? 1 : sleep_ns);
        const struct timespec pause = { 0, (long)sleep_ns };
        nanosleep(&pause, NULL);
        return 0;
    }
    ringway_journal_segment_header_t *wait_header = reader->segment.wait_header;
    const int64_t moves_before = reader->segment_moves;
    const int32_t sequence = ringway_prepare_to_wait_(&wait_header->data_sequence, &wait_header->data_waiters);
    /* SYNC POINT: the re-check loads committedEnd, then segmentState (acquire); pairs with the Java writer's release
     * stores of them, each followed by a full fence and its load of dataWaiters (LAYOUT 14.9) */
    const int delivered = ringway_journal_poll(reader, handler, clientd, limit);
    const int64_t remaining_ns = deadline_ns - ringway_monotonic_ns_();
    /* a re-check that moved to the next segment unmapped this one's slot: park (if need be) on the next's, next round */
    if (delivered == 0 && remaining_ns > 0 && moves_before == reader->segment_moves)
    {
        reader->park_count++;
        const int waited = ringway_futex_wait(&wait_header->data_sequence, sequence, remaining_ns);
        if (waited == RINGWAY_FUTEX_FAILED)
        {
            return ringway_wait_failed_(&reader->error, reader->segment.path, "dataSequence", errno);
        }
        if (waited == RINGWAY_FUTEX_TIMED_OUT && remaining_ns > RINGWAY_MAX_PARK_NS)
        {
            reader->park_timeout_count++;
        }
        /* a follower never clears dataWaiters: another follower may be parked on this segment (LAYOUT 14.9) */
    }
    return delivered;
}
#endif

/**
 * Delivers up to limit records like ringway_journal_poll, waiting up to timeout_ns for at least one as the reader's
 * wait strategy says (ringway_journal_set_wait_strategy): spinning, yielding, or parked on the segment's futex
 * until the writer, in any process, commits a record or rolls to a new segment (LAYOUT 14.9). A parked follower
 * costs no CPU. Each park lasts at most RINGWAY_MAX_PARK_NS, then it re-checks. To park, the reader maps the
 * segment's header page read-write; when it cannot (no write permission), it sleeps up to
 * RINGWAY_JOURNAL_UNWRITABLE_SLEEP_NS between polls instead.
 *
 * @return the number delivered; 0 when timeout_ns passed with nothing (timeout_ns <= 0 polls once); an error as
 *         ringway_journal_poll, or RINGWAY_E_IO when the futex call fails.
 */
static inline int ringway_journal_poll_wait(
    ringway_journal_reader_t *reader, ringway_journal_handler_t handler, void *clientd, int limit, int64_t timeout_ns)
{
    int delivered = ringway_journal_poll(reader, handler, clientd, limit);
    if (delivered != 0 || timeout_ns <= 0 || limit <= 0)
    {
        return delivered;
    }
    const int64_t deadline_ns = ringway_deadline_ns_(timeout_ns);
    for (int32_t idle_count = 0; ; idle_count = idle_count == INT32_MAX ? idle_count : idle_count + 1)
    {
        if (ringway_wait_idle_(&reader->wait_strategy, idle_count))
        {
            delivered = ringway_journal_park_(reader, handler, clientd, limit, deadline_ns);
        }
        if (delivered == 0)
        {
            delivered = ringway_journal_poll(reader, handler, clientd, limit);
        }
        if (delivered != 0 || deadline_ns - ringway_monotonic_ns_() <= 0)
        {
            return delivered;
        }
    }
}

/** Sets how ringway_journal_poll_wait waits at the tail (the reader starts with ringway_wait_backoff_default()). */
static inline void ringway_journal_set_wait_strategy(ringway_journal_reader_t *reader, ringway_wait_strategy_t strategy)
{
    if (reader != NULL)
    {
        reader->wait_strategy = strategy;
    }
}

/** @return FUTEX_WAITs ringway_journal_poll_wait has made (for monitors and tests). */
static inline int64_t ringway_journal_park_count(const ringway_journal_reader_t *reader)
{
    return reader == NULL ? 0 : reader->park_count;
}

/**
 * @return parks that ended by their own timeout (RINGWAY_MAX_PARK_NS) rather than by a wake, not counting one cut
 *         short by the caller's timeout. With a 1.1 writer appending, tests of lost wakeups assert it zero.
 */
static inline int64_t ringway_journal_park_timeout_count(const ringway_journal_reader_t *reader)
{
    return reader == NULL ? 0 : reader->park_timeout_count;
}

/** Positions the reader at the journal's first record. */
static inline int ringway_journal_seek_start(ringway_journal_reader_t *reader)
{
    if (reader == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    if (!reader->is_open)
    {
        return ringway_journal_closed_(reader);
    }
    int64_t first_index = 0;
    int result = ringway_journal_find_segment_(reader, false, 0, &first_index);
    if (result <= 0)
    {
        return result < 0 ? result : ringway_journal_no_segments_(reader);
    }
    result = ringway_journal_move_to_(reader, first_index);
    if (result < 0)
    {
        return result;
    }
    reader->skip_below_index = first_index;
    reader->skip_before_timestamp_ns = INT64_MIN;
    return RINGWAY_OK;
}

/**
 * Positions the reader so that the next record delivered is the one with this index (LAYOUT 14.8, seek by index): the
 * segment with the largest firstIndex <= index, its index entry (index - firstIndex) / indexSpacing or the last
 * meaningful one before it; poll then passes over the records before the index. When the journal does not hold the
 * index yet, the reader delivers it once it is appended.
 *
 * @return RINGWAY_OK; RINGWAY_E_INVALID_ARGUMENT (field index) when index precedes the journal's first record; an
 *         error of the segment, with detail.
 */
static inline int ringway_journal_seek_index(ringway_journal_reader_t *reader, int64_t index)
{
    if (reader == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    if (!reader->is_open)
    {
        return ringway_journal_closed_(reader);
    }
    int64_t first_of_journal = 0;
    int result = ringway_journal_find_segment_(reader, false, 0, &first_of_journal);
    if (result <= 0)
    {
        return result < 0 ? result : ringway_journal_no_segments_(reader);
    }
    if (index < first_of_journal)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&reader->error, RINGWAY_E_INVALID_ARGUMENT, reader->directory, "index",
            "index before the journal's first record", ringway_text_(found, sizeof(found), "%lld", (long long)index),
            ringway_text_(expected, sizeof(expected), ">=%lld", (long long)first_of_journal));
    }
    int64_t first_index = first_of_journal;
    result = ringway_journal_find_segment_(reader, true, index, &first_index);
    if (result < 0)
    {
        return result;
    }
    result = ringway_journal_move_to_(reader, first_index);
    if (result < 0)
    {
        return result;
    }
    const int64_t entry = (index - first_index) / reader->segment.index_spacing;
    const int32_t last_entry = reader->segment.index_entry_count - 1;
    result = ringway_journal_start_from_entry_(reader, entry < last_entry ? (int32_t)entry : last_entry);
    if (result < 0)
    {
        return result;
    }
    reader->skip_below_index = index;
    reader->skip_before_timestamp_ns = INT64_MIN;
    return RINGWAY_OK;
}

/**
 * @return the timestamp of the first record of the segment named after first_index (index entry 0), INT64_MAX when it
 *         has no committed record; a negative result in *result when the segment cannot be opened.
 */
static inline int64_t ringway_journal_first_timestamp_(
    ringway_journal_reader_t *reader, int64_t first_index, int *result)
{
    ringway_journal_segment_t candidate;
    *result = ringway_journal_segment_open_(&candidate, &reader->error, reader->directory, first_index,
        reader->allow_other_owner);
    if (*result < 0)
    {
        return INT64_MAX;
    }
    int64_t committed_end = candidate.data_offset;
    int64_t timestamp_ns = INT64_MAX;
    *result = ringway_journal_committed_end_acquire_(&candidate, &reader->error, candidate.data_offset, &committed_end);
    if (*result == RINGWAY_OK && ringway_journal_entry_record_offset_(&candidate, 0, committed_end) >= 0)
    {
        timestamp_ns = ringway_journal_entry_timestamp_(&candidate, 0);
    }
    ringway_journal_segment_close_(&candidate);
    return timestamp_ns;
}

/**
 * Positions the reader at the first record whose timestamp is at or after timestamp_ns (LAYOUT 14.8, seek by time):
 * binary search of the segments by their first record's timestamp, then of the index entries, then a scan that poll
 * makes. When there is no such record yet, the reader delivers the next one appended at or after that time.
 *
 * @return RINGWAY_OK, or an error of a segment with detail.
 */
static inline int ringway_journal_seek_time(ringway_journal_reader_t *reader, int64_t timestamp_ns)
{
    if (reader == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    if (!reader->is_open)
    {
        return ringway_journal_closed_(reader);
    }
    int64_t low = 0;
    int64_t high = 0;
    int result = ringway_journal_find_segment_(reader, false, 0, &low);
    if (result > 0)
    {
        result = ringway_journal_find_segment_(reader, true, INT64_MAX, &high);
    }
    if (result <= 0)
    {
        return result < 0 ? result : ringway_journal_no_segments_(reader);
    }
    /* the last segment whose first record is before the time (else the first segment): the record sought is there or
     * later. Without a list of segments, search the first-index values: low is always a segment, every segment after
     * the answer lies above high. */
    while (low < high)
    {
        const int64_t mid = low + (high - low) / 2 + 1;
        int64_t candidate = 0;
        result = ringway_journal_find_segment_(reader, false, mid, &candidate);
        if (result < 0)
        {
            return result;
        }
        if (result == 0 || candidate > high)
        {
            high = mid - 1;
            continue;
        }
        const int64_t first_timestamp_ns = ringway_journal_first_timestamp_(reader, candidate, &result);
        if (result < 0)
        {
            return result;
        }
        if (first_timestamp_ns < timestamp_ns)
        {
            low = candidate;
        }
        else
        {
            high = candidate - 1;
        }
    }
    result = ringway_journal_move_to_(reader, low);
    if (result < 0)
    {
        return result;
    }
    ringway_journal_segment_t *segment = &reader->segment;
    result = ringway_journal_committed_end_acquire_(segment, &reader->error, segment->data_offset,
        &reader->committed_end);
    if (result < 0)
    {
        return result;
    }
    int32_t low_entry = 0;
    int32_t high_entry = segment->index_entry_count - 1;
    while (low_entry < high_entry)
    {
        const int32_t mid = low_entry + (high_entry - low_entry + 1) / 2;
        if (ringway_journal_entry_record_offset_(segment, mid, reader->committed_end) >= 0 &&
            ringway_journal_entry_timestamp_(segment, mid) < timestamp_ns)
        {
            low_entry = mid;
        }
        else
        {
            high_entry = mid - 1;
        }
    }
    result = ringway_journal_start_from_entry_(reader, low_entry);
    if (result < 0)
    {
        return result;
    }
    reader->skip_below_index = reader->next_index;
    reader->skip_before_timestamp_ns = timestamp_ns;
    return RINGWAY_OK;
}

/** Positions the reader after the last committed record: only records appended from now on are delivered. */
static inline int ringway_journal_seek_end(ringway_journal_reader_t *reader)
{
    if (reader == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    if (!reader->is_open)
    {
        return ringway_journal_closed_(reader);
    }
    int64_t last_index = 0;
    int result = ringway_journal_find_segment_(reader, true, INT64_MAX, &last_index);
    if (result <= 0)
    {
        return result < 0 ? result : ringway_journal_no_segments_(reader);
    }
    result = ringway_journal_move_to_(reader, last_index);
    if (result < 0)
    {
        return result;
    }
    /* the hint nextIndex (plain) picks the index entry to start from; the records after it are checked */
    const int64_t hint = ringway_get_int64_plain(&reader->segment.header->next_index);
    const int64_t entry = hint <= last_index ? 0 : (hint - last_index) / reader->segment.index_spacing;
    const int32_t last_entry = reader->segment.index_entry_count - 1;
    result = ringway_journal_start_from_entry_(reader, entry < last_entry ? (int32_t)entry : last_entry);
    if (result < 0)
    {
        return result;
    }
    reader->skip_below_index = INT64_MAX;
    reader->skip_before_timestamp_ns = INT64_MIN;
    for (;;)
    {
        result = ringway_journal_poll(reader, NULL, NULL, INT32_MAX);
        if (result < 0)
        {
            return result;
        }
        if (reader->read_offset == reader->committed_end)
        {
            break;
        }
    }
    reader->skip_below_index = reader->next_index;
    return RINGWAY_OK;
}

/** Sets how many idle polls pass between two fstat checks of the segment's length (>= 1; default 64). */
static inline void ringway_journal_set_idle_polls_per_length_check(ringway_journal_reader_t *reader, int32_t polls)
{
    reader->idle_polls_per_length_check = polls < 1 ? 1 : polls;
}

/** @return the index of the next record the reader reads (before a seek's target: the next one it passes over). */
static inline int64_t ringway_journal_next_index(const ringway_journal_reader_t *reader)
{
    return reader->next_index;
}

/** @return the journalId of the journal (LAYOUT 14.2), 0 when the reader is not open. */
static inline int64_t ringway_journal_id(const ringway_journal_reader_t *reader)
{
    return reader->is_open ? reader->journal_id : 0;
}

/** @return the path of the segment being read, "" when none. */
static inline const char *ringway_journal_segment_path(const ringway_journal_reader_t *reader)
{
    return reader->segment.path;
}

/** @return the detail of the reader's last error, "" when none. */
static inline const char *ringway_journal_last_error(const ringway_journal_reader_t *reader)
{
    return reader == NULL ? "no journal reader" : reader->error.message;
}

/** @return the field (as named in LAYOUT.md) of the reader's last error, "" when none. */
static inline const char *ringway_journal_last_error_field(const ringway_journal_reader_t *reader)
{
    return reader == NULL ? "" : reader->error.field;
}

#ifdef __cplusplus
}
#endif

#endif /* RINGWAY_JOURNAL_H */
