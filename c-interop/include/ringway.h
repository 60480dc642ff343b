/*
 * SPDX-License-Identifier: Apache-2.0
 * ringway.h: Ringway channels for C (C11) and C++, in one header.
 *
 * A channel is one memory-mapped file shared by Java, C and Go processes: a 4096-byte header page followed by an
 * Agrona-compatible ring (SPSC or MPSC) and its 768-byte trailer. docs/LAYOUT.md is the normative specification; the
 * section numbers in the comments below ("LAYOUT 6.1") refer to it. Where this header and LAYOUT.md differ, this
 * header is wrong.
 *
 * Use:
 *
 *     #include "ringway.h"            // include it first, or build with -D_GNU_SOURCE / -D_POSIX_C_SOURCE=200809L
 *
 *     ringway_channel_t channel;
 *     ringway_create_options_t options = { RINGWAY_RING_KIND_SPSC, 1 << 20, 0, 0, 0, false };
 *     if (ringway_channel_create(&channel, "/dev/shm/orders.ringway", &options) < 0)
 *         fprintf(stderr, "%s\n", ringway_channel_last_error(&channel));
 *     ringway_producer_t producer;
 *     ringway_producer_attach(&producer, &channel);
 *     int result = ringway_producer_offer(&producer, 1, body, body_length);   // RINGWAY_E_RING_FULL: try again
 *     ringway_producer_close(&producer);
 *     ringway_channel_close(&channel);
 *
 * Every function returns RINGWAY_OK (0), a non-negative count or index, or a negative ringway_result_t; none aborts
 * the caller. ringway_strerror(code) names a code; each handle (channel, producer, consumer) keeps the detail of its
 * last error: "channel file too short: file=/dev/shm/x field=fileLength found=512 expected=>=4096", the same text
 * and field names as Java's ChannelFileException. Handles are plain structs owned by the caller: nothing here
 * allocates memory. offer, try_claim, commit, abort and poll make no system call, except one FUTEX_WAKE when a peer
 * is parked (LAYOUT 9); ringway_consumer_poll_wait and ringway_producer_offer_wait wait for messages or for space.
 *
 * Contents: configuration (feature macros, platform checks), the layout constants, the types, then "The API,
 * grouped" (a declaration of every public function: channel files, settings, status, producer, consumer, waiting,
 * building blocks), then the implementation in dependency order, then the journal reader (LAYOUT 14) with its own list.
 *
 * Threads: a channel handle may be shared by threads; each producer and consumer handle belongs to one thread at a
 * time. Close producers and the consumer before their channel (closing the channel releases the leases they hold, but
 * their handles then refer to unmapped memory).
 */
#ifndef RINGWAY_H
#define RINGWAY_H

/* POSIX declarations (open, mmap, posix_fallocate, fchmod, clock_gettime) are needed also under strict -std=c11. */
#if !defined(_POSIX_C_SOURCE) && !defined(_GNU_SOURCE) && !defined(_DEFAULT_SOURCE) && !defined(_XOPEN_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <dirent.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#if !defined(__cplusplus)
#include <stdatomic.h>
#endif

#if !defined(__linux__)
#error "ringway.h supports Linux only (it reads /proc/<pid>/stat for lease tokens)"
#endif
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "ringway.h supports little-endian hosts only (LAYOUT 1)"
#endif

#if !defined(__cplusplus)
/* glibc declares syscall(2) only with _DEFAULT_SOURCE or _GNU_SOURCE; a compatible redeclaration is valid C (C++
 * compilers define _GNU_SOURCE, so <unistd.h> has declared it there). */
long syscall(long number, ...);
#endif
#if !defined(SYS_futex)
#error "ringway.h needs SYS_futex from <sys/syscall.h> (Linux)"
#endif

#if defined(__cplusplus)
#define RINGWAY_STATIC_ASSERT(condition, message) static_assert(condition, message)
#else
#define RINGWAY_STATIC_ASSERT(condition, message) _Static_assert(condition, message)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------------------------------
 * Constants (LAYOUT 3, 4, 5)
 * ---------------------------------------------------------------------------------------------------------------- */

/** The ASCII bytes "RINGWAY\0" read as a little-endian int64. */
#define RINGWAY_MAGIC INT64_C(0x00594157474E4952)
#define RINGWAY_LAYOUT_MAJOR_VERSION 1
#define RINGWAY_LAYOUT_MINOR_VERSION 4
/** major << 16 | minor. */
#define RINGWAY_LAYOUT_VERSION ((RINGWAY_LAYOUT_MAJOR_VERSION << 16) | RINGWAY_LAYOUT_MINOR_VERSION)

#define RINGWAY_RING_KIND_SPSC 1
#define RINGWAY_RING_KIND_MPSC 2

/** Length of the header page; the ring data starts at this file offset. */
#define RINGWAY_HEADER_LENGTH 4096
/** Length of one header slot and of one trailer slot. */
#define RINGWAY_SLOT_LENGTH 128
#define RINGWAY_TRAILER_LENGTH 768
#define RINGWAY_MIN_CAPACITY 64
#define RINGWAY_MAX_CAPACITY (1 << 30)

/** MPSC producer slots (layout 1.2, LAYOUT 3.1): slot k at file offset RINGWAY_PRODUCER_SLOTS_OFFSET + 64 k. */
#define RINGWAY_PRODUCER_SLOTS_OFFSET 1024
#define RINGWAY_PRODUCER_SLOT_LENGTH 64
#define RINGWAY_PRODUCER_SLOT_COUNT ((RINGWAY_HEADER_LENGTH - RINGWAY_PRODUCER_SLOTS_OFFSET) / RINGWAY_PRODUCER_SLOT_LENGTH)
/** Slot-relative offsets of the slot's fields. */
#define RINGWAY_PRODUCER_SLOT_TOKEN_OFFSET 0
#define RINGWAY_PRODUCER_SLOT_CLAIM_FLOOR_OFFSET 8
/** The claimFloorPosition of a slot whose owner has no claim in progress. */
#define RINGWAY_NO_CLAIM_FLOOR_POSITION INT64_MAX

#define RINGWAY_RECORD_HEADER_LENGTH 8
#define RINGWAY_RECORD_ALIGNMENT 8
#define RINGWAY_PADDING_TYPE_ID (-1)

/** Longest path a handle keeps, terminating NUL included. */
#define RINGWAY_PATH_MAX_LENGTH 4096
#define RINGWAY_ERROR_FIELD_LENGTH 32
#define RINGWAY_ERROR_MESSAGE_LENGTH (RINGWAY_PATH_MAX_LENGTH + 512)

/* ------------------------------------------------------------------------------------------------------------------
 * Layout structs. Every int64 is 8-byte aligned and every int32 4-byte aligned (LAYOUT 1), so the structs have no
 * implicit padding; reserved bytes are explicit arrays. Shared fields are only ever read and written through the
 * ringway_get_* / ringway_put_* functions below, whose names carry the memory order.
 * ---------------------------------------------------------------------------------------------------------------- */

/**
 * The header page (LAYOUT 3): file bytes [0, 4096). Each group of fields sits in its own 128-byte slot.
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
 *  |        dataSequence           |          dataWaiters          |  128 data-available wait slot
 *  +-------------------------------+-------------------------------+
 *  |        spaceSequence          |          spaceWaiters         |  256 space-available wait slot
 *  +-------------------------------+-------------------------------+
 *  |   producerLease (8) | producerHeartbeatMs (8) | producerPid (8)|  384 producer slot
 *  +---------------------------------------------------------------+
 *  |   consumerLease (8) | consumerHeartbeatMs (8) | consumerPid (8)|  512 consumer slot
 *  +---------------------------------------------------------------+
 *  |   backPressureCount (8) | wakeCount (8)                       |  640 producer counter slot
 *  +---------------------------------------------------------------+
 *  |   messagesConsumed (8) | unblockedRecordCount (8)             |  768 consumer counter slot
 *  |   pendingHeadPosition (8)                                     |  784
 *  +---------------------------------------------------------------+
 *  |                    reserved to 1024                           |
 *  +---------------------------------------------------------------+
 *  |   producer slot 0: token (8) | claimFloorPosition (8)         |  1024 MPSC producer slots (LAYOUT 3.1):
 *  |                    reserved to 64                             |       48 slots of 64 bytes,
 *  +---------------------------------------------------------------+       slot k at 1024 + 64 k
 *  |   producer slot 1 ... producer slot 47                        |  1088 .. 4095
 *  +---------------------------------------------------------------+
 * </pre>
 */

/**
 * One MPSC producer slot (LAYOUT 3.1), owned by one producer handle while it is attached.
 *
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
typedef struct ringway_producer_slot_stct
{
    int64_t token;
    int64_t claim_floor_position;
    uint8_t reserved[RINGWAY_PRODUCER_SLOT_LENGTH - 16];
}
ringway_producer_slot_t;

RINGWAY_STATIC_ASSERT(offsetof(ringway_producer_slot_t, token) == RINGWAY_PRODUCER_SLOT_TOKEN_OFFSET, "token offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_producer_slot_t, claim_floor_position) ==
    RINGWAY_PRODUCER_SLOT_CLAIM_FLOOR_OFFSET, "claimFloorPosition offset");
RINGWAY_STATIC_ASSERT(sizeof(ringway_producer_slot_t) == RINGWAY_PRODUCER_SLOT_LENGTH, "a producer slot is 64 bytes");
RINGWAY_STATIC_ASSERT(RINGWAY_PRODUCER_SLOT_COUNT == 48, "48 producer slots");

typedef struct ringway_header_page_stct
{
    int64_t magic;
    int32_t layout_version;
    int32_t ring_kind;
    int32_t header_length;
    int32_t capacity;
    int32_t max_message_length;
    int32_t trailer_length;
    int64_t creation_time_ms;
    int64_t creator_pid;
    int32_t schema_id;
    int32_t schema_version;
    /** inode number of the creator's pid namespace (layout 1.3); 0: unknown, or a 1.2 creator */
    int64_t pid_namespace;
    /** random non-zero per-file id naming the file's kernel objects where wakeups need names (layout 1.4); 0: older */
    int64_t channel_id;
    uint8_t identity_reserved[RINGWAY_SLOT_LENGTH - 72];

    int32_t data_sequence;
    int32_t data_waiters;
    uint8_t data_wait_reserved[RINGWAY_SLOT_LENGTH - 8];

    int32_t space_sequence;
    int32_t space_waiters;
    uint8_t space_wait_reserved[RINGWAY_SLOT_LENGTH - 8];

    int64_t producer_lease;
    int64_t producer_heartbeat_ms;
    int64_t producer_pid;
    uint8_t producer_reserved[RINGWAY_SLOT_LENGTH - 24];

    int64_t consumer_lease;
    int64_t consumer_heartbeat_ms;
    int64_t consumer_pid;
    uint8_t consumer_reserved[RINGWAY_SLOT_LENGTH - 24];

    int64_t back_pressure_count;
    int64_t wake_count;
    uint8_t producer_counter_reserved[RINGWAY_SLOT_LENGTH - 16];

    int64_t messages_consumed;
    int64_t unblocked_record_count;
    int64_t pending_head_position;
    uint8_t consumer_counter_reserved[RINGWAY_SLOT_LENGTH - 24];

    uint8_t reserved[RINGWAY_PRODUCER_SLOTS_OFFSET - 7 * RINGWAY_SLOT_LENGTH];

    ringway_producer_slot_t producer_slots[RINGWAY_PRODUCER_SLOT_COUNT];
}
ringway_header_page_t;

RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, magic) == 0, "magic offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, layout_version) == 8, "layoutVersion offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, ring_kind) == 12, "ringKind offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, header_length) == 16, "headerLength offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, capacity) == 20, "capacity offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, max_message_length) == 24, "maxMessageLength offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, trailer_length) == 28, "trailerLength offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, creation_time_ms) == 32, "creationTimeMs offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, creator_pid) == 40, "creatorPid offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, schema_id) == 48, "schemaId offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, schema_version) == 52, "schemaVersion offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, pid_namespace) == 56, "pidNamespace offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, channel_id) == 64, "channelId offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, identity_reserved) == 72, "identity reserved offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, data_sequence) == 128, "dataSequence offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, data_waiters) == 132, "dataWaiters offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, data_wait_reserved) == 136, "data wait reserved offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, space_sequence) == 256, "spaceSequence offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, space_waiters) == 260, "spaceWaiters offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, space_wait_reserved) == 264, "space wait reserved offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, producer_lease) == 384, "producerLease offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, producer_heartbeat_ms) == 392, "producerHeartbeatMs offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, producer_pid) == 400, "producerPid offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, producer_reserved) == 408, "producer reserved offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, consumer_lease) == 512, "consumerLease offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, consumer_heartbeat_ms) == 520, "consumerHeartbeatMs offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, consumer_pid) == 528, "consumerPid offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, consumer_reserved) == 536, "consumer reserved offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, back_pressure_count) == 640, "backPressureCount offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, wake_count) == 648, "wakeCount offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, producer_counter_reserved) == 656, "counter reserved offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, messages_consumed) == 768, "messagesConsumed offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, unblocked_record_count) == 776, "unblockedRecordCount offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, pending_head_position) == 784, "pendingHeadPosition offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, consumer_counter_reserved) == 792, "consumer reserved offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, reserved) == 896, "header reserved offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, producer_slots) == RINGWAY_PRODUCER_SLOTS_OFFSET,
    "producerSlots offset");
RINGWAY_STATIC_ASSERT(sizeof(ringway_header_page_t) == RINGWAY_HEADER_LENGTH, "header page is 4096 bytes");

/**
 * The ring trailer (LAYOUT 4), at file offset 4096 + capacity. Each counter sits alone in a 128-byte slot.
 *
 * <pre>
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
typedef struct ringway_trailer_stct
{
    uint8_t leading_reserved[RINGWAY_SLOT_LENGTH];
    int64_t tail_position;
    uint8_t tail_reserved[RINGWAY_SLOT_LENGTH - 8];
    int64_t head_cache_position;
    uint8_t head_cache_reserved[RINGWAY_SLOT_LENGTH - 8];
    int64_t head_position;
    uint8_t head_reserved[RINGWAY_SLOT_LENGTH - 8];
    int64_t correlation_counter;
    uint8_t correlation_reserved[RINGWAY_SLOT_LENGTH - 8];
    int64_t consumer_heartbeat;
    uint8_t consumer_heartbeat_reserved[RINGWAY_SLOT_LENGTH - 8];
}
ringway_trailer_t;

RINGWAY_STATIC_ASSERT(offsetof(ringway_trailer_t, leading_reserved) == 0, "trailer leading reserved offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_trailer_t, tail_position) == 128, "tailPosition offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_trailer_t, tail_reserved) == 136, "tail reserved offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_trailer_t, head_cache_position) == 256, "headCachePosition offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_trailer_t, head_cache_reserved) == 264, "head cache reserved offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_trailer_t, head_position) == 384, "headPosition offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_trailer_t, head_reserved) == 392, "head reserved offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_trailer_t, correlation_counter) == 512, "correlationCounter offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_trailer_t, correlation_reserved) == 520, "correlation reserved offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_trailer_t, consumer_heartbeat) == 640, "consumerHeartbeat offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_trailer_t, consumer_heartbeat_reserved) == 648, "heartbeat reserved offset");
RINGWAY_STATIC_ASSERT(sizeof(ringway_trailer_t) == RINGWAY_TRAILER_LENGTH, "trailer is 768 bytes");

/**
 * A record header (LAYOUT 5), at an 8-byte-aligned index of the ring data area; the body follows it.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |R|                      length (int32)                         |  +0   negative while being written
 *  +-+-------------------------------------------------------------+
 *  |                      typeId (int32)                           |  +4   >= 1, or -1 for padding
 *  +---------------------------------------------------------------+
 *  |                      body (length - 8 bytes)                 ...  +8
 *  +---------------------------------------------------------------+
 * </pre>
 */
typedef struct ringway_record_header_stct
{
    int32_t length;
    int32_t type_id;
}
ringway_record_header_t;

