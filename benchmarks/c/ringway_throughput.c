/*
 * One-way cross-process throughput of the C header (ringway.h) over one SPSC channel: the contract of the benchmark's
 * throughput programs (io.ringway.bench.throughput.ThroughputArgs), so that the C row runs beside the Java and Aeron
 * rows of benchmarks/run.sh.
 *
 *   ringway_throughput [--membarrier-wakeups] consume <channel file> <warmup> <count> <length> <out>
 *       creates the channel (SPSC, the capacity of the Java row), attaches its consumer (promising membarrier
 *       wakeups, LAYOUT 9.8, with the option: the producer's wake check then skips its full fence), prints READY,
 *       polls batches of up to POLL_LIMIT
 *       until warmup + count messages arrived in order, writes "messages=.. bytes=.. nanos=.." of the timed ones
 *       (the clock runs from the first message after the warm-up to the last) to <out>, and deletes the channel.
 *   ringway_throughput [--batch N] produce <channel file> <warmup> <count> <length>
 *       offers warmup + count messages of length bytes whose first 8 bytes are the sequence, spinning while the ring
 *       is full; with --batch, N at a time with ringway_producer_offer_batch (one wake check per batch, LAYOUT 9.2;
 *       written as runs, LAYOUT 6.1 and 6.2 "Runs"), offering the rest of a batch again from where the ring filled.
 *
 * Both sides spin without a pause instruction, as the Java and Aeron rows do.
 */
#include "ringway.h"

#include <inttypes.h>
#include <stdlib.h>

#define USAGE "ringway_throughput [--membarrier-wakeups] consume <channel file> <warmup> <count> <length> <out> | " \
    "ringway_throughput [--batch N] produce <channel file> <warmup> <count> <length>"
/* the same bytes as the Java row's channel (RingwayThroughput.CAPACITY) and the Aeron row's 4 MiB terms */
#define CAPACITY (4 * 1024 * 1024)
#define POLL_LIMIT 256
#define MESSAGE_TYPE_ID 1
#define MAX_LENGTH (64 * 1024)
/* the largest --batch: the batch's bodies are one buffer of MAX_BATCH * length bytes */
#define MAX_BATCH 4096

typedef struct receiver_stct
{
    int64_t warmup;
    int64_t total;
    int64_t received;
    int64_t start_ns;
    int64_t end_ns;
}
receiver_t;

static void fail(const char *what, int result, const char *detail)
{
    fprintf(stderr, "ringway_throughput: %s failed: result=%d (%s) detail=%s\n", what, result,
        ringway_strerror(result), detail);
    exit(1);
}

static void on_message(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    (void)type_id;
    receiver_t *receiver = clientd;
    if (body_length < (int32_t)sizeof(int64_t))
    {
        fprintf(stderr, "message too short: field=length found=%d expected=>=%zu\n", body_length, sizeof(int64_t));
        exit(1);
    }
    int64_t sequence;
    memcpy(&sequence, body, sizeof(sequence));
    if (sequence != receiver->received)
    {
        fprintf(stderr, "message out of order: field=sequence found=%" PRId64 " expected=%" PRId64 "\n", sequence,
            receiver->received);
        exit(1);
    }
    receiver->received++;
    if (receiver->received == receiver->warmup + 1)
    {
        receiver->start_ns = ringway_monotonic_ns_();
    }
    if (receiver->received == receiver->total)
    {
        receiver->end_ns = ringway_monotonic_ns_();
    }
}

static int consume(const char *path, int64_t warmup, int64_t count, int32_t length, const char *out_path,
    uint32_t consumer_options)
{
    const ringway_create_options_t options = { .ring_kind = RINGWAY_RING_KIND_SPSC, .capacity = CAPACITY };
    ringway_channel_t channel;
    ringway_consumer_t consumer;
    int result = ringway_channel_create(&channel, path, &options);
    if (result < 0)
    {
        fail("create", result, ringway_channel_last_error(&channel));
    }
    if ((result = ringway_consumer_attach_with_options(&consumer, &channel, consumer_options)) < 0)
    {
        fail("consumer attach", result, ringway_consumer_last_error(&consumer));
    }
    if (consumer_options != 0 && !ringway_consumer_membarrier_wakeups(&consumer))
    {
        fprintf(stderr, "ringway_throughput: membarrier wakeups refused by this kernel: the producer keeps its fence\n");
    }
    receiver_t receiver = { .warmup = warmup, .total = warmup + count };
    printf("READY\n");
    fflush(stdout);
    while (receiver.received < receiver.total)
    {
        if ((result = ringway_consumer_poll(&consumer, on_message, &receiver, POLL_LIMIT)) < 0)
        {
            fail("poll", result, ringway_consumer_last_error(&consumer));
        }
    }
    ringway_consumer_close(&consumer);
    ringway_channel_close(&channel);
    unlink(path);
    FILE *out = fopen(out_path, "w");
    if (out == NULL)
    {
        fprintf(stderr, "cannot write results: file=%s error=%s\n", out_path, strerror(errno));
        return 1;
    }
    /* the first timed message starts the clock: count - 1 intervals, as the Java programs count them */
    const int64_t timed = count - 1;
    fprintf(out, "messages=%" PRId64 " bytes=%" PRId64 " nanos=%" PRId64 "\n", timed, timed * length,
        receiver.end_ns - receiver.start_ns);
    return fclose(out) == 0 ? 0 : 1;
}

