/*
 * The conformance traffic of docs/CONFORMANCE.md for C programs and tests: encoding, checksum and verification.
 *
 *  SEQUENCE (typeId 1): int64 producerId | int64 sequence | filler: (sequence % 41) bytes, byte i = (sequence + i)
 *  END      (typeId 2): int64 producerId | int64 count    | int64 checksum (FNV-1a 64 over every SEQUENCE body)
 */
#ifndef RINGWAY_CONFORMANCE_H
#define RINGWAY_CONFORMANCE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define CONFORMANCE_SEQUENCE_TYPE_ID 1
#define CONFORMANCE_END_TYPE_ID 2
#define CONFORMANCE_PRODUCER_ID_OFFSET 0
#define CONFORMANCE_SEQUENCE_OFFSET 8
#define CONFORMANCE_FILLER_OFFSET 16
#define CONFORMANCE_COUNT_OFFSET 8
#define CONFORMANCE_CHECKSUM_OFFSET 16
#define CONFORMANCE_END_LENGTH 24
#define CONFORMANCE_FILLER_MODULUS 41
#define CONFORMANCE_MAX_SEQUENCE_LENGTH (CONFORMANCE_FILLER_OFFSET + CONFORMANCE_FILLER_MODULUS - 1)
#define CONFORMANCE_MAX_PRODUCERS 64
#define CONFORMANCE_FNV_OFFSET_BASIS UINT64_C(0xcbf29ce484222325)
#define CONFORMANCE_FNV_PRIME UINT64_C(0x100000001b3)

static inline int32_t conformance_sequence_length(int64_t sequence)
{
    return CONFORMANCE_FILLER_OFFSET + (int32_t)(sequence % CONFORMANCE_FILLER_MODULUS);
}

static inline void conformance_put_int64(uint8_t *buffer, int64_t value)
{
    memcpy(buffer, &value, sizeof(value)); /* little-endian hosts only, as LAYOUT 1 */
}

static inline int64_t conformance_get_int64(const uint8_t *buffer)
{
    int64_t value;
    memcpy(&value, buffer, sizeof(value));
    return value;
}

/** Writes a SEQUENCE body. @return its length. */
static inline int32_t conformance_encode_sequence(uint8_t *body, int64_t producer_id, int64_t sequence)
{
    const int32_t length = conformance_sequence_length(sequence);
    conformance_put_int64(body + CONFORMANCE_PRODUCER_ID_OFFSET, producer_id);
    conformance_put_int64(body + CONFORMANCE_SEQUENCE_OFFSET, sequence);
    for (int32_t i = CONFORMANCE_FILLER_OFFSET; i < length; i++)
    {
        body[i] = (uint8_t)(sequence + (i - CONFORMANCE_FILLER_OFFSET));
    }
    return length;
}

/** Writes an END body. @return its length. */
static inline int32_t conformance_encode_end(uint8_t *body, int64_t producer_id, int64_t count, uint64_t checksum)
{
    conformance_put_int64(body + CONFORMANCE_PRODUCER_ID_OFFSET, producer_id);
    conformance_put_int64(body + CONFORMANCE_COUNT_OFFSET, count);
    conformance_put_int64(body + CONFORMANCE_CHECKSUM_OFFSET, (int64_t)checksum);
    return CONFORMANCE_END_LENGTH;
}

/** FNV-1a 64, continued from checksum over length bytes. */
static inline uint64_t conformance_checksum(uint64_t checksum, const uint8_t *bytes, int32_t length)
{
    uint64_t hash = checksum;
    for (int32_t i = 0; i < length; i++)
    {
        hash ^= bytes[i];
        hash *= CONFORMANCE_FNV_PRIME;
    }
    return hash;
}

typedef struct conformance_producer_state_stct
{
    int64_t producer_id;
    int64_t next_sequence;
    uint64_t checksum;
    bool ended;
}
conformance_producer_state_t;

/** Checks traffic from any number of producers; keeps the first violation. */
typedef struct conformance_verifier_stct
{
    conformance_producer_state_t producers[CONFORMANCE_MAX_PRODUCERS];
    int producer_count;
    int ended_count;
    int64_t messages;
    bool failed;
    char first_error[512];
}
conformance_verifier_t;

