/*
 * What the C peer and floor ping-pong programs of the benchmark share: the command-line contract, the clock and the
 * result file. (Ringway's own ping-pong program, in C c-interop/programs/ping_pong.c, has its own contract, the same
 * in Java, C and Go: docs/PING_PONG.md.)
 *
 * Contract (the same for the Java peer programs, see benchmarks/README.md):
 *   <program> pong <addresses...>                          prints "READY" once it can be reached, echoes until STOP
 *   <program> ping <addresses...> <warmup> <count> <out>   sends warmup + count messages of PINGPONG_MESSAGE_LENGTH
 *                                                          bytes, one at a time, and writes the count measured round
 *                                                          trips to <out> as little-endian int64 nanoseconds
 * The first 8 bytes of a message are its sequence number; PINGPONG_STOP_SEQUENCE tells the pong side to exit.
 */
#ifndef RINGWAY_BENCH_PINGPONG_H
#define RINGWAY_BENCH_PINGPONG_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PINGPONG_MESSAGE_LENGTH 32
#define PINGPONG_STOP_SEQUENCE INT64_C(-1)
/* one cache line pair apart, so that the two directions of a raw ping-pong never share a line (adjacent prefetch) */
#define PINGPONG_SLOT_LENGTH 128

typedef struct pingpong_args_stct
{
    int is_ping;
    const char *addresses[2];
    int64_t warmup;
    int64_t count;
    const char *out_path;
}
pingpong_args_t;

static inline int64_t pingpong_now_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

/* Parses "ping a [b] warmup count out" or "pong a [b]"; address_count is 1 or 2. Exits with status 2 on misuse. */
static inline pingpong_args_t pingpong_parse_args(int argc, char **argv, int address_count, const char *usage)
{
    pingpong_args_t args;
    memset(&args, 0, sizeof(args));
    if (argc >= 2 && strcmp(argv[1], "pong") == 0 && argc == 2 + address_count)
    {
        args.is_ping = 0;
    }
    else if (argc >= 2 && strcmp(argv[1], "ping") == 0 && argc == 5 + address_count)
    {
        args.is_ping = 1;
        args.warmup = atoll(argv[2 + address_count]);
        args.count = atoll(argv[3 + address_count]);
        args.out_path = argv[4 + address_count];
    }
    else
    {
        fprintf(stderr, "usage: %s\n", usage);
        exit(2);
    }
    for (int i = 0; i < address_count; i++)
    {
        args.addresses[i] = argv[2 + i];
    }
    if (args.is_ping && (args.warmup < 0 || args.count <= 0))
    {
        fprintf(stderr, "invalid counts: field=warmup found=%lld expected=>=0, field=count found=%lld expected=>0\n",
            (long long)args.warmup, (long long)args.count);
        exit(2);
    }
    return args;
}

static inline void pingpong_ready(void)
{
    printf("READY\n");
    fflush(stdout);
}

/*
 * The samples, every page written now: fresh memory is mapped at its first write, and a page fault every 512
 * measured round trips would land in them (as ringway_ping_pong's allocate_round_trips, c-interop/programs).
 */
static inline int64_t *pingpong_allocate_samples(int64_t count)
{
    int64_t *samples = malloc((size_t)count * sizeof(int64_t));
    if (samples == NULL)
    {
        fprintf(stderr, "cannot allocate samples: field=count found=%lld\n", (long long)count);
        exit(1);
    }
    for (int64_t i = 0; i < count; i++)
    {
        samples[i] = -1; /* every round trip overwrites its sample */
    }
    return samples;
}

/* Writes the samples as little-endian int64 (the host order: x86_64 and aarch64 are little-endian). */
static inline int pingpong_write_samples(const char *path, const int64_t *samples, int64_t count)
{
    FILE *out = fopen(path, "wb");
    if (out == NULL)
    {
        fprintf(stderr, "cannot write results: file=%s error=%s\n", path, strerror(errno));
        return 1;
    }
    const size_t written = fwrite(samples, sizeof(int64_t), (size_t)count, out);
    const int closed = fclose(out);
    if (written != (size_t)count || closed != 0)
    {
        fprintf(stderr, "short write: file=%s found=%zu expected=%lld\n", path, written, (long long)count);
        return 1;
    }
    return 0;
}

static inline void pingpong_put_sequence(uint8_t *message, int64_t sequence)
{
    memcpy(message, &sequence, sizeof(sequence));
}

static inline int64_t pingpong_get_sequence(const uint8_t *message)
{
    int64_t sequence;
    memcpy(&sequence, message, sizeof(sequence));
    return sequence;
}

#endif