/** Offers messages total..: batch_size at a time, each batch again from where the ring filled until all of it is in. */
static void produce_batches(ringway_producer_t *producer, int64_t total, int32_t length, int32_t batch_size)
{
    uint8_t *bodies = calloc((size_t)batch_size, (size_t)length);
    ringway_message_t *messages = calloc((size_t)batch_size, sizeof(ringway_message_t));
    if (bodies == NULL || messages == NULL)
    {
        fprintf(stderr, "ringway_throughput: out of memory: field=--batch found=%d length=%d\n", (int)batch_size,
            (int)length);
        exit(1);
    }
    for (int32_t i = 0; i < batch_size; i++)
    {
        messages[i] = (ringway_message_t){
            .type_id = MESSAGE_TYPE_ID, .body_length = length, .body = bodies + (size_t)i * (size_t)length };
    }
    for (int64_t sequence = 0; sequence < total; )
    {
        size_t count = 0;
        for (; count < (size_t)batch_size && sequence < total; count++, sequence++)
        {
            memcpy(bodies + count * (size_t)length, &sequence, sizeof(sequence));
        }
        for (size_t offered = 0; offered < count; )
        {
            size_t written = 0;
            const int result = ringway_producer_offer_batch(producer, messages + offered, count - offered, &written);
            if (result < 0 && result != RINGWAY_E_RING_FULL)
            {
                fail("offer batch", result, ringway_producer_last_error(producer));
            }
            offered += written; /* ring full: spin on the rest */
        }
    }
    free(messages);
    free(bodies);
}

static int produce(const char *path, int64_t total, int32_t length, int32_t batch_size)
{
    ringway_channel_t channel;
    ringway_producer_t producer;
    const ringway_open_options_t options = { .expected_ring_kind = RINGWAY_RING_KIND_SPSC };
    int result = ringway_channel_open(&channel, path, &options);
    if (result < 0)
    {
        fail("open", result, ringway_channel_last_error(&channel));
    }
    if ((result = ringway_producer_attach(&producer, &channel)) < 0)
    {
        fail("producer attach", result, ringway_producer_last_error(&producer));
    }
    static uint8_t body[MAX_LENGTH];
    if (batch_size > 0)
    {
        produce_batches(&producer, total, length, batch_size);
    }
    for (int64_t sequence = 0; batch_size == 0 && sequence < total; sequence++)
    {
        memcpy(body, &sequence, sizeof(sequence));
        while ((result = ringway_producer_offer(&producer, MESSAGE_TYPE_ID, body, length)) == RINGWAY_E_RING_FULL)
        {
            /* ring full: spin */
        }
        if (result < 0)
        {
            fail("offer", result, ringway_producer_last_error(&producer));
        }
    }
    ringway_producer_close(&producer);
    ringway_channel_close(&channel);
    return 0;
}

int main(int argc, char **argv)
{
    bool membarrier_wakeups = false;
    long batch_size = 0; /* 0: one ringway_producer_offer a message */
    const char *batch_text = NULL;
    /* options come before the role; the role and its arguments follow them, the program name stays argument 0 */
    while (argc > 1 && strncmp(argv[1], "--", 2) == 0)
    {
        int option_length = 1;
        if (strcmp(argv[1], "--membarrier-wakeups") == 0)
        {
            membarrier_wakeups = true;
        }
        else if (strcmp(argv[1], "--batch") == 0 && argc > 2)
        {
            batch_text = argv[2];
            option_length = 2;
        }
        else
        {
            fprintf(stderr, "unknown option: field=option found=%s expected=--membarrier-wakeups or --batch N\n"
                "usage: %s\n", argv[1], USAGE);
            return 2;
        }
        argv[option_length] = argv[0];
        argv += option_length;
        argc -= option_length;
    }
    if (batch_text != NULL)
    {
        char *end = NULL;
        batch_size = strtol(batch_text, &end, 10);
        if (end == batch_text || *end != '\0' || batch_size < 1 || batch_size > MAX_BATCH)
        {
            fprintf(stderr, "invalid arguments: field=--batch found=%s expected=1 to %d\n", batch_text, MAX_BATCH);
            return 2;
        }
    }
    const bool is_consumer = argc == 7 && strcmp(argv[1], "consume") == 0;
    const bool is_producer = argc == 6 && strcmp(argv[1], "produce") == 0;
    if (!is_consumer && !is_producer)
    {
        fprintf(stderr, "usage: %s\n", USAGE);
        return 2;
    }
    if (is_consumer && batch_text != NULL)
    {
        fprintf(stderr, "invalid arguments: field=--batch found=%s expected=none: the option is the producer's\n"
            "usage: %s\n", batch_text, USAGE);
        return 2;
    }
    const int64_t warmup = strtoll(argv[3], NULL, 10);
    const int64_t count = strtoll(argv[4], NULL, 10);
    const long length = strtol(argv[5], NULL, 10);
    if (warmup < 0 || count <= 0 || length < (long)sizeof(int64_t) || length > MAX_LENGTH)
    {
        fprintf(stderr, "invalid arguments: field=warmup found=%" PRId64 " expected=>=0, field=count found=%" PRId64
            " expected=>0, field=length found=%ld expected=8 to %d\n", warmup, count, length, MAX_LENGTH);
        return 2;
    }
    return is_consumer ? consume(argv[2], warmup, count, (int32_t)length, argv[6],
        membarrier_wakeups ? RINGWAY_CONSUMER_MEMBARRIER_WAKEUPS : 0) :
        produce(argv[2], warmup + count, (int32_t)length, (int32_t)batch_size);
}
