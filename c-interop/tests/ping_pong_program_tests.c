/*
 * Tests of the ping-pong program's own parts (programs/ping_pong.c, docs/PING_PONG.md), compiled into this file with
 * its main renamed: what the round trips it measures must not include.
 */
#define _GNU_SOURCE
#define main ringway_ping_pong_main
#include "../programs/ping_pong.c"
#undef main

#include "test_support.h"

#include <sys/resource.h>

/* This thread's own faults: a sanitizer's background thread (tsan) takes faults of its own in the same process. */
static long thread_minor_page_faults(void)
{
    struct rusage usage;
    getrusage(RUSAGE_THREAD, &usage);
    return usage.ru_minflt;
}

/* Writing the whole record, as the measured rounds do, takes no page fault (a fresh 8 MB block takes one per 4 KiB). */
static void shouldRecordRoundTripsWithoutPageFaults(void)
{
    const int64_t rounds = INT64_C(1) << 20;
    int64_t *volatile round_trip_ns = allocate_round_trips(rounds);
    CHECK(round_trip_ns != NULL);
    const long faults_before = thread_minor_page_faults();
    for (int64_t i = 0; i < rounds; i++)
    {
        round_trip_ns[i] = i;
    }
    const long faults = thread_minor_page_faults() - faults_before;
    free(round_trip_ns);
    if (faults > 16) /* a few for the harness's own pages, not one per page */
    {
        fprintf(stderr, "writing %lld round trips took %ld minor page faults, expected none\n", (long long)rounds,
            faults);
    }
    CHECK(faults <= 16);
}

static const test_case_t tests[] = {
    TEST_CASE(shouldRecordRoundTripsWithoutPageFaults),
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, tests, (int)(sizeof(tests) / sizeof(tests[0])));
}
