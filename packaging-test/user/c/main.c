/* A user's program, outside the Ringway build: includes the installed ringway.h (found by find_package(ringway) or
 * pkg-config), sends 1000 messages through a channel in the file given as argv[1] and reads them back in order. */
#include "ringway.h"

#include <stdio.h>
#include <string.h>

enum { MESSAGE_COUNT = 1000 };

static void on_message(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    int32_t *next = clientd;
    int32_t sequence = -1;
    if (type_id == 1 && body_length == (int32_t)sizeof(sequence))
    {
        memcpy(&sequence, body, sizeof(sequence));
    }
    *next = sequence == *next ? *next + 1 : -1;
}

int main(int argc, char **argv)
{
    if (argc != 2)
    {
        fprintf(stderr, "usage: %s CHANNEL_FILE\n", argv[0]);
        return 2;
    }
    ringway_channel_t channel;
    ringway_create_options_t options = {
        .ring_kind = RINGWAY_RING_KIND_SPSC, .capacity = 1 << 16, .file_mode = 0600 };
    if (ringway_channel_create(&channel, argv[1], &options) < 0)
    {
        fprintf(stderr, "create: %s\n", ringway_channel_last_error(&channel));
        return 1;
    }
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    if (ringway_producer_attach(&producer, &channel) < 0 || ringway_consumer_attach(&consumer, &channel) < 0)
    {
        fprintf(stderr, "attach: %s\n", ringway_channel_last_error(&channel));
        return 1;
    }
    int32_t next = 0;
    for (int32_t sequence = 0; sequence < MESSAGE_COUNT; sequence++)
    {
        while (ringway_producer_offer(&producer, 1, &sequence, sizeof(sequence)) == RINGWAY_E_RING_FULL)
        {
            ringway_consumer_poll(&consumer, on_message, &next, 256);
        }
    }
    while (next >= 0 && next < MESSAGE_COUNT && ringway_consumer_poll(&consumer, on_message, &next, 256) > 0)
    {
    }
    ringway_consumer_close(&consumer);
    ringway_producer_close(&producer);
    ringway_channel_close(&channel);
    if (next != MESSAGE_COUNT)
    {
        fprintf(stderr, "received out of order or too few: next=%d expected=%d\n", next, MESSAGE_COUNT);
        return 1;
    }
    printf("c user: %d messages in order\n", MESSAGE_COUNT);
    return 0;
}
