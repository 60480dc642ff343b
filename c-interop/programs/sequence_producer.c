/*
 * Conformance producer (docs/CONFORMANCE.md): sends SEQUENCE 0 .. count-1 then END into an existing channel,
 * alternating copy offers (even sequences) and in-place claims (odd sequences), spinning on back-pressure.
 *
 * Usage: ringway_sequence_producer <channel file> <producerId> <count> [single]
 *   (the arguments of Java's SequenceProducerMain and Go's cmd/sequence_producer; single, the default, is the only
 *   mode here: the C producer has no batch offer)
 * Exit status: 0 when every message was written, 2 on bad arguments, 1 on any channel error.
 */
#include "ringway.h"
#include "conformance.h"

#include <stdlib.h>
#include <string.h>

static void wait_for_space(long *spins)
{
    if (++*spins % 64 == 0)
    {
        ringway_yield_(); /* let the consumer run on a busy machine */
    }
}

int main(int argc, char **argv)
{
    if ((argc != 4 && argc != 5) || (argc == 5 && strcmp(argv[4], "single") != 0))
    {
        fprintf(stderr, "usage: %s <channel file> <producerId> <count> [single]\n", argv[0]);
        return 2;
    }
    const char *path = argv[1];
    const int64_t producer_id = strtoll(argv[2], NULL, 10);
    const int64_t count = strtoll(argv[3], NULL, 10);

    ringway_channel_t channel;
    if (ringway_channel_open(&channel, path, NULL) < 0)
    {
        fprintf(stderr, "producer %lld: %s\n", (long long)producer_id, ringway_channel_last_error(&channel));
        return 1;
    }
    ringway_producer_t producer;
    if (ringway_producer_attach(&producer, &channel) < 0)
    {
        fprintf(stderr, "producer %lld: %s\n", (long long)producer_id, ringway_producer_last_error(&producer));
        ringway_channel_close(&channel);
        return 1;
    }

    uint8_t scratch[CONFORMANCE_MAX_SEQUENCE_LENGTH];
    uint64_t checksum = CONFORMANCE_FNV_OFFSET_BASIS;
    long spins = 0;
    int status = 0;
    for (int64_t sequence = 0; sequence < count && status == 0; sequence++)
    {
        const int32_t length = conformance_sequence_length(sequence);
        if ((sequence & 1) == 0)
        {
            conformance_encode_sequence(scratch, producer_id, sequence);
            int result;
            while ((result = ringway_producer_offer(&producer, CONFORMANCE_SEQUENCE_TYPE_ID, scratch, length)) ==
                RINGWAY_E_RING_FULL)
            {
                wait_for_space(&spins);
            }
            if (result < 0)
            {
                status = 1;
                break;
            }
            checksum = conformance_checksum(checksum, scratch, length);
        }
        else
        {
            uint8_t *body = NULL;
            int32_t index;
            while ((index = ringway_producer_try_claim(&producer, CONFORMANCE_SEQUENCE_TYPE_ID, length, &body)) ==
                RINGWAY_E_RING_FULL)
            {
                wait_for_space(&spins);
            }
            if (index < 0)
            {
                status = 1;
                break;
            }
            conformance_encode_sequence(body, producer_id, sequence);
            checksum = conformance_checksum(checksum, body, length);
            if (ringway_producer_commit(&producer, index) < 0)
            {
                status = 1;
                break;
            }
        }
    }
    if (status == 0)
    {
        conformance_encode_end(scratch, producer_id, count, checksum);
        int result;
        while ((result = ringway_producer_offer(&producer, CONFORMANCE_END_TYPE_ID, scratch, CONFORMANCE_END_LENGTH)) ==
            RINGWAY_E_RING_FULL)
        {
            wait_for_space(&spins);
        }
        status = result < 0 ? 1 : 0;
    }
    if (status != 0)
    {
        fprintf(stderr, "producer %lld: %s\n", (long long)producer_id, ringway_producer_last_error(&producer));
    }
    ringway_producer_close(&producer);
    ringway_channel_close(&channel);
    return status;
}
