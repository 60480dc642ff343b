/*
 * One side of a cross-process ping-pong over two SPSC channels, each side waiting with a chosen strategy (parked on the
 * futex with "blocking"): the C twin of the Java io.ringway.testing.PingPongMain, with the same arguments, channels,
 * messages and output, so that any pair of Java and C sides works (Java wakes C, C wakes Java; docs/LAYOUT.md 9).
 *
 * Usage: ringway_ping_pong ping|pong <inbound file> <outbound file> <rounds> <warmupRounds>
 *            blocking|backoff|yielding|busySpin [timeoutMs [strict]]
 *
 * Both channels are SPSC, 64 KiB, created by whichever side comes first. ping sends the round number (8 bytes, type
 * id 7) and waits for it to come back, warmupRounds + rounds times, timing the last rounds; pong echoes. A wait that
 * ends by timeout (default 5000 ms) is counted and retried; 10 in a row mean the peer is gone (exit 3). "strict": before
 * each send, wait until the peer has set the dataWaiters flag of the channel it reads (it is parking), so that every
 * message has to wake its receiver. Output, one line: "ping: rounds=N timeouts=T p50Ns=.. p90Ns=.. p99Ns=.. maxNs=..
 * meanNs=.." (pong: "pong: rounds=N timeouts=T"). Exit 0; 1 on a wrong round number or channel error; 2 bad arguments.
 */
#include "ringway.h"

#include <stdlib.h>

#define PING_TYPE_ID 7
#define CHANNEL_CAPACITY (64 * 1024)
#define MAX_CONSECUTIVE_TIMEOUTS 10
#define OPEN_RETRY_NS (INT64_C(2) * 1000 * 1000 * 1000)

static void on_message(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    (void)type_id;
    int64_t *received = (int64_t *)clientd;
    if (body_length == (int32_t)sizeof(int64_t))
    {
        memcpy(received, body, sizeof(int64_t));
    }
    else
    {
        *received = -1;
    }
}

/** Opens the channel, or creates it when absent; waits a bounded time for a peer that is creating it. */
static int open_or_create(ringway_channel_t *channel, const char *path)
{
    const ringway_create_options_t options = { RINGWAY_RING_KIND_SPSC, CHANNEL_CAPACITY, 0, 0, 0, false };
    const int64_t deadline_ns = ringway_monotonic_ns_() + OPEN_RETRY_NS;
    while (true)
    {
        int result = ringway_channel_open(channel, path, NULL);
        if (result == RINGWAY_E_FILE_NOT_FOUND)
        {
            result = ringway_channel_create(channel, path, &options);
            if (result == RINGWAY_E_FILE_EXISTS)
            {
                continue;
            }
        }
        const bool being_created = result == RINGWAY_E_NOT_INITIALISED ||
            (result == RINGWAY_E_INVALID_FILE && strcmp(ringway_channel_last_error_field(channel), "fileLength") == 0);
        if (!being_created || ringway_monotonic_ns_() > deadline_ns)
        {
            return result;
        }
        sched_yield();
    }
}

static int compare_int64(const void *left, const void *right)
{
    const int64_t a = *(const int64_t *)left;
    const int64_t b = *(const int64_t *)right;
    return a < b ? -1 : a > b;
}

static bool parse_strategy(const char *name, ringway_wait_strategy_t *strategy)
{
    if (strcmp(name, "blocking") == 0)
    {
        *strategy = ringway_wait_blocking();
    }
    else if (strcmp(name, "backoff") == 0)
    {
        *strategy = ringway_wait_backoff_default();
    }
    else if (strcmp(name, "yielding") == 0)
    {
        *strategy = ringway_wait_yielding();
    }
    else if (strcmp(name, "busySpin") == 0)
    {
        *strategy = ringway_wait_busy_spin();
    }
    else
    {
        return false;
    }
    return true;
}

static void await_peer_parked(ringway_channel_t *outbound, bool strict)
{
    /* SYNC POINT: pairs with the peer's store of dataWaiters before its re-check and FUTEX_WAIT */
    while (strict && ringway_get_int32_acquire(&outbound->header->data_waiters) == 0)
    {
        sched_yield();
    }
}

