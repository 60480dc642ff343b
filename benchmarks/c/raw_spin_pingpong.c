/*
 * The hardware floor for a spinning round trip: two processes share one mapped file, and each side spins on what the
 * other stores. No Ringway code: whatever Ringway adds on top of this is its own cost. Three shapes, chosen by options
 * before the role, so that the report can show where each nanosecond goes:
 *
 *   (default)      one 64-bit word per direction, each in its own 128-byte slot: the ping stores the sequence
 *                  (release) into its word and spins (acquire) on the other word until the pong stored it there.
 *   --record       a 40-byte record per message (8-byte header: int32 length, int32 type id; 32-byte body whose first
 *                  8 bytes are the sequence) in a 64 KiB data area per direction, at the 8-byte-aligned positions a
 *                  Ringway ring uses (0, 40, 80, ...: records straddle cache lines as Ringway's do). The producer
 *                  pre-zeroes the next header (plain), copies the body, stores the type id (plain) and commits with
 *                  a release store of the length, as docs/LAYOUT.md 6.1 steps 5 and 7 (no negative length, no tail
 *                  or head position); the consumer spins (acquire) on the length at its position.
 *   --wake-check   after each publish also a full fence and a load of a waiters flag that nobody sets
 *                  (docs/LAYOUT.md 9.2 steps 1 and 2), in its own cache line of the direction's header page.
 *   --consumer-zeroes  with --record: the producer pre-zeroes no header; the consumer zeroes each record it read,
 *                  all 40 bytes, before it takes the next (as Agrona's OneToOneRingBuffer and Ringway's MPSC
 *                  consumers clear consumed space), so that the report shows what the SPSC pre-zeroing costs.
 *   --zero-ahead   with --record: instead of pre-zeroing the next header before the commit, the producer keeps the
 *                  bytes from the next header to the end of the cache line after the one holding it zero: after each
 *                  commit it zeroes what newly enters that window (plain stores, ordered before the next commit by
 *                  its release), and before a commit only what the window does not cover yet. The next header is then
 *                  already zero, in a line the producer owns, when a record is committed: one cache line to hand
 *                  over per message instead of two for 5 of the 8 positions of a 40-byte record in a line
 *                  (benchmarks/README.md, "Same-state pairs, and where the round trip goes"). Ringway's rule
 *                  for a while (docs/LAYOUT.md 6.1 "Zero ahead"), since replaced by "Touch ahead" (one word
 *                  stored after each commit instead of the window: the same latency at less cost per message).
 *
 * Usage: raw_spin_pingpong [--record [--consumer-zeroes|--zero-ahead]] [--wake-check] pong <file>
 *        raw_spin_pingpong [--record [--consumer-zeroes|--zero-ahead]] [--wake-check] ping <file> <warmup> <count> <out>
 */
#include "pingpong.h"

#include <fcntl.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <unistd.h>

#define USAGE "raw_spin_pingpong [--record [--consumer-zeroes|--zero-ahead]] [--wake-check] pong <file> | " \
    "raw_spin_pingpong [--record [--consumer-zeroes|--zero-ahead]] [--wake-check] ping <file> <warmup> <count> <out>"

/* word mode: one 64-bit word per direction */
#define PING_WORD_OFFSET 0
#define PONG_WORD_OFFSET PINGPONG_SLOT_LENGTH

/*
 * record mode, one direction (the ping's at offset 0, the pong's at DIRECTION_LENGTH): a header page holding the
 * waiters flag in a cache line of its own (at 512, clear of the word mode's words at 0 and 128), then the data area,
 * as a Ringway channel file places them (LAYOUT 2, 3).
 *
 *   0        4096                                              4096 + 65536
 *   +--------+--------------------------------------------------+
 *   | header | data: record 0 | record 1 | ...  (40 bytes each) |
 *   +--------+--------------------------------------------------+
 */
