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
 * building blocks), then the implementation in dependency order. The journal reader (LAYOUT 14) is ringway_journal.h,
 * which builds on this header.
 *
 * Threads: a channel handle may be shared by threads; each producer and consumer handle belongs to one thread at a
 * time. Close producers and the consumer before their channel (closing the channel releases the leases they hold, but
 * their handles then refer to unmapped memory).
 */
#ifndef RINGWAY_H
#define RINGWAY_H

/* POSIX declarations (open, mmap, posix_fallocate, fchmod, clock_gettime) are needed also under strict -std=c11. */
#if !defined(_WIN32) && !defined(_POSIX_C_SOURCE) && !defined(_GNU_SOURCE) && !defined(_DEFAULT_SOURCE) && \
    !defined(_XOPEN_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
/* Windows: C99 printf formats (%lld, %zu) from mingw-w64's stdio, whatever the runtime DLL supports. */
#if defined(_WIN32) && !defined(__USE_MINGW_ANSI_STDIO)
#define __USE_MINGW_ANSI_STDIO 1
#endif

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(_WIN32)
/* Windows (LAYOUT 8, 9.7, 10 on Windows): the Win32 API through <windows.h>; advapi32 (security descriptors, the
 * random channelId) is among the libraries mingw-w64 and MSVC link by default. */
#if !defined(WIN32_LEAN_AND_MEAN)
#define WIN32_LEAN_AND_MEAN
#endif
#include <stdio.h>
#include <time.h>
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>
#else
#include <fcntl.h>
#include <stdio.h>
#include <dirent.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#endif

#if !defined(__cplusplus)
#include <stdatomic.h>
#endif

#if !defined(__linux__) && !defined(_WIN32)
#error "ringway.h supports Linux and Windows only (lease tokens need /proc/<pid>/stat or GetProcessTimes)"
#endif
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "ringway.h supports little-endian hosts only (LAYOUT 1)"
#endif

#if defined(__linux__)
#if !defined(__cplusplus)
/* glibc declares syscall(2) only with _DEFAULT_SOURCE or _GNU_SOURCE; a compatible redeclaration is valid C (C++
 * compilers define _GNU_SOURCE, so <unistd.h> has declared it there). */
long syscall(long number, ...);
#endif
#if !defined(SYS_futex)
#error "ringway.h needs SYS_futex from <sys/syscall.h> (Linux)"
#endif
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
#define RINGWAY_LAYOUT_MINOR_VERSION 5
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
    /** consumerLease of a consumer that promised membarrier wakeups (LAYOUT 9.8, layout 1.5), or 0 */
    int64_t consumer_membarrier_lease;
    uint8_t consumer_reserved[RINGWAY_SLOT_LENGTH - 32];

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
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, consumer_membarrier_lease) == 536,
    "consumerMembarrierLease offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, consumer_heartbeat_ms) == 520, "consumerHeartbeatMs offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, consumer_pid) == 528, "consumerPid offset");
RINGWAY_STATIC_ASSERT(offsetof(ringway_header_page_t, consumer_reserved) == 544, "consumer reserved offset");
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
 *  |R|                      length (int32)                         |  +0   negative while being written (0 in SPSC offers and runs)
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
/** Busy operations after a handle's last heartbeat clock read, the last of which reads it again (LAYOUT 8.1). */
#define RINGWAY_OPERATIONS_PER_CLOCK_READ 256
/** Re-checks of a spinning wait per read of the clock for its deadline and the heartbeat (a power of two; LAYOUT 8.1). */
#define RINGWAY_SPINS_PER_CLOCK_READ 64

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
    /** True while the consumer attached through this handle (one at a time holds the lease) reads the ring and runs
     * handlers: a poll of that consumer (a nested poll), a close of it or of this channel from a handler is refused. */
    bool is_consumer_polling;
    int64_t producer_lease_token;
    int64_t consumer_lease_token;
#if defined(_WIN32)
    /** The channel file's HANDLE, and its three named events (LAYOUT 9.7: data, space-0, space-1; NULL when their
     * CreateEventW failed, with its GetLastError in events_error). */
    void *file_handle;
    void *events[3];
    unsigned long events_error;
#else
    int fd;
#endif
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
    /** True once this process is registered for the membarriers of a promising consumer (LAYOUT 9.8). */
    bool membarrier_registered;
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
    /* the heartbeat clock's millisecond of the last unblock check made with nothing claimed at the head */
    int64_t tail_checked_ms;
    /** The pid of a live producer that may own the claim stopping the consumer at blocked_position, or 0 (7.1). */
    int64_t blocking_producer_pid;
    /** True when this consumer promised membarrier wakeups (LAYOUT 9.8) in consumerMembarrierLease. */
    bool membarrier_wakeups;
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

/** One message of ringway_producer_offer_batch: type id (>= 1) and body, as the arguments of ringway_producer_offer. */
typedef struct ringway_message_stct
{
    int32_t type_id;
    int32_t body_length;
    const void *body;
}
ringway_message_t;

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
 * these declarations are the list to read. Return values: see the top of this file. A test (header.api_listed)
 * checks that every public function defined here is declared in a list.
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
static inline int ringway_producer_offer_batch(ringway_producer_t *producer, const ringway_message_t *messages,
    size_t count, size_t *written);
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
/** Option of ringway_consumer_attach_with_options: membarrier wakeups (LAYOUT 9.8). */
#define RINGWAY_CONSUMER_MEMBARRIER_WAKEUPS 1u
static inline int ringway_consumer_attach_with_options(
    ringway_consumer_t *consumer, ringway_channel_t *channel, uint32_t options);
static inline bool ringway_consumer_membarrier_wakeups(const ringway_consumer_t *consumer);
static inline void ringway_consumer_promise_membarrier_(ringway_consumer_t *consumer, int64_t token, bool promise);
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
#if !defined(_WIN32)
/* Linux only: Windows parks on named events (LAYOUT 9.7) */
static inline int ringway_futex_wait(int32_t *address, int32_t expected_value, int64_t timeout_ns);
static inline int ringway_futex_wake(int32_t *address, int32_t count);
#endif

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

/* ThreadSanitizer does not see a fence made of inline assembly: its builds keep the C11 fence. */
#if defined(__SANITIZE_THREAD__)
#define RINGWAY_TSAN_ 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RINGWAY_TSAN_ 1
#endif
#endif

/**
 * A full fence (StoreLoad included): the one of the wake check (LAYOUT 9.1, 9.2). On x86 any locked instruction is a
 * full barrier and costs a fraction of MFENCE, which clang emits for a seq_cst fence (gcc emits a locked OR): so on
 * x86 with gcc, clang or mingw-w64 it is a locked OR of 0 into the word at the stack pointer (private to the thread,
 * already in its cache, its value unchanged), the code Linux (smp_mb) and MSVC (__faststorefence) use. MSVC x86/x64:
 * MemoryBarrier(), the same instruction. Elsewhere (aarch64: DMB ISH) and under ThreadSanitizer: the C11 fence.
 * The test header.fence.locked_instruction checks the code gcc and clang emit for an offer.
 */
static inline void ringway_fence_full(void)
{
#if defined(__GNUC__) && defined(__x86_64__) && !defined(RINGWAY_TSAN_)
    __asm__ __volatile__("lock; orl $0, (%%rsp)" ::: "memory", "cc");
#elif defined(__GNUC__) && defined(__i386__) && !defined(RINGWAY_TSAN_)
    __asm__ __volatile__("lock; orl $0, (%%esp)" ::: "memory", "cc");
#elif defined(_MSC_VER) && !defined(__clang__) && (defined(_M_X64) || defined(_M_IX86))
    MemoryBarrier();
#elif defined(__cplusplus)
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

#if defined(__GNUC__) && defined(__MINGW_PRINTF_FORMAT)
#define RINGWAY_PRINTF_(format_index, first_arg) \
    __attribute__((format(__MINGW_PRINTF_FORMAT, format_index, first_arg)))
#elif defined(__GNUC__)
#define RINGWAY_PRINTF_(format_index, first_arg) __attribute__((format(printf, format_index, first_arg)))
#else
#define RINGWAY_PRINTF_(format_index, first_arg)
#endif

/** Room for one formatted part of an error detail (its reason, found or expected text); longer text is truncated. */
#define RINGWAY_DETAIL_TEXT_LENGTH_ 1024

static inline const char *ringway_text_(char *text, size_t text_length, const char *format, ...) RINGWAY_PRINTF_(3, 4);

/**
 * Formats a value (a number, or printf-style text) into the caller's buffer, truncated to text_length - 1 bytes.
 * @return text, so that the call can be an argument of ringway_set_error_detail_.
 */
static inline const char *ringway_text_(char *text, size_t text_length, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(text, text_length, format, args);
    va_end(args);
    return text;
}

/**
 * Records the detail of an error in the handle: "<reason>: file=<path> field=<field> found=<found> expected=<expected>"
 * (LAYOUT's field names; Java's ChannelFileException and Go's errors have the same text). reason, found and expected
 * are finished text: a value in them is formatted with ringway_text_ first.
 * @return code, for "return ringway_set_error_detail_(...)".
 */
static inline int ringway_set_error_detail_(ringway_error_t *error, int code, const char *path, const char *field,
    const char *reason, const char *found, const char *expected)
{
    error->code = code;
    snprintf(error->field, sizeof(error->field), "%s", field);
    snprintf(error->message, sizeof(error->message), "%s: file=%s field=%s found=%s expected=%s", reason, path, field,
        found, expected);
    return code;
}

static inline void ringway_clear_error_(ringway_error_t *error)
{
    error->code = RINGWAY_OK;
    error->field[0] = '\0';
    error->message[0] = '\0';
}

/* ------------------------------------------------------------------------------------------------------------------
 * Platform layer: clocks, process identity (LAYOUT 8), the channel file (LAYOUT 10) and parking (LAYOUT 9), once for
 * Windows (LAYOUT's Windows text: GetProcessTimes, CreateFileW + MapViewOfFile, named events, 9.7) and once for
 * Linux (/proc, open + mmap, futexes). Everything above and below is shared.
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

#if defined(_WIN32)

/** Writes "ERROR_DISK_FULL (<text>)", or "error <n> (<text>)": a Windows error code and its system text. */
static inline void ringway_describe_windows_error_(char *text, size_t text_length, unsigned long error_code)
{
    char message[256];
    DWORD message_length = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
        (DWORD)error_code, 0, message, (DWORD)sizeof(message), NULL);
    while (message_length > 0 && (message[message_length - 1] == '\r' || message[message_length - 1] == '\n' ||
        message[message_length - 1] == ' ' || message[message_length - 1] == '.'))
    {
        message_length--;
    }
    message[message_length] = '\0';
    if (error_code == ERROR_DISK_FULL || error_code == ERROR_HANDLE_DISK_FULL)
    {
        snprintf(text, text_length, "%s (%s)", error_code == ERROR_DISK_FULL ? "ERROR_DISK_FULL" :
            "ERROR_HANDLE_DISK_FULL", message);
    }
    else
    {
        snprintf(text, text_length, "error %lu (%s)", error_code, message);
    }
}

/** "<call>: error <n> (<text>)" for the last error of a Win32 call, into found. @return found. */
static inline const char *ringway_windows_failure_(char *found, size_t found_length, const char *call)
{
    const unsigned long error_code = GetLastError();
    char description[320];
    ringway_describe_windows_error_(description, sizeof(description), error_code);
    return ringway_text_(found, found_length, "%s: %s", call, description);
}

/**
 * @return the system's interrupt time in 100 ns units since boot (LAYOUT 1 on Windows): the InterruptTime of the
 *         shared user data page (0x7FFE0008), read as Go's runtime reads it (high, low, high again until both highs
 *         agree), since QueryInterruptTime is missing from older systems and from Wine.
 */
static inline uint64_t ringway_interrupt_time_(void)
{
    const volatile uint32_t *interrupt_time = (const volatile uint32_t *)(uintptr_t)0x7FFE0008u;
    for (;;)
    {
        const uint32_t high = interrupt_time[1];
        const uint32_t low = interrupt_time[0];
        if (high == interrupt_time[2])
        {
            return (uint64_t)high << 32 | low;
        }
    }
}

/** @return the interrupt time in milliseconds: the heartbeat clock every language uses on Windows (LAYOUT 1, 8.1). */
static inline int64_t ringway_monotonic_ms_(void)
{
    return (int64_t)(ringway_interrupt_time_() / 10000u);
}

/** @return milliseconds since the Unix epoch: creationTimeMs and the date of a status snapshot only. */
static inline int64_t ringway_epoch_ms_(void)
{
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    const uint64_t since_1601 = (uint64_t)now.dwHighDateTime << 32 | now.dwLowDateTime;
    return (int64_t)((since_1601 - UINT64_C(116444736000000000)) / 10000u);
}

/** @return QueryPerformanceCounter in nanoseconds: deadlines of waits in this process only, never stored. */
static inline int64_t ringway_monotonic_ns_(void)
{
    LARGE_INTEGER counter;
    LARGE_INTEGER frequency;
    QueryPerformanceCounter(&counter);
    QueryPerformanceFrequency(&frequency);
    return counter.QuadPart / frequency.QuadPart * RINGWAY_NANOS_PER_SECOND +
        counter.QuadPart % frequency.QuadPart * RINGWAY_NANOS_PER_SECOND / frequency.QuadPart;
}

static inline int64_t ringway_current_pid_(void)
{
    return (int64_t)GetCurrentProcessId();
}

/** Gives the CPU to any ready thread (sched_yield's counterpart). */
static inline void ringway_yield_(void)
{
    SwitchToThread();
}

/** Unused on Windows (there is no /proc); kept so that the liveness functions have one signature. */
#define RINGWAY_PROC_ROOT ""
/** Where a lease token's start time comes from, for the error of an attach that cannot read its own. */
#define RINGWAY_START_TIME_SOURCE_ "GetProcessTimes of the process"

/** 0: Windows has no pid namespaces; nothing is recorded or checked (LAYOUT 8, 10.3). */
static inline int64_t ringway_current_pid_namespace_(void)
{
    return 0;
}

/** RtlGenRandom (advapi32's SystemFunction036), which <ntsecapi.h> declares only with more of the SDK around it. */
__declspec(dllimport) BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG buffer_length);

/** Fills *id with random bits. @return false when the system's generator failed. */
static inline bool ringway_random_u64_(uint64_t *id)
{
    return SystemFunction036(id, (ULONG)sizeof(*id)) != 0;
}

/**
 * The liveness rule of LAYOUT 8 on Windows for a pid in range (proc_root is ignored), for ringway_process_verdict_at_:
 * OpenProcess failing with ERROR_INVALID_PARAMETER (no process has that id) is DEAD, any other failure UNKNOWN; the
 * start time is the creation time of GetProcessTimes (100 ns units since 1601, one 64-bit number); an exit code other
 * than STILL_ACTIVE is DEAD (an exited process stays openable while anyone holds a handle to it).
 */
static inline ringway_process_verdict_t ringway_pid_verdict_(
    const char *proc_root, int64_t pid, int64_t *start_time, char *detail, size_t detail_size)
{
    (void)proc_root;
    char failure[RINGWAY_DETAIL_TEXT_LENGTH_];
    HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)pid);
    if (process == NULL)
    {
        const bool no_such_process = GetLastError() == ERROR_INVALID_PARAMETER;
        ringway_windows_failure_(failure, sizeof(failure), "OpenProcess");
        if (no_such_process)
        {
            ringway_text_(detail, detail_size, "no such process: pid=%lld", (long long)pid);
            return RINGWAY_PROCESS_DEAD;
        }
        ringway_text_(detail, detail_size, "cannot open process pid=%lld: %s", (long long)pid, failure);
        return RINGWAY_PROCESS_UNKNOWN;
    }
    ringway_process_verdict_t verdict = RINGWAY_PROCESS_ALIVE;
    FILETIME creation;
    FILETIME exit;
    FILETIME kernel;
    FILETIME user;
    DWORD exit_code = 0;
    if (!GetProcessTimes(process, &creation, &exit, &kernel, &user))
    {
        ringway_text_(detail, detail_size, "cannot read the times of pid=%lld: %s", (long long)pid,
            ringway_windows_failure_(failure, sizeof(failure), "GetProcessTimes"));
        verdict = RINGWAY_PROCESS_UNKNOWN;
    }
    else
    {
        *start_time = (int64_t)((uint64_t)creation.dwHighDateTime << 32 | creation.dwLowDateTime);
        if (!GetExitCodeProcess(process, &exit_code))
        {
            ringway_text_(detail, detail_size, "cannot read the exit code of pid=%lld: %s", (long long)pid,
                ringway_windows_failure_(failure, sizeof(failure), "GetExitCodeProcess"));
            verdict = RINGWAY_PROCESS_UNKNOWN;
        }
        else if (exit_code != STILL_ACTIVE)
        {
            ringway_text_(detail, detail_size, "exited with code %lu", (unsigned long)exit_code);
            verdict = RINGWAY_PROCESS_DEAD;
        }
    }
    CloseHandle(process);
    return verdict;
}

/** Path in UTF-16 for the W functions. @return false when path is not valid UTF-8 or too long. */
static inline bool ringway_wide_path_(const char *path, wchar_t *wide_path, int wide_path_length)
{
    return MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path, -1, wide_path, wide_path_length) > 0;
}

