/*
 * One side of a cross-process ping-pong over two SPSC channels: Ringway's ping-pong program in C, for the wakeup
 * tests (parked, strict), the benchmark's round-trip rows (spin or blocking, --samples) and by hand. Its Java and Go
 * twins (io.ringway.cli.PingPong, go-interop/cmd/ping_pong) take the same arguments and print the same lines, so
 * any ping plays any pong. The contract, written once: docs/PING_PONG.md.
 *
 * Usage: ringway_ping_pong ping|pong <inbound file> <outbound file> <rounds> <warmupRounds>
 *            spin|busySpin|yielding|backoff|blocking [--timeout-ms N] [--strict] [--length N] [--samples FILE]
 *            [--ready] [--rate N]
 */
#include "ringway.h"

#include <stdlib.h>

#define PING_TYPE_ID 7
#define MIN_CAPACITY (64 * 1024)
#define MIN_LENGTH 8
#define MAX_LENGTH (64 * 1024)
#define MAX_CONSECUTIVE_TIMEOUTS 10
#define DEFAULT_TIMEOUT_MS 5000
/* a spinning wait reads the clock (for its timeout) once per this many empty polls, never per poll */
#define SPIN_POLLS_PER_CLOCK_READ 4096
#define NANOS_PER_SECOND INT64_C(1000000000)
#define OPEN_RETRY_NS (2 * NANOS_PER_SECOND)
/* the highest --rate: one round per nanosecond, the clock's unit */
#define MAX_RATE_PER_SECOND NANOS_PER_SECOND
#define USAGE "ping|pong <inbound file> <outbound file> <rounds> <warmupRounds> " \
    "spin|busySpin|yielding|backoff|blocking [--timeout-ms N] [--strict] [--length N] [--samples FILE] [--ready] " \
    "[--rate N] [--membarrier-wakeups]"

typedef struct options_stct
{
    bool is_ping;
    const char *role;
    const char *inbound_path;
    const char *outbound_path;
    int64_t rounds;
    int64_t warmup_rounds;
    bool spin;
    ringway_wait_strategy_t strategy;
    int64_t timeout_ns;
    bool strict;
    int32_t length;
    const char *samples_path;
    bool ready;
    /* ping: rounds per second, each round timed from its intended send time; 0: back to back, timed from the send */
    int64_t rate_per_second;
    /* this side's consumer promises membarrier wakeups (LAYOUT 9.8): the peer's producer skips its wake check's fence */
    bool membarrier_wakeups;
}
options_t;

/* One side: its channels, handles, the message it sends and what its handler last received. */
typedef struct side_stct
{
    const options_t *options;
    ringway_channel_t in;
    ringway_channel_t out;
    ringway_consumer_t consumer;
    ringway_producer_t producer;
    uint8_t *message;
    int64_t round;
    int64_t received;
    /* pong, not strict: the handler sends each round back; echo_status is then 0 once sent, 1 when that failed */
    bool echoes_in_handler;
    int echo_status;
    int64_t timeouts;
}
side_t;

/** Ends the output line of docs/PING_PONG.md: with --membarrier-wakeups, whether this side's consumer promised them. */
static void end_summary(const side_t *side)
{
    if (side->options->membarrier_wakeups)
    {
        printf(" membarrierWakeups=%s", ringway_consumer_membarrier_wakeups(&side->consumer) ? "true" : "false");
    }
    printf("\n");
}

static bool parse_int64(const char *text, int64_t *value)
{
    char *end = NULL;
    errno = 0;
    const long long parsed = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0')
    {
        return false;
    }
    *value = (int64_t)parsed;
    return true;
}

static bool parse_strategy(const char *name, options_t *options)
{
    options->spin = strcmp(name, "spin") == 0;
    if (options->spin || strcmp(name, "busySpin") == 0)
    {
        options->strategy = ringway_wait_busy_spin();
    }
    else if (strcmp(name, "yielding") == 0)
    {
        options->strategy = ringway_wait_yielding();
    }
    else if (strcmp(name, "backoff") == 0)
    {
        options->strategy = ringway_wait_backoff_default();
    }
    else if (strcmp(name, "blocking") == 0)
    {
        options->strategy = ringway_wait_blocking();
    }
    else
    {
        return false;
    }
    return true;
}