#define HEADER_PAGE_LENGTH 4096
#define WAITERS_OFFSET 512
#define DATA_LENGTH (64 * 1024)
#define DIRECTION_LENGTH (HEADER_PAGE_LENGTH + DATA_LENGTH)
#define RECORD_LENGTH_OFFSET 0
#define RECORD_TYPE_ID_OFFSET 4
#define RECORD_HEADER_LENGTH 8
#define RECORD_LENGTH (RECORD_HEADER_LENGTH + PINGPONG_MESSAGE_LENGTH)
#define RECORD_TYPE_ID 7

#define FILE_LENGTH (2 * DIRECTION_LENGTH)

_Static_assert(RECORD_LENGTH % 8 == 0, "a 40-byte record needs no alignment padding");
_Static_assert(PONG_WORD_OFFSET + 8 <= WAITERS_OFFSET, "the word mode's words and the waiters flag do not overlap");

typedef struct options_stct
{
    bool record;
    bool wake_check;
    bool consumer_zeroes;
    bool zero_ahead;
}
options_t;

/*
 * One direction in record mode: where its records go, the next one's index, its waiters flag, and (--zero-ahead) the
 * index up to which the producer knows the data area is zero from the next header on.
 */
typedef struct ring_stct
{
    uint8_t *data;
    _Atomic int32_t *waiters;
    int32_t index;
    int32_t zeroed_to;
}
ring_t;

#define CACHE_LINE_LENGTH 64

static uint8_t *map_file(const char *path, int create)
{
    const int fd = open(path, create ? (O_RDWR | O_CREAT | O_EXCL) : O_RDWR, 0600);
    if (fd < 0 || (create && ftruncate(fd, FILE_LENGTH) != 0))
    {
        fprintf(stderr, "cannot open: file=%s error=%s\n", path, strerror(errno));
        exit(1);
    }
    void *mapped = mmap(NULL, FILE_LENGTH, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (mapped == MAP_FAILED)
    {
        fprintf(stderr, "cannot map: file=%s error=%s\n", path, strerror(errno));
        exit(1);
    }
    return mapped;
}

/* LAYOUT 9.2 steps 1 and 2 with nobody waiting: a full fence, then a load of the flag, which stays 0. */
static inline void wake_check(_Atomic int32_t *waiters)
{
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(waiters, memory_order_relaxed) != 0)
    {
        fprintf(stderr, "waiters flag set: field=waiters found=%d expected=0\n",
            atomic_load_explicit(waiters, memory_order_relaxed));
        exit(1);
    }
}

/* The index after a record at index: the next 40 bytes plus the 8 kept free for the pre-zeroed header must fit. */
static inline int32_t next_index(int32_t index)
{
    const int32_t next = index + RECORD_LENGTH;
    return next + RECORD_LENGTH + RECORD_HEADER_LENGTH > DATA_LENGTH ? 0 : next;
}

static inline _Atomic int32_t *record_length(const ring_t *ring, int32_t index)
{
    return (_Atomic int32_t *)(ring->data + index + RECORD_LENGTH_OFFSET);
}

/* --zero-ahead, before the commit: zeroes what the window does not cover yet of [after the record, next header end) */
static inline void zero_before_commit(ring_t *ring, int32_t index, int32_t next)
{
    if (next == 0)
    {
        /* the wrap: the window restarts at index 0 */
        memset(ring->data, 0, RECORD_HEADER_LENGTH);
        ring->zeroed_to = RECORD_HEADER_LENGTH;
        return;
    }
    const int32_t from = ring->zeroed_to > index + RECORD_LENGTH ? ring->zeroed_to : index + RECORD_LENGTH;
    if (from < next + RECORD_HEADER_LENGTH)
    {
        memset(ring->data + from, 0, (size_t)(next + RECORD_HEADER_LENGTH - from));
        ring->zeroed_to = next + RECORD_HEADER_LENGTH;
    }
}

