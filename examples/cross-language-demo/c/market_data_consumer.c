/*
 * The C consumer of `ringway demo`: reads MarketDataIncrementalRefresh messages (schemas/market-data.xml, decoded with
 * the generated C codecs) from a channel, checks that each update's sequence (entries[0].rptSeq / 10) is one more than
 * the last, measures latency from transactTimeNs (the producer's CLOCK_MONOTONIC, which every process on the host
 * shares) to arrival, and prints one JSON line of cumulative figures every report interval.
 *
 * Usage: market_data_consumer <channel file> <flow name> <report interval ms> <run seconds>
 * Exit status: 0 after the run time, 1 on a channel error, 2 on bad arguments.
 */
#include "ringway.h"
#include "io_ringway_codec_marketdata/messageHeader.h"
#include "io_ringway_codec_marketdata/marketDataIncrementalRefresh.h"

#include <stdlib.h>

#define MD(name) io_ringway_codec_marketdata_##name
/* log-linear histogram: 16 sub-buckets per power of two, so a percentile is within 1/16 of the true value */
#define SUB_BUCKET_BITS 4
#define SUB_BUCKETS (1 << SUB_BUCKET_BITS)
#define BUCKETS (64 * SUB_BUCKETS)

typedef struct demo_stats_stct
{
    int64_t received;
    int64_t sequence_gaps;
    int64_t decode_errors;
    int64_t last_sequence;
    int64_t max_latency_ns;
    int64_t latency_buckets[BUCKETS];
}
demo_stats_t;

static demo_stats_t stats;

static int64_t monotonic_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

static int bucket_of(uint64_t value)
{
    if (value < SUB_BUCKETS)
    {
        return (int)value;
    }
    const int msb = 63 - __builtin_clzll(value);
    const int shift = msb - SUB_BUCKET_BITS;
    return (msb - SUB_BUCKET_BITS + 1) * SUB_BUCKETS + (int)((value >> shift) & (SUB_BUCKETS - 1));
}

static int64_t bucket_lower_bound(int bucket)
{
    if (bucket < SUB_BUCKETS)
    {
        return bucket;
    }
    const int msb = bucket / SUB_BUCKETS + SUB_BUCKET_BITS - 1;
    return (int64_t)(SUB_BUCKETS + bucket % SUB_BUCKETS) << (msb - SUB_BUCKET_BITS);
}

static int64_t percentile(double fraction)
{
    const int64_t wanted = (int64_t)(fraction * (double)stats.received + 0.5);
    int64_t seen = 0;
    for (int bucket = 0; bucket < BUCKETS; bucket++)
    {
        seen += stats.latency_buckets[bucket];
        if (seen >= wanted && seen > 0)
        {
            return bucket_lower_bound(bucket);
        }
    }
    return 0;
}

static void on_message(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    (void)clientd;
    const int64_t arrival_ns = monotonic_ns();
    struct MD(messageHeader) header;
    struct MD(marketDataIncrementalRefresh) refresh;
    struct MD(marketDataIncrementalRefresh_entries) entries;
    /* the generated decoders take a non-const buffer but only read from it */
    char *buffer = (char *)(uintptr_t)body;

    if (type_id != MD(marketDataIncrementalRefresh_sbe_template_id)() ||
        !MD(messageHeader_wrap)(&header, buffer, 0, MD(messageHeader_sbe_schema_version)(), (uint64_t)body_length) ||
        MD(messageHeader_schemaId)(&header) != MD(messageHeader_sbe_schema_id)() ||
        !MD(marketDataIncrementalRefresh_wrap_for_decode)(&refresh, buffer, MD(messageHeader_encoded_length)(),
            MD(messageHeader_blockLength)(&header), MD(messageHeader_version)(&header), (uint64_t)body_length) ||
        !MD(marketDataIncrementalRefresh_get_entries)(&refresh, &entries) ||
        MD(marketDataIncrementalRefresh_entries_count)(&entries) < 1 ||
        !MD(marketDataIncrementalRefresh_entries_next)(&entries))
    {
        stats.decode_errors++;
        return;
    }
    const int64_t sequence = (int64_t)MD(marketDataIncrementalRefresh_entries_rptSeq)(&entries) / 10;
    if (stats.received > 0 && sequence != stats.last_sequence + 1)
    {
        stats.sequence_gaps++;
    }
    stats.last_sequence = sequence;
    int64_t latency_ns = arrival_ns - MD(marketDataIncrementalRefresh_transactTimeNs)(&refresh);
    if (latency_ns < 0)
    {
        latency_ns = 0;
    }
    if (latency_ns > stats.max_latency_ns)
    {
        stats.max_latency_ns = latency_ns;
    }
    stats.latency_buckets[bucket_of((uint64_t)latency_ns)]++;
    stats.received++;
}

static void report(const char *flow)
{
    printf("{\"flow\":\"%s\",\"received\":%lld,\"p50Ns\":%lld,\"p99Ns\":%lld,\"maxNs\":%lld,"
        "\"sequenceGaps\":%lld,\"decodeErrors\":%lld}\n",
        flow, (long long)stats.received, (long long)percentile(0.50), (long long)percentile(0.99),
        (long long)stats.max_latency_ns, (long long)stats.sequence_gaps, (long long)stats.decode_errors);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    if (argc != 5)
    {
        fprintf(stderr, "usage: %s <channel file> <flow name> <report interval ms> <run seconds>\n", argv[0]);
        return 2;
    }
    const char *path = argv[1];
    const char *flow = argv[2];
    const int64_t interval_ns = atoll(argv[3]) * 1000000;
    const int64_t run_ns = atoll(argv[4]) * 1000000000;
    if (interval_ns <= 0 || run_ns <= 0)
    {
        fprintf(stderr, "%s: report interval and run seconds must be positive\n", flow);
        return 2;
    }

    ringway_channel_t channel;
    if (ringway_channel_open(&channel, path, NULL) < 0)
    {
        fprintf(stderr, "%s: %s\n", flow, ringway_channel_last_error(&channel));
        return 1;
    }
    ringway_consumer_t consumer;
    if (ringway_consumer_attach(&consumer, &channel) < 0)
    {
        fprintf(stderr, "%s: %s\n", flow, ringway_consumer_last_error(&consumer));
        ringway_channel_close(&channel);
        return 1;
    }

    /* spin a little, yield a little, then park on the channel's futex until the producer commits (LAYOUT.md 9) */
    ringway_consumer_set_wait_strategy(&consumer, ringway_wait_backoff_default());
    const int64_t start_ns = monotonic_ns();
    int64_t next_report_ns = start_ns + interval_ns;
    int status = 0;
    while (1)
    {
        const int64_t until_report_ns = next_report_ns - monotonic_ns();
        const int delivered = ringway_consumer_poll_wait(
            &consumer, on_message, NULL, 256, until_report_ns > 0 ? until_report_ns : 0);
        if (delivered < 0)
        {
            fprintf(stderr, "%s: %s\n", flow, ringway_consumer_last_error(&consumer));
            status = 1;
            break;
        }
        const int64_t now_ns = monotonic_ns();
        if (now_ns >= next_report_ns)
        {
            report(flow);
            next_report_ns += interval_ns;
            if (now_ns - start_ns >= run_ns)
            {
                break;
            }
        }
    }
    ringway_consumer_close(&consumer);
    ringway_channel_close(&channel);
    return status;
}
