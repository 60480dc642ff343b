/*
 * Crash-test producer (docs/GUARANTEES.md): sends SEQUENCE 0, 1, 2, ... (docs/CONFORMANCE.md, no END) into an existing
 * channel until it is killed, alternating copy offers and in-place claims, and stores the count of committed messages
 * in a progress file after each commit (the layout of io.ringway.testing.ProgressFile: int64 committedCount at 0,
 * int64 stalled at 8). With a stall point it claims one more message after that many, marks itself stalled and sleeps
 * without committing: the test kills it between claim and commit. With pauseEvery > 0, every pauseEvery-th message is
 * claimed, then the producer stores sequence + 1 in the progress file's pausedSequence word (offset 16) and waits
 * until the test clears it before it writes the body and commits: the test stops it there (SIGSTOP) and continues it
 * after the consumer's unblock timeout has passed many times (layout 1.2, LAYOUT 7.1).
 *
 * Usage: ringway_crash_producer <channel file> <producerId> <progress file> <stallAfter, or -1> [pauseEvery]
 * Exit status: never 0 (it runs until killed); 2 on bad arguments, 1 on any channel error.
 */
#include "ringway.h"
#include "conformance.h"

#include <sched.h>
#include <stdlib.h>

#define PROGRESS_COMMITTED_COUNT_OFFSET 0
#define PROGRESS_STALLED_OFFSET 8
#define PROGRESS_PAUSED_SEQUENCE_OFFSET 16
#define PROGRESS_LENGTH 24

static void wait_for_space(ringway_producer_t *producer, long *spins)
{
    if (++*spins % 64 == 0)
    {
        ringway_producer_heartbeat(producer);
        sched_yield(); /* let the consumer run on a busy machine */
    }
}

static int64_t *map_progress(const char *path)
{
    const int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
    {
        return NULL;
    }
    void *mapped = mmap(NULL, PROGRESS_LENGTH, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    return mapped == MAP_FAILED ? NULL : (int64_t *)mapped;
}

int main(int argc, char **argv)
{
    if (argc != 5 && argc != 6)
    {
        fprintf(stderr, "usage: %s <channel file> <producerId> <progress file> <stallAfter, or -1> [pauseEvery]\n",
            argv[0]);
        return 2;
    }
    const int64_t pause_every = argc == 6 ? strtoll(argv[5], NULL, 10) : 0;
    const char *path = argv[1];
    const int64_t producer_id = strtoll(argv[2], NULL, 10);
    const int64_t stall_after = strtoll(argv[4], NULL, 10);
    int64_t *progress = map_progress(argv[3]);
    if (progress == NULL)
    {
        fprintf(stderr, "producer %lld: cannot map progress file %s\n", (long long)producer_id, argv[3]);
        return 2;
    }
    int64_t *committed_count = progress + PROGRESS_COMMITTED_COUNT_OFFSET / 8;
    int64_t *stalled = progress + PROGRESS_STALLED_OFFSET / 8;
    int64_t *paused_sequence = progress + PROGRESS_PAUSED_SEQUENCE_OFFSET / 8;

    ringway_channel_t channel;
    if (ringway_channel_open(&channel, path, NULL) < 0)
    {
        fprintf(stderr, "producer %lld: %s\n", (long long)producer_id, ringway_channel_last_error(&channel));
        return 1;
    }
    ringway_producer_t producer;
    if (ringway_producer_attach(&producer, &channel) < 0)
    {
        fprintf(stderr, "producer %lld: %s\n", (long long)producer_id, ringway_producer_last_error(&producer));
        return 1;
    }

    uint8_t scratch[CONFORMANCE_MAX_SEQUENCE_LENGTH];
    long spins = 0;
    for (int64_t sequence = 0; ; sequence++)
    {
        const int32_t length = conformance_sequence_length(sequence);
        uint8_t *body = NULL;
        if (sequence == stall_after)
        {
            while (ringway_producer_try_claim(&producer, CONFORMANCE_SEQUENCE_TYPE_ID, length, &body) ==
                RINGWAY_E_RING_FULL)
            {
                wait_for_space(&producer, &spins);
            }
            ringway_put_int64_release(stalled, 1);
            for (;;)
            {
                pause(); /* holds the claim until SIGKILL */
            }
        }
        if (pause_every > 0 && sequence % pause_every == pause_every - 1)
        {
            int32_t index;
            while ((index = ringway_producer_try_claim(&producer, CONFORMANCE_SEQUENCE_TYPE_ID, length, &body)) ==
                RINGWAY_E_RING_FULL)
            {
                wait_for_space(&producer, &spins);
            }
            if (index < 0)
            {
                break;
            }
            /* SYNC POINT: read by the stall harness (ProgressFile.pausedSequence), which stops this process here */
            ringway_put_int64_release(paused_sequence, sequence + 1);
            const struct timespec pause_interval = { 0, 100000 };
            while (ringway_get_int64_acquire(paused_sequence) != 0)
            {
                nanosleep(&pause_interval, NULL);
            }
            /* the late body write and commit of a producer stopped between claim and commit */
            conformance_encode_sequence(body, producer_id, sequence);
            if (ringway_producer_commit(&producer, index) < 0)
            {
                break;
            }
        }
        else if ((sequence & 1) == 0)
        {
            conformance_encode_sequence(scratch, producer_id, sequence);
            int result;
            while ((result = ringway_producer_offer(&producer, CONFORMANCE_SEQUENCE_TYPE_ID, scratch, length)) ==
                RINGWAY_E_RING_FULL)
            {
                wait_for_space(&producer, &spins);
            }
            if (result < 0)
            {
                break;
            }
        }
        else
        {
            int32_t index;
            while ((index = ringway_producer_try_claim(&producer, CONFORMANCE_SEQUENCE_TYPE_ID, length, &body)) ==
                RINGWAY_E_RING_FULL)
            {
                wait_for_space(&producer, &spins);
            }
            if (index < 0)
            {
                break;
            }
            conformance_encode_sequence(body, producer_id, sequence);
            if (ringway_producer_commit(&producer, index) < 0)
            {
                break;
            }
        }
        /* SYNC POINT: read by the crash harness after this process is killed (ProgressFile.committedCount) */
        ringway_put_int64_release(committed_count, sequence + 1);
    }
    fprintf(stderr, "producer %lld: %s\n", (long long)producer_id, ringway_producer_last_error(&producer));
    return 1;
}
