/*
 * Fixtures shared by the unit tests of ringway.h, one executable per component (tests/unit_<component>_tests.c):
 * channels made and damaged on disk, messages offered with a seeded body and collected, forked children awaited and
 * killed, an injected clock. A helper that only one component uses stays in that component's file.
 * Include it first, after defining _GNU_SOURCE.
 */
#ifndef RINGWAY_UNIT_SUPPORT_H
#define RINGWAY_UNIT_SUPPORT_H

#include "ringway.h"
#include "test_support.h"

#include <signal.h>
#include <sys/wait.h>

#define MAX_RECEIVED 256

typedef struct received_stct
{
    int count;
    int32_t type_ids[MAX_RECEIVED];
    int32_t lengths[MAX_RECEIVED];
    uint8_t first_bytes[MAX_RECEIVED][16];
}
received_t;

static inline void collect(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    received_t *received = (received_t *)clientd;
    if (received->count < MAX_RECEIVED)
    {
        received->type_ids[received->count] = type_id;
        received->lengths[received->count] = body_length;
        memset(received->first_bytes[received->count], 0, 16);
        memcpy(received->first_bytes[received->count], body, (size_t)(body_length < 16 ? body_length : 16));
    }
    received->count++;
}

static inline int create_channel(ringway_channel_t *channel, const char *path, int32_t ring_kind, int32_t capacity)
{
    ringway_create_options_t options;
    memset(&options, 0, sizeof(options));
    options.ring_kind = ring_kind;
    options.capacity = capacity;
    return ringway_channel_create(channel, path, &options);
}

/** Creates a valid channel file and closes it, for tests that then damage it. */
static inline bool make_channel_file(const char *path, int32_t ring_kind, int32_t capacity)
{
    ringway_channel_t channel;
    if (create_channel(&channel, path, ring_kind, capacity) != RINGWAY_OK)
    {
        fprintf(stderr, "%s\n", ringway_channel_last_error(&channel));
        return false;
    }
    return ringway_channel_close(&channel) == RINGWAY_OK;
}

static inline bool patch_int32(const char *path, off_t offset, int32_t value)
{
    const int fd = open(path, O_RDWR);
    const bool written = fd >= 0 && pwrite(fd, &value, sizeof(value), offset) == (ssize_t)sizeof(value);
    if (fd >= 0)
    {
        close(fd);
    }
    return written;
}

static inline bool patch_int64(const char *path, off_t offset, int64_t value)
{
    const int fd = open(path, O_RDWR);
    const bool written = fd >= 0 && pwrite(fd, &value, sizeof(value), offset) == (ssize_t)sizeof(value);
    if (fd >= 0)
    {
        close(fd);
    }
    return written;
}

/** Opens the file and checks that it is refused with the code and the field. */
static inline bool open_is_refused(const char *path, int expected_code, const char *expected_field)
{
    ringway_channel_t channel;
    const int result = ringway_channel_open(&channel, path, NULL);
    if (result != expected_code || strcmp(ringway_channel_last_error_field(&channel), expected_field) != 0)
    {
        fprintf(stderr, "open: expected %d field=%s, was %d: %s\n", expected_code, expected_field, result,
            ringway_channel_last_error(&channel));
        if (result == RINGWAY_OK)
        {
            ringway_channel_close(&channel);
        }
        return false;
    }
    char expected_text[64];
    snprintf(expected_text, sizeof(expected_text), "field=%s ", expected_field);
    if (strstr(ringway_channel_last_error(&channel), expected_text) == NULL ||
        strstr(ringway_channel_last_error(&channel), path) == NULL)
    {
        fprintf(stderr, "error detail lacks file or field: %s\n", ringway_channel_last_error(&channel));
        return false;
    }
    return true;
}

static inline void fill_body(uint8_t *body, int32_t length, int seed)
{
    for (int32_t i = 0; i < length; i++)
    {
        body[i] = (uint8_t)(seed * 31 + i);
    }
}

static inline bool body_matches(const uint8_t *first_bytes, int32_t length, int seed)
{
    for (int32_t i = 0; i < length && i < 16; i++)
    {
        if (first_bytes[i] != (uint8_t)(seed * 31 + i))
        {
            return false;
        }
    }
    return true;
}

static inline int offer_seeded(ringway_producer_t *producer, int32_t type_id, int32_t length, int seed)
{
    uint8_t body[4096];
    fill_body(body, length, seed);
    return ringway_producer_offer(producer, type_id, body, length);
}

static inline void kill_and_reap(pid_t child)
{
    kill(child, SIGKILL);
    /* reaped: a zombie still has /proc/<pid>/stat, so it would still count as alive */
    waitpid(child, NULL, 0);
}

/**
 * Reads the one status byte a forked child writes to the ready pipe once it holds what the test needs ('k'), and
 * closes the pipe. @return the child, or -1 (the child killed and reaped) when it failed or wrote nothing.
 */
static inline pid_t await_child_ready(int ready_fd, pid_t child)
{
    char status = 0;
    const ssize_t bytes_read = read(ready_fd, &status, 1);
    close(ready_fd);
    if (bytes_read != 1 || status != 'k')
    {
        if (child > 0)
        {
            kill_and_reap(child);
        }
        return -1;
    }
    return child;
}

static inline int64_t manual_clock(void *clientd)
{
    return *(const int64_t *)clientd;
}

static inline int offer_value(ringway_producer_t *producer, int64_t value)
{
    return ringway_producer_offer(producer, 1, &value, (int32_t)sizeof(value));
}

static inline int64_t first_value(const received_t *received, int at)
{
    int64_t value;
    memcpy(&value, received->first_bytes[at], sizeof(value));
    return value;
}

#endif /* RINGWAY_UNIT_SUPPORT_H */
