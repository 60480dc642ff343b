/*
 * Ringway ping-pong in C over ringway.h: two SPSC channels, one per direction, both sides spinning.
 * The pong side creates both channel files (and deletes them when it stops); the ping side opens them.
 * Built a second time with -DPINGPONG_PARKED as ringway_pingpong_parked: then both sides wait for each message parked
 * on the channel's futex (ringway_consumer_poll_wait with the blocking strategy, LAYOUT.md 9) instead of spinning.
 *
 * Usage: ringway_pingpong pong <ping channel> <pong channel>
 *        ringway_pingpong ping <ping channel> <pong channel> <warmup> <count> <out>
 */
#include "pingpong.h"
#include "ringway.h"

#define PINGPONG_CAPACITY (64 * 1024)
#define PINGPONG_TYPE_ID 1
/* a parked wait re-checks at least this often; a round trip that needs it shows as a 1 s outlier */
#define PINGPONG_PARK_TIMEOUT_NS INT64_C(1000000000)

/* one receive: spin on poll, or (parked build) park until a message is committed */
static int receive(ringway_consumer_t *consumer, ringway_message_handler_t handler, void *clientd)
{
#ifdef PINGPONG_PARKED
    return ringway_consumer_poll_wait(consumer, handler, clientd, 1, PINGPONG_PARK_TIMEOUT_NS);
#else
    return ringway_consumer_poll(consumer, handler, clientd, 1);
#endif
}

static void set_wait_strategy(ringway_consumer_t *consumer)
{
#ifdef PINGPONG_PARKED
    ringway_consumer_set_wait_strategy(consumer, ringway_wait_blocking());
#else
    (void)consumer;
#endif
}

typedef struct echo_state_stct
{
    ringway_producer_t *producer;
    int64_t last_sequence;
    int failed;
}
echo_state_t;

static void echo_message(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    echo_state_t *state = clientd;
    state->last_sequence = pingpong_get_sequence(body);
    if (state->last_sequence == PINGPONG_STOP_SEQUENCE)
    {
        return;
    }
    int result;
    while ((result = ringway_producer_offer(state->producer, type_id, body, body_length)) == RINGWAY_E_RING_FULL)
    {
    }
    if (result < 0)
    {
        fprintf(stderr, "pong: %s\n", ringway_producer_last_error(state->producer));
        state->failed = 1;
    }
}

static void record_sequence(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    (void)type_id;
    (void)body_length;
    *(int64_t *)clientd = pingpong_get_sequence(body);
}

static int run_pong(const pingpong_args_t *args)
{
    /* designated: members added to the options later start at 0, their documented default */
    const ringway_create_options_t options = { .ring_kind = RINGWAY_RING_KIND_SPSC, .capacity = PINGPONG_CAPACITY };
    ringway_channel_t ping_channel;
    ringway_channel_t pong_channel;
    if (ringway_channel_create(&ping_channel, args->addresses[0], &options) < 0)
    {
        fprintf(stderr, "pong: %s\n", ringway_channel_last_error(&ping_channel));
        return 1;
    }
    if (ringway_channel_create(&pong_channel, args->addresses[1], &options) < 0)
    {
        fprintf(stderr, "pong: %s\n", ringway_channel_last_error(&pong_channel));
        return 1;
    }
    ringway_consumer_t consumer;
    ringway_producer_t producer;
    if (ringway_consumer_attach(&consumer, &ping_channel) < 0 || ringway_producer_attach(&producer, &pong_channel) < 0)
    {
        fprintf(stderr, "pong: cannot attach: %s %s\n", ringway_consumer_last_error(&consumer),
            ringway_producer_last_error(&producer));
        return 1;
    }
    set_wait_strategy(&consumer);
    pingpong_ready();
    echo_state_t state = { &producer, 0, 0 };
    while (state.last_sequence != PINGPONG_STOP_SEQUENCE && !state.failed)
    {
        if (receive(&consumer, echo_message, &state) < 0)
        {
            fprintf(stderr, "pong: %s\n", ringway_consumer_last_error(&consumer));
            return 1;
        }
    }
    ringway_consumer_close(&consumer);
    ringway_producer_close(&producer);
    ringway_channel_delete(&ping_channel);
    ringway_channel_delete(&pong_channel);
    return state.failed;
}

static int send_message(ringway_producer_t *producer, const uint8_t *message)
{
    int result;
    while ((result = ringway_producer_offer(producer, PINGPONG_TYPE_ID, message, PINGPONG_MESSAGE_LENGTH)) ==
        RINGWAY_E_RING_FULL)
    {
    }
    if (result < 0)
    {
        fprintf(stderr, "ping: %s\n", ringway_producer_last_error(producer));
    }
    return result;
}

static int run_ping(const pingpong_args_t *args)
{
    ringway_channel_t ping_channel;
    ringway_channel_t pong_channel;
    if (ringway_channel_open(&ping_channel, args->addresses[0], NULL) < 0 ||
        ringway_channel_open(&pong_channel, args->addresses[1], NULL) < 0)
    {
        fprintf(stderr, "ping: cannot open: %s %s\n", ringway_channel_last_error(&ping_channel),
            ringway_channel_last_error(&pong_channel));
        return 1;
    }
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    if (ringway_producer_attach(&producer, &ping_channel) < 0 || ringway_consumer_attach(&consumer, &pong_channel) < 0)
    {
        fprintf(stderr, "ping: cannot attach: %s %s\n", ringway_producer_last_error(&producer),
            ringway_consumer_last_error(&consumer));
        return 1;
    }
    set_wait_strategy(&consumer);
    int64_t *samples = pingpong_allocate_samples(args->count);
    uint8_t message[PINGPONG_MESSAGE_LENGTH] = { 0 };
    const int64_t total = args->warmup + args->count;
    for (int64_t sequence = 0; sequence < total; sequence++)
    {
        pingpong_put_sequence(message, sequence);
        const int64_t start_ns = pingpong_now_ns();
        if (send_message(&producer, message) < 0)
        {
            return 1;
        }
        int64_t echoed = -2;
        int delivered;
        while ((delivered = receive(&consumer, record_sequence, &echoed)) == 0)
        {
        }
        const int64_t end_ns = pingpong_now_ns();
        if (delivered < 0 || echoed != sequence)
        {
            fprintf(stderr, "ping: wrong echo: field=sequence found=%lld expected=%lld %s\n", (long long)echoed,
                (long long)sequence, delivered < 0 ? ringway_consumer_last_error(&consumer) : "");
            return 1;
        }
        if (sequence >= args->warmup)
        {
            samples[sequence - args->warmup] = end_ns - start_ns;
        }
    }
    pingpong_put_sequence(message, PINGPONG_STOP_SEQUENCE);
    const int stopped = send_message(&producer, message);
    ringway_producer_close(&producer);
    ringway_consumer_close(&consumer);
    ringway_channel_close(&ping_channel);
    ringway_channel_close(&pong_channel);
    const int status = stopped < 0 ? 1 : pingpong_write_samples(args->out_path, samples, args->count);
    free(samples);
    return status;
}

int main(int argc, char **argv)
{
    const pingpong_args_t args = pingpong_parse_args(argc, argv, 2,
        "ringway_pingpong pong <ping channel> <pong channel>"
        " | ping <ping channel> <pong channel> <warmup> <count> <out>");
    return args.is_ping ? run_ping(&args) : run_pong(&args);
}