/** @return true when the arguments follow docs/PING_PONG.md; false after printing why not. */
static bool parse_options(int argc, char **argv, options_t *options)
{
    if (argc < 7 || (strcmp(argv[1], "ping") != 0 && strcmp(argv[1], "pong") != 0))
    {
        return false;
    }
    options->role = argv[1];
    options->is_ping = strcmp(argv[1], "ping") == 0;
    options->inbound_path = argv[2];
    options->outbound_path = argv[3];
    int64_t timeout_ms = DEFAULT_TIMEOUT_MS;
    int64_t length = MIN_LENGTH;
    if (!parse_int64(argv[4], &options->rounds) || !parse_int64(argv[5], &options->warmup_rounds) ||
        !parse_strategy(argv[6], options))
    {
        return false;
    }
    for (int i = 7; i < argc; i++)
    {
        const bool has_value = i + 1 < argc;
        if (strcmp(argv[i], "--strict") == 0)
        {
            options->strict = true;
        }
        else if (strcmp(argv[i], "--ready") == 0)
        {
            options->ready = true;
        }
        else if (strcmp(argv[i], "--membarrier-wakeups") == 0)
        {
            options->membarrier_wakeups = true;
        }
        else if (strcmp(argv[i], "--timeout-ms") == 0 && has_value && parse_int64(argv[i + 1], &timeout_ms))
        {
            i++;
        }
        else if (strcmp(argv[i], "--length") == 0 && has_value && parse_int64(argv[i + 1], &length))
        {
            i++;
        }
        else if (strcmp(argv[i], "--samples") == 0 && has_value)
        {
            options->samples_path = argv[++i];
        }
        else if (strcmp(argv[i], "--rate") == 0 && has_value && parse_int64(argv[i + 1], &options->rate_per_second) &&
            options->rate_per_second > 0)
        {
            i++;
        }
        else
        {
            fprintf(stderr, "%s: unknown option or missing value: found=%s\n", options->role, argv[i]);
            return false;
        }
    }
    if (options->rounds < 0 || options->warmup_rounds < 0 || timeout_ms <= 0 || timeout_ms > INT64_MAX / 1000000 ||
        length < MIN_LENGTH || length > MAX_LENGTH || options->rate_per_second > MAX_RATE_PER_SECOND)
    {
        fprintf(stderr, "%s: invalid values: found=rounds %lld warmupRounds %lld --timeout-ms %lld --length %lld "
            "--rate %lld expected=rounds >= 0, warmupRounds >= 0, --timeout-ms > 0, --length in [%d, %d], --rate (when "
            "given) in [1, %lld]\n", options->role, (long long)options->rounds, (long long)options->warmup_rounds,
            (long long)timeout_ms, (long long)length, (long long)options->rate_per_second, MIN_LENGTH, MAX_LENGTH,
            (long long)MAX_RATE_PER_SECOND);
        return false;
    }
    options->timeout_ns = timeout_ms * INT64_C(1000000);
    options->length = (int32_t)length;
    return true;
}

/** The channel capacity of docs/PING_PONG.md: 64 KiB, or the power of two of at least 64 times the length. */
static int32_t channel_capacity(int32_t length)
{
    int32_t capacity = MIN_CAPACITY;
    while (capacity < 64 * length)
    {
        capacity *= 2;
    }
    return capacity;
}

/** Opens the channel, or creates it when absent; waits a bounded time for a peer that is creating it. */
static int open_or_create(ringway_channel_t *channel, const char *path, int32_t capacity)
{
    /* designated: members added to the options later start at 0, their documented default */
    const ringway_create_options_t options = { .ring_kind = RINGWAY_RING_KIND_SPSC, .capacity = capacity };
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
        ringway_yield_();
    }
}