/** Writes this process's user SID as text ("S-1-5-21-..."). @return false with the failure in text otherwise. */
static inline bool ringway_user_sid_(char *text, size_t text_length)
{
    HANDLE token = NULL;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
    {
        ringway_windows_failure_(text, text_length, "OpenProcessToken");
        return false;
    }
    union
    {
        TOKEN_USER user;
        unsigned char bytes[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    }
    token_user;
    DWORD length = 0;
    const BOOL read = GetTokenInformation(token, TokenUser, &token_user, (DWORD)sizeof(token_user), &length);
    CloseHandle(token);
    char *sid_text = NULL;
    if (!read || !ConvertSidToStringSidA(token_user.user.User.Sid, &sid_text))
    {
        ringway_windows_failure_(text, text_length, read ? "ConvertSidToStringSidA" : "GetTokenInformation");
        return false;
    }
    snprintf(text, text_length, "%s", sid_text);
    LocalFree(sid_text);
    return true;
}

/**
 * Maps [0, map_length) of the open file shared and read-write: a file mapping object, a view of it, and the mapping
 * handle closed again (the view keeps the section alive). @return RINGWAY_OK, or RINGWAY_E_IO (fileLength).
 */
static inline int ringway_file_map_(ringway_channel_t *channel, size_t map_length)
{
    char found[RINGWAY_DETAIL_TEXT_LENGTH_];
    char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
    HANDLE mapping = CreateFileMappingW(channel->file_handle, NULL, PAGE_READWRITE, 0, 0, NULL);
    void *view = NULL;
    if (mapping == NULL)
    {
        ringway_windows_failure_(found, sizeof(found), "CreateFileMappingW");
    }
    else
    {
        view = MapViewOfFile(mapping, FILE_MAP_READ | FILE_MAP_WRITE, 0, 0, map_length);
        if (view == NULL)
        {
            ringway_windows_failure_(found, sizeof(found), "MapViewOfFile");
        }
        CloseHandle(mapping);
    }
    if (view == NULL)
    {
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_IO, channel->path, "fileLength",
            "cannot map channel file", found,
            ringway_text_(expected, sizeof(expected), "%zu bytes mapped", map_length));
    }
    channel->mapped = (uint8_t *)view;
    channel->mapped_length = map_length;
    return RINGWAY_OK;
}

/**
 * LAYOUT 10.2 on Windows: CreateFileW(CREATE_NEW), sharing read, write and delete, with the security descriptor
 * O:<user>D:P(A;;FA;;;<user>) (owned by the creating user, who alone has access; nothing inherited), the length set
 * with SetEndOfFile, then CreateFileMappingW + MapViewOfFile of the whole file. A mode that grants group or others is
 * refused. On failure the file is removed again and the handle holds the error.
 * @return RINGWAY_OK with the file kept open in the handle and the view in *mapped_out, or an error.
 */
static inline int ringway_file_create_(
    ringway_channel_t *channel, uint32_t requested_mode, bool replace_existing, int32_t capacity, uint8_t **mapped_out)
{
    const int64_t file_length = ringway_file_length(capacity);
    char found[RINGWAY_DETAIL_TEXT_LENGTH_];
    char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
    if ((requested_mode & 077) != 0)
    {
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_INVALID_ARGUMENT, channel->path, "fileMode",
            "permissions for other users are not supported on windows",
            ringway_text_(found, sizeof(found), "%o", (unsigned)requested_mode),
            "0 or 0600 (a DACL that grants the creating user alone)");
    }
    wchar_t wide_path[RINGWAY_PATH_MAX_LENGTH];
    if (!ringway_wide_path_(channel->path, wide_path, RINGWAY_PATH_MAX_LENGTH))
    {
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_INVALID_ARGUMENT, channel->path, "file",
            "invalid channel file path", ringway_windows_failure_(found, sizeof(found), "MultiByteToWideChar"),
            "a path");
    }
    if (replace_existing)
    {
        const DWORD attributes = GetFileAttributesW(wide_path);
        if (attributes != INVALID_FILE_ATTRIBUTES)
        {
            if ((attributes & (FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_DIRECTORY)) != 0)
            {
                return ringway_set_error_detail_(&channel->error, RINGWAY_E_FILE_EXISTS, channel->path, "file",
                    "will not replace what is not a regular file",
                    (attributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0 ? "symlink" : "not a regular file",
                    "a regular file or nothing");
            }
            if (!DeleteFileW(wide_path) && GetLastError() != ERROR_FILE_NOT_FOUND)
            {
                return ringway_set_error_detail_(&channel->error, RINGWAY_E_IO, channel->path, "file",
                    "cannot replace existing channel file", ringway_windows_failure_(found, sizeof(found),
                        "DeleteFileW"), "deleted");
            }
        }
    }
    char sid[256];
    char descriptor_text[600] = "";
    PSECURITY_DESCRIPTOR descriptor = NULL;
    if (!ringway_user_sid_(sid, sizeof(sid)) ||
        !ConvertStringSecurityDescriptorToSecurityDescriptorA(
            ringway_text_(descriptor_text, sizeof(descriptor_text), "O:%sD:P(A;;FA;;;%s)", sid, sid), SDDL_REVISION_1,
            &descriptor, NULL))
    {
        if (descriptor_text[0] != '\0')
        {
            ringway_windows_failure_(sid, sizeof(sid), "ConvertStringSecurityDescriptorToSecurityDescriptorA");
        }
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_IO, channel->path, "file",
            "cannot create channel file",
            ringway_text_(found, sizeof(found), "owner-only security descriptor: %s", sid), "created");
    }
    SECURITY_ATTRIBUTES security = { sizeof(SECURITY_ATTRIBUTES), descriptor, FALSE };
    HANDLE file = CreateFileW(wide_path, GENERIC_READ | GENERIC_WRITE,
        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, &security, CREATE_NEW, FILE_ATTRIBUTE_TEMPORARY, NULL);
    const DWORD create_error = GetLastError();
    LocalFree(descriptor);
    if (file == INVALID_HANDLE_VALUE)
    {
        if (create_error == ERROR_FILE_EXISTS || create_error == ERROR_ALREADY_EXISTS)
        {
            return ringway_set_error_detail_(&channel->error, RINGWAY_E_FILE_EXISTS, channel->path, "file",
                "channel file already exists", "exists", "absent (create never overwrites)");
        }
        SetLastError(create_error);
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_IO, channel->path, "file",
            "cannot create channel file", ringway_windows_failure_(found, sizeof(found), "CreateFileW"), "created");
    }
    /* LAYOUT 10.2 step 2: the whole length now (NTFS allocates it, never sparse): a full volume is this error */
    LARGE_INTEGER end;
    end.QuadPart = file_length;
    int result = RINGWAY_OK;
    if (!SetFilePointerEx(file, end, NULL, FILE_BEGIN) || !SetEndOfFile(file))
    {
        char reserve_error_text[320];
        ringway_describe_windows_error_(reserve_error_text, sizeof(reserve_error_text), GetLastError());
        result = ringway_set_error_detail_(&channel->error, RINGWAY_E_IO, channel->path, "fileLength",
            "cannot reserve space for channel file (the file was removed)", reserve_error_text,
            ringway_text_(expected, sizeof(expected),
                "%lld bytes reserved (4096 + capacity %d + trailer 768): free space on its volume, or use a smaller "
                "capacity", (long long)file_length, (int)capacity));
    }
    else
    {
        channel->file_handle = file;
        result = ringway_file_map_(channel, (size_t)file_length);
        channel->file_handle = NULL;
    }
    if (result < 0)
    {
        CloseHandle(file);
        DeleteFileW(wide_path);
        return result;
    }
    channel->file_handle = file;
    *mapped_out = channel->mapped;
    return RINGWAY_OK;
}

/**
 * LAYOUT 10.3's checks of the path on Windows: CreateFileW(OPEN_EXISTING), sharing read, write and delete, with
 * FILE_FLAG_OPEN_REPARSE_POINT unless symlinks are followed (a reparse point is then refused as a symlink); the type
 * (a directory, or GetFileType other than FILE_TYPE_DISK: refused) and the owner SID (GetSecurityInfo) on the handle.
 * @return RINGWAY_OK with the file kept open in the handle and its length in *file_length, or an error.
 */
static inline int ringway_file_open_(
    ringway_channel_t *channel, bool follow_symlinks, bool allow_other_owner, int64_t *file_length)
{
    char found[RINGWAY_DETAIL_TEXT_LENGTH_];
    char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
    wchar_t wide_path[RINGWAY_PATH_MAX_LENGTH];
    if (!ringway_wide_path_(channel->path, wide_path, RINGWAY_PATH_MAX_LENGTH))
    {
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_INVALID_ARGUMENT, channel->path, "file",
            "invalid channel file path", ringway_windows_failure_(found, sizeof(found), "MultiByteToWideChar"),
            "a path");
    }
    HANDLE file = CreateFileW(wide_path, GENERIC_READ | GENERIC_WRITE,
        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
        FILE_ATTRIBUTE_NORMAL | (follow_symlinks ? 0 : FILE_FLAG_OPEN_REPARSE_POINT), NULL);
    if (file == INVALID_HANDLE_VALUE)
    {
        if (GetLastError() == ERROR_FILE_NOT_FOUND || GetLastError() == ERROR_PATH_NOT_FOUND)
        {
            return ringway_set_error_detail_(&channel->error, RINGWAY_E_FILE_NOT_FOUND, channel->path, "file",
                "no such channel file", "absent", "an existing file");
        }
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_IO, channel->path, "file",
            "cannot open channel file", ringway_windows_failure_(found, sizeof(found), "CreateFileW"),
            "readable and writable");
    }
    int result = RINGWAY_OK;
    BY_HANDLE_FILE_INFORMATION information;
    char sid[256];
    PSID owner = NULL;
    PSECURITY_DESCRIPTOR descriptor = NULL;
    char *owner_text = NULL;
    if (!GetFileInformationByHandle(file, &information))
    {
        result = ringway_set_error_detail_(&channel->error, RINGWAY_E_IO, channel->path, "file",
            "cannot open channel file", ringway_windows_failure_(found, sizeof(found), "GetFileInformationByHandle"),
            "a regular file");
    }
    else if ((information.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0 && !follow_symlinks)
    {
        result = ringway_set_error_detail_(&channel->error, RINGWAY_E_INVALID_FILE, channel->path, "file",
            "channel file is a symlink", "symlink", "a regular file (set follow_symlinks to follow it)");
    }
    else if ((information.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0 || GetFileType(file) != FILE_TYPE_DISK)
    {
        result = ringway_set_error_detail_(&channel->error, RINGWAY_E_INVALID_FILE, channel->path, "file",
            "channel file is not a regular file",
            (information.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0 ? "directory" : "special file",
            "a regular file");
    }
    else if (allow_other_owner)
    {
        /* no owner check */
    }
    else if (!ringway_user_sid_(sid, sizeof(sid)))
    {
        result = ringway_set_error_detail_(&channel->error, RINGWAY_E_IO, channel->path, "owner",
            "cannot read the user of this process", sid, "a user SID");
    }
    else if (GetSecurityInfo(file, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION, &owner, NULL, NULL, NULL,
        &descriptor) != ERROR_SUCCESS || owner == NULL || !ConvertSidToStringSidA(owner, &owner_text))
    {
        result = ringway_set_error_detail_(&channel->error, RINGWAY_E_INVALID_FILE, channel->path, "owner",
            "channel file belongs to another user", "no owner",
            ringway_text_(expected, sizeof(expected), "sid %s (set allow_other_owner to accept it)", sid));
    }
    else if (strcmp(owner_text, sid) != 0)
    {
        result = ringway_set_error_detail_(&channel->error, RINGWAY_E_INVALID_FILE, channel->path, "owner",
            "channel file belongs to another user", ringway_text_(found, sizeof(found), "sid %s", owner_text),
            ringway_text_(expected, sizeof(expected), "sid %s (set allow_other_owner to accept it)", sid));
    }
    if (owner_text != NULL)
    {
        LocalFree(owner_text);
    }
    if (descriptor != NULL)
    {
        LocalFree(descriptor);
    }
    if (result < 0)
    {
        CloseHandle(file);
        return result;
    }
    channel->file_handle = file;
    *file_length = (int64_t)((uint64_t)information.nFileSizeHigh << 32 | information.nFileSizeLow);
    return RINGWAY_OK;
}

/** A handle that holds no file and no events. */
static inline void ringway_file_reset_(ringway_channel_t *channel)
{
    channel->file_handle = NULL;
    channel->events[0] = NULL;
    channel->events[1] = NULL;
    channel->events[2] = NULL;
    channel->events_error = 0;
}

/** Closes the file the handle holds open, if any (the view stays). */
static inline void ringway_file_close_(ringway_channel_t *channel)
{
    if (channel->file_handle != NULL)
    {
        CloseHandle(channel->file_handle);
        channel->file_handle = NULL;
    }
}

/** Unmaps the handle's view. @return RINGWAY_OK, or RINGWAY_E_IO recorded in error (when not NULL). */
static inline int ringway_file_unmap_(ringway_channel_t *channel, ringway_error_t *error)
{
    const BOOL unmapped = UnmapViewOfFile(channel->mapped);
    channel->mapped = NULL;
    if (!unmapped && error != NULL)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_IO, channel->path, "file", "cannot unmap channel file",
            ringway_windows_failure_(found, sizeof(found), "UnmapViewOfFile"), "unmapped");
    }
    return unmapped ? RINGWAY_OK : RINGWAY_E_IO;
}

/**
 * @return the open file's length now (GetFileSizeEx), or -1 with the failure in found. A mapped file cannot be
 *         truncated on Windows (LAYOUT 10.4), so the check of LAYOUT 11.1 never fires here.
 */
static inline int64_t ringway_file_current_length_(const ringway_channel_t *channel, char *found, size_t found_length)
{
    LARGE_INTEGER length;
    if (!GetFileSizeEx(channel->file_handle, &length))
    {
        ringway_windows_failure_(found, found_length, "GetFileSizeEx");
        return -1;
    }
    return (int64_t)length.QuadPart;
}

/**
 * DeleteFileW (gone already is fine): every handle of a channel file shares delete, so it succeeds while peers hold
 * the file open or mapped (LAYOUT 10.4). @return 0, or -1 with the failure in found.
 */
static inline int ringway_file_delete_(const char *path, char *found, size_t found_length)
{
    wchar_t wide_path[RINGWAY_PATH_MAX_LENGTH];
    if (!ringway_wide_path_(path, wide_path, RINGWAY_PATH_MAX_LENGTH))
    {
        ringway_windows_failure_(found, found_length, "MultiByteToWideChar");
        return -1;
    }
    if (!DeleteFileW(wide_path) && GetLastError() != ERROR_FILE_NOT_FOUND)
    {
        ringway_windows_failure_(found, found_length, "DeleteFileW");
        return -1;
    }
    return 0;
}

/** Separates the directory from the name in a channel's default path. */
#define RINGWAY_PATH_SEPARATOR_ '\\'

/** LAYOUT 10.1 on Windows: the user's temporary directory (GetTempPathW) without its trailing backslash. */
static inline void ringway_default_directory_(char *directory, size_t directory_length)
{
    wchar_t wide_directory[MAX_PATH + 1];
    const DWORD wide_length = GetTempPathW(MAX_PATH + 1, wide_directory);
    int length = 0;
    if (wide_length > 0 && wide_length <= MAX_PATH)
    {
        length = WideCharToMultiByte(CP_UTF8, 0, wide_directory, (int)wide_length, directory,
            (int)directory_length - 1, NULL, NULL);
    }
    if (length > 1 && directory[length - 1] == '\\')
    {
        length--;
    }
    directory[length > 0 ? length : 0] = '\0';
}

/** The three events of LAYOUT 9.7: data (auto-reset), space-0 and space-1 (manual-reset). */
#define RINGWAY_DATA_EVENT_ 0
#define RINGWAY_SPACE_EVENT_0_ 1

/**
 * Creates or opens (CreateEventW opens an existing one) the channel's three named events, named after its channelId
 * (LAYOUT 9.7): Local\ringway-<16 lower-case hex digits>-data, -space-0, -space-1. An event that cannot be opened is
 * NULL; a park on it fails with events_error, a wake skips it (the waiter's timeout then releases it, 9.6).
 */
static inline void ringway_wakeups_open_(ringway_channel_t *channel)
{
    static const char *const suffixes[3] = { "data", "space-0", "space-1" };
    const uint64_t channel_id = (uint64_t)ringway_get_int64_acquire(&channel->header->channel_id);
    for (int index = 0; index < 3; index++)
    {
        char name[64];
        snprintf(name, sizeof(name), "Local\\ringway-%016llx-%s", (unsigned long long)channel_id, suffixes[index]);
        channel->events[index] = CreateEventA(NULL, index != RINGWAY_DATA_EVENT_, FALSE, name);
        if (channel->events[index] == NULL)
        {
            channel->events_error = GetLastError();
        }
    }
}

/** Closes the handles of the channel's events (the events live on while a peer holds them). */
static inline void ringway_wakeups_close_(ringway_channel_t *channel)
{
    for (int index = 0; index < 3; index++)
    {
        if (channel->events[index] != NULL)
        {
            CloseHandle(channel->events[index]);
            channel->events[index] = NULL;
        }
    }
}