static inline void conformance_verifier_init(conformance_verifier_t *verifier)
{
    memset(verifier, 0, sizeof(*verifier));
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static inline void conformance_fail(conformance_verifier_t *verifier, const char *format, ...);

#include <stdarg.h>

static inline void conformance_fail(conformance_verifier_t *verifier, const char *format, ...)
{
    if (verifier->failed)
    {
        return;
    }
    verifier->failed = true;
    va_list args;
    va_start(args, format);
    vsnprintf(verifier->first_error, sizeof(verifier->first_error), format, args);
    va_end(args);
}

static inline conformance_producer_state_t *conformance_state_of(conformance_verifier_t *verifier, int64_t producer_id)
{
    for (int i = 0; i < verifier->producer_count; i++)
    {
        if (verifier->producers[i].producer_id == producer_id)
        {
            return &verifier->producers[i];
        }
    }
    if (verifier->producer_count == CONFORMANCE_MAX_PRODUCERS)
    {
        return NULL;
    }
    conformance_producer_state_t *state = &verifier->producers[verifier->producer_count++];
    state->producer_id = producer_id;
    state->next_sequence = 0;
    state->checksum = CONFORMANCE_FNV_OFFSET_BASIS;
    state->ended = false;
    return state;
}

/** A ringway_message_handler_t: clientd is the conformance_verifier_t. */
static inline void conformance_on_message(void *clientd, int32_t type_id, const uint8_t *body, int32_t length)
{
    conformance_verifier_t *verifier = (conformance_verifier_t *)clientd;
    verifier->messages++;
    if (length < 16)
    {
        conformance_fail(verifier, "body too short: typeId=%d length=%d", (int)type_id, (int)length);
        return;
    }
    const int64_t producer_id = conformance_get_int64(body + CONFORMANCE_PRODUCER_ID_OFFSET);
    conformance_producer_state_t *state = conformance_state_of(verifier, producer_id);
    if (state == NULL)
    {
        conformance_fail(verifier, "too many producers: producer=%lld", (long long)producer_id);
        return;
    }
    if (type_id == CONFORMANCE_SEQUENCE_TYPE_ID)
    {
        const int64_t sequence = conformance_get_int64(body + CONFORMANCE_SEQUENCE_OFFSET);
        if (state->ended)
        {
            conformance_fail(verifier, "producer=%lld sent sequence=%lld after its END",
                (long long)producer_id, (long long)sequence);
        }
        if (sequence != state->next_sequence)
        {
            conformance_fail(verifier, "producer=%lld field=sequence found=%lld expected=%lld",
                (long long)producer_id, (long long)sequence, (long long)state->next_sequence);
        }
        if (sequence < 0 || length != conformance_sequence_length(sequence))
        {
            conformance_fail(verifier, "producer=%lld sequence=%lld field=length found=%d",
                (long long)producer_id, (long long)sequence, (int)length);
        }
        else
        {
            for (int32_t i = CONFORMANCE_FILLER_OFFSET; i < length; i++)
            {
                const uint8_t expected = (uint8_t)(sequence + (i - CONFORMANCE_FILLER_OFFSET));
                if (body[i] != expected)
                {
                    conformance_fail(verifier, "producer=%lld sequence=%lld filler byte %d found=%u expected=%u",
                        (long long)producer_id, (long long)sequence, (int)i, (unsigned)body[i], (unsigned)expected);
                    break;
                }
            }
        }
        state->checksum = conformance_checksum(state->checksum, body, length);
        state->next_sequence = sequence + 1;
    }
    else if (type_id == CONFORMANCE_END_TYPE_ID)
    {
        if (length != CONFORMANCE_END_LENGTH)
        {
            conformance_fail(verifier, "producer=%lld END field=length found=%d expected=%d",
                (long long)producer_id, (int)length, CONFORMANCE_END_LENGTH);
            return;
        }
        const int64_t count = conformance_get_int64(body + CONFORMANCE_COUNT_OFFSET);
        const uint64_t checksum = (uint64_t)conformance_get_int64(body + CONFORMANCE_CHECKSUM_OFFSET);
        if (count != state->next_sequence)
        {
            conformance_fail(verifier, "producer=%lld field=count found=%lld received=%lld",
                (long long)producer_id, (long long)count, (long long)state->next_sequence);
        }
        if (checksum != state->checksum)
        {
            conformance_fail(verifier, "producer=%lld field=checksum found=%llx computed=%llx",
                (long long)producer_id, (unsigned long long)checksum, (unsigned long long)state->checksum);
        }
        if (!state->ended)
        {
            state->ended = true;
            verifier->ended_count++;
        }
    }
    else
    {
        conformance_fail(verifier, "unexpected typeId=%d", (int)type_id);
    }
}

#endif /* RINGWAY_CONFORMANCE_H */