/** Opens both channels and attaches; @return 0, or 1 after printing why not. */
static int open_side(side_t *side)
{
    const options_t *options = side->options;
    const int32_t capacity = channel_capacity(options->length);
    if (open_or_create(&side->in, options->inbound_path, capacity) < 0)
    {
        fprintf(stderr, "%s: %s\n", options->role, ringway_channel_last_error(&side->in));
        return 1;
    }
    if (open_or_create(&side->out, options->outbound_path, capacity) < 0)
    {
        fprintf(stderr, "%s: %s\n", options->role, ringway_channel_last_error(&side->out));
        return 1;
    }
    if (ringway_consumer_attach_with_options(&side->consumer, &side->in,
        options->membarrier_wakeups ? RINGWAY_CONSUMER_MEMBARRIER_WAKEUPS : 0u) < 0)
    {
        fprintf(stderr, "%s: %s\n", options->role, ringway_consumer_last_error(&side->consumer));
        return 1;
    }
    if (ringway_producer_attach(&side->producer, &side->out) < 0)
    {
        fprintf(stderr, "%s: %s\n", options->role, ringway_producer_last_error(&side->producer));
        return 1;
    }
    ringway_consumer_set_wait_strategy(&side->consumer, options->strategy);
    ringway_producer_set_wait_strategy(&side->producer, options->strategy);
    side->message = calloc(1, (size_t)options->length);
    if (side->message == NULL)
    {
        fprintf(stderr, "%s: out of memory for a message of %d bytes\n", options->role, options->length);
        return 1;
    }
    if (options->ready)
    {
        printf("READY\n");
        fflush(stdout);
    }
    return 0;
}

static void close_side(side_t *side)
{
    ringway_consumer_close(&side->consumer);
    ringway_producer_close(&side->producer);
    ringway_channel_close(&side->in);
    ringway_channel_close(&side->out);
    free(side->message);
}

/*
 * The round loops are flattened (everything they call inlined, ringway.h's poll and offer included) and the waiting
 * calls kept out of line, so that the spin path is a tight loop of its own. With the header's poll called from the
 * spin loop and from an inlined ringway_consumer_poll_wait, -O2 left the poll an out-of-line call, and with everything
 * flattened the loop sat among the waiting code; either way the spin round trip measured a few nanoseconds slower
 * than a program with one call site (flatten and noinline: GCC and Clang).
 */
#define ROUND_LOOP __attribute__((flatten))
#define OUT_OF_LINE __attribute__((noinline))

/** The ring is full (never, with one message in flight): wait for space, as <wait> says. */
static OUT_OF_LINE int wait_send(side_t *side)
{
    int result;
    while ((result = ringway_producer_offer_wait(&side->producer, PING_TYPE_ID, side->message,
        side->options->length, side->options->timeout_ns)) == RINGWAY_E_RING_FULL)
    {
    }
    return result;
}

/** Sends round; @return 0, or 1 after printing the channel error. */
static int send_round(side_t *side, int64_t round)
{
    const options_t *options = side->options;
    /* SYNC POINT: pairs with the peer's store of dataWaiters before its re-check and FUTEX_WAIT */
    while (options->strict && ringway_get_int32_acquire(&side->out.header->data_waiters) == 0)
    {
        ringway_yield_();
    }
    memcpy(side->message, &round, sizeof(round));
    int result = ringway_producer_offer(&side->producer, PING_TYPE_ID, side->message, options->length);
    if (result == RINGWAY_E_RING_FULL)
    {
        result = wait_send(side);
    }
    if (result < 0)
    {
        fprintf(stderr, "%s: %s\n", options->role, ringway_producer_last_error(&side->producer));
        return 1;
    }
    return 0;
}

/*
 * Takes the round number of a message of the contract's type and length (else received stays -1). The pong (unless
 * strict) sends it back from here, before its poll releases the message's space: the echo's stores then do not queue
 * behind the store of the consumer position, whose cache line the ping's producer may hold (docs/PING_PONG.md).
 */
static void on_message(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    side_t *side = (side_t *)clientd;
    if (type_id == PING_TYPE_ID && body_length == side->options->length)
    {
        memcpy(&side->received, body, sizeof(int64_t));
        if (side->echoes_in_handler && side->received == side->round)
        {
            side->echo_status = send_round(side, side->round);
        }
    }
}

/**
 * One wait for the next message, as <wait> says: @return 1 when one was delivered, 0 when the wait timed out, < 0 on
 * a channel error. spin reads no clock until SPIN_POLLS_PER_CLOCK_READ polls have found nothing, so a round trip that
 * finds its echo within them costs polls only.
 */
static OUT_OF_LINE int wait_receive(side_t *side)
{
    return ringway_consumer_poll_wait(&side->consumer, on_message, side, 1, side->options->timeout_ns);
}

