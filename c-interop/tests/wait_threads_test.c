/*
 * Lost-wakeup stress in one process (LAYOUT 9), also run under ThreadSanitizer: two threads ping-pong over two SPSC
 * channels, both waiting with the blocking strategy, and before each send a thread waits until the receiver has set its
 * dataWaiters flag, so that every message is committed while its receiver is between its re-check and FUTEX_WAIT, or
 * asleep. No wait may end by timeout: a lost wakeup would make one.
 *
 * Usage: ringway_wait_threads_test <rounds>
 */
#define _GNU_SOURCE
#include "ringway.h"
#include "test_support.h"

#include <pthread.h>

#define WAIT_TIMEOUT_NS (INT64_C(2) * 1000 * 1000 * 1000)

typedef struct side_stct
{
    const char *inbound_path;
    const char *outbound_path;
    bool is_ping;
    int64_t rounds;
    int64_t timeouts;
    int64_t wrong;
    int failed;
}
side_t;

static void on_message(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    (void)type_id;
    if (body_length == (int32_t)sizeof(int64_t))
    {
        memcpy(clientd, body, sizeof(int64_t));
    }
}

static void *run_side(void *argument)
{
    side_t *side = (side_t *)argument;
    ringway_channel_t in;
    ringway_channel_t out;
    ringway_consumer_t consumer;
    ringway_producer_t producer;
    if (ringway_channel_open(&in, side->inbound_path, NULL) < 0 ||
        ringway_channel_open(&out, side->outbound_path, NULL) < 0 ||
        ringway_consumer_attach(&consumer, &in) < 0 || ringway_producer_attach(&producer, &out) < 0)
    {
        side->failed = 1;
        return NULL;
    }
    ringway_consumer_set_wait_strategy(&consumer, ringway_wait_blocking());
    ringway_producer_set_wait_strategy(&producer, ringway_wait_blocking());
    for (int64_t round = 0; round < side->rounds; round++)
    {
        if (side->is_ping)
        {
            while (ringway_get_int32_acquire(&out.header->data_waiters) == 0)
            {
                sched_yield();
            }
            if (ringway_producer_offer_wait(&producer, 7, &round, sizeof(round), WAIT_TIMEOUT_NS) != RINGWAY_OK)
            {
                side->failed = 1;
                break;
            }
        }
        int64_t received = -1;
        int result;
        while ((result = ringway_consumer_poll_wait(&consumer, on_message, &received, 1, WAIT_TIMEOUT_NS)) == 0)
        {
            if (++side->timeouts > 5)
            {
                side->failed = 1;
                break;
            }
        }
        if (result < 0 || side->failed)
        {
            side->failed = 1;
            break;
        }
        if (received != round)
        {
            side->wrong++;
        }
        if (!side->is_ping)
        {
            while (ringway_get_int32_acquire(&out.header->data_waiters) == 0)
            {
                sched_yield();
            }
            if (ringway_producer_offer_wait(&producer, 7, &round, sizeof(round), WAIT_TIMEOUT_NS) != RINGWAY_OK)
            {
                side->failed = 1;
                break;
            }
        }
    }
    ringway_channel_close(&in);
    ringway_channel_close(&out);
    return NULL;
}

static int64_t rounds_to_run = 10000;

static void shouldCompleteEveryParkedRoundWithoutATimeout(void)
{
    const char *ping_path = test_path("ping.ringway");
    const char *pong_path = test_path("pong.ringway");
    const ringway_create_options_t options = { RINGWAY_RING_KIND_SPSC, 65536, 0, 0, 0, false };
    ringway_channel_t ping_channel;
    ringway_channel_t pong_channel;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_create(&ping_channel, ping_path, &options));
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_create(&pong_channel, pong_path, &options));

    side_t ping = { pong_path, ping_path, true, rounds_to_run, 0, 0, 0 };
    side_t pong = { ping_path, pong_path, false, rounds_to_run, 0, 0, 0 };
    pthread_t ping_thread;
    pthread_t pong_thread;
    CHECK(pthread_create(&pong_thread, NULL, run_side, &pong) == 0);
    CHECK(pthread_create(&ping_thread, NULL, run_side, &ping) == 0);
    pthread_join(ping_thread, NULL);
    pthread_join(pong_thread, NULL);

    printf("rounds=%lld timeouts ping=%lld pong=%lld wakes ping=%lld pong=%lld\n", (long long)rounds_to_run,
        (long long)ping.timeouts, (long long)pong.timeouts, (long long)ringway_channel_wake_count(&ping_channel),
        (long long)ringway_channel_wake_count(&pong_channel));
    CHECK_EQ_LL(0, ping.failed);
    CHECK_EQ_LL(0, pong.failed);
    CHECK_EQ_LL(0, ping.wrong + pong.wrong);
    CHECK_EQ_LL(0, ping.timeouts);
    CHECK_EQ_LL(0, pong.timeouts);
    CHECK(ringway_channel_wake_count(&ping_channel) >= rounds_to_run / 2);
    CHECK(ringway_channel_wake_count(&pong_channel) >= rounds_to_run / 2);
    ringway_channel_close(&ping_channel);
    ringway_channel_close(&pong_channel);
}

static const test_case_t tests[] = {
    TEST_CASE(shouldCompleteEveryParkedRoundWithoutATimeout),
};

int main(int argc, char **argv)
{
    if (argc == 2 && atoll(argv[1]) > 0)
    {
        rounds_to_run = atoll(argv[1]);
        return test_main(1, argv, tests, 1);
    }
    return test_main(argc, argv, tests, 1);
}
