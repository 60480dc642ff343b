/*
 * Producers in C threads against a C consumer thread, on one shared channel handle (so ThreadSanitizer sees every
 * access): each producer sends conformance traffic (docs/CONFORMANCE.md), mixing offers, claims and aborted claims;
 * the consumer checks per-producer order, every byte and each END checksum.
 *
 * Usage: ringway_mpsc_threads_test <producers> <messages per producer> <capacity> [spsc]
 * With "spsc" there must be one producer, on an SPSC channel.
 */
#define _GNU_SOURCE
#include "ringway.h"
#include "../programs/conformance.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>

typedef struct producer_task_stct
{
    ringway_channel_t *channel;
    int64_t producer_id;
    int64_t count;
    int status;
    char error[512];
}
producer_task_t;

static void spin(long *spins)
{
    if (++*spins % 16 == 0)
    {
        sched_yield();
    }
}

static void *produce(void *argument)
{
    producer_task_t *task = (producer_task_t *)argument;
    ringway_producer_t producer;
    int status = 0;
    if (ringway_producer_attach(&producer, task->channel) < 0)
    {
        snprintf(task->error, sizeof(task->error), "%s", ringway_producer_last_error(&producer));
        __atomic_store_n(&task->status, 1, __ATOMIC_RELEASE);
        return NULL;
    }
    uint8_t scratch[CONFORMANCE_MAX_SEQUENCE_LENGTH];
    uint64_t checksum = CONFORMANCE_FNV_OFFSET_BASIS;
    long spins = 0;
    for (int64_t sequence = 0; sequence < task->count && status == 0; sequence++)
    {
        const int32_t length = conformance_sequence_length(sequence);
        if (sequence % 3 == 0)
        {
            conformance_encode_sequence(scratch, task->producer_id, sequence);
            int result;
            while ((result = ringway_producer_offer(&producer, CONFORMANCE_SEQUENCE_TYPE_ID, scratch, length)) ==
                RINGWAY_E_RING_FULL)
            {
                spin(&spins);
            }
            status = result < 0 ? 1 : 0;
            checksum = conformance_checksum(checksum, scratch, length);
        }
        else
        {
            if (sequence % 7 == 1)
            {
                /* a claim that is aborted: the consumer must skip it */
                uint8_t *junk = NULL;
                int32_t junk_index;
                while ((junk_index = ringway_producer_try_claim(&producer, 99, length, &junk)) == RINGWAY_E_RING_FULL)
                {
                    spin(&spins);
                }
                if (junk_index < 0)
                {
                    status = 1;
                    break;
                }
                memset(junk, 0xEE, (size_t)length);
                status = ringway_producer_abort(&producer, junk_index) < 0 ? 1 : 0;
            }
            uint8_t *body = NULL;
            int32_t index;
            while ((index = ringway_producer_try_claim(&producer, CONFORMANCE_SEQUENCE_TYPE_ID, length, &body)) ==
                RINGWAY_E_RING_FULL)
            {
                spin(&spins);
            }
            if (index < 0)
            {
                status = 1;
                break;
            }
            conformance_encode_sequence(body, task->producer_id, sequence);
            checksum = conformance_checksum(checksum, body, length);
            if (ringway_producer_commit(&producer, index) < 0)
            {
                status = 1;
            }
        }
    }
    if (status == 0)
    {
        conformance_encode_end(scratch, task->producer_id, task->count, checksum);
        int result;
        while ((result = ringway_producer_offer(&producer, CONFORMANCE_END_TYPE_ID, scratch, CONFORMANCE_END_LENGTH)) ==
            RINGWAY_E_RING_FULL)
        {
            spin(&spins);
        }
        status = result < 0 ? 1 : 0;
    }
    if (status != 0)
    {
        snprintf(task->error, sizeof(task->error), "%s", ringway_producer_last_error(&producer));
    }
    ringway_producer_close(&producer);
    /* read by the consumer loop while this thread may still run */
    __atomic_store_n(&task->status, status, __ATOMIC_RELEASE);
    return NULL;
}