/**
 * LAYOUT 9.7's wait (9.1 step 5 on Windows): sleeps on the data event, or on the space event of the parity of the
 * sequence the waiter read, at most timeout_ns (capped at RINGWAY_MAX_PARK_NS, rounded up to milliseconds). A sequence
 * that moved means a wake whose SetEvent is done or coming: the wait returns at once, as a futex returns EAGAIN.
 * @return RINGWAY_FUTEX_WOKEN, _VALUE_CHANGED, _TIMED_OUT, or _FAILED with the Windows error in *error_number.
 */
static inline int ringway_park_(
    ringway_channel_t *channel, int32_t *sequence, int32_t expected_value, int64_t timeout_ns, int *error_number)
{
    if (timeout_ns > RINGWAY_MAX_PARK_NS)
    {
        timeout_ns = RINGWAY_MAX_PARK_NS;
    }
    HANDLE event = sequence == &channel->header->space_sequence ?
        channel->events[RINGWAY_SPACE_EVENT_0_ + ((uint32_t)expected_value & 1)] : channel->events[RINGWAY_DATA_EVENT_];
    if (event == NULL)
    {
        *error_number = (int)channel->events_error;
        return RINGWAY_FUTEX_FAILED;
    }
    /* SYNC POINT: pairs with the waker's increment of the sequence, which comes before its SetEvent */
    if (ringway_get_int32_acquire(sequence) != expected_value)
    {
        return RINGWAY_FUTEX_VALUE_CHANGED;
    }
    switch (WaitForSingleObject(event, (DWORD)((timeout_ns + 999999) / 1000000)))
    {
        case WAIT_OBJECT_0: return RINGWAY_FUTEX_WOKEN;
        case WAIT_TIMEOUT: return RINGWAY_FUTEX_TIMED_OUT;
        default:
            *error_number = (int)GetLastError();
            return RINGWAY_FUTEX_FAILED;
    }
}

/**
 * LAYOUT 9.2 step 4 on Windows (9.7): increment the sequence. On the space slot (only the consumer wakes it) first
 * reset event (s + 1) & 1, the one the next generation of waiters will wait on, for the move from s to s + 1.
 * @return s, the sequence before the increment.
 */
static inline int32_t ringway_advance_(ringway_channel_t *channel, int32_t *sequence)
{
    if (sequence == &channel->header->space_sequence)
    {
        const uint32_t value = (uint32_t)ringway_get_int32_acquire(sequence);
        HANDLE next = channel->events[RINGWAY_SPACE_EVENT_0_ + ((value + 1) & 1)];
        if (next != NULL)
        {
            ResetEvent(next);
        }
    }
    /* SYNC POINT: pairs with the waiters' acquire load of the sequence and their compare before the wait */
    return ringway_get_and_add_int32(sequence, 1);
}

/**
 * LAYOUT 9.2 step 6 on Windows (9.7): SetEvent of the data event (auto-reset: it stays set until the one waiter's next
 * wait consumes it), or of space event s & 1, the one every waiter that read s waits on (reset only two generations
 * later). An event that could not be opened is skipped: its waiters' timeouts release them (9.6).
 */
static inline void ringway_wake_(ringway_channel_t *channel, int32_t *sequence, int32_t previous_value)
{
    HANDLE event = sequence == &channel->header->space_sequence ?
        channel->events[RINGWAY_SPACE_EVENT_0_ + ((uint32_t)previous_value & 1)] : channel->events[RINGWAY_DATA_EVENT_];
    if (event != NULL)
    {
        SetEvent(event);
    }
}

/**
 * The error of a wait whose WaitForSingleObject failed (or whose event could not be opened), the same from every wait.
 * @return RINGWAY_E_IO.
 */
static inline int ringway_wait_failed_(ringway_error_t *error, const char *path, const char *field, int error_number)
{
    char found[320];
    ringway_describe_windows_error_(found, sizeof(found), (unsigned long)error_number);
    return ringway_set_error_detail_(error, RINGWAY_E_IO, path, field, "event wait failed", found,
        "WAIT_OBJECT_0 or WAIT_TIMEOUT");
}

/** LAYOUT 9.8: Windows has no cross-process asymmetric barrier (FlushProcessWriteBuffers is process-local). */
static inline bool ringway_membarrier_supported_(void)
{
    return false;
}

static inline bool ringway_membarrier_register_(void)
{
    return false;
}

static inline int ringway_membarrier_global_(void)
{
    return ENOSYS;
}

#else /* Linux */

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

static inline int64_t ringway_monotonic_ns_(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * RINGWAY_NANOS_PER_SECOND + now.tv_nsec;
}

static inline int64_t ringway_current_pid_(void)
{
    return (int64_t)getpid();
}

/** Gives the CPU to any ready thread. */
static inline void ringway_yield_(void)
{
    sched_yield();
}

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

/** Fills *id with random bits from /dev/urandom. @return false when it cannot be read. */
static inline bool ringway_random_u64_(uint64_t *id)
{
    const int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
    {
        return false;
    }
    const bool read_whole = read(fd, id, sizeof(*id)) == (ssize_t)sizeof(*id);
    close(fd);
    return read_whole;
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

static inline bool ringway_state_is_exited_(int state)
{
    return state == 'Z' || state == 'X';
}

/**
 * The liveness rule of LAYOUT 8 for a pid in range, under proc_root, for ringway_process_verdict_at_. The leader's
 * state Z or X means only that the main thread has exited: the process is alive while any thread in
 * <proc_root>/<pid>/task/ is in another state. A failure other than "no such process" is RINGWAY_PROCESS_UNKNOWN,
 * never dead.
 */
static inline ringway_process_verdict_t ringway_pid_verdict_(
    const char *proc_root, int64_t pid, int64_t *start_time, char *detail, size_t detail_size)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%lld/stat", proc_root, (long long)pid);
    int state = 0;
    int error_number = 0;
    const int read_result = ringway_read_stat_(path, &state, start_time, &error_number);
    if (read_result == RINGWAY_STAT_NO_SUCH_PROCESS_)
    {
        ringway_text_(detail, detail_size, "no such process: %s", path);
        return RINGWAY_PROCESS_DEAD;
    }
    if (read_result == RINGWAY_STAT_UNREADABLE_)
    {
        ringway_text_(detail, detail_size, "cannot read %s: %s", path, strerror(error_number));
        return RINGWAY_PROCESS_UNKNOWN;
    }
    if (*start_time < 0)
    {
        ringway_text_(detail, detail_size, "cannot parse %s (no ') <state>' or fewer than 22 fields)", path);
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
        ringway_text_(detail, detail_size, "%s %s: %s", open_error == ENOENT ? "no such process:" : "cannot read",
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
                ringway_text_(detail, detail_size, "cannot read %s: %s", task_path, strerror(errno));
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
        ringway_text_(detail, detail_size, "state=%c in every thread (exited, not yet reaped)", (char)state);
    }
    return verdict;
}

/** Where a lease token's start time comes from, for the error of an attach that cannot read its own. */
#define RINGWAY_START_TIME_SOURCE_ "/proc/<pid>/stat readable"

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
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_ARGUMENT, path, "directory",
            "channel directory is writable by every user without the sticky bit (anyone could swap the channel's name "
            "for a file or link of theirs)",
            ringway_text_(found, sizeof(found), "mode 0%o", (unsigned)(status.st_mode & 07777)),
            "a directory others cannot write, or one with the sticky bit as /dev/shm and /tmp");
    }
    return 0;
}

/**
 * LAYOUT 10.2 steps 0 to 3: the file made exclusively (O_CREAT | O_EXCL | O_NOFOLLOW) with its mode, every page
 * reserved, mapped whole. On failure the file is removed again and the handle holds the error.
 * @return RINGWAY_OK with the file kept open in the handle and the mapping in *mapped_out, or an error.
 */
static inline int ringway_file_create_(
    ringway_channel_t *channel, uint32_t requested_mode, bool replace_existing, int32_t capacity, uint8_t **mapped_out)
{
    const mode_t file_mode = requested_mode == 0 ? (mode_t)0600 : (mode_t)requested_mode;
    const int64_t file_length = ringway_file_length(capacity);
    int result;

    const int directory_check = ringway_check_channel_directory_(channel->path, &channel->error);
    if (directory_check < 0)
    {
        return directory_check;
    }
    if (replace_existing)
    {
        struct stat existing;
        if (lstat(channel->path, &existing) == 0)
        {
            if (!S_ISREG(existing.st_mode))
            {
                return ringway_set_error_detail_(&channel->error, RINGWAY_E_FILE_EXISTS, channel->path, "file",
                    "will not replace what is not a regular file",
                    S_ISLNK(existing.st_mode) ? "symlink" : "not a regular file", "a regular file or nothing");
            }
            if (unlink(channel->path) != 0 && errno != ENOENT)
            {
                char found[RINGWAY_DETAIL_TEXT_LENGTH_];
                return ringway_set_error_detail_(&channel->error, RINGWAY_E_IO, channel->path, "file",
                    "cannot replace existing channel file",
                    ringway_text_(found, sizeof(found), "unlink: %s", strerror(errno)), "deleted");
            }
        }
    }
    const int fd = open(channel->path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, file_mode);
    if (fd < 0)
    {
        const int open_errno = errno;
        if (open_errno == EEXIST)
        {
            return ringway_set_error_detail_(&channel->error, RINGWAY_E_FILE_EXISTS, channel->path, "file",
                "channel file already exists", "exists", "absent (create never overwrites)");
        }
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_IO, channel->path, "file",
            "cannot create channel file", ringway_text_(found, sizeof(found), "open: %s", strerror(open_errno)),
            "created");
    }
    /* set explicitly: the umask may have removed bits the caller asked for */
    if (fchmod(fd, file_mode) != 0)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        result = ringway_set_error_detail_(&channel->error, RINGWAY_E_IO, channel->path, "file",
            "cannot set channel file permissions", ringway_text_(found, sizeof(found), "fchmod: %s", strerror(errno)),
            ringway_text_(expected, sizeof(expected), "mode %o", (unsigned)file_mode));
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
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        result = ringway_set_error_detail_(&channel->error, RINGWAY_E_IO, channel->path, "fileLength",
            "cannot reserve space for channel file (the file was removed)", reserve_error_text,
            ringway_text_(expected, sizeof(expected),
                "%lld bytes reserved (4096 + capacity %d + trailer 768): free space on its file system, or use a "
                "smaller capacity", (long long)file_length, (int)capacity));
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
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_IO, channel->path, "fileLength",
            "cannot map channel file", ringway_text_(found, sizeof(found), "mmap: %s", strerror(mmap_errno)),
            ringway_text_(expected, sizeof(expected), "%lld", (long long)file_length));
    }
    channel->fd = fd; /* kept open for ringway_channel_check_length (fstat) */
    *mapped_out = (uint8_t *)mapped;
    return RINGWAY_OK;
}

/**
 * LAYOUT 10.3's checks of the path: opens the file (O_NOFOLLOW unless symlinks are followed; O_NONBLOCK, so that a FIFO
 * planted at the path is refused, not waited on) and checks its type and owner on the descriptor (fstat).
 * @return RINGWAY_OK with the file kept open in the handle and its length in *file_length, or an error.
 */
static inline int ringway_file_open_(
    ringway_channel_t *channel, bool follow_symlinks, bool allow_other_owner, int64_t *file_length)
{
    int result;
    /* O_NONBLOCK: opening a FIFO planted at the path must not hang; it is refused below as not a regular file */
    const int fd = open(channel->path, O_RDWR | O_CLOEXEC | O_NONBLOCK | (follow_symlinks ? 0 : O_NOFOLLOW));
    if (fd < 0)
    {
        if (errno == ENOENT)
        {
            return ringway_set_error_detail_(&channel->error, RINGWAY_E_FILE_NOT_FOUND, channel->path, "file",
                "no such channel file", "absent", "an existing file");
        }
        if (errno == ELOOP)
        {
            return ringway_set_error_detail_(&channel->error, RINGWAY_E_INVALID_FILE, channel->path, "file",
                "channel file is a symlink", "symlink", "a regular file (set follow_symlinks to follow it)");
        }
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_IO, channel->path, "file",
            "cannot open channel file", ringway_text_(found, sizeof(found), "open: %s", strerror(errno)),
            "readable and writable");
    }
    struct stat file_status;
    if (fstat(fd, &file_status) != 0)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        result = ringway_set_error_detail_(&channel->error, RINGWAY_E_IO, channel->path, "file",
            "cannot open channel file", ringway_text_(found, sizeof(found), "fstat: %s", strerror(errno)),
            "a regular file");
        close(fd);
        return result;
    }
    if (!S_ISREG(file_status.st_mode))
    {
        close(fd);
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_INVALID_FILE, channel->path, "file",
            "channel file is not a regular file", S_ISDIR(file_status.st_mode) ? "directory" : "special file",
            "a regular file");
    }
    if (file_status.st_uid != geteuid() && !allow_other_owner)
    {
        close(fd);
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_INVALID_FILE, channel->path, "owner",
            "channel file belongs to another user",
            ringway_text_(found, sizeof(found), "uid %u", (unsigned)file_status.st_uid),
            ringway_text_(expected, sizeof(expected), "uid %u (set allow_other_owner to accept it)",
                (unsigned)geteuid()));
    }
    channel->fd = fd;
    *file_length = (int64_t)file_status.st_size;
    return RINGWAY_OK;
}

/** Maps [0, map_length) of the open file shared and read-write. @return RINGWAY_OK, or RINGWAY_E_IO (fileLength). */
static inline int ringway_file_map_(ringway_channel_t *channel, size_t map_length)
{
    void *mapped = mmap(NULL, map_length, PROT_READ | PROT_WRITE, MAP_SHARED, channel->fd, 0);
    const int mmap_errno = errno;
    if (mapped == MAP_FAILED)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_IO, channel->path, "fileLength",
            "cannot map channel file", ringway_text_(found, sizeof(found), "mmap: %s", strerror(mmap_errno)),
            ringway_text_(expected, sizeof(expected), "%zu bytes mapped", map_length));
    }
    channel->mapped = (uint8_t *)mapped;
    channel->mapped_length = map_length;
    return RINGWAY_OK;
}

/** A handle that holds no file. */
static inline void ringway_file_reset_(ringway_channel_t *channel)
{
    channel->fd = -1;
}

/** Closes the file the handle holds open, if any (the mapping stays). */
static inline void ringway_file_close_(ringway_channel_t *channel)
{
    if (channel->fd >= 0)
    {
        close(channel->fd);
        channel->fd = -1;
    }
}

/** Unmaps the handle's mapping. @return RINGWAY_OK, or RINGWAY_E_IO recorded in error (when not NULL). */
static inline int ringway_file_unmap_(ringway_channel_t *channel, ringway_error_t *error)
{
    const int unmapped = munmap(channel->mapped, channel->mapped_length);
    const int unmap_errno = errno;
    channel->mapped = NULL;
    if (unmapped != 0 && error != NULL)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_IO, channel->path, "file",
            "cannot unmap channel file", ringway_text_(found, sizeof(found), "munmap: %s", strerror(unmap_errno)),
            "unmapped");
    }
    return unmapped != 0 ? RINGWAY_E_IO : RINGWAY_OK;
}

/** @return the open file's length now (fstat), or -1 with the failure in found ("fstat: <errno text>"). */
static inline int64_t ringway_file_current_length_(const ringway_channel_t *channel, char *found, size_t found_length)
{
    struct stat file_status;
    if (fstat(channel->fd, &file_status) != 0)
    {
        ringway_text_(found, found_length, "fstat: %s", strerror(errno));
        return -1;
    }
    return (int64_t)file_status.st_size;
}

