/*
 * Terminal 1: opens the channel (creating it if absent), reads until the producer's END, and checks that every
 * sequence arrived once and in order with the right bytes, and that END's count and checksum match.
 *
 * Usage: ./consumer [channel file]   (default: /dev/shm/two-process-c.ringway)
 */
#include "common.h"

#include <time.h>

typedef struct state_stct
{
    int64_t next_sequence;
    uint64_t checksum;
    bool ended;
    bool failed;
    char error[256];
}
state_t;

static int64_t get_int64(const uint8_t *at)
{
    int64_t value;
    memcpy(&value, at, sizeof(value));
    return value;
}

static void on_message(void *clientd, int32_t type_id, const uint8_t *body, int32_t length)
{
    state_t *state = (state_t *)clientd;
    if (state->failed)
    {
        return;
    }
    if (type_id == SEQUENCE_TYPE_ID)
    {
        const int64_t sequence = length >= 16 ? get_int64(body + 8) : -1;
        bool bytes_ok = length == sequence_length(state->next_sequence);
        for (int32_t i = 16; bytes_ok && i < length; i++)
        {
            bytes_ok = body[i] == (uint8_t)(sequence + (i - 16));
        }
        if (sequence != state->next_sequence || !bytes_ok)
        {
            state->failed = true;
            snprintf(state->error, sizeof(state->error), "sequence found=%lld expected=%lld (length %d)",
                (long long)sequence, (long long)state->next_sequence, (int)length);
            return;
        }
        state->checksum = fnv1a(state->checksum, body, length);
        state->next_sequence++;
    }
    else if (type_id == END_TYPE_ID && length == END_LENGTH)
    {
        const int64_t count = get_int64(body + 8);
        const uint64_t checksum = (uint64_t)get_int64(body + 16);
        if (count != state->next_sequence || checksum != state->checksum)
        {
            state->failed = true;
            snprintf(state->error, sizeof(state->error), "END count=%lld checksum=%llx, received %lld checksum=%llx",
                (long long)count, (unsigned long long)checksum, (long long)state->next_sequence,
                (unsigned long long)state->checksum);
        }
        state->ended = true;
    }
}

static double seconds_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    char default_buffer[256];
    const char *path = argc > 1 ? argv[1] : default_path(default_buffer, sizeof(default_buffer));

    ringway_channel_t channel;
    if (open_or_create(&channel, path) < 0)
    {
        fprintf(stderr, "consumer: %s\n", ringway_channel_last_error(&channel));
        return 1;
    }
    ringway_consumer_t consumer;
    if (ringway_consumer_attach(&consumer, &channel) < 0)
    {
        fprintf(stderr, "consumer: %s\n", ringway_consumer_last_error(&consumer));
        ringway_channel_close(&channel);
        return 1;
    }
    printf("consumer: waiting for messages on %s\n", path);
    fflush(stdout);

    state_t state = { 0, FNV_OFFSET_BASIS, false, false, "" };
    double start_seconds = 0;
    while (!state.ended && !state.failed)
    {
        const int delivered = ringway_consumer_poll(&consumer, on_message, &state, 1024);
        if (delivered < 0)
        {
            fprintf(stderr, "consumer: %s\n", ringway_consumer_last_error(&consumer));
            return 1;
        }
        if (delivered == 0)
        {
            sched_yield();
        }
        else if (start_seconds == 0)
        {
            start_seconds = seconds_now();
        }
    }
    ringway_consumer_close(&consumer);
    ringway_channel_close(&channel);
    if (state.failed)
    {
        fprintf(stderr, "consumer: FAILED: %s\n", state.error);
        return 1;
    }
    const double elapsed_seconds = seconds_now() - start_seconds;
    printf("consumer: received %lld messages in order, none lost or repeated, checksum ok, in %.2f s\n",
        (long long)state.next_sequence, elapsed_seconds);
    return 0;
}