RINGWAY_STATIC_ASSERT(offsetof(ringway_record_header_t, length) == 0, "record length offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_record_header_t, type_id) == 4, "record typeId offset");
RINGWAY_STATIC_ASSERT(sizeof(ringway_record_header_t) == RINGWAY_RECORD_HEADER_LENGTH, "record header is 8 bytes");

/* ------------------------------------------------------------------------------------------------------------------
 * Results
 * ---------------------------------------------------------------------------------------------------------------- */

typedef enum ringway_result_en
{
    RINGWAY_OK = 0,
    /** Back-pressure: the ring has no room for the message now; try again later. Not an error of the channel. */
    RINGWAY_E_RING_FULL = -1,
    /** A NULL handle or an option out of range (capacity, ring kind, path length). */
    RINGWAY_E_INVALID_ARGUMENT = -2,
    /** A system call failed; the detail names it and its errno text. */
    RINGWAY_E_IO = -3,
    /** create: a file or symlink already exists at the path. */
    RINGWAY_E_FILE_EXISTS = -4,
    /** open: no file at the path. */
    RINGWAY_E_FILE_NOT_FOUND = -5,
    /** open: the file is not a valid channel (LAYOUT 10.3); the detail names the field. */
    RINGWAY_E_INVALID_FILE = -6,
    /** open: magic and layoutVersion are zero: creation in progress, or its creator died. */
    RINGWAY_E_NOT_INITIALISED = -7,
    /** open: a layout major version other than 1. */
    RINGWAY_E_UNSUPPORTED_VERSION = -8,
    /** open: the channel is not of the ring kind or capacity the caller expects. */
    RINGWAY_E_UNEXPECTED_CHANNEL = -9,
    /** attach: the lease is held by a live process (this one included). */
    RINGWAY_E_LEASE_TAKEN = -10,
    /** offer/try_claim: body length below 0 or above maxMessageLength. */
    RINGWAY_E_MESSAGE_LENGTH = -11,
    /** offer/try_claim: type id below 1. */
    RINGWAY_E_TYPE_ID = -12,
    /** commit/abort: the index is not a claim in progress (never claimed, or committed or aborted already). */
    RINGWAY_E_CLAIM_STATE = -13,
    /** poll: a record's length or type id is impossible; the consumer stops before it. */
    RINGWAY_E_CORRUPT_RECORD = -14,
    /** The handle is closed, or was never opened or attached. */
    RINGWAY_E_CLOSED = -15
}
ringway_result_t;

/** The detail of a handle's last error: the code, the field named as in LAYOUT.md, and a key=value message. */
typedef struct ringway_error_stct
{
    int code;
    char field[RINGWAY_ERROR_FIELD_LENGTH];
    char message[RINGWAY_ERROR_MESSAGE_LENGTH];
}
ringway_error_t;

/**
 * How ringway_consumer_poll_wait waits for messages and ringway_producer_offer_wait for space (LAYOUT 9): spins re-checks
 * with a CPU pause, then yields re-checks with sched_yield, then, when parks, parks on the channel's futex. Make one with
 * ringway_wait_busy_spin(), ringway_wait_yielding(), ringway_wait_backoff(spins, yields) or ringway_wait_blocking().
 */
typedef struct ringway_wait_strategy_stct
{
    int32_t spins;
    int32_t yields;
    bool parks;
}
ringway_wait_strategy_t;

/* ------------------------------------------------------------------------------------------------------------------
 * Handles: plain structs owned by the caller. Read them through the functions below; their members are private.
 * ---------------------------------------------------------------------------------------------------------------- */

/**
 * A clock in milliseconds. As the channel's clock (ringway_channel_set_clock) it is the monotonic clock of heartbeats,
 * liveness verdicts and the MPSC unblock timeout (LAYOUT 8.1, 7.1): NULL means CLOCK_MONOTONIC, which every process of
 * the host shares and no wall clock step moves; tests pass their own so that they never sleep. As the wall clock
 * (ringway_channel_set_wall_clock) it only dates status snapshots: NULL means CLOCK_REALTIME.
 */
typedef int64_t (*ringway_clock_ms_t)(void *clientd);

/** Default heartbeat timeout: a live process whose heartbeat is older than this is RINGWAY_LIVENESS_STALE. */
#define RINGWAY_DEFAULT_HEARTBEAT_TIMEOUT_MS 5000
/** Default MPSC unblock timeout: how long an uncommitted claim may stop the consumer before it is padded. */
#define RINGWAY_DEFAULT_UNBLOCK_TIMEOUT_MS 5000
/** Busy operations between two clock reads for the heartbeat (LAYOUT 8.1). */
#define RINGWAY_OPERATIONS_PER_CLOCK_READ 256

/** Time and state of one heartbeat word kept by a producer or consumer handle (LAYOUT 8.1). */
typedef struct ringway_heartbeat_stct
{
    ringway_clock_ms_t clock;
    void *clock_clientd;
    int64_t *heartbeat_word;
    int64_t last_beat_ms;
    int32_t operations_until_clock_read;
}
ringway_heartbeat_t;

typedef struct ringway_channel_stct
{
    uint8_t *mapped;
    size_t mapped_length;
    ringway_header_page_t *header;
    uint8_t *ring_data;
    ringway_trailer_t *trailer;
    int32_t ring_kind;
    int32_t capacity;
    int32_t max_message_length;
    bool is_open;
    bool holds_producer_lease;
    bool holds_consumer_lease;
    int64_t producer_lease_token;
    int64_t consumer_lease_token;
    int fd;
    ringway_clock_ms_t clock;
    void *clock_clientd;
    ringway_clock_ms_t wall_clock;
    void *wall_clock_clientd;
    int64_t heartbeat_timeout_ms;
    int64_t unblock_timeout_ms;
    char path[RINGWAY_PATH_MAX_LENGTH];
    ringway_error_t error;
}
ringway_channel_t;

typedef struct ringway_producer_stct
{
    ringway_channel_t *channel;
    ringway_header_page_t *header;
    uint8_t *ring_data;
    ringway_trailer_t *trailer;
    int32_t ring_kind;
    int32_t capacity;
    int32_t max_message_length;
    bool is_attached;
    bool holds_lease;
    /** MPSC: the producer slot this handle owns (LAYOUT 3.1), or NULL; its token, and its claims in progress. */
    ringway_producer_slot_t *slot;
    int64_t slot_token;
    int32_t claims_in_progress;
    /** The headCachePosition this handle last read and checked, or stored itself (LAYOUT 11); INT64_MIN at first. */
    int64_t head_cache_seen_position;
    ringway_wait_strategy_t wait_strategy;
    ringway_heartbeat_t heartbeat;
    ringway_error_t error;
}
ringway_producer_t;

typedef struct ringway_consumer_stct
{
    ringway_channel_t *channel;
    ringway_header_page_t *header;
    uint8_t *ring_data;
    ringway_trailer_t *trailer;
    int32_t ring_kind;
    int32_t capacity;
    int32_t max_message_length;
    bool is_attached;
    /** Set by ringway_consumer_stop_poll from inside a handler; cleared when a poll starts. */
    bool is_poll_stopped;
    int64_t head_position;
    int64_t messages_consumed;
    ringway_wait_strategy_t wait_strategy;
    ringway_heartbeat_t heartbeat;
    int64_t unblock_timeout_ms;
    int64_t blocked_position;
    int64_t blocked_since_ms; /* CLOCK_MONOTONIC ms (the heartbeat clock): a wall clock step is no timeout */
    /** The pid of a live producer that may own the claim stopping the consumer at blocked_position, or 0 (7.1). */
    int64_t blocking_producer_pid;
    ringway_error_t error;
}
ringway_consumer_t;

/** The verdict on a role of a channel (LAYOUT 8.1). */
typedef enum ringway_liveness_en
{
    RINGWAY_LIVENESS_ABSENT = 0,
    RINGWAY_LIVENESS_ALIVE = 1,
    RINGWAY_LIVENESS_STALE = 2,
    RINGWAY_LIVENESS_DEAD = 3
}
ringway_liveness_t;

/** A snapshot of a channel (LAYOUT 8.1), from ringway_channel_status. Fields are read one by one, not atomically. */
typedef struct ringway_status_stct
{
    int32_t ring_kind;
    int32_t capacity;
    int64_t file_length;
    int64_t required_file_length;
    int64_t creator_pid;
    /** the channel's monotonic clock (CLOCK_MONOTONIC ms, the time base of heartbeats; not a time of day) */
    int64_t now_ms;
    int64_t producer_pid;
    int64_t producer_heartbeat_ms;
    int64_t producer_heartbeat_age_ms;
    ringway_liveness_t producer_liveness;
    int64_t consumer_pid;
    int64_t consumer_heartbeat_ms;
    int64_t consumer_heartbeat_age_ms;
    ringway_liveness_t consumer_liveness;
    int64_t head_position;
    int64_t tail_position;
    int64_t fill_length;
    int64_t messages_consumed;
    int64_t back_pressure_count;
    int64_t wake_count;
    int64_t unblocked_record_count;
    /** the wall clock (epoch ms) when the snapshot was taken, for people and logs; no age is computed from it */
    int64_t now_epoch_ms;
}
ringway_status_t;

/**
 * What ringway_channel_create makes. A file_mode of 0 means 0600 (owner read and write). replace_existing: delete an
 * existing regular file at the path first (never a symlink or anything else); otherwise an existing file is refused.
 */
typedef struct ringway_create_options_stct
{
    int32_t ring_kind;
    int32_t capacity;
    uint32_t file_mode;
    int32_t schema_id;
    int32_t schema_version;
    bool replace_existing;
}
ringway_create_options_t;

/**
 * What ringway_channel_open expects beyond a valid file; 0 in a member means "any". By default open refuses a
 * symlink, anything but a regular file, and a file whose owner is not this process's effective uid (LAYOUT 10.3).
 */
typedef struct ringway_open_options_stct
{
    int32_t expected_ring_kind;
    int32_t expected_capacity;
    bool allow_other_owner;
    bool follow_symlinks;
}
ringway_open_options_t;

/**
 * Receives one message during ringway_consumer_poll. The body is valid only during the call: the producer may reuse
 * the space as soon as the consumer moves past it.
 */
typedef void (*ringway_message_handler_t)(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length);

/** What /proc says about a process (LAYOUT 8). */
typedef enum ringway_process_verdict_enum
{
    /** At least one thread of the process runs (or sleeps, or is stopped). */
    RINGWAY_PROCESS_ALIVE = 0,
    /** No such process, every thread of it has exited, or (for a token) another process reuses the pid. */
    RINGWAY_PROCESS_DEAD = 1,
    /** /proc could not be read or parsed for another reason: never taken as dead. */
    RINGWAY_PROCESS_UNKNOWN = 2
}
ringway_process_verdict_t;

/* ------------------------------------------------------------------------------------------------------------------
 * The API, grouped. Every function is static inline and defined further down, in the order the implementation needs;
 * these declarations are the list to read (the journal reader's is in its own section below). Return values: see the
 * top of this file. A test (header.api_listed) checks that every public function defined here is declared in a list.
 * ---------------------------------------------------------------------------------------------------------------- */

/* Errors */
static inline const char *ringway_strerror(int code);

/* Channel files (LAYOUT 10): create, open, close, delete; a handle keeps its last error */
static inline int ringway_channel_path_for(const char *name, char *path, size_t path_length);
static inline int ringway_channel_create(ringway_channel_t *channel, const char *path,
    const ringway_create_options_t *options);
static inline int ringway_channel_open(ringway_channel_t *channel, const char *path,
    const ringway_open_options_t *options);
static inline int ringway_channel_close(ringway_channel_t *channel);
static inline int ringway_channel_delete(ringway_channel_t *channel);
static inline const char *ringway_channel_last_error(const ringway_channel_t *channel);
static inline const char *ringway_channel_last_error_field(const ringway_channel_t *channel);
static inline int ringway_channel_check_length(ringway_channel_t *channel);

/* Channel settings: clocks and timeouts (LAYOUT 7.1, 8.1); set them before attaching roles */
static inline void ringway_channel_set_clock(ringway_channel_t *channel, ringway_clock_ms_t clock, void *clientd);
static inline void ringway_channel_set_wall_clock(ringway_channel_t *channel, ringway_clock_ms_t clock, void *clientd);
static inline void ringway_channel_set_heartbeat_timeout_ms(ringway_channel_t *channel, int64_t timeout_ms);
static inline void ringway_channel_set_unblock_timeout_ms(ringway_channel_t *channel, int64_t timeout_ms);

/* Channel status: fields, positions, counters, liveness (LAYOUT 3, 8.1) */
static inline int32_t ringway_channel_ring_kind(const ringway_channel_t *channel);
static inline int32_t ringway_channel_capacity(const ringway_channel_t *channel);
static inline int32_t ringway_channel_max_message_length(const ringway_channel_t *channel);
static inline int64_t ringway_channel_producer_position(ringway_channel_t *channel);
static inline int64_t ringway_channel_consumer_position(ringway_channel_t *channel);
static inline int64_t ringway_channel_back_pressure_count(ringway_channel_t *channel);
static inline int64_t ringway_channel_messages_consumed(ringway_channel_t *channel);
static inline int64_t ringway_channel_consumer_lease_pid(ringway_channel_t *channel);
static inline int64_t ringway_channel_producer_lease_pid(ringway_channel_t *channel);
static inline int64_t ringway_channel_wake_count(ringway_channel_t *channel);
static inline int64_t ringway_channel_unblocked_record_count(ringway_channel_t *channel);
static inline ringway_liveness_t ringway_channel_consumer_liveness(ringway_channel_t *channel);
static inline ringway_liveness_t ringway_channel_producer_liveness(ringway_channel_t *channel);
static inline const char *ringway_liveness_name(ringway_liveness_t liveness);
static inline int ringway_channel_status(ringway_channel_t *channel, ringway_status_t *status);

/* Producer (LAYOUT 6): SPSC takes the producer lease, MPSC a producer slot */
static inline int ringway_producer_attach(ringway_producer_t *producer, ringway_channel_t *channel);
static inline int ringway_producer_close(ringway_producer_t *producer);
static inline int ringway_producer_offer(ringway_producer_t *producer, int32_t type_id, const void *body,
    int32_t body_length);
static inline int32_t ringway_producer_try_claim(ringway_producer_t *producer, int32_t type_id, int32_t body_length,
    uint8_t **body);
static inline int ringway_producer_commit(ringway_producer_t *producer, int32_t body_index);
static inline int ringway_producer_abort(ringway_producer_t *producer, int32_t body_index);
static inline uint8_t * ringway_producer_buffer(const ringway_producer_t *producer);
static inline int32_t ringway_producer_max_message_length(const ringway_producer_t *producer);
static inline void ringway_producer_heartbeat(ringway_producer_t *producer);
static inline bool ringway_producer_is_consumer_alive(ringway_producer_t *producer);
static inline const char *ringway_producer_last_error(const ringway_producer_t *producer);
static inline const char *ringway_producer_last_error_field(const ringway_producer_t *producer);

/* Consumer (LAYOUT 7): takes the consumer lease */
static inline int ringway_consumer_attach(ringway_consumer_t *consumer, ringway_channel_t *channel);
static inline int ringway_consumer_close(ringway_consumer_t *consumer);
static inline int ringway_consumer_poll(ringway_consumer_t *consumer, ringway_message_handler_t handler, void *clientd,
    int limit);
static inline int64_t ringway_consumer_position(const ringway_consumer_t *consumer);
static inline void ringway_consumer_heartbeat(ringway_consumer_t *consumer);
static inline bool ringway_consumer_is_producer_alive(ringway_consumer_t *consumer);
static inline int64_t ringway_consumer_blocking_producer_pid(const ringway_consumer_t *consumer);
static inline void ringway_consumer_stop_poll(ringway_consumer_t *consumer);
static inline const char *ringway_consumer_last_error(const ringway_consumer_t *consumer);
static inline const char *ringway_consumer_last_error_field(const ringway_consumer_t *consumer);

/* Waiting (LAYOUT 9): strategies, and the waiting forms of offer and poll */
static inline ringway_wait_strategy_t ringway_wait_busy_spin(void);
static inline ringway_wait_strategy_t ringway_wait_yielding(void);
static inline ringway_wait_strategy_t ringway_wait_backoff(int32_t spins, int32_t yields);
static inline ringway_wait_strategy_t ringway_wait_backoff_default(void);
static inline ringway_wait_strategy_t ringway_wait_blocking(void);
static inline void ringway_producer_set_wait_strategy(ringway_producer_t *producer, ringway_wait_strategy_t strategy);
static inline int ringway_producer_offer_wait(ringway_producer_t *producer, int32_t type_id, const void *body,
    int32_t body_length, int64_t timeout_ns);
static inline void ringway_consumer_set_wait_strategy(ringway_consumer_t *consumer, ringway_wait_strategy_t strategy);
static inline int ringway_consumer_poll_wait(ringway_consumer_t *consumer, ringway_message_handler_t handler,
    void *clientd, int limit, int64_t timeout_ns);

/* Building blocks: memory orders, layout arithmetic, processes and futexes (used by the functions above, the tests and the Go module) */
static inline int32_t ringway_get_int32_plain(int32_t *address);
static inline int32_t ringway_get_int32_acquire(int32_t *address);
static inline void ringway_put_int32_plain(int32_t *address, int32_t value);
static inline void ringway_put_int32_release(int32_t *address, int32_t value);
static inline int64_t ringway_get_int64_plain(int64_t *address);
static inline int64_t ringway_get_int64_acquire(int64_t *address);
static inline void ringway_put_int64_plain(int64_t *address, int64_t value);
static inline void ringway_put_int64_release(int64_t *address, int64_t value);
static inline bool ringway_compare_and_set_int64(int64_t *address, int64_t expected, int64_t desired);
static inline int64_t ringway_get_and_add_int64(int64_t *address, int64_t delta);
static inline int32_t ringway_get_and_add_int32(int32_t *address, int32_t delta);
static inline void ringway_fence_release(void);
static inline void ringway_fence_full(void);
static inline int32_t ringway_aligned_length(int32_t record_length);
static inline int64_t ringway_file_length(int32_t capacity);
static inline bool ringway_is_valid_capacity(int32_t capacity);
static inline int64_t ringway_process_start_time(int64_t pid);
static inline ringway_process_verdict_t ringway_process_verdict(int64_t pid);
static inline int64_t ringway_process_token(int64_t pid);
static inline int64_t ringway_token_pid(int64_t token);
static inline bool ringway_token_is_alive(int64_t token);
static inline int ringway_futex_wait(int32_t *address, int32_t expected_value, int64_t timeout_ns);
static inline int ringway_futex_wake(int32_t *address, int32_t count);

/**
 * @param code a result of any ringway_ function.
 * @return a constant, human-readable name for it.
 */
static inline const char *ringway_strerror(int code)
{
    switch (code)
    {
        case RINGWAY_OK: return "ok";
        case RINGWAY_E_RING_FULL: return "ring full (back-pressure): try again later";
        case RINGWAY_E_INVALID_ARGUMENT: return "invalid argument";
        case RINGWAY_E_IO: return "system call failed";
        case RINGWAY_E_FILE_EXISTS: return "channel file already exists";
        case RINGWAY_E_FILE_NOT_FOUND: return "no such channel file";
        case RINGWAY_E_INVALID_FILE: return "not a valid channel file";
        case RINGWAY_E_NOT_INITIALISED: return "channel file not initialised";
        case RINGWAY_E_UNSUPPORTED_VERSION: return "unsupported layout major version";
        case RINGWAY_E_UNEXPECTED_CHANNEL: return "channel differs from what the caller expects";
        case RINGWAY_E_LEASE_TAKEN: return "channel role already taken by a live process";
        case RINGWAY_E_MESSAGE_LENGTH: return "message length out of range";
        case RINGWAY_E_TYPE_ID: return "invalid message type id";
        case RINGWAY_E_CLAIM_STATE: return "not a claim in progress";
        case RINGWAY_E_CORRUPT_RECORD: return "corrupt record in the ring";
        case RINGWAY_E_CLOSED: return "handle closed";
        default: return "unknown ringway result";
    }
}

/* ------------------------------------------------------------------------------------------------------------------
 * Shared-memory access. "plain" is a relaxed atomic access (LAYOUT 1: plain = memory_order_relaxed), so that every
 * access to a word another process may touch is single-copy atomic and visible to ThreadSanitizer.
 * ---------------------------------------------------------------------------------------------------------------- */

#if defined(__cplusplus)
/* C++ before C++23 has no _Atomic: the GCC/Clang builtins below have the same semantics as C11's functions. */
#define RINGWAY_ATOMIC_LOAD_(address, order) __atomic_load_n((address), (order))
#define RINGWAY_ATOMIC_STORE_(address, value, order) __atomic_store_n((address), (value), (order))
#define RINGWAY_ORDER_RELAXED_ __ATOMIC_RELAXED
#define RINGWAY_ORDER_ACQUIRE_ __ATOMIC_ACQUIRE
#define RINGWAY_ORDER_RELEASE_ __ATOMIC_RELEASE
#else
RINGWAY_STATIC_ASSERT(sizeof(_Atomic int32_t) == 4 && _Alignof(_Atomic int32_t) == 4, "lock-free int32 layout");
RINGWAY_STATIC_ASSERT(sizeof(_Atomic int64_t) == 8 && _Alignof(_Atomic int64_t) == 8, "lock-free int64 layout");
#define RINGWAY_ATOMIC_LOAD_(address, order) atomic_load_explicit((address), (order))
#define RINGWAY_ATOMIC_STORE_(address, value, order) atomic_store_explicit((address), (value), (order))
#define RINGWAY_ORDER_RELAXED_ memory_order_relaxed
#define RINGWAY_ORDER_ACQUIRE_ memory_order_acquire
#define RINGWAY_ORDER_RELEASE_ memory_order_release
#endif

#if defined(__cplusplus)
#define RINGWAY_AS_ATOMIC32_(address) (address)
#define RINGWAY_AS_ATOMIC64_(address) (address)
#else
#define RINGWAY_AS_ATOMIC32_(address) ((_Atomic int32_t *)(address))
#define RINGWAY_AS_ATOMIC64_(address) ((_Atomic int64_t *)(address))
#endif

static inline int32_t ringway_get_int32_plain(int32_t *address)
{
    return RINGWAY_ATOMIC_LOAD_(RINGWAY_AS_ATOMIC32_(address), RINGWAY_ORDER_RELAXED_);
}

static inline int32_t ringway_get_int32_acquire(int32_t *address)
{
    return RINGWAY_ATOMIC_LOAD_(RINGWAY_AS_ATOMIC32_(address), RINGWAY_ORDER_ACQUIRE_);
}

static inline void ringway_put_int32_plain(int32_t *address, int32_t value)
{
    RINGWAY_ATOMIC_STORE_(RINGWAY_AS_ATOMIC32_(address), value, RINGWAY_ORDER_RELAXED_);
}

static inline void ringway_put_int32_release(int32_t *address, int32_t value)
{
    RINGWAY_ATOMIC_STORE_(RINGWAY_AS_ATOMIC32_(address), value, RINGWAY_ORDER_RELEASE_);
}

static inline int64_t ringway_get_int64_plain(int64_t *address)
{
    return RINGWAY_ATOMIC_LOAD_(RINGWAY_AS_ATOMIC64_(address), RINGWAY_ORDER_RELAXED_);
}

static inline int64_t ringway_get_int64_acquire(int64_t *address)
{
    return RINGWAY_ATOMIC_LOAD_(RINGWAY_AS_ATOMIC64_(address), RINGWAY_ORDER_ACQUIRE_);
}

static inline void ringway_put_int64_plain(int64_t *address, int64_t value)
{
    RINGWAY_ATOMIC_STORE_(RINGWAY_AS_ATOMIC64_(address), value, RINGWAY_ORDER_RELAXED_);
}

static inline void ringway_put_int64_release(int64_t *address, int64_t value)
{
    RINGWAY_ATOMIC_STORE_(RINGWAY_AS_ATOMIC64_(address), value, RINGWAY_ORDER_RELEASE_);
}

/** CAS, sequentially consistent. @return true when *address held expected and now holds desired. */
static inline bool ringway_compare_and_set_int64(int64_t *address, int64_t expected, int64_t desired)
{
#if defined(__cplusplus)
    return __atomic_compare_exchange_n(address, &expected, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
#else
    return atomic_compare_exchange_strong(RINGWAY_AS_ATOMIC64_(address), &expected, desired);
#endif
}

/** Fetch-add, sequentially consistent. @return the value before the addition. */
static inline int64_t ringway_get_and_add_int64(int64_t *address, int64_t delta)
{
#if defined(__cplusplus)
    return __atomic_fetch_add(address, delta, __ATOMIC_SEQ_CST);
#else
    return atomic_fetch_add(RINGWAY_AS_ATOMIC64_(address), delta);
#endif
}

/** Fetch-add on an int32, sequentially consistent. @return the value before the addition. */
static inline int32_t ringway_get_and_add_int32(int32_t *address, int32_t delta)
{
#if defined(__cplusplus)
    return __atomic_fetch_add(address, delta, __ATOMIC_SEQ_CST);
#else
    return atomic_fetch_add(RINGWAY_AS_ATOMIC32_(address), delta);
#endif
}

static inline void ringway_fence_release(void)
{
#if defined(__cplusplus)
    __atomic_thread_fence(__ATOMIC_RELEASE);
#else
    atomic_thread_fence(memory_order_release);
#endif
}

static inline void ringway_fence_full(void)
{
#if defined(__cplusplus)
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
#else
    atomic_thread_fence(memory_order_seq_cst);
#endif
}

/* ------------------------------------------------------------------------------------------------------------------
 * Small helpers (internal: names end in an underscore)
 * ---------------------------------------------------------------------------------------------------------------- */

/** align(x, 8) of LAYOUT 5. */
static inline int32_t ringway_aligned_length(int32_t record_length)
{
    return (record_length + (RINGWAY_RECORD_ALIGNMENT - 1)) & ~(RINGWAY_RECORD_ALIGNMENT - 1);
}

/** @return 4096 + capacity + 768: the file length a channel of that capacity needs. */
static inline int64_t ringway_file_length(int32_t capacity)
{
    return (int64_t)RINGWAY_HEADER_LENGTH + capacity + RINGWAY_TRAILER_LENGTH;
}

/** @return true when capacity is a power of two in [64, 2^30]. */
static inline bool ringway_is_valid_capacity(int32_t capacity)
{
    return capacity >= RINGWAY_MIN_CAPACITY && capacity <= RINGWAY_MAX_CAPACITY && (capacity & (capacity - 1)) == 0;
}

/** Writes "ENOSPC (No space left on device)", or "errno <n> (<text>)" for a number without a name here. */
static inline void ringway_describe_errno_(char *text, size_t text_length, int error_number)
{
    const char *name = error_number == ENOSPC ? "ENOSPC" : error_number == EDQUOT ? "EDQUOT" :
        error_number == EFBIG ? "EFBIG" : error_number == EIO ? "EIO" : NULL;
    if (name != NULL)
    {
        snprintf(text, text_length, "%s (%s)", name, strerror(error_number));
    }
    else
    {
        snprintf(text, text_length, "errno %d (%s)", error_number, strerror(error_number));
    }
}

/**
 * @return milliseconds of CLOCK_MONOTONIC: the time base of heartbeat words, heartbeat ages and the MPSC unblock timer
 *         (LAYOUT 8.1, 7.1; layout 1.2). The same clock as Java's System.nanoTime and Go's, shared by every process
 *         of the host; a step of the wall clock (NTP, date -s, a VM resumed) does not move it.
 */
static inline int64_t ringway_monotonic_ms_(void)
{
    struct timespec now;
    if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
    {
        return 0;
    }
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/** @return milliseconds since the Unix epoch (CLOCK_REALTIME): creationTimeMs and the date of a status snapshot only. */
static inline int64_t ringway_epoch_ms_(void)
{
    struct timespec now;
    if (clock_gettime(CLOCK_REALTIME, &now) != 0)
    {
        return 0;
    }
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* Positions come from a file any process may write: do their arithmetic without signed overflow. */
static inline int64_t ringway_position_add_(int64_t position, int64_t delta)
{
    return (int64_t)((uint64_t)position + (uint64_t)delta);
}

/* position - other without signed overflow: the wrapped difference of two values read from the file. */
static inline int64_t ringway_position_sub_(int64_t position, int64_t other)
{
    return (int64_t)((uint64_t)position - (uint64_t)other);
}

/** @return capacity - (tail - head), or 0 when tail - head is negative or above the capacity (stale or corrupt). */
static inline int64_t ringway_available_length_(int32_t capacity, int64_t tail_position, int64_t head_position)
{
    const uint64_t used_length = (uint64_t)tail_position - (uint64_t)head_position;
    return used_length > (uint64_t)capacity ? 0 : (int64_t)capacity - (int64_t)used_length;
}

static inline ringway_record_header_t *ringway_record_at_(uint8_t *ring_data, int32_t record_index)
{
    return (ringway_record_header_t *)(void *)(ring_data + record_index);
}

/** Stores int64 0 (plain) over the record header at the index: "pre-zero the next header" of LAYOUT 6.1. */
static inline void ringway_zero_record_header_(uint8_t *ring_data, int32_t record_index)
{
    ringway_put_int64_plain((int64_t *)(void *)(ring_data + record_index), 0);
}

#if defined(__GNUC__)
#define RINGWAY_PRINTF_(format_index, first_arg) __attribute__((format(printf, format_index, first_arg)))
#else
#define RINGWAY_PRINTF_(format_index, first_arg)
#endif

static inline int ringway_set_error_(
    ringway_error_t *error, int code, const char *path, const char *field, const char *format, ...)
    RINGWAY_PRINTF_(5, 6);

/**
 * Records the detail of an error in the handle: "<reason>: file=<path> field=<field> found=<found> expected=<x>",
 * where format/... print "<reason>\x1f<found>\x1f<expected>" and the unit separators are replaced here.
 * @return code, for "return ringway_set_error_(...)".
 */
static inline int ringway_set_error_(
    ringway_error_t *error, int code, const char *path, const char *field, const char *format, ...)
{
    char parts[1024];
    va_list args;
    va_start(args, format);
    vsnprintf(parts, sizeof(parts), format, args);
    va_end(args);

    const char *reason = parts;
    char *found = strchr(parts, '\x1f');
    char *expected = NULL;
    if (found != NULL)
    {
        *found++ = '\0';
        expected = strchr(found, '\x1f');
        if (expected != NULL)
        {
            *expected++ = '\0';
        }
    }
    error->code = code;
    snprintf(error->field, sizeof(error->field), "%s", field);
    snprintf(
        error->message,
        sizeof(error->message),
        "%s: file=%s field=%s found=%s expected=%s",
        reason,
        path,
        field,
        found != NULL ? found : "?",
        expected != NULL ? expected : "?");
    return code;
}

static inline void ringway_clear_error_(ringway_error_t *error)
{
    error->code = RINGWAY_OK;
    error->field[0] = '\0';
    error->message[0] = '\0';
}

/* ------------------------------------------------------------------------------------------------------------------
 * Process identity and leases (LAYOUT 8)
 * ---------------------------------------------------------------------------------------------------------------- */

/** Where the kernel's process table is mounted. */
#define RINGWAY_PROC_ROOT "/proc"
/** Field 3 of /proc/<pid>/stat, the state: the first field after the name. */
#define RINGWAY_STAT_STATE_FIELD 3
/** Field 22 of /proc/<pid>/stat: the start time in clock ticks since boot. */
#define RINGWAY_STAT_START_TIME_FIELD 22

/**
 * @return the inode number of this process's pid namespace (stat of /proc/self/ns/pid, whose link reads
 *         "pid:[<inode>]"), which create records and open compares (LAYOUT 3, 10.3); 0 when it cannot be read (no
 *         /proc): then nothing is recorded or checked.
 */
static inline int64_t ringway_current_pid_namespace_(void)
{
    struct stat namespace_status;
    if (stat(RINGWAY_PROC_ROOT "/self/ns/pid", &namespace_status) != 0)
    {
        return 0;
    }
    return (int64_t)namespace_status.st_ino;
}

/**
 * @return a random non-zero channelId (LAYOUT 3, layout 1.4) from /dev/urandom; should that be unreadable, the
 *         monotonic and wall clocks in nanoseconds, the pid and an address mixed (splitmix64's finaliser), which two
 *         creates do not share.
 */
static inline int64_t ringway_new_channel_id_(void)
{
    uint64_t id = 0;
    const int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd >= 0)
    {
        if (read(fd, &id, sizeof(id)) != (ssize_t)sizeof(id))
        {
            id = 0;
        }
        close(fd);
    }
    if (id == 0)
    {
        struct timespec monotonic;
        struct timespec wall;
        clock_gettime(CLOCK_MONOTONIC, &monotonic);
        clock_gettime(CLOCK_REALTIME, &wall);
        id = (uint64_t)monotonic.tv_sec * 1000000000u + (uint64_t)monotonic.tv_nsec;
        id ^= ((uint64_t)wall.tv_sec * 1000000000u + (uint64_t)wall.tv_nsec) * 0x9E3779B97F4A7C15u;
        id ^= (uint64_t)getpid() << 32 ^ (uint64_t)(uintptr_t)&id;
        id = (id ^ (id >> 30)) * 0xBF58476D1CE4E5B9u;
        id = (id ^ (id >> 27)) * 0x94D049BB133111EBu;
        id ^= id >> 31;
    }
    return id == 0 ? 1 : (int64_t)id;
}

/* result of ringway_read_stat_ besides 0: the stat file is gone, or reading it failed with ESRCH */
#define RINGWAY_STAT_NO_SUCH_PROCESS_ (-1)
/* result of ringway_read_stat_ besides 0: another failure, errno saved in *error_number */
#define RINGWAY_STAT_UNREADABLE_ (-2)

/**
 * Reads one /proc stat file as bytes and parses it (LAYOUT 8): the name (field 2) may hold spaces, ')' and any byte,
 * so fields 3 onwards are counted after the LAST ')', each ended by one space. Fields after 22 are not needed, so a
 * line longer than the buffer does no harm.
 *
 * @param state        receives field 3 (0 when the line could not be parsed).
 * @param start_time   receives field 22, or -1 when the line could not be parsed.
 * @param error_number receives errno for RINGWAY_STAT_UNREADABLE_.
 * @return 0 when read (parsed or not), RINGWAY_STAT_NO_SUCH_PROCESS_ or RINGWAY_STAT_UNREADABLE_.
 */
static inline int ringway_read_stat_(const char *stat_path, int *state, int64_t *start_time, int *error_number)
{
    *state = 0;
    *start_time = -1;
    *error_number = 0;
    const int fd = open(stat_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
    {
        *error_number = errno;
        return errno == ENOENT || errno == ESRCH ? RINGWAY_STAT_NO_SUCH_PROCESS_ : RINGWAY_STAT_UNREADABLE_;
    }
    char stat_text[1024];
    size_t stat_length = 0;
    while (stat_length < sizeof(stat_text))
    {
        const ssize_t bytes_read = read(fd, stat_text + stat_length, sizeof(stat_text) - stat_length);
        if (bytes_read < 0 && errno == EINTR)
        {
            continue;
        }
        if (bytes_read < 0)
        {
            *error_number = errno;
            close(fd);
            /* ESRCH while reading: the process exited between open and read */
            return *error_number == ESRCH ? RINGWAY_STAT_NO_SUCH_PROCESS_ : RINGWAY_STAT_UNREADABLE_;
        }
        if (bytes_read == 0)
        {
            break;
        }
        stat_length += (size_t)bytes_read;
    }
    close(fd);

    /* the name may hold any byte, ')' included: memrchr-like search from the end, not strrchr (a NUL byte) */
    size_t name_end = stat_length;
    for (size_t i = stat_length; i > 0; i--)
    {
        if (stat_text[i - 1] == ')')
        {
            name_end = i - 1;
            break;
        }
    }
    if (name_end == stat_length || name_end + 2 >= stat_length || stat_text[name_end + 1] != ' ')
    {
        return 0;
    }
    *state = (unsigned char)stat_text[name_end + 2];
    size_t index = name_end + 2;
    for (int field = RINGWAY_STAT_STATE_FIELD; field < RINGWAY_STAT_START_TIME_FIELD; field++)
    {
        while (index < stat_length && stat_text[index] != ' ')
        {
            index++;
        }
        if (index >= stat_length)
        {
            return 0;
        }
        index++;
    }
    int64_t value = 0;
    int digits = 0;
    while (index < stat_length && stat_text[index] >= '0' && stat_text[index] <= '9' && digits < 18)
    {
        value = value * 10 + (stat_text[index] - '0');
        index++;
        digits++;
    }
    if (digits > 0)
    {
        *start_time = value;
    }
    return 0;
}

/* detail text of a process verdict; truncation of a long path is harmless here */
static inline void ringway_format_detail_(char *detail, size_t detail_size, const char *format, ...)
    RINGWAY_PRINTF_(3, 4);

static inline void ringway_format_detail_(char *detail, size_t detail_size, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(detail, detail_size, format, args);
    va_end(args);
}

static inline bool ringway_state_is_exited_(int state)
{
    return state == 'Z' || state == 'X';
}

/**
 * The liveness rule of LAYOUT 8 for one pid, under proc_root (RINGWAY_PROC_ROOT; tests pass a directory laid out like
 * it). The leader's state Z or X means only that the main thread has exited: the process is alive while any thread
 * in <proc_root>/<pid>/task/ is in another state. A failure other than "no such process" is
 * RINGWAY_PROCESS_UNKNOWN, never dead.
 *
 * @param start_time  if not NULL, receives field 22 of the leader's stat (also for a zombie leader), or -1.
 * @param detail      if not NULL, receives why the verdict is dead or unknown (empty when alive).
 */
static inline ringway_process_verdict_t ringway_process_verdict_at_(
    const char *proc_root, int64_t pid, int64_t *start_time, char *detail, size_t detail_size)
{
    int64_t ignored_start_time;
    char ignored_detail[1];
    if (start_time == NULL)
    {
        start_time = &ignored_start_time;
    }
    if (detail == NULL || detail_size == 0)
    {
        detail = ignored_detail;
        detail_size = sizeof(ignored_detail);
    }
    *start_time = -1;
    detail[0] = '\0';
    if (pid <= 0 || pid > INT32_MAX)
    {
        ringway_format_detail_(detail, detail_size, "pid=%lld out of range", (long long)pid);
        return RINGWAY_PROCESS_DEAD;
    }
    char path[512];
    snprintf(path, sizeof(path), "%s/%lld/stat", proc_root, (long long)pid);
    int state = 0;
    int error_number = 0;
    const int read_result = ringway_read_stat_(path, &state, start_time, &error_number);
    if (read_result == RINGWAY_STAT_NO_SUCH_PROCESS_)
    {
        ringway_format_detail_(detail, detail_size, "no such process: %s", path);
        return RINGWAY_PROCESS_DEAD;
    }
    if (read_result == RINGWAY_STAT_UNREADABLE_)
    {
        ringway_format_detail_(detail, detail_size, "cannot read %s: %s", path, strerror(error_number));
        return RINGWAY_PROCESS_UNKNOWN;
    }
    if (*start_time < 0)
    {
        ringway_format_detail_(detail, detail_size, "cannot parse %s (no ') <state>' or fewer than 22 fields)", path);
        return RINGWAY_PROCESS_UNKNOWN;
    }
    if (!ringway_state_is_exited_(state))
    {
        return RINGWAY_PROCESS_ALIVE;
    }
    /* the leader (main thread) has exited: the process lives while any other thread does */
    char task_path[512];
    snprintf(task_path, sizeof(task_path), "%s/%lld/task", proc_root, (long long)pid);
    DIR *tasks = opendir(task_path);
    if (tasks == NULL)
    {
        const int open_error = errno;
        ringway_format_detail_(detail, detail_size, "%s %s: %s", open_error == ENOENT ? "no such process:" : "cannot read",
            task_path, strerror(open_error));
        return open_error == ENOENT ? RINGWAY_PROCESS_DEAD : RINGWAY_PROCESS_UNKNOWN;
    }
    ringway_process_verdict_t verdict = RINGWAY_PROCESS_DEAD;
    for (;;)
    {
        errno = 0;
        const struct dirent *task = readdir(tasks);
        if (task == NULL)
        {
            if (errno != 0)
            {
                ringway_format_detail_(detail, detail_size, "cannot read %s: %s", task_path, strerror(errno));
                verdict = RINGWAY_PROCESS_UNKNOWN;
            }
            break;
        }
        if (task->d_name[0] == '.')
        {
            continue;
        }
        char thread_path[800];
        snprintf(thread_path, sizeof(thread_path), "%s/%s/stat", task_path, task->d_name);
        int thread_state = 0;
        int64_t thread_start_time = -1;
        const int thread_result = ringway_read_stat_(thread_path, &thread_state, &thread_start_time, &error_number);
        if (thread_result == RINGWAY_STAT_NO_SUCH_PROCESS_)
        {
            continue; /* that thread has just exited */
        }
        if (thread_result == RINGWAY_STAT_UNREADABLE_ || thread_state == 0 || !ringway_state_is_exited_(thread_state))
        {
            /* a thread that is not Z or X runs; one that cannot be read or parsed is not taken as dead */
            verdict = RINGWAY_PROCESS_ALIVE;
            detail[0] = '\0';
            break;
        }
    }
    closedir(tasks);
    if (verdict == RINGWAY_PROCESS_DEAD)
    {
        ringway_format_detail_(detail, detail_size, "state=%c in every thread (exited, not yet reaped)", (char)state);
    }
    return verdict;
}

/**
 * @param pid a process id.
 * @return field 22 (starttime, clock ticks since boot) of /proc/<pid>/stat, read whatever the state, or -1 when it
 *         cannot be read. Liveness is ringway_process_verdict's, not this.
 */
static inline int64_t ringway_process_start_time(int64_t pid)
{
    int64_t start_time = -1;
    ringway_process_verdict_at_(RINGWAY_PROC_ROOT, pid, &start_time, NULL, 0);
    return start_time;
}

/** @return what /proc says about a process (LAYOUT 8): dead only when no thread of it is alive. */
static inline ringway_process_verdict_t ringway_process_verdict(int64_t pid)
{
    return ringway_process_verdict_at_(RINGWAY_PROC_ROOT, pid, NULL, NULL, 0);
}

/** @return the lease token of a process, pid << 32 | (starttime & 0xFFFFFFFF), or -1 when it does not exist. */
static inline int64_t ringway_process_token(int64_t pid)
{
    const int64_t start_time = ringway_process_start_time(pid);
    if (start_time < 0)
    {
        return -1;
    }
    return (int64_t)(((uint64_t)pid << 32) | ((uint64_t)start_time & UINT64_C(0xFFFFFFFF)));
}

/** @return the pid a lease token names. */
static inline int64_t ringway_token_pid(int64_t token)
{
    return (int64_t)((uint64_t)token >> 32);
}

/**
 * @return the verdict on a token's owner under proc_root: RINGWAY_PROCESS_DEAD also when its pid now names another
 *         process (another start time).
 */
static inline ringway_process_verdict_t ringway_token_verdict_at_(
    const char *proc_root, int64_t token, char *detail, size_t detail_size)
{
    int64_t start_time = -1;
    const ringway_process_verdict_t verdict =
        ringway_process_verdict_at_(proc_root, ringway_token_pid(token), &start_time, detail, detail_size);
    if (start_time >= 0 &&
        ((uint64_t)start_time & UINT64_C(0xFFFFFFFF)) != ((uint64_t)token & UINT64_C(0xFFFFFFFF)))
    {
        if (detail != NULL && detail_size > 0)
        {
            ringway_format_detail_(detail, detail_size, "pid reused: starttime=%lld token starttime=%llu", (long long)start_time,
                (unsigned long long)((uint64_t)token & UINT64_C(0xFFFFFFFF)));
        }
        return RINGWAY_PROCESS_DEAD;
    }
    return verdict;
}

/**
 * @return true unless the process the token names is dead by LAYOUT 8's rule (gone, every thread exited, or its pid
 *         reused): a process whose liveness /proc cannot tell counts as alive.
 */
static inline bool ringway_token_is_alive(int64_t token)
{
    return ringway_token_verdict_at_(RINGWAY_PROC_ROOT, token, NULL, 0) != RINGWAY_PROCESS_DEAD;
}

/** Attach of LAYOUT 8: takes a free lease or a dead owner's. @return RINGWAY_OK with *token_out set, or an error. */
static inline int ringway_lease_acquire_(
    int64_t *lease_word, const char *path, const char *field, ringway_error_t *error, int64_t *token_out)
{
    const int64_t own_token = ringway_process_token((int64_t)getpid());
    if (own_token < 0)
    {
        return ringway_set_error_(error, RINGWAY_E_IO, path, field,
            "cannot read the start time of this process\x1fpid %lld\x1f/proc/<pid>/stat readable",
            (long long)getpid());
    }
    for (;;)
    {
        /* SYNC POINT: pairs with the CAS of the lease by the owner's attach or detach in any process */
        const int64_t owner_token = ringway_get_int64_acquire(lease_word);
        if (owner_token == 0)
        {
            if (ringway_compare_and_set_int64(lease_word, 0, own_token))
            {
                *token_out = own_token;
                return RINGWAY_OK;
            }
        }
        else if (owner_token == own_token)
        {
            return ringway_set_error_(error, RINGWAY_E_LEASE_TAKEN, path, field,
                "channel role already taken\x1fpid %lld (this process)\x1f" "0 (free) or a dead process",
                (long long)ringway_token_pid(owner_token));
        }
        else
        {
            char detail[256];
            const ringway_process_verdict_t verdict =
                ringway_token_verdict_at_(RINGWAY_PROC_ROOT, owner_token, detail, sizeof(detail));
            if (verdict != RINGWAY_PROCESS_DEAD)
            {
                /* LAYOUT 8: only a process that /proc says is dead loses its lease; "cannot tell" is not "dead" */
                return ringway_set_error_(error, RINGWAY_E_LEASE_TAKEN, path, field,
                    "channel role already taken\x1fpid %lld (%s%s)\x1f" "0 (free) or a dead process",
                    (long long)ringway_token_pid(owner_token),
                    verdict == RINGWAY_PROCESS_ALIVE ? "alive" : "liveness unknown: ",
                    verdict == RINGWAY_PROCESS_ALIVE ? "" : detail);
            }
            if (ringway_compare_and_set_int64(lease_word, owner_token, own_token))
            {
                /* the owner died without closing: its lease passes to us */
                *token_out = own_token;
                return RINGWAY_OK;
            }
        }
    }
}

/** Detach of LAYOUT 8: CAS the lease from the own token to 0 (a no-op if someone took it over meanwhile). */
static inline void ringway_lease_release_(int64_t *lease_word, int64_t own_token)
{
    ringway_compare_and_set_int64(lease_word, own_token, 0);
}

/**
 * Attach of LAYOUT 3.1: takes the first free MPSC producer slot, or the first slot of a dead process, and stores the
 * empty claim floor in it. @return RINGWAY_OK with *slot_out and *token_out set, or RINGWAY_E_LEASE_TAKEN when every
 * slot is owned by a live process.
 */
static inline int ringway_producer_slot_acquire_(
    ringway_header_page_t *header, const char *path, ringway_error_t *error, ringway_producer_slot_t **slot_out,
    int64_t *token_out)
{
    const int64_t own_token = ringway_process_token((int64_t)getpid());
    if (own_token < 0)
    {
        return ringway_set_error_(error, RINGWAY_E_IO, path, "producerSlots",
            "cannot read the start time of this process\x1fpid %lld\x1f/proc/<pid>/stat readable",
            (long long)getpid());
    }
    for (int32_t slot_index = 0; slot_index < RINGWAY_PRODUCER_SLOT_COUNT; slot_index++)
    {
        ringway_producer_slot_t *slot = &header->producer_slots[slot_index];
        /* SYNC POINT: pairs with the CAS of the token by other producers' attach and close and the consumer's unblock */
        const int64_t owner_token = ringway_get_int64_acquire(&slot->token);
        const bool taken = owner_token == 0 ?
            ringway_compare_and_set_int64(&slot->token, 0, own_token) :
            owner_token != own_token && !ringway_token_is_alive(owner_token) &&
            ringway_compare_and_set_int64(&slot->token, owner_token, own_token);
        if (taken)
        {
            /* before the first claim: the previous owner's floor must not describe this handle */
            ringway_put_int64_release(&slot->claim_floor_position, RINGWAY_NO_CLAIM_FLOOR_POSITION);
            *slot_out = slot;
            *token_out = own_token;
            return RINGWAY_OK;
        }
    }
    return ringway_set_error_(error, RINGWAY_E_LEASE_TAKEN, path, "producerSlots",
        "no free MPSC producer slot\x1f%d live\x1f" "a free slot", RINGWAY_PRODUCER_SLOT_COUNT);
}

/** Close of LAYOUT 3.1: clears the floor and frees the slot (a no-op when someone took it over meanwhile). */
static inline void ringway_producer_slot_release_(ringway_producer_slot_t *slot, int64_t own_token)
{
    if (ringway_get_int64_acquire(&slot->token) == own_token)
    {
        ringway_put_int64_release(&slot->claim_floor_position, RINGWAY_NO_CLAIM_FLOOR_POSITION);
    }
    ringway_compare_and_set_int64(&slot->token, own_token, 0);
}

/* ------------------------------------------------------------------------------------------------------------------
 * Channel: create, open, close (LAYOUT 10)
 * ---------------------------------------------------------------------------------------------------------------- */

static inline void ringway_channel_reset_(ringway_channel_t *channel)
{
    channel->mapped = NULL;
    channel->mapped_length = 0;
    channel->header = NULL;
    channel->ring_data = NULL;
    channel->trailer = NULL;
    channel->ring_kind = 0;
    channel->capacity = 0;
    channel->max_message_length = 0;
    channel->is_open = false;
    channel->holds_producer_lease = false;
    channel->holds_consumer_lease = false;
    channel->producer_lease_token = 0;
    channel->consumer_lease_token = 0;
    channel->fd = -1;
    channel->clock = NULL;
    channel->clock_clientd = NULL;
    channel->wall_clock = NULL;
    channel->wall_clock_clientd = NULL;
    channel->heartbeat_timeout_ms = RINGWAY_DEFAULT_HEARTBEAT_TIMEOUT_MS;
    channel->unblock_timeout_ms = RINGWAY_DEFAULT_UNBLOCK_TIMEOUT_MS;
    channel->path[0] = '\0';
    ringway_clear_error_(&channel->error);
}

static inline int ringway_channel_set_path_(ringway_channel_t *channel, const char *path)
{
    if (path == NULL || path[0] == '\0')
    {
        return ringway_set_error_(&channel->error, RINGWAY_E_INVALID_ARGUMENT, "(none)", "file",
            "no channel file path\x1f(none)\x1f" "a path");
    }
    const size_t path_length = strlen(path);
    if (path_length >= RINGWAY_PATH_MAX_LENGTH)
    {
        return ringway_set_error_(&channel->error, RINGWAY_E_INVALID_ARGUMENT, "(too long)", "file",
            "channel file path too long\x1f%zu bytes\x1f<%d bytes", path_length, RINGWAY_PATH_MAX_LENGTH);
    }
    memcpy(channel->path, path, path_length + 1);
    return RINGWAY_OK;
}

static inline void ringway_channel_bind_(ringway_channel_t *channel, uint8_t *mapped, size_t mapped_length)
{
    channel->mapped = mapped;
    channel->mapped_length = mapped_length;
    channel->header = (ringway_header_page_t *)(void *)mapped;
    channel->ring_data = mapped + RINGWAY_HEADER_LENGTH;
    channel->trailer = (ringway_trailer_t *)(void *)(mapped + RINGWAY_HEADER_LENGTH + channel->capacity);
    channel->max_message_length = channel->capacity / 8;
    channel->is_open = true;
}

/**
 * LAYOUT 10.2 step 0: the directory a channel is created in. Only the last path component is protected against a
 * swapped name (O_NOFOLLOW); in a directory every user may write without the sticky bit, anyone can rename or delete the
 * channel's entry and put a file or link of theirs in its place, so create refuses it. /dev/shm and /tmp have the sticky
 * bit (a user can then rename only their own entries); a directory only its owner (or group) can write is fine.
 */
static inline int ringway_check_channel_directory_(const char *path, ringway_error_t *error)
{
    char directory[RINGWAY_PATH_MAX_LENGTH];
    const char *last_slash = strrchr(path, '/');
    if (last_slash == NULL)
    {
        snprintf(directory, sizeof(directory), ".");
    }
    else
    {
        const size_t length = last_slash == path ? 1 : (size_t)(last_slash - path);
        snprintf(directory, sizeof(directory), "%.*s", (int)length, path);
    }
    struct stat status;
    if (stat(directory, &status) != 0)
    {
        return 0; /* the create itself reports a missing directory, with its reason */
    }
    const mode_t sticky_bit = 01000; /* S_ISVTX, which strict POSIX (without XSI) does not declare */
    if ((status.st_mode & S_IWOTH) != 0 && (status.st_mode & sticky_bit) == 0)
    {
        return ringway_set_error_(error, RINGWAY_E_INVALID_ARGUMENT, path, "directory",
            "channel directory is writable by every user without the sticky bit (anyone could swap the channel's name "
            "for a file or link of theirs)\x1f" "mode 0%o\x1f" "a directory others cannot write, or one with the sticky "
            "bit as /dev/shm and /tmp", (unsigned)(status.st_mode & 07777));
    }
    return 0;
}

/**
 * Creates a new channel file exclusively (LAYOUT 10.2): an existing file or symlink is refused, never overwritten or
 * followed. Every page of the file is reserved on its file system (posix_fallocate) before it is mapped: a file
 * system without room is RINGWAY_E_IO with field fileLength and found "ENOSPC (...)", never a SIGBUS later. The handle
 * is open on success; on failure the file is removed again and the handle holds the error.
 *
 * @param channel the handle to initialise.
 * @param path    where to create the file, e.g. "/dev/shm/orders.ringway".
 * @param options ring kind, capacity (a power of two in [64, 2^30]), file mode (0: 0600), schema id and version.
 * @return RINGWAY_OK, or RINGWAY_E_INVALID_ARGUMENT, RINGWAY_E_FILE_EXISTS, RINGWAY_E_IO.
 */
static inline int ringway_channel_create(
    ringway_channel_t *channel, const char *path, const ringway_create_options_t *options)
{
    if (channel == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    ringway_channel_reset_(channel);
    int result = ringway_channel_set_path_(channel, path);
    if (result < 0)
    {
        return result;
    }
    if (options == NULL)
    {
        return ringway_set_error_(&channel->error, RINGWAY_E_INVALID_ARGUMENT, channel->path, "options",
            "no create options\x1fNULL\x1fring kind and capacity");
    }
    if (options->ring_kind != RINGWAY_RING_KIND_SPSC && options->ring_kind != RINGWAY_RING_KIND_MPSC)
    {
        return ringway_set_error_(&channel->error, RINGWAY_E_INVALID_ARGUMENT, channel->path, "ringKind",
            "invalid ring kind\x1f%d\x1f" "1 (SPSC) or 2 (MPSC)", (int)options->ring_kind);
    }
    if (!ringway_is_valid_capacity(options->capacity))
    {
        return ringway_set_error_(&channel->error, RINGWAY_E_INVALID_ARGUMENT, channel->path, "capacity",
            "invalid capacity\x1f%d\x1f" "a power of two in [%d, %d]",
            (int)options->capacity, RINGWAY_MIN_CAPACITY, RINGWAY_MAX_CAPACITY);
    }
    const mode_t file_mode = options->file_mode == 0 ? (mode_t)0600 : (mode_t)options->file_mode;
    const int64_t file_length = ringway_file_length(options->capacity);

    const int directory_check = ringway_check_channel_directory_(channel->path, &channel->error);
    if (directory_check < 0)
    {
        return directory_check;
    }
    if (options->replace_existing)
    {
        struct stat existing;
        if (lstat(channel->path, &existing) == 0)
        {
            if (!S_ISREG(existing.st_mode))
            {
                return ringway_set_error_(&channel->error, RINGWAY_E_FILE_EXISTS, channel->path, "file",
                    "will not replace what is not a regular file\x1f%s\x1f" "a regular file or nothing",
                    S_ISLNK(existing.st_mode) ? "symlink" : "not a regular file");
            }
            if (unlink(channel->path) != 0 && errno != ENOENT)
            {
                return ringway_set_error_(&channel->error, RINGWAY_E_IO, channel->path, "file",
                    "cannot replace existing channel file\x1funlink: %s\x1f" "deleted", strerror(errno));
            }
        }
    }
    const int fd = open(channel->path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, file_mode);
    if (fd < 0)
    {
        const int open_errno = errno;
        if (open_errno == EEXIST)
        {
            return ringway_set_error_(&channel->error, RINGWAY_E_FILE_EXISTS, channel->path, "file",
                "channel file already exists\x1f" "exists\x1f" "absent (create never overwrites)");
        }
        return ringway_set_error_(&channel->error, RINGWAY_E_IO, channel->path, "file",
            "cannot create channel file\x1fopen: %s\x1f" "created", strerror(open_errno));
    }
    /* set explicitly: the umask may have removed bits the caller asked for */
    if (fchmod(fd, file_mode) != 0)
    {
        result = ringway_set_error_(&channel->error, RINGWAY_E_IO, channel->path, "file",
            "cannot set channel file permissions\x1f" "fchmod: %s\x1f" "mode %o", strerror(errno),
            (unsigned)file_mode);
        close(fd);
        unlink(channel->path);
        return result;
    }
    /* LAYOUT 10.2 step 2: back every page now (posix_fallocate also sets the length), so that a full file system is
     * this error and never a SIGBUS in a peer that later touches a page nobody could back. glibc falls back to writing
     * zeros where the file system has no fallocate(2); it returns the error number rather than setting errno. */
    int reserve_error;
    do
    {
        reserve_error = posix_fallocate(fd, 0, (off_t)file_length);
    }
    while (reserve_error == EINTR);
    if (reserve_error != 0)
    {
        char reserve_error_text[128];
        ringway_describe_errno_(reserve_error_text, sizeof(reserve_error_text), reserve_error);
        result = ringway_set_error_(&channel->error, RINGWAY_E_IO, channel->path, "fileLength",
            "cannot reserve space for channel file (the file was removed)\x1f%s\x1f%lld bytes reserved (4096 + "
            "capacity %d + trailer 768): free space on its file system, or use a smaller capacity",
            reserve_error_text, (long long)file_length, (int)options->capacity);
        close(fd);
        unlink(channel->path);
        return result;
    }
    void *mapped = mmap(NULL, (size_t)file_length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    const int mmap_errno = errno;
    if (mapped == MAP_FAILED)
    {
        close(fd);
        unlink(channel->path);
        return ringway_set_error_(&channel->error, RINGWAY_E_IO, channel->path, "fileLength",
            "cannot map channel file\x1fmmap: %s\x1f%lld", strerror(mmap_errno), (long long)file_length);
    }

    channel->ring_kind = options->ring_kind;
    channel->capacity = options->capacity;
    channel->fd = fd; /* kept open for ringway_channel_check_length (fstat) */
    ringway_channel_bind_(channel, (uint8_t *)mapped, (size_t)file_length);

    ringway_header_page_t *header = channel->header;
    ringway_put_int64_plain(&header->magic, RINGWAY_MAGIC);
    ringway_put_int32_plain(&header->ring_kind, options->ring_kind);
    ringway_put_int32_plain(&header->header_length, RINGWAY_HEADER_LENGTH);
    ringway_put_int32_plain(&header->capacity, options->capacity);
    ringway_put_int32_plain(&header->max_message_length, options->capacity / 8);
    ringway_put_int32_plain(&header->trailer_length, RINGWAY_TRAILER_LENGTH);
    ringway_put_int64_plain(&header->creation_time_ms, ringway_epoch_ms_());
    ringway_put_int64_plain(&header->creator_pid, (int64_t)getpid());
    ringway_put_int32_plain(&header->schema_id, options->schema_id);
    ringway_put_int32_plain(&header->schema_version, options->schema_version);
    ringway_put_int64_plain(&header->pid_namespace, ringway_current_pid_namespace_());
    ringway_put_int64_plain(&header->channel_id, ringway_new_channel_id_());
    /* SYNC POINT: pairs with the acquire load of layoutVersion when any process opens the file (LAYOUT 10.3) */
    ringway_put_int32_release(&header->layout_version, RINGWAY_LAYOUT_VERSION);
    return RINGWAY_OK;
}

static inline int ringway_channel_validate_(ringway_channel_t *channel, int64_t file_length)
{
    ringway_header_page_t *header = channel->header;
    const char *path = channel->path;
    ringway_error_t *error = &channel->error;

    /* SYNC POINT: pairs with the creator's release store of layoutVersion, written last in create */
    const int32_t layout_version = ringway_get_int32_acquire(&header->layout_version);
    const int64_t magic = ringway_get_int64_plain(&header->magic);
    if (magic != RINGWAY_MAGIC)
    {
        if (magic == 0 && layout_version == 0)
        {
            return ringway_set_error_(error, RINGWAY_E_NOT_INITIALISED, path, "layoutVersion",
                "channel file not initialised (being created, or its creator died)\x1f" "0\x1f" "0x%x",
                (unsigned)RINGWAY_LAYOUT_VERSION);
        }
        return ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "magic",
            "not a Ringway channel file\x1f" "0x%llx\x1f" "0x%llx",
            (unsigned long long)magic, (unsigned long long)RINGWAY_MAGIC);
    }
    if (layout_version == 0)
    {
        return ringway_set_error_(error, RINGWAY_E_NOT_INITIALISED, path, "layoutVersion",
            "channel file not initialised (being created, or its creator died)\x1f" "0\x1f" "0x%x",
            (unsigned)RINGWAY_LAYOUT_VERSION);
    }
    const int32_t major_version = (int32_t)((uint32_t)layout_version >> 16);
    if (major_version != RINGWAY_LAYOUT_MAJOR_VERSION)
    {
        return ringway_set_error_(error, RINGWAY_E_UNSUPPORTED_VERSION, path, "layoutVersion.major",
            "unsupported layout major version\x1f%d (layoutVersion=0x%x)\x1f%d",
            (int)major_version, (unsigned)layout_version, RINGWAY_LAYOUT_MAJOR_VERSION);
    }
    const int32_t header_length = ringway_get_int32_plain(&header->header_length);
    if (header_length != RINGWAY_HEADER_LENGTH)
    {
        return ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "headerLength",
            "invalid header field\x1f%d\x1f%d", (int)header_length, RINGWAY_HEADER_LENGTH);
    }
    const int32_t ring_kind = ringway_get_int32_plain(&header->ring_kind);
    if (ring_kind != RINGWAY_RING_KIND_SPSC && ring_kind != RINGWAY_RING_KIND_MPSC)
    {
        return ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "ringKind",
            "unknown ring kind\x1f%d\x1f" "1 (SPSC) or 2 (MPSC)", (int)ring_kind);
    }
    const int32_t capacity = ringway_get_int32_plain(&header->capacity);
    if (!ringway_is_valid_capacity(capacity))
    {
        return ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "capacity",
            "invalid ring capacity\x1f%d\x1f" "a power of two in [%d, %d]",
            (int)capacity, RINGWAY_MIN_CAPACITY, RINGWAY_MAX_CAPACITY);
    }
    const int32_t trailer_length = ringway_get_int32_plain(&header->trailer_length);
    if (trailer_length != RINGWAY_TRAILER_LENGTH)
    {
        return ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "trailerLength",
            "invalid header field\x1f%d\x1f%d", (int)trailer_length, RINGWAY_TRAILER_LENGTH);
    }
    const int32_t max_message_length = ringway_get_int32_plain(&header->max_message_length);
    if (max_message_length != capacity / 8)
    {
        return ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "maxMessageLength",
            "invalid header field\x1f%d\x1f%d", (int)max_message_length, (int)(capacity / 8));
    }
    const int64_t required_length = ringway_file_length(capacity);
    if (file_length < required_length)
    {
        return ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "fileLength",
            "ring trailer lies beyond the end of the channel file\x1f%lld\x1f>=%lld (4096 + capacity %d + trailer 768)",
            (long long)file_length, (long long)required_length, (int)capacity);
    }
    /* before any lease: a peer in another pid namespace would take live owners for dead ones (LAYOUT 8) */
    const int64_t file_pid_namespace = ringway_get_int64_plain(&header->pid_namespace);
    const int64_t own_pid_namespace = ringway_current_pid_namespace_();
    if (file_pid_namespace != 0 && own_pid_namespace != 0 && file_pid_namespace != own_pid_namespace)
    {
        return ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "pidNamespace",
            "channel file shared across pid namespaces\x1f%llu\x1f%llu (every process of a channel must share one pid "
            "namespace and /proc)", (unsigned long long)file_pid_namespace, (unsigned long long)own_pid_namespace);
    }

    channel->ring_kind = ring_kind;
    channel->capacity = capacity;
    ringway_channel_bind_(channel, channel->mapped, channel->mapped_length);
    channel->is_open = false; /* until the positions are checked too */

    const int64_t head_position = ringway_get_int64_acquire(&channel->trailer->head_position);
    const int64_t tail_position = ringway_get_int64_acquire(&channel->trailer->tail_position);
    if (head_position < 0 || (head_position & (RINGWAY_RECORD_ALIGNMENT - 1)) != 0)
    {
        return ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "headPosition",
            "invalid consumer position\x1f%lld\x1f" "a non-negative multiple of %d",
            (long long)head_position, RINGWAY_RECORD_ALIGNMENT);
    }
    if ((tail_position & (RINGWAY_RECORD_ALIGNMENT - 1)) != 0 || tail_position < head_position ||
        tail_position - head_position > capacity)
    {
        return ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "tailPosition",
            "invalid producer position\x1f%lld\x1f" "a multiple of %d in [headPosition %lld, headPosition + capacity %lld]",
            (long long)tail_position, RINGWAY_RECORD_ALIGNMENT, (long long)head_position,
            (long long)ringway_position_add_(head_position, capacity));
    }
    return RINGWAY_OK;
}