/** Removes the file at path (gone already is fine). @return 0, or -1 with the failure in found ("unlink: ..."). */
static inline int ringway_file_delete_(const char *path, char *found, size_t found_length)
{
    if (unlink(path) != 0 && errno != ENOENT)
    {
        ringway_text_(found, found_length, "unlink: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/** Separates the directory from the name in a channel's default path. */
#define RINGWAY_PATH_SEPARATOR_ '/'

/** LAYOUT 10.1: /dev/shm when it is a directory this process may write, else /tmp. */
static inline void ringway_default_directory_(char *directory, size_t directory_length)
{
    struct stat shm_status;
    const bool use_shm = stat("/dev/shm", &shm_status) == 0 && S_ISDIR(shm_status.st_mode) &&
        access("/dev/shm", W_OK) == 0;
    snprintf(directory, directory_length, "%s", use_shm ? "/dev/shm" : "/tmp");
}

/** Nothing to open or close on Linux: parking is on the futex words of the mapping itself. */
static inline void ringway_wakeups_open_(ringway_channel_t *channel)
{
    (void)channel;
}

static inline void ringway_wakeups_close_(ringway_channel_t *channel)
{
    (void)channel;
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

/**
 * The error of a wait whose FUTEX_WAIT failed (RINGWAY_FUTEX_FAILED), the same from every wait: field names the futex
 * word, found is the errno text. @return RINGWAY_E_IO.
 */
static inline int ringway_wait_failed_(ringway_error_t *error, const char *path, const char *field, int error_number)
{
    return ringway_set_error_detail_(error, RINGWAY_E_IO, path, field, "futex wait failed", strerror(error_number),
        "0, EAGAIN, ETIMEDOUT or EINTR");
}

/** FUTEX_WAKE (shared): wakes up to count waiters on *address. @return how many were woken, or -1 (errno set). */
static inline int ringway_futex_wake(int32_t *address, int32_t count)
{
    return (int)syscall(SYS_futex, address, RINGWAY_FUTEX_WAKE, count, NULL, NULL, 0);
}

/** LAYOUT 9.1 step 5: FUTEX_WAIT on the sequence word. @return as ringway_futex_wait, errno in *error_number. */
static inline int ringway_park_(
    ringway_channel_t *channel, int32_t *sequence, int32_t expected_value, int64_t timeout_ns, int *error_number)
{
    (void)channel;
    const int result = ringway_futex_wait(sequence, expected_value, timeout_ns);
    *error_number = errno;
    return result;
}

/** LAYOUT 9.2 step 4: increment the sequence. @return its value before. */
static inline int32_t ringway_advance_(ringway_channel_t *channel, int32_t *sequence)
{
    (void)channel;
    /* SYNC POINT: pairs with the waiter's acquire load of the sequence and with the kernel's compare in FUTEX_WAIT */
    return ringway_get_and_add_int32(sequence, 1);
}

/** LAYOUT 9.2 step 6: FUTEX_WAKE every waiter on the sequence. */
static inline void ringway_wake_(ringway_channel_t *channel, int32_t *sequence, int32_t previous_value)
{
    (void)channel;
    (void)previous_value;
    ringway_futex_wake(sequence, INT32_MAX);
}

/* membarrier(2) (LAYOUT 9.8); the number where an older <sys/syscall.h> lacks it */
#if !defined(SYS_membarrier) && defined(__x86_64__)
#define SYS_membarrier 324
#elif !defined(SYS_membarrier) && defined(__aarch64__)
#define SYS_membarrier 283
#endif
#define RINGWAY_MEMBARRIER_CMD_QUERY_ 0
#define RINGWAY_MEMBARRIER_CMD_GLOBAL_EXPEDITED_ (1 << 1)
#define RINGWAY_MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED_ (1 << 2)

/** @return true when this kernel offers global expedited membarriers and their registration (Linux 4.16+). */
static inline bool ringway_membarrier_supported_(void)
{
#if defined(SYS_membarrier)
    const long needed = RINGWAY_MEMBARRIER_CMD_GLOBAL_EXPEDITED_ | RINGWAY_MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED_;
    const long commands = syscall(SYS_membarrier, RINGWAY_MEMBARRIER_CMD_QUERY_, 0, 0);
    return commands > 0 && (commands & needed) == needed;
#else
    return false;
#endif
}

/** Registers this process for global expedited barriers (idempotent). @return true when registered. */
static inline bool ringway_membarrier_register_(void)
{
#if defined(SYS_membarrier)
    return syscall(SYS_membarrier, RINGWAY_MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED_, 0, 0) == 0;
#else
    return false;
#endif
}

/** A full barrier here and in every running thread of every registered process. @return 0, or an errno. */
static inline int ringway_membarrier_global_(void)
{
#if defined(SYS_membarrier)
    return syscall(SYS_membarrier, RINGWAY_MEMBARRIER_CMD_GLOBAL_EXPEDITED_, 0, 0) == 0 ? 0 : errno;
#else
    return ENOSYS;
#endif
}

#endif /* platform layer */

/**
 * The liveness rule of LAYOUT 8 for one pid: /proc under proc_root on Linux (RINGWAY_PROC_ROOT; tests pass a directory
 * laid out like it), OpenProcess, GetProcessTimes and GetExitCodeProcess on Windows.
 *
 * @param start_time  if not NULL, receives the start time (Linux: field 22 of the leader's stat, also for a zombie
 *                    leader; Windows: the creation time), or -1.
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
        ringway_text_(detail, detail_size, "pid=%lld out of range", (long long)pid);
        return RINGWAY_PROCESS_DEAD;
    }
    return ringway_pid_verdict_(proc_root, pid, start_time, detail, detail_size);
}

/**
 * @return a random non-zero channelId (LAYOUT 3, layout 1.4) from the system's generator (/dev/urandom, RtlGenRandom);
 *         should that fail, the monotonic and wall clocks, the pid and an address mixed (splitmix64's finaliser),
 *         which two creates do not share.
 */
static inline int64_t ringway_new_channel_id_(void)
{
    uint64_t id = 0;
    if (!ringway_random_u64_(&id) || id == 0)
    {
        id = (uint64_t)ringway_monotonic_ns_();
        id ^= (uint64_t)ringway_epoch_ms_() * 0x9E3779B97F4A7C15u;
        id ^= (uint64_t)ringway_current_pid_() << 32 ^ (uint64_t)(uintptr_t)&id;
        id = (id ^ (id >> 30)) * 0xBF58476D1CE4E5B9u;
        id = (id ^ (id >> 27)) * 0x94D049BB133111EBu;
        id ^= id >> 31;
    }
    return id == 0 ? 1 : (int64_t)id;
}

/* ------------------------------------------------------------------------------------------------------------------
 * Process identity and leases (LAYOUT 8)
 * ---------------------------------------------------------------------------------------------------------------- */

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
            ringway_text_(detail, detail_size, "pid reused: starttime=%lld token starttime=%llu", (long long)start_time,
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
    const int64_t own_token = ringway_process_token(ringway_current_pid_());
    if (own_token < 0)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_IO, path, field, "cannot read the start time of this process",
            ringway_text_(found, sizeof(found), "pid %lld", (long long)ringway_current_pid_()), RINGWAY_START_TIME_SOURCE_);
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
            char found[RINGWAY_DETAIL_TEXT_LENGTH_];
            return ringway_set_error_detail_(error, RINGWAY_E_LEASE_TAKEN, path, field, "channel role already taken",
                ringway_text_(found, sizeof(found), "pid %lld (this process)",
                    (long long)ringway_token_pid(owner_token)), "0 (free) or a dead process");
        }
        else
        {
            char detail[256];
            const ringway_process_verdict_t verdict =
                ringway_token_verdict_at_(RINGWAY_PROC_ROOT, owner_token, detail, sizeof(detail));
            if (verdict != RINGWAY_PROCESS_DEAD)
            {
                /* LAYOUT 8: only a process that /proc says is dead loses its lease; "cannot tell" is not "dead" */
                char found[RINGWAY_DETAIL_TEXT_LENGTH_];
                return ringway_set_error_detail_(error, RINGWAY_E_LEASE_TAKEN, path, field,
                    "channel role already taken",
                    ringway_text_(found, sizeof(found), "pid %lld (%s%s)", (long long)ringway_token_pid(owner_token),
                        verdict == RINGWAY_PROCESS_ALIVE ? "alive" : "liveness unknown: ",
                        verdict == RINGWAY_PROCESS_ALIVE ? "" : detail), "0 (free) or a dead process");
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
    const int64_t own_token = ringway_process_token(ringway_current_pid_());
    if (own_token < 0)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_IO, path, "producerSlots",
            "cannot read the start time of this process",
            ringway_text_(found, sizeof(found), "pid %lld", (long long)ringway_current_pid_()), RINGWAY_START_TIME_SOURCE_);
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
    char found[RINGWAY_DETAIL_TEXT_LENGTH_];
    return ringway_set_error_detail_(error, RINGWAY_E_LEASE_TAKEN, path, "producerSlots", "no free MPSC producer slot",
        ringway_text_(found, sizeof(found), "%d live", RINGWAY_PRODUCER_SLOT_COUNT), "a free slot");
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
    channel->is_consumer_polling = false;
    channel->producer_lease_token = 0;
    channel->consumer_lease_token = 0;
    ringway_file_reset_(channel);
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
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_INVALID_ARGUMENT, "(none)", "file",
            "no channel file path", "(none)", "a path");
    }
    const size_t path_length = strlen(path);
    if (path_length >= RINGWAY_PATH_MAX_LENGTH)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_INVALID_ARGUMENT, "(too long)", "file",
            "channel file path too long", ringway_text_(found, sizeof(found), "%zu bytes", path_length),
            ringway_text_(expected, sizeof(expected), "<%d bytes", RINGWAY_PATH_MAX_LENGTH));
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
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_INVALID_ARGUMENT, channel->path, "options",
            "no create options", "NULL", "ring kind and capacity");
    }
    if (options->ring_kind != RINGWAY_RING_KIND_SPSC && options->ring_kind != RINGWAY_RING_KIND_MPSC)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_INVALID_ARGUMENT, channel->path, "ringKind",
            "invalid ring kind", ringway_text_(found, sizeof(found), "%d", (int)options->ring_kind),
            "1 (SPSC) or 2 (MPSC)");
    }
    if (!ringway_is_valid_capacity(options->capacity))
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_INVALID_ARGUMENT, channel->path, "capacity",
            "invalid capacity", ringway_text_(found, sizeof(found), "%d", (int)options->capacity),
            ringway_text_(expected, sizeof(expected), "a power of two in [%d, %d]", RINGWAY_MIN_CAPACITY,
                RINGWAY_MAX_CAPACITY));
    }
    uint8_t *mapped = NULL;
    result = ringway_file_create_(channel, options->file_mode, options->replace_existing, options->capacity, &mapped);
    if (result < 0)
    {
        return result;
    }
    channel->ring_kind = options->ring_kind;
    channel->capacity = options->capacity;
    ringway_channel_bind_(channel, mapped, (size_t)ringway_file_length(options->capacity));

    ringway_header_page_t *header = channel->header;
    ringway_put_int64_plain(&header->magic, RINGWAY_MAGIC);
    ringway_put_int32_plain(&header->ring_kind, options->ring_kind);
    ringway_put_int32_plain(&header->header_length, RINGWAY_HEADER_LENGTH);
    ringway_put_int32_plain(&header->capacity, options->capacity);
    ringway_put_int32_plain(&header->max_message_length, options->capacity / 8);
    ringway_put_int32_plain(&header->trailer_length, RINGWAY_TRAILER_LENGTH);
    ringway_put_int64_plain(&header->creation_time_ms, ringway_epoch_ms_());
    ringway_put_int64_plain(&header->creator_pid, ringway_current_pid_());
    ringway_put_int32_plain(&header->schema_id, options->schema_id);
    ringway_put_int32_plain(&header->schema_version, options->schema_version);
    ringway_put_int64_plain(&header->pid_namespace, ringway_current_pid_namespace_());
    ringway_put_int64_plain(&header->channel_id, ringway_new_channel_id_());
    /* SYNC POINT: pairs with the acquire load of layoutVersion when any process opens the file (LAYOUT 10.3) */
    ringway_put_int32_release(&header->layout_version, RINGWAY_LAYOUT_VERSION);
    ringway_wakeups_open_(channel);
    return RINGWAY_OK;
}

/**
 * The position rows of LAYOUT 10.3, for positions read in the order the spec gives: H, then T, then H again. H only
 * grows, so at the instant T was read the head lay between the two reads, and a valid channel satisfies
 * head_before <= T <= head_after + capacity however far its consumer and producers moved meanwhile; of a file nobody
 * moves, both heads are the same value.
 */
static inline int ringway_check_positions_(ringway_error_t *error, const char *path, int64_t head_before,
    int64_t tail_position, int64_t head_after, int32_t capacity)
{
    if (head_before < 0 || (head_before & (RINGWAY_RECORD_ALIGNMENT - 1)) != 0)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "headPosition",
            "invalid consumer position", ringway_text_(found, sizeof(found), "%lld", (long long)head_before),
            ringway_text_(expected, sizeof(expected), "a non-negative multiple of %d", RINGWAY_RECORD_ALIGNMENT));
    }
    if ((tail_position & (RINGWAY_RECORD_ALIGNMENT - 1)) != 0 || tail_position < head_before ||
        ringway_position_sub_(tail_position, head_after) > capacity)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "tailPosition",
            "invalid producer position", ringway_text_(found, sizeof(found), "%lld", (long long)tail_position),
            ringway_text_(expected, sizeof(expected),
                "a multiple of %d in [headPosition %lld, headPosition + capacity %lld]", RINGWAY_RECORD_ALIGNMENT,
                (long long)head_before, (long long)ringway_position_add_(head_after, capacity)));
    }
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
            char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
            return ringway_set_error_detail_(error, RINGWAY_E_NOT_INITIALISED, path, "layoutVersion",
                "channel file not initialised (being created, or its creator died)", "0",
                ringway_text_(expected, sizeof(expected), "0x%x", (unsigned)RINGWAY_LAYOUT_VERSION));
        }
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "magic", "not a Ringway channel file",
            ringway_text_(found, sizeof(found), "0x%llx", (unsigned long long)magic),
            ringway_text_(expected, sizeof(expected), "0x%llx", (unsigned long long)RINGWAY_MAGIC));
    }
    if (layout_version == 0)
    {
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_NOT_INITIALISED, path, "layoutVersion",
            "channel file not initialised (being created, or its creator died)", "0",
            ringway_text_(expected, sizeof(expected), "0x%x", (unsigned)RINGWAY_LAYOUT_VERSION));
    }
    const int32_t major_version = (int32_t)((uint32_t)layout_version >> 16);
    if (major_version != RINGWAY_LAYOUT_MAJOR_VERSION)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_UNSUPPORTED_VERSION, path, "layoutVersion.major",
            "unsupported layout major version",
            ringway_text_(found, sizeof(found), "%d (layoutVersion=0x%x)", (int)major_version,
                (unsigned)layout_version),
            ringway_text_(expected, sizeof(expected), "%d", RINGWAY_LAYOUT_MAJOR_VERSION));
    }
    const int32_t header_length = ringway_get_int32_plain(&header->header_length);
    if (header_length != RINGWAY_HEADER_LENGTH)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "headerLength", "invalid header field",
            ringway_text_(found, sizeof(found), "%d", (int)header_length),
            ringway_text_(expected, sizeof(expected), "%d", RINGWAY_HEADER_LENGTH));
    }
    const int32_t ring_kind = ringway_get_int32_plain(&header->ring_kind);
    if (ring_kind != RINGWAY_RING_KIND_SPSC && ring_kind != RINGWAY_RING_KIND_MPSC)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "ringKind", "unknown ring kind",
            ringway_text_(found, sizeof(found), "%d", (int)ring_kind), "1 (SPSC) or 2 (MPSC)");
    }
    const int32_t capacity = ringway_get_int32_plain(&header->capacity);
    if (!ringway_is_valid_capacity(capacity))
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "capacity", "invalid ring capacity",
            ringway_text_(found, sizeof(found), "%d", (int)capacity),
            ringway_text_(expected, sizeof(expected), "a power of two in [%d, %d]", RINGWAY_MIN_CAPACITY,
                RINGWAY_MAX_CAPACITY));
    }
    const int32_t trailer_length = ringway_get_int32_plain(&header->trailer_length);
    if (trailer_length != RINGWAY_TRAILER_LENGTH)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "trailerLength", "invalid header field",
            ringway_text_(found, sizeof(found), "%d", (int)trailer_length),
            ringway_text_(expected, sizeof(expected), "%d", RINGWAY_TRAILER_LENGTH));
    }
    const int32_t max_message_length = ringway_get_int32_plain(&header->max_message_length);
    if (max_message_length != capacity / 8)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "maxMessageLength",
            "invalid header field", ringway_text_(found, sizeof(found), "%d", (int)max_message_length),
            ringway_text_(expected, sizeof(expected), "%d", (int)(capacity / 8)));
    }
    const int64_t required_length = ringway_file_length(capacity);
    if (file_length < required_length)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "fileLength",
            "ring trailer lies beyond the end of the channel file",
            ringway_text_(found, sizeof(found), "%lld", (long long)file_length),
            ringway_text_(expected, sizeof(expected), ">=%lld (4096 + capacity %d + trailer 768)",
                (long long)required_length, (int)capacity));
    }
    /* before any lease: a peer in another pid namespace would take live owners for dead ones (LAYOUT 8) */
    const int64_t file_pid_namespace = ringway_get_int64_plain(&header->pid_namespace);
    const int64_t own_pid_namespace = ringway_current_pid_namespace_();
    if (file_pid_namespace != 0 && own_pid_namespace != 0 && file_pid_namespace != own_pid_namespace)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_INVALID_FILE, path, "pidNamespace",
            "channel file shared across pid namespaces",
            ringway_text_(found, sizeof(found), "%llu", (unsigned long long)file_pid_namespace),
            ringway_text_(expected, sizeof(expected),
                "%llu (every process of a channel must share one pid namespace and /proc)",
                (unsigned long long)own_pid_namespace));
    }

    channel->ring_kind = ring_kind;
    channel->capacity = capacity;
    ringway_channel_bind_(channel, channel->mapped, channel->mapped_length);
    channel->is_open = false; /* until the positions are checked too */

    /* a live channel moves both positions while they are read: H, then T, then H again (LAYOUT 10.3) */
    const int64_t head_before = ringway_get_int64_acquire(&channel->trailer->head_position);
    const int64_t tail_position = ringway_get_int64_acquire(&channel->trailer->tail_position);
    const int64_t head_after = ringway_get_int64_acquire(&channel->trailer->head_position);
    return ringway_check_positions_(error, path, head_before, tail_position, head_after, capacity);
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
    int64_t file_length = 0;
    result = ringway_file_open_(channel, options != NULL && options->follow_symlinks,
        options != NULL && options->allow_other_owner, &file_length);
    if (result < 0)
    {
        return result;
    }
    if (file_length == 0)
    {
        /* LAYOUT 10.3: what a creator leaves between its exclusive create and the reservation of the file's blocks */
        ringway_file_close_(channel);
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_NOT_INITIALISED, channel->path, "fileLength",
            "channel file not initialised (being created, or its creator died)", "0",
            ringway_text_(expected, sizeof(expected), ">=%d", RINGWAY_HEADER_LENGTH));
    }
    if (file_length < RINGWAY_HEADER_LENGTH)
    {
        ringway_file_close_(channel);
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_INVALID_FILE, channel->path, "fileLength",
            "channel file too short", ringway_text_(found, sizeof(found), "%lld", (long long)file_length),
            ringway_text_(expected, sizeof(expected), ">=%d", RINGWAY_HEADER_LENGTH));
    }
    const int64_t largest_length = ringway_file_length(RINGWAY_MAX_CAPACITY);
    const size_t map_length = (size_t)(file_length < largest_length ? file_length : largest_length);
    result = ringway_file_map_(channel, map_length);
    if (result < 0)
    {
        ringway_file_close_(channel);
        return result;
    }
    channel->header = (ringway_header_page_t *)(void *)channel->mapped;

    result = ringway_channel_validate_(channel, file_length);
    if (result == RINGWAY_OK && options != NULL)
    {
        if (options->expected_ring_kind != 0 && options->expected_ring_kind != channel->ring_kind)
        {
            char found[RINGWAY_DETAIL_TEXT_LENGTH_];
            char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
            result = ringway_set_error_detail_(&channel->error, RINGWAY_E_UNEXPECTED_CHANNEL, channel->path, "ringKind",
                "channel differs from what the caller expects",
                ringway_text_(found, sizeof(found), "%d", (int)channel->ring_kind),
                ringway_text_(expected, sizeof(expected), "%d", (int)options->expected_ring_kind));
        }
        else if (options->expected_capacity != 0 && options->expected_capacity != channel->capacity)
        {
            char found[RINGWAY_DETAIL_TEXT_LENGTH_];
            char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
            result = ringway_set_error_detail_(&channel->error, RINGWAY_E_UNEXPECTED_CHANNEL, channel->path, "capacity",
                "channel differs from what the caller expects",
                ringway_text_(found, sizeof(found), "%d", (int)channel->capacity),
                ringway_text_(expected, sizeof(expected), "%d", (int)options->expected_capacity));
        }
    }
    if (result != RINGWAY_OK)
    {
        ringway_file_close_(channel);
        ringway_file_unmap_(channel, NULL);
        channel->mapped_length = 0;
        channel->header = NULL;
        channel->ring_data = NULL;
        channel->trailer = NULL;
        channel->is_open = false;
        return result;
    }
    channel->is_open = true; /* the file stays open for ringway_channel_check_length */
    ringway_wakeups_open_(channel);
    return RINGWAY_OK;
}