/* --zero-ahead, after the commit: zero up to the end of the cache line after the one holding the next header end */
static inline void zero_after_commit(ring_t *ring, int32_t next)
{
    int32_t window_end = ((next + RECORD_HEADER_LENGTH + CACHE_LINE_LENGTH - 1) & ~(CACHE_LINE_LENGTH - 1)) +
        CACHE_LINE_LENGTH;
    if (window_end > DATA_LENGTH)
    {
        window_end = DATA_LENGTH;
    }
    if (ring->zeroed_to < window_end)
    {
        memset(ring->data + ring->zeroed_to, 0, (size_t)(window_end - ring->zeroed_to));
        ring->zeroed_to = window_end;
    }
}

static inline void publish_record(ring_t *ring, int64_t sequence, const options_t *options)
{
    const int32_t index = ring->index;
    const int32_t next = next_index(index);
    uint8_t body[PINGPONG_MESSAGE_LENGTH] = { 0 };
    const int32_t type_id = RECORD_TYPE_ID;
    pingpong_put_sequence(body, sequence);
    if (options->zero_ahead)
    {
        zero_before_commit(ring, index, next);
    }
    else if (!options->consumer_zeroes)
    {
        memset(ring->data + next, 0, RECORD_HEADER_LENGTH);
    }
    memcpy(ring->data + index + RECORD_HEADER_LENGTH, body, sizeof(body));
    memcpy(ring->data + index + RECORD_TYPE_ID_OFFSET, &type_id, sizeof(type_id));
    /* SYNC POINT: the commit; pairs with the consumer's acquire load of the length in take_record */
    atomic_store_explicit(record_length(ring, index), RECORD_LENGTH, memory_order_release);
    ring->index = next;
    if (options->zero_ahead)
    {
        zero_after_commit(ring, next);
    }
    if (options->wake_check)
    {
        wake_check(ring->waiters);
    }
}

/*
 * Spins until the record at the ring's index is committed; @return its sequence. With --consumer-zeroes the record
 * then reads as zero again: its space is reused a lap later, once the reply that follows has been seen by the producer.
 */
static inline int64_t take_record(ring_t *ring, const options_t *options)
{
    const int32_t index = ring->index;
    /* SYNC POINT: pairs with the producer's release store of the length in publish_record */
    while (atomic_load_explicit(record_length(ring, index), memory_order_acquire) == 0)
    {
    }
    ring->index = next_index(index);
    const int64_t sequence = pingpong_get_sequence(ring->data + index + RECORD_HEADER_LENGTH);
    if (options->consumer_zeroes)
    {
        memset(ring->data + index, 0, RECORD_LENGTH);
    }
    return sequence;
}

static inline void publish_word(_Atomic int64_t *word, _Atomic int32_t *waiters, int64_t sequence,
    const options_t *options)
{
    /* SYNC POINT: pairs with the other side's acquire load of this word */
    atomic_store_explicit(word, sequence, memory_order_release);
    if (options->wake_check)
    {
        wake_check(waiters);
    }
}

static ring_t ring_at(uint8_t *mapped, int direction)
{
    uint8_t *base = mapped + (size_t)direction * DIRECTION_LENGTH;
    /* the data area starts zeroed: the window covers the first header */
    const ring_t ring = { base + HEADER_PAGE_LENGTH, (_Atomic int32_t *)(base + WAITERS_OFFSET), 0,
        RECORD_HEADER_LENGTH };
    return ring;
}

static void pong(uint8_t *mapped, const options_t *options)
{
    pingpong_ready();
    ring_t in = ring_at(mapped, 0);
    ring_t out = ring_at(mapped, 1);
    _Atomic int64_t *ping_word = (_Atomic int64_t *)(mapped + PING_WORD_OFFSET);
    _Atomic int64_t *pong_word = (_Atomic int64_t *)(mapped + PONG_WORD_OFFSET);
    int64_t last = -2;
    for (;;)
    {
        int64_t sequence;
        if (options->record)
        {
            sequence = take_record(&in, options);
        }
        else
        {
            while ((sequence = atomic_load_explicit(ping_word, memory_order_acquire)) == last)
            {
            }
        }
        if (sequence == PINGPONG_STOP_SEQUENCE)
        {
            break;
        }
        if (options->record)
        {
            publish_record(&out, sequence, options);
        }
        else
        {
            publish_word(pong_word, out.waiters, sequence, options);
        }
        last = sequence;
    }
}

