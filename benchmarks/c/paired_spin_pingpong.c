/*
 * The raw spin floor and Ringway C<->C in one pair of processes, taking turns (raw, Ringway, raw, ...) of
 * PAIRED_BLOCK_WARMUP_ROUNDS untimed and PAIRED_BLOCK_ROUNDS timed round trips, so that both see the same machine
 * state. On a shared VM the round trip jumps between states (about 80, 130 and 480 ns for the raw floor here) from one
 * second to the next: rows measured one after the other land in different states, and their ratio then measures the
 * machine (benchmarks/README.md, "Same-state pairs").
 *
 * The raw side is raw_spin_pingpong.c's word mode (two 64-bit words in a shared mapping, each side spins); the
 * Ringway side is what ringway_ping_pong does with "spin": two SPSC channels of 64 KiB, a 32-byte body, each side
 * calls ringway_consumer_poll in a tight loop, the pong echoes from inside its handler.
 *
 * Usage: paired_spin_pingpong pong <raw file> <ringway directory>
 *        paired_spin_pingpong ping <raw file> <ringway directory> <warmup> <count> <out>
 * warmup and count are timed round trips per contender, multiples of PAIRED_BLOCK_ROUNDS (the warm-up turns run but
 * are not recorded); the ping writes the raw floor's samples to <out>.1 and Ringway's to <out>.2 (pingpong.h's
 * format), each in round order.
 */
#include "pingpong.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "ringway.h"

#define USAGE "paired_spin_pingpong pong <raw file> <ringway directory> | " \
    "paired_spin_pingpong ping <raw file> <ringway directory> <warmup> <count> <out>"
/* timed round trips of one contender's turn (a turn is short next to a machine state: seconds), after untimed ones
 * that warm the lines and branches the other contender's turn left cold (PairedPingPong.java: the same numbers) */
#define PAIRED_BLOCK_ROUNDS 1000
#define PAIRED_BLOCK_WARMUP_ROUNDS 100
#define PAIRED_BLOCK_LENGTH (PAIRED_BLOCK_WARMUP_ROUNDS + PAIRED_BLOCK_ROUNDS)
#define RAW_FILE_LENGTH 4096
#define PING_WORD_OFFSET 0
#define PONG_WORD_OFFSET PINGPONG_SLOT_LENGTH
#define RINGWAY_CAPACITY (64 * 1024)
#define RINGWAY_TYPE_ID 7
#define PATH_LENGTH 4096
#define OPEN_RETRY_NS INT64_C(10000000000)

/* One process's ends of both contenders. */
typedef struct side_stct
{
    _Atomic int64_t *out_word;
    _Atomic int64_t *in_word;
    ringway_channel_t in;
    ringway_channel_t out;
    ringway_consumer_t consumer;
    ringway_producer_t producer;
    bool echoes;
    int64_t received;
    uint8_t message[PINGPONG_MESSAGE_LENGTH];
}
side_t;

static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "%s: %s\n", what, detail);
    exit(1);
}