/**
 * Releases any lease still held through this handle (LAYOUT 8, 10.4) and unmaps the file. Unread messages stay in the
 * file. Closing a closed handle does nothing. Called from inside a handler of a poll of the consumer attached through
 * this handle, it is refused with RINGWAY_E_INVALID_ARGUMENT (detail, field file) and closes nothing: close the
 * channel after the poll returns.
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
    if (channel->is_consumer_polling)
    {
        /* from a handler: the poll goes on reading and storing through this mapping, and under the lease */
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_INVALID_ARGUMENT, channel->path, "file",
            "close inside a poll handler", "polling", "closed after the poll returns");
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
    ringway_wakeups_close_(channel);
    ringway_file_close_(channel);
    return ringway_file_unmap_(channel, &channel->error);
}

/** Closes the channel and removes its file. Peers that still map the file keep their mapping until they close. */
static inline int ringway_channel_delete(ringway_channel_t *channel)
{
    if (channel == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    const int result = ringway_channel_close(channel);
    if (channel->is_open)
    {
        return result; /* close refused from a poll handler: the file stays */
    }
    char failure[256];
    if (channel->path[0] != '\0' && ringway_file_delete_(channel->path, failure, sizeof(failure)) != 0)
    {
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_IO, channel->path, "file",
            "cannot delete channel file", failure, "deleted");
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
    char directory[RINGWAY_PATH_MAX_LENGTH];
    ringway_default_directory_(directory, sizeof(directory));
    const int length = snprintf(path, path_length, "%s%c%s.ringway", directory, RINGWAY_PATH_SEPARATOR_, name);
    return length < 0 || (size_t)length >= path_length ? RINGWAY_E_INVALID_ARGUMENT : RINGWAY_OK;
}

/* ------------------------------------------------------------------------------------------------------------------
 * Wakeups (LAYOUT 9): a sequence word and a waiters flag per wait slot; parks and wakes in the platform layer (a shared
 * futex on Linux, the channel's named events on Windows, 9.7)
 * ---------------------------------------------------------------------------------------------------------------- */

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
        ringway_yield_();
        return false;
    }
    return strategy->parks;
}

/**
 * LAYOUT 8.1: whether a waiting call reads the clock (its deadline and the heartbeat) after its idle_count-th idle:
 * while the strategy spins, once every RINGWAY_SPINS_PER_CLOCK_READ re-checks (a clock read costs several
 * re-checks); after every yield or park.
 */
static inline bool ringway_wait_reads_clock_(const ringway_wait_strategy_t *strategy, int32_t idle_count)
{
    return idle_count >= strategy->spins ||
        (idle_count & (RINGWAY_SPINS_PER_CLOCK_READ - 1)) == RINGWAY_SPINS_PER_CLOCK_READ - 1;
}

/**
 * The monotonic time timeout_ns after now_ns, saturated at INT64_MAX: a timeout of INT64_MAX ("wait forever") must not
 * overflow into the past (signed overflow is undefined behaviour, and wrapped it would end the wait at once).
 */
static inline int64_t ringway_deadline_after_ns_(int64_t now_ns, int64_t timeout_ns)
{
    return timeout_ns > INT64_MAX - now_ns ? INT64_MAX : now_ns + timeout_ns;
}

/** The monotonic time timeout_ns from now, saturated (ringway_deadline_after_ns_). */
static inline int64_t ringway_deadline_ns_(int64_t timeout_ns)
{
    return ringway_deadline_after_ns_(ringway_monotonic_ns_(), timeout_ns);
}

/** A wait's deadline before its first clock read (no deadline is INT64_MIN: now + a timeout > 0 never is). */
#define RINGWAY_WAIT_NO_DEADLINE_NS_ INT64_MIN

/**
 * LAYOUT 8.1: the time left until a wait's deadline, which is taken (now + timeout_ns, saturated) at the wait's first
 * clock read, not at its start: a message or space found by the first re-checks then costs no clock read (a clock read
 * costs several re-checks, and in a ping-pong it is on the message's path). One clock read per call.
 */
static inline int64_t ringway_wait_remaining_ns_(int64_t *deadline_ns, int64_t timeout_ns)
{
    const int64_t now_ns = ringway_monotonic_ns_();
    if (*deadline_ns == RINGWAY_WAIT_NO_DEADLINE_NS_)
    {
        *deadline_ns = ringway_deadline_after_ns_(now_ns, timeout_ns);
    }
    return *deadline_ns - now_ns;
}

/** LAYOUT 9.2 steps 2 to 6, after the fence (or the membarrier promise of 9.8). @return true when it woke. */
static inline bool ringway_wake_if_flagged_(ringway_channel_t *channel, int32_t *sequence, int32_t *waiters)
{
    if (ringway_get_int32_plain(waiters) == 0)
    {
        return false;
    }
    ringway_put_int32_release(waiters, 0);
    const int32_t previous_value = ringway_advance_(channel, sequence);
    ringway_get_and_add_int64(&channel->header->wake_count, 1);
    ringway_wake_(channel, sequence, previous_value);
    return true;
}

/**
 * The signaller's half (LAYOUT 9.2), after the release store that makes the waiters' condition true: full fence,
 * load the waiters flag; only when set: clear it, increment the sequence, count the wake, FUTEX_WAKE all.
 * @return true when it issued a wake.
 */
static inline bool ringway_signal_if_waiting_(ringway_channel_t *channel, int32_t *sequence, int32_t *waiters)
{
    /* SYNC POINT: orders the caller's commit (or head release) before the load of the flag; pairs with the waiter's
     * store of the flag, full fence and re-check in ringway_prepare_to_wait_ */
    ringway_fence_full();
    return ringway_wake_if_flagged_(channel, sequence, waiters);
}

/**
 * LAYOUT 9.8: true while the consumer that holds the lease promised membarrier wakeups and this process is registered
 * for them. Two loads of one cache line the consumer writes only at attach, close and heartbeats. The first promise
 * seen registers this process (a system call, once per producer) and is answered with a fence.
 */
static inline bool ringway_consumer_issues_membarrier_(ringway_producer_t *producer)
{
    const int64_t promise = ringway_get_int64_plain(&producer->header->consumer_membarrier_lease);
    if (promise == 0 || promise != ringway_get_int64_plain(&producer->header->consumer_lease))
    {
        return false;
    }
    if (!producer->membarrier_registered)
    {
        producer->membarrier_registered = ringway_membarrier_register_();
        return false;
    }
    return true;
}

/**
 * A producer's wake check of the data slot (LAYOUT 9.2), after its commit or abort: a full fence, or only a compiler
 * barrier while the consumer promised membarrier wakeups (9.8), whose membarrier then makes this thread pass a full
 * barrier between the commit and the flag load. @return true when it woke the consumer.
 */
static inline bool ringway_signal_consumer_if_waiting_(ringway_producer_t *producer)
{
    if (ringway_consumer_issues_membarrier_(producer))
    {
        /* SYNC POINT: program order only (the compiler keeps the commit before the flag load); pairs with the
         * consumer's flag store, membarrier and re-check in ringway_prepare_to_wait_membarrier_ */
#if defined(__cplusplus)
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
#else
        atomic_signal_fence(memory_order_seq_cst);
#endif
    }
    else
    {
        /* SYNC POINT: orders the commit before the flag load; pairs with the consumer's full fence before re-check */
        ringway_fence_full();
    }
    return ringway_wake_if_flagged_(producer->channel, &producer->header->data_sequence,
        &producer->header->data_waiters);
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

/**
 * The waiter's first half for a consumer that promised membarrier wakeups (LAYOUT 9.8): as ringway_prepare_to_wait_,
 * but the barrier is membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED), which also makes every registered producer, whose wake
 * check has no fence, pass a full barrier. @return 0 and the sequence in *value, or the errno of membarrier.
 */
static inline int ringway_prepare_to_wait_membarrier_(int32_t *sequence, int32_t *waiters, int32_t *value)
{
    /* SYNC POINT: pairs with the signaller's increment; read before the flag is set */
    *value = ringway_get_int32_acquire(sequence);
    ringway_put_int32_release(waiters, 1);
    /* SYNC POINT: orders the flag store before the re-check here and the producers' commits before their flag loads */
    return ringway_membarrier_global_();
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

/**
 * LAYOUT 8.1: reads the clock and stores the heartbeat (release) when it moved since the last store; the busy
 * operations until the next read count from here, so a handle whose idle operations read the clock (a consumer whose
 * deliveries alternate with empty polls) makes no read after a delivery.
 */
static inline void ringway_heartbeat_beat_(ringway_heartbeat_t *heartbeat)
{
    heartbeat->operations_until_clock_read = RINGWAY_OPERATIONS_PER_CLOCK_READ;
    const int64_t now_ms = ringway_heartbeat_clock_ms_(heartbeat);
    if (now_ms != heartbeat->last_beat_ms)
    {
        heartbeat->last_beat_ms = now_ms;
        /* SYNC POINT: pairs with the acquire load of the heartbeat in ringway_channel_status of any process */
        ringway_put_int64_release(heartbeat->heartbeat_word, now_ms);
    }
}

/**
 * LAYOUT 8.1: a busy operation reads the clock once RINGWAY_OPERATIONS_PER_CLOCK_READ of them have passed since the
 * last read. Producers call it after the commit, so that the read never delays a message.
 */
static inline void ringway_heartbeat_on_busy_(ringway_heartbeat_t *heartbeat)
{
    if (--heartbeat->operations_until_clock_read <= 0)
    {
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
    char failure[256];
    const int64_t file_length = ringway_file_current_length_(channel, failure, sizeof(failure));
    if (file_length < 0)
    {
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_IO, channel->path, "fileLength",
            "cannot stat channel file", failure, "a length");
    }
    const int64_t required_length = ringway_file_length(channel->capacity);
    if (file_length < required_length)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&channel->error, RINGWAY_E_INVALID_FILE, channel->path, "fileLength",
            "channel file truncated while mapped",
            ringway_text_(found, sizeof(found), "%lld", (long long)file_length),
            ringway_text_(expected, sizeof(expected), ">=%lld (4096 + capacity %d + trailer 768)",
                (long long)required_length, (int)channel->capacity));
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
    char failure[256];
    status->file_length = ringway_file_current_length_(channel, failure, sizeof(failure));
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
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(error, RINGWAY_E_CORRUPT_RECORD, channel->path, "tailPosition",
            "corrupt positions", ringway_text_(found, sizeof(found), "%lld", (long long)tail_position),
            ringway_text_(expected, sizeof(expected),
                "a multiple of 8 in [headPosition %lld, headPosition + capacity - 8]", (long long)head_position));
    }
    int64_t dead_claim_count = 0;
    int64_t position = head_position;
    while (position < tail_position)
    {
        const int32_t index = (int32_t)(position & mask);
        const int32_t length = ringway_get_int32_acquire(&ringway_record_at_(ring_data, index)->length);
        if (length == 0)
        {
            /* the predecessor moved the tail and died before writing this length, or inside an offer or a run, which
               store no negative length (LAYOUT 6.1 step 6): the claim's end is unknown, and it was the predecessor's
               last claim, so it runs to the tail */
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
            char reason[RINGWAY_DETAIL_TEXT_LENGTH_];
            char found[RINGWAY_DETAIL_TEXT_LENGTH_];
            char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
            return ringway_set_error_detail_(error, RINGWAY_E_CORRUPT_RECORD, channel->path, "length",
                ringway_text_(reason, sizeof(reason), "corrupt record at position=%lld", (long long)position),
                ringway_text_(found, sizeof(found), "%d", (int)length),
                ringway_text_(expected, sizeof(expected), "%s before the tail at %lld",
                    length < 0 ? "a claim" : "a committed record", (long long)tail_position));
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
        char reason[RINGWAY_DETAIL_TEXT_LENGTH_];
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&consumer->error, RINGWAY_E_CORRUPT_RECORD, consumer->channel->path,
            "tailPosition",
            ringway_text_(reason, sizeof(reason), "corrupt record at position=%lld", (long long)head_position),
            ringway_text_(found, sizeof(found), "%lld", (long long)tail_position),
            ringway_text_(expected, sizeof(expected), "headPosition %lld .. headPosition + capacity %d",
                (long long)head_position, (int)capacity));
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
            char reason[RINGWAY_DETAIL_TEXT_LENGTH_];
            char found[RINGWAY_DETAIL_TEXT_LENGTH_];
            char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
            return ringway_set_error_detail_(&consumer->error, RINGWAY_E_CORRUPT_RECORD, consumer->channel->path,
                "length",
                ringway_text_(reason, sizeof(reason), "corrupt claim at position=%lld", (long long)head_position),
                ringway_text_(found, sizeof(found), "%d", (int)length),
                ringway_text_(expected, sizeof(expected),
                    "-%d..-%lld (a claim inside the data area and before the tail %lld)", RINGWAY_RECORD_HEADER_LENGTH,
                    (long long)claimable_length, (long long)tail_position));
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
        return ringway_set_error_detail_(&producer->error, RINGWAY_E_CLOSED, channel == NULL ? "(none)" : channel->path,
            "file", "channel not open", "closed", "open");
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
    ringway_put_int64_release(&channel->header->producer_pid, ringway_current_pid_());
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
        return ringway_set_error_detail_(&producer->error, RINGWAY_E_CLOSED, ringway_producer_path_(producer), "file",
            "producer closed", "closed", "attached");
    }
    if (body_length < 0 || body_length > producer->max_message_length)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&producer->error, RINGWAY_E_MESSAGE_LENGTH, producer->channel->path, "length",
            "message length out of range", ringway_text_(found, sizeof(found), "%d", (int)body_length),
            ringway_text_(expected, sizeof(expected), "0..%d (maxMessageLength = capacity %d / 8)",
                (int)producer->max_message_length, (int)producer->capacity));
    }
    if (type_id < 1)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&producer->error, RINGWAY_E_TYPE_ID, producer->channel->path, "typeId",
            "invalid message type id", ringway_text_(found, sizeof(found), "%d", (int)type_id), ">=1");
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
 * LAYOUT 11: a claim refuses a tail that is not a multiple of 8, which no producer stores (a stray write), before it
 * writes anything: a record there would be misaligned (an atomic access to it faults on arm64) and out of step with
 * every record the consumer reads. The same check as Java's RingWriter.checkTailAlignment and Go's claimCorruptTail.
 * @return RINGWAY_OK, or RINGWAY_E_CORRUPT_RECORD with detail (field tailPosition).
 */
