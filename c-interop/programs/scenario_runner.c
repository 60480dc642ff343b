/*
 * Runs a scripted scenario (docs/CONFORMANCE.md, "Scripted scenarios") on an existing channel file, as one process that
 * is both the producer and the consumer, and prints its trace on stdout. ScenarioRunner (Java) and
 * go-interop/cmd/scenario_runner run the same scripts; ScenarioConformanceTest compares the three traces and files.
 *
 * Usage: ringway_scenario_runner <channel file> <scenario file>
 * Exit status: 0 when every step ran (whatever it returned); 1 when the channel cannot be used; 2 on bad arguments or
 * an unknown step.
 */
#include "ringway.h"

#include <inttypes.h>
#include <stdlib.h>

#define FNV_OFFSET_BASIS UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME UINT64_C(0x100000001b3)
#define MAX_WORDS 8
#define MAX_BODY_LENGTH 65536

typedef struct runner_stct
{
    const char *path;
    ringway_channel_t channel;
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    bool has_producer;
    bool has_consumer;
    int seen;
    int fail_at;
    uint8_t body[MAX_BODY_LENGTH];
}
runner_t;

static runner_t runner;

static bool ensure_producer(void)
{
    if (!runner.has_producer && ringway_producer_attach(&runner.producer, &runner.channel) < 0)
    {
        fprintf(stderr, "scenario: %s\n", ringway_producer_last_error(&runner.producer));
        return false;
    }
    runner.has_producer = true;
    return true;
}

static bool ensure_consumer(void)
{
    if (!runner.has_consumer && ringway_consumer_attach(&runner.consumer, &runner.channel) < 0)
    {
        fprintf(stderr, "scenario: %s\n", ringway_consumer_last_error(&runner.consumer));
        return false;
    }
    runner.has_consumer = true;
    return true;
}

/* the body of "offer/claim TYPE LENGTH SEED": byte i is (SEED + i) mod 256 */
static void fill_seeded(uint8_t *body, int32_t length, int32_t seed)
{
    for (int32_t i = 0; i < length; i++)
    {
        body[i] = (uint8_t)(seed + i);
    }
}

static void print_produced(const char *step, int result)
{
    if (result >= 0)
    {
        printf("%s ok\n", step);
    }
    else if (result == RINGWAY_E_RING_FULL)
    {
        printf("%s full\n", step);
    }
    else
    {
        printf("%s error=%s\n", step, ringway_producer_last_error_field(&runner.producer));
    }
}

static void on_message(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    (void)clientd;
    uint64_t hash = FNV_OFFSET_BASIS;
    for (int32_t i = 0; i < body_length; i++)
    {
        hash ^= body[i];
        hash *= FNV_PRIME;
    }
    printf("msg type=%d length=%d fnv=%016" PRIx64 "\n", (int)type_id, (int)body_length, hash);
    if (++runner.seen == runner.fail_at)
    {
        printf("failed\n");
        ringway_consumer_stop_poll(&runner.consumer); /* the C form of a handler that gives up (LAYOUT 7 step 6) */
    }
}

static void poll(int limit, int fail_at, int64_t timeout_ns, bool wait)
{
    runner.seen = 0;
    runner.fail_at = fail_at;
    const int result = wait ?
        ringway_consumer_poll_wait(&runner.consumer, on_message, NULL, limit, timeout_ns) :
        ringway_consumer_poll(&runner.consumer, on_message, NULL, limit);
    if (result < 0)
    {
        printf("error=%s\n", ringway_consumer_last_error_field(&runner.consumer));
    }
}

static bool poke(const char *path, long long offset, int64_t value, size_t size)
{
    FILE *file = fopen(path, "r+b");
    if (file == NULL)
    {
        return false;
    }
    const int32_t value32 = (int32_t)value;
    const bool written = fseek(file, (long)offset, SEEK_SET) == 0 &&
        fwrite(size == sizeof(int32_t) ? (const void *)&value32 : (const void *)&value, size, 1, file) == 1;
    return fclose(file) == 0 && written;
}

static int run_step(char **words, int count)
{
    const char *step = words[0];
    if (strcmp(step, "channel") == 0)
    {
        return 0; /* the channel's kind and capacity, for whoever creates the file */
    }
    if ((strcmp(step, "offer") == 0 || strcmp(step, "offer-wait") == 0) && count >= 4 && ensure_producer())
    {
        const int32_t length = atoi(words[2]);
        fill_seeded(runner.body, length, atoi(words[3]));
        print_produced("offer", strcmp(step, "offer") == 0 ?
            ringway_producer_offer(&runner.producer, atoi(words[1]), runner.body, length) :
            ringway_producer_offer_wait(&runner.producer, atoi(words[1]), runner.body, length,
                strtoll(words[4], NULL, 10)));
        return 0;
    }
    if (strcmp(step, "claim") == 0 && count == 5 && ensure_producer())
    {
        const int32_t length = atoi(words[2]);
        uint8_t *body = NULL;
        const int32_t index = ringway_producer_try_claim(&runner.producer, atoi(words[1]), length, &body);
        if (index >= 0)
        {
            fill_seeded(body, length, atoi(words[3]));
            const int result = strcmp(words[4], "commit") == 0 ?
                ringway_producer_commit(&runner.producer, index) : ringway_producer_abort(&runner.producer, index);
            print_produced("claim", result);
            return 0;
        }
        print_produced("claim", index);
        return 0;
    }
    if (strcmp(step, "poll") == 0 && count == 2 && ensure_consumer())
    {
        poll(atoi(words[1]), 0, 0, false);
        return 0;
    }
    if (strcmp(step, "poll-fail") == 0 && count == 3 && ensure_consumer())
    {
        poll(atoi(words[1]), atoi(words[2]), 0, false);
        return 0;
    }
    if (strcmp(step, "poll-wait") == 0 && count == 3 && ensure_consumer())
    {
        poll(atoi(words[1]), 0, strtoll(words[2], NULL, 10), true);
        return 0;
    }
    if ((strcmp(step, "poke32") == 0 || strcmp(step, "poke64") == 0) && count == 3)
    {
        const bool is32 = strcmp(step, "poke32") == 0;
        return poke(runner.path, strtoll(words[1], NULL, 10), strtoll(words[2], NULL, 10),
            is32 ? sizeof(int32_t) : sizeof(int64_t)) ? 0 : 1;
    }
    fprintf(stderr, "scenario: cannot run step %s (unknown, malformed, or its role could not attach)\n", step);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc != 3)
    {
        fprintf(stderr, "usage: %s <channel file> <scenario file>\n", argv[0]);
        return 2;
    }
    runner.path = argv[1];
    FILE *script = fopen(argv[2], "r");
    if (script == NULL)
    {
        fprintf(stderr, "scenario: cannot read %s\n", argv[2]);
        return 2;
    }
    if (ringway_channel_open(&runner.channel, runner.path, NULL) < 0)
    {
        fprintf(stderr, "scenario: %s\n", ringway_channel_last_error(&runner.channel));
        fclose(script);
        return 1;
    }
    char line[512];
    int status = 0;
    while (status == 0 && fgets(line, sizeof(line), script) != NULL)
    {
        char *words[MAX_WORDS];
        int count = 0;
        for (char *word = strtok(line, " \t\r\n"); word != NULL && count < MAX_WORDS; word = strtok(NULL, " \t\r\n"))
        {
            words[count++] = word;
        }
        if (count > 0 && words[0][0] != '#')
        {
            status = run_step(words, count);
            fflush(stdout);
        }
    }
    fclose(script);
    ringway_channel_close(&runner.channel);
    return status;
}
