/*
 * The hardware floor for a spinning round trip: two processes share one mapped file holding two 64-bit words, one
 * per direction, each in its own 128-byte slot. The ping side stores the sequence (release) into its word and spins
 * (acquire) on the other word until the pong side has stored the same sequence there. No ring, no framing: whatever
 * Ringway adds on top of this is its own cost.
 *
 * Usage: raw_spin_pingpong pong <file> | ping <file> <warmup> <count> <out>
 */
#include "pingpong.h"

#include <fcntl.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <unistd.h>

#define PING_WORD_OFFSET 0
#define PONG_WORD_OFFSET PINGPONG_SLOT_LENGTH
#define FILE_LENGTH (2 * PINGPONG_SLOT_LENGTH)

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

int main(int argc, char **argv)
{
    const pingpong_args_t args =
        pingpong_parse_args(argc, argv, 1, "raw_spin_pingpong pong <file> | ping <file> <warmup> <count> <out>");
    uint8_t *mapped = map_file(args.addresses[0], !args.is_ping);
    _Atomic int64_t *ping_word = (_Atomic int64_t *)(mapped + PING_WORD_OFFSET);
    _Atomic int64_t *pong_word = (_Atomic int64_t *)(mapped + PONG_WORD_OFFSET);
    if (!args.is_ping)
    {
        atomic_store_explicit(ping_word, -2, memory_order_relaxed);
        atomic_store_explicit(pong_word, -2, memory_order_release);
        pingpong_ready();
        int64_t last = -2;
        for (;;)
        {
            int64_t sequence;
            /* SYNC POINT: pairs with the ping side's release store of ping_word */
            while ((sequence = atomic_load_explicit(ping_word, memory_order_acquire)) == last)
            {
            }
            if (sequence == PINGPONG_STOP_SEQUENCE)
            {
                break;
            }
            /* SYNC POINT: pairs with the ping side's acquire load of pong_word */
            atomic_store_explicit(pong_word, sequence, memory_order_release);
            last = sequence;
        }
        munmap(mapped, FILE_LENGTH);
        unlink(args.addresses[0]);
        return 0;
    }
    int64_t *samples = pingpong_allocate_samples(args.count);
    const int64_t total = args.warmup + args.count;
    for (int64_t sequence = 0; sequence < total; sequence++)
    {
        const int64_t start_ns = pingpong_now_ns();
        atomic_store_explicit(ping_word, sequence, memory_order_release);
        while (atomic_load_explicit(pong_word, memory_order_acquire) != sequence)
        {
        }
        const int64_t end_ns = pingpong_now_ns();
        if (sequence >= args.warmup)
        {
            samples[sequence - args.warmup] = end_ns - start_ns;
        }
    }
    atomic_store_explicit(ping_word, PINGPONG_STOP_SEQUENCE, memory_order_release);
    const int status = pingpong_write_samples(args.out_path, samples, args.count);
    free(samples);
    munmap(mapped, FILE_LENGTH);
    return status;
}
