/*
 * The baseline for parked ping-pong: two processes (this one and a fork) bounce a counter through two shared futex
 * words in a shared anonymous mapping, each parking in FUTEX_WAIT (shared, not private) on every round, with no ring,
 * no records and no waiters flag: a FUTEX_WAKE on every message. What a Ringway parked round trip costs above the
 * kernel's own futex round trip is the difference to ringway_ping_pong ... blocking.
 *
 * Usage: ringway_raw_futex_ping_pong <rounds> <warmupRounds>
 * Output, one line: "raw-futex: rounds=N p50Ns=.. p90Ns=.. p99Ns=.. maxNs=.. meanNs=..". Exit 0, 1 on failure, 2 usage.
 */
#define _GNU_SOURCE
#include "ringway.h"

#include <stdlib.h>
#include <sys/wait.h>

typedef struct shared_words_stct
{
    int32_t ping;
    uint8_t ping_padding[RINGWAY_SLOT_LENGTH - 4];
    int32_t pong;
    uint8_t pong_padding[RINGWAY_SLOT_LENGTH - 4];
}
shared_words_t;

/** Waits until *word != value (re-checking after every wake, timeout or signal). */
static void await_change(int32_t *word, int32_t value)
{
    while (ringway_get_int32_acquire(word) == value)
    {
        ringway_futex_wait(word, value, RINGWAY_MAX_PARK_NS);
    }
}

static void publish(int32_t *word, int32_t value)
{
    ringway_put_int32_release(word, value);
    ringway_futex_wake(word, 1);
}

static int compare_int64(const void *left, const void *right)
{
    const int64_t a = *(const int64_t *)left;
    const int64_t b = *(const int64_t *)right;
    return a < b ? -1 : a > b;
}

int main(int argc, char **argv)
{
    if (argc != 3 || atoll(argv[1]) <= 0 || atoll(argv[2]) < 0)
    {
        fprintf(stderr, "usage: %s <rounds> <warmupRounds>\n", argv[0]);
        return 2;
    }
    const int64_t rounds = atoll(argv[1]);
    const int64_t total = rounds + atoll(argv[2]);
    shared_words_t *words = mmap(NULL, sizeof(shared_words_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
        -1, 0);
    int64_t *round_trip_ns = calloc((size_t)rounds, sizeof(int64_t));
    if (words == MAP_FAILED || round_trip_ns == NULL)
    {
        perror("raw-futex: mmap or calloc");
        return 1;
    }
    const pid_t child = fork();
    if (child < 0)
    {
        perror("raw-futex: fork");
        return 1;
    }
    if (child == 0)
    {
        for (int32_t round = 1; round <= (int32_t)total; round++)
        {
            await_change(&words->ping, round - 1);
            publish(&words->pong, round);
        }
        _exit(0);
    }
    for (int32_t round = 1; round <= (int32_t)total; round++)
    {
        const int64_t start_ns = ringway_monotonic_ns_();
        publish(&words->ping, round);
        await_change(&words->pong, round - 1);
        if (round > total - rounds)
        {
            round_trip_ns[round - 1 - (total - rounds)] = ringway_monotonic_ns_() - start_ns;
        }
    }
    int status = 0;
    waitpid(child, &status, 0);
    qsort(round_trip_ns, (size_t)rounds, sizeof(int64_t), compare_int64);
    int64_t sum = 0;
    for (int64_t i = 0; i < rounds; i++)
    {
        sum += round_trip_ns[i];
    }
    printf("raw-futex: rounds=%lld p50Ns=%lld p90Ns=%lld p99Ns=%lld maxNs=%lld meanNs=%lld\n", (long long)rounds,
        (long long)round_trip_ns[(int64_t)(rounds * 0.50)], (long long)round_trip_ns[(int64_t)(rounds * 0.90)],
        (long long)round_trip_ns[(int64_t)(rounds * 0.99)], (long long)round_trip_ns[rounds - 1],
        (long long)(sum / rounds));
    free(round_trip_ns);
    munmap(words, sizeof(shared_words_t));
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
