/*
 * Reads a Ringway journal (LAYOUT 14) with the C reader and prints what it read; the Java cross-language tests run it
 * on journals that Java's JournalWriter wrote (go-interop/cmd/journal_reader prints the same lines).
 *
 * Usage: ringway_journal_reader <dir> [--seek-index N | --seek-time NS | --seek-end] [--count N] [--follow]
 *                                [--timeout-ms MS] [--quiet] [--ready-file PATH]
 *   --count N      stop after N records (default: all committed records, then stop at the tail)
 *   --follow       at the tail, keep polling until --count records were read or --timeout-ms passed
 *   --wait         with --follow: park at the tail (ringway_journal_poll_wait, blocking strategy) instead of polling,
 *                  and after the summary print "waits parks=<n> parkTimeouts=<parks that ended by timeout>"
 *   --quiet        print only the summary line
 *   --ready-file   create this file once the journal is open and positioned (tests wait for it before appending)
 *
 * Output, one line per record, then a summary:
 *   record index=<i> timestampNs=<t> typeId=<id> length=<body bytes> fnv=<FNV-1a 64 of the body, 16 hex digits>
 *   summary count=<n> first=<index or -1> last=<index or -1> checksum=<FNV-1a 64 of all bodies in order, 16 hex>
 * On an error: "error code=<code> field=<field> <detail>" and exit status 2; a follow that timed out: exit status 3.
 */
#include "ringway_journal.h"

#include <inttypes.h>
#include <stdlib.h>

#define FNV_OFFSET_BASIS UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME UINT64_C(0x100000001b3)

typedef struct summary_stct
{
    int64_t count;
    int64_t first_index;
    int64_t last_index;
    uint64_t checksum;
    bool quiet;
}
summary_t;

static uint64_t fnv1a(uint64_t hash, const uint8_t *bytes, int32_t length)
{
    for (int32_t i = 0; i < length; i++)
    {
        hash = (hash ^ bytes[i]) * FNV_PRIME;
    }
    return hash;
}

static void on_record(
    void *clientd, int64_t index, int64_t timestamp_ns, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    summary_t *summary = (summary_t *)clientd;
    if (summary->count == 0)
    {
        summary->first_index = index;
    }
    summary->last_index = index;
    summary->count++;
    summary->checksum = fnv1a(summary->checksum, body, body_length);
    if (!summary->quiet)
    {
        printf("record index=%" PRId64 " timestampNs=%" PRId64 " typeId=%" PRId32 " length=%" PRId32
            " fnv=%016" PRIx64 "\n", index, timestamp_ns, type_id, body_length,
            fnv1a(FNV_OFFSET_BASIS, body, body_length));
    }
}

static int64_t monotonic_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static int usage(void)
{
    fprintf(stderr, "usage: ringway_journal_reader <dir> [--seek-index N | --seek-time NS | --seek-end] [--count N] "
        "[--follow] [--wait] [--timeout-ms MS] [--quiet] [--ready-file PATH]\n");
    return 1;
}

static int fail(ringway_journal_reader_t *reader, int code)
{
    printf("error code=%d field=%s %s\n", code, ringway_journal_last_error_field(reader),
        ringway_journal_last_error(reader));
    ringway_journal_close(reader);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 2)
    {
        return usage();
    }
    const char *directory = argv[1];
    const char *seek = NULL;
    const char *ready_file = NULL;
    int64_t seek_value = 0;
    int64_t count = INT64_MAX;
    bool follow = false;
    bool wait = false;
    int64_t timeout_ms = 30000;
    summary_t summary = { 0, -1, -1, FNV_OFFSET_BASIS, false };
    for (int i = 2; i < argc; i++)
    {
        const bool has_value = i + 1 < argc;
        if ((strcmp(argv[i], "--seek-index") == 0 || strcmp(argv[i], "--seek-time") == 0) && has_value)
        {
            seek = argv[i];
            seek_value = strtoll(argv[++i], NULL, 10);
        }
        else if (strcmp(argv[i], "--seek-end") == 0)
        {
            seek = argv[i];
        }
        else if (strcmp(argv[i], "--count") == 0 && has_value)
        {
            count = strtoll(argv[++i], NULL, 10);
        }
        else if (strcmp(argv[i], "--timeout-ms") == 0 && has_value)
        {
            timeout_ms = strtoll(argv[++i], NULL, 10);
        }
        else if (strcmp(argv[i], "--ready-file") == 0 && has_value)
        {
            ready_file = argv[++i];
        }
        else if (strcmp(argv[i], "--wait") == 0)
        {
            wait = true;
        }
        else if (strcmp(argv[i], "--follow") == 0)
        {
            follow = true;
        }
        else if (strcmp(argv[i], "--quiet") == 0)
        {
            summary.quiet = true;
        }
        else
        {
            return usage();
        }
    }

    ringway_journal_reader_t reader;
    int result = ringway_journal_open(&reader, directory);
    if (result < 0)
    {
        return fail(&reader, result);
    }
    if (seek != NULL)
    {
        if (strcmp(seek, "--seek-index") == 0)
        {
            result = ringway_journal_seek_index(&reader, seek_value);
        }
        else if (strcmp(seek, "--seek-time") == 0)
        {
            result = ringway_journal_seek_time(&reader, seek_value);
        }
        else
        {
            result = ringway_journal_seek_end(&reader);
        }
        if (result < 0)
        {
            return fail(&reader, result);
        }
    }
    if (ready_file != NULL)
    {
        FILE *ready = fopen(ready_file, "w");
        if (ready == NULL)
        {
            perror(ready_file);
            ringway_journal_close(&reader);
            return 2;
        }
        fclose(ready);
    }
    const int64_t deadline_ms = monotonic_ms() + timeout_ms;
    ringway_journal_set_wait_strategy(&reader, ringway_wait_blocking());
    bool timed_out = false;
    while (summary.count < count)
    {
        const int64_t wanted = count - summary.count;
        const int limit = wanted < 1024 ? (int)wanted : 1024;
        const int64_t left_ms = deadline_ms - monotonic_ms();
        result = follow && wait ?
            ringway_journal_poll_wait(&reader, on_record, &summary, limit, (left_ms > 0 ? left_ms : 0) * 1000000) :
            ringway_journal_poll(&reader, on_record, &summary, limit);
        if (result < 0)
        {
            fflush(stdout);
            return fail(&reader, result);
        }
        if (result == 0)
        {
            if (!follow)
            {
                break;
            }
            if (monotonic_ms() > deadline_ms)
            {
                timed_out = true;
                break;
            }
            if (!wait)
            {
                const struct timespec pause = { 0, 100000 };
                nanosleep(&pause, NULL);
            }
        }
    }
    printf("summary count=%" PRId64 " first=%" PRId64 " last=%" PRId64 " checksum=%016" PRIx64 "\n", summary.count,
        summary.first_index, summary.last_index, summary.checksum);
    if (wait)
    {
        printf("waits parks=%" PRId64 " parkTimeouts=%" PRId64 "\n", ringway_journal_park_count(&reader),
            ringway_journal_park_timeout_count(&reader));
    }
    ringway_journal_close(&reader);
    return timed_out ? 3 : 0;
}
