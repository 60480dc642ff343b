/* What the C producer and consumer of the two-process example share: the channel and the message layout. */
#ifndef TWO_PROCESS_COMMON_H
#define TWO_PROCESS_COMMON_H

#include "ringway.h"

#include <sched.h>

/*
 * The conformance traffic of docs/CONFORMANCE.md, from one producer (id 1):
 *   SEQUENCE (typeId 1): int64 producerId | int64 sequence | (sequence % 41) filler bytes, byte i = sequence + i
 *   END      (typeId 2): int64 producerId | int64 count | int64 FNV-1a 64 checksum of every SEQUENCE body
 */
#define SEQUENCE_TYPE_ID 1
#define END_TYPE_ID 2
#define END_LENGTH 24
#define MAX_SEQUENCE_LENGTH 56
#define PRODUCER_ID 1
#define CAPACITY (1 << 20)
#define FNV_OFFSET_BASIS UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME UINT64_C(0x100000001b3)

static inline int32_t sequence_length(int64_t sequence)
{
    return 16 + (int32_t)(sequence % 41);
}

static inline uint64_t fnv1a(uint64_t hash, const uint8_t *bytes, int32_t length)
{
    for (int32_t i = 0; i < length; i++)
    {
        hash = (hash ^ bytes[i]) * FNV_PRIME;
    }
    return hash;
}

/** Opens the channel, or creates it (SPSC, 1 MiB) when there is none; waits while another process creates it. */
static inline int open_or_create(ringway_channel_t *channel, const char *path)
{
    for (int attempt = 0; attempt < 1000; attempt++)
    {
        ringway_create_options_t options = { RINGWAY_RING_KIND_SPSC, CAPACITY, 0, 0, 0, false };
        int result = ringway_channel_create(channel, path, &options);
        if (result != RINGWAY_E_FILE_EXISTS)
        {
            return result;
        }
        result = ringway_channel_open(channel, path, NULL);
        if (result != RINGWAY_E_NOT_INITIALISED && result != RINGWAY_E_FILE_NOT_FOUND)
        {
            return result;
        }
        sched_yield(); /* the other process is between create and its release of layoutVersion */
    }
    return RINGWAY_E_NOT_INITIALISED;
}

static inline const char *default_path(char *buffer, size_t length)
{
    return ringway_channel_path_for("two-process-c", buffer, length) == RINGWAY_OK ? buffer : "two-process-c.ringway";
}

#endif