int main(int argc, char **argv)
{
    ringway_wait_strategy_t strategy;
    if (argc < 7 || argc > 9 || (strcmp(argv[1], "ping") != 0 && strcmp(argv[1], "pong") != 0) ||
        !parse_strategy(argv[6], &strategy))
    {
        fprintf(stderr, "usage: %s ping|pong <inbound file> <outbound file> <rounds> <warmupRounds> "
            "blocking|backoff|yielding|busySpin [timeoutMs [strict]]\n", argv[0]);
        return 2;
    }
    const char *role = argv[1];
    const bool is_ping = strcmp(role, "ping") == 0;
    const int64_t rounds = atoll(argv[4]);
    const int64_t warmup_rounds = atoll(argv[5]);
    const int64_t timeout_ns = (argc > 7 ? atoll(argv[7]) : 5000) * INT64_C(1000000);
    const bool strict = argc > 8 && strcmp(argv[8], "strict") == 0;
    if (rounds < 0 || warmup_rounds < 0 || timeout_ns <= 0)
    {
        fprintf(stderr, "%s: rounds, warmupRounds and timeoutMs must be positive\n", role);
        return 2;
    }

    ringway_channel_t in;
    ringway_channel_t out;
    ringway_consumer_t consumer;
    ringway_producer_t producer;
    if (open_or_create(&in, argv[2]) < 0)
    {
        fprintf(stderr, "%s: %s\n", role, ringway_channel_last_error(&in));
        return 1;
    }
    if (open_or_create(&out, argv[3]) < 0)
    {
        fprintf(stderr, "%s: %s\n", role, ringway_channel_last_error(&out));
        return 1;
    }
    if (ringway_consumer_attach(&consumer, &in) < 0)
    {
        fprintf(stderr, "%s: %s\n", role, ringway_consumer_last_error(&consumer));
        return 1;
    }
    if (ringway_producer_attach(&producer, &out) < 0)
    {
        fprintf(stderr, "%s: %s\n", role, ringway_producer_last_error(&producer));
        return 1;
    }
    ringway_consumer_set_wait_strategy(&consumer, strategy);
    ringway_producer_set_wait_strategy(&producer, strategy);

    int64_t *round_trip_ns = is_ping ? calloc((size_t)(rounds > 0 ? rounds : 1), sizeof(int64_t)) : NULL;
    if (is_ping && round_trip_ns == NULL)
    {
        fprintf(stderr, "%s: out of memory for %lld rounds\n", role, (long long)rounds);
        return 1;
    }
    int64_t timeouts = 0;
    int status = 0;
    for (int64_t round = 0; round < warmup_rounds + rounds && status == 0; round++)
    {
        const int64_t start_ns = ringway_monotonic_ns_();
        if (is_ping)
        {
            await_peer_parked(&out, strict);
            while (ringway_producer_offer_wait(&producer, PING_TYPE_ID, &round, sizeof(round), timeout_ns) ==
                RINGWAY_E_RING_FULL)
            {
            }
        }
        int64_t received = -1;
        int consecutive_timeouts = 0;
        int result;
        while ((result = ringway_consumer_poll_wait(&consumer, on_message, &received, 1, timeout_ns)) == 0)
        {
            timeouts++;
            if (++consecutive_timeouts >= MAX_CONSECUTIVE_TIMEOUTS)
            {
                fprintf(stderr, "%s: peer gone: no message for %d waits of %lld ms in round %lld (timeouts=%lld)\n",
                    role, consecutive_timeouts, (long long)(timeout_ns / 1000000), (long long)round,
                    (long long)timeouts);
                status = 3;
                break;
            }
        }
        if (status != 0)
        {
            break;
        }
        if (result < 0)
        {
            fprintf(stderr, "%s: %s\n", role, ringway_consumer_last_error(&consumer));
            status = 1;
            break;
        }
        if (received != round)
        {
            fprintf(stderr, "%s: wrong round number: field=round found=%lld expected=%lld\n", role,
                (long long)received, (long long)round);
            status = 1;
            break;
        }
        if (is_ping)
        {
            if (round >= warmup_rounds)
            {
                round_trip_ns[round - warmup_rounds] = ringway_monotonic_ns_() - start_ns;
            }
        }
        else
        {
            await_peer_parked(&out, strict);
            while (ringway_producer_offer_wait(&producer, PING_TYPE_ID, &round, sizeof(round), timeout_ns) ==
                RINGWAY_E_RING_FULL)
            {
            }
        }
    }
    ringway_consumer_close(&consumer);
    ringway_producer_close(&producer);
    ringway_channel_close(&in);
    ringway_channel_close(&out);
    if (status != 0)
    {
        free(round_trip_ns);
        return status;
    }
    if (is_ping && rounds > 0)
    {
        qsort(round_trip_ns, (size_t)rounds, sizeof(int64_t), compare_int64);
        int64_t sum = 0;
        for (int64_t i = 0; i < rounds; i++)
        {
            sum += round_trip_ns[i];
        }
        printf("ping: rounds=%lld timeouts=%lld p50Ns=%lld p90Ns=%lld p99Ns=%lld maxNs=%lld meanNs=%lld\n",
            (long long)rounds, (long long)timeouts, (long long)round_trip_ns[(int64_t)(rounds * 0.50)],
            (long long)round_trip_ns[(int64_t)(rounds * 0.90)], (long long)round_trip_ns[(int64_t)(rounds * 0.99)],
            (long long)round_trip_ns[rounds - 1], (long long)(sum / rounds));
    }
    else
    {
        printf("%s: rounds=%lld timeouts=%lld\n", role, (long long)rounds, (long long)timeouts);
    }
    free(round_trip_ns);
    return 0;
}