static inline int ringway_check_tail_alignment_(ringway_producer_t *producer, int64_t tail_position)
{
    if ((tail_position & (RINGWAY_RECORD_ALIGNMENT - 1)) == 0)
    {
        return RINGWAY_OK;
    }
    char found[RINGWAY_DETAIL_TEXT_LENGTH_];
    char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
    return ringway_set_error_detail_(&producer->error, RINGWAY_E_CORRUPT_RECORD, ringway_producer_path_(producer),
        "tailPosition", "corrupt producer position", ringway_text_(found, sizeof(found), "%lld", (long long)tail_position),
        ringway_text_(expected, sizeof(expected), "a multiple of %d", RINGWAY_RECORD_ALIGNMENT));
}

/**
 * LAYOUT 6.1 step 5a and "Touch ahead": the length of the cache line, in newTail & 63 == 56 (step 5a) and in
 * lineEnd(x) = (x + 63) & ~63 (step 9).
 */
#define RINGWAY_CACHE_LINE_LENGTH_ 64
RINGWAY_STATIC_ASSERT(RINGWAY_MIN_CAPACITY % RINGWAY_CACHE_LINE_LENGTH_ == 0,
    "a touched word, at a multiple of the cache line, lies inside the data area; so does a line-start padding record, "
    "which ends at one, and a refused wrap's tail, at the end of the data area, is never padded");
/** LAYOUT 6.1 step 5a: where in its cache line a claim ends that is padded: a next header alone at the line's end. */
#define RINGWAY_LINE_START_PADDING_LINE_OFFSET_ (RINGWAY_CACHE_LINE_LENGTH_ - RINGWAY_RECORD_HEADER_LENGTH)
/** LAYOUT 6.1 step 5a: the line-start padding record is a header alone. */
#define RINGWAY_LINE_START_PADDING_LENGTH_ RINGWAY_RECORD_HEADER_LENGTH

/**
 * LAYOUT 6.1 step 5a (and "Runs" step 2): whether a claim that succeeded, ending at new_tail_position, is followed by
 * an 8-byte padding record: it ends 8 bytes before the end of a cache line, newTail & 63 == 56, and the head it holds
 * (never loaded for this) leaves room for the padding and the next header, newTail - head <= C - 16 as unsigned 64-bit
 * numbers (a head a stray write moved beyond the new tail gives no padding; no sum overflows). The first compare is
 * all that most claims make.
 */
static inline bool ringway_spsc_line_start_padding_due_(
    int32_t capacity, int64_t new_tail_position, int64_t head_position)
{
    return (new_tail_position & (RINGWAY_CACHE_LINE_LENGTH_ - 1)) == RINGWAY_LINE_START_PADDING_LINE_OFFSET_ &&
        (uint64_t)new_tail_position - (uint64_t)head_position <=
        (uint64_t)capacity - (RINGWAY_LINE_START_PADDING_LENGTH_ + RINGWAY_RECORD_HEADER_LENGTH);
}

/**
 * LAYOUT 6.1 step 5a: the line-start padding record at padding_index (type id, then length; plain). It lies inside
 * the claimed bytes [T, newTail), so no reader reaches it before it acquires the commit (release) that follows.
 */
static inline void ringway_write_line_start_padding_(uint8_t *ring_data, int32_t padding_index)
{
    ringway_record_header_t *record = ringway_record_at_(ring_data, padding_index);
    ringway_put_int32_plain(&record->type_id, RINGWAY_PADDING_TYPE_ID);
    ringway_put_int32_plain(&record->length, RINGWAY_LINE_START_PADDING_LENGTH_);
}

/**
 * LAYOUT 6.1 step 1 (and "Runs" step 1): the head position that a claim of up to required_length bytes at
 * tail_position is measured against: headCachePosition (plain, checked as section 11 says), or, when that leaves less
 * than required_length free, headPosition (acquire). The caller stores the head into the cache (plain) when what it
 * claims needed it, and only then, so that the cache holds what claims record by record would leave in it.
 * @param head_cache_position set to the (checked) cache, to tell whether the head was needed.
 */
static inline int64_t ringway_spsc_claim_head_(
    ringway_producer_t *producer, int64_t tail_position, int64_t required_length, int64_t *head_cache_position)
{
    ringway_trailer_t *trailer = producer->trailer;
    *head_cache_position =
        ringway_checked_head_cache_(producer, ringway_get_int64_plain(&trailer->head_cache_position));
    if (required_length <= ringway_available_length_(producer->capacity, tail_position, *head_cache_position))
    {
        return *head_cache_position;
    }
    /* SYNC POINT: pairs with the consumer's release store of headPosition in poll */
    return ringway_get_int64_acquire(&trailer->head_position);
}

/**
 * LAYOUT 6.1 steps 1 to 5a: claims aligned_length bytes on an SPSC ring, followed by line-start padding (step 5a)
 * when the claim ends 8 bytes before the end of a cache line and the head it holds leaves room for it.
 * @return the record index, RINGWAY_E_RING_FULL (after publishing any wrap padding), or RINGWAY_E_CORRUPT_RECORD
 *         (nothing written) when the tail is not a multiple of 8.
 */
static inline int32_t ringway_spsc_claim_(ringway_producer_t *producer, int32_t aligned_length)
{
    uint8_t *ring_data = producer->ring_data;
    ringway_trailer_t *trailer = producer->trailer;
    const int32_t capacity = producer->capacity;
    const int32_t mask = capacity - 1;
    const int32_t required_length = aligned_length + RINGWAY_RECORD_HEADER_LENGTH;

    /* step 1 */
    const int64_t tail_position = ringway_get_int64_plain(&trailer->tail_position);
    if (ringway_check_tail_alignment_(producer, tail_position) < 0)
    {
        return RINGWAY_E_CORRUPT_RECORD;
    }
    int64_t head_cache_position;
    int64_t head_position = ringway_spsc_claim_head_(producer, tail_position, required_length, &head_cache_position);
    if (required_length > ringway_available_length_(capacity, tail_position, head_position))
    {
        return RINGWAY_E_RING_FULL;
    }
    if (head_position != head_cache_position)
    {
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
        /* exact fit at the end of the data area, a multiple of the cache line: never line-start padded (step 5a);
         * plain: see step 3 */
        ringway_put_int64_plain(&trailer->tail_position, new_tail_position);
        ringway_zero_record_header_(ring_data, 0); /* step 5: index 0 of the next lap */
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

    /* step 5a, before step 3 stores the tail past the padding (plain stores in the claimed bytes: the commit orders
     * them); head_position is the head the claim holds (the cache, or the head that step 1 or the wrap loaded and
     * stored in the cache). A refused wrap's tail is the end of the data area, a multiple of the cache line, so only a
     * claim that succeeded passes the first compare */
    if (ringway_spsc_line_start_padding_due_(capacity, new_tail_position, head_position) &&
        write_index != RINGWAY_E_RING_FULL)
    {
        ringway_write_line_start_padding_(ring_data, write_index + aligned_length);
        new_tail_position = ringway_position_add_(new_tail_position, RINGWAY_LINE_START_PADDING_LENGTH_);
    }

    /* step 3, plain (LAYOUT 6.1 "SPSC relaxations"): no SPSC reader orders anything after a load of tailPosition;
     * whoever relates it to headPosition or a record sees it through the release of a later commit */
    ringway_put_int64_plain(&trailer->tail_position, new_tail_position);

    /* step 4 */
    if (padding_length != 0)
    {
        ringway_zero_record_header_(ring_data, 0); /* index 0 of the next lap */
        ringway_write_padding_(ring_data, record_index, padding_length);
    }

    /* steps 5 and 5a: the next header is at the new tail, after the line-start padding (at index 0 when the padding
     * ends at the end of the data area); 8 bytes always stay free, so it is inside the data area. Stored by every
     * claim, also when LAYOUT 6.1 "Touch ahead" already stored to its cache line */
    if (write_index != RINGWAY_E_RING_FULL)
    {
        ringway_zero_record_header_(ring_data, (int32_t)(new_tail_position & mask));
    }
    return write_index;
}

/**
 * LAYOUT 6.1 "Touch ahead" (step 9; SPSC only, MPSC's consumer zeroes what it consumed): after the wake check that
 * follows a commit (offer, batch once at its end, commit), after an abort and after a claim refused for
 * back-pressure, stores int64 0 (plain) at the start of the cache line after the one holding the next header's end,
 *     P = (T + 8 + 63) & ~63
 * when HC is the cache this handle last checked or stored, HC <= T, P + 8 <= T - (T & mask) + C (the end of the data
 * area) and P + 8 <= HC + C (so never an unread record; P >= T + 8, so never the next header either). Why: the next
 * claim's step 5 stores its next header, which for 5 of the 8 positions of a 40-byte record in a line lies in the
 * following line, one the consumer read a lap earlier; that store then fetched the line before the commit could be
 * seen. Touched here, after the commit and off the path of the message, the line is the producer's when the next
 * claim stores to it. One word, not the line (zeroing all the free bytes ahead cost more and gained nothing more,
 * LAYOUT 6.1); the word is free space no reader reads, stored by every claim attempt in Java
 * (SpscRingWriter.touchAhead) and Go alike, so that the three leave the same ring bytes.
 */
static inline void ringway_producer_touch_ahead_(ringway_producer_t *producer)
{
    if (producer->ring_kind != RINGWAY_RING_KIND_SPSC)
    {
        return;
    }
    ringway_trailer_t *trailer = producer->trailer;
    const int64_t capacity = producer->capacity;
    const int64_t mask = capacity - 1;
    /* plain: only this producer writes both on SPSC */
    const int64_t tail_position = ringway_get_int64_plain(&trailer->tail_position);
    const int64_t head_cache_position = ringway_get_int64_plain(&trailer->head_cache_position);
    /* LAYOUT 11: only a cache this handle checked or stored (one a stray write changed since, between a claim and its
     * commit say, may lie beyond the head), and not beyond the tail (a tail a stray write moved behind the head, where
     * every claim refuses) */
    if (head_cache_position != producer->head_cache_seen_position || head_cache_position > tail_position)
    {
        return;
    }
    const int64_t touch_position = (int64_t)(((uint64_t)tail_position + RINGWAY_RECORD_HEADER_LENGTH +
        RINGWAY_CACHE_LINE_LENGTH_ - 1) & ~(uint64_t)(RINGWAY_CACHE_LINE_LENGTH_ - 1));
    const int64_t touch_end_position = ringway_position_add_(touch_position, RINGWAY_RECORD_HEADER_LENGTH);
    const int64_t lap_end_position =
        ringway_position_add_(ringway_position_sub_(tail_position, tail_position & mask), capacity);
    const int64_t head_limit_position = ringway_position_add_(head_cache_position, capacity);
    /* the positions come from the file, so their arithmetic wraps instead of overflowing (as Java's and Go's int64 do):
     * positions that a corrupt file made overflow near 2^63 change at most whether the word is stored, never that it
     * lies inside the data area, since P is a multiple of the cache line and so is the capacity: P & mask <= C - 64 */
    if (touch_end_position <= lap_end_position && touch_end_position <= head_limit_position)
    {
        const int32_t touch_index = (int32_t)(touch_position & mask);
        ringway_put_int64_plain((int64_t *)(void *)(producer->ring_data + touch_index), 0);
    }
}

/**
 * LAYOUT 6.2 steps 1 to 3: claims aligned_length bytes on an MPSC ring, safe against other producers in any thread
 * or process.
 * @return the record index, RINGWAY_E_RING_FULL (after publishing any wrap padding), or RINGWAY_E_CORRUPT_RECORD
 *         (nothing written) when the tail is not a multiple of 8.
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
        if (ringway_check_tail_alignment_(producer, tail_position) < 0)
        {
            return RINGWAY_E_CORRUPT_RECORD;
        }
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
        /* LAYOUT 6.1 "Touch ahead" after a claim refused for back-pressure too: the claim may have refreshed the head
         * cache or padded to the end, and a batch meeting the same back-pressure ends with the same word touched */
        ringway_producer_touch_ahead_(producer);
        return RINGWAY_E_RING_FULL;
    }
    if (record_index < 0)
    {
        ringway_producer_after_claim_(producer);
        return record_index; /* RINGWAY_E_CORRUPT_RECORD, with detail: nothing was written */
    }
    /* the busy operation's clock read (LAYOUT 8.1) comes after its commit or abort, not here: it would delay it */
    if (producer->ring_kind == RINGWAY_RING_KIND_SPSC)
    {
        /* no step 6 here (LAYOUT 6.1 step 6, as a run's, ringway_spsc_claim_run_): an offer's length reads the 0 that
           the claim before it pre-zeroed until its commit; ringway_producer_try_claim stores its own */
        return record_index;
    }
    /* step 6 (LAYOUT 6.2 step 4, offers and claims): the record is being written.
       SYNC POINT: MPSC: the body stores stay after the negative length; pairs with the consumer's unblock scan */
    ringway_put_int32_release(&ringway_record_at_(producer->ring_data, record_index)->length, -record_length);
    ringway_fence_release();
    return record_index;
}

/* The body of offer, shared by offer and offer_batch: always inlined, so that each keeps the inlined copy of a body
 * whose length the caller's compiler knows (clang otherwise calls it, and memcpy, from both: 14 -> 19 ns per
 * offer+poll of 32 B) */
#if defined(__GNUC__)
#define RINGWAY_ALWAYS_INLINE_ __attribute__((always_inline))
#else
#define RINGWAY_ALWAYS_INLINE_
#endif

/**
 * LAYOUT 6.1 step 7 up to the commit: copies the body behind the header at record_index and stores the type id
 * (plain). The bytes from the body's end to the record's aligned end are not written.
 */
static inline RINGWAY_ALWAYS_INLINE_ void ringway_write_body_and_type_id_(
    uint8_t *ring_data, int32_t record_index, int32_t type_id, const void *body, int32_t body_length)
{
    if (body_length > 0)
    {
        memcpy(ring_data + record_index + RINGWAY_RECORD_HEADER_LENGTH, body, (size_t)body_length);
    }
    ringway_put_int32_plain(&ringway_record_at_(ring_data, record_index)->type_id, type_id);
}

/** ringway_producer_offer without the wake check of LAYOUT 9.2, which the caller makes after it. */
static inline RINGWAY_ALWAYS_INLINE_ int ringway_producer_offer_unsignalled_(
    ringway_producer_t *producer, int32_t type_id, const void *body, int32_t body_length)
{
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
    ringway_write_body_and_type_id_(producer->ring_data, record_index, type_id, body, body_length);
    /* SYNC POINT: the commit; pairs with the consumer's acquire load of length in poll */
    ringway_put_int32_release(&ringway_record_at_(producer->ring_data, record_index)->length, record_length);
    ringway_producer_after_claim_(producer);
    ringway_heartbeat_on_busy_(&producer->heartbeat);
    return RINGWAY_OK;
}

/**
 * Copies a message into the ring (LAYOUT 6.1 steps 6 and 7; on SPSC step 6 is tryClaim's only: no negative length).
 *
 * @param type_id     message type id, >= 1 (the SBE template id for SBE bodies).
 * @param body        the body bytes (may be NULL when body_length is 0).
 * @param body_length 0 to maxMessageLength (capacity / 8).
 * @return RINGWAY_OK; RINGWAY_E_RING_FULL on back-pressure (try again later); RINGWAY_E_MESSAGE_LENGTH,
 *         RINGWAY_E_TYPE_ID or RINGWAY_E_CLOSED, with detail, when the message is refused; RINGWAY_E_CORRUPT_RECORD
 *         (field tailPosition, nothing written) when the file's tailPosition is not a multiple of 8 (LAYOUT 11).
 */
