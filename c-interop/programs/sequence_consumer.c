/*
 * Conformance consumer (docs/CONFORMANCE.md): reads a channel until producerCount producers have sent their END,
 * checking per producer that sequences start at 0 and increase by exactly 1, every body length and filler byte, and
 * END's count and checksum. Prints a one-line summary.
 *
 * Usage: ringway_sequence_consumer <channel file> <producerCount> [timeoutSeconds (default 300)] [single]
 *   (the arguments of Java's SequenceConsumerMain and Go's cmd/sequence_consumer; single, the default, is the only
 *   mode here: one handler call per message)
 * Exit status: 0 only when everything verified; 1 on a violation, channel error or timeout; 2 on bad arguments.
 */
#include "ringway.h"
#include "conformance.h"

#include <stdlib.h>
#include <string.h>

static conformance_verifier_t verifier;

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 5 || (argc == 5 && strcmp(argv[4], "single") != 0))
    {
        fprintf(stderr, "usage: %s <channel file> <producerCount> [timeoutSeconds] [single]\n", argv[0]);
        return 2;
    }
    const char *path = argv[1];
    const int producer_count = atoi(argv[2]);
    const int64_t timeout_ms = (argc >= 4 ? atoll(argv[3]) : 300) * 1000;

    ringway_channel_t channel;
    if (ringway_channel_open(&channel, path, NULL) < 0)
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

    conformance_verifier_init(&verifier);
    const int64_t deadline_ms = ringway_monotonic_ms_() + timeout_ms;
    int status = 0;
    long idle_polls = 0;
    while (verifier.ended_count < producer_count && !verifier.failed)
    {
        const int delivered = ringway_consumer_poll(&consumer, conformance_on_message, &verifier, 256);
        if (delivered < 0)
        {
            fprintf(stderr, "consumer: %s\n", ringway_consumer_last_error(&consumer));
            status = 1;
            break;
        }
        if (delivered == 0)
        {
            if (++idle_polls % 64 == 0)
            {
                ringway_yield_();
                if (ringway_monotonic_ms_() > deadline_ms)
                {
                    fprintf(stderr, "consumer: timed out after %llds with %d of %d producers ended\n",
                        (long long)(timeout_ms / 1000), verifier.ended_count, producer_count);
                    status = 1;
                    break;
                }
            }
        }
    }
    if (verifier.failed)
    {
        fprintf(stderr, "consumer: conformance violation: %s\n", verifier.first_error);
        status = 1;
    }

    int64_t sequences = 0;
    for (int i = 0; i < verifier.producer_count; i++)
    {
        sequences += verifier.producers[i].next_sequence;
    }
    printf("%s: producers=%d ended=%d messages=%lld sequences=%lld backPressure=%lld\n",
        status == 0 ? "VERIFIED" : "FAILED", verifier.producer_count, verifier.ended_count,
        (long long)verifier.messages, (long long)sequences, (long long)ringway_channel_back_pressure_count(&channel));
    ringway_consumer_close(&consumer);
    ringway_channel_close(&channel);
    return status;
}
