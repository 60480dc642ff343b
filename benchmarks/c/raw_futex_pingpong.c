/*
 * The floor for a round trip that sleeps instead of spinning: the same two words as raw_spin_pingpong (32-bit here,
 * since a futex word is 32 bits), but a side that finds nothing new waits in FUTEX_WAIT, and each store is followed
 * by FUTEX_WAKE. Shared (not PRIVATE) futex operations, since the words are in a shared mapping. Every round trip
 * pays two wakeups: this is what a parked consumer costs at least.
 *
 * Usage: raw_futex_pingpong pong <file> | ping <file> <warmup> <count> <out>
 */
#include "pingpong.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PING_WORD_OFFSET 0
#define PONG_WORD_OFFSET PINGPONG_SLOT_LENGTH
#define FILE_LENGTH (2 * PINGPONG_SLOT_LENGTH)
/* the 32-bit words wrap; STOP is a value the sequence never reaches within a run of < 2^31 round trips */
#define STOP_WORD INT32_MIN

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

static void futex_wait(_Atomic int32_t *word, int32_t seen)
{
    syscall(SYS_futex, (int32_t *)word, FUTEX_WAIT, seen, NULL, NULL, 0);
}

static void futex_wake(_Atomic int32_t *word)
{
    syscall(SYS_futex, (int32_t *)word, FUTEX_WAKE, 1, NULL, NULL, 0);
}

/* Waits until *word differs from seen; returns the new value. */
static int32_t wait_for_change(_Atomic int32_t *word, int32_t seen)
{
    int32_t value;
    /* SYNC POINT: pairs with the other side's release store before its FUTEX_WAKE */
    while ((value = atomic_load_explicit(word, memory_order_acquire)) == seen)
    {
        futex_wait(word, seen);
    }
    return value;
}

int main(int argc, char **argv)
{
    const pingpong_args_t args =
        pingpong_parse_args(argc, argv, 1, "raw_futex_pingpong pong <file> | ping <file> <warmup> <count> <out>");
    uint8_t *mapped = map_file(args.addresses[0], !args.is_ping);
    _Atomic int32_t *ping_word = (_Atomic int32_t *)(mapped + PING_WORD_OFFSET);
    _Atomic int32_t *pong_word = (_Atomic int32_t *)(mapped + PONG_WORD_OFFSET);
    if (!args.is_ping)
    {
        pingpong_ready();
        int32_t last = 0;
        for (;;)
        {
            const int32_t value = wait_for_change(ping_word, last);
            if (value == STOP_WORD)
            {
                break;
            }
            atomic_store_explicit(pong_word, value, memory_order_release);
            futex_wake(pong_word);
            last = value;
        }
        munmap(mapped, FILE_LENGTH);
        unlink(args.addresses[0]);
        return 0;
    }
    int64_t *samples = pingpong_allocate_samples(args.count);
    const int64_t total = args.warmup + args.count;
    int32_t value = 0;
    for (int64_t sequence = 0; sequence < total; sequence++)
    {
        const int64_t start_ns = pingpong_now_ns();
        const int32_t previous = value;
        value = (int32_t)((sequence + 1) & INT32_MAX);
        atomic_store_explicit(ping_word, value, memory_order_release);
        futex_wake(ping_word);
        const int32_t echoed = wait_for_change(pong_word, previous);
        const int64_t end_ns = pingpong_now_ns();
        if (echoed != value)
        {
            fprintf(stderr, "ping: wrong echo: field=word found=%d expected=%d\n", echoed, value);
            return 1;
        }
        if (sequence >= args.warmup)
        {
            samples[sequence - args.warmup] = end_ns - start_ns;
        }
    }
    atomic_store_explicit(ping_word, STOP_WORD, memory_order_release);
    futex_wake(ping_word);
    const int status = pingpong_write_samples(args.out_path, samples, args.count);
    free(samples);
    munmap(mapped, FILE_LENGTH);
    return status;
}