static inline int receive(side_t *side)
{
    if (!side->options->spin)
    {
        return wait_receive(side);
    }
    int delivered;
    int32_t empty_polls = 0;
    bool clock_started = false;
    int64_t deadline_ns = 0;
    while ((delivered = ringway_consumer_poll(&side->consumer, on_message, side, 1)) == 0)
    {
        if (++empty_polls == SPIN_POLLS_PER_CLOCK_READ)
        {
            empty_polls = 0;
            const int64_t now_ns = ringway_monotonic_ns_();
            if (!clock_started)
            {
                clock_started = true;
                deadline_ns = now_ns + side->options->timeout_ns;
            }
            else if (now_ns - deadline_ns >= 0)
            {
                return 0;
            }
        }
    }
    return delivered;
}

/** Waits for the message of round; @return 0 once it came, else the exit status (1 or 3) after printing why. */
static inline int receive_round(side_t *side, int64_t round)
{
    const options_t *options = side->options;
    int consecutive_timeouts = 0;
    int delivered;
    side->round = round;
    side->received = -1;
    side->echo_status = 0;
    while ((delivered = receive(side)) == 0)
    {
        side->timeouts++;
        if (++consecutive_timeouts >= MAX_CONSECUTIVE_TIMEOUTS)
        {
            fprintf(stderr, "%s: peer gone: no message for %d waits of %lld ms in round %lld (timeouts=%lld)\n",
                options->role, consecutive_timeouts, (long long)(options->timeout_ns / 1000000), (long long)round,
                (long long)side->timeouts);
            return 3;
        }
    }
    if (delivered < 0)
    {
        fprintf(stderr, "%s: %s\n", options->role, ringway_consumer_last_error(&side->consumer));
        return 1;
    }
    if (side->received != round)
    {
        fprintf(stderr, "%s: wrong message: field=round found=%lld expected=%lld (type id %d, %d-byte body)\n",
            options->role, (long long)side->received, (long long)round, PING_TYPE_ID, options->length);
        return 1;
    }
    return side->echo_status;
}

static ROUND_LOOP int run_pong(side_t *side)
{
    const int64_t total_rounds = side->options->warmup_rounds + side->options->rounds;
    for (int64_t round = 0; round < total_rounds; round++)
    {
        const int status = receive_round(side, round);
        if (status != 0)
        {
            return status;
        }
        /* strict: the receiver's waiters flag is awaited here, not while this side's own wait may hold its flag */
        if (!side->echoes_in_handler && send_round(side, round) != 0)
        {
            return 1;
        }
    }
    printf("pong: rounds=%lld timeouts=%lld", (long long)side->options->rounds, (long long)side->timeouts);
    end_summary(side);
    return 0;
}

static int compare_int64(const void *left, const void *right)
{
    const int64_t a = *(const int64_t *)left;
    const int64_t b = *(const int64_t *)right;
    return a < b ? -1 : a > b;
}

/** Writes the round trips as little-endian int64 (the host order: x86_64 and aarch64 are little-endian). */
static int write_samples(const char *path, const int64_t *round_trip_ns, int64_t rounds)
{
    FILE *file = fopen(path, "wb");
    if (file == NULL)
    {
        fprintf(stderr, "ping: cannot write the samples: file=%s error=%s\n", path, strerror(errno));
        return 1;
    }
    const size_t written = fwrite(round_trip_ns, sizeof(int64_t), (size_t)rounds, file);
    if (fclose(file) != 0 || written != (size_t)rounds)
    {
        fprintf(stderr, "ping: short write of the samples: file=%s found=%zu expected=%lld\n", path, written,
            (long long)rounds);
        return 1;
    }
    return 0;
}

/*
 * The schedule of --rate (docs/PING_PONG.md): round is due at start + round * 10^9 / rate nanoseconds, in integer
 * arithmetic that neither overflows nor accumulates rounding (each due time is the floor of the exact one).
 */
static inline int64_t intended_send_ns(int64_t start_ns, int64_t round, int64_t rate_per_second)
{
    return start_ns + round / rate_per_second * NANOS_PER_SECOND +
        round % rate_per_second * NANOS_PER_SECOND / rate_per_second;
}

/*
 * When to time a round from: now, or with --rate its intended send time, spinning until then (a late round goes at
 * once), so that a stall counts against every round it delays (coordinated omission corrected). Warm-up rounds are
 * due from the first round, measured rounds from the first measured round (*schedule_start_ns is reset there), so
 * that no lateness of the warm-up carries over into the measurement.
 */
