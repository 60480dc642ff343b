/*
 * Crash-test producer (docs/GUARANTEES.md): sends SEQUENCE 0, 1, 2, ... (docs/CONFORMANCE.md, no END) into an existing
 * channel until it is killed, alternating copy offers and in-place claims, every eighth message (from the fifth)
 * starting a batch of up to BATCH_LENGTH written with ringway_producer_offer_batch as runs (LAYOUT 6.1 and 6.2 "Runs"),
 * so that kills also land inside runs. It stores the count of committed messages in a progress file after each commit,
 * and after a batch once all of it is written; before a batch it stores the count that will then be committed (the
 * layout of io.ringway.testing.ProgressFile: int64 committedCount at 0, int64 stalled at 8, int64 offeringCount at
 * 24). With a stall point it claims one more message after that many, marks itself stalled and sleeps without
 * committing: the test kills it between claim and commit. With pauseEvery > 0, every pauseEvery-th message is claimed,
 * then the producer stores sequence + 1 in the progress file's pausedSequence word (offset 16) and waits until the
 * test clears it before it writes the body and commits: the test stops it there (SIGSTOP) and continues it after the
 * consumer's unblock timeout has passed many times (layout 1.2, LAYOUT 7.1).
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
#define PROGRESS_OFFERING_COUNT_OFFSET 24
#define PROGRESS_LENGTH 32
/* the most messages one batch takes, as io.ringway.testing.CrashProducerMain */
#define BATCH_LENGTH 5

static void wait_for_space(ringway_producer_t *producer, long *spins)
{
    if (++*spins % 64 == 0)
    {
        ringway_producer_heartbeat(producer);
        sched_yield(); /* let the consumer run on a busy machine */
    }
}

/** @return how many messages from sequence a batch takes: up to BATCH_LENGTH, none after the first a stall or pause
 *          point. */
static int64_t batch_length(int64_t sequence, int64_t stall_after, int64_t pause_every)
{
    int64_t count = 1;
    while (count < BATCH_LENGTH)
    {
        const int64_t next = sequence + count;
        if (next == stall_after || (pause_every > 0 && next % pause_every == pause_every - 1))
        {
            break;
        }
        count++;
    }
    return count;
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
    int64_t *offering_count = progress + PROGRESS_OFFERING_COUNT_OFFSET / 8;

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
    uint8_t batch_bodies[BATCH_LENGTH][CONFORMANCE_MAX_SEQUENCE_LENGTH];
    ringway_message_t batch[BATCH_LENGTH];
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
        else if (sequence % 8 == 4)
        {
            /* a batch, written as runs, that ends before the next stall or pause point; committed once all of it is
               written */
            const int64_t count = batch_length(sequence, stall_after, pause_every);
            /* SYNC POINT: read by the crash harness after this process is killed (ProgressFile.offeringCount): a run
               commits several messages at once, so up to this many may be committed before committedCount says so */
            ringway_put_int64_release(offering_count, sequence + count);
            for (int64_t i = 0; i < count; i++)
            {
                conformance_encode_sequence(batch_bodies[i], producer_id, sequence + i);
                batch[i] = (ringway_message_t){ .type_id = CONFORMANCE_SEQUENCE_TYPE_ID,
                    .body_length = conformance_sequence_length(sequence + i), .body = batch_bodies[i] };
            }
            size_t offered = 0;
            int result = RINGWAY_OK;
            while (offered < (size_t)count && (result == RINGWAY_OK || result == RINGWAY_E_RING_FULL))
            {
                size_t written = 0;
                result = ringway_producer_offer_batch(&producer, &batch[offered], (size_t)count - offered, &written);
                offered += written;
                if (result == RINGWAY_E_RING_FULL)
                {
                    wait_for_space(&producer, &spins);
                }
            }
            if (offered < (size_t)count)
            {
                break;
            }
            sequence += count - 1;
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