static uint8_t *map_raw_file(const char *path, bool create)
{
    const int fd = open(path, create ? (O_RDWR | O_CREAT | O_EXCL) : O_RDWR, 0600);
    if (fd < 0 || (create && ftruncate(fd, RAW_FILE_LENGTH) != 0))
    {
        fail("cannot open", strerror(errno));
    }
    void *mapped = mmap(NULL, RAW_FILE_LENGTH, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (mapped == MAP_FAILED)
    {
        fail("cannot map", strerror(errno));
    }
    return mapped;
}

/* Opens the channel, or creates it when absent; waits a bounded time for the peer that is creating it. */
static void open_or_create(ringway_channel_t *channel, const char *directory, const char *name)
{
    char path[PATH_LENGTH];
    snprintf(path, sizeof(path), "%s/%s", directory, name);
    const ringway_create_options_t options = { .ring_kind = RINGWAY_RING_KIND_SPSC, .capacity = RINGWAY_CAPACITY };
    const int64_t deadline_ns = pingpong_now_ns() + OPEN_RETRY_NS;
    int result;
    while ((result = ringway_channel_open(channel, path, NULL)) != RINGWAY_OK)
    {
        if (result == RINGWAY_E_FILE_NOT_FOUND && ringway_channel_create(channel, path, &options) == RINGWAY_OK)
        {
            return;
        }
        if (pingpong_now_ns() > deadline_ns)
        {
            fail("cannot open the channel", ringway_channel_last_error(channel));
        }
        ringway_yield_();
    }
}

static void on_message(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    side_t *side = (side_t *)clientd;
    if (type_id != RINGWAY_TYPE_ID || body_length != PINGPONG_MESSAGE_LENGTH)
    {
        fail("wrong message", "field=typeId or length");
    }
    side->received = pingpong_get_sequence(body);
    if (side->echoes && ringway_producer_offer(&side->producer, RINGWAY_TYPE_ID, body, body_length) != RINGWAY_OK)
    {
        fail("cannot echo", ringway_producer_last_error(&side->producer));
    }
}

static inline void receive_ringway(side_t *side)
{
    int delivered;
    while ((delivered = ringway_consumer_poll(&side->consumer, on_message, side, 1)) == 0)
    {
        /* busy spin, no pause, like every spinning contender */
    }
    if (delivered < 0)
    {
        fail("cannot poll", ringway_consumer_last_error(&side->consumer));
    }
}

static inline void send_ringway(side_t *side, int64_t sequence)
{
    pingpong_put_sequence(side->message, sequence);
    int result;
    while ((result = ringway_producer_offer(&side->producer, RINGWAY_TYPE_ID, side->message,
        PINGPONG_MESSAGE_LENGTH)) == RINGWAY_E_RING_FULL)
    {
        /* one message in flight: the ring is never full for long */
    }
    if (result != RINGWAY_OK)
    {
        fail("cannot offer", ringway_producer_last_error(&side->producer));
    }
}

/* Echoes the rounds of both contenders in the ping's order (the same sequence numbers in a raw block and the Ringway
 * block after it) until the ping's STOP, which comes on the raw word where a raw block would start. */
static void pong(side_t *side)
{
    side->echoes = true;
    for (int64_t first = 0;; first += PAIRED_BLOCK_LENGTH)
    {
        for (int64_t expected = first; expected < first + PAIRED_BLOCK_LENGTH; expected++)
        {
            int64_t sequence;
            /* SYNC POINT: pairs with the ping's release store of its word */
            while ((sequence = atomic_load_explicit(side->in_word, memory_order_acquire)) != expected &&
                sequence != PINGPONG_STOP_SEQUENCE)
            {
            }
            if (sequence == PINGPONG_STOP_SEQUENCE)
            {
                return;
            }
            /* SYNC POINT: pairs with the ping's acquire load of this word */
            atomic_store_explicit(side->out_word, sequence, memory_order_release);
        }
        for (int i = 0; i < PAIRED_BLOCK_LENGTH; i++)
        {
            receive_ringway(side);
        }
    }
}

/* Turns of PAIRED_BLOCK_LENGTH rounds (raw, then Ringway, with the same sequence numbers), the last PAIRED_BLOCK_ROUNDS
 * of each turn timed once the warm-up turns are done. */
static void ping(side_t *side, const pingpong_args_t *args, int64_t *raw_samples, int64_t *ringway_samples)
{
    const int64_t warmup_blocks = args->warmup / PAIRED_BLOCK_ROUNDS;
    const int64_t blocks = warmup_blocks + args->count / PAIRED_BLOCK_ROUNDS;
    for (int64_t block = 0; block < blocks; block++)
    {
        const int64_t first = block * PAIRED_BLOCK_LENGTH;
        const int64_t sample_index = (block - warmup_blocks) * PAIRED_BLOCK_ROUNDS - PAIRED_BLOCK_WARMUP_ROUNDS;
        for (int64_t i = 0; i < PAIRED_BLOCK_LENGTH; i++)
        {
            const int64_t sequence = first + i;
            const int64_t start_ns = pingpong_now_ns();
            /* SYNC POINT: pairs with the pong's acquire load of this word */
            atomic_store_explicit(side->out_word, sequence, memory_order_release);
            while (atomic_load_explicit(side->in_word, memory_order_acquire) != sequence)
            {
            }
            const int64_t end_ns = pingpong_now_ns();
            if (block >= warmup_blocks && i >= PAIRED_BLOCK_WARMUP_ROUNDS)
            {
                raw_samples[sample_index + i] = end_ns - start_ns;
            }
        }
        for (int64_t i = 0; i < PAIRED_BLOCK_LENGTH; i++)
        {
            const int64_t sequence = first + i;
            const int64_t start_ns = pingpong_now_ns();
            send_ringway(side, sequence);
            receive_ringway(side);
            const int64_t end_ns = pingpong_now_ns();
            if (side->received != sequence)
            {
                fprintf(stderr, "wrong echo: field=sequence found=%lld expected=%lld\n", (long long)side->received,
                    (long long)sequence);
                exit(1);
            }
            if (block >= warmup_blocks && i >= PAIRED_BLOCK_WARMUP_ROUNDS)
            {
                ringway_samples[sample_index + i] = end_ns - start_ns;
            }
        }
    }
    /* SYNC POINT: pairs with the pong's acquire load of this word, in its raw turn */
    atomic_store_explicit(side->out_word, PINGPONG_STOP_SEQUENCE, memory_order_release);
}

static int write_samples(const char *out, const char *suffix, const int64_t *samples, int64_t count)
{
    char path[PATH_LENGTH];
    snprintf(path, sizeof(path), "%s%s", out, suffix);
    return pingpong_write_samples(path, samples, count);
}

int main(int argc, char **argv)
{
    const pingpong_args_t args = pingpong_parse_args(argc, argv, 2, USAGE);
    if (args.warmup % PAIRED_BLOCK_ROUNDS != 0 || args.count % PAIRED_BLOCK_ROUNDS != 0)
    {
        fprintf(stderr, "invalid counts: field=warmup found=%lld field=count found=%lld expected=multiples of %d\n",
            (long long)args.warmup, (long long)args.count, PAIRED_BLOCK_ROUNDS);
        return 2;
    }
    static side_t side;
    uint8_t *raw = map_raw_file(args.addresses[0], !args.is_ping);
    side.out_word = (_Atomic int64_t *)(raw + (args.is_ping ? PING_WORD_OFFSET : PONG_WORD_OFFSET));
    side.in_word = (_Atomic int64_t *)(raw + (args.is_ping ? PONG_WORD_OFFSET : PING_WORD_OFFSET));
    open_or_create(&side.in, args.addresses[1], args.is_ping ? "pong.ringway" : "ping.ringway");
    open_or_create(&side.out, args.addresses[1], args.is_ping ? "ping.ringway" : "pong.ringway");
    if (ringway_consumer_attach(&side.consumer, &side.in) != RINGWAY_OK)
    {
        fail("cannot attach the consumer", ringway_consumer_last_error(&side.consumer));
    }
    if (ringway_producer_attach(&side.producer, &side.out) != RINGWAY_OK)
    {
        fail("cannot attach the producer", ringway_producer_last_error(&side.producer));
    }
    int status = 0;
    if (!args.is_ping)
    {
        /* the words start at -2, which no sequence is: the first raw round is 0 */
        atomic_store_explicit(side.in_word, -2, memory_order_relaxed);
        atomic_store_explicit(side.out_word, -2, memory_order_release);
        pingpong_ready();
        pong(&side);
    }
    else
    {
        int64_t *raw_samples = pingpong_allocate_samples(args.count);
        int64_t *ringway_samples = pingpong_allocate_samples(args.count);
        ping(&side, &args, raw_samples, ringway_samples);
        status = write_samples(args.out_path, ".1", raw_samples, args.count) |
            write_samples(args.out_path, ".2", ringway_samples, args.count);
        free(raw_samples);
        free(ringway_samples);
    }
    ringway_consumer_close(&side.consumer);
    ringway_producer_close(&side.producer);
    ringway_channel_close(&side.in);
    ringway_channel_close(&side.out);
    munmap(raw, RAW_FILE_LENGTH);
    return status;
}