/**
 * Opens an existing channel file and validates it (LAYOUT 10.3), in the order of that section; never writes to the
 * file. The first failure is reported in the handle's error detail with the file, field, value found and expected.
 *
 * @param channel the handle to initialise.
 * @param path    the channel file.
 * @param options expected ring kind and capacity (0: any), or NULL.
 * @return RINGWAY_OK, or RINGWAY_E_FILE_NOT_FOUND, RINGWAY_E_INVALID_FILE, RINGWAY_E_NOT_INITIALISED,
 *         RINGWAY_E_UNSUPPORTED_VERSION, RINGWAY_E_UNEXPECTED_CHANNEL, RINGWAY_E_IO, RINGWAY_E_INVALID_ARGUMENT.
 */
static inline int ringway_channel_open(
    ringway_channel_t *channel, const char *path, const ringway_open_options_t *options)
{
    if (channel == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    ringway_channel_reset_(channel);
    int result = ringway_channel_set_path_(channel, path);
    if (result < 0)
    {
        return result;
    }
    const bool follow_symlinks = options != NULL && options->follow_symlinks;
    /* O_NONBLOCK: opening a FIFO planted at the path must not hang; it is refused below as not a regular file */
    const int fd = open(channel->path, O_RDWR | O_CLOEXEC | O_NONBLOCK | (follow_symlinks ? 0 : O_NOFOLLOW));
    if (fd < 0)
    {
        if (errno == ENOENT)
        {
            return ringway_set_error_(&channel->error, RINGWAY_E_FILE_NOT_FOUND, channel->path, "file",
                "no such channel file\x1f" "absent\x1f" "an existing file");
        }
        if (errno == ELOOP)
        {
            return ringway_set_error_(&channel->error, RINGWAY_E_INVALID_FILE, channel->path, "file",
                "channel file is a symlink\x1fsymlink\x1f" "a regular file (set follow_symlinks to follow it)");
        }
        return ringway_set_error_(&channel->error, RINGWAY_E_IO, channel->path, "file",
            "cannot open channel file\x1fopen: %s\x1freadable and writable", strerror(errno));
    }
    struct stat file_status;
    if (fstat(fd, &file_status) != 0)
    {
        result = ringway_set_error_(&channel->error, RINGWAY_E_IO, channel->path, "file",
            "cannot open channel file\x1f" "fstat: %s\x1f" "a regular file", strerror(errno));
        close(fd);
        return result;
    }
    if (!S_ISREG(file_status.st_mode))
    {
        close(fd);
        return ringway_set_error_(&channel->error, RINGWAY_E_INVALID_FILE, channel->path, "file",
            "channel file is not a regular file\x1f%s\x1f" "a regular file",
            S_ISDIR(file_status.st_mode) ? "directory" : "special file");
    }
    if (file_status.st_uid != geteuid() && (options == NULL || !options->allow_other_owner))
    {
        close(fd);
        return ringway_set_error_(&channel->error, RINGWAY_E_INVALID_FILE, channel->path, "owner",
            "channel file belongs to another user\x1fuid %u\x1fuid %u (set allow_other_owner to accept it)",
            (unsigned)file_status.st_uid, (unsigned)geteuid());
    }
    const int64_t file_length = (int64_t)file_status.st_size;
    if (file_length == 0)
    {
        /* LAYOUT 10.3: what a creator leaves between its exclusive create and the reservation of the file's blocks */
        close(fd);
        return ringway_set_error_(&channel->error, RINGWAY_E_NOT_INITIALISED, channel->path, "fileLength",
            "channel file not initialised (being created, or its creator died)\x1f" "0\x1f>=%d", RINGWAY_HEADER_LENGTH);
    }
    if (file_length < RINGWAY_HEADER_LENGTH)
    {
        close(fd);
        return ringway_set_error_(&channel->error, RINGWAY_E_INVALID_FILE, channel->path, "fileLength",
            "channel file too short\x1f%lld\x1f>=%d", (long long)file_length, RINGWAY_HEADER_LENGTH);
    }
    const int64_t largest_length = ringway_file_length(RINGWAY_MAX_CAPACITY);
    const size_t map_length = (size_t)(file_length < largest_length ? file_length : largest_length);
    void *mapped = mmap(NULL, map_length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    const int mmap_errno = errno;
    if (mapped == MAP_FAILED)
    {
        close(fd);
        return ringway_set_error_(&channel->error, RINGWAY_E_IO, channel->path, "fileLength",
            "cannot map channel file\x1fmmap: %s\x1f%zu bytes mapped", strerror(mmap_errno), map_length);
    }
    channel->mapped = (uint8_t *)mapped;
    channel->mapped_length = map_length;
    channel->header = (ringway_header_page_t *)mapped;

    result = ringway_channel_validate_(channel, file_length);
    if (result == RINGWAY_OK && options != NULL)
    {
        if (options->expected_ring_kind != 0 && options->expected_ring_kind != channel->ring_kind)
        {
            result = ringway_set_error_(&channel->error, RINGWAY_E_UNEXPECTED_CHANNEL, channel->path, "ringKind",
                "channel differs from what the caller expects\x1f%d\x1f%d",
                (int)channel->ring_kind, (int)options->expected_ring_kind);
        }
        else if (options->expected_capacity != 0 && options->expected_capacity != channel->capacity)
        {
            result = ringway_set_error_(&channel->error, RINGWAY_E_UNEXPECTED_CHANNEL, channel->path, "capacity",
                "channel differs from what the caller expects\x1f%d\x1f%d",
                (int)channel->capacity, (int)options->expected_capacity);
        }
    }
    if (result != RINGWAY_OK)
    {
        close(fd);
        munmap(mapped, map_length);
        channel->mapped = NULL;
        channel->mapped_length = 0;
        channel->header = NULL;
        channel->ring_data = NULL;
        channel->trailer = NULL;
        channel->is_open = false;
        return result;
    }
    channel->fd = fd; /* kept open for ringway_channel_check_length (fstat) */
    channel->is_open = true;
    return RINGWAY_OK;
}

/**
 * Releases any lease still held through this handle (LAYOUT 8, 10.4) and unmaps the file. Unread messages stay in the
 * file. Closing a closed handle does nothing.
 */
static inline int ringway_channel_close(ringway_channel_t *channel)
{
    if (channel == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    if (!channel->is_open)
    {
        return RINGWAY_OK;
    }
    if (channel->holds_producer_lease)
    {
        ringway_lease_release_(&channel->header->producer_lease, channel->producer_lease_token);
        channel->holds_producer_lease = false;
    }
    if (channel->holds_consumer_lease)
    {
        ringway_lease_release_(&channel->header->consumer_lease, channel->consumer_lease_token);
        channel->holds_consumer_lease = false;
    }
    channel->is_open = false;
    if (channel->fd >= 0)
    {
        close(channel->fd);
        channel->fd = -1;
    }
    if (munmap(channel->mapped, channel->mapped_length) != 0)
    {
        return ringway_set_error_(&channel->error, RINGWAY_E_IO, channel->path, "file",
            "cannot unmap channel file\x1fmunmap: %s\x1funmapped", strerror(errno));
    }
    channel->mapped = NULL;
    return RINGWAY_OK;
}

/** Closes the channel and removes its file. Peers that still map the file keep their mapping until they close. */
static inline int ringway_channel_delete(ringway_channel_t *channel)
{
    if (channel == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    const int result = ringway_channel_close(channel);
    if (channel->path[0] != '\0' && unlink(channel->path) != 0 && errno != ENOENT)
    {
        return ringway_set_error_(&channel->error, RINGWAY_E_IO, channel->path, "file",
            "cannot delete channel file\x1funlink: %s\x1f" "deleted", strerror(errno));
    }
    return result;
}

/** @return the detail of the handle's last error, "" when none. */
static inline const char *ringway_channel_last_error(const ringway_channel_t *channel)
{
    return channel == NULL ? "no channel handle" : channel->error.message;
}

/** @return the field (as named in LAYOUT.md) of the handle's last error, "" when none. */
static inline const char *ringway_channel_last_error_field(const ringway_channel_t *channel)
{
    return channel == NULL ? "" : channel->error.field;
}

static inline int32_t ringway_channel_ring_kind(const ringway_channel_t *channel)
{
    return channel->ring_kind;
}

/** @return ring data capacity in bytes. */
static inline int32_t ringway_channel_capacity(const ringway_channel_t *channel)
{
    return channel->capacity;
}

/** @return the largest body the channel accepts: capacity / 8. */
static inline int32_t ringway_channel_max_message_length(const ringway_channel_t *channel)
{
    return channel->max_message_length;
}

/** @return the producers' tail position (acquire): bytes claimed since creation. */
static inline int64_t ringway_channel_producer_position(ringway_channel_t *channel)
{
    return ringway_get_int64_acquire(&channel->trailer->tail_position);
}

/** @return the consumer's head position (acquire): bytes consumed since creation. */
static inline int64_t ringway_channel_consumer_position(ringway_channel_t *channel)
{
    return ringway_get_int64_acquire(&channel->trailer->head_position);
}

/** @return how many offers and claims all producers had refused for want of space. */
static inline int64_t ringway_channel_back_pressure_count(ringway_channel_t *channel)
{
    return ringway_get_int64_acquire(&channel->header->back_pressure_count);
}

/** @return the running total of messages the consumers of this channel delivered. */
static inline int64_t ringway_channel_messages_consumed(ringway_channel_t *channel)
{
    return ringway_get_int64_acquire(&channel->header->messages_consumed);
}

/** @return the pid holding the consumer lease, 0 when free. */
static inline int64_t ringway_channel_consumer_lease_pid(ringway_channel_t *channel)
{
    return ringway_token_pid(ringway_get_int64_acquire(&channel->header->consumer_lease));
}

/** @return the pid holding the SPSC producer lease, 0 when free (always 0 on MPSC). */
static inline int64_t ringway_channel_producer_lease_pid(ringway_channel_t *channel)
{
    return ringway_token_pid(ringway_get_int64_acquire(&channel->header->producer_lease));
}

/**
 * Where a channel named `name` lives by default (LAYOUT 10.1): /dev/shm/<name>.ringway when /dev/shm is a writable
 * directory, else /tmp/<name>.ringway.
 * @return RINGWAY_OK, or RINGWAY_E_INVALID_ARGUMENT when the path does not fit the buffer.
 */
static inline int ringway_channel_path_for(const char *name, char *path, size_t path_length)
{
    if (name == NULL || path == NULL || path_length == 0)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    struct stat shm_status;
    const bool use_shm = stat("/dev/shm", &shm_status) == 0 && S_ISDIR(shm_status.st_mode) &&
        access("/dev/shm", W_OK) == 0;
    const int length = snprintf(path, path_length, "%s/%s.ringway", use_shm ? "/dev/shm" : "/tmp", name);
    return length < 0 || (size_t)length >= path_length ? RINGWAY_E_INVALID_ARGUMENT : RINGWAY_OK;
}

/* ------------------------------------------------------------------------------------------------------------------
 * Wakeups (LAYOUT 9): a futex word and a waiters flag per wait slot; shared (not private) futex operations
 * ---------------------------------------------------------------------------------------------------------------- */

/** futex(2) operations without FUTEX_PRIVATE_FLAG (128): the word is in a mapping shared between processes. */
#define RINGWAY_FUTEX_WAIT 0
#define RINGWAY_FUTEX_WAKE 1
/** Longest single FUTEX_WAIT (LAYOUT 9.6): a parked waiter re-checks at least this often. */
#define RINGWAY_MAX_PARK_NS INT64_C(1000000000)
#define RINGWAY_NANOS_PER_SECOND INT64_C(1000000000)
/** Spins and yields of ringway_wait_backoff_default(), the strategy handles start with. */
#define RINGWAY_DEFAULT_BACKOFF_SPINS 1000
#define RINGWAY_DEFAULT_BACKOFF_YIELDS 50

/** ringway_futex_wait results. */
#define RINGWAY_FUTEX_WOKEN 0
#define RINGWAY_FUTEX_VALUE_CHANGED 1
#define RINGWAY_FUTEX_TIMED_OUT 2
#define RINGWAY_FUTEX_INTERRUPTED 3
#define RINGWAY_FUTEX_FAILED 4

static inline ringway_wait_strategy_t ringway_wait_make_(int32_t spins, int32_t yields, bool parks)
{
    ringway_wait_strategy_t strategy;
    strategy.spins = spins < 0 ? 0 : spins;
    strategy.yields = yields < 0 ? 0 : yields;
    strategy.parks = parks;
    return strategy;
}

/** Re-checks in a tight loop with a CPU pause; never parks. */
static inline ringway_wait_strategy_t ringway_wait_busy_spin(void)
{
    return ringway_wait_make_(INT32_MAX, 0, false);
}

/** Re-checks with sched_yield between checks; never parks. */
static inline ringway_wait_strategy_t ringway_wait_yielding(void)
{
    return ringway_wait_make_(0, INT32_MAX, false);
}

/** Spins, then yields, then parks on the futex until woken or timed out. Negative counts are taken as 0. */
static inline ringway_wait_strategy_t ringway_wait_backoff(int32_t spins, int32_t yields)
{
    return ringway_wait_make_(spins, yields, true);
}

static inline ringway_wait_strategy_t ringway_wait_backoff_default(void)
{
    return ringway_wait_make_(RINGWAY_DEFAULT_BACKOFF_SPINS, RINGWAY_DEFAULT_BACKOFF_YIELDS, true);
}

/** Parks after the first empty re-check: no CPU while waiting, a wakeup (microseconds) to resume. */
static inline ringway_wait_strategy_t ringway_wait_blocking(void)
{
    return ringway_wait_make_(0, 0, true);
}

static inline void ringway_cpu_pause_(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield" ::: "memory");
#endif
}

/**
 * Idles once, the idle_count-th time in a row the caller found nothing to do.
 * @return true when the caller should now park (after the fence and re-check of LAYOUT 9).
 */
static inline bool ringway_wait_idle_(const ringway_wait_strategy_t *strategy, int32_t idle_count)
{
    if (idle_count < strategy->spins)
    {
        ringway_cpu_pause_();
        return false;
    }
    if (idle_count - strategy->spins < strategy->yields)
    {
        sched_yield();
        return false;
    }
    return strategy->parks;
}

static inline int64_t ringway_monotonic_ns_(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * RINGWAY_NANOS_PER_SECOND + now.tv_nsec;
}

/**
 * The monotonic time timeout_ns from now, saturated at INT64_MAX: a timeout of INT64_MAX ("wait forever") must not
 * overflow into the past (signed overflow is undefined behaviour, and wrapped it would end the wait at once).
 */
static inline int64_t ringway_deadline_ns_(int64_t timeout_ns)
{
    const int64_t now_ns = ringway_monotonic_ns_();
    return timeout_ns > INT64_MAX - now_ns ? INT64_MAX : now_ns + timeout_ns;
}

/**
 * FUTEX_WAIT (shared): sleeps while *address holds expected_value, at most timeout_ns (capped at
 * RINGWAY_MAX_PARK_NS). @return RINGWAY_FUTEX_WOKEN, _VALUE_CHANGED (EAGAIN), _TIMED_OUT, _INTERRUPTED or _FAILED.
 */
static inline int ringway_futex_wait(int32_t *address, int32_t expected_value, int64_t timeout_ns)
{
    if (timeout_ns > RINGWAY_MAX_PARK_NS)
    {
        timeout_ns = RINGWAY_MAX_PARK_NS;
    }
    struct timespec timeout;
    timeout.tv_sec = (time_t)(timeout_ns / RINGWAY_NANOS_PER_SECOND);
    timeout.tv_nsec = (long)(timeout_ns % RINGWAY_NANOS_PER_SECOND);
    const long result = syscall(SYS_futex, address, RINGWAY_FUTEX_WAIT, expected_value, &timeout, NULL, 0);
    if (result == 0)
    {
        return RINGWAY_FUTEX_WOKEN;
    }
    switch (errno)
    {
        case EAGAIN: return RINGWAY_FUTEX_VALUE_CHANGED;
        case ETIMEDOUT: return RINGWAY_FUTEX_TIMED_OUT;
        case EINTR: return RINGWAY_FUTEX_INTERRUPTED;
        default: return RINGWAY_FUTEX_FAILED;
    }
}

/** FUTEX_WAKE (shared): wakes up to count waiters on *address. @return how many were woken, or -1 (errno set). */
static inline int ringway_futex_wake(int32_t *address, int32_t count)
{
    return (int)syscall(SYS_futex, address, RINGWAY_FUTEX_WAKE, count, NULL, NULL, 0);
}

/**
 * The signaller's half (LAYOUT 9.2), after the release store that makes the waiters' condition true: full fence,
 * load the waiters flag; only when set: clear it, increment the sequence, count the wake, FUTEX_WAKE all.
 * @return true when it issued a wake.
 */
static inline bool ringway_signal_if_waiting_(ringway_header_page_t *header, int32_t *sequence, int32_t *waiters)
{
    /* SYNC POINT: orders the caller's commit (or head release) before the load of the flag; pairs with the waiter's
     * store of the flag, full fence and re-check in ringway_prepare_to_wait_ */
    ringway_fence_full();
    if (ringway_get_int32_plain(waiters) == 0)
    {
        return false;
    }
    ringway_put_int32_release(waiters, 0);
    /* SYNC POINT: pairs with the waiter's acquire load of the sequence and with the kernel's compare in FUTEX_WAIT */
    ringway_get_and_add_int32(sequence, 1);
    ringway_get_and_add_int64(&header->wake_count, 1);
    ringway_futex_wake(sequence, INT32_MAX);
    return true;
}

/** The waiter's first half (LAYOUT 9.1): load the sequence, set the flag, full fence. @return the sequence. */
static inline int32_t ringway_prepare_to_wait_(int32_t *sequence, int32_t *waiters)
{
    /* SYNC POINT: pairs with the signaller's increment; read before the flag is set */
    const int32_t value = ringway_get_int32_acquire(sequence);
    ringway_put_int32_release(waiters, 1);
    /* SYNC POINT: orders the flag store before the caller's re-check; pairs with the signaller's full fence */
    ringway_fence_full();
    return value;
}

/** @return the channel's wakeCount: futex wakes issued by all parties since creation (LAYOUT 3, 9). */
static inline int64_t ringway_channel_wake_count(ringway_channel_t *channel)
{
    return ringway_get_int64_acquire(&channel->header->wake_count);
}

/* ------------------------------------------------------------------------------------------------------------------
 * Liveness: clock, heartbeats, verdicts, status (LAYOUT 8.1); truncation (LAYOUT 11.1)
 * ---------------------------------------------------------------------------------------------------------------- */

/**
 * Sets the monotonic clock that handles attached after this call use for heartbeats, and that liveness verdicts and
 * the MPSC unblock timeout read (LAYOUT 8.1). NULL restores CLOCK_MONOTONIC. Heartbeat words hold its milliseconds,
 * which other processes compare with their own CLOCK_MONOTONIC, so only tests set another one.
 */
static inline void ringway_channel_set_clock(ringway_channel_t *channel, ringway_clock_ms_t clock, void *clientd)
{
    channel->clock = clock;
    channel->clock_clientd = clientd;
}

/**
 * Sets the wall clock (epoch milliseconds) that dates status snapshots (ringway_status_t.now_epoch_ms) and nothing
 * else: no heartbeat, age or timeout reads it, so a step of it never makes a live peer look dead. NULL restores
 * CLOCK_REALTIME. Tests set their own to step it.
 */
static inline void ringway_channel_set_wall_clock(ringway_channel_t *channel, ringway_clock_ms_t clock, void *clientd)
{
    channel->wall_clock = clock;
    channel->wall_clock_clientd = clientd;
}

/** A live process whose heartbeat is older than this is reported RINGWAY_LIVENESS_STALE (default 5000). */
static inline void ringway_channel_set_heartbeat_timeout_ms(ringway_channel_t *channel, int64_t timeout_ms)
{
    channel->heartbeat_timeout_ms = timeout_ms;
}

/** How long an uncommitted MPSC claim may stop a consumer attached after this call before it is padded (LAYOUT 7.1). */
static inline void ringway_channel_set_unblock_timeout_ms(ringway_channel_t *channel, int64_t timeout_ms)
{
    channel->unblock_timeout_ms = timeout_ms;
}

static inline int64_t ringway_channel_now_ms_(const ringway_channel_t *channel)
{
    return channel->clock != NULL ? channel->clock(channel->clock_clientd) : ringway_monotonic_ms_();
}

static inline void ringway_heartbeat_init_(
    ringway_heartbeat_t *heartbeat, const ringway_channel_t *channel, int64_t *heartbeat_word)
{
    heartbeat->clock = channel->clock;
    heartbeat->clock_clientd = channel->clock_clientd;
    heartbeat->heartbeat_word = heartbeat_word;
    heartbeat->last_beat_ms = 0;
    heartbeat->operations_until_clock_read = RINGWAY_OPERATIONS_PER_CLOCK_READ;
}

static inline int64_t ringway_heartbeat_clock_ms_(const ringway_heartbeat_t *heartbeat)
{
    return heartbeat->clock != NULL ? heartbeat->clock(heartbeat->clock_clientd) : ringway_monotonic_ms_();
}

/** LAYOUT 8.1: reads the clock and stores the heartbeat (release) when it moved since the last store. */
static inline void ringway_heartbeat_beat_(ringway_heartbeat_t *heartbeat)
{
    const int64_t now_ms = ringway_heartbeat_clock_ms_(heartbeat);
    if (now_ms != heartbeat->last_beat_ms)
    {
        heartbeat->last_beat_ms = now_ms;
        /* SYNC POINT: pairs with the acquire load of the heartbeat in ringway_channel_status of any process */
        ringway_put_int64_release(heartbeat->heartbeat_word, now_ms);
    }
}

/** LAYOUT 8.1: a busy operation reads the clock once every RINGWAY_OPERATIONS_PER_CLOCK_READ calls. */
static inline void ringway_heartbeat_on_busy_(ringway_heartbeat_t *heartbeat)
{
    if (--heartbeat->operations_until_clock_read <= 0)
    {
        heartbeat->operations_until_clock_read = RINGWAY_OPERATIONS_PER_CLOCK_READ;
        ringway_heartbeat_beat_(heartbeat);
    }
}

/**
 * LAYOUT 11.1: checks with fstat that the open file is still as long as the layout needs (another process may have
 * truncated it; touching a missing page would raise SIGBUS). Producer and consumer attach call it.
 *
 * @return RINGWAY_OK, or RINGWAY_E_INVALID_FILE (field fileLength), RINGWAY_E_IO, RINGWAY_E_CLOSED.
 */
static inline int ringway_channel_check_length(ringway_channel_t *channel)
{
    if (channel == NULL || !channel->is_open)
    {
        return RINGWAY_E_CLOSED;
    }
    struct stat file_status;
    if (fstat(channel->fd, &file_status) != 0)
    {
        return ringway_set_error_(&channel->error, RINGWAY_E_IO, channel->path, "fileLength",
            "cannot stat channel file\x1f" "fstat: %s\x1f" "a length", strerror(errno));
    }
    const int64_t required_length = ringway_file_length(channel->capacity);
    if ((int64_t)file_status.st_size < required_length)
    {
        return ringway_set_error_(&channel->error, RINGWAY_E_INVALID_FILE, channel->path, "fileLength",
            "channel file truncated while mapped\x1f%lld\x1f>=%lld (4096 + capacity %d + trailer 768)",
            (long long)file_status.st_size, (long long)required_length, (int)channel->capacity);
    }
    return RINGWAY_OK;
}

/**
 * now_ms - then_ms for a heartbeat read from the file, which another process may have filled with anything: 0 when
 * then_ms is not in the past, INT64_MAX when the difference does not fit (no signed overflow, LAYOUT 11). A heartbeat
 * ahead of now is what a layout 1.1 peer writes (epoch ms, far beyond any CLOCK_MONOTONIC time): its age is unknown
 * and reads as 0, so such a peer is never STALE by age, only DEAD by its process (LAYOUT 12).
 */
static inline int64_t ringway_age_ms_(int64_t now_ms, int64_t then_ms)
{
    if (then_ms >= now_ms)
    {
        return 0;
    }
    if (then_ms < 0 && now_ms > INT64_MAX + then_ms)
    {
        return INT64_MAX;
    }
    return now_ms - then_ms;
}

static inline ringway_liveness_t ringway_liveness_of_(
    int64_t lease_token, int64_t heartbeat_ms, int64_t now_ms, int64_t timeout_ms)
{
    if (lease_token == 0)
    {
        return RINGWAY_LIVENESS_ABSENT;
    }
    if (!ringway_token_is_alive(lease_token))
    {
        return RINGWAY_LIVENESS_DEAD;
    }
    return ringway_age_ms_(now_ms, heartbeat_ms) > timeout_ms ? RINGWAY_LIVENESS_STALE : RINGWAY_LIVENESS_ALIVE;
}

/** @return the verdict on the consumer (LAYOUT 8.1): from its lease, its process and its heartbeat. */
static inline ringway_liveness_t ringway_channel_consumer_liveness(ringway_channel_t *channel)
{
    ringway_header_page_t *header = channel->header;
    return ringway_liveness_of_(ringway_get_int64_acquire(&header->consumer_lease),
        ringway_get_int64_acquire(&header->consumer_heartbeat_ms), ringway_channel_now_ms_(channel),
        channel->heartbeat_timeout_ms);
}

/**
 * @return the verdict on the producers (LAYOUT 8.1): SPSC from the lease; MPSC from the pid of the most recent
 *         producer to attach and the shared producer heartbeat.
 */
static inline ringway_liveness_t ringway_channel_producer_liveness(ringway_channel_t *channel)
{
    ringway_header_page_t *header = channel->header;
    const int64_t heartbeat_ms = ringway_get_int64_acquire(&header->producer_heartbeat_ms);
    const int64_t now_ms = ringway_channel_now_ms_(channel);
    if (channel->ring_kind == RINGWAY_RING_KIND_SPSC)
    {
        return ringway_liveness_of_(ringway_get_int64_acquire(&header->producer_lease), heartbeat_ms, now_ms,
            channel->heartbeat_timeout_ms);
    }
    const int64_t pid = ringway_get_int64_acquire(&header->producer_pid);
    if (pid == 0)
    {
        return RINGWAY_LIVENESS_ABSENT;
    }
    if (ringway_process_verdict(pid) == RINGWAY_PROCESS_DEAD)
    {
        return RINGWAY_LIVENESS_DEAD;
    }
    return ringway_age_ms_(now_ms, heartbeat_ms) > channel->heartbeat_timeout_ms ?
        RINGWAY_LIVENESS_STALE : RINGWAY_LIVENESS_ALIVE;
}

/** @return a constant name for a liveness verdict. */
static inline const char *ringway_liveness_name(ringway_liveness_t liveness)
{
    switch (liveness)
    {
        case RINGWAY_LIVENESS_ABSENT: return "ABSENT";
        case RINGWAY_LIVENESS_ALIVE: return "ALIVE";
        case RINGWAY_LIVENESS_STALE: return "STALE";
        case RINGWAY_LIVENESS_DEAD: return "DEAD";
    }
    return "UNKNOWN";
}

/**
 * Fills a status snapshot (LAYOUT 8.1): pids, heartbeats and ages, liveness verdicts, positions, fill, counters, the
 * file's length. The file length comes first and, when the file was truncated, the trailer is not read (positions
 * are then 0), so that a status call never touches a missing page.
 *
 * @return RINGWAY_OK, RINGWAY_E_CLOSED or RINGWAY_E_INVALID_ARGUMENT.
 */
static inline int ringway_channel_status(ringway_channel_t *channel, ringway_status_t *status)
{
    if (channel == NULL || status == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    if (!channel->is_open)
    {
        return RINGWAY_E_CLOSED;
    }
    memset(status, 0, sizeof(*status));
    ringway_header_page_t *header = channel->header;
    struct stat file_status;
    status->file_length = fstat(channel->fd, &file_status) == 0 ? (int64_t)file_status.st_size : -1;
    status->required_file_length = ringway_file_length(channel->capacity);
    status->ring_kind = channel->ring_kind;
    status->capacity = channel->capacity;
    status->creator_pid = ringway_get_int64_plain(&header->creator_pid);
    status->now_ms = ringway_channel_now_ms_(channel);
    status->now_epoch_ms = channel->wall_clock != NULL ? channel->wall_clock(channel->wall_clock_clientd) :
        ringway_epoch_ms_();
    status->producer_pid = ringway_get_int64_acquire(&header->producer_pid);
    status->producer_heartbeat_ms = ringway_get_int64_acquire(&header->producer_heartbeat_ms);
    status->producer_heartbeat_age_ms = ringway_age_ms_(status->now_ms, status->producer_heartbeat_ms);
    status->producer_liveness = ringway_channel_producer_liveness(channel);
    status->consumer_pid = ringway_get_int64_acquire(&header->consumer_pid);
    status->consumer_heartbeat_ms = ringway_get_int64_acquire(&header->consumer_heartbeat_ms);
    status->consumer_heartbeat_age_ms = ringway_age_ms_(status->now_ms, status->consumer_heartbeat_ms);
    status->consumer_liveness = ringway_channel_consumer_liveness(channel);
    if (status->file_length >= status->required_file_length)
    {
        status->head_position = ringway_get_int64_acquire(&channel->trailer->head_position);
        status->tail_position = ringway_get_int64_acquire(&channel->trailer->tail_position);
        /* both from the file: a hostile pair must not overflow (the checks of LAYOUT 10.3 ran only at open) */
        status->fill_length = ringway_position_sub_(status->tail_position, status->head_position);
    }
    status->messages_consumed = ringway_get_int64_acquire(&header->messages_consumed);
    status->back_pressure_count = ringway_get_int64_acquire(&header->back_pressure_count);
    status->wake_count = ringway_get_int64_acquire(&header->wake_count);
    status->unblocked_record_count = ringway_get_int64_acquire(&header->unblocked_record_count);
    return RINGWAY_OK;
}

/** @return how many dead producers' claims were turned into padding (LAYOUT 7.1). */
static inline int64_t ringway_channel_unblocked_record_count(ringway_channel_t *channel)
{
    return ringway_get_int64_acquire(&channel->header->unblocked_record_count);
}

/* ------------------------------------------------------------------------------------------------------------------
 * Dead producers' claims (LAYOUT 7.1)
 * ---------------------------------------------------------------------------------------------------------------- */

/** Publishes padding over [record_index, record_index + length) for a claim whose writer is gone (LAYOUT 7.1). */
static inline void ringway_pad_dead_claim_(uint8_t *ring_data, int32_t record_index, int32_t length)
{
    ringway_record_header_t *record = ringway_record_at_(ring_data, record_index);
    ringway_put_int32_plain(&record->type_id, RINGWAY_PADDING_TYPE_ID);
    /* SYNC POINT: pairs with the consumer's acquire load of length in poll, which then skips the padding */
    ringway_put_int32_release(&record->length, length);
}

/**
 * LAYOUT 7.1, SPSC: pads [position, tail_position), a claim whose length was never written, split at the end of the
 * data area; the part at position, where the consumer is stopped, is published last.
 */
static inline void ringway_spsc_pad_to_tail_(
    uint8_t *ring_data, int32_t capacity, int64_t position, int64_t tail_position)
{
    const int32_t mask = capacity - 1;
    /* the dead producer may have missed pre-zeroing the header at the tail (LAYOUT 6.1 step 5) */
    ringway_put_int64_plain((int64_t *)(void *)(ring_data + (tail_position & mask)), 0);
    const int32_t index = (int32_t)(position & mask);
    const int64_t claimed_length = tail_position - position;
    const int32_t first_length = (int32_t)(claimed_length < capacity - index ? claimed_length : capacity - index);
    const int32_t wrapped_length = (int32_t)(claimed_length - first_length);
    if (wrapped_length > 0)
    {
        ringway_pad_dead_claim_(ring_data, 0, wrapped_length);
    }
    /* last: the record the consumer is stopped at */
    ringway_pad_dead_claim_(ring_data, index, first_length);
}

/**
 * LAYOUT 7.1, SPSC: run by a producer that has just taken the lease (the only writer). Walks the records from the head
 * to the tail and pads every claim a dead predecessor left uncommitted: a claim whose length is known (negative)
 * becomes padding of exactly that length and the walk goes on, since the predecessor may have claimed and committed
 * more records after it; a claim whose length was never written (0) can only be the last one, and everything from it
 * to the tail becomes padding.
 *
 * @return the number of dead claims padded (0 when every claim was committed), or RINGWAY_E_CORRUPT_RECORD with
 *         detail.
 */
static inline int64_t ringway_spsc_repair_tail_(ringway_channel_t *channel, ringway_error_t *error)
{
    uint8_t *ring_data = channel->ring_data;
    const int32_t capacity = channel->capacity;
    const int32_t mask = capacity - 1;
    /* SYNC POINT: pairs with the consumer's release store of headPosition */
    const int64_t head_position = ringway_get_int64_acquire(&channel->trailer->head_position);
    const int64_t tail_position = ringway_get_int64_acquire(&channel->trailer->tail_position);
    /* head first: with a negative head, tail - head could overflow */
    if (head_position < 0 || tail_position < head_position ||
        tail_position - head_position > (int64_t)capacity - RINGWAY_RECORD_HEADER_LENGTH ||
        ((tail_position | head_position) & (RINGWAY_RECORD_ALIGNMENT - 1)) != 0)
    {
        return ringway_set_error_(error, RINGWAY_E_CORRUPT_RECORD, channel->path, "tailPosition",
            "corrupt positions\x1f%lld\x1f" "a multiple of 8 in [headPosition %lld, headPosition + capacity - 8]",
            (long long)tail_position, (long long)head_position);
    }
    int64_t dead_claim_count = 0;
    int64_t position = head_position;
    while (position < tail_position)
    {
        const int32_t index = (int32_t)(position & mask);
        const int32_t length = ringway_get_int32_acquire(&ringway_record_at_(ring_data, index)->length);
        if (length == 0)
        {
            /* the predecessor moved the tail and died before writing this length: the claim's end is unknown, and
               it was the predecessor's last claim, so it runs to the tail */
            ringway_spsc_pad_to_tail_(ring_data, capacity, position, tail_position);
            return dead_claim_count + 1;
        }
        /* the length is bounded by the data area and the tail before it is aligned: align(INT32_MAX) overflows
           int32, and a negative step would walk backwards (capacity - index is a multiple of 8, so the aligned length
           stays inside too); -INT32_MIN does not fit an int32, hence the int64 */
        const int64_t record_length = length < 0 ? -(int64_t)length : (int64_t)length;
        if (record_length < RINGWAY_RECORD_HEADER_LENGTH || record_length > capacity - index ||
            ringway_aligned_length((int32_t)record_length) > tail_position - position) /* no position + length: it
                                                                                        could overflow near INT64_MAX */
        {
            return ringway_set_error_(error, RINGWAY_E_CORRUPT_RECORD, channel->path, "length",
                "corrupt record at position=%lld\x1f%d\x1f" "%s before the tail at %lld",
                (long long)position, (int)length, length < 0 ? "a claim" : "a committed record",
                (long long)tail_position);
        }
        if (length < 0)
        {
            /* claimed with its length written, never committed: pad exactly that record, then walk on over whatever
               the predecessor claimed after it (records it committed must not be lost) */
            ringway_pad_dead_claim_(ring_data, index, (int32_t)record_length);
            dead_claim_count++;
        }
        position += ringway_aligned_length((int32_t)record_length);
    }
    return dead_claim_count;
}

static inline bool ringway_still_zeroed_(uint8_t *ring_data, int32_t from_index, int32_t down_to_index)
{
    for (int32_t index = from_index - RINGWAY_RECORD_ALIGNMENT; index >= down_to_index;
        index -= RINGWAY_RECORD_ALIGNMENT)
    {
        if (ringway_get_int32_acquire((int32_t *)(void *)(ring_data + index)) != 0)
        {
            return false;
        }
    }
    return true;
}

/**
 * LAYOUT 7.1, MPSC: Agrona's ManyToOneRingBuffer.unblock rule with bounds checks, plus padding a zeroed claim that
 * runs to the end of the data area when the tail has wrapped.
 *
 * @return 1 when the record at the head was padded, 0 when not, RINGWAY_E_CORRUPT_RECORD with detail.
 */
static inline int ringway_mpsc_unblock_(ringway_consumer_t *consumer, int64_t tail_position)
{
    uint8_t *ring_data = consumer->ring_data;
    const int32_t capacity = consumer->capacity;
    const int32_t mask = capacity - 1;
    const int64_t head_position = consumer->head_position;
    if (tail_position == head_position)
    {
        return 0;
    }
    if (tail_position < head_position || tail_position - head_position > (int64_t)capacity)
    {
        return ringway_set_error_(&consumer->error, RINGWAY_E_CORRUPT_RECORD, consumer->channel->path,
            "tailPosition", "corrupt record at position=%lld\x1f%lld\x1fheadPosition %lld .. headPosition + capacity %d",
            (long long)head_position, (long long)tail_position, (long long)head_position, (int)capacity);
    }
    const int32_t consumer_index = (int32_t)(head_position & mask);
    const int32_t producer_index = (int32_t)(tail_position & mask);
    const int32_t to_end_length = capacity - consumer_index;
    const int32_t length = ringway_get_int32_acquire(&ringway_record_at_(ring_data, consumer_index)->length);
    if (length < 0)
    {
        /* -length is bounded before it is aligned: align(INT32_MAX) overflows int32; and the padding must end at or
           before the tail: the unblock never moves the head past the tail */
        const int64_t claimable_length = tail_position - head_position < to_end_length ?
            tail_position - head_position : to_end_length;
        if (length == INT32_MIN || -length < RINGWAY_RECORD_HEADER_LENGTH || -length > to_end_length ||
            ringway_aligned_length(-length) > claimable_length)
        {
            return ringway_set_error_(&consumer->error, RINGWAY_E_CORRUPT_RECORD, consumer->channel->path, "length",
                "corrupt claim at position=%lld\x1f%d\x1f-%d..-%lld (a claim inside the data area and before the "
                "tail %lld)", (long long)head_position, (int)length, RINGWAY_RECORD_HEADER_LENGTH,
                (long long)claimable_length, (long long)tail_position);
        }
        ringway_pad_dead_claim_(ring_data, consumer_index, -length);
        return 1;
    }
    if (length > 0)
    {
        return 0;
    }
    /* the scan never passes the tail: head + (limit - consumer_index) <= tail in both cases, given the check above */
    const bool tail_wrapped = producer_index <= consumer_index;
    const int32_t limit = tail_wrapped ? capacity : producer_index;
    for (int32_t index = consumer_index + RINGWAY_RECORD_ALIGNMENT; index < limit; index += RINGWAY_RECORD_ALIGNMENT)
    {
        if (ringway_get_int32_acquire((int32_t *)(void *)(ring_data + index)) != 0)
        {
            if (!ringway_still_zeroed_(ring_data, index, consumer_index))
            {
                return 0;
            }
            ringway_pad_dead_claim_(ring_data, consumer_index, index - consumer_index);
            return 1;
        }
    }
    if (tail_wrapped)
    {
        ringway_pad_dead_claim_(ring_data, consumer_index, to_end_length);
        return 1;
    }
    return 0;
}

/**
 * LAYOUT 7.2, MPSC: run by a consumer that has just taken the lease. Finishes the zeroing of a previous consumer that
 * died between storing pendingHeadPosition and releasing the head, and moves the head there. An implausible value is
 * ignored.
 */
static inline void ringway_finish_dead_consumers_zeroing_(ringway_channel_t *channel)
{
    ringway_trailer_t *trailer = channel->trailer;
    const int32_t capacity = channel->capacity;
    /* SYNC POINT: pairs with the previous consumer's release stores of pendingHeadPosition and headPosition */
    const int64_t pending_head_position = ringway_get_int64_acquire(&channel->header->pending_head_position);
    const int64_t head_position = ringway_get_int64_acquire(&trailer->head_position);
    const int64_t tail_position = ringway_get_int64_acquire(&trailer->tail_position);
    const int32_t head_index = (int32_t)(head_position & (capacity - 1));
    /* head_position is checked first: a negative one would make pending - head overflow */
    if (head_position < 0 || pending_head_position <= head_position || pending_head_position > tail_position ||
        pending_head_position - head_position > (int64_t)(capacity - head_index) ||
        (pending_head_position & (RINGWAY_RECORD_ALIGNMENT - 1)) != 0)
    {
        return;
    }
    memset(channel->ring_data + head_index, 0, (size_t)(pending_head_position - head_position));
    /* SYNC POINT: pairs with the producers' acquire load of headPosition when they claim space */
    ringway_put_int64_release(&trailer->head_position, pending_head_position);
}

/* ------------------------------------------------------------------------------------------------------------------
 * Producers (LAYOUT 6)
 * ---------------------------------------------------------------------------------------------------------------- */

/**
 * Attaches a producer. On an SPSC channel it takes the producer lease (LAYOUT 8): a second producer fails while the
 * first is open and its process alive. On an MPSC channel any number of producers, in any threads and processes, may
 * attach; use one producer handle per thread.
 *
 * @return RINGWAY_OK, or RINGWAY_E_LEASE_TAKEN, RINGWAY_E_CLOSED, RINGWAY_E_IO; the producer's error detail says why.
 */
static inline int ringway_producer_attach(ringway_producer_t *producer, ringway_channel_t *channel)
{
    if (producer == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    producer->is_attached = false;
    producer->holds_lease = false;
    producer->slot = NULL;
    producer->slot_token = 0;
    producer->claims_in_progress = 0;
    producer->head_cache_seen_position = INT64_MIN; /* the first claim checks whatever the file holds */
    producer->channel = channel;
    producer->wait_strategy = ringway_wait_backoff_default();
    ringway_clear_error_(&producer->error);
    if (channel == NULL || !channel->is_open)
    {
        return ringway_set_error_(&producer->error, RINGWAY_E_CLOSED, channel == NULL ? "(none)" : channel->path,
            "file", "channel not open\x1f" "closed\x1f" "open");
    }
    producer->header = channel->header;
    producer->ring_data = channel->ring_data;
    producer->trailer = channel->trailer;
    producer->ring_kind = channel->ring_kind;
    producer->capacity = channel->capacity;
    producer->max_message_length = channel->max_message_length;
    if (ringway_channel_check_length(channel) < 0)
    {
        producer->error = channel->error;
        return producer->error.code;
    }
    if (channel->ring_kind == RINGWAY_RING_KIND_SPSC)
    {
        int64_t token = 0;
        const int result = ringway_lease_acquire_(
            &channel->header->producer_lease, channel->path, "producerLease", &producer->error, &token);
        if (result < 0)
        {
            return result;
        }
        /* we are now the only SPSC writer: pad what a dead predecessor claimed and never committed (LAYOUT 7.1) */
        const int64_t dead_claim_count = ringway_spsc_repair_tail_(channel, &producer->error);
        if (dead_claim_count < 0)
        {
            ringway_lease_release_(&channel->header->producer_lease, token);
            return (int)dead_claim_count;
        }
        if (dead_claim_count > 0)
        {
            ringway_get_and_add_int64(&channel->header->unblocked_record_count, dead_claim_count);
        }
        channel->producer_lease_token = token;
        channel->holds_producer_lease = true;
        producer->holds_lease = true;
    }
    else
    {
        /* LAYOUT 3.1: an MPSC handle owns a slot, so that the consumer never unblocks its claims while it lives */
        const int result = ringway_producer_slot_acquire_(
            channel->header, channel->path, &producer->error, &producer->slot, &producer->slot_token);
        if (result < 0)
        {
            return result;
        }
    }
    ringway_put_int64_release(&channel->header->producer_pid, (int64_t)getpid());
    ringway_heartbeat_init_(&producer->heartbeat, channel, &channel->header->producer_heartbeat_ms);
    ringway_heartbeat_beat_(&producer->heartbeat);
    producer->is_attached = true;
    return RINGWAY_OK;
}

/** Releases the SPSC producer lease; the channel stays open. Closing a closed producer does nothing. */
static inline int ringway_producer_close(ringway_producer_t *producer)
{
    if (producer == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    if (!producer->is_attached)
    {
        return RINGWAY_OK;
    }
    producer->is_attached = false;
    ringway_channel_t *channel = producer->channel;
    if (producer->holds_lease && channel->is_open && channel->holds_producer_lease)
    {
        ringway_lease_release_(&channel->header->producer_lease, channel->producer_lease_token);
        channel->holds_producer_lease = false;
    }
    producer->holds_lease = false;
    if (producer->slot != NULL && channel->is_open)
    {
        ringway_producer_slot_release_(producer->slot, producer->slot_token);
    }
    producer->slot = NULL;
    return RINGWAY_OK;
}

/** @return the detail of the producer's last error, "" when none. Ring full leaves no detail. */
static inline const char *ringway_producer_last_error(const ringway_producer_t *producer)
{
    return producer == NULL ? "no producer handle" : producer->error.message;
}

static inline const char *ringway_producer_last_error_field(const ringway_producer_t *producer)
{
    return producer == NULL ? "" : producer->error.field;
}

/** @return the ring data area; indexes returned by ringway_producer_try_claim are relative to it. */
static inline uint8_t *ringway_producer_buffer(const ringway_producer_t *producer)
{
    return producer->ring_data;
}

/** @return the largest body this channel accepts: capacity / 8. */
static inline int32_t ringway_producer_max_message_length(const ringway_producer_t *producer)
{
    return producer->max_message_length;
}

static inline const char *ringway_producer_path_(const ringway_producer_t *producer)
{
    return producer->channel == NULL ? "(none)" : producer->channel->path;
}

static inline bool ringway_producer_is_usable_(const ringway_producer_t *producer)
{
    return producer->is_attached && producer->channel != NULL && producer->channel->is_open;
}

static inline int ringway_producer_check_message_(ringway_producer_t *producer, int32_t type_id, int32_t body_length)
{
    if (!ringway_producer_is_usable_(producer))
    {
        return ringway_set_error_(&producer->error, RINGWAY_E_CLOSED, ringway_producer_path_(producer), "file",
            "producer closed\x1f" "closed\x1f" "attached");
    }
    if (body_length < 0 || body_length > producer->max_message_length)
    {
        return ringway_set_error_(&producer->error, RINGWAY_E_MESSAGE_LENGTH, producer->channel->path, "length",
            "message length out of range\x1f%d\x1f" "0..%d (maxMessageLength = capacity %d / 8)",
            (int)body_length, (int)producer->max_message_length, (int)producer->capacity);
    }
    if (type_id < 1)
    {
        return ringway_set_error_(&producer->error, RINGWAY_E_TYPE_ID, producer->channel->path, "typeId",
            "invalid message type id\x1f%d\x1f>=1", (int)type_id);
    }
    return RINGWAY_OK;
}

/** LAYOUT 6.3: a refused offer or claim adds 1 to backPressureCount. */
static inline void ringway_producer_count_back_pressure_(ringway_producer_t *producer)
{
    ringway_get_and_add_int64(&producer->header->back_pressure_count, 1);
}

/** Publishes a padding record of padding_length bytes at record_index (LAYOUT 6.1 step 4, 6.2 step 3). */
static inline void ringway_write_padding_(uint8_t *ring_data, int32_t record_index, int32_t padding_length)
{
    ringway_record_header_t *record = ringway_record_at_(ring_data, record_index);
    ringway_put_int32_release(&record->length, -padding_length);
    ringway_fence_release();
    ringway_put_int32_plain(&record->type_id, RINGWAY_PADDING_TYPE_ID);
    /* SYNC POINT: pairs with the consumer's acquire load of length in poll: it skips the padding */
    ringway_put_int32_release(&record->length, padding_length);
}

/**
 * LAYOUT 11: headCachePosition is untrusted. A value this handle did not see before (another producer's refresh, or a
 * stray write) is checked once against headPosition: a cache beyond the head would let the claim overwrite unread
 * records, so it is replaced by the head. Every value a producer legitimately stores is a head it loaded, and the
 * head only grows, so a legitimate cache is never beyond a head loaded after it.
 * @return the cache to claim with.
 */
static inline int64_t ringway_checked_head_cache_(ringway_producer_t *producer, int64_t head_cache_position)
{
    if (head_cache_position != producer->head_cache_seen_position)
    {
        /* SYNC POINT: pairs with the consumer's release store of headPosition in poll */
        const int64_t head_position = ringway_get_int64_acquire(&producer->trailer->head_position);
        if (head_cache_position > head_position)
        {
            head_cache_position = head_position;
            ringway_put_int64_release(&producer->trailer->head_cache_position, head_position);
        }
        producer->head_cache_seen_position = head_cache_position;
    }
    return head_cache_position;
}

/** Stores headCachePosition = head_position (with the order given) and remembers it as seen by this handle. */
static inline void ringway_store_head_cache_(ringway_producer_t *producer, int64_t head_position, bool release)
{
    if (release)
    {
        ringway_put_int64_release(&producer->trailer->head_cache_position, head_position);
    }
    else
    {
        ringway_put_int64_plain(&producer->trailer->head_cache_position, head_position);
    }
    producer->head_cache_seen_position = head_position;
}

/**
 * LAYOUT 6.1 steps 1 to 5: claims aligned_length bytes on an SPSC ring.
 * @return the record index, or RINGWAY_E_RING_FULL (after publishing any wrap padding).
 */
static inline int32_t ringway_spsc_claim_(ringway_producer_t *producer, int32_t aligned_length)
{
    uint8_t *ring_data = producer->ring_data;
    ringway_trailer_t *trailer = producer->trailer;
    const int32_t capacity = producer->capacity;
    const int32_t mask = capacity - 1;
    const int32_t required_length = aligned_length + RINGWAY_RECORD_HEADER_LENGTH;

    /* step 1 */
    int64_t head_position =
        ringway_checked_head_cache_(producer, ringway_get_int64_plain(&trailer->head_cache_position));
    const int64_t tail_position = ringway_get_int64_plain(&trailer->tail_position);
    if (required_length > ringway_available_length_(capacity, tail_position, head_position))
    {
        /* SYNC POINT: pairs with the consumer's release store of headPosition in poll */
        head_position = ringway_get_int64_acquire(&trailer->head_position);
        if (required_length > ringway_available_length_(capacity, tail_position, head_position))
        {
            return RINGWAY_E_RING_FULL;
        }
        ringway_store_head_cache_(producer, head_position, false);
    }

    /* step 2 */
    const int32_t record_index = (int32_t)(tail_position & mask);
    const int32_t to_end_length = capacity - record_index;
    int32_t write_index = record_index;
    int32_t padding_length = 0;
    int64_t new_tail_position = ringway_position_add_(tail_position, aligned_length);

    if (aligned_length == to_end_length)
    {
        /* exact fit at the end of the data area */
        ringway_put_int64_release(&trailer->tail_position, new_tail_position);
        ringway_zero_record_header_(ring_data, 0);
        return record_index;
    }
    if (required_length > to_end_length)
    {
        write_index = 0;
        int32_t head_index = (int32_t)(head_position & mask);
        if (required_length > head_index)
        {
            /* SYNC POINT: pairs with the consumer's release store of headPosition in poll */
            head_position = ringway_get_int64_acquire(&trailer->head_position);
            head_index = (int32_t)(head_position & mask);
            if (required_length > head_index)
            {
                /* the claim fails, but the padding to the end is still published */
                write_index = RINGWAY_E_RING_FULL;
                new_tail_position = tail_position;
            }
            ringway_store_head_cache_(producer, head_position, false);
        }
        padding_length = to_end_length;
        new_tail_position = ringway_position_add_(new_tail_position, padding_length);
    }

    /* step 3 */
    ringway_put_int64_release(&trailer->tail_position, new_tail_position);

    /* step 4 */
    if (padding_length != 0)
    {
        ringway_zero_record_header_(ring_data, 0);
        ringway_write_padding_(ring_data, record_index, padding_length);
    }

    /* step 5: 8 bytes always stay free, so this header is inside the data area */
    if (write_index != RINGWAY_E_RING_FULL)
    {
        ringway_zero_record_header_(ring_data, write_index + aligned_length);
    }
    return write_index;
}

/**
 * LAYOUT 6.2 steps 1 to 3: claims aligned_length bytes on an MPSC ring, safe against other producers in any thread
 * or process.
 * @return the record index, or RINGWAY_E_RING_FULL (after publishing any wrap padding).
 */
static inline int32_t ringway_mpsc_claim_(ringway_producer_t *producer, int32_t aligned_length)
{
    uint8_t *ring_data = producer->ring_data;
    ringway_trailer_t *trailer = producer->trailer;
    const int32_t capacity = producer->capacity;
    const int32_t mask = capacity - 1;
    const int32_t required_length = aligned_length;

    /* step 1; SYNC POINT: pairs with other producers' release stores of headCachePosition */
    int64_t head_position =
        ringway_checked_head_cache_(producer, ringway_get_int64_acquire(&trailer->head_cache_position));
    int64_t tail_position;
    int32_t tail_index;
    int32_t write_index;
    int32_t padding_length;
    int64_t new_tail_position;
    do
    {
        /* step 2.1; SYNC POINT: pairs with the CAS of tailPosition by other producers */
        tail_position = ringway_get_int64_acquire(&trailer->tail_position);
        if (required_length > ringway_available_length_(capacity, tail_position, head_position))
        {
            /* SYNC POINT: pairs with the consumer's release store of headPosition in poll */
            head_position = ringway_get_int64_acquire(&trailer->head_position);
            if (required_length > ringway_available_length_(capacity, tail_position, head_position))
            {
                return RINGWAY_E_RING_FULL;
            }
            ringway_store_head_cache_(producer, head_position, true);
        }

        /* step 2.2 */
        tail_index = (int32_t)(tail_position & mask);
        const int32_t to_end_length = capacity - tail_index;
        write_index = tail_index;
        padding_length = 0;
        new_tail_position = ringway_position_add_(tail_position, required_length);

        /* step 2.3 */
        if (required_length > to_end_length)
        {
            write_index = 0;
            int32_t head_index = (int32_t)(head_position & mask);
            if (required_length > head_index)
            {
                head_position = ringway_get_int64_acquire(&trailer->head_position);
                head_index = (int32_t)(head_position & mask);
                if (required_length > head_index)
                {
                    /* the claim fails, but the padding to the end is still published */
                    write_index = RINGWAY_E_RING_FULL;
                    new_tail_position = tail_position;
                }
                ringway_store_head_cache_(producer, head_position, true);
            }
            padding_length = to_end_length;
            new_tail_position = ringway_position_add_(new_tail_position, padding_length);
        }
        /* step 2.4 */
    }
    while (!ringway_compare_and_set_int64(&trailer->tail_position, tail_position, new_tail_position));

    /* step 3 */
    if (padding_length != 0)
    {
        ringway_write_padding_(ring_data, tail_index, padding_length);
    }
    return write_index;
}

/**
 * LAYOUT 6.2 step 0: before an MPSC claim, a floor at or below the position the claim will get (the tail now), unless
 * a claim of this handle is already in progress (its floor is lower still).
 */
static inline void ringway_producer_before_claim_(ringway_producer_t *producer)
{
    if (producer->slot != NULL && producer->claims_in_progress++ == 0)
    {
        /* SYNC POINT: this store is sequenced before the producer's CAS of tailPosition (a release); the consumer's
           acquire load of tailPosition in its unblock, which sees that CAS or a later one, then sees this floor */
        ringway_put_int64_release(&producer->slot->claim_floor_position,
            ringway_get_int64_acquire(&producer->trailer->tail_position));
    }
}

/** LAYOUT 6.2 step 5: after a commit, an abort or a refused claim; clears the floor when no claim is in progress. */
static inline void ringway_producer_after_claim_(ringway_producer_t *producer)
{
    if (producer->slot != NULL && producer->claims_in_progress > 0 && --producer->claims_in_progress == 0)
    {
        /* SYNC POINT: after the release store of the length (commit or abort); pairs with the consumer's acquire load
           of the floor in its unblock, which then sees the commit when it reloads the length */
        ringway_put_int64_release(&producer->slot->claim_floor_position, RINGWAY_NO_CLAIM_FLOOR_POSITION);
    }
}

static inline int32_t ringway_producer_claim_(ringway_producer_t *producer, int32_t record_length)
{
    const int32_t aligned_length = ringway_aligned_length(record_length);
    ringway_producer_before_claim_(producer);
    const int32_t record_index = producer->ring_kind == RINGWAY_RING_KIND_SPSC ?
        ringway_spsc_claim_(producer, aligned_length) : ringway_mpsc_claim_(producer, aligned_length);
    if (record_index == RINGWAY_E_RING_FULL)
    {
        ringway_producer_after_claim_(producer);
        ringway_producer_count_back_pressure_(producer);
        ringway_heartbeat_beat_(&producer->heartbeat); /* idle: a clock read is free (LAYOUT 8.1) */
        return RINGWAY_E_RING_FULL;
    }
    ringway_heartbeat_on_busy_(&producer->heartbeat);
    /* step 6: the record is being written */
    ringway_record_header_t *record = ringway_record_at_(producer->ring_data, record_index);
    ringway_put_int32_release(&record->length, -record_length);
    ringway_fence_release();
    return record_index;
}

/**
 * Copies a message into the ring (LAYOUT 6, steps 6 and 7).
 *
 * @param type_id     message type id, >= 1 (the SBE template id for SBE bodies).
 * @param body        the body bytes (may be NULL when body_length is 0).
 * @param body_length 0 to maxMessageLength (capacity / 8).
 * @return RINGWAY_OK; RINGWAY_E_RING_FULL on back-pressure (try again later); RINGWAY_E_MESSAGE_LENGTH,
 *         RINGWAY_E_TYPE_ID or RINGWAY_E_CLOSED, with detail, when the message is refused.
 */
static inline int ringway_producer_offer(
    ringway_producer_t *producer, int32_t type_id, const void *body, int32_t body_length)
{
    if (producer == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    const int check = ringway_producer_check_message_(producer, type_id, body_length);
    if (check < 0)
    {
        return check;
    }
    const int32_t record_length = body_length + RINGWAY_RECORD_HEADER_LENGTH;
    const int32_t record_index = ringway_producer_claim_(producer, record_length);
    if (record_index < 0)
    {
        return record_index;
    }
    ringway_record_header_t *record = ringway_record_at_(producer->ring_data, record_index);
    if (body_length > 0)
    {
        memcpy(producer->ring_data + record_index + RINGWAY_RECORD_HEADER_LENGTH, body, (size_t)body_length);
    }
    ringway_put_int32_plain(&record->type_id, type_id);
    /* SYNC POINT: the commit; pairs with the consumer's acquire load of length in poll */
    ringway_put_int32_release(&record->length, record_length);
    ringway_producer_after_claim_(producer);
    /* LAYOUT 9.2: a fence and a load; a system call only when the consumer is parked */
    ringway_signal_if_waiting_(producer->header, &producer->header->data_sequence, &producer->header->data_waiters);
    return RINGWAY_OK;
}

/** Sets how ringway_producer_offer_wait waits for space; ringway_wait_backoff_default() after attach. */
static inline void ringway_producer_set_wait_strategy(ringway_producer_t *producer, ringway_wait_strategy_t strategy)
{
    producer->wait_strategy = strategy;
}

/**
 * Copies a message into the ring like ringway_producer_offer, waiting up to timeout_ns for space when the ring is full,
 * as the producer's wait strategy says: spinning, yielding, or parked on the channel's futex (LAYOUT 9.1) until the
 * consumer frees space.
 *
 * @return RINGWAY_OK; RINGWAY_E_RING_FULL when the ring stayed full until the timeout (timeout_ns <= 0 tries once);
 *         other results as ringway_producer_offer; RINGWAY_E_IO when the futex call fails.
 */
static inline int ringway_producer_offer_wait(
    ringway_producer_t *producer, int32_t type_id, const void *body, int32_t body_length, int64_t timeout_ns)
{
    int result = ringway_producer_offer(producer, type_id, body, body_length);
    if (result != RINGWAY_E_RING_FULL || timeout_ns <= 0)
    {
        return result;
    }
    ringway_header_page_t *header = producer->header;
    const int64_t deadline_ns = ringway_deadline_ns_(timeout_ns);
    for (int32_t idle_count = 0; ; idle_count = idle_count == INT32_MAX ? idle_count : idle_count + 1)
    {
        if (ringway_wait_idle_(&producer->wait_strategy, idle_count))
        {
            /* LAYOUT 9.1: flag, full fence, re-check (the offer itself), then park on the sequence */
            const int32_t sequence = ringway_prepare_to_wait_(&header->space_sequence, &header->space_waiters);
            result = ringway_producer_offer(producer, type_id, body, body_length);
            if (result != RINGWAY_E_RING_FULL)
            {
                return result;
            }
            const int64_t remaining_ns = deadline_ns - ringway_monotonic_ns_();
            if (remaining_ns > 0 &&
                ringway_futex_wait(&header->space_sequence, sequence, remaining_ns) == RINGWAY_FUTEX_FAILED)
            {
                return ringway_set_error_(&producer->error, RINGWAY_E_IO, producer->channel->path, "spaceSequence",
                    "futex wait failed\x1f%s\x1f" "0, EAGAIN, ETIMEDOUT or EINTR", strerror(errno));
            }
        }
        result = ringway_producer_offer(producer, type_id, body, body_length);
        if (result != RINGWAY_E_RING_FULL || deadline_ns - ringway_monotonic_ns_() <= 0)
        {
            return result;
        }
    }
}

/**
 * Claims room for a message of body_length bytes, to be written in place and then committed or aborted (LAYOUT 6,
 * step 8). Nothing is visible to the consumer until ringway_producer_commit.
 *
 * @param body if not NULL, receives a pointer to the body region [index, index + body_length) in the mapped ring.
 * @return the body's index in ringway_producer_buffer() (>= 0), RINGWAY_E_RING_FULL on back-pressure, or
 *         RINGWAY_E_MESSAGE_LENGTH, RINGWAY_E_TYPE_ID, RINGWAY_E_CLOSED with detail.
 */
static inline int32_t ringway_producer_try_claim(
    ringway_producer_t *producer, int32_t type_id, int32_t body_length, uint8_t **body)
{
    if (producer == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    const int check = ringway_producer_check_message_(producer, type_id, body_length);
    if (check < 0)
    {
        return check;
    }
    const int32_t record_index = ringway_producer_claim_(producer, body_length + RINGWAY_RECORD_HEADER_LENGTH);
    if (record_index < 0)
    {
        return record_index;
    }
    ringway_put_int32_plain(&ringway_record_at_(producer->ring_data, record_index)->type_id, type_id);
    const int32_t body_index = record_index + RINGWAY_RECORD_HEADER_LENGTH;
    if (body != NULL)
    {
        *body = producer->ring_data + body_index;
    }
    return body_index;
}

/** @return the record of a claim in progress at body_index, or NULL (with detail) when there is none. */
static inline ringway_record_header_t *ringway_producer_claimed_record_(
    ringway_producer_t *producer, int32_t body_index, int32_t *record_length)
{
    if (!ringway_producer_is_usable_(producer))
    {
        ringway_set_error_(&producer->error, RINGWAY_E_CLOSED, ringway_producer_path_(producer), "file",
            "producer closed\x1f" "closed\x1f" "attached");
        return NULL;
    }
    const int32_t record_index = body_index - RINGWAY_RECORD_HEADER_LENGTH;
    if (record_index < 0 || record_index > producer->capacity - RINGWAY_RECORD_HEADER_LENGTH ||
        (record_index & (RINGWAY_RECORD_ALIGNMENT - 1)) != 0)
    {
        ringway_set_error_(&producer->error, RINGWAY_E_CLAIM_STATE, producer->channel->path, "index",
            "claim index out of range\x1f%d\x1f" "an index returned by try_claim", (int)body_index);
        return NULL;
    }
    ringway_record_header_t *record = ringway_record_at_(producer->ring_data, record_index);
    const int32_t length = ringway_get_int32_plain(&record->length);
    if (length >= 0 || length < -(producer->capacity - record_index) || -length < RINGWAY_RECORD_HEADER_LENGTH)
    {
        ringway_set_error_(&producer->error, RINGWAY_E_CLAIM_STATE, producer->channel->path, "length",
            "claimed space previously committed or aborted\x1f%d\x1f" "a negative length (claim in progress)",
            (int)length);
        return NULL;
    }
    *record_length = -length;
    return record;
}

/** Makes a claimed message visible to the consumer. @return RINGWAY_OK or RINGWAY_E_CLAIM_STATE (twice, unknown). */
static inline int ringway_producer_commit(ringway_producer_t *producer, int32_t body_index)
{
    if (producer == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    int32_t record_length = 0;
    ringway_record_header_t *record = ringway_producer_claimed_record_(producer, body_index, &record_length);
    if (record == NULL)
    {
        return producer->error.code;
    }
    /* SYNC POINT: the commit; pairs with the consumer's acquire load of length in poll */
    ringway_put_int32_release(&record->length, record_length);
    ringway_producer_after_claim_(producer);
    ringway_signal_if_waiting_(producer->header, &producer->header->data_sequence, &producer->header->data_waiters);
    return RINGWAY_OK;
}

/** Turns a claimed message into padding, which the consumer skips. @return RINGWAY_OK or RINGWAY_E_CLAIM_STATE. */
static inline int ringway_producer_abort(ringway_producer_t *producer, int32_t body_index)
{
    if (producer == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    int32_t record_length = 0;
    ringway_record_header_t *record = ringway_producer_claimed_record_(producer, body_index, &record_length);
    if (record == NULL)
    {
        return producer->error.code;
    }
    ringway_put_int32_plain(&record->type_id, RINGWAY_PADDING_TYPE_ID);
    /* SYNC POINT: pairs with the consumer's acquire load of length in poll: it skips the padding */
    ringway_put_int32_release(&record->length, record_length);
    ringway_producer_after_claim_(producer);
    /* an aborted claim may be all that stood between a parked consumer and later committed records (MPSC) */
    ringway_signal_if_waiting_(producer->header, &producer->header->data_sequence, &producer->header->data_waiters);
    return RINGWAY_OK;
}

/**
 * Stores the producer heartbeat now if the clock moved (LAYOUT 8.1). Offers and claims beat on their own; a producer
 * with nothing to send calls this from its idle loop at least once per heartbeat timeout.
 */
static inline void ringway_producer_heartbeat(ringway_producer_t *producer)
{
    ringway_heartbeat_beat_(&producer->heartbeat);
}

/** @return true when the consumer holds its lease, its process is running and it beat within the timeout. */
static inline bool ringway_producer_is_consumer_alive(ringway_producer_t *producer)
{
    return ringway_channel_consumer_liveness(producer->channel) == RINGWAY_LIVENESS_ALIVE;
}

/* ------------------------------------------------------------------------------------------------------------------
 * Consumer (LAYOUT 7)
 * ---------------------------------------------------------------------------------------------------------------- */

/**
 * Attaches the consumer, taking the consumer lease (LAYOUT 8): a second consumer fails while the first is open and
 * its process alive; a dead consumer's lease is taken over.
 *
 * @return RINGWAY_OK, or RINGWAY_E_LEASE_TAKEN, RINGWAY_E_CLOSED, RINGWAY_E_CORRUPT_RECORD, RINGWAY_E_IO.
 */
static inline int ringway_consumer_attach(ringway_consumer_t *consumer, ringway_channel_t *channel)
{
    if (consumer == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    consumer->is_attached = false;
    consumer->channel = channel;
    consumer->wait_strategy = ringway_wait_backoff_default();
    ringway_clear_error_(&consumer->error);
    if (channel == NULL || !channel->is_open)
    {
        return ringway_set_error_(&consumer->error, RINGWAY_E_CLOSED, channel == NULL ? "(none)" : channel->path,
            "file", "channel not open\x1f" "closed\x1f" "open");
    }
    consumer->header = channel->header;
    consumer->ring_data = channel->ring_data;
    consumer->trailer = channel->trailer;
    consumer->ring_kind = channel->ring_kind;
    consumer->capacity = channel->capacity;
    consumer->max_message_length = channel->max_message_length;
    consumer->unblock_timeout_ms = channel->unblock_timeout_ms;
    consumer->blocked_position = -1;
    consumer->blocked_since_ms = 0;
    consumer->blocking_producer_pid = 0;
    if (ringway_channel_check_length(channel) < 0)
    {
        consumer->error = channel->error;
        return consumer->error.code;
    }

    int64_t token = 0;
    const int result = ringway_lease_acquire_(
        &channel->header->consumer_lease, channel->path, "consumerLease", &consumer->error, &token);
    if (result < 0)
    {
        return result;
    }
    if (channel->ring_kind == RINGWAY_RING_KIND_MPSC)
    {
        ringway_finish_dead_consumers_zeroing_(channel);
    }
    /* SYNC POINT: pairs with the previous consumer's release store of headPosition */
    const int64_t head_position = ringway_get_int64_acquire(&channel->trailer->head_position);
    if (head_position < 0 || (head_position & (RINGWAY_RECORD_ALIGNMENT - 1)) != 0)
    {
        ringway_lease_release_(&channel->header->consumer_lease, token);
        return ringway_set_error_(&consumer->error, RINGWAY_E_CORRUPT_RECORD, channel->path, "headPosition",
            "invalid consumer position\x1f%lld\x1f" "a non-negative multiple of %d",
            (long long)head_position, RINGWAY_RECORD_ALIGNMENT);
    }
    channel->consumer_lease_token = token;
    channel->holds_consumer_lease = true;
    /* LAYOUT 9.4: the lease makes this the only data waiter; drop a flag left by a predecessor killed while parked */
    ringway_put_int32_release(&channel->header->data_waiters, 0);
    consumer->head_position = head_position;
    consumer->messages_consumed = ringway_get_int64_acquire(&channel->header->messages_consumed);
    ringway_put_int64_release(&channel->header->consumer_pid, (int64_t)getpid());
    ringway_heartbeat_init_(&consumer->heartbeat, channel, &channel->header->consumer_heartbeat_ms);
    ringway_heartbeat_beat_(&consumer->heartbeat);
    consumer->is_attached = true;
    return RINGWAY_OK;
}

/** Releases the consumer lease; unread messages stay for the next consumer. Closing twice does nothing. */
static inline int ringway_consumer_close(ringway_consumer_t *consumer)
{
    if (consumer == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    if (!consumer->is_attached)
    {
        return RINGWAY_OK;
    }
    consumer->is_attached = false;
    ringway_channel_t *channel = consumer->channel;
    if (channel->is_open && channel->holds_consumer_lease)
    {
        ringway_lease_release_(&channel->header->consumer_lease, channel->consumer_lease_token);
        channel->holds_consumer_lease = false;
    }
    return RINGWAY_OK;
}

static inline const char *ringway_consumer_last_error(const ringway_consumer_t *consumer)
{
    return consumer == NULL ? "no consumer handle" : consumer->error.message;
}

static inline const char *ringway_consumer_last_error_field(const ringway_consumer_t *consumer)
{
    return consumer == NULL ? "" : consumer->error.field;
}

/** @return the position up to which this consumer has read. */
static inline int64_t ringway_consumer_position(const ringway_consumer_t *consumer)
{
    return consumer->head_position;
}

/**
 * Stores the consumer heartbeat now if the clock moved (LAYOUT 8.1). Polls beat on their own; a consumer busy
 * elsewhere calls this at least once per heartbeat timeout.
 */
static inline void ringway_consumer_heartbeat(ringway_consumer_t *consumer)
{
    ringway_heartbeat_beat_(&consumer->heartbeat);
}

/** @return true when the producer side is alive (LAYOUT 8.1, see ringway_channel_producer_liveness). */
static inline bool ringway_consumer_is_producer_alive(ringway_consumer_t *consumer)
{
    return ringway_channel_producer_liveness(consumer->channel) == RINGWAY_LIVENESS_ALIVE;
}

/**
 * LAYOUT 7.1, MPSC: on an empty poll, pads a record that has stopped the consumer at the same head for the unblock
 * timeout, and counts it.
 *
 * @return RINGWAY_OK or RINGWAY_E_CORRUPT_RECORD with detail.
 */
static inline int ringway_consumer_unblock_if_stuck_(ringway_consumer_t *consumer)
{
    /* SYNC POINT: pairs with the producers' CAS of tailPosition when they claim */
    const int64_t tail_position = ringway_get_int64_acquire(&consumer->trailer->tail_position);
    if (tail_position == consumer->head_position)
    {
        consumer->blocked_position = -1;
        consumer->blocking_producer_pid = 0;
        return RINGWAY_OK;
    }
    const int64_t now_ms = ringway_heartbeat_clock_ms_(&consumer->heartbeat);
    if (consumer->blocked_position != consumer->head_position)
    {
        consumer->blocking_producer_pid = 0;
        consumer->blocked_position = consumer->head_position;
        consumer->blocked_since_ms = now_ms;
        return RINGWAY_OK;
    }
    if (now_ms - consumer->blocked_since_ms < consumer->unblock_timeout_ms)
    {
        return RINGWAY_OK;
    }
    /* step 2: who may own the claim at the head; every slot's token, then its floor */
    const int64_t head_position = consumer->head_position;
    int64_t candidate_tokens[RINGWAY_PRODUCER_SLOT_COUNT];
    int32_t candidate_count = 0;
    for (int32_t slot_index = 0; slot_index < RINGWAY_PRODUCER_SLOT_COUNT; slot_index++)
    {
        ringway_producer_slot_t *slot = &consumer->header->producer_slots[slot_index];
        /* SYNC POINT: pairs with the producers' CAS of the token at attach and their release stores of the floor
           around each claim (sequenced before their CAS of tailPosition, which this consumer acquired above) */
        const int64_t token = ringway_get_int64_acquire(&slot->token);
        const int64_t claim_floor_position = ringway_get_int64_acquire(&slot->claim_floor_position);
        candidate_tokens[slot_index] = token != 0 && claim_floor_position <= head_position ? token : 0;
        candidate_count += candidate_tokens[slot_index] != 0;
    }
    /* step 3: a claimant clears its floor only after its commit, so a cleared floor seen above means this sees it */
    const int32_t head_index = (int32_t)(head_position & (consumer->capacity - 1));
    if (ringway_get_int32_acquire(&ringway_record_at_(consumer->ring_data, head_index)->length) > 0)
    {
        return RINGWAY_OK;
    }
    /* step 4: a live (running, stopped or paused) candidate may own the claim: never unblock it */
    for (int32_t slot_index = 0; slot_index < RINGWAY_PRODUCER_SLOT_COUNT; slot_index++)
    {
        if (candidate_tokens[slot_index] != 0 && ringway_token_is_alive(candidate_tokens[slot_index]))
        {
            consumer->blocking_producer_pid = ringway_token_pid(candidate_tokens[slot_index]);
            consumer->blocked_since_ms = now_ms;
            return RINGWAY_OK;
        }
    }
    consumer->blocking_producer_pid = 0;
    /* step 5 (candidates, all dead) or step 6 (no candidate: a producer without slots, the layout 1.1 rule) */
    const int unblocked = ringway_mpsc_unblock_(consumer, tail_position);
    if (unblocked < 0)
    {
        return unblocked;
    }
    if (unblocked > 0)
    {
        ringway_get_and_add_int64(&consumer->header->unblocked_record_count, 1);
        consumer->blocked_position = -1;
        for (int32_t slot_index = 0; candidate_count > 0 && slot_index < RINGWAY_PRODUCER_SLOT_COUNT; slot_index++)
        {
            if (candidate_tokens[slot_index] != 0)
            {
                /* the dead owner's slot is free again; the next owner stores its own floor */
                ringway_compare_and_set_int64(
                    &consumer->header->producer_slots[slot_index].token, candidate_tokens[slot_index], 0);
            }
        }
    }
    return RINGWAY_OK;
}

/**
 * LAYOUT 7.1: the pid of a live producer that may own the uncommitted claim the consumer is stopped at (running,
 * stopped or paused between claim and commit), which the consumer therefore does not unblock; 0 when none.
 */
static inline int64_t ringway_consumer_blocking_producer_pid(const ringway_consumer_t *consumer)
{
    return consumer->blocked_position == consumer->head_position ? consumer->blocking_producer_pid : 0;
}

/**
 * LAYOUT 7 steps 1 to 3: one pass from the head to the first uncommitted record or the end of the data area.
 * Sets *is_corrupt (with detail) when it stopped before an impossible record.
 */
static inline int ringway_consumer_read_block_(
    ringway_consumer_t *consumer, ringway_message_handler_t handler, void *clientd, int limit, bool *is_corrupt)
{
    uint8_t *ring_data = consumer->ring_data;
    const int32_t capacity = consumer->capacity;
    const int64_t head_position = consumer->head_position;
    const int32_t head_index = (int32_t)(head_position & (capacity - 1));
    const int32_t block_end_length = capacity - head_index;
    int32_t bytes_read = 0;
    int delivered = 0;

    while (bytes_read < block_end_length && delivered < limit)
    {
        const int32_t record_index = head_index + bytes_read;
        ringway_record_header_t *record = ringway_record_at_(ring_data, record_index);
        /* SYNC POINT: pairs with the producer's release store of a positive length (commit or padding) */
        const int32_t record_length = ringway_get_int32_acquire(&record->length);
        if (record_length <= 0)
        {
            break;
        }
        const int32_t type_id = ringway_get_int32_plain(&record->type_id);
        const int64_t record_position = ringway_position_add_(head_position, bytes_read);
        const int32_t to_end_length = block_end_length - bytes_read;
        if (record_length < RINGWAY_RECORD_HEADER_LENGTH || record_length > to_end_length)
        {
            *is_corrupt = true;
            ringway_set_error_(&consumer->error, RINGWAY_E_CORRUPT_RECORD, consumer->channel->path, "length",
                "corrupt record at position=%lld\x1f%d\x1f%d..%d (header length to end of data area)",
                (long long)record_position, (int)record_length, RINGWAY_RECORD_HEADER_LENGTH, (int)to_end_length);
            break;
        }
        if (type_id != RINGWAY_PADDING_TYPE_ID)
        {
            if (type_id < 1)
            {
                *is_corrupt = true;
                ringway_set_error_(&consumer->error, RINGWAY_E_CORRUPT_RECORD, consumer->channel->path, "typeId",
                    "corrupt record at position=%lld\x1f%d\x1f>=1 or -1 (padding)",
                    (long long)record_position, (int)type_id);
                break;
            }
            if (record_length - RINGWAY_RECORD_HEADER_LENGTH > consumer->max_message_length)
            {
                *is_corrupt = true;
                ringway_set_error_(&consumer->error, RINGWAY_E_CORRUPT_RECORD, consumer->channel->path, "length",
                    "corrupt record at position=%lld\x1f%d\x1f<=%d (maxMessageLength + header)",
                    (long long)record_position, (int)record_length,
                    (int)(consumer->max_message_length + RINGWAY_RECORD_HEADER_LENGTH));
                break;
            }
        }
        bytes_read += ringway_aligned_length(record_length);
        if (type_id == RINGWAY_PADDING_TYPE_ID)
        {
            continue;
        }
        ++delivered;
        handler(clientd, type_id, ring_data + record_index + RINGWAY_RECORD_HEADER_LENGTH,
            record_length - RINGWAY_RECORD_HEADER_LENGTH);
        if (consumer->is_poll_stopped)
        {
            break; /* ringway_consumer_stop_poll: this message counts as consumed, the rest wait for the next poll */
        }
    }

    if (bytes_read > 0)
    {
        if (consumer->ring_kind == RINGWAY_RING_KIND_MPSC)
        {
            /* LAYOUT 7 step 3: say where the zeroing leads first, for the next consumer if this one dies (7.2) */
            ringway_put_int64_release(&consumer->header->pending_head_position,
                ringway_position_add_(head_position, bytes_read));
            /* MPSC producers rely on consumed space reading as zero: must precede the release of headPosition */
            memset(ring_data + head_index, 0, (size_t)bytes_read);
        }
        consumer->head_position = ringway_position_add_(head_position, bytes_read);
        /* SYNC POINT: pairs with the producers' acquire load of headPosition when they claim space */
        ringway_put_int64_release(&consumer->trailer->head_position, consumer->head_position);
    }
    return delivered;
}

/**
 * Delivers up to limit committed messages, in order, to the handler (LAYOUT 7), across the end of the data area. A
 * poll that delivers nothing beats the consumer heartbeat and, on MPSC, applies the unblock rule of LAYOUT 7.1 to a
 * claim that has stopped the consumer for the channel's unblock timeout.
 *
 * @return the number delivered, min(limit, committed messages available); RINGWAY_E_CORRUPT_RECORD (with detail)
 *         when the next record is impossible, or a dead claim at the head has an impossible length: the consumer
 *         stops before it and never advances past it (messages before it are delivered first, and the next poll
 *         reports it); RINGWAY_E_CLOSED, RINGWAY_E_INVALID_ARGUMENT.
 */
static inline int ringway_consumer_poll(
    ringway_consumer_t *consumer, ringway_message_handler_t handler, void *clientd, int limit)
{
    if (consumer == NULL || handler == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    if (!consumer->is_attached || consumer->channel == NULL || !consumer->channel->is_open)
    {
        return ringway_set_error_(&consumer->error, RINGWAY_E_CLOSED,
            consumer->channel == NULL ? "(none)" : consumer->channel->path, "file",
            "consumer closed\x1f" "closed\x1f" "attached");
    }
    if (limit <= 0)
    {
        return 0;
    }
    bool is_corrupt = false;
    const int64_t start_position = consumer->head_position;
    consumer->is_poll_stopped = false;
    int delivered = ringway_consumer_read_block_(consumer, handler, clientd, limit, &is_corrupt);
    if (!is_corrupt && !consumer->is_poll_stopped && delivered < limit && consumer->head_position != start_position &&
        (consumer->head_position & (consumer->capacity - 1)) == 0)
    {
        /* the first pass stopped at the end of the data area: continue from index 0 (LAYOUT 7, step 4) */
        delivered += ringway_consumer_read_block_(consumer, handler, clientd, limit - delivered, &is_corrupt);
    }
    if (consumer->head_position != start_position)
    {
        /* LAYOUT 9.2: space was freed (release of headPosition); wake producers parked for space */
        ringway_signal_if_waiting_(consumer->header, &consumer->header->space_sequence,
            &consumer->header->space_waiters);
    }
    if (delivered > 0)
    {
        consumer->messages_consumed += delivered;
        /* LAYOUT 7, step 5 */
        ringway_put_int64_release(&consumer->header->messages_consumed, consumer->messages_consumed);
        ringway_heartbeat_on_busy_(&consumer->heartbeat);
        return delivered;
    }
    if (is_corrupt)
    {
        return RINGWAY_E_CORRUPT_RECORD;
    }
    ringway_heartbeat_beat_(&consumer->heartbeat); /* idle: a clock read is free (LAYOUT 8.1) */
    if (consumer->ring_kind == RINGWAY_RING_KIND_MPSC)
    {
        return ringway_consumer_unblock_if_stuck_(consumer);
    }
    return 0;
}

/**
 * Called from inside a handler: the poll that called it delivers nothing after the current message, which counts as
 * consumed; the messages after it stay in the channel for the next poll. The poll still stores messagesConsumed and
 * wakes producers parked for the space it freed (LAYOUT 7 step 5, 9.2). This is how a handler gives up on a poll,
 * as a Java handler that throws and a Go handler that panics do.
 */
static inline void ringway_consumer_stop_poll(ringway_consumer_t *consumer)
{
    consumer->is_poll_stopped = true;
}

/** Sets how ringway_consumer_poll_wait waits; ringway_wait_backoff_default() after attach. */
static inline void ringway_consumer_set_wait_strategy(ringway_consumer_t *consumer, ringway_wait_strategy_t strategy)
{
    consumer->wait_strategy = strategy;
}

/**
 * Delivers up to limit messages like ringway_consumer_poll, waiting up to timeout_ns for at least one as the
 * consumer's wait strategy says: spinning, yielding, or parked on the channel's futex (LAYOUT 9.1) until a producer
 * in any process and language commits.
 *
 * @return the number delivered (> 0); 0 when the timeout elapsed with nothing to deliver (timeout_ns <= 0 polls once);
 *         a negative result as ringway_consumer_poll; RINGWAY_E_IO when the futex call fails (detail says errno).
 */
static inline int ringway_consumer_poll_wait(
    ringway_consumer_t *consumer, ringway_message_handler_t handler, void *clientd, int limit, int64_t timeout_ns)
{
    int delivered = ringway_consumer_poll(consumer, handler, clientd, limit);
    if (delivered != 0 || timeout_ns <= 0 || limit <= 0)
    {
        return delivered;
    }
    ringway_header_page_t *header = consumer->header;
    const int64_t deadline_ns = ringway_deadline_ns_(timeout_ns);
    for (int32_t idle_count = 0; ; idle_count = idle_count == INT32_MAX ? idle_count : idle_count + 1)
    {
        if (ringway_wait_idle_(&consumer->wait_strategy, idle_count))
        {
            /* LAYOUT 9.1: flag, full fence, re-check, then park on the sequence read before the fence */
            const int32_t sequence = ringway_prepare_to_wait_(&header->data_sequence, &header->data_waiters);
            delivered = ringway_consumer_poll(consumer, handler, clientd, limit);
            const int64_t remaining_ns = deadline_ns - ringway_monotonic_ns_();
            if (delivered == 0 && remaining_ns > 0 &&
                ringway_futex_wait(&header->data_sequence, sequence, remaining_ns) == RINGWAY_FUTEX_FAILED)
            {
                const int error_number = errno;
                ringway_put_int32_release(&header->data_waiters, 0);
                return ringway_set_error_(&consumer->error, RINGWAY_E_IO, consumer->channel->path, "dataSequence",
                    "futex wait failed%s" "0, EAGAIN, ETIMEDOUT or EINTR", strerror(error_number));
            }
            /* single waiter (the lease holder): the flag is ours to clear */
            ringway_put_int32_release(&header->data_waiters, 0);
        }
        if (delivered == 0)
        {
            delivered = ringway_consumer_poll(consumer, handler, clientd, limit);
        }
        if (delivered != 0 || deadline_ns - ringway_monotonic_ns_() <= 0)
        {
            return delivered;
        }
    }
}

/* ------------------------------------------------------------------------------------------------------------------
 * Journals (LAYOUT 14): reading the segment files a Java JournalWriter appends to. A reader maps each segment with
 * PROT_READ and writes nothing but the follower wait slot's dataWaiters flag, through a second, read-write mapping of
 * the header page made only when ringway_journal_poll_wait parks (LAYOUT 14.9).
 *
 *     ringway_journal_reader_t reader;
 *     if (ringway_journal_open(&reader, "/var/lib/app/orders-journal") < 0)
 *         fprintf(stderr, "%s\n", ringway_journal_last_error(&reader));
 *     ringway_journal_seek_time(&reader, since_ns);                       // optional: or seek_index, seek_end
 *     int delivered = ringway_journal_poll(&reader, on_record, clientd, 256);   // 0 at the tail: call again to follow
 *     delivered = ringway_journal_poll_wait(&reader, on_record, clientd, 256, timeout_ns);  // or park at the tail
 *     ringway_journal_close(&reader);
 *
 * The reader is a plain struct owned by the caller; like the rest of this header it allocates no memory (a seek lists
 * the directory with readdir instead of keeping a list of segments). One thread at a time uses a reader.
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
 * The journal reader's API (LAYOUT 14), defined below.
 * ---------------------------------------------------------------------------------------------------------------- */

static inline int ringway_journal_open(ringway_journal_reader_t *reader, const char *directory);
static inline int ringway_journal_open_with_options(ringway_journal_reader_t *reader, const char *directory,
    const ringway_journal_open_options_t *options);
static inline int ringway_journal_check_not_truncated(ringway_journal_reader_t *reader);
static inline int ringway_journal_close(ringway_journal_reader_t *reader);
static inline int ringway_journal_poll(ringway_journal_reader_t *reader, ringway_journal_handler_t handler,
    void *clientd, int limit);
static inline int ringway_journal_poll_wait(ringway_journal_reader_t *reader, ringway_journal_handler_t handler,
    void *clientd, int limit, int64_t timeout_ns);
static inline void ringway_journal_set_wait_strategy(ringway_journal_reader_t *reader,
    ringway_wait_strategy_t strategy);
static inline int ringway_journal_seek_start(ringway_journal_reader_t *reader);
static inline int ringway_journal_seek_index(ringway_journal_reader_t *reader, int64_t index);
static inline int ringway_journal_seek_time(ringway_journal_reader_t *reader, int64_t timestamp_ns);
static inline int ringway_journal_seek_end(ringway_journal_reader_t *reader);
static inline int64_t ringway_journal_next_index(const ringway_journal_reader_t *reader);
static inline int64_t ringway_journal_id(const ringway_journal_reader_t *reader);
static inline const char *ringway_journal_segment_path(const ringway_journal_reader_t *reader);
static inline const char *ringway_journal_last_error(const ringway_journal_reader_t *reader);
static inline const char *ringway_journal_last_error_field(const ringway_journal_reader_t *reader);
static inline int64_t ringway_journal_park_count(const ringway_journal_reader_t *reader);
static inline int64_t ringway_journal_park_timeout_count(const ringway_journal_reader_t *reader);
static inline void ringway_journal_set_idle_polls_per_length_check(ringway_journal_reader_t *reader, int32_t polls);
static inline bool ringway_journal_parse_segment_name(const char *name, int64_t *first_index);
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

/** Writes "<directory>/<20 digits>.rwj" into path. */
static inline int ringway_journal_segment_path_(
    ringway_error_t *error, const char *directory, int64_t first_index, char *path)
{
    const int length = snprintf(path, RINGWAY_PATH_MAX_LENGTH, "%s/%020lld" RINGWAY_JOURNAL_SEGMENT_SUFFIX, directory,
        (long long)first_index);
    if (length < 0 || length >= RINGWAY_PATH_MAX_LENGTH)
    {
        return ringway_set_error_(error, RINGWAY_E_INVALID_ARGUMENT, directory, "directory",
            "journal directory path too long\x1f%d bytes\x1f<%d bytes", length, RINGWAY_PATH_MAX_LENGTH - 26);
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
        return ringway_set_error_(error, RINGWAY_E_INVALID_FILE, segment->path, "committedEnd",
            "bad journal segment header\x1f%lld\x1f" "a multiple of 8 in [%lld, %lld]",
            (long long)end, (long long)previous, (long long)segment->segment_length);
    }
    *committed_end = end;
    return RINGWAY_OK;
}

/**
 * Opens, maps (PROT_READ) and validates the segment named after first_index (LAYOUT 14.8, in the order of its table).
 * On failure the segment is left closed and the error names the file, the field, the value found and the one expected.
 */
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
            return ringway_set_error_(error, RINGWAY_E_FILE_NOT_FOUND, path, "file",
                "journal segment missing\x1f" "absent\x1f" "present");
        }
        if (open_errno == ELOOP)
        {
            /* LAYOUT 14.1: a segment is never reached through a symlink */
            return ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "fileType",
                "not a regular journal segment file\x1fsymlink\x1f" "regular file");
        }
        return ringway_set_error_(error, RINGWAY_E_IO, path, "file",
            "cannot open journal segment\x1fopen: %s\x1f" "a readable regular file", strerror(open_errno));
    }
    struct stat file_status;
    if (fstat(fd, &file_status) != 0)
    {
        result = ringway_set_error_(error, RINGWAY_E_IO, path, "fileLength",
            "cannot stat journal segment\x1f" "fstat: %s\x1f" "a length", strerror(errno));
        close(fd);
        return result;
    }
    if (!S_ISREG(file_status.st_mode))
    {
        close(fd);
        return ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "fileType",
            "not a regular journal segment file\x1f%s\x1f" "regular file",
            S_ISDIR(file_status.st_mode) ? "directory" : "special file");
    }
    if (file_status.st_uid != geteuid() && !allow_other_owner)
    {
        close(fd);
        return ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "owner",
            "journal segment belongs to another user\x1fuid %u\x1fuid %u (or allow other owners)",
            (unsigned)file_status.st_uid, (unsigned)geteuid());
    }
    const int64_t file_length = (int64_t)file_status.st_size;
    if (file_length < RINGWAY_JOURNAL_HEADER_LENGTH + RINGWAY_JOURNAL_PAGE_LENGTH)
    {
        close(fd);
        return ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "fileLength",
            "journal segment too short\x1f%lld\x1f>=%d", (long long)file_length,
            RINGWAY_JOURNAL_HEADER_LENGTH + RINGWAY_JOURNAL_PAGE_LENGTH);
    }
    if (file_length > RINGWAY_JOURNAL_MAX_SEGMENT_LENGTH || file_length % RINGWAY_JOURNAL_PAGE_LENGTH != 0)
    {
        close(fd);
        return ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "fileLength",
            "bad journal segment length\x1f%lld\x1f" "a multiple of %d <= %lld", (long long)file_length,
            RINGWAY_JOURNAL_PAGE_LENGTH, (long long)RINGWAY_JOURNAL_MAX_SEGMENT_LENGTH);
    }
    void *mapped = mmap(NULL, (size_t)file_length, PROT_READ, MAP_SHARED, fd, 0);
    if (mapped == MAP_FAILED)
    {
        result = ringway_set_error_(error, RINGWAY_E_IO, path, "fileLength",
            "cannot map journal segment\x1fmmap: %s\x1f%lld bytes mapped", strerror(errno), (long long)file_length);
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
        result = ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "magic",
            "not a Ringway journal segment\x1f" "0x%llX\x1f" "0x%llX",
            (unsigned long long)magic, (unsigned long long)RINGWAY_JOURNAL_MAGIC);
        ringway_journal_segment_close_(segment);
        return result;
    }
    /* SYNC POINT: pairs with the creator's release store of journalVersion, its last before the rename (14.5) */
    const int32_t version = ringway_get_int32_acquire(&header->journal_version);
    const int32_t major_version = (int32_t)((uint32_t)version >> 16);
    if (major_version != RINGWAY_JOURNAL_MAJOR_VERSION)
    {
        result = ringway_set_error_(error, RINGWAY_E_UNSUPPORTED_VERSION, path, "journalVersion.major",
            "unsupported journal version\x1f%d\x1f%d", (int)major_version, RINGWAY_JOURNAL_MAJOR_VERSION);
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
        result = ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "headerLength",
            "bad journal segment header\x1f%d\x1f%d", (int)header_length, RINGWAY_JOURNAL_HEADER_LENGTH);
    }
    else if (segment_length != file_length)
    {
        result = ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "segmentLength",
            "bad journal segment header\x1f%lld\x1f%lld (the file's length)",
            (long long)segment_length, (long long)file_length);
    }
    else if (segment->first_index != first_index)
    {
        result = ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "firstIndex",
            "bad journal segment header\x1f%lld\x1f%lld", (long long)segment->first_index, (long long)first_index);
    }
    else if (spacing < 1 || spacing > RINGWAY_JOURNAL_MAX_INDEX_SPACING || (spacing & (spacing - 1)) != 0)
    {
        result = ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "indexSpacing",
            "bad journal segment header\x1f%d\x1f" "a power of two in [1, %d]", (int)spacing,
            RINGWAY_JOURNAL_MAX_INDEX_SPACING);
    }
    else if (segment->index_entry_count < 1)
    {
        result = ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "indexEntryCount",
            "bad journal segment header\x1f%d\x1f>=1", (int)segment->index_entry_count);
    }
    else if (segment->data_offset != ringway_journal_data_offset(segment->index_entry_count))
    {
        result = ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "dataOffset",
            "bad journal segment header\x1f%lld\x1f%lld", (long long)segment->data_offset,
            (long long)ringway_journal_data_offset(segment->index_entry_count));
    }
    else if (segment->data_offset >= file_length)
    {
        result = ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "dataOffset",
            "bad journal segment header\x1f%lld\x1f<%lld (segmentLength)", (long long)segment->data_offset,
            (long long)file_length);
    }
    else if (segment->max_message_length < 0 ||
        segment->max_message_length > file_length - segment->data_offset - RINGWAY_JOURNAL_RECORD_HEADER_LENGTH)
    {
        /* dataOffset is checked above: in [0, file_length), so the bound cannot overflow */
        const int64_t max_body_length = file_length - segment->data_offset - RINGWAY_JOURNAL_RECORD_HEADER_LENGTH;
        result = ringway_set_error_(error, RINGWAY_E_INVALID_FILE, path, "maxMessageLength",
            "bad journal segment header\x1f%d\x1f" "0..%lld", (int)segment->max_message_length,
            (long long)max_body_length);
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
        return ringway_set_error_(error, RINGWAY_E_CORRUPT_RECORD, path, "committedEnd",
            "corrupt journal record at offset=%lld\x1f%lld\x1f>=%lld (a whole record header)",
            (long long)record_offset, (long long)reader->committed_end,
            (long long)(record_offset + RINGWAY_JOURNAL_RECORD_HEADER_LENGTH));
    }
    ringway_journal_record_header_t *record = ringway_journal_record_at_(segment, record_offset);
    const int32_t length = ringway_get_int32_plain(&record->length);
    if (length < RINGWAY_JOURNAL_RECORD_HEADER_LENGTH || length > room)
    {
        return ringway_set_error_(error, RINGWAY_E_CORRUPT_RECORD, path, "length",
            "corrupt journal record at offset=%lld\x1f%d\x1f%d..%lld (header length to committedEnd)",
            (long long)record_offset, (int)length, RINGWAY_JOURNAL_RECORD_HEADER_LENGTH, (long long)room);
    }
    if (length - RINGWAY_JOURNAL_RECORD_HEADER_LENGTH > segment->max_message_length)
    {
        return ringway_set_error_(error, RINGWAY_E_CORRUPT_RECORD, path, "length",
            "corrupt journal record at offset=%lld\x1f%d\x1f<=%lld (maxMessageLength + header)",
            (long long)record_offset, (int)length,
            (long long)segment->max_message_length + RINGWAY_JOURNAL_RECORD_HEADER_LENGTH);
    }
    const int32_t type_id = ringway_get_int32_plain(&record->type_id);
    if (type_id < 1)
    {
        return ringway_set_error_(error, RINGWAY_E_CORRUPT_RECORD, path, "typeId",
            "corrupt journal record at offset=%lld\x1f%d\x1f>=1", (long long)record_offset, (int)type_id);
    }
    const int64_t index = ringway_get_int64_plain(&record->index);
    if (index != reader->next_index)
    {
        return ringway_set_error_(error, RINGWAY_E_CORRUPT_RECORD, path, "index",
            "corrupt journal record at offset=%lld\x1f%lld\x1f%lld", (long long)record_offset, (long long)index,
            (long long)reader->next_index);
    }
    const int64_t timestamp_ns = ringway_get_int64_plain(&record->timestamp_ns);
    if (timestamp_ns < reader->last_timestamp_ns)
    {
        return ringway_set_error_(error, RINGWAY_E_CORRUPT_RECORD, path, "timestampNs",
            "corrupt journal record at offset=%lld\x1f%lld\x1f>=%lld (the previous record's)",
            (long long)record_offset, (long long)timestamp_ns, (long long)reader->last_timestamp_ns);
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
static inline int ringway_journal_find_segment_(
    ringway_journal_reader_t *reader, bool largest, int64_t bound, int64_t *found)
{
    DIR *dir = opendir(reader->directory);
    if (dir == NULL)
    {
        const int dir_errno = errno;
        return ringway_set_error_(&reader->error, dir_errno == ENOENT ? RINGWAY_E_FILE_NOT_FOUND : RINGWAY_E_IO,
            reader->directory, "directory", "not a journal directory\x1f%s\x1f" "a directory",
            dir_errno == ENOENT ? "absent" : strerror(dir_errno));
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

static inline int ringway_journal_no_segments_(ringway_journal_reader_t *reader)
{
    return ringway_set_error_(&reader->error, RINGWAY_E_FILE_NOT_FOUND, reader->directory, "segments",
        "no journal segments\x1f" "0\x1f>=1 file named <20 digits>" RINGWAY_JOURNAL_SEGMENT_SUFFIX);
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
        ringway_set_error_(&reader->error, RINGWAY_E_INVALID_FILE, next.path, "journalId",
            "segment of another journal\x1f" "0x%llX\x1f" "0x%llX",
            (unsigned long long)next.journal_id, (unsigned long long)reader->journal_id);
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
            return ringway_set_error_(error, RINGWAY_E_FILE_NOT_FOUND, directory, "directory",
                "not a journal directory\x1f" "absent\x1f" "a directory");
        }
        return ringway_set_error_(error, RINGWAY_E_IO, directory, "directory",
            "not a journal directory\x1f%s\x1f" "a directory", strerror(stat_errno));
    }
    if (S_ISLNK(status.st_mode))
    {
        return ringway_set_error_(error, RINGWAY_E_INVALID_FILE, directory, "directory",
            "journal directory is a symlink\x1fsymlink\x1f" "a directory (or ask to follow symlinks)");
    }
    if (!S_ISDIR(status.st_mode))
    {
        return ringway_set_error_(error, RINGWAY_E_INVALID_FILE, directory, "directory",
            "not a journal directory\x1fnot a directory\x1f" "a directory");
    }
    if (status.st_uid != geteuid() && !allow_other_owner)
    {
        return ringway_set_error_(error, RINGWAY_E_INVALID_FILE, directory, "owner",
            "journal directory belongs to another user\x1fuid %u\x1fuid %u (or allow other owners)",
            (unsigned)status.st_uid, (unsigned)geteuid());
    }
    if ((status.st_mode & 022) != 0 && !allow_other_owner)
    {
        return ringway_set_error_(error, RINGWAY_E_INVALID_FILE, directory, "directory",
            "journal directory is writable by other users (they could plant or swap segments)\x1fmode 0%o\x1f"
            "no group or other write bit (or allow other owners)", (unsigned)(status.st_mode & 07777));
    }
    return RINGWAY_OK;
}

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
        return ringway_set_error_(&reader->error, RINGWAY_E_INVALID_ARGUMENT, directory == NULL ? "(none)" : directory,
            "directory", "no journal directory, or its path is too long\x1f%zu bytes\x1f" "1..%d bytes",
            directory == NULL ? (size_t)0 : strlen(directory),
            RINGWAY_PATH_MAX_LENGTH - 2 - RINGWAY_JOURNAL_SEGMENT_NAME_DIGITS - 4);
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
    return ringway_set_error_(&reader->error, RINGWAY_E_CLOSED, reader->directory, "directory",
        "journal reader closed\x1f" "closed\x1f" "open");
}