static conformance_verifier_t verifier;

int main(int argc, char **argv)
{
    if (argc < 4)
    {
        fprintf(stderr, "usage: %s <producers> <messages per producer> <capacity> [spsc]\n", argv[0]);
        return 2;
    }
    const int producer_count = atoi(argv[1]);
    const int64_t count = atoll(argv[2]);
    const int32_t capacity = atoi(argv[3]);
    const bool spsc = argc == 5 && strcmp(argv[4], "spsc") == 0;
    if (producer_count < 1 || producer_count > 16 || (spsc && producer_count != 1))
    {
        fprintf(stderr, "bad producer count %d\n", producer_count);
        return 2;
    }

    char dir[256];
    snprintf(dir, sizeof(dir), "%s/ringway-threads-XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (mkdtemp(dir) == NULL)
    {
        perror("mkdtemp");
        return 1;
    }
    char path[512];
    snprintf(path, sizeof(path), "%s/threads.ringway", dir);
    ringway_channel_t channel;
    ringway_create_options_t options = { spsc ? RINGWAY_RING_KIND_SPSC : RINGWAY_RING_KIND_MPSC, capacity, 0, 0, 0, false };
    if (ringway_channel_create(&channel, path, &options) < 0)
    {
        fprintf(stderr, "%s\n", ringway_channel_last_error(&channel));
        rmdir(dir);
        return 1;
    }
    ringway_consumer_t consumer;
    if (ringway_consumer_attach(&consumer, &channel) < 0)
    {
        fprintf(stderr, "%s\n", ringway_consumer_last_error(&consumer));
        ringway_channel_delete(&channel);
        rmdir(dir);
        return 1;
    }

    producer_task_t tasks[16];
    pthread_t threads[16];
    for (int i = 0; i < producer_count; i++)
    {
        tasks[i].channel = &channel;
        tasks[i].producer_id = 100 + i;
        tasks[i].count = count;
        tasks[i].status = 0;
        tasks[i].error[0] = '\0';
        pthread_create(&threads[i], NULL, produce, &tasks[i]);
    }

    conformance_verifier_init(&verifier);
    int status = 0;
    long idle = 0;
    while (verifier.ended_count < producer_count && !verifier.failed)
    {
        const int delivered = ringway_consumer_poll(&consumer, conformance_on_message, &verifier, 100);
        if (delivered < 0)
        {
            fprintf(stderr, "consumer: %s\n", ringway_consumer_last_error(&consumer));
            status = 1;
            break;
        }
        if (delivered == 0 && ++idle % 16 == 0)
        {
            bool all_failed = true;
            for (int i = 0; i < producer_count; i++)
            {
                /* a producer that stopped early never sends END: stop waiting for it */
                all_failed = all_failed && __atomic_load_n(&tasks[i].status, __ATOMIC_ACQUIRE) != 0;
            }
            if (all_failed)
            {
                break;
            }
            sched_yield();
        }
    }
    for (int i = 0; i < producer_count; i++)
    {
        pthread_join(threads[i], NULL);
        if (tasks[i].status != 0)
        {
            fprintf(stderr, "producer %lld failed: %s\n", (long long)tasks[i].producer_id, tasks[i].error);
            status = 1;
        }
    }
    if (verifier.failed)
    {
        fprintf(stderr, "conformance violation: %s\n", verifier.first_error);
        status = 1;
    }
    if (verifier.ended_count != producer_count)
    {
        status = 1;
    }
    printf("%s: producers=%d ended=%d messages=%lld backPressure=%lld\n", status == 0 ? "VERIFIED" : "FAILED",
        producer_count, verifier.ended_count, (long long)verifier.messages,
        (long long)ringway_channel_back_pressure_count(&channel));
    ringway_consumer_close(&consumer);
    ringway_channel_delete(&channel);
    rmdir(dir);
    return status;
}