static inline int64_t round_start_ns(const options_t *options, int64_t *schedule_start_ns, int64_t round)
{
    if (options->rate_per_second == 0)
    {
        return ringway_monotonic_ns_();
    }
    if (round == options->warmup_rounds)
    {
        *schedule_start_ns = ringway_monotonic_ns_();
    }
    const int64_t due_ns = intended_send_ns(*schedule_start_ns,
        round < options->warmup_rounds ? round : round - options->warmup_rounds, options->rate_per_second);
    while (ringway_monotonic_ns_() - due_ns < 0)
    {
    }
    return due_ns;
}

/*
 * The ping's record of round trips, every page of it written now: fresh memory is mapped at its first write, so a minor
 * page fault landed in every 512th measured round (one 4 KiB page of int64s): that round ran p50 160 ns against 130 for
 * the others (C<->C, 1,000,000 round trips). NULL when out of memory.
 */
static int64_t *allocate_round_trips(int64_t rounds)
{
    const size_t count = (size_t)(rounds > 0 ? rounds : 1);
    int64_t *round_trip_ns = malloc(count * sizeof(int64_t));
    if (round_trip_ns != NULL)
    {
        for (size_t i = 0; i < count; i++)
        {
            round_trip_ns[i] = -1; /* every round overwrites its entry */
        }
    }
    return round_trip_ns;
}

static ROUND_LOOP int run_ping(side_t *side)
{
    const options_t *options = side->options;
    const int64_t rounds = options->rounds;
    int64_t *round_trip_ns = allocate_round_trips(rounds);
    if (round_trip_ns == NULL)
    {
        fprintf(stderr, "ping: out of memory for %lld rounds\n", (long long)rounds);
        return 1;
    }
    int status = 0;
    const int64_t total_rounds = options->warmup_rounds + rounds;
    int64_t schedule_start_ns = ringway_monotonic_ns_();
    for (int64_t round = 0; round < total_rounds && status == 0; round++)
    {
        const int64_t start_ns = round_start_ns(options, &schedule_start_ns, round);
        status = send_round(side, round);
        if (status == 0)
        {
            status = receive_round(side, round);
        }
        const int64_t end_ns = ringway_monotonic_ns_();
        if (round >= options->warmup_rounds)
        {
            round_trip_ns[round - options->warmup_rounds] = end_ns - start_ns;
        }
    }
    if (status == 0 && options->samples_path != NULL)
    {
        status = write_samples(options->samples_path, round_trip_ns, rounds);
    }
    if (status == 0 && rounds > 0)
    {
        qsort(round_trip_ns, (size_t)rounds, sizeof(int64_t), compare_int64);
        int64_t sum = 0;
        for (int64_t i = 0; i < rounds; i++)
        {
            sum += round_trip_ns[i];
        }
        printf("ping: rounds=%lld timeouts=%lld p50Ns=%lld p90Ns=%lld p99Ns=%lld maxNs=%lld meanNs=%lld",
            (long long)rounds, (long long)side->timeouts, (long long)round_trip_ns[(int64_t)(rounds * 0.50)],
            (long long)round_trip_ns[(int64_t)(rounds * 0.90)], (long long)round_trip_ns[(int64_t)(rounds * 0.99)],
            (long long)round_trip_ns[rounds - 1], (long long)(sum / rounds));
        end_summary(side);
    }
    else if (status == 0)
    {
        printf("ping: rounds=0 timeouts=%lld", (long long)side->timeouts);
        end_summary(side);
    }
    free(round_trip_ns);
    return status;
}

int main(int argc, char **argv)
{
    options_t options;
    memset(&options, 0, sizeof(options));
    if (!parse_options(argc, argv, &options))
    {
        fprintf(stderr, "usage: %s " USAGE "\n", argv[0]);
        return 2;
    }
    side_t side;
    memset(&side, 0, sizeof(side));
    side.options = &options;
    side.echoes_in_handler = !options.is_ping && !options.strict;
    if (open_side(&side) != 0)
    {
        return 1;
    }
    const int status = options.is_ping ? run_ping(&side) : run_pong(&side);
    close_side(&side);
    return status;
}