/** At the committedEnd of a sealed segment: continue with the one named after its nextIndex (LAYOUT 14.5). */
static inline int ringway_journal_next_segment_(ringway_journal_reader_t *reader)
{
    /* plain: stored before the release of segmentState, which the caller has acquired */
    const int64_t sealed_next_index = ringway_get_int64_plain(&reader->segment.header->next_index);
    if (sealed_next_index != reader->next_index)
    {
        return ringway_set_error_(&reader->error, RINGWAY_E_INVALID_FILE, reader->segment.path, "nextIndex",
            "sealed segment's record count disagrees\x1f%lld\x1f%lld",
            (long long)sealed_next_index, (long long)reader->next_index);
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
static inline int ringway_journal_check_length_(ringway_journal_reader_t *reader)
{
    struct stat file_status;
    if (fstat(reader->segment.fd, &file_status) != 0)
    {
        return ringway_set_error_(&reader->error, RINGWAY_E_IO, reader->segment.path, "fileLength",
            "cannot stat journal segment\x1f" "fstat: %s\x1f" "a length", strerror(errno));
    }
    if ((int64_t)file_status.st_size != reader->segment.segment_length)
    {
        return ringway_set_error_(&reader->error, RINGWAY_E_INVALID_FILE, reader->segment.path, "fileLength",
            "journal segment changed length while mapped\x1f%lld\x1f%lld",
            (long long)file_status.st_size, (long long)reader->segment.segment_length);
    }
    return RINGWAY_OK;
}

/**
 * LAYOUT 14.8: before a record that failed its check is reported, the segment's length is read again (fstat); when it
 * is below committedEnd the error is the truncation. @return the result to report.
 */
static inline int ringway_journal_truncated_or_(ringway_journal_reader_t *reader, int corruption)
{
    struct stat file_status;
    if (fstat(reader->segment.fd, &file_status) == 0 && (int64_t)file_status.st_size < reader->committed_end)
    {
        return ringway_set_error_(&reader->error, RINGWAY_E_INVALID_FILE, reader->segment.path, "fileLength",
            "journal segment truncated while mapped\x1f%lld\x1f>=%lld (committedEnd)",
            (long long)file_status.st_size, (long long)reader->committed_end);
    }
    return corruption;
}

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
        return ringway_set_error_(&reader->error, RINGWAY_E_CLOSED, reader->directory, "directory",
            "journal reader closed\x1f" "closed\x1f" "open");
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

/** One park of ringway_journal_poll_wait (LAYOUT 14.9): flag, full fence, re-check, then FUTEX_WAIT. */
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
            return ringway_set_error_(&reader->error, RINGWAY_E_IO, reader->segment.path, "dataSequence",
                "futex wait failed\x1f%s\x1f" "0, EAGAIN, ETIMEDOUT or EINTR", strerror(errno));
        }
        if (waited == RINGWAY_FUTEX_TIMED_OUT && remaining_ns > RINGWAY_MAX_PARK_NS)
        {
            reader->park_timeout_count++;
        }
        /* a follower never clears dataWaiters: another follower may be parked on this segment (LAYOUT 14.9) */
    }
    return delivered;
}

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
        return ringway_set_error_(&reader->error, RINGWAY_E_INVALID_ARGUMENT, reader->directory, "index",
            "index before the journal's first record\x1f%lld\x1f>=%lld", (long long)index, (long long)first_of_journal);
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

#endif /* RINGWAY_H */
