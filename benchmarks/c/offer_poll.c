/*
 * The per-message cost of the C header in one thread: a producer and a consumer of one channel in the same thread,
 * offer one 32-byte message then poll it, repeated. No second core, no cache line moving between cores: what is left
 * is the instructions of offer and poll (the fence of the wake check of LAYOUT 9.2 among them), so that two builds of
 * ringway.h (gcc and clang, or two revisions) compare on what they execute.
 *
 * Usage: offer_poll <channel file> <messages per round> <rounds> [spsc|mpsc] [batch]
 * With a batch size, the messages go through ringway_producer_offer_batch, batch of them at a time (one wake check per
 * batch), then one poll drains them: the per-message cost of batching.
 * Prints one line per round ("round=<i> ns_per_offer_poll=<x>") and a last line with the median of the rounds.
 */
#include "ringway.h"

#include <stdlib.h>

#define MESSAGE_LENGTH 32
#define MESSAGE_TYPE_ID 7
#define CAPACITY (64 * 1024)
#define MAX_ROUNDS 1000
#define MAX_BATCH 256

static void count_message(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    (void)type_id;
    (void)body;
    *(int64_t *)clientd += body_length;
}

static int compare_double(const void *left, const void *right)
{
    const double a = *(const double *)left;
    const double b = *(const double *)right;
    return (a > b) - (a < b);
}

static void fail(const char *what, int result, const char *detail)
{
    fprintf(stderr, "offer_poll: %s failed: result=%d (%s) detail=%s\n", what, result, ringway_strerror(result),
        detail);
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 6)
    {
        fprintf(stderr, "usage: offer_poll <channel file> <messages per round> <rounds> [spsc|mpsc] [batch]\n");
        return 2;
    }
    const char *path = argv[1];
    const long long messages = atoll(argv[2]);
    const int rounds = atoi(argv[3]);
    const bool mpsc = argc >= 5 && strcmp(argv[4], "mpsc") == 0;
    const int batch = argc == 6 ? atoi(argv[5]) : 0;
    if (messages <= 0 || rounds <= 0 || rounds > MAX_ROUNDS || batch < 0 || batch > MAX_BATCH ||
        (batch > 0 && messages % batch != 0))
    {
        fprintf(stderr, "offer_poll: invalid values: found=messages %lld rounds %d batch %d expected=messages > 0 "
            "and a multiple of the batch, rounds in [1, %d], batch in [0, %d]\n", messages, rounds, batch, MAX_ROUNDS,
            MAX_BATCH);
        return 2;
    }
    const ringway_create_options_t options = {
        .ring_kind = mpsc ? RINGWAY_RING_KIND_MPSC : RINGWAY_RING_KIND_SPSC, .capacity = CAPACITY };
    ringway_channel_t channel;
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    int result = ringway_channel_create(&channel, path, &options);
    if (result < 0)
    {
        fail("create", result, ringway_channel_last_error(&channel));
    }
    if ((result = ringway_producer_attach(&producer, &channel)) < 0)
    {
        fail("producer attach", result, ringway_producer_last_error(&producer));
    }
    if ((result = ringway_consumer_attach(&consumer, &channel)) < 0)
    {
        fail("consumer attach", result, ringway_consumer_last_error(&consumer));
    }
    uint8_t body[MESSAGE_LENGTH];
    memset(body, 0x5a, sizeof(body));
    int64_t received_length = 0;
    double ns_per_message[MAX_ROUNDS];
    ringway_message_t batch_messages[MAX_BATCH];
    for (int i = 0; i < batch; i++)
    {
        batch_messages[i] =
            (ringway_message_t){ .type_id = MESSAGE_TYPE_ID, .body_length = MESSAGE_LENGTH, .body = body };
    }
    for (int round = 0; round < rounds; round++)
    {
        const int64_t start_ns = ringway_monotonic_ns_();
        for (long long i = 0; batch > 0 && i < messages; i += batch)
        {
            size_t written = 0;
            if ((result = ringway_producer_offer_batch(&producer, batch_messages, (size_t)batch, &written)) < 0)
            {
                fail("offer batch", result, ringway_producer_last_error(&producer));
            }
            if ((result = ringway_consumer_poll(&consumer, count_message, &received_length, batch)) != batch)
            {
                fail("poll", result, ringway_consumer_last_error(&consumer));
            }
        }
        for (long long i = 0; batch == 0 && i < messages; i++)
        {
            if ((result = ringway_producer_offer(&producer, MESSAGE_TYPE_ID, body, MESSAGE_LENGTH)) < 0)
            {
                fail("offer", result, ringway_producer_last_error(&producer));
            }
            if ((result = ringway_consumer_poll(&consumer, count_message, &received_length, 1)) != 1)
            {
                fail("poll", result, ringway_consumer_last_error(&consumer));
            }
        }
        ns_per_message[round] = (double)(ringway_monotonic_ns_() - start_ns) / (double)messages;
        printf("round=%d ns_per_offer_poll=%.2f\n", round, ns_per_message[round]);
    }
    if (received_length != (int64_t)MESSAGE_LENGTH * messages * rounds)
    {
        fprintf(stderr, "offer_poll: lost messages: found=%lld bytes expected=%lld\n", (long long)received_length,
            (long long)MESSAGE_LENGTH * messages * rounds);
        return 1;
    }
    qsort(ns_per_message, (size_t)rounds, sizeof(double), compare_double);
    printf("median ns_per_offer_poll=%.2f length=%d kind=%s batch=%d\n", ns_per_message[rounds / 2], MESSAGE_LENGTH,
        mpsc ? "mpsc" : "spsc", batch);
    ringway_consumer_close(&consumer);
    ringway_producer_close(&producer);
    ringway_channel_delete(&channel);
    return 0;
}