static inline int ringway_producer_offer(
    ringway_producer_t *producer, int32_t type_id, const void *body, int32_t body_length)
{
    if (producer == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    const int result = ringway_producer_offer_unsignalled_(producer, type_id, body, body_length);
    if (result == RINGWAY_OK)
    {
        /* LAYOUT 9.2: a fence and a load; a system call only when the consumer is parked */
        ringway_signal_consumer_if_waiting_(producer);
        ringway_producer_touch_ahead_(producer); /* LAYOUT 6.1 "Touch ahead" */
    }
    return result;
}

/** The aligned length of the record of a message (LAYOUT 5): header and body, rounded up to 8 bytes. */
static inline int32_t ringway_message_aligned_length_(const ringway_message_t *message)
{
    return ringway_aligned_length(message->body_length + RINGWAY_RECORD_HEADER_LENGTH);
}

/**
 * LAYOUT 6.1 and 6.2 "Runs" step 1: the longest prefix of messages[0, count) whose messages are each valid
 * (ringway_producer_check_message_ would take them; an invalid one is refused by the per-message path, with its
 * detail) and whose records fit, one after another, in limit_length bytes.
 * @param run_length set to the bytes of the prefix's records.
 * @return how many messages the prefix holds.
 */
static inline size_t ringway_run_prefix_(const ringway_producer_t *producer, const ringway_message_t *messages,
    size_t count, int64_t limit_length, int32_t *run_length)
{
    size_t run_count = 0;
    int32_t length = 0;
    while (run_count < count)
    {
        const ringway_message_t *message = &messages[run_count];
        if (message->type_id < 1 || message->body_length < 0 || message->body_length > producer->max_message_length ||
            ringway_message_aligned_length_(message) > limit_length - length)
        {
            break;
        }
        length += ringway_message_aligned_length_(message);
        run_count++;
    }
    *run_length = length;
    return run_count;
}

/**
 * LAYOUT 6.1 and 6.2 "Runs" step 1, before the head is consulted: the longest valid prefix of messages[0, count)
 * whose records fit at tail_position before the end of the data area (the record that would cross it is written
 * alone by the per-message path, which pads and wraps).
 * @param run_length set to the bytes of the prefix's records.
 * @return how many messages the prefix holds; 0 when the tail is not a multiple of 8 (no writer stores such a tail: a
 *         stray write, LAYOUT 11, left to the per-message path as before runs).
 */
static inline size_t ringway_run_before_end_(const ringway_producer_t *producer, const ringway_message_t *messages,
    size_t count, int64_t tail_position, int32_t *run_length)
{
    *run_length = 0;
    if ((tail_position & (RINGWAY_RECORD_ALIGNMENT - 1)) != 0)
    {
        return 0;
    }
    const int32_t to_end_length = producer->capacity - (int32_t)(tail_position & (producer->capacity - 1));
    return ringway_run_prefix_(producer, messages, count, to_end_length, run_length);
}

/**
 * LAYOUT 6.1 "Runs" steps 1 and 2, on an SPSC ring: claims the records of the longest prefix of messages[0, count)
 * that is valid, fits before the end of the data area and leaves 8 bytes free (one store of the tail, one pre-zeroed
 * next header), followed by line-start padding (step 5a) when the run ends 8 bytes before the end of a cache line;
 * records inside the run are not padded. The head cache is stored as one claim per record would store it: when the
 * run needed the head; the padding is decided by the head the run then holds, that cache.
 * @param record_index set to where the run starts when it holds a message.
 * @return how many messages the run holds; 0 when the first one is left to the per-message path.
 */
static inline size_t ringway_spsc_claim_run_(
    ringway_producer_t *producer, const ringway_message_t *messages, size_t count, int32_t *record_index)
{
    ringway_trailer_t *trailer = producer->trailer;
    const int32_t capacity = producer->capacity;
    /* plain: only this producer writes it */
    const int64_t tail_position = ringway_get_int64_plain(&trailer->tail_position);
    int32_t run_length;
    size_t run_count = ringway_run_before_end_(producer, messages, count, tail_position, &run_length);
    if (run_count == 0)
    {
        return 0;
    }
    /* ... of which those the ring has room for: 8 bytes stay free for the pre-zeroed next header */
    int64_t head_cache_position;
    const int64_t head_position = ringway_spsc_claim_head_(
        producer, tail_position, (int64_t)run_length + RINGWAY_RECORD_HEADER_LENGTH, &head_cache_position);
    const int64_t free_length =
        ringway_available_length_(capacity, tail_position, head_position) - RINGWAY_RECORD_HEADER_LENGTH;
    if (run_length > free_length)
    {
        run_count = ringway_run_prefix_(producer, messages, run_count, free_length, &run_length);
        if (run_count == 0)
        {
            return 0; /* the ring is full for the first record: its own claim counts the back-pressure */
        }
    }
    if ((int64_t)run_length + RINGWAY_RECORD_HEADER_LENGTH >
        ringway_available_length_(capacity, tail_position, head_cache_position))
    {
        /* the cache was too old for the run: as step 1, which stores the head when its claim needed it */
        ringway_store_head_cache_(producer, head_position, false);
    }

    /* step 5a after the run's end only (plain stores in the claimed bytes: the run's commit orders them), with the head
       the run holds: the cache this handle checked or stored (not a head it loaded only to shorten the run to what the
       cache had room for, as offers of its records would not have loaded it) */
    *record_index = (int32_t)(tail_position & (capacity - 1));
    int64_t new_tail_position = ringway_position_add_(tail_position, run_length);
    if (ringway_spsc_line_start_padding_due_(capacity, new_tail_position, producer->head_cache_seen_position))
    {
        ringway_write_line_start_padding_(producer->ring_data, *record_index + run_length);
        new_tail_position = ringway_position_add_(new_tail_position, RINGWAY_LINE_START_PADDING_LENGTH_);
    }
    /* steps 3 and 5 of a claim; plain (LAYOUT 6.1 "SPSC relaxations"). Records are multiples of 8, so a run short of
       the end leaves its next header inside the data area; a run (or its padding) to the end pre-zeroes index 0. No
       negative length (no step 6): the first header still reads the 0 that the claim before it pre-zeroed, so no
       reader passes it */
    ringway_put_int64_plain(&trailer->tail_position, new_tail_position);
    ringway_zero_record_header_(producer->ring_data, (int32_t)(new_tail_position & (capacity - 1)));
    return run_count;
}

/**
 * LAYOUT 6.2 "Runs" steps 1 and 2, on an MPSC ring: claims the records of the longest prefix of messages[0, count)
 * that is valid, fits before the end of the data area and has room, with one CAS of the tail (the run picked again
 * when the CAS fails), then stores the negative length of the whole run at its first header (release, then a release
 * fence). The head cache is stored as one claim per record would store it: when the head lets more of the run in
 * than the cache did. Step 0 (the claim floor) is the caller's.
 * @param record_index set to where the run starts when it holds a message.
 * @return how many messages the run holds; 0 when the first one is left to the per-message path.
 */
static inline size_t ringway_mpsc_claim_run_(
    ringway_producer_t *producer, const ringway_message_t *messages, size_t count, int32_t *record_index)
{
    ringway_trailer_t *trailer = producer->trailer;
    const int32_t capacity = producer->capacity;
    /* step 1; SYNC POINT: pairs with other producers' release stores of headCachePosition */
    int64_t head_position =
        ringway_checked_head_cache_(producer, ringway_get_int64_acquire(&trailer->head_cache_position));
    int64_t tail_position;
    size_t run_count;
    int32_t run_length;
    do
    {
        /* step 2.1 for the run; SYNC POINT: pairs with the CAS of tailPosition by other producers */
        tail_position = ringway_get_int64_acquire(&trailer->tail_position);
        run_count = ringway_run_before_end_(producer, messages, count, tail_position, &run_length);
        const int64_t cached_free_length = ringway_available_length_(capacity, tail_position, head_position);
        if (run_length > cached_free_length)
        {
            /* SYNC POINT: pairs with the consumer's release store of headPosition in poll */
            const int64_t fresh_head_position = ringway_get_int64_acquire(&trailer->head_position);
            run_count = ringway_run_prefix_(producer, messages, run_count,
                ringway_available_length_(capacity, tail_position, fresh_head_position), &run_length);
            if (run_length > cached_free_length)
            {
                /* the head lets more of the run in: as step 2.1 stores it for a claim that then succeeds */
                ringway_store_head_cache_(producer, fresh_head_position, true);
            }
            head_position = fresh_head_position;
        }
        if (run_count == 0)
        {
            return 0; /* the first record needs the wrap, finds the ring full or is refused: its own claim decides */
        }
    }
    /* step 2.4; SYNC POINT: pairs with other producers' and the consumer's acquire loads of tailPosition */
    while (!ringway_compare_and_set_int64(
        &trailer->tail_position, tail_position, ringway_position_add_(tail_position, run_length)));

    *record_index = (int32_t)(tail_position & (capacity - 1));
    /* SYNC POINT: the run's stores stay after its negative length; pairs with the consumer's unblock scan (LAYOUT 7.1:
       it treats the run as one claim, and never sees a later record's header before this length) */
    ringway_put_int32_release(&ringway_record_at_(producer->ring_data, *record_index)->length, -run_length);
    ringway_fence_release();
    return run_count;
}

/**
 * LAYOUT 6.1 and 6.2 "Runs" steps 3 and 4: writes the claimed run of messages[0, run_count) at record_index except the
 * first record's length (plain, in any order: the commit orders them): the first record's body and type id, every
 * later record's whole header and body, never the bytes between a record's end and its aligned end (so a run leaves
 * the bytes that offers of its records would); then commits the whole run with the release store of the first length.
 */
static inline void ringway_write_run_and_commit_(
    uint8_t *ring_data, int32_t record_index, const ringway_message_t *messages, size_t run_count)
{
    ringway_write_body_and_type_id_(ring_data, record_index, messages[0].type_id, messages[0].body,
        messages[0].body_length);
    int32_t message_index = record_index + ringway_message_aligned_length_(&messages[0]);
    for (size_t i = 1; i < run_count; i++)
    {
        const ringway_message_t *message = &messages[i];
        ringway_put_int32_plain(&ringway_record_at_(ring_data, message_index)->length,
            message->body_length + RINGWAY_RECORD_HEADER_LENGTH);
        ringway_write_body_and_type_id_(ring_data, message_index, message->type_id, message->body,
            message->body_length);
        message_index += ringway_message_aligned_length_(message);
    }
    /* SYNC POINT: the run's commit; pairs with the consumer's acquire load of the first record's length in poll, after
       which it reads the later records of the run */
    ringway_put_int32_release(&ringway_record_at_(ring_data, record_index)->length,
        messages[0].body_length + RINGWAY_RECORD_HEADER_LENGTH);
}

/**
 * LAYOUT 6.1 and 6.2 "Runs": writes the longest prefix of messages[0, count) whose messages are each valid
 * (ringway_producer_check_message_ would take them) and fit, one after another, at the tail before the end of the
 * data area, as one run: one claim and one commit (the release store of the first record's length), without the wake
 * check of LAYOUT 9.2, which the caller makes. On MPSC the claim floor (LAYOUT 6.2 steps 0 and 5) brackets the run as
 * it brackets one offer. Against the same head, the data area, the trailer (head cache included) and the producer
 * slot end up with the bytes that ringway_producer_offer of each message would leave, but on SPSC for the line-start
 * padding (LAYOUT 6.1 step 5a) that an offer of a record inside the run would have had after it.
 * @return how many messages were written: 0 when the first one is left to ringway_producer_offer_unsignalled_ (it
 *         needs the wrap, finds the ring full, is refused, or the producer is closed).
 */
static inline size_t ringway_producer_offer_run_unsignalled_(
    ringway_producer_t *producer, const ringway_message_t *messages, size_t count)
{
    if (!ringway_producer_is_usable_(producer))
    {
        return 0;
    }
    int32_t record_index = 0;
    ringway_producer_before_claim_(producer);
    const size_t run_count = producer->ring_kind == RINGWAY_RING_KIND_SPSC ?
        ringway_spsc_claim_run_(producer, messages, count, &record_index) :
        ringway_mpsc_claim_run_(producer, messages, count, &record_index);
    if (run_count > 0)
    {
        ringway_write_run_and_commit_(producer->ring_data, record_index, messages, run_count);
    }
    ringway_producer_after_claim_(producer);
    if (run_count > 0)
    {
        ringway_heartbeat_on_busy_(&producer->heartbeat);
    }
    return run_count;
}

/**
 * Copies messages into the ring in order, as many ringway_producer_offer calls would, but makes the wake check of
 * LAYOUT 9.2 (a full fence and a load) once, after the last commit: a parked consumer is woken at the end of the
 * batch, never lost (LAYOUT 9.2, "Batches"). On both kinds of ring the messages that fit before the end of the data
 * area are written as runs (LAYOUT 6.1 and 6.2 "Runs"): one claim and one commit for many records, leaving the bytes
 * that ringway_producer_offer of each would (on SPSC without the line-start padding of LAYOUT 6.1 step 5a after a
 * record inside a run, only after its end); a message that needs the wrap, or finds the ring full, or is refused,
 * goes through ringway_producer_offer's own path. On MPSC a run's first header holds the negative length of the whole
 * run until its commit, and a producer killed inside a run has the whole run padded, none of it delivered (LAYOUT 7.1).
 *
 * @param messages the messages, count of them (may be NULL when count is 0).
 * @param written  set to how many messages, from the first, were committed (may be NULL).
 * @return RINGWAY_OK when all were written; RINGWAY_E_RING_FULL when the ring filled first (*written is the prefix
 *         written; offer the rest later); RINGWAY_E_MESSAGE_LENGTH, RINGWAY_E_TYPE_ID (for messages[*written], with
 *         detail), RINGWAY_E_CLOSED or RINGWAY_E_CORRUPT_RECORD as ringway_producer_offer.
 */
static inline int ringway_producer_offer_batch(
    ringway_producer_t *producer, const ringway_message_t *messages, size_t count, size_t *written)
{
    size_t offered = 0;
    int result = RINGWAY_OK;
    if (producer == NULL || (messages == NULL && count > 0))
    {
        result = RINGWAY_E_INVALID_ARGUMENT;
    }
    while (result == RINGWAY_OK && offered < count)
    {
        const size_t run_count = ringway_producer_offer_run_unsignalled_(producer, &messages[offered], count - offered);
        if (run_count > 0)
        {
            offered += run_count;
            continue;
        }
        /* a message that needs the wrap, finds the ring full or is refused: one message the usual way */
        const ringway_message_t *message = &messages[offered];
        result = ringway_producer_offer_unsignalled_(producer, message->type_id, message->body, message->body_length);
        offered += result == RINGWAY_OK;
    }
    if (offered > 0)
    {
        /* LAYOUT 9.2: once, after the batch's last commit; it orders every commit of the batch before the flag load */
        ringway_signal_consumer_if_waiting_(producer);
        ringway_producer_touch_ahead_(producer); /* LAYOUT 6.1 "Touch ahead" */
    }
    if (written != NULL)
    {
        *written = offered;
    }
    return result;
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
 * The timeout runs from the wait's first clock read (LAYOUT 8.1), taken after the first offer and one idle of the
 * strategy, not from the call.
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
    /* LAYOUT 8.1: the deadline is taken at the wait's first clock read (ringway_wait_remaining_ns_), not here */
    int64_t deadline_ns = RINGWAY_WAIT_NO_DEADLINE_NS_;
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
            const int64_t remaining_ns = ringway_wait_remaining_ns_(&deadline_ns, timeout_ns);
            int error_number = 0;
            if (remaining_ns > 0 && ringway_park_(producer->channel, &header->space_sequence, sequence, remaining_ns,
                &error_number) == RINGWAY_FUTEX_FAILED)
            {
                return ringway_wait_failed_(&producer->error, producer->channel->path, "spaceSequence", error_number);
            }
        }
        result = ringway_producer_offer(producer, type_id, body, body_length);
        if (result != RINGWAY_E_RING_FULL || ringway_wait_remaining_ns_(&deadline_ns, timeout_ns) <= 0)
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
 *         RINGWAY_E_MESSAGE_LENGTH, RINGWAY_E_TYPE_ID, RINGWAY_E_CLOSED, RINGWAY_E_CORRUPT_RECORD (the file's
 *         tailPosition is not a multiple of 8, LAYOUT 11; nothing written) with detail.
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
    const int32_t record_length = body_length + RINGWAY_RECORD_HEADER_LENGTH;
    const int32_t record_index = ringway_producer_claim_(producer, record_length);
    if (record_index < 0)
    {
        return record_index;
    }
    ringway_record_header_t *record = ringway_record_at_(producer->ring_data, record_index);
    if (producer->ring_kind == RINGWAY_RING_KIND_SPSC)
    {
        /* LAYOUT 6.1 step 6, tryClaim only (the claim stored it on MPSC): commit and abort find the claim by it.
         * Plain, no fence (6.1 "SPSC relaxations"): no SPSC reader scans past a length <= 0, and a producer that
         * repairs after this one died sees every store it executed; a later commit (release) orders it */
        ringway_put_int32_plain(&record->length, -record_length);
    }
    ringway_put_int32_plain(&record->type_id, type_id);
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
        ringway_set_error_detail_(&producer->error, RINGWAY_E_CLOSED, ringway_producer_path_(producer), "file",
            "producer closed", "closed", "attached");
        return NULL;
    }
    const int32_t record_index = body_index - RINGWAY_RECORD_HEADER_LENGTH;
    if (record_index < 0 || record_index > producer->capacity - RINGWAY_RECORD_HEADER_LENGTH ||
        (record_index & (RINGWAY_RECORD_ALIGNMENT - 1)) != 0)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        ringway_set_error_detail_(&producer->error, RINGWAY_E_CLAIM_STATE, producer->channel->path, "index",
            "claim index out of range", ringway_text_(found, sizeof(found), "%d", (int)body_index),
            "an index returned by try_claim");
        return NULL;
    }
    ringway_record_header_t *record = ringway_record_at_(producer->ring_data, record_index);
    const int32_t length = ringway_get_int32_plain(&record->length);
    if (length >= 0 || length < -(producer->capacity - record_index) || -length < RINGWAY_RECORD_HEADER_LENGTH)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        ringway_set_error_detail_(&producer->error, RINGWAY_E_CLAIM_STATE, producer->channel->path, "length",
            "claimed space previously committed or aborted", ringway_text_(found, sizeof(found), "%d", (int)length),
            "a negative length (claim in progress)");
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
    ringway_heartbeat_on_busy_(&producer->heartbeat);
    ringway_signal_consumer_if_waiting_(producer);
    ringway_producer_touch_ahead_(producer); /* LAYOUT 6.1 "Touch ahead" */
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
    ringway_heartbeat_on_busy_(&producer->heartbeat);
    /* an aborted claim may be all that stood between a parked consumer and later committed records (MPSC) */
    ringway_signal_consumer_if_waiting_(producer);
    ringway_producer_touch_ahead_(producer); /* LAYOUT 6.1 "Touch ahead" */
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
    return ringway_consumer_attach_with_options(consumer, channel, 0);
}

