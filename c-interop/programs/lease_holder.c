/*
 * Holds the roles of a channel until killed, for the Java tests of the liveness rule (docs/LAYOUT.md section 8).
 *
 * Usage: ringway_lease_holder <channel file> <same-thread|main-thread-exits> [name as hex bytes]
 *
 * Attaches the consumer and, on an SPSC channel, the producer; with a name, renames the process to it (prctl
 * PR_SET_NAME: field 2 of /proc/<pid>/stat, up to 15 bytes, any byte but NUL; given in hex, so that a name that is
 * not ASCII passes through any locale). Then prints "ATTACHED" and waits to be killed:
 *   same-thread        in the main thread;
 *   main-thread-exits  in a worker thread, after the main thread has ended with pthread_exit: /proc/<pid>/stat shows
 *                      the state Z while the worker runs, and "ATTACHED" is printed only once it does.
 */
#define _GNU_SOURCE
#include "ringway.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/prctl.h>

static void *report_once_the_main_thread_has_exited(void *argument)
{
    (void)argument;
    char stat_path[64];
    snprintf(stat_path, sizeof(stat_path), "/proc/%d/stat", (int)getpid());
    for (;;)
    {
        int state = 0;
        int64_t start_time = -1;
        int error_number = 0;
        if (ringway_read_stat_(stat_path, &state, &start_time, &error_number) == 0 && state == 'Z')
        {
            break;
        }
        sched_yield();
    }
    printf("ATTACHED\n");
    fflush(stdout);
    for (;;)
    {
        pause(); /* holds the roles until killed */
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if ((argc != 3 && argc != 4) ||
        (strcmp(argv[2], "same-thread") != 0 && strcmp(argv[2], "main-thread-exits") != 0))
    {
        fprintf(stderr, "usage: %s <channel file> <same-thread|main-thread-exits> [name as hex bytes]\n", argv[0]);
        return 2;
    }
    static ringway_channel_t channel;
    static ringway_consumer_t consumer;
    static ringway_producer_t producer;
    if (ringway_channel_open(&channel, argv[1], NULL) != RINGWAY_OK)
    {
        fprintf(stderr, "%s\n", ringway_channel_last_error(&channel));
        return 1;
    }
    if (ringway_consumer_attach(&consumer, &channel) != RINGWAY_OK)
    {
        fprintf(stderr, "%s\n", ringway_consumer_last_error(&consumer));
        return 1;
    }
    if (ringway_channel_ring_kind(&channel) == RINGWAY_RING_KIND_SPSC &&
        ringway_producer_attach(&producer, &channel) != RINGWAY_OK)
    {
        fprintf(stderr, "%s\n", ringway_producer_last_error(&producer));
        return 1;
    }
    if (argc == 4)
    {
        char name[16] = { 0 };
        const size_t hex_length = strlen(argv[3]);
        for (size_t i = 0; i + 1 < hex_length && i / 2 < sizeof(name) - 1; i += 2)
        {
            const char hex_byte[3] = { argv[3][i], argv[3][i + 1], '\0' };
            name[i / 2] = (char)strtoul(hex_byte, NULL, 16);
        }
        if (prctl(PR_SET_NAME, name, 0, 0, 0) != 0)
        {
            perror("prctl(PR_SET_NAME)");
            return 1;
        }
    }
    if (strcmp(argv[2], "same-thread") == 0)
    {
        printf("ATTACHED\n");
        fflush(stdout);
        for (;;)
        {
            pause();
        }
    }
    pthread_t worker;
    if (pthread_create(&worker, NULL, report_once_the_main_thread_has_exited, NULL) != 0)
    {
        fprintf(stderr, "pthread_create failed\n");
        return 1;
    }
    pthread_exit(NULL);
}
