/*
 * The C side of the parked-CPU rows: a consumer waiting on an empty channel with
 * ringway_consumer_poll_wait, so that the harness can read from /proc how much CPU it uses while it waits.
 * Follows the parked-consumer contract of benchmarks/README.md (as io.ringway.bench.parked.ParkedConsumer and
 * go/parked_consumer do): creates an SPSC channel, prints "thread=<tid>" (the consuming thread) and READY, then calls
 * ringway_consumer_poll_wait with a 1 s timeout in a loop until a message arrives, prints
 * "received=<n> value=<its first 8 bytes, little-endian>", deletes the channel file and exits 0.
 *
 * Usage: parked_consumer park <channel file> blocking|backoff
 */
#include "pingpong.h"
#include "ringway.h"

#include <sys/syscall.h>
#include <unistd.h>

#define PARKED_CAPACITY (64 * 1024)
/* timeout of one waiting poll; the consumer loops on it, as an application with a shutdown check would */
#define PARKED_POLL_TIMEOUT_NS INT64_C(1000000000)

static void record_value(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    (void)type_id;
    if (body_length >= (int32_t)sizeof(int64_t))
    {
        *(int64_t *)clientd = pingpong_get_sequence(body);
    }
}

int main(int argc, char **argv)
{
    if (argc != 4 || strcmp(argv[1], "park") != 0 ||
        (strcmp(argv[3], "blocking") != 0 && strcmp(argv[3], "backoff") != 0))
    {
        fprintf(stderr, "usage: parked_consumer park <channel file> blocking|backoff\n");
        return 2;
    }
    const ringway_create_options_t options = { .ring_kind = RINGWAY_RING_KIND_SPSC, .capacity = PARKED_CAPACITY };
    ringway_channel_t channel;
    if (ringway_channel_create(&channel, argv[2], &options) < 0)
    {
        fprintf(stderr, "parked_consumer: %s\n", ringway_channel_last_error(&channel));
        return 1;
    }
    ringway_consumer_t consumer;
    if (ringway_consumer_attach(&consumer, &channel) < 0)
    {
        fprintf(stderr, "parked_consumer: %s\n", ringway_consumer_last_error(&consumer));
        return 1;
    }
    ringway_consumer_set_wait_strategy(&consumer,
        strcmp(argv[3], "blocking") == 0 ? ringway_wait_blocking() : ringway_wait_backoff_default());
    printf("thread=%ld\n", (long)syscall(SYS_gettid));
    pingpong_ready();
    int64_t value = 0;
    int received = 0;
    while (received == 0)
    {
        received = ringway_consumer_poll_wait(&consumer, record_value, &value, 1, PARKED_POLL_TIMEOUT_NS);
    }
    if (received < 0)
    {
        fprintf(stderr, "parked_consumer: %s\n", ringway_consumer_last_error(&consumer));
        return 1;
    }
    printf("received=%d value=%lld\n", received, (long long)value);
    fflush(stdout);
    ringway_consumer_close(&consumer);
    ringway_channel_delete(&channel);
    return 0;
}