/**
 * ringway_consumer_attach with options: RINGWAY_CONSUMER_MEMBARRIER_WAKEUPS, or 0.
 *
 * RINGWAY_CONSUMER_MEMBARRIER_WAKEUPS (LAYOUT 9.8): before each park the consumer issues
 * membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED) instead of a full fence, and producers in every language skip the full
 * fence of the wake check after each commit (docs/WAITING.md, "Membarrier wakeups", for what it gains). Each park then costs a
 * system call and interrupts every CPU running a producer process's thread: for consumers that spin or park rarely.
 * Where the kernel lacks it (Linux before 4.16, a seccomp filter, Windows) the consumer keeps the full fence:
 * ringway_consumer_membarrier_wakeups tells.
 *
 * @return as ringway_consumer_attach.
 */
static inline int ringway_consumer_attach_with_options(
    ringway_consumer_t *consumer, ringway_channel_t *channel, uint32_t options)
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
        return ringway_set_error_detail_(&consumer->error, RINGWAY_E_CLOSED, channel == NULL ? "(none)" : channel->path,
            "file", "channel not open", "closed", "open");
    }
    consumer->header = channel->header;
    consumer->ring_data = channel->ring_data;
    consumer->trailer = channel->trailer;
    consumer->ring_kind = channel->ring_kind;
    consumer->capacity = channel->capacity;
    consumer->max_message_length = channel->max_message_length;
    consumer->unblock_timeout_ms = channel->unblock_timeout_ms;
    consumer->blocked_position = -1;
    consumer->tail_checked_ms = INT64_MIN;
    consumer->blocked_since_ms = 0;
    consumer->blocking_producer_pid = 0;
    consumer->membarrier_wakeups = false;
    if ((options & ~RINGWAY_CONSUMER_MEMBARRIER_WAKEUPS) != 0)
    {
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&consumer->error, RINGWAY_E_INVALID_ARGUMENT, channel->path, "options",
            "unknown consumer options", ringway_text_(found, sizeof(found), "0x%x", options),
            "0 or RINGWAY_CONSUMER_MEMBARRIER_WAKEUPS");
    }
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
        char found[RINGWAY_DETAIL_TEXT_LENGTH_];
        char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
        return ringway_set_error_detail_(&consumer->error, RINGWAY_E_CORRUPT_RECORD, channel->path, "headPosition",
            "invalid consumer position", ringway_text_(found, sizeof(found), "%lld", (long long)head_position),
            ringway_text_(expected, sizeof(expected), "a non-negative multiple of %d", RINGWAY_RECORD_ALIGNMENT));
    }
    channel->consumer_lease_token = token;
    channel->holds_consumer_lease = true;
    /* LAYOUT 9.4: the lease makes this the only data waiter; drop a flag left by a predecessor killed while parked */
    ringway_put_int32_release(&channel->header->data_waiters, 0);
    ringway_consumer_promise_membarrier_(consumer, token,
        (options & RINGWAY_CONSUMER_MEMBARRIER_WAKEUPS) != 0 && ringway_membarrier_supported_());
    consumer->head_position = head_position;
    consumer->messages_consumed = ringway_get_int64_acquire(&channel->header->messages_consumed);
    ringway_put_int64_release(&channel->header->consumer_pid, ringway_current_pid_());
    ringway_heartbeat_init_(&consumer->heartbeat, channel, &channel->header->consumer_heartbeat_ms);
    ringway_heartbeat_beat_(&consumer->heartbeat);
    consumer->is_attached = true;
    return RINGWAY_OK;
}

/**
 * LAYOUT 9.8: writes this consumer's promise (its lease token, or 0) into consumerMembarrierLease before its first park.
 * A predecessor that died while it promised left its token there; producers that read it before this lease may still
 * skip their fence, so a consumer that does not promise makes them all pass one barrier now.
 */
static inline void ringway_consumer_promise_membarrier_(ringway_consumer_t *consumer, int64_t token, bool promise)
{
    int64_t *word = &consumer->header->consumer_membarrier_lease;
    const int64_t previous = ringway_get_int64_acquire(word);
    ringway_put_int64_release(word, promise ? token : 0);
    if (!promise && previous != 0 && ringway_membarrier_supported_())
    {
        (void)ringway_membarrier_global_();
    }
    consumer->membarrier_wakeups = promise;
}

/** @return true when this consumer parks with membarrier wakeups (LAYOUT 9.8): producers skip their full fence. */
static inline bool ringway_consumer_membarrier_wakeups(const ringway_consumer_t *consumer)
{
    return consumer != NULL && consumer->membarrier_wakeups;
}

/**
 * Releases the consumer lease; unread messages stay for the next consumer. Closing twice does nothing. Called from
 * inside a handler of this consumer's poll, it is refused with RINGWAY_E_INVALID_ARGUMENT (detail, field file) and
 * changes nothing, the lease kept: close the consumer after the poll returns.
 */
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
    if (consumer->channel->is_consumer_polling)
    {
        /* from a handler: the poll would go on storing headPosition and messagesConsumed without the lease */
        return ringway_set_error_detail_(&consumer->error, RINGWAY_E_INVALID_ARGUMENT, consumer->channel->path,
            "file", "close inside a poll handler", "polling", "closed after the poll returns");
    }
    consumer->is_attached = false;
    ringway_channel_t *channel = consumer->channel;
    if (channel->is_open && channel->holds_consumer_lease)
    {
        if (consumer->membarrier_wakeups)
        {
            /* LAYOUT 9.8: withdraw the promise, then one barrier on every registered producer, before the lease: a
             * producer that read the promise has its commit seen by the next consumer's re-check */
            ringway_put_int64_release(&channel->header->consumer_membarrier_lease, 0);
            (void)ringway_membarrier_global_();
        }
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
/**
 * Whether an empty MPSC poll runs the unblock rule (LAYOUT 7.1 step 1): at most once per millisecond of the
 * heartbeat's last clock read, whatever the length at the head. The rule loads tailPosition, whose cache line the
 * producers CAS on every claim; loaded on every empty poll, it moves to the consumer's core and back before each
 * producer's next CAS (measured in Java with benchmarks/ab-mpsc.sh, 2 producer processes: 1.28x the throughput of
 * running it on every poll that finds a negative length at the head).
 */
static inline bool ringway_consumer_may_be_stuck_(ringway_consumer_t *consumer)
{
    if (consumer->heartbeat.last_beat_ms == consumer->tail_checked_ms)
    {
        return false;
    }
    consumer->tail_checked_ms = consumer->heartbeat.last_beat_ms;
    return true;
}

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
            char reason[RINGWAY_DETAIL_TEXT_LENGTH_];
            char found[RINGWAY_DETAIL_TEXT_LENGTH_];
            char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
            ringway_set_error_detail_(&consumer->error, RINGWAY_E_CORRUPT_RECORD, consumer->channel->path, "length",
                ringway_text_(reason, sizeof(reason), "corrupt record at position=%lld", (long long)record_position),
                ringway_text_(found, sizeof(found), "%d", (int)record_length),
                ringway_text_(expected, sizeof(expected), "%d..%d (header length to end of data area)",
                    RINGWAY_RECORD_HEADER_LENGTH, (int)to_end_length));
            break;
        }
        if (type_id != RINGWAY_PADDING_TYPE_ID)
        {
            if (type_id < 1)
            {
                *is_corrupt = true;
                char reason[RINGWAY_DETAIL_TEXT_LENGTH_];
                char found[RINGWAY_DETAIL_TEXT_LENGTH_];
                ringway_set_error_detail_(&consumer->error, RINGWAY_E_CORRUPT_RECORD, consumer->channel->path, "typeId",
                    ringway_text_(reason, sizeof(reason), "corrupt record at position=%lld",
                        (long long)record_position), ringway_text_(found, sizeof(found), "%d", (int)type_id),
                    ">=1 or -1 (padding)");
                break;
            }
            if (record_length - RINGWAY_RECORD_HEADER_LENGTH > consumer->max_message_length)
            {
                *is_corrupt = true;
                char reason[RINGWAY_DETAIL_TEXT_LENGTH_];
                char found[RINGWAY_DETAIL_TEXT_LENGTH_];
                char expected[RINGWAY_DETAIL_TEXT_LENGTH_];
                ringway_set_error_detail_(&consumer->error, RINGWAY_E_CORRUPT_RECORD, consumer->channel->path, "length",
                    ringway_text_(reason, sizeof(reason), "corrupt record at position=%lld",
                        (long long)record_position), ringway_text_(found, sizeof(found), "%d", (int)record_length),
                    ringway_text_(expected, sizeof(expected), "<=%d (maxMessageLength + header)",
                        (int)(consumer->max_message_length + RINGWAY_RECORD_HEADER_LENGTH)));
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
 * claim that has stopped the consumer for the channel's unblock timeout. Called from inside a handler of the same
 * consumer (a nested poll): refused with RINGWAY_E_INVALID_ARGUMENT, nothing read.
 *
 * @return the number delivered, min(limit, committed messages available); RINGWAY_E_CORRUPT_RECORD (with detail)
 *         when the next record is impossible, or a dead claim at the head has an impossible length: the consumer
 *         stops before it and never advances past it (messages before it are delivered first, and the next poll
 *         reports it); RINGWAY_E_CLOSED; RINGWAY_E_INVALID_ARGUMENT for a NULL consumer or handler, or (with detail,
 *         field consumer) a nested poll.
 */
static inline int ringway_consumer_poll_(
    ringway_consumer_t *consumer, ringway_message_handler_t handler, void *clientd, int limit, bool idle_beat);

static inline int ringway_consumer_poll(
    ringway_consumer_t *consumer, ringway_message_handler_t handler, void *clientd, int limit)
{
    return ringway_consumer_poll_(consumer, handler, clientd, limit, true);
}

/**
 * ringway_consumer_poll, whose empty poll beats the heartbeat only when idle_beat: a spinning wait reads the clock once
 * every RINGWAY_SPINS_PER_CLOCK_READ re-checks (LAYOUT 8.1).
 */
static inline int ringway_consumer_poll_(
    ringway_consumer_t *consumer, ringway_message_handler_t handler, void *clientd, int limit, bool idle_beat)
{
    if (consumer == NULL || handler == NULL)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    if (!consumer->is_attached || consumer->channel == NULL || !consumer->channel->is_open)
    {
        return ringway_set_error_detail_(&consumer->error, RINGWAY_E_CLOSED,
            consumer->channel == NULL ? "(none)" : consumer->channel->path, "file", "consumer closed", "closed",
            "attached");
    }
    if (consumer->channel->is_consumer_polling)
    {
        /* from a handler: it would read from the head this poll has not stored yet, deliver the same messages again,
           and this poll would then store its own smaller head over the inner one's */
        return ringway_set_error_detail_(&consumer->error, RINGWAY_E_INVALID_ARGUMENT, consumer->channel->path,
            "consumer", "poll inside a poll handler", "polling", "a poll after the handler returns");
    }
    if (limit <= 0)
    {
        return 0;
    }
    bool is_corrupt = false;
    const int64_t start_position = consumer->head_position;
    consumer->is_poll_stopped = false;
    consumer->channel->is_consumer_polling = true; /* handlers run only in the passes below, which always return here */
    int delivered = ringway_consumer_read_block_(consumer, handler, clientd, limit, &is_corrupt);
    if (!is_corrupt && !consumer->is_poll_stopped && delivered < limit && consumer->head_position != start_position &&
        (consumer->head_position & (consumer->capacity - 1)) == 0)
    {
        /* the first pass stopped at the end of the data area: continue from index 0 (LAYOUT 7, step 4) */
        delivered += ringway_consumer_read_block_(consumer, handler, clientd, limit - delivered, &is_corrupt);
    }
    consumer->channel->is_consumer_polling = false;
    if (consumer->head_position != start_position)
    {
        /* LAYOUT 9.2: space was freed (release of headPosition); wake producers parked for space */
        ringway_signal_if_waiting_(consumer->channel, &consumer->header->space_sequence,
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
    if (idle_beat)
    {
        ringway_heartbeat_beat_(&consumer->heartbeat); /* idle (LAYOUT 8.1) */
    }
    if (consumer->ring_kind == RINGWAY_RING_KIND_MPSC && ringway_consumer_may_be_stuck_(consumer))
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
 * in any process and language commits. While it spins it reads the clock (deadline and heartbeat) once every
 * RINGWAY_SPINS_PER_CLOCK_READ re-checks (LAYOUT 8.1), so the timeout may be overrun by that many re-checks. Its
 * first poll is the first of those re-checks: empty, it reads no clock, and the deadline (now + timeout_ns) is taken
 * at the wait's first clock read (a spinning re-check that reads it, or the first yield or park), not at the call.
 * Called from inside a handler of the same consumer (a nested poll): refused with RINGWAY_E_INVALID_ARGUMENT, nothing
 * read.
 *
 * @return the number delivered (> 0); 0 when the timeout elapsed with nothing to deliver (timeout_ns <= 0 polls once);
 *         a negative result as ringway_consumer_poll; RINGWAY_E_IO when the futex call fails (detail says errno).
 */
static inline int ringway_consumer_poll_wait(
    ringway_consumer_t *consumer, ringway_message_handler_t handler, void *clientd, int limit, int64_t timeout_ns)
{
    if (timeout_ns <= 0 || limit <= 0)
    {
        /* not a wait but one poll: an empty one beats like ringway_consumer_poll (LAYOUT 8.1) */
        return ringway_consumer_poll(consumer, handler, clientd, limit);
    }
    /* LAYOUT 8.1: the first poll is the wait's first spinning re-check, which reads no clock when empty: neither the
       heartbeat's (the re-check that reads it beats) nor the deadline's (taken at that read, ringway_wait_remaining_ns_).
       Both reads here were on the path of a message that arrives within the first re-checks, as in a ping-pong. */
    int delivered = ringway_consumer_poll_(consumer, handler, clientd, limit, false);
    if (delivered != 0)
    {
        return delivered;
    }
    ringway_header_page_t *header = consumer->header;
    int64_t deadline_ns = RINGWAY_WAIT_NO_DEADLINE_NS_;
    for (int32_t idle_count = 0; ; idle_count = idle_count == INT32_MAX ? idle_count : idle_count + 1)
    {
        if (ringway_wait_idle_(&consumer->wait_strategy, idle_count))
        {
            /* LAYOUT 9.1: flag, full fence (9.8: or membarrier), re-check, then park on the sequence read before it */
            int32_t sequence = 0;
            if (!consumer->membarrier_wakeups)
            {
                sequence = ringway_prepare_to_wait_(&header->data_sequence, &header->data_waiters);
            }
            else
            {
                const int error_number =
                    ringway_prepare_to_wait_membarrier_(&header->data_sequence, &header->data_waiters, &sequence);
                if (error_number != 0)
                {
                    ringway_put_int32_release(&header->data_waiters, 0);
                    return ringway_set_error_detail_(&consumer->error, RINGWAY_E_IO, consumer->channel->path,
                        "consumerMembarrierLease", "membarrier failed", strerror(error_number), "0");
                }
            }
            delivered = ringway_consumer_poll(consumer, handler, clientd, limit);
            /* the deadline only when it parks: a message found by the re-check needs no clock read */
            const int64_t remaining_ns = delivered == 0 ? ringway_wait_remaining_ns_(&deadline_ns, timeout_ns) : 0;
            int error_number = 0;
            if (delivered == 0 && remaining_ns > 0 && ringway_park_(consumer->channel, &header->data_sequence,
                sequence, remaining_ns, &error_number) == RINGWAY_FUTEX_FAILED)
            {
                ringway_put_int32_release(&header->data_waiters, 0);
                return ringway_wait_failed_(&consumer->error, consumer->channel->path, "dataSequence", error_number);
            }
            /* single waiter (the lease holder): the flag is ours to clear */
            ringway_put_int32_release(&header->data_waiters, 0);
        }
        /* a spinning wait reads the clock (deadline and heartbeat) once every RINGWAY_SPINS_PER_CLOCK_READ re-checks */
        const bool reads_clock = ringway_wait_reads_clock_(&consumer->wait_strategy, idle_count);
        if (delivered == 0)
        {
            delivered = ringway_consumer_poll_(consumer, handler, clientd, limit, reads_clock);
        }
        if (delivered != 0 || (reads_clock && ringway_wait_remaining_ns_(&deadline_ns, timeout_ns) <= 0))
        {
            return delivered;
        }
    }
}

#ifdef __cplusplus
}
#endif

#endif /* RINGWAY_H */