static void ping(uint8_t *mapped, const options_t *options, const pingpong_args_t *args, int64_t *samples)
{
    ring_t out = ring_at(mapped, 0);
    ring_t in = ring_at(mapped, 1);
    _Atomic int64_t *ping_word = (_Atomic int64_t *)(mapped + PING_WORD_OFFSET);
    _Atomic int64_t *pong_word = (_Atomic int64_t *)(mapped + PONG_WORD_OFFSET);
    const int64_t total = args->warmup + args->count;
    for (int64_t sequence = 0; sequence < total; sequence++)
    {
        const int64_t start_ns = pingpong_now_ns();
        if (options->record)
        {
            publish_record(&out, sequence, options);
            const int64_t echoed = take_record(&in, options);
            if (echoed != sequence)
            {
                fprintf(stderr, "wrong echo: field=sequence found=%lld expected=%lld\n", (long long)echoed,
                    (long long)sequence);
                exit(1);
            }
        }
        else
        {
            publish_word(ping_word, out.waiters, sequence, options);
            while (atomic_load_explicit(pong_word, memory_order_acquire) != sequence)
            {
            }
        }
        const int64_t end_ns = pingpong_now_ns();
        if (sequence >= args->warmup)
        {
            samples[sequence - args->warmup] = end_ns - start_ns;
        }
    }
    if (options->record)
    {
        publish_record(&out, PINGPONG_STOP_SEQUENCE, options);
    }
    else
    {
        publish_word(ping_word, out.waiters, PINGPONG_STOP_SEQUENCE, options);
    }
}

int main(int argc, char **argv)
{
    options_t options = { false, false, false, false };
    int first = 1;
    for (; first < argc && strncmp(argv[first], "--", 2) == 0; first++)
    {
        if (strcmp(argv[first], "--record") == 0)
        {
            options.record = true;
        }
        else if (strcmp(argv[first], "--wake-check") == 0)
        {
            options.wake_check = true;
        }
        else if (strcmp(argv[first], "--consumer-zeroes") == 0)
        {
            options.consumer_zeroes = true;
        }
        else if (strcmp(argv[first], "--zero-ahead") == 0)
        {
            options.zero_ahead = true;
        }
        else
        {
            fprintf(stderr, "unknown option: found=%s\nusage: %s\n", argv[first], USAGE);
            return 2;
        }
    }
    if ((options.consumer_zeroes || options.zero_ahead) && !options.record)
    {
        fprintf(stderr, "invalid options: field=--consumer-zeroes or --zero-ahead found=without --record "
            "expected=with --record\nusage: %s\n", USAGE);
        return 2;
    }
    if (options.consumer_zeroes && options.zero_ahead)
    {
        fprintf(stderr, "invalid options: field=--zero-ahead found=with --consumer-zeroes expected=one of them\n"
            "usage: %s\n", USAGE);
        return 2;
    }
    /* the contract of pingpong.h for the rest: the program name stays argument 0 */
    argv[first - 1] = argv[0];
    const pingpong_args_t args = pingpong_parse_args(argc - first + 1, argv + first - 1, 1, USAGE);
    uint8_t *mapped = map_file(args.addresses[0], !args.is_ping);
    if (!args.is_ping)
    {
        /* the word mode's words start at -2, which no sequence is; the record mode's data starts zeroed */
        atomic_store_explicit((_Atomic int64_t *)(mapped + PING_WORD_OFFSET), -2, memory_order_relaxed);
        atomic_store_explicit((_Atomic int64_t *)(mapped + PONG_WORD_OFFSET), -2, memory_order_release);
        pong(mapped, &options);
        munmap(mapped, FILE_LENGTH);
        unlink(args.addresses[0]);
        return 0;
    }
    int64_t *samples = pingpong_allocate_samples(args.count);
    ping(mapped, &options, &args, samples);
    const int status = pingpong_write_samples(args.out_path, samples, args.count);
    free(samples);
    munmap(mapped, FILE_LENGTH);
    return status;
}
