/*
 * Terminal 2: sends count SEQUENCE messages, then END, into the channel (opening it, or creating it if the consumer
 * has not yet). Even sequences are copied in (offer), odd ones written in place (try_claim, write, commit).
 *
 * Usage: ./producer [channel file] [count]   (defaults: /dev/shm/two-process-c.ringway, 10000000)
 */
#include "common.h"

#include <stdlib.h>

static void put_int64(uint8_t *at, int64_t value)
{
    memcpy(at, &value, sizeof(value));
}

static void encode_sequence(uint8_t *body, int64_t sequence)
{
    put_int64(body, PRODUCER_ID);
    put_int64(body + 8, sequence);
    for (int32_t i = 16; i < sequence_length(sequence); i++)
    {
        body[i] = (uint8_t)(sequence + (i - 16));
    }
}

int main(int argc, char **argv)
{
    char default_buffer[256];
    const char *path = argc > 1 ? argv[1] : default_path(default_buffer, sizeof(default_buffer));
    const int64_t count = argc > 2 ? atoll(argv[2]) : 10000000;

    ringway_channel_t channel;
    if (open_or_create(&channel, path) < 0)
    {
        fprintf(stderr, "producer: %s\n", ringway_channel_last_error(&channel));
        return 1;
    }
    ringway_producer_t producer;
    if (ringway_producer_attach(&producer, &channel) < 0)
    {
        fprintf(stderr, "producer: %s\n", ringway_producer_last_error(&producer));
        ringway_channel_close(&channel);
        return 1;
    }
    printf("producer: sending %lld messages to %s\n", (long long)count, path);

    uint8_t scratch[MAX_SEQUENCE_LENGTH];
    uint64_t checksum = FNV_OFFSET_BASIS;
    for (int64_t sequence = 0; sequence < count; sequence++)
    {
        const int32_t length = sequence_length(sequence);
        if ((sequence & 1) == 0)
        {
            encode_sequence(scratch, sequence);
            int result;
            while ((result = ringway_producer_offer(&producer, SEQUENCE_TYPE_ID, scratch, length)) ==
                RINGWAY_E_RING_FULL)
            {
                sched_yield(); /* back-pressure: the consumer is behind */
            }
            if (result < 0)
            {
                fprintf(stderr, "producer: %s\n", ringway_producer_last_error(&producer));
                return 1;
            }
            checksum = fnv1a(checksum, scratch, length);
        }
        else
        {
            uint8_t *body;
            int32_t index;
            while ((index = ringway_producer_try_claim(&producer, SEQUENCE_TYPE_ID, length, &body)) ==
                RINGWAY_E_RING_FULL)
            {
                sched_yield();
            }
            if (index < 0)
            {
                fprintf(stderr, "producer: %s\n", ringway_producer_last_error(&producer));
                return 1;
            }
            encode_sequence(body, sequence);
            checksum = fnv1a(checksum, body, length);
            ringway_producer_commit(&producer, index);
        }
    }
    uint8_t end[END_LENGTH];
    put_int64(end, PRODUCER_ID);
    put_int64(end + 8, count);
    put_int64(end + 16, (int64_t)checksum);
    while (ringway_producer_offer(&producer, END_TYPE_ID, end, END_LENGTH) == RINGWAY_E_RING_FULL)
    {
        sched_yield();
    }
    printf("producer: done, back-pressure events: %lld\n", (long long)ringway_channel_back_pressure_count(&channel));
    ringway_producer_close(&producer);
    ringway_channel_close(&channel);
    return 0;
}
