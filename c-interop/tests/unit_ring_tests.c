/*
 * Unit tests of ringway.h, the rings: offer, claim, commit, abort and poll on SPSC and MPSC rings (LAYOUT 6, 7),
 * wrap-around, back-pressure exactly when full, padding on a refused wrap, batch limits, SPSC and MPSC batches written
 * as runs (LAYOUT 6.1 and 6.2 "Runs") leaving the bytes of one offer at a time and delivered whole and in order from
 * producer threads, corrupt records reported without advancing, a poll the handler stops, a poll of the same consumer
 * from inside its handler refused (of another consumer allowed), and so a close of that consumer or of its channel; the
 * MPSC consumer's zeroing finished after it died (LAYOUT 7.2); SPSC touch ahead (LAYOUT 6.1 "Touch ahead") and its
 * bounds; SPSC line-start padding (LAYOUT 6.1 step 5a) after offers, claims and runs, and the head that decides it.
 * One test per behaviour; CMakeLists.txt registers each by name with CTest (unit.ring.<test>).
 */
#define _GNU_SOURCE
#include "unit_support.h"

#include <pthread.h>
#include <sched.h>

/* ---------------------------------------------------------------------------------------------------------------- */
/* producers and consumer                                                                                           */
/* ---------------------------------------------------------------------------------------------------------------- */

static void offer_and_poll(int32_t ring_kind)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("offer.ringway"), ring_kind, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));

    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 5, 13, 1));
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 6, 128, 2));
    /* record lengths are not aligned; positions advance by the aligned length */
    CHECK_EQ_LL(24 + 136, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(getpid(), channel.header->producer_pid);
    CHECK(channel.header->producer_heartbeat_ms > 0);
    CHECK_EQ_LL(21, ringway_get_int32_acquire(&((ringway_record_header_t *)(void *)channel.ring_data)->length));

    received_t received = { 0 };
    CHECK_EQ_LL(2, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(2, received.count);
    CHECK_EQ_LL(5, received.type_ids[0]);
    CHECK_EQ_LL(13, received.lengths[0]);
    CHECK(body_matches(received.first_bytes[0], 13, 1));
    CHECK_EQ_LL(6, received.type_ids[1]);
    CHECK_EQ_LL(128, received.lengths[1]);
    CHECK(body_matches(received.first_bytes[1], 128, 2));
    CHECK_EQ_LL(160, ringway_channel_consumer_position(&channel));
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10));
    if (ring_kind == RINGWAY_RING_KIND_MPSC)
    {
        /* LAYOUT 7 step 3: the MPSC consumer zeroes what it consumed */
        for (int i = 0; i < 160; i++)
        {
            CHECK_EQ_LL(0, channel.ring_data[i]);
        }
    }
    ringway_consumer_close(&consumer);
    ringway_producer_close(&producer);
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_delete(&channel));
    CHECK(access(test_path("offer.ringway"), F_OK) != 0);
}

static void shouldOfferAndPollSpsc(void)
{
    offer_and_poll(RINGWAY_RING_KIND_SPSC);
}

static void shouldOfferAndPollMpsc(void)
{
    offer_and_poll(RINGWAY_RING_KIND_MPSC);
}

static void shouldDeliverEmptyBody(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("empty.ringway"), RINGWAY_RING_KIND_MPSC, 64));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_offer(&producer, 9, NULL, 0));
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 9, 8, 1)); /* capacity 64: max message length 8 */
    received_t received = { 0 };
    CHECK_EQ_LL(2, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(0, received.lengths[0]);
    CHECK_EQ_LL(8, received.lengths[1]);
    ringway_channel_close(&channel);
}

static void shouldClaimCommitAndPoll(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("claim.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));

    uint8_t *body = NULL;
    const int32_t index = ringway_producer_try_claim(&producer, 3, 20, &body);
    CHECK_EQ_LL(8, index);
    CHECK(body == ringway_producer_buffer(&producer) + index);
    fill_body(body, 20, 4);

    received_t received = { 0 };
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10)); /* not committed yet */
    CHECK_EQ_LL(-28, ((ringway_record_header_t *)(void *)channel.ring_data)->length);
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_commit(&producer, index));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(3, received.type_ids[0]);
    CHECK_EQ_LL(20, received.lengths[0]);
    CHECK(body_matches(received.first_bytes[0], 20, 4));
    ringway_channel_close(&channel);
}

static void shouldSkipAbortedClaim(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("abort.ringway"), RINGWAY_RING_KIND_MPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    const int32_t aborted = ringway_producer_try_claim(&producer, 3, 20, NULL);
    CHECK(aborted >= 0);
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 4, 10, 5));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_abort(&producer, aborted));
    received_t received = { 0 };
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(4, received.type_ids[0]);
    CHECK_EQ_LL(32 + 24, ringway_channel_consumer_position(&channel));
    ringway_channel_close(&channel);
}

static void shouldRefuseCommitOrAbortTwice(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("twice.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    const int32_t index = ringway_producer_try_claim(&producer, 3, 20, NULL);
    CHECK(index >= 0);
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_commit(&producer, index));
    CHECK_EQ_LL(RINGWAY_E_CLAIM_STATE, ringway_producer_commit(&producer, index));
    CHECK_STR_EQ("length", ringway_producer_last_error_field(&producer));
    CHECK_EQ_LL(RINGWAY_E_CLAIM_STATE, ringway_producer_abort(&producer, index));

    const int32_t aborted = ringway_producer_try_claim(&producer, 3, 20, NULL);
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_abort(&producer, aborted));
    CHECK_EQ_LL(RINGWAY_E_CLAIM_STATE, ringway_producer_abort(&producer, aborted));
    CHECK_EQ_LL(RINGWAY_E_CLAIM_STATE, ringway_producer_commit(&producer, aborted));
    /* indexes that try_claim never returns */
    CHECK_EQ_LL(RINGWAY_E_CLAIM_STATE, ringway_producer_commit(&producer, 0));
    CHECK_EQ_LL(RINGWAY_E_CLAIM_STATE, ringway_producer_commit(&producer, 13));
    CHECK_EQ_LL(RINGWAY_E_CLAIM_STATE, ringway_producer_commit(&producer, 1024 + 8));
    CHECK_EQ_LL(RINGWAY_E_CLAIM_STATE, ringway_producer_commit(&producer, -100));
    CHECK_EQ_LL(RINGWAY_E_CLAIM_STATE, ringway_producer_commit(&producer, 512)); /* free space: length 0 */
    ringway_channel_close(&channel);
}

static void shouldRefuseMessageLongerThanMax(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("long.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    uint8_t body[256] = { 0 };
    CHECK_EQ_LL(RINGWAY_E_MESSAGE_LENGTH, ringway_producer_offer(&producer, 1, body, 129));
    CHECK_STR_EQ("length", ringway_producer_last_error_field(&producer));
    CHECK_CONTAINS(ringway_producer_last_error(&producer), "message length out of range: file=");
    CHECK_CONTAINS(ringway_producer_last_error(&producer), "found=129 expected=0..128");
    CHECK_EQ_LL(RINGWAY_E_MESSAGE_LENGTH, ringway_producer_try_claim(&producer, 1, 129, NULL));
    CHECK_EQ_LL(RINGWAY_E_MESSAGE_LENGTH, ringway_producer_offer(&producer, 1, body, -1));
    CHECK_EQ_LL(0, ringway_channel_producer_position(&channel)); /* nothing written, never truncated */
    CHECK_EQ_LL(0, ringway_channel_back_pressure_count(&channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_offer(&producer, 1, body, 128));
    ringway_channel_close(&channel);
}

static void shouldRefuseTypeIdBelowOne(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("type.ringway"), RINGWAY_RING_KIND_MPSC, 1024));
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    uint8_t body[8] = { 0 };
    CHECK_EQ_LL(RINGWAY_E_TYPE_ID, ringway_producer_offer(&producer, 0, body, 8));
    CHECK_STR_EQ("typeId", ringway_producer_last_error_field(&producer));
    CHECK_EQ_LL(RINGWAY_E_TYPE_ID, ringway_producer_offer(&producer, -1, body, 8));
    CHECK_EQ_LL(RINGWAY_E_TYPE_ID, ringway_producer_try_claim(&producer, INT32_MIN, 8, NULL));
    CHECK_EQ_LL(0, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_offer(&producer, 1, body, 8));
    ringway_channel_close(&channel);
}

/** Many laps of a small ring, polling after every few offers; every message arrives once, in order. */
static void wrap_around(int32_t ring_kind, bool use_claims)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("wrap.ringway"), ring_kind, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));

    int sent = 0;
    int next_expected = 0;
    for (int round = 0; round < 400; round++)
    {
        for (int i = 0; i < 3; i++)
        {
            const int32_t length = 1 + (sent * 37) % 120;
            int result;
            if (use_claims)
            {
                uint8_t *body = NULL;
                const int32_t index = ringway_producer_try_claim(&producer, 1 + sent % 50, length, &body);
                CHECK(index >= 0);
                fill_body(body, length, sent);
                result = ringway_producer_commit(&producer, index);
            }
            else
            {
                result = offer_seeded(&producer, 1 + sent % 50, length, sent);
            }
            CHECK_EQ_LL(RINGWAY_OK, result);
            sent++;
        }
        received_t received = { 0 };
        CHECK_EQ_LL(3, ringway_consumer_poll(&consumer, collect, &received, 100));
        for (int i = 0; i < received.count; i++)
        {
            const int32_t length = 1 + (next_expected * 37) % 120;
            CHECK_EQ_LL(1 + next_expected % 50, received.type_ids[i]);
            CHECK_EQ_LL(length, received.lengths[i]);
            CHECK(body_matches(received.first_bytes[i], length, next_expected));
            next_expected++;
        }
    }
    CHECK(ringway_channel_producer_position(&channel) > 20 * 1024); /* many laps */
    CHECK_EQ_LL(ringway_channel_producer_position(&channel), ringway_channel_consumer_position(&channel));
    CHECK_EQ_LL(0, ringway_channel_back_pressure_count(&channel));
    ringway_channel_delete(&channel);
}

static void shouldWrapAroundSpsc(void)
{
    wrap_around(RINGWAY_RING_KIND_SPSC, false);
}

static void shouldWrapAroundMpsc(void)
{
    wrap_around(RINGWAY_RING_KIND_MPSC, false);
}

static void shouldWrapAroundWithClaims(void)
{
    wrap_around(RINGWAY_RING_KIND_SPSC, true);
    wrap_around(RINGWAY_RING_KIND_MPSC, true);
}

/** Fills the ring with 64-byte records until refused; checks the count that fits and the back-pressure counter. */
static void back_pressure_when_full(int32_t ring_kind, int expected_fit)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("full.ringway"), ring_kind, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));

    for (int i = 0; i < expected_fit; i++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 56, i));
    }
    CHECK_EQ_LL(0, ringway_channel_back_pressure_count(&channel));
    const int64_t full_position = ringway_channel_producer_position(&channel);
    CHECK_EQ_LL(RINGWAY_E_RING_FULL, offer_seeded(&producer, 1, 56, 99));
    CHECK_EQ_LL(1, ringway_channel_back_pressure_count(&channel));
    CHECK_EQ_LL(RINGWAY_E_RING_FULL, ringway_producer_try_claim(&producer, 1, 56, NULL));
    CHECK_EQ_LL(2, ringway_channel_back_pressure_count(&channel));
    CHECK_EQ_LL(full_position, ringway_channel_producer_position(&channel));
    CHECK_STR_EQ("", ringway_producer_last_error(&producer)); /* back-pressure is not an error */

    received_t received = { 0 };
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 1));
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 56, 100));
    CHECK_EQ_LL(RINGWAY_E_RING_FULL, offer_seeded(&producer, 1, 56, 101));
    CHECK_EQ_LL(3, ringway_channel_back_pressure_count(&channel));
    received.count = 0;
    CHECK_EQ_LL(expected_fit, ringway_consumer_poll(&consumer, collect, &received, 1000));
    CHECK(body_matches(received.first_bytes[expected_fit - 1], 16, 100));
    ringway_channel_close(&channel);
}

static void shouldApplyBackPressureExactlyWhenFullSpsc(void)
{
    /* SPSC keeps 8 bytes free: (1024 - 8) / 64 = 15 records */
    back_pressure_when_full(RINGWAY_RING_KIND_SPSC, 15);
}

static void shouldApplyBackPressureExactlyWhenFullMpsc(void)
{
    /* MPSC may fill the ring completely: 1024 / 64 = 16 records */
    back_pressure_when_full(RINGWAY_RING_KIND_MPSC, 16);
}

/** ringway_producer_offer_batch: every message of the batch, in order, on both ring kinds, across the wrap. */
static void batch_in_order(int32_t ring_kind)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("batch.ringway"), ring_kind, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    int64_t values[10][2] = { { 0 } }; /* 16-byte bodies: the value, then 8 zero bytes */
    ringway_message_t messages[10];
    int64_t next_value = 0;
    for (int round = 0; round < 20; round++) /* 20 * 10 * 24 bytes: the ring wraps several times */
    {
        for (int i = 0; i < 10; i++)
        {
            values[i][0] = next_value++;
            messages[i] = (ringway_message_t){ .type_id = 3 + i, .body_length = 16, .body = values[i] };
        }
        size_t written = 99;
        CHECK_EQ_LL(RINGWAY_OK, ringway_producer_offer_batch(&producer, messages, 10, &written));
        CHECK_EQ_LL(10, written);
        received_t received = { 0 };
        CHECK_EQ_LL(10, ringway_consumer_poll(&consumer, collect, &received, 100));
        for (int i = 0; i < 10; i++)
        {
            CHECK_EQ_LL(3 + i, received.type_ids[i]);
            CHECK_EQ_LL(16, received.lengths[i]);
            CHECK_EQ_LL(values[i][0], first_value(&received, i));
        }
    }
    size_t written = 99;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_offer_batch(&producer, NULL, 0, &written));
    CHECK_EQ_LL(0, written);
    CHECK_EQ_LL(0, ringway_channel_wake_count(&channel));
    ringway_channel_delete(&channel);
}

static void shouldDeliverEveryMessageOfABatchInOrderSpsc(void)
{
    batch_in_order(RINGWAY_RING_KIND_SPSC);
}

static void shouldDeliverEveryMessageOfABatchInOrderMpsc(void)
{
    batch_in_order(RINGWAY_RING_KIND_MPSC);
}

/** A batch the ring cannot hold: the prefix that fits is written and counted, the rest is refused as back-pressure. */
static void shouldWriteThePrefixThatFitsWhenTheRingFillsDuringABatch(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("batch-full.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    /* SPSC keeps 8 bytes free: (1024 - 8) / 64 = 15 records of 56-byte bodies */
    uint8_t body[56];
    ringway_message_t messages[20];
    for (int i = 0; i < 20; i++)
    {
        messages[i] = (ringway_message_t){ .type_id = 1, .body_length = (int32_t)sizeof(body), .body = body };
    }
    fill_body(body, (int32_t)sizeof(body), 7);
    size_t written = 0;
    CHECK_EQ_LL(RINGWAY_E_RING_FULL, ringway_producer_offer_batch(&producer, messages, 20, &written));
    CHECK_EQ_LL(15, written);
    CHECK_EQ_LL(1, ringway_channel_back_pressure_count(&channel));
    received_t received = { 0 };
    CHECK_EQ_LL(15, ringway_consumer_poll(&consumer, collect, &received, 100));
    CHECK(body_matches(received.first_bytes[14], (int32_t)sizeof(body), 7));

    /* a message refused for its type id stops the batch there, with the prefix written */
    messages[2].type_id = 0;
    CHECK_EQ_LL(RINGWAY_E_TYPE_ID, ringway_producer_offer_batch(&producer, messages, 20, &written));
    CHECK_EQ_LL(2, written);
    CHECK_EQ_LL(2, ringway_consumer_poll(&consumer, collect, &received, 100));
    ringway_channel_delete(&channel);
}

/* ---------------------------------------------------------------------------------------------------------------- */
/* runs: a batch's records before the end of the data area, one claim and one commit (LAYOUT 6.1, 6.2 "Runs")     */
/* ---------------------------------------------------------------------------------------------------------------- */

#define RUN_MAX_BATCH 24
#define RUN_ROUNDS 250
#define RUN_POOL_LENGTH 4096

/** xorshift64*: a fixed-seed stream of numbers, the same on every platform. */
static uint64_t next_random(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * UINT64_C(2685821657736338717);
}

static int32_t random_below(uint64_t *state, int32_t bound)
{
    return (int32_t)(next_random(state) % (uint64_t)bound);
}

/** Every message committed, in order, and how far a consumer has delivered them, checked as they arrive. */
typedef struct committed_log_stct
{
    const ringway_message_t *messages;
    int64_t count;
    int64_t delivered;
    int64_t first_mismatch; /* the index of the first message delivered wrong, or -1 */
}
committed_log_t;

static void check_against_log(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    committed_log_t *log = (committed_log_t *)clientd;
    const ringway_message_t *expected = log->delivered < log->count ? &log->messages[log->delivered] : NULL;
    if (log->first_mismatch < 0 && (expected == NULL || expected->type_id != type_id ||
        expected->body_length != body_length || (body_length > 0 && memcmp(expected->body, body, (size_t)body_length))))
    {
        log->first_mismatch = log->delivered;
    }
    log->delivered++;
}

/* What each index of an SPSC data area held when runs_leave_the_bytes_of_offers last wrote there (mark_record_bytes) */
#define RUN_BYTE_READ 0         /* a byte of a record's header or body: read by the consumer, equal in both rings */
#define RUN_BYTE_GAP 1          /* between a record's end (header + body) and its aligned end: nobody writes or reads */
#define RUN_BYTE_PADDING_BODY 2 /* after the header of a padding record: nobody writes or reads */

/**
 * Walks the records written from from_position to to_position (their lengths and type ids read from ring_data, whose
 * headers are compared) and records, per index, what each byte now belongs to. A run writes no gap byte (LAYOUT 6.1
 * "Runs" step 3), and nothing else in the batch's ring writes one before the batch returns (step 5 zeroes headers,
 * touch ahead stores past the tail) but touch ahead after a part of a batch offered in parts, which may store 0 over
 * the bytes marked in touched_between_parts: @return the first index of a gap byte written this round in batched_data
 * that differs from batched_before otherwise (a run that copied past a body), or of a header whose length no record
 * can have, or -1.
 */
static int32_t mark_record_bytes(uint8_t *ring_data, int32_t capacity, int64_t from_position, int64_t to_position,
    uint8_t *byte_kind, const uint8_t *batched_before, const uint8_t *batched_data,
    const uint8_t *touched_between_parts)
{
    const int32_t mask = capacity - 1;
    int32_t first_changed_gap_index = -1;
    for (int64_t position = from_position; position < to_position; )
    {
        const int32_t index = (int32_t)(position & mask);
        ringway_record_header_t *record = (ringway_record_header_t *)(void *)(ring_data + index);
        const int32_t length = ringway_get_int32_plain(&record->length);
        if (length < RINGWAY_RECORD_HEADER_LENGTH || length > capacity - index)
        {
            return index; /* no record of that length can be there */
        }
        const int32_t aligned_length = ringway_aligned_length(length);
        const bool is_padding = ringway_get_int32_plain(&record->type_id) == RINGWAY_PADDING_TYPE_ID;
        memset(byte_kind + index, RUN_BYTE_READ, RINGWAY_RECORD_HEADER_LENGTH);
        memset(byte_kind + index + RINGWAY_RECORD_HEADER_LENGTH, is_padding ? RUN_BYTE_PADDING_BODY : RUN_BYTE_READ,
            (size_t)(length - RINGWAY_RECORD_HEADER_LENGTH));
        memset(byte_kind + index + length, RUN_BYTE_GAP, (size_t)(aligned_length - length));
        for (int32_t i = index + length; i < index + aligned_length && first_changed_gap_index < 0; i++)
        {
            if (batched_data[i] != batched_before[i] && !(touched_between_parts[i] && batched_data[i] == 0))
            {
                first_changed_gap_index = i;
            }
        }
        position += aligned_length;
    }
    return first_changed_gap_index;
}

/**
 * SPSC touch ahead (LAYOUT 6.1 "Touch ahead") stores a zero word past the tail after every offer, but after a batch
 * only once, after its last commit, so that the two rings may differ where one of them zeroed a byte that no reader
 * reads and the other did not: in the gap bytes of the records written (an offer touched them before the next record
 * was written there, a run did not) and in the bodies of padding records (the same, before a wrap). Every other byte,
 * and every byte a reader reads, is equal.
 * @return the first index of the data area where the rings differ otherwise, or where neither holds 0, or -1.
 */
static int32_t first_difference_not_from_touch_ahead(const uint8_t *offered_data, const uint8_t *batched_data,
    int32_t capacity, const uint8_t *byte_kind)
{
    for (int32_t i = 0; i < capacity; i++)
    {
        if (offered_data[i] == batched_data[i])
        {
            continue;
        }
        if (byte_kind[i] != RUN_BYTE_READ && (offered_data[i] == 0 || batched_data[i] == 0))
        {
            continue;
        }
        return i;
    }
    return -1;
}

/**
 * @return whether the SPSC offer of message that moved the tail from tail_before to tail_after was followed by
 * line-start padding (LAYOUT 6.1 step 5a): the tail moved 8 bytes more than the record and a wrap's padding take.
 */
static bool offer_was_line_start_padded(int64_t tail_before, int64_t tail_after, const ringway_message_t *message,
    int32_t capacity)
{
    const int32_t aligned_length = ringway_aligned_length(message->body_length + RINGWAY_RECORD_HEADER_LENGTH);
    const int32_t to_end_length = capacity - (int32_t)(tail_before & (capacity - 1));
    const bool wraps = aligned_length != to_end_length && aligned_length + RINGWAY_RECORD_HEADER_LENGTH > to_end_length;
    return tail_after - tail_before == (wraps ? to_end_length : 0) + aligned_length + RINGWAY_RECORD_HEADER_LENGTH;
}

/**
 * Random messages go to two channels of one kind and capacity: as batches of 1 to RUN_MAX_BATCH to one, one
 * ringway_producer_offer at a time to the other, the consumers polling the same random amounts between batches. Body
 * lengths are 0 to the maximum, most of them not multiples of 8, their bytes taken from a pool of random bytes (so a
 * run that copied past a body would show), with now and then a type id or length to refuse. After every batch both
 * hold the same bytes: the data area, the trailer (head cache included) and, on MPSC, a cleared claim floor. On SPSC
 * the data area may differ only where touch ahead (LAYOUT 6.1) zeroed a byte no reader reads in one ring and not in the
 * other (first_difference_not_from_touch_ahead); MPSC has no touch ahead and is compared whole. On SPSC a batch is
 * offered in parts that end at each record whose offer was followed by line-start padding (LAYOUT 6.1 step 5a), which
 * a run makes only after its end: so a run pads where an offer of its last record would, with the head it holds.
 */
static void runs_leave_the_bytes_of_offers(int32_t ring_kind, uint64_t seed, int32_t capacity)
{
    static uint8_t pool[RUN_POOL_LENGTH];
    static ringway_message_t committed[RUN_ROUNDS * RUN_MAX_BATCH];
    static uint8_t byte_kind[1024];
    static uint8_t batched_before[1024];
    static uint8_t touched_between_parts[1024];
    CHECK(capacity <= (int32_t)sizeof(byte_kind));
    memset(byte_kind, RUN_BYTE_READ, sizeof(byte_kind));
    uint64_t random = seed;
    for (int i = 0; i < RUN_POOL_LENGTH; i++)
    {
        pool[i] = (uint8_t)next_random(&random);
    }
    ringway_channel_t batched;
    ringway_channel_t offered;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&batched, test_path("runs-batched.ringway"), ring_kind, capacity));
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&offered, test_path("runs-offered.ringway"), ring_kind, capacity));
    ringway_producer_t batch_producer;
    ringway_producer_t offer_producer;
    ringway_consumer_t batch_consumer;
    ringway_consumer_t offer_consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&batch_producer, &batched));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&offer_producer, &offered));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&batch_consumer, &batched));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&offer_consumer, &offered));
    const int32_t max_length = ringway_producer_max_message_length(&batch_producer);
    committed_log_t from_batches = { .messages = committed, .first_mismatch = -1 };
    committed_log_t from_offers = { .messages = committed, .first_mismatch = -1 };
    int64_t committed_count = 0;

    for (int round = 0; round < RUN_ROUNDS; round++)
    {
        ringway_message_t batch[RUN_MAX_BATCH];
        const int size = 1 + random_below(&random, RUN_MAX_BATCH);
        for (int i = 0; i < size; i++)
        {
            const int32_t kind = random_below(&random, 100);
            int32_t body_length = kind < 10 ? 0 : kind < 25 ? max_length : random_below(&random, max_length + 1);
            int32_t type_id = 1 + random_below(&random, 1000);
            if (kind == 99)
            {
                type_id = random_below(&random, 2) == 0 ? 0 : -7;
            }
            else if (kind == 98)
            {
                body_length = random_below(&random, 2) == 0 ? max_length + 1 : -1;
            }
            const int32_t body_offset =
                random_below(&random, RUN_POOL_LENGTH - (body_length > 0 ? body_length : 0) + 1);
            batch[i] = (ringway_message_t){ .type_id = type_id, .body_length = body_length, .body = pool + body_offset };
        }

        const int64_t start_position = ringway_channel_producer_position(&offered);
        size_t offers_written = 0;
        int offer_result = RINGWAY_OK;
        bool line_padded[RUN_MAX_BATCH] = { false };
        while (offers_written < (size_t)size && offer_result == RINGWAY_OK)
        {
            const ringway_message_t *message = &batch[offers_written];
            const int64_t tail_before = ringway_channel_producer_position(&offered);
            offer_result = ringway_producer_offer(&offer_producer, message->type_id, message->body,
                message->body_length);
            if (offer_result == RINGWAY_OK)
            {
                line_padded[offers_written] = ring_kind == RINGWAY_RING_KIND_SPSC && offer_was_line_start_padded(
                    tail_before, ringway_channel_producer_position(&offered), message, capacity);
                offers_written++;
            }
        }
        /* the batch in parts that end at each record an offer padded (LAYOUT 6.1 step 5a): a run pads only after its
           end, not after a record inside it; otherwise one batch */
        memcpy(batched_before, batched.ring_data, (size_t)capacity);
        memset(touched_between_parts, 0, sizeof(touched_between_parts));
        size_t batch_written = 0;
        int batch_result = RINGWAY_OK;
        for (size_t from = 0; from < (size_t)size && batch_result == RINGWAY_OK;)
        {
            size_t to = from + 1;
            while (to < (size_t)size && !line_padded[to - 1])
            {
                to++;
            }
            size_t part_written = 99;
            batch_result = ringway_producer_offer_batch(&batch_producer, &batch[from], to - from, &part_written);
            batch_written += part_written;
            from = to;
            /* the word that touch ahead may have stored after the part, lineEnd(T + 8) (LAYOUT 6.1 step 9) */
            const int64_t touch_position = (ringway_channel_producer_position(&batched) + 8 + 63) & ~(int64_t)63;
            memset(touched_between_parts + (touch_position & (capacity - 1)), 1, RINGWAY_RECORD_HEADER_LENGTH);
        }
        CHECK_EQ_LL(offer_result, batch_result);
        CHECK_EQ_LL(offers_written, batch_written);
        if (batch_result != RINGWAY_OK && batch_result != RINGWAY_E_RING_FULL)
        {
            CHECK_STR_EQ(ringway_producer_last_error_field(&offer_producer),
                ringway_producer_last_error_field(&batch_producer));
        }
        memcpy(&committed[committed_count], batch, batch_written * sizeof(batch[0]));
        committed_count += (int64_t)batch_written;
        from_batches.count = committed_count;
        from_offers.count = committed_count;

        /* the same bytes: the data area (on SPSC but for the bytes no reader reads that touch ahead zeroed in one ring
           only, see first_difference_not_from_touch_ahead), and the trailer (tail, head cache, head) */
        if (ring_kind == RINGWAY_RING_KIND_SPSC)
        {
            CHECK_EQ_LL(-1, mark_record_bytes(offered.ring_data, capacity, start_position,
                ringway_channel_producer_position(&offered), byte_kind, batched_before, batched.ring_data,
                touched_between_parts));
            CHECK_EQ_LL(-1, first_difference_not_from_touch_ahead(offered.ring_data, batched.ring_data, capacity,
                byte_kind));
        }
        else
        {
            CHECK(memcmp(offered.ring_data, batched.ring_data, (size_t)capacity) == 0);
        }
        CHECK(memcmp(offered.trailer, batched.trailer, sizeof(ringway_trailer_t)) == 0);
        CHECK_EQ_LL(ringway_channel_back_pressure_count(&offered), ringway_channel_back_pressure_count(&batched));
        if (ring_kind == RINGWAY_RING_KIND_MPSC)
        {
            /* LAYOUT 6.2 step 5: the floor a run set is cleared after its commit, as after an offer */
            CHECK_EQ_LL(RINGWAY_NO_CLAIM_FLOOR_POSITION, offer_producer.slot->claim_floor_position);
            CHECK_EQ_LL(RINGWAY_NO_CLAIM_FLOOR_POSITION, batch_producer.slot->claim_floor_position);
        }

        if (random_below(&random, 3) > 0) /* else the ring fills further */
        {
            const int limit = 1 + random_below(&random, 2 * size);
            const int polled = ringway_consumer_poll(&offer_consumer, check_against_log, &from_offers, limit);
            CHECK(polled >= 0);
            CHECK_EQ_LL(polled, ringway_consumer_poll(&batch_consumer, check_against_log, &from_batches, limit));
            CHECK_EQ_LL(-1, from_offers.first_mismatch);
            CHECK_EQ_LL(-1, from_batches.first_mismatch);
        }
    }
    while (ringway_consumer_poll(&batch_consumer, check_against_log, &from_batches, 100) > 0)
    {
    }
    CHECK_EQ_LL(-1, from_batches.first_mismatch);
    CHECK_EQ_LL(committed_count, from_batches.delivered);
    CHECK(committed_count > RUN_ROUNDS); /* not a ring that was full all along */
    CHECK(ringway_channel_producer_position(&batched) > 8 * capacity); /* many laps */
    ringway_channel_delete(&batched);
    ringway_channel_delete(&offered);
}

/** Two seeds (or RINGWAY_TEST_SEED, to replay the seed a failure prints), three capacities. */
static void runs_leave_the_bytes_of_offers_for_seeds(int32_t ring_kind)
{
    const char *seed_text = getenv("RINGWAY_TEST_SEED");
    const uint64_t first_seed = seed_text != NULL ? strtoull(seed_text, NULL, 0) : UINT64_C(0x5EED0F2025);
    const int32_t capacities[] = { 64, 256, 1024 };
    for (uint64_t seed = first_seed; seed < first_seed + (seed_text != NULL ? 1 : 2); seed++)
    {
        for (size_t c = 0; c < sizeof(capacities) / sizeof(capacities[0]); c++)
        {
            const int failures_before = test_failures;
            runs_leave_the_bytes_of_offers(ring_kind, seed, capacities[c]);
            if (test_failures != failures_before)
            {
                fprintf(stderr, "seed=%llu capacity=%d: replay with RINGWAY_TEST_SEED=%llu\n", (unsigned long long)seed,
                    (int)capacities[c], (unsigned long long)seed);
                return;
            }
        }
    }
}

static void shouldLeaveTheBytesOfOneOfferAtATimeWhenSpscBatchesAreWrittenAsRuns(void)
{
    runs_leave_the_bytes_of_offers_for_seeds(RINGWAY_RING_KIND_SPSC);
}

static void shouldLeaveTheBytesOfOneOfferAtATimeWhenMpscBatchesAreWrittenAsRuns(void)
{
    runs_leave_the_bytes_of_offers_for_seeds(RINGWAY_RING_KIND_MPSC);
}

/* ---------------------------------------------------------------------------------------------------------------- */
/* runs from producer threads: every message once, in each producer's order                                        */
/* ---------------------------------------------------------------------------------------------------------------- */

#define THREAD_RUN_CAPACITY 4096
#define THREAD_RUN_MAX_BATCH 40
#define THREAD_RUN_MAX_PRODUCERS 3
#define THREAD_RUN_MAX_BODY_LENGTH (THREAD_RUN_CAPACITY / 8)
/* a body starts with the producer's index (int32) and the message's sequence (int64) */
#define THREAD_RUN_BODY_HEADER_LENGTH 12
#define THREAD_RUN_STALL_MS 20000
#define THREAD_RUN_MESSAGES 100000 /* per producer; well under a second, ThreadSanitizer included */

/** The body length of a producer's message, decided by the producer's index and the sequence: mostly short. */
static int32_t thread_run_body_length(int32_t producer_index, int64_t sequence)
{
    uint64_t state = (((uint64_t)producer_index + 1) << 48) ^ (uint64_t)sequence ^ UINT64_C(0x9E3779B97F4A7C15);
    const int32_t longest = next_random(&state) % 4 == 0 ? THREAD_RUN_MAX_BODY_LENGTH : 64;
    return THREAD_RUN_BODY_HEADER_LENGTH +
        (int32_t)(next_random(&state) % (uint64_t)(longest - THREAD_RUN_BODY_HEADER_LENGTH + 1));
}

static uint8_t thread_run_body_byte(int32_t producer_index, int64_t sequence, int32_t at)
{
    return (uint8_t)(sequence * 7 + producer_index * 31 + at);
}

typedef struct thread_run_producer_stct
{
    ringway_channel_t *channel;
    int32_t producer_index;
    int64_t count;
    uint64_t seed;
    const int *stop; /* set by the polling thread when it gives up: the producer stops waiting for room */
    int finished; /* 1 when all were written, -1 on an error (printed), 0 when stopped; read by the polling thread */
}
thread_run_producer_t;

/** Offers producer_index's messages 0..count-1 in batches of 1 to THREAD_RUN_MAX_BATCH, the rest again on RING_FULL. */
static void *offer_batches_from_thread(void *argument)
{
    thread_run_producer_t *task = (thread_run_producer_t *)argument;
    int finished = 1;
    ringway_producer_t producer;
    if (ringway_producer_attach(&producer, task->channel) != RINGWAY_OK)
    {
        fprintf(stderr, "producer %d: attach: %s\n", (int)task->producer_index, ringway_producer_last_error(&producer));
        __atomic_store_n(&task->finished, -1, __ATOMIC_RELEASE);
        return NULL;
    }
    uint8_t bodies[THREAD_RUN_MAX_BATCH][THREAD_RUN_MAX_BODY_LENGTH];
    ringway_message_t batch[THREAD_RUN_MAX_BATCH];
    uint64_t random = task->seed;
    long full_count = 0;
    for (int64_t sequence = 0; sequence < task->count && finished == 1;)
    {
        int32_t size = 1 + random_below(&random, THREAD_RUN_MAX_BATCH);
        size = task->count - sequence < size ? (int32_t)(task->count - sequence) : size;
        for (int32_t i = 0; i < size; i++)
        {
            const int64_t message_sequence = sequence + i;
            const int32_t body_length = thread_run_body_length(task->producer_index, message_sequence);
            memcpy(bodies[i], &task->producer_index, sizeof(int32_t));
            memcpy(bodies[i] + sizeof(int32_t), &message_sequence, sizeof(int64_t));
            for (int32_t at = THREAD_RUN_BODY_HEADER_LENGTH; at < body_length; at++)
            {
                bodies[i][at] = thread_run_body_byte(task->producer_index, message_sequence, at);
            }
            batch[i] = (ringway_message_t){ .type_id = 1 + task->producer_index, .body_length = body_length,
                .body = bodies[i] };
        }
        size_t offered = 0;
        while (offered < (size_t)size)
        {
            size_t written = 0;
            const int result =
                ringway_producer_offer_batch(&producer, &batch[offered], (size_t)size - offered, &written);
            offered += written;
            if (result == RINGWAY_E_RING_FULL)
            {
                if (++full_count % 16 == 0)
                {
                    if (__atomic_load_n(task->stop, __ATOMIC_ACQUIRE))
                    {
                        finished = 0;
                        break;
                    }
                    sched_yield();
                }
            }
            else if (result != RINGWAY_OK)
            {
                fprintf(stderr, "producer %d: offer_batch %d: %s\n", (int)task->producer_index, result,
                    ringway_producer_last_error(&producer));
                finished = -1;
                break;
            }
        }
        sequence += size;
    }
    ringway_producer_close(&producer);
    /* SYNC POINT: read by the polling thread, which stops waiting for a producer that failed */
    __atomic_store_n(&task->finished, finished, __ATOMIC_RELEASE);
    return NULL;
}

typedef struct thread_run_checker_stct
{
    int32_t producer_count;
    int64_t next_sequences[THREAD_RUN_MAX_PRODUCERS];
    int64_t delivered;
    char first_error[256];
}
thread_run_checker_t;

static void check_thread_run_message(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    thread_run_checker_t *checker = (thread_run_checker_t *)clientd;
    checker->delivered++;
    if (checker->first_error[0] != '\0')
    {
        return;
    }
    int32_t producer_index = -1;
    int64_t sequence = -1;
    if (body_length >= THREAD_RUN_BODY_HEADER_LENGTH)
    {
        memcpy(&producer_index, body, sizeof(int32_t));
        memcpy(&sequence, body + sizeof(int32_t), sizeof(int64_t));
    }
    if (producer_index < 0 || producer_index >= checker->producer_count || type_id != 1 + producer_index ||
        sequence != checker->next_sequences[producer_index] ||
        body_length != thread_run_body_length(producer_index, sequence))
    {
        snprintf(checker->first_error, sizeof(checker->first_error),
            "message %lld: typeId=%d producer=%d sequence=%lld length=%d, expected sequence=%lld",
            (long long)checker->delivered - 1, (int)type_id, (int)producer_index, (long long)sequence, (int)body_length,
            (long long)(producer_index >= 0 && producer_index < checker->producer_count ?
                checker->next_sequences[producer_index] : -1));
        return;
    }
    for (int32_t at = THREAD_RUN_BODY_HEADER_LENGTH; at < body_length; at++)
    {
        if (body[at] != thread_run_body_byte(producer_index, sequence, at))
        {
            snprintf(checker->first_error, sizeof(checker->first_error),
                "producer=%d sequence=%lld: body byte %d is %d, expected %d", (int)producer_index, (long long)sequence,
                (int)at, (int)body[at], (int)thread_run_body_byte(producer_index, sequence, at));
            return;
        }
    }
    checker->next_sequences[producer_index]++;
}

/**
 * producer_count threads each offer THREAD_RUN_MESSAGES messages in random batches to a ring of 4 KiB, which is full
 * most of the time, while this thread polls: every message arrives once, whole, in its producer's order.
 */
static void batches_from_threads_arrive_once_in_order(int32_t ring_kind, int32_t producer_count)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("run-threads.ringway"), ring_kind, THREAD_RUN_CAPACITY));
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    thread_run_producer_t tasks[THREAD_RUN_MAX_PRODUCERS];
    pthread_t threads[THREAD_RUN_MAX_PRODUCERS];
    int stop = 0;
    int32_t started = 0;
    for (; started < producer_count; started++)
    {
        tasks[started] = (thread_run_producer_t){ .channel = &channel, .producer_index = started, .stop = &stop,
            .count = THREAD_RUN_MESSAGES, .seed = UINT64_C(0x7A11B47C) + (uint64_t)started };
        if (pthread_create(&threads[started], NULL, offer_batches_from_thread, &tasks[started]) != 0)
        {
            break;
        }
    }
    thread_run_checker_t checker = { .producer_count = producer_count };
    const int64_t expected_count = (int64_t)producer_count * THREAD_RUN_MESSAGES;
    int64_t last_progress_ms = ringway_monotonic_ms_();
    while (started == producer_count && checker.delivered < expected_count && checker.first_error[0] == '\0')
    {
        const int polled = ringway_consumer_poll(&consumer, check_thread_run_message, &checker, 64);
        if (polled < 0)
        {
            fprintf(stderr, "poll: %s\n", ringway_consumer_last_error(&consumer));
            snprintf(checker.first_error, sizeof(checker.first_error), "poll failed: %d", polled);
            break;
        }
        if (polled > 0)
        {
            last_progress_ms = ringway_monotonic_ms_();
            continue;
        }
        bool any_failed = false;
        for (int32_t i = 0; i < producer_count; i++)
        {
            any_failed = any_failed || __atomic_load_n(&tasks[i].finished, __ATOMIC_ACQUIRE) < 0;
        }
        if (any_failed || ringway_monotonic_ms_() - last_progress_ms > THREAD_RUN_STALL_MS)
        {
            snprintf(checker.first_error, sizeof(checker.first_error), "stopped after %lld of %lld messages: %s",
                (long long)checker.delivered, (long long)expected_count, any_failed ? "a producer failed" : "stalled");
            break;
        }
        sched_yield();
    }
    /* SYNC POINT: read by the producers while the ring is full: a check that failed must not leave them waiting */
    __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
    for (int32_t i = 0; i < started; i++)
    {
        pthread_join(threads[i], NULL);
    }
    if (checker.first_error[0] != '\0')
    {
        fprintf(stderr, "%s\n", checker.first_error);
    }
    CHECK_EQ_LL(producer_count, started);
    CHECK_STR_EQ("", checker.first_error);
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, check_thread_run_message, &checker, 64)); /* nothing more */
    CHECK_EQ_LL(expected_count, checker.delivered);
    for (int32_t i = 0; i < producer_count; i++)
    {
        CHECK_EQ_LL(1, tasks[i].finished);
        CHECK_EQ_LL(THREAD_RUN_MESSAGES, checker.next_sequences[i]);
    }
    CHECK_EQ_LL(ringway_channel_producer_position(&channel), ringway_consumer_position(&consumer));
    CHECK(ringway_channel_back_pressure_count(&channel) > 0); /* the ring was full at times */
    CHECK_EQ_LL(0, ringway_channel_unblocked_record_count(&channel));
    ringway_consumer_close(&consumer);
    ringway_channel_delete(&channel);
}

static void shouldDeliverEveryMessageOnceInProducerOrderWhenThreeThreadsOfferMpscBatches(void)
{
    batches_from_threads_arrive_once_in_order(RINGWAY_RING_KIND_MPSC, 3);
}

static void shouldDeliverEveryMessageOnceInOrderWhenAThreadOffersSpscBatches(void)
{
    batches_from_threads_arrive_once_in_order(RINGWAY_RING_KIND_SPSC, 1);
}

static void shouldPreZeroIndexZeroWhenARunEndsExactlyAtTheEndOfTheDataArea(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("run-end.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    for (int i = 0; i < 15; i++) /* 15 records of 64 bytes: 64 bytes before the end */
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 56, i));
    }
    received_t received = { 0 };
    CHECK_EQ_LL(15, ringway_consumer_poll(&consumer, collect, &received, 100));
    ringway_put_int64_plain((int64_t *)(void *)channel.ring_data, -1); /* a stale header of an older lap */
    memset(channel.trailer->leading_reserved, 0xA5, 8); /* the 8 bytes past the data area, to catch a write there */

    uint8_t bodies[2][24];
    fill_body(bodies[0], 24, 20);
    fill_body(bodies[1], 21, 21);
    const ringway_message_t messages[2] = {
        { .type_id = 4, .body_length = 24, .body = bodies[0] },
        { .type_id = 5, .body_length = 21, .body = bodies[1] }, /* 29 bytes, aligned to 32: the run ends at 1024 */
    };
    size_t written = 0;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_offer_batch(&producer, messages, 2, &written));
    CHECK_EQ_LL(2, written);
    CHECK_EQ_LL(1024, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(0, ringway_get_int64_plain((int64_t *)(void *)channel.ring_data)); /* the header after the run */
    for (int i = 0; i < 8; i++)
    {
        CHECK_EQ_LL(0xA5, channel.trailer->leading_reserved[i]);
    }
    received.count = 0;
    CHECK_EQ_LL(2, ringway_consumer_poll(&consumer, collect, &received, 100));
    CHECK_EQ_LL(4, received.type_ids[0]);
    CHECK_EQ_LL(21, received.lengths[1]);
    CHECK(body_matches(received.first_bytes[1], 21, 21));
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 100)); /* nothing read past the run */
    CHECK_EQ_LL(1024, ringway_consumer_position(&consumer));
    ringway_channel_delete(&channel);
}

static void shouldWriteTheValidPrefixOfABatchAndRefuseTheFirstInvalidMessageWithItsDetail(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("run-invalid.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    uint8_t body[256];
    fill_body(body, (int32_t)sizeof(body), 3);
    ringway_message_t messages[4] = {
        { .type_id = 1, .body_length = 13, .body = body },
        { .type_id = 2, .body_length = 0, .body = NULL },
        { .type_id = 3, .body_length = 129, .body = body }, /* maxMessageLength is 128 */
        { .type_id = 4, .body_length = 8, .body = body },
    };
    size_t written = 99;
    CHECK_EQ_LL(RINGWAY_E_MESSAGE_LENGTH, ringway_producer_offer_batch(&producer, messages, 4, &written));
    CHECK_EQ_LL(2, written);
    CHECK_STR_EQ("length", ringway_producer_last_error_field(&producer));
    CHECK_CONTAINS(ringway_producer_last_error(&producer), "found=129 expected=0..128");
    CHECK_EQ_LL(24 + 8, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(0, ringway_get_int64_plain((int64_t *)(void *)(channel.ring_data + 32))); /* the run's next header */
    CHECK_EQ_LL(0, ringway_channel_back_pressure_count(&channel));
    received_t received = { 0 };
    CHECK_EQ_LL(2, ringway_consumer_poll(&consumer, collect, &received, 100));
    CHECK_EQ_LL(1, received.type_ids[0]);
    CHECK(body_matches(received.first_bytes[0], 13, 3));
    CHECK_EQ_LL(2, received.type_ids[1]);
    CHECK_EQ_LL(0, received.lengths[1]);

    /* the first message invalid: nothing written, refused with its detail */
    messages[2].body_length = 16;
    messages[2].type_id = 0;
    CHECK_EQ_LL(RINGWAY_E_TYPE_ID, ringway_producer_offer_batch(&producer, &messages[2], 2, &written));
    CHECK_EQ_LL(0, written);
    CHECK_STR_EQ("typeId", ringway_producer_last_error_field(&producer));
    messages[2].type_id = 3;
    messages[3].body_length = -1;
    CHECK_EQ_LL(RINGWAY_E_MESSAGE_LENGTH, ringway_producer_offer_batch(&producer, &messages[2], 2, &written));
    CHECK_EQ_LL(1, written);
    /* the run of one record ends at 56, 8 bytes before the end of a cache line: line-start padding follows it (LAYOUT
       6.1 step 5a) */
    CHECK_EQ_LL(32 + 24 + 8, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 100));
    CHECK_EQ_LL(3, received.count);
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 100));
    ringway_channel_delete(&channel);
}

/** A batch larger than the room left, with a head cache too old for it: a run to the end, a run from index 0, full. */
static void shouldWriteTheRunsThatFitAndCountBackPressureOnceWhenABatchOverfillsTheRing(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("run-full.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    for (int i = 0; i < 15; i++) /* 15 records of 64 bytes */
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 56, i));
    }
    received_t received = { 0 };
    CHECK_EQ_LL(10, ringway_consumer_poll(&consumer, collect, &received, 10)); /* the head at 640 */
    CHECK_EQ_LL(0, channel.trailer->head_cache_position);

    uint8_t bodies[20][56];
    ringway_message_t messages[20];
    for (int i = 0; i < 20; i++)
    {
        fill_body(bodies[i], 56, 100 + i);
        messages[i] = (ringway_message_t){ .type_id = 2, .body_length = 56, .body = bodies[i] };
    }
    size_t written = 0;
    CHECK_EQ_LL(RINGWAY_E_RING_FULL, ringway_producer_offer_batch(&producer, messages, 20, &written));
    /* one record up to the end of the data area; from index 0, 9 records: (1024 - 384 - 8) / 64 */
    CHECK_EQ_LL(10, written);
    CHECK_EQ_LL(960 + 64 + 9 * 64, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(640, channel.trailer->head_cache_position);
    CHECK_EQ_LL(1, ringway_channel_back_pressure_count(&channel));
    CHECK_EQ_LL(0, ringway_get_int64_plain((int64_t *)(void *)(channel.ring_data + 9 * 64)));
    CHECK_STR_EQ("", ringway_producer_last_error(&producer)); /* back-pressure is not an error */

    received.count = 0;
    CHECK_EQ_LL(15, ringway_consumer_poll(&consumer, collect, &received, 100));
    for (int i = 5; i < 15; i++)
    {
        CHECK_EQ_LL(2, received.type_ids[i]);
        CHECK(body_matches(received.first_bytes[i], 56, 100 + i - 5));
    }
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_offer_batch(&producer, &messages[10], 10, &written));
    CHECK_EQ_LL(10, written);
    CHECK_EQ_LL(1, ringway_channel_back_pressure_count(&channel));
    received.count = 0;
    CHECK_EQ_LL(10, ringway_consumer_poll(&consumer, collect, &received, 100));
    CHECK(body_matches(received.first_bytes[9], 56, 119));
    ringway_channel_delete(&channel);
}

/** LAYOUT 6.1 step 2 / 6.2 step 2.3: a claim refused at the wrap still publishes the padding to the end. */
static void padding_when_claim_fails_at_wrap(int32_t ring_kind)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("wrapfail.ringway"), ring_kind, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));

    /* on SPSC the fourth record ends at 440, 56 mod 64, and line-start padding follows it (LAYOUT 6.1 step 5a) */
    const int32_t line_padding_length = ring_kind == RINGWAY_RING_KIND_SPSC ? RINGWAY_RECORD_HEADER_LENGTH : 0;
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 96, 0)); /* 104 bytes */
    for (int i = 1; i <= 8; i++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 104, i)); /* 112 bytes each */
    }
    CHECK_EQ_LL(1000 + line_padding_length, ringway_channel_producer_position(&channel));
    received_t received = { 0 };
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 1)); /* head at 104 */

    /* 128 bytes are free in total (120 on SPSC), but 24 at the end (16) and only 104 before the head at index 0 */
    CHECK_EQ_LL(RINGWAY_E_RING_FULL, offer_seeded(&producer, 1, 104, 9));
    CHECK_EQ_LL(1, ringway_channel_back_pressure_count(&channel));
    CHECK_EQ_LL(1024, ringway_channel_producer_position(&channel));
    ringway_record_header_t *padding =
        (ringway_record_header_t *)(void *)(channel.ring_data + 1000 + line_padding_length);
    CHECK_EQ_LL(24 - line_padding_length, padding->length);
    CHECK_EQ_LL(RINGWAY_PADDING_TYPE_ID, padding->type_id);

    received.count = 0;
    CHECK_EQ_LL(8, ringway_consumer_poll(&consumer, collect, &received, 100));
    CHECK_EQ_LL(1024, ringway_channel_consumer_position(&channel));
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 104, 9)); /* the next attempt starts at index 0 */
    received.count = 0;
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 100));
    CHECK(body_matches(received.first_bytes[0], 16, 9));
    ringway_channel_delete(&channel);
}

static void shouldPublishPaddingWhenClaimFailsAtWrap(void)
{
    padding_when_claim_fails_at_wrap(RINGWAY_RING_KIND_SPSC);
    padding_when_claim_fails_at_wrap(RINGWAY_RING_KIND_MPSC);
}

static void shouldDeliverAtMostLimitMessages(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("limit.ringway"), RINGWAY_RING_KIND_MPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    for (int i = 0; i < 7; i++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 8, i));
    }
    received_t received = { 0 };
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 0));
    CHECK_EQ_LL(3, ringway_consumer_poll(&consumer, collect, &received, 3));
    CHECK_EQ_LL(3 * 16, ringway_consumer_position(&consumer));
    CHECK_EQ_LL(3, ringway_consumer_poll(&consumer, collect, &received, 3));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 3));
    CHECK_EQ_LL(7, received.count);
    for (int i = 0; i < 7; i++)
    {
        CHECK(body_matches(received.first_bytes[i], 8, i));
    }
    ringway_channel_close(&channel);
}

static void min_of_limit_and_available_across_wrap(int32_t ring_kind)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("across.ringway"), ring_kind, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    for (int i = 0; i < 8; i++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 104, i)); /* 112 bytes each: 896 */
    }
    received_t received = { 0 };
    CHECK_EQ_LL(8, ringway_consumer_poll(&consumer, collect, &received, 100));

    /* one record before the end, then padding, then two records from index 0 */
    for (int i = 8; i < 11; i++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 104, i));
    }
    CHECK_EQ_LL(896 + 112 + 16 + 224, ringway_channel_producer_position(&channel));
    received.count = 0;
    CHECK_EQ_LL(3, ringway_consumer_poll(&consumer, collect, &received, 100));
    CHECK(body_matches(received.first_bytes[0], 16, 8));
    CHECK(body_matches(received.first_bytes[2], 16, 10));

    /* the same across the wrap with a limit below what is available */
    for (int i = 11; i < 18; i++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 104, i));
    }
    received.count = 0;
    CHECK_EQ_LL(7, ringway_consumer_poll(&consumer, collect, &received, 7));
    for (int i = 18; i < 21; i++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 104, i)); /* wraps again */
    }
    received.count = 0;
    CHECK_EQ_LL(2, ringway_consumer_poll(&consumer, collect, &received, 2));
    CHECK(body_matches(received.first_bytes[0], 16, 18));
    CHECK(body_matches(received.first_bytes[1], 16, 19));
    received.count = 0;
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 2));
    CHECK(body_matches(received.first_bytes[0], 16, 20));
    ringway_channel_delete(&channel);
}

static void shouldReturnMinOfLimitAndAvailableAcrossWrap(void)
{
    min_of_limit_and_available_across_wrap(RINGWAY_RING_KIND_SPSC);
    min_of_limit_and_available_across_wrap(RINGWAY_RING_KIND_MPSC);
}

static void shouldCountMessagesConsumed(void)
{
    const char *path = test_path("consumed.ringway");
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    for (int i = 0; i < 5; i++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 8, i));
    }
    received_t received = { 0 };
    CHECK_EQ_LL(2, ringway_consumer_poll(&consumer, collect, &received, 2));
    CHECK_EQ_LL(2, ringway_channel_messages_consumed(&channel));
    CHECK_EQ_LL(3, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(5, ringway_channel_messages_consumed(&channel));
    ringway_consumer_close(&consumer);
    /* the running total continues with the next consumer */
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 8, 5));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(6, ringway_channel_messages_consumed(&channel));
    ringway_channel_close(&channel);
}

static void shouldReportCorruptLengthWithoutAdvancing(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("corrupt.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 8, 0));
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 8, 1));
    ringway_record_header_t *second = (ringway_record_header_t *)(void *)(channel.ring_data + 16);
    second->length = 5000; /* beyond the end of the data area */

    received_t received = { 0 };
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10)); /* the good one first */
    CHECK_EQ_LL(RINGWAY_E_CORRUPT_RECORD, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_STR_EQ("length", ringway_consumer_last_error_field(&consumer));
    CHECK_CONTAINS(ringway_consumer_last_error(&consumer), "corrupt record at position=16: file=");
    CHECK_CONTAINS(ringway_consumer_last_error(&consumer), "found=5000 expected=8..1008");
    CHECK_EQ_LL(16, ringway_channel_consumer_position(&channel));
    CHECK_EQ_LL(RINGWAY_E_CORRUPT_RECORD, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(16, ringway_consumer_position(&consumer));
    second->length = 4; /* shorter than a header */
    CHECK_EQ_LL(RINGWAY_E_CORRUPT_RECORD, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(1, received.count);
    ringway_channel_close(&channel);
}

static void shouldReportCorruptTypeIdWithoutAdvancing(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("corrupttype.ringway"), RINGWAY_RING_KIND_MPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 8, 0));
    ((ringway_record_header_t *)(void *)channel.ring_data)->type_id = 0;
    received_t received = { 0 };
    CHECK_EQ_LL(RINGWAY_E_CORRUPT_RECORD, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_STR_EQ("typeId", ringway_consumer_last_error_field(&consumer));
    CHECK_EQ_LL(0, ringway_channel_consumer_position(&channel));
    CHECK_EQ_LL(0, received.count);
    ringway_channel_close(&channel);
}

static void shouldReportOversizeRecordAsCorrupt(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("oversize.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    ringway_record_header_t *record = (ringway_record_header_t *)(void *)channel.ring_data;
    record->type_id = 1;
    record->length = 8 + 129; /* body above maxMessageLength 128 */
    received_t received = { 0 };
    CHECK_EQ_LL(RINGWAY_E_CORRUPT_RECORD, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_STR_EQ("length", ringway_consumer_last_error_field(&consumer));
    CHECK_CONTAINS(ringway_consumer_last_error(&consumer), "expected=<=136");
    /* the same length is fine for padding, which is not a message */
    record->type_id = RINGWAY_PADDING_TYPE_ID;
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(144, ringway_consumer_position(&consumer));
    ringway_channel_close(&channel);
}

typedef struct stopping_handler_stct
{
    ringway_consumer_t *consumer;
    received_t received;
    int32_t stop_at_type_id;
}
stopping_handler_t;

static void collect_and_stop_at(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    stopping_handler_t *handler = (stopping_handler_t *)clientd;
    collect(&handler->received, type_id, body, body_length);
    if (type_id == handler->stop_at_type_id)
    {
        ringway_consumer_stop_poll(handler->consumer);
    }
}

/** The C side of Java's handler exception and Go's handler panic (PollFailureTest, TestShouldDeliverTheRest...). */
static void shouldStopAPollWhenTheHandlerAsksCountingAndWakingForWhatWasDelivered(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("stop.ringway"), RINGWAY_RING_KIND_MPSC, 4096));
    ringway_producer_t producer;
    stopping_handler_t handler = { 0 };
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    for (int32_t type_id = 1; type_id <= 5; type_id++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, type_id, 16, type_id));
    }
    channel.header->space_waiters = 1; /* as a producer parked for space leaves it (LAYOUT 9.1) */
    handler.consumer = &consumer;
    handler.stop_at_type_id = 2;
    CHECK_EQ_LL(2, ringway_consumer_poll(&consumer, collect_and_stop_at, &handler, 10));
    CHECK_EQ_LL(2, handler.received.count);
    CHECK_EQ_LL(2, channel.header->messages_consumed);
    CHECK_EQ_LL(2 * 24, ringway_consumer_position(&consumer));
    CHECK_EQ_LL(1, ringway_channel_wake_count(&channel));
    CHECK_EQ_LL(0, channel.header->space_waiters);
    CHECK_EQ_LL(3, ringway_consumer_poll(&consumer, collect_and_stop_at, &handler, 10));
    CHECK_EQ_LL(5, handler.received.count);
    CHECK_EQ_LL(5, handler.received.type_ids[4]);
    CHECK_EQ_LL(5, channel.header->messages_consumed);
    ringway_channel_close(&channel);
}

static void shouldCountAndWakeWhenAPollStopsAtACorruptRecord(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("count-corrupt.ringway"), RINGWAY_RING_KIND_SPSC, 4096));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    for (int32_t type_id = 1; type_id <= 4; type_id++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, type_id, 16, type_id));
    }
    ((ringway_record_header_t *)(void *)(channel.ring_data + 3 * 24))->length = 2 * 4096;
    channel.header->space_waiters = 1;
    received_t received = { 0 };
    CHECK_EQ_LL(3, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(3, channel.header->messages_consumed);
    CHECK_EQ_LL(3 * 24, ringway_consumer_position(&consumer));
    CHECK_EQ_LL(1, ringway_channel_wake_count(&channel));
    CHECK_EQ_LL(RINGWAY_E_CORRUPT_RECORD, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(3, channel.header->messages_consumed);
    ringway_channel_close(&channel);
}

/* ---------------------------------------------------------------------------------------------------------------- */
/* a poll from inside a handler (a nested poll)                                                                     */
/* ---------------------------------------------------------------------------------------------------------------- */

enum { NESTED_CALL_POLL, NESTED_CALL_POLL_WAIT_NOW, NESTED_CALL_POLL_WAIT_1_MS };

/** A handler that collects each message, then polls its own consumer again and records what that nested poll did. */
typedef struct nesting_handler_stct
{
    ringway_consumer_t *consumer;
    ringway_channel_t *channel;
    int64_t *now_ms;
    received_t received;
    /** What the nested polls delivered: nothing, when they are refused. */
    received_t nested_received;
    int nested_count;
    int nested_results[8];
    char nested_details[8][RINGWAY_ERROR_MESSAGE_LENGTH];
    char nested_fields[8][RINGWAY_ERROR_FIELD_LENGTH];
    /** The nested polls that changed the head, messagesConsumed or the consumer heartbeat. */
    int nested_changes;
}
nesting_handler_t;

static void collect_and_poll_again(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    nesting_handler_t *handler = (nesting_handler_t *)clientd;
    collect(&handler->received, type_id, body, body_length);
    ringway_header_page_t *header = handler->channel->header;
    const int64_t consumer_position = ringway_consumer_position(handler->consumer);
    const int64_t head_position = ringway_get_int64_acquire(&handler->channel->trailer->head_position);
    const int64_t messages_consumed = ringway_get_int64_acquire(&header->messages_consumed);
    const int64_t heartbeat_ms = ringway_get_int64_acquire(&header->consumer_heartbeat_ms);
    *handler->now_ms += 1000; /* a poll that beat would store this new time */
    const int call = handler->nested_count % 3;
    const int result = call == NESTED_CALL_POLL ?
        ringway_consumer_poll(handler->consumer, collect, &handler->nested_received, 10) :
        ringway_consumer_poll_wait(handler->consumer, collect, &handler->nested_received, 10,
            call == NESTED_CALL_POLL_WAIT_NOW ? 0 : 1000000);
    if (handler->nested_count < 8)
    {
        handler->nested_results[handler->nested_count] = result;
        snprintf(handler->nested_details[handler->nested_count], RINGWAY_ERROR_MESSAGE_LENGTH, "%s",
            ringway_consumer_last_error(handler->consumer));
        snprintf(handler->nested_fields[handler->nested_count], RINGWAY_ERROR_FIELD_LENGTH, "%s",
            ringway_consumer_last_error_field(handler->consumer));
    }
    handler->nested_count++;
    if (ringway_consumer_position(handler->consumer) != consumer_position ||
        ringway_get_int64_acquire(&handler->channel->trailer->head_position) != head_position ||
        ringway_get_int64_acquire(&header->messages_consumed) != messages_consumed ||
        ringway_get_int64_acquire(&header->consumer_heartbeat_ms) != heartbeat_ms)
    {
        handler->nested_changes++;
    }
}

/** A channel of ring_kind named name with its producer and consumer attached and messages 1, 2 and 3 offered. */
static void create_with_three_messages(ringway_channel_t *channel, ringway_producer_t *producer,
    ringway_consumer_t *consumer, const char *name, int32_t ring_kind)
{
    CHECK_EQ_LL(RINGWAY_OK, create_channel(channel, test_path(name), ring_kind, 4096));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(producer, channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(consumer, channel));
    for (int32_t type_id = 1; type_id <= 3; type_id++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(producer, type_id, 16, type_id));
    }
}

/** Messages 1, 2 and 3 were each delivered once, in order, and the head (stored and the handle's) is at the tail. */
static void check_three_messages_delivered_once_up_to_the_tail(
    const received_t *received, ringway_channel_t *channel, ringway_consumer_t *consumer)
{
    CHECK_EQ_LL(3, received->count);
    for (int at = 0; at < 3; at++)
    {
        CHECK_EQ_LL(at + 1, received->type_ids[at]);
        CHECK(body_matches(received->first_bytes[at], 16, at + 1));
    }
    CHECK_EQ_LL(ringway_get_int64_acquire(&channel->trailer->tail_position), ringway_consumer_position(consumer));
    CHECK_EQ_LL(ringway_consumer_position(consumer), ringway_get_int64_acquire(&channel->trailer->head_position));
    CHECK_EQ_LL(3, channel->header->messages_consumed);
}

/**
 * Three messages, each handler call polling the same consumer again: with ringway_consumer_poll, then
 * ringway_consumer_poll_wait at a zero timeout (one poll), then ringway_consumer_poll_wait with a 1 ms timeout. The
 * outer call is ringway_consumer_poll, or ringway_consumer_poll_wait when outer_waits.
 */
static void nested_polls_refused(int32_t ring_kind, bool outer_waits)
{
    int64_t now_ms = 1000000;
    ringway_channel_t channel;
    char name[64];
    snprintf(name, sizeof(name), "nested-%s-%s.ringway", ring_kind == RINGWAY_RING_KIND_SPSC ? "spsc" : "mpsc",
        outer_waits ? "poll-wait" : "poll");
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    create_with_three_messages(&channel, &producer, &consumer, name, ring_kind);
    ringway_channel_set_clock(&channel, manual_clock, &now_ms);
    nesting_handler_t handler;
    memset(&handler, 0, sizeof(handler));
    handler.consumer = &consumer;
    handler.channel = &channel;
    handler.now_ms = &now_ms;

    const int delivered = outer_waits ?
        ringway_consumer_poll_wait(&consumer, collect_and_poll_again, &handler, 10, 1000000000) :
        ringway_consumer_poll(&consumer, collect_and_poll_again, &handler, 10);
    CHECK_EQ_LL(3, delivered);

    CHECK_EQ_LL(3, handler.nested_count);
    for (int at = 0; at < 3; at++)
    {
        CHECK_EQ_LL(RINGWAY_E_INVALID_ARGUMENT, handler.nested_results[at]);
        CHECK_CONTAINS(handler.nested_details[at], "poll inside a poll handler");
        CHECK_CONTAINS(handler.nested_details[at], "found=polling");
        CHECK_STR_EQ("consumer", handler.nested_fields[at]);
    }
    char expected_detail[RINGWAY_ERROR_MESSAGE_LENGTH];
    snprintf(expected_detail, sizeof(expected_detail), "poll inside a poll handler: file=%s field=consumer "
        "found=polling expected=a poll after the handler returns", channel.path);
    CHECK_STR_EQ(expected_detail, handler.nested_details[0]);
    CHECK_EQ_LL(0, handler.nested_received.count);
    CHECK_EQ_LL(0, handler.nested_changes);
    check_three_messages_delivered_once_up_to_the_tail(&handler.received, &channel, &consumer);

    /* after the handler returned, polls read again */
    received_t later = { 0 };
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &later, 10));
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 4, 16, 4));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &later, 10));
    CHECK_EQ_LL(1, later.count);
    CHECK_EQ_LL(4, later.type_ids[0]);
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 5, 16, 5));
    CHECK_EQ_LL(1, ringway_consumer_poll_wait(&consumer, collect, &later, 10, 1000000));
    CHECK_EQ_LL(5, later.type_ids[1]);
    CHECK_EQ_LL(ringway_get_int64_acquire(&channel.trailer->tail_position), ringway_consumer_position(&consumer));
    CHECK_EQ_LL(5, channel.header->messages_consumed);
    ringway_channel_close(&channel);
}

/**
 * A nested poll would read from the head the outer poll has not stored yet, deliver its messages again, and the outer
 * poll would then move the head back under producers that saw the nested poll's head.
 */
static void shouldRefuseAPollOfTheSameConsumerFromInsideItsHandlerAndDeliverEveryMessageOnce(void)
{
    nested_polls_refused(RINGWAY_RING_KIND_SPSC, false);
    nested_polls_refused(RINGWAY_RING_KIND_MPSC, false);
}

static void shouldRefuseAPollOfTheSameConsumerFromInsideAHandlerOfItsPollWait(void)
{
    nested_polls_refused(RINGWAY_RING_KIND_SPSC, true);
    nested_polls_refused(RINGWAY_RING_KIND_MPSC, true);
}

/** A handler of one channel's consumer that polls the consumer of another channel. */
typedef struct forwarding_handler_stct
{
    ringway_consumer_t *other_consumer;
    received_t received;
    received_t other_received;
    int other_results[4];
    int other_count;
}
forwarding_handler_t;

static void collect_and_poll_other(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    forwarding_handler_t *handler = (forwarding_handler_t *)clientd;
    collect(&handler->received, type_id, body, body_length);
    const int result = handler->other_count % 2 == 0 ?
        ringway_consumer_poll(handler->other_consumer, collect, &handler->other_received, 1) :
        ringway_consumer_poll_wait(handler->other_consumer, collect, &handler->other_received, 1, 1000000);
    if (handler->other_count < 4)
    {
        handler->other_results[handler->other_count] = result;
    }
    handler->other_count++;
}

static void shouldAllowAPollOfAnotherConsumerFromInsideAHandler(void)
{
    ringway_channel_t channel;
    ringway_channel_t other_channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("nested-outer.ringway"), RINGWAY_RING_KIND_SPSC, 4096));
    CHECK_EQ_LL(RINGWAY_OK,
        create_channel(&other_channel, test_path("nested-other.ringway"), RINGWAY_RING_KIND_MPSC, 4096));
    ringway_producer_t producer;
    ringway_producer_t other_producer;
    ringway_consumer_t consumer;
    ringway_consumer_t other_consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&other_producer, &other_channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&other_consumer, &other_channel));
    for (int32_t type_id = 1; type_id <= 3; type_id++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, type_id, 16, type_id));
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&other_producer, 10 + type_id, 16, 10 + type_id));
    }
    forwarding_handler_t handler;
    memset(&handler, 0, sizeof(handler));
    handler.other_consumer = &other_consumer;

    CHECK_EQ_LL(3, ringway_consumer_poll(&consumer, collect_and_poll_other, &handler, 10));

    CHECK_EQ_LL(3, handler.received.count);
    CHECK_EQ_LL(3, handler.other_count);
    CHECK_EQ_LL(3, handler.other_received.count);
    for (int at = 0; at < 3; at++)
    {
        CHECK_EQ_LL(1, handler.other_results[at]);
        CHECK_EQ_LL(at + 1, handler.received.type_ids[at]);
        CHECK_EQ_LL(11 + at, handler.other_received.type_ids[at]);
        CHECK(body_matches(handler.other_received.first_bytes[at], 16, 11 + at));
    }
    CHECK_EQ_LL(ringway_get_int64_acquire(&channel.trailer->tail_position), ringway_consumer_position(&consumer));
    CHECK_EQ_LL(ringway_get_int64_acquire(&other_channel.trailer->tail_position),
        ringway_consumer_position(&other_consumer));
    CHECK_STR_EQ("", ringway_consumer_last_error(&consumer));
    CHECK_STR_EQ("", ringway_consumer_last_error(&other_consumer));
    ringway_channel_close(&other_channel);
    ringway_channel_close(&channel);
}

/* ---------------------------------------------------------------------------------------------------------------- */
/* a close of the consumer or of its channel from inside a handler                                                  */
/* ---------------------------------------------------------------------------------------------------------------- */

/**
 * Attaches a consumer through another handle of the file, as a consumer in another process would, then closes both.
 * @return what the open or the attach returned; *position is the head the consumer started from, or -1.
 */
static int attach_second_consumer(const char *path, int64_t *position)
{
    *position = -1;
    ringway_channel_t other;
    const int open_result = ringway_channel_open(&other, path, NULL);
    if (open_result != RINGWAY_OK)
    {
        return open_result;
    }
    ringway_consumer_t second;
    const int result = ringway_consumer_attach(&second, &other);
    if (result == RINGWAY_OK)
    {
        *position = ringway_consumer_position(&second);
    }
    ringway_consumer_close(&second);
    ringway_channel_close(&other);
    return result;
}

/** A handler that collects each message, then closes its own consumer, or its channel, and records what that did. */
typedef struct closing_handler_stct
{
    ringway_consumer_t *consumer;
    ringway_channel_t *channel;
    bool closes_channel;
    received_t received;
    int close_count;
    int close_results[8];
    char close_details[8][RINGWAY_ERROR_MESSAGE_LENGTH];
    char close_fields[8][RINGWAY_ERROR_FIELD_LENGTH];
    /** The closes after which the consumer was detached, the channel closed, or the consumer lease no longer held. */
    int close_changes;
    /** From the first call: a second consumer's attach through another handle of the file. */
    int second_attach_result;
    /** From the first call, when it closes the channel: ringway_channel_delete and whether the file stayed. */
    int delete_result;
    bool is_file_kept;
}
closing_handler_t;

static void collect_and_close(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    closing_handler_t *handler = (closing_handler_t *)clientd;
    collect(&handler->received, type_id, body, body_length);
    ringway_channel_t *channel = handler->channel;
    const int64_t consumer_lease = ringway_get_int64_acquire(&channel->header->consumer_lease);
    const int result = handler->closes_channel ? ringway_channel_close(channel) :
        ringway_consumer_close(handler->consumer);
    if (handler->close_count < 8)
    {
        handler->close_results[handler->close_count] = result;
        snprintf(handler->close_details[handler->close_count], RINGWAY_ERROR_MESSAGE_LENGTH, "%s",
            handler->closes_channel ? ringway_channel_last_error(channel) :
                ringway_consumer_last_error(handler->consumer));
        snprintf(handler->close_fields[handler->close_count], RINGWAY_ERROR_FIELD_LENGTH, "%s",
            handler->closes_channel ? ringway_channel_last_error_field(channel) :
                ringway_consumer_last_error_field(handler->consumer));
    }
    if (!handler->consumer->is_attached || !channel->is_open || !channel->holds_consumer_lease ||
        ringway_get_int64_acquire(&channel->header->consumer_lease) != consumer_lease)
    {
        handler->close_changes++;
    }
    if (handler->close_count == 0)
    {
        int64_t position = 0;
        handler->second_attach_result = attach_second_consumer(channel->path, &position);
        if (handler->closes_channel)
        {
            handler->delete_result = ringway_channel_delete(channel);
            handler->is_file_kept = access(channel->path, F_OK) == 0;
        }
    }
    handler->close_count++;
}

/**
 * Three messages, each handler call closing its consumer (or, when closes_channel, the consumer's channel). The outer
 * call is ringway_consumer_poll, or ringway_consumer_poll_wait when outer_waits.
 */
static void closes_from_a_handler_refused(int32_t ring_kind, bool closes_channel, bool outer_waits)
{
    ringway_channel_t channel;
    char name[64];
    snprintf(name, sizeof(name), "close-%s-%s-%s.ringway", closes_channel ? "channel" : "consumer",
        ring_kind == RINGWAY_RING_KIND_SPSC ? "spsc" : "mpsc", outer_waits ? "poll-wait" : "poll");
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    create_with_three_messages(&channel, &producer, &consumer, name, ring_kind);
    closing_handler_t handler;
    memset(&handler, 0, sizeof(handler));
    handler.consumer = &consumer;
    handler.channel = &channel;
    handler.closes_channel = closes_channel;

    const int delivered = outer_waits ?
        ringway_consumer_poll_wait(&consumer, collect_and_close, &handler, 10, 1000000000) :
        ringway_consumer_poll(&consumer, collect_and_close, &handler, 10);
    CHECK_EQ_LL(3, delivered);

    CHECK_EQ_LL(3, handler.close_count);
    char expected_detail[RINGWAY_ERROR_MESSAGE_LENGTH];
    snprintf(expected_detail, sizeof(expected_detail), "close inside a poll handler: file=%s field=file "
        "found=polling expected=closed after the poll returns", channel.path);
    for (int at = 0; at < 3; at++)
    {
        CHECK_EQ_LL(RINGWAY_E_INVALID_ARGUMENT, handler.close_results[at]);
        CHECK_STR_EQ(expected_detail, handler.close_details[at]);
        CHECK_STR_EQ("file", handler.close_fields[at]);
    }
    CHECK_EQ_LL(0, handler.close_changes);
    CHECK_EQ_LL(RINGWAY_E_LEASE_TAKEN, handler.second_attach_result);
    if (closes_channel)
    {
        CHECK_EQ_LL(RINGWAY_E_INVALID_ARGUMENT, handler.delete_result);
        CHECK(handler.is_file_kept);
    }
    check_three_messages_delivered_once_up_to_the_tail(&handler.received, &channel, &consumer);

    /* the consumer still holds its lease, and polls again */
    CHECK(channel.is_open);
    CHECK(consumer.is_attached);
    CHECK(channel.holds_consumer_lease);
    CHECK_EQ_LL(channel.consumer_lease_token, ringway_get_int64_acquire(&channel.header->consumer_lease));
    int64_t second_position = 0;
    CHECK_EQ_LL(RINGWAY_E_LEASE_TAKEN, attach_second_consumer(channel.path, &second_position));
    received_t later = { 0 };
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 4, 16, 4));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &later, 10));
    CHECK_EQ_LL(4, later.type_ids[0]);
    CHECK_EQ_LL(4, channel.header->messages_consumed);
    const int64_t tail_position = ringway_get_int64_acquire(&channel.trailer->tail_position);
    CHECK_EQ_LL(tail_position, ringway_consumer_position(&consumer));

    /* after the poll returned, the close does what it says */
    if (closes_channel)
    {
        CHECK_EQ_LL(RINGWAY_OK, ringway_channel_close(&channel));
        CHECK(!channel.is_open);
    }
    else
    {
        CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_close(&consumer));
        CHECK(!consumer.is_attached);
        CHECK(!channel.holds_consumer_lease);
    }
    CHECK_EQ_LL(RINGWAY_OK, attach_second_consumer(channel.path, &second_position));
    CHECK_EQ_LL(tail_position, second_position);
    ringway_channel_close(&channel);
}

/**
 * The close would release the lease under the running poll, which goes on to store headPosition, messagesConsumed
 * (on MPSC pendingHeadPosition and the zeroing) where a consumer in another process may have taken the lease.
 */
static void shouldRefuseACloseOfTheConsumerFromInsideItsHandlerKeepingTheLeaseAndDeliverEveryMessageOnce(void)
{
    closes_from_a_handler_refused(RINGWAY_RING_KIND_SPSC, false, false);
    closes_from_a_handler_refused(RINGWAY_RING_KIND_MPSC, false, false);
    closes_from_a_handler_refused(RINGWAY_RING_KIND_SPSC, false, true);
    closes_from_a_handler_refused(RINGWAY_RING_KIND_MPSC, false, true);
}

/** The close (or delete) would unmap the file under the running poll, which goes on reading and storing through it. */
static void shouldRefuseACloseOfTheChannelFromInsideAHandlerOfItsConsumerKeepingItOpenAndDeliverEveryMessageOnce(void)
{
    closes_from_a_handler_refused(RINGWAY_RING_KIND_SPSC, true, false);
    closes_from_a_handler_refused(RINGWAY_RING_KIND_MPSC, true, false);
    closes_from_a_handler_refused(RINGWAY_RING_KIND_SPSC, true, true);
    closes_from_a_handler_refused(RINGWAY_RING_KIND_MPSC, true, true);
}

/* ---------------------------------------------------------------------------------------------------------------- */
/* the MPSC consumer zeroes what it consumed: pendingHeadPosition (LAYOUT 7.2)                                      */
/* ---------------------------------------------------------------------------------------------------------------- */

static void shouldIgnoreAHostilePendingHeadWithoutOverflow(void)
{
    const char *path = test_path("hostile-pending.ringway");
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_MPSC, 1024));
    channel.header->pending_head_position = INT64_MAX - 7;
    channel.trailer->head_position = -8;
    channel.trailer->tail_position = INT64_MAX - 7;
    ringway_consumer_t consumer;
    ringway_consumer_attach(&consumer, &channel); /* may refuse the positions; must not overflow or zero anything */
    CHECK_EQ_LL(-8, channel.trailer->head_position);
    ringway_channel_close(&channel);
}

static void shouldFinishTheZeroingOfAConsumerKilledWhileZeroing(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("zeroing.ringway"), RINGWAY_RING_KIND_MPSC, 1024));
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    for (int64_t value = 1; value <= 3; value++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_value(&producer, value));
    }
    /* the dead consumer delivered records 1 and 2, stored where its zeroing led, and zeroed 12 of their 32 bytes */
    ringway_put_int64_release(&channel.header->pending_head_position, 32);
    memset(channel.ring_data, 0, 12);

    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(32, ringway_consumer_position(&consumer));
    received_t received = { 0 };
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(3, first_value(&received, 0));
    CHECK_EQ_LL(ringway_consumer_position(&consumer), channel.header->pending_head_position);
    ringway_channel_close(&channel);
}

/* ---------------------------------------------------------------------------------------------------------------- */
/* SPSC touch ahead (LAYOUT 6.1 "Touch ahead")                                                                      */
/* ---------------------------------------------------------------------------------------------------------------- */

/* old bytes that the tests put in free space: what a real ring may hold there (consumed records), and not 0 */
#define TOUCH_OLD_BYTE 0xAB
/* touched_position of first_free_byte_not_as_touched when no word may be touched */
#define NOTHING_TOUCHED (-1)

/** @return the first index of data[from, to) whose byte is not value, or -1. */
static int32_t first_byte_not(const uint8_t *data, int32_t from, int32_t to, uint8_t value)
{
    for (int32_t i = from; i < to; i++)
    {
        if (data[i] != value)
        {
            return i;
        }
    }
    return -1;
}

/** Puts TOUCH_OLD_BYTE over the free space of an SPSC ring, [tail + 8, head + capacity); the next header keeps 0. */
static void fill_free_space(uint8_t *data, int32_t capacity, int64_t tail_position, int64_t head_position)
{
    for (int64_t position = tail_position + RINGWAY_RECORD_HEADER_LENGTH; position < head_position + capacity;
        position++)
    {
        data[position & (capacity - 1)] = TOUCH_OLD_BYTE;
    }
}

/**
 * @return the first index of the free space [tail, head + capacity) of an SPSC ring filled by fill_free_space that does
 * not hold what the producer leaves there: 0 over the pre-zeroed next header [tail, tail + 8) and over the word that
 * LAYOUT 6.1 "Touch ahead" stored, [touched, touched + 8) (none when touched_position is NOTHING_TOUCHED), and
 * TOUCH_OLD_BYTE over every other byte; or -1.
 */
static int32_t first_free_byte_not_as_touched(const uint8_t *data, int32_t capacity, int64_t tail_position,
    int64_t head_position, int64_t touched_position)
{
    for (int64_t position = tail_position; position < head_position + capacity; position++)
    {
        const bool is_next_header = position < tail_position + RINGWAY_RECORD_HEADER_LENGTH;
        const bool is_touched = touched_position != NOTHING_TOUCHED && position >= touched_position &&
            position < touched_position + RINGWAY_RECORD_HEADER_LENGTH;
        const int32_t index = (int32_t)(position & (capacity - 1));
        if (data[index] != (is_next_header || is_touched ? 0 : TOUCH_OLD_BYTE))
        {
            return index;
        }
    }
    return -1;
}

/** Messages offered with offer_seeded (type id = seed + 1, body fill_body(seed)), checked whole as they arrive. */
typedef struct seeded_log_stct
{
    const int32_t *body_lengths; /* of the message of each seed */
    int32_t count;
    int32_t delivered;
    int32_t first_mismatch; /* the seed of the first message delivered wrong, or -1 */
}
seeded_log_t;

static void check_seeded(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    seeded_log_t *log = (seeded_log_t *)clientd;
    const int32_t seed = log->delivered++;
    bool matches = seed < log->count && type_id == seed + 1 && body_length == log->body_lengths[seed];
    for (int32_t i = 0; matches && i < body_length; i++)
    {
        matches = body[i] == (uint8_t)(seed * 31 + i);
    }
    if (!matches && log->first_mismatch < 0)
    {
        log->first_mismatch = seed;
    }
}

static void shouldTouchTheFirstWordOfTheCacheLineAfterTheNextHeaderAfterEveryCommitAndAbort(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK,
        create_channel(&channel, test_path("touch-ahead.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    uint8_t *data = channel.ring_data;
    fill_free_space(data, 1024, 0, 0); /* old bytes everywhere but the first header, which reads 0 */

    /* a record of 28 bytes at 0, aligned to 32: step 5 zeroes the next header [32, 40), then touch ahead stores the
       word at ((32 + 8 + 63) & ~63) = 64 and nothing else: the gap bytes [28, 32) and [40, 64) keep their old bytes */
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 20, 0));
    CHECK_EQ_LL(32, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(-1, first_byte_not(data, 28, 32, TOUCH_OLD_BYTE));
    CHECK_EQ_LL(-1, first_free_byte_not_as_touched(data, 1024, 32, 0, 64));

    /* the next record, at 32: its next header [64, 72) is the word touched, and its claim stores it all the same (step
       5 on every claim: a marker, which a real ring never holds there, does not survive it); then the word at 128 */
    memset(data + 64, 0x5A, 8);
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 2, 20, 1));
    CHECK_EQ_LL(64, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(-1, first_byte_not(data, 60, 64, TOUCH_OLD_BYTE));
    CHECK_EQ_LL(-1, first_free_byte_not_as_touched(data, 1024, 64, 0, 128));

    /* a claim committed: 108 bytes at 64, aligned to 112 (tail 176, the word at 128 now in its body); nothing touched
       until the commit, then the word at 192 */
    uint8_t *body = NULL;
    int32_t body_index = ringway_producer_try_claim(&producer, 3, 100, &body);
    CHECK_EQ_LL(72, body_index);
    fill_body(body, 100, 2);
    CHECK_EQ_LL(-1, first_free_byte_not_as_touched(data, 1024, 176, 0, NOTHING_TOUCHED));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_commit(&producer, body_index));
    CHECK_EQ_LL(176, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(-1, first_byte_not(data, 172, 176, TOUCH_OLD_BYTE));
    CHECK_EQ_LL(-1, first_free_byte_not_as_touched(data, 1024, 176, 0, 192));

    /* a claim aborted: 28 bytes at 176 (tail 208); touched after the abort, the word at 256 */
    body_index = ringway_producer_try_claim(&producer, 9, 20, &body);
    CHECK_EQ_LL(184, body_index);
    CHECK_EQ_LL(-1, first_free_byte_not_as_touched(data, 1024, 208, 0, NOTHING_TOUCHED));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_abort(&producer, body_index));
    CHECK_EQ_LL(208, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(-1, first_free_byte_not_as_touched(data, 1024, 208, 0, 256));

    /* records of 44 bytes at 208 (tail 256, the word at 320) and of 120 bytes at 256: it ends at 376, 8 bytes before
       the end of its line, so line-start padding follows it (LAYOUT 6.1 step 5a): the tail at 384, the word touched at
       lineEnd(384 + 8) = 448. A tail 8 bytes before the end of a line is left only when the head cache has no room
       for the padding, and then none for a word after the next header either */
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 4, 36, 3));
    CHECK_EQ_LL(256, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(-1, first_byte_not(data, 252, 256, TOUCH_OLD_BYTE));
    CHECK_EQ_LL(-1, first_free_byte_not_as_touched(data, 1024, 256, 0, 320));
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 5, 112, 4));
    CHECK_EQ_LL(384, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(RINGWAY_PADDING_TYPE_ID, ((ringway_record_header_t *)(void *)(data + 376))->type_id);
    CHECK_EQ_LL(RINGWAY_RECORD_HEADER_LENGTH, ((ringway_record_header_t *)(void *)(data + 376))->length);
    CHECK_EQ_LL(-1, first_free_byte_not_as_touched(data, 1024, 384, 0, 448));

    /* the records are delivered whole, the aborted one skipped, and nothing past them */
    const int32_t body_lengths[] = { 20, 20, 100, 36, 112 };
    seeded_log_t log = { .body_lengths = body_lengths, .count = 5, .first_mismatch = -1 };
    CHECK_EQ_LL(5, ringway_consumer_poll(&consumer, check_seeded, &log, 10));
    CHECK_EQ_LL(-1, log.first_mismatch);
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, check_seeded, &log, 10));
    CHECK_EQ_LL(384, ringway_consumer_position(&consumer));
    ringway_consumer_close(&consumer);
    ringway_producer_close(&producer);
    ringway_channel_delete(&channel);
}

static void shouldTouchAheadOnceAtTheEndOfABatchAndAfterEveryOffer(void)
{
    ringway_channel_t batched;
    ringway_channel_t offered;
    CHECK_EQ_LL(RINGWAY_OK,
        create_channel(&batched, test_path("touch-ahead-batched.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    CHECK_EQ_LL(RINGWAY_OK,
        create_channel(&offered, test_path("touch-ahead-offered.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t batch_producer;
    ringway_producer_t offer_producer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&batch_producer, &batched));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&offer_producer, &offered));
    fill_free_space(batched.ring_data, 1024, 0, 0);
    fill_free_space(offered.ring_data, 1024, 0, 0);
    uint8_t bodies[3][28];
    ringway_message_t batch[3];
    const int32_t body_lengths[] = { 20, 28, 20 };
    for (int i = 0; i < 3; i++)
    {
        fill_body(bodies[i], body_lengths[i], i);
        batch[i] = (ringway_message_t){ .type_id = i + 1, .body_length = body_lengths[i], .body = bodies[i] };
    }

    /* records of 28 bytes at 0, 36 at 32 and 28 at 72: one run to the tail 104, then the word at 128 is touched */
    size_t written = 0;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_offer_batch(&batch_producer, batch, 3, &written));
    CHECK_EQ_LL(3, written);
    CHECK_EQ_LL(104, ringway_channel_producer_position(&batched));
    CHECK_EQ_LL(-1, first_free_byte_not_as_touched(batched.ring_data, 1024, 104, 0, 128));
    CHECK_EQ_LL(-1, first_byte_not(batched.ring_data, 68, 72, TOUCH_OLD_BYTE)); /* the second record's gap bytes */

    /* offers touch after each record: the word at 64 after the first one, which the second record covers but for its
       gap bytes [68, 72), and the word at 128 after the second and the third */
    for (int i = 0; i < 3; i++)
    {
        CHECK_EQ_LL(RINGWAY_OK, ringway_producer_offer(&offer_producer, batch[i].type_id, batch[i].body,
            batch[i].body_length));
    }
    CHECK_EQ_LL(104, ringway_channel_producer_position(&offered));
    CHECK_EQ_LL(-1, first_free_byte_not_as_touched(offered.ring_data, 1024, 104, 0, 128));
    CHECK_EQ_LL(-1, first_byte_not(offered.ring_data, 68, 72, 0));

    /* every other byte is the same in both rings */
    CHECK(memcmp(batched.ring_data, offered.ring_data, 68) == 0);
    CHECK(memcmp(batched.ring_data + 72, offered.ring_data + 72, 1024 - 72) == 0);
    ringway_producer_close(&batch_producer);
    ringway_producer_close(&offer_producer);
    ringway_channel_delete(&batched);
    ringway_channel_delete(&offered);
}

#define TOUCH_BY_OFFER 0
#define TOUCH_BY_TRY_CLAIM 1
#define TOUCH_BY_BATCH 2

/*
 * A claim refused at the wrap (LAYOUT 6.1 step 2) pads to the end of the data area, moves the tail to the next lap and
 * stores the head into the cache, so the word it lets the producer touch was not touched after the last commit
 */
static void touch_ahead_after_a_claim_refused_at_the_wrap(int operation)
{
    static const char *const paths[] = { "touch-ahead-refused-offer.ringway", "touch-ahead-refused-claim.ringway",
        "touch-ahead-refused-batch.ringway" };
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path(paths[operation]), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    uint8_t *data = channel.ring_data;
    int32_t body_lengths[30];
    for (int seed = 0; seed < 30; seed++)
    {
        body_lengths[seed] = 24; /* records of 32 bytes, no gap bytes */
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, 24, seed));
    }
    seeded_log_t log = { .body_lengths = body_lengths, .count = 30, .first_mismatch = -1 };
    CHECK_EQ_LL(4, ringway_consumer_poll(&consumer, check_seeded, &log, 4));
    CHECK_EQ_LL(960, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(128, ringway_consumer_position(&consumer));
    CHECK_EQ_LL(0, channel.trailer->head_cache_position); /* no claim needed the head yet */
    /* after the last commit nothing was touched: the word at lineEnd(960 + 8) = 1024 ends past the data area */
    fill_free_space(data, 1024, 960, 128);

    /* 128 bytes (a record of 136, 144 with the next header): room for them (1024 - (960 - 128) = 192), but neither
       before the end of the data area (64) nor before the head's index (128) at the start; the claim loads the head
       (head cache 128), pads [960, 1024) and moves the tail to 1024, and is refused */
    uint8_t body[128];
    fill_body(body, 128, 99);
    int result = RINGWAY_OK;
    if (operation == TOUCH_BY_OFFER)
    {
        result = ringway_producer_offer(&producer, 99, body, 128);
    }
    else if (operation == TOUCH_BY_TRY_CLAIM)
    {
        uint8_t *claimed_body = NULL;
        result = ringway_producer_try_claim(&producer, 99, 128, &claimed_body);
    }
    else
    {
        const ringway_message_t message = { .type_id = 99, .body_length = 128, .body = body };
        size_t written = 99;
        result = ringway_producer_offer_batch(&producer, &message, 1, &written);
        CHECK_EQ_LL(0, written);
    }
    CHECK_EQ_LL(RINGWAY_E_RING_FULL, result);
    CHECK_EQ_LL(1024, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(128, channel.trailer->head_cache_position);
    CHECK_EQ_LL(64, ringway_get_int32_plain(&((ringway_record_header_t *)(void *)(data + 960))->length));
    /* touched after the refusal: the word at lineEnd(1024 + 8) = 1088 (index 64), below 128 + 1024 */
    CHECK_EQ_LL(-1, first_free_byte_not_as_touched(data, 1024, 1024, 128, 1088));

    CHECK_EQ_LL(26, ringway_consumer_poll(&consumer, check_seeded, &log, 100));
    CHECK_EQ_LL(-1, log.first_mismatch);
    CHECK_EQ_LL(1024, ringway_consumer_position(&consumer));
    ringway_consumer_close(&consumer);
    ringway_producer_close(&producer);
    ringway_channel_delete(&channel);
}

static void shouldTouchAheadAfterAClaimRefusedForBackPressure(void)
{
    touch_ahead_after_a_claim_refused_at_the_wrap(TOUCH_BY_OFFER);
    touch_ahead_after_a_claim_refused_at_the_wrap(TOUCH_BY_TRY_CLAIM);
    touch_ahead_after_a_claim_refused_at_the_wrap(TOUCH_BY_BATCH);
}

/* touch ahead stops at headCachePosition + capacity: the word is touched when it ends there, never past it */
static void never_touch_ahead_past_the_head_cache(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK,
        create_channel(&channel, test_path("touch-ahead-head.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    uint8_t *data = channel.ring_data;
    int32_t body_lengths[64];
    body_lengths[0] = 0; /* a record of 8 bytes, so that the head is 8 past a line */
    for (int i = 1; i < 64; i++)
    {
        body_lengths[i] = 24; /* records of 32 bytes, no gap bytes */
    }
    seeded_log_t log = { .body_lengths = body_lengths, .count = 64, .first_mismatch = -1 };
    int seed = 0;
    for (; seed < 17; seed++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, body_lengths[seed], seed));
    }
    CHECK_EQ_LL(17, ringway_consumer_poll(&consumer, check_seeded, &log, 100));
    CHECK_EQ_LL(520, ringway_consumer_position(&consumer));

    /* head 520, without polling: records to 1000, padding to 1024 (the claim needs the head: cache 520), records to
       1472 */
    for (; ringway_channel_producer_position(&channel) < 1472; seed++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, 24, seed));
    }
    CHECK_EQ_LL(1472, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(520, channel.trailer->head_cache_position);
    fill_free_space(data, 1024, 1472, 520);

    /* a record at 1472: tail 1504, and the word at lineEnd(1504 + 8) = 1536 (index 512) ends at 520 + 1024: touched */
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, 24, seed));
    seed++;
    CHECK_EQ_LL(1504, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(-1, first_free_byte_not_as_touched(data, 1024, 1504, 520, 1536));

    /* a record at 1504: tail 1536, whose next header fills the free space; the word at lineEnd(1536 + 8) = 1600 would
       end past 520 + 1024, in the body of the unread record at 552 (index 576): not touched, after the commit nor
       after the next offer, refused */
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, 24, seed));
    seed++;
    CHECK_EQ_LL(1536, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(RINGWAY_E_RING_FULL, offer_seeded(&producer, seed + 1, 24, seed));
    CHECK_EQ_LL(520, channel.trailer->head_cache_position);
    CHECK_EQ_LL(-1, first_free_byte_not_as_touched(data, 1024, 1536, 520, NOTHING_TOUCHED));

    /* every unread record is delivered whole */
    CHECK_EQ_LL(seed - 17, ringway_consumer_poll(&consumer, check_seeded, &log, 100));
    CHECK_EQ_LL(-1, log.first_mismatch);
    CHECK_EQ_LL(seed, log.delivered);
    CHECK_EQ_LL(1536, ringway_consumer_position(&consumer));
    ringway_consumer_close(&consumer);
    ringway_producer_close(&producer);
    ringway_channel_delete(&channel);
}

/* touch ahead stops at the end of the data area: a next header in its last line touches nothing in the next lap */
static void never_touch_ahead_past_the_end_of_the_data_area(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK,
        create_channel(&channel, test_path("touch-ahead-end.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    uint8_t *data = channel.ring_data;
    int32_t body_lengths[64];
    for (int i = 0; i < 64; i++)
    {
        body_lengths[i] = 24; /* records of 32 bytes, no gap bytes */
    }
    seeded_log_t log = { .body_lengths = body_lengths, .count = 64, .first_mismatch = -1 };
    int seed = 0;
    for (; seed < 31; seed++) /* to back-pressure: tail 992 */
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, 24, seed));
    }
    CHECK_EQ_LL(31, ringway_consumer_poll(&consumer, check_seeded, &log, 100));
    for (; seed < 62; seed++) /* one exactly to the end, 30 more: tail 1984 */
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, 24, seed));
    }
    CHECK_EQ_LL(1984, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(31, ringway_consumer_poll(&consumer, check_seeded, &log, 100));
    fill_free_space(data, 1024, 1984, 1984);

    /* a record at 1984 (index 960) needs the head: cache 1984, which would let a word up to 3008 be touched; the end of
       the data area (2048) does not: the word at lineEnd(2016 + 8) = 2048 (index 0 of the next lap) ends past it */
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, 24, seed));
    seed++;
    CHECK_EQ_LL(2016, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(1984, channel.trailer->head_cache_position);
    CHECK_EQ_LL(-1, first_free_byte_not_as_touched(data, 1024, 2016, 1984, NOTHING_TOUCHED));

    /* a record exactly to the end: its next header at index 0 of the next lap, the word at lineEnd(2048 + 8) = 2112 */
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, 24, seed));
    seed++;
    CHECK_EQ_LL(2048, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(-1, first_free_byte_not_as_touched(data, 1024, 2048, 1984, 2112));

    CHECK_EQ_LL(2, ringway_consumer_poll(&consumer, check_seeded, &log, 100));
    CHECK_EQ_LL(-1, log.first_mismatch);
    CHECK_EQ_LL(64, log.delivered);
    ringway_consumer_close(&consumer);
    ringway_producer_close(&producer);
    ringway_channel_delete(&channel);
}

static void shouldNeverTouchAheadPastTheHeadCacheOrTheEndOfTheDataArea(void)
{
    never_touch_ahead_past_the_head_cache();
    never_touch_ahead_past_the_end_of_the_data_area();
}

/* LAYOUT 11 and 6.1 step 9: a tail that a stray write moved behind the head, which every claim refuses, touches
   nothing; the unread records that the word after it would hit are delivered whole */
static void touch_nothing_when_the_tail_was_moved_behind_the_head(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK,
        create_channel(&channel, test_path("touch-ahead-tail-behind.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    int32_t body_lengths[60];
    for (int i = 0; i < 60; i++)
    {
        body_lengths[i] = 24; /* records of 32 bytes */
    }
    seeded_log_t log = { .body_lengths = body_lengths, .count = 60, .first_mismatch = -1 };
    int seed = 0;
    for (; seed < 30; seed++) /* tail 960, all read: head 960 */
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, 24, seed));
    }
    CHECK_EQ_LL(30, ringway_consumer_poll(&consumer, check_seeded, &log, 100));
    for (; seed < 60; seed++) /* unread records from 960 to the tail at 1920; the head cache 960 */
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, 24, seed));
    }
    CHECK_EQ_LL(960, channel.trailer->head_cache_position);
    uint8_t before[1024];
    memcpy(before, channel.ring_data, sizeof before);

    /* the tail moved to 896: no room, and the word at lineEnd(896 + 8) = 960 is the header of the unread record at
       the head */
    channel.trailer->tail_position = 896;
    CHECK_EQ_LL(RINGWAY_E_RING_FULL, offer_seeded(&producer, 61, 24, 60));
    CHECK_EQ_LL(0, memcmp(before, channel.ring_data, sizeof before));

    channel.trailer->tail_position = 1920;
    CHECK_EQ_LL(30, ringway_consumer_poll(&consumer, check_seeded, &log, 100));
    CHECK_EQ_LL(-1, log.first_mismatch);
    CHECK_EQ_LL(60, log.delivered);
    ringway_consumer_close(&consumer);
    ringway_producer_close(&producer);
    ringway_channel_delete(&channel);
}

/* LAYOUT 11 and 6.1 step 9: a head cache that a stray write changed between a claim and its commit is not one this
   handle checked: the commit touches nothing, not the unread record at the head that the changed cache would allow */
static void touch_nothing_when_the_head_cache_changed_between_a_claim_and_its_commit(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK,
        create_channel(&channel, test_path("touch-ahead-stray-cache.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    int32_t body_lengths[48];
    for (int i = 0; i < 48; i++)
    {
        body_lengths[i] = 24; /* records of 32 bytes */
    }
    body_lengths[47] = 8; /* the claim */
    seeded_log_t log = { .body_lengths = body_lengths, .count = 48, .first_mismatch = -1 };
    int seed = 0;
    for (; seed < 16; seed++) /* tail 512, all read: head 512 */
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, 24, seed));
    }
    CHECK_EQ_LL(16, ringway_consumer_poll(&consumer, check_seeded, &log, 100));
    for (; seed < 47; seed++) /* unread records from 512 to the tail at 1504: 32 bytes left, the head cache 512 */
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, 24, seed));
    }
    CHECK_EQ_LL(512, channel.trailer->head_cache_position);

    /* a claim of 8 bytes (record 16 at 1504, tail 1520); then the cache is moved to 1504: a word up to 2528 would pass
       it, and the word at lineEnd(1520 + 8) = 1536 is index 512, the header of the unread record at the head */
    uint8_t *body = NULL;
    const int32_t index = ringway_producer_try_claim(&producer, 48, 8, &body);
    CHECK(index >= 0);
    for (int32_t i = 0; i < 8; i++)
    {
        body[i] = (uint8_t)(47 * 31 + i); /* as offer_seeded fills seed 47 */
    }
    uint8_t before[1024];
    memcpy(before, channel.ring_data, sizeof before);
    channel.trailer->head_cache_position = 1504;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_commit(&producer, index));
    memcpy(before + 480, channel.ring_data + 480, 4); /* the commit's length */
    CHECK_EQ_LL(0, memcmp(before, channel.ring_data, sizeof before));

    channel.trailer->head_cache_position = 512;
    CHECK_EQ_LL(32, ringway_consumer_poll(&consumer, check_seeded, &log, 100));
    CHECK_EQ_LL(-1, log.first_mismatch);
    CHECK_EQ_LL(48, log.delivered);
    ringway_consumer_close(&consumer);
    ringway_producer_close(&producer);
    ringway_channel_delete(&channel);
}

static void shouldTouchNothingWhenAStrayWriteMovedTheTailBehindTheHeadOrChangedTheHeadCache(void)
{
    touch_nothing_when_the_tail_was_moved_behind_the_head();
    touch_nothing_when_the_head_cache_changed_between_a_claim_and_its_commit();
}

/* MPSC producers do not touch ahead (their consumer zeroes what it consumed, LAYOUT 7 step 3) */
static void shouldNeverTouchAheadOnAnMpscRing(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK,
        create_channel(&channel, test_path("touch-ahead-mpsc.ringway"), RINGWAY_RING_KIND_MPSC, 1024));
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    uint8_t *data = channel.ring_data;
    memset(data + RINGWAY_RECORD_HEADER_LENGTH, TOUCH_OLD_BYTE, 1024 - RINGWAY_RECORD_HEADER_LENGTH);

    /* an offer (a record of 28 bytes at 0), a commit (at 32) and an abort (at 64): no byte past a record is stored */
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 20, 0));
    CHECK_EQ_LL(-1, first_byte_not(data, 28, 1024, TOUCH_OLD_BYTE));
    uint8_t *body = NULL;
    int32_t body_index = ringway_producer_try_claim(&producer, 2, 20, &body);
    CHECK_EQ_LL(40, body_index);
    fill_body(body, 20, 1);
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_commit(&producer, body_index));
    CHECK_EQ_LL(-1, first_byte_not(data, 60, 1024, TOUCH_OLD_BYTE));
    body_index = ringway_producer_try_claim(&producer, 3, 20, &body);
    CHECK_EQ_LL(72, body_index);
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_abort(&producer, body_index));
    CHECK_EQ_LL(96, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(-1, first_byte_not(data, 72, 1024, TOUCH_OLD_BYTE));
    ringway_producer_close(&producer);
    ringway_channel_delete(&channel);
}

/* ---------------------------------------------------------------------------------------------------------------- */
/* SPSC line-start padding (LAYOUT 6.1 step 5a)                                                                     */
/* ---------------------------------------------------------------------------------------------------------------- */

/** @return whether the record header at index reads length and type_id (0 and 0: a pre-zeroed header). */
static bool header_is(const uint8_t *data, int32_t index, int32_t length, int32_t type_id)
{
    const ringway_record_header_t *record = (const ringway_record_header_t *)(const void *)(data + index);
    return record->length == length && record->type_id == type_id;
}

/** @return whether the record header at index is line-start padding: 8 bytes, type id -1. */
static bool is_line_start_padding(const uint8_t *data, int32_t index)
{
    return header_is(data, index, RINGWAY_RECORD_HEADER_LENGTH, RINGWAY_PADDING_TYPE_ID);
}

static void shouldPadAnSpscOfferThatEndsEightBytesBeforeTheEndOfACacheLine(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK,
        create_channel(&channel, test_path("line-padding-offer.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    uint8_t *data = channel.ring_data;
    fill_free_space(data, 1024, 0, 0); /* old bytes everywhere but the first header, so that a pre-zeroed one shows */
    const int32_t body_lengths[] = { 32, 32, 32, 32 };
    seeded_log_t log = { .body_lengths = body_lengths, .count = 4, .first_mismatch = -1 };

    /* records of 40 bytes at 0, 40 and 80: the third ends at 120, 56 mod 64, so an 8-byte padding record follows it
       at 120, the tail is 128 and the header at 128 is pre-zeroed */
    for (int seed = 0; seed < 3; seed++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, 32, seed));
        CHECK(header_is(data, 40 * seed, 40, seed + 1));
    }
    CHECK_EQ_LL(128, ringway_channel_producer_position(&channel));
    CHECK(is_line_start_padding(data, 120));
    CHECK(header_is(data, 128, 0, 0));

    /* the consumer delivers the three messages, not the padding */
    CHECK_EQ_LL(3, ringway_consumer_poll(&consumer, check_seeded, &log, 10));
    CHECK_EQ_LL(-1, log.first_mismatch);
    CHECK_EQ_LL(128, ringway_consumer_position(&consumer));
    CHECK_EQ_LL(3, ringway_channel_messages_consumed(&channel));

    /* the fourth record starts the next cache line */
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 4, 32, 3));
    CHECK(header_is(data, 128, 40, 4));
    CHECK_EQ_LL(168, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, check_seeded, &log, 10));
    CHECK_EQ_LL(-1, log.first_mismatch);
    ringway_consumer_close(&consumer);
    ringway_producer_close(&producer);
    ringway_channel_delete(&channel);

    /* MPSC claims are not padded: the same offers put the fourth record at 120 */
    CHECK_EQ_LL(RINGWAY_OK,
        create_channel(&channel, test_path("line-padding-mpsc.ringway"), RINGWAY_RING_KIND_MPSC, 1024));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    for (int seed = 0; seed < 4; seed++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, 32, seed));
    }
    CHECK(header_is(channel.ring_data, 120, 40, 4));
    CHECK_EQ_LL(160, ringway_channel_producer_position(&channel));
    ringway_producer_close(&producer);
    ringway_channel_delete(&channel);
}

/**
 * Offers seeds 0 to 14 with the body lengths given, polls the first (the head then at its end; the head cache stays
 * 0, no claim needed the head), then offers seed 15, a record of 56 bytes. @return the tail position after it.
 */
static int64_t offer_fifteen_poll_one_then_a_record_of_56(ringway_channel_t *channel, const char *name,
    const int32_t *body_lengths, int64_t expected_head_position)
{
    int64_t tail_position = -1;
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    if (create_channel(channel, test_path(name), RINGWAY_RING_KIND_SPSC, 1024) != RINGWAY_OK ||
        ringway_producer_attach(&producer, channel) != RINGWAY_OK ||
        ringway_consumer_attach(&consumer, channel) != RINGWAY_OK)
    {
        return tail_position;
    }
    seeded_log_t log = { .body_lengths = body_lengths, .count = 16, .first_mismatch = -1 };
    bool offered = true;
    for (int seed = 0; seed < 15; seed++)
    {
        offered = offered && offer_seeded(&producer, seed + 1, body_lengths[seed], seed) == RINGWAY_OK;
    }
    if (offered && ringway_consumer_poll(&consumer, check_seeded, &log, 1) == 1 && log.first_mismatch < 0 &&
        ringway_consumer_position(&consumer) == expected_head_position &&
        channel->trailer->head_cache_position == 0 && offer_seeded(&producer, 16, body_lengths[15], 15) == RINGWAY_OK)
    {
        tail_position = ringway_channel_producer_position(channel);
        /* whatever the padding, the other 15 are delivered, and nothing past them */
        if (ringway_consumer_poll(&consumer, check_seeded, &log, 100) != 15 || log.first_mismatch >= 0 ||
            ringway_consumer_position(&consumer) != tail_position)
        {
            tail_position = -2;
        }
    }
    ringway_consumer_close(&consumer);
    ringway_producer_close(&producer);
    return tail_position;
}

/*
 * The padding takes 8 more bytes than the claim, which keeps 8 free for the next header: it is written only when the
 * head the claim holds leaves 16 bytes after the record (newTail + 16 <= head + C), and the claim never loads the head
 * for it.
 */
static void shouldPadOnlyWhenTheHeadTheClaimHoldsLeavesRoomForThePaddingAndTheNextHeader(void)
{
    ringway_channel_t channel;
    /* records of 72 and 72 bytes, then 13 of 64 (to 976), the first polled: the head at 72. The record of 56 needs the
       head (the cache 0 leaves 48 bytes), pads [976, 1024) and goes to index 0: it ends at 1080, 56 mod 64, and the
       head leaves exactly 16 bytes after it: padding at index 56, the tail at 1088, the next header at index 64 */
    const int32_t padded_lengths[16] = { 64, 64, 56, 56, 56, 56, 56, 56, 56, 56, 56, 56, 56, 56, 56, 48 };
    CHECK_EQ_LL(1088, offer_fifteen_poll_one_then_a_record_of_56(&channel, "line-padding-room.ringway", padded_lengths,
        72));
    CHECK_EQ_LL(72, channel.trailer->head_cache_position);
    CHECK(header_is(channel.ring_data, 976, 48, RINGWAY_PADDING_TYPE_ID)); /* the wrap's padding */
    CHECK(header_is(channel.ring_data, 0, 56, 16));
    CHECK(is_line_start_padding(channel.ring_data, 56));
    CHECK(header_is(channel.ring_data, 64, 0, 0));
    ringway_channel_delete(&channel);

    /* records of 64 and 80 bytes first: the head at 64 leaves 8 bytes after the record of 56, as the claim needs, but
       not 16: no padding, the tail at 1080 and the next header at index 56 */
    const int32_t unpadded_lengths[16] = { 56, 72, 56, 56, 56, 56, 56, 56, 56, 56, 56, 56, 56, 56, 56, 48 };
    CHECK_EQ_LL(1080, offer_fifteen_poll_one_then_a_record_of_56(&channel, "line-padding-no-room.ringway",
        unpadded_lengths, 64));
    CHECK_EQ_LL(64, channel.trailer->head_cache_position);
    CHECK(header_is(channel.ring_data, 0, 56, 16));
    CHECK(header_is(channel.ring_data, 56, 0, 0));
    ringway_channel_delete(&channel);

    /* 15 records of 64 bytes, the first polled: the head at 64, the cache 0. The record of 56 at 960 fits what the
       cache leaves, so the claim does not load the head, and ends at 1016, 56 mod 64, with 8 bytes left by the cache
       (the head would leave 72): no padding, the tail at 1016 and the next header at 1016 */
    const int32_t cached_lengths[16] = { 56, 56, 56, 56, 56, 56, 56, 56, 56, 56, 56, 56, 56, 56, 56, 48 };
    CHECK_EQ_LL(1016, offer_fifteen_poll_one_then_a_record_of_56(&channel, "line-padding-cached.ringway",
        cached_lengths, 64));
    CHECK_EQ_LL(0, channel.trailer->head_cache_position);
    CHECK(header_is(channel.ring_data, 960, 56, 16));
    CHECK(header_is(channel.ring_data, 1016, 0, 0));
    ringway_channel_delete(&channel);
}

static void shouldPadAnSpscClaimThatEndsEightBytesBeforeTheEndOfACacheLineWhetherCommittedOrAborted(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK,
        create_channel(&channel, test_path("line-padding-claim.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    uint8_t *data = channel.ring_data;
    fill_free_space(data, 1024, 0, 0);
    const int32_t body_lengths[] = { 32, 32, 32, 32, 32, 32, 32 };
    seeded_log_t log = { .body_lengths = body_lengths, .count = 7, .first_mismatch = -1 };

    /* claims of 40 bytes at 0, 40 and 80, committed: the third is padded from its claim on, before its commit */
    uint8_t *body = NULL;
    for (int seed = 0; seed < 3; seed++)
    {
        const int32_t body_index = ringway_producer_try_claim(&producer, seed + 1, 32, &body);
        CHECK_EQ_LL(40 * seed + RINGWAY_RECORD_HEADER_LENGTH, body_index);
        fill_body(body, 32, seed);
        if (seed == 2)
        {
            CHECK_EQ_LL(128, ringway_channel_producer_position(&channel));
            CHECK(header_is(data, 80, -40, 3));
            CHECK(is_line_start_padding(data, 120));
            CHECK(header_is(data, 128, 0, 0));
            CHECK_EQ_LL(2, ringway_consumer_poll(&consumer, check_seeded, &log, 10)); /* stopped at the claim */
        }
        CHECK_EQ_LL(RINGWAY_OK, ringway_producer_commit(&producer, body_index));
    }
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, check_seeded, &log, 10));
    CHECK_EQ_LL(128, ringway_consumer_position(&consumer));

    /* claims at 128 and 168, committed, and at 208, aborted: it ends at 248, 56 mod 64, and is padded all the same */
    for (int seed = 3; seed < 6; seed++)
    {
        const int32_t body_index = ringway_producer_try_claim(&producer, seed + 1, 32, &body);
        CHECK_EQ_LL(128 + 40 * (seed - 3) + RINGWAY_RECORD_HEADER_LENGTH, body_index);
        fill_body(body, 32, seed);
        CHECK_EQ_LL(RINGWAY_OK, seed < 5 ? ringway_producer_commit(&producer, body_index) :
            ringway_producer_abort(&producer, body_index));
    }
    CHECK_EQ_LL(256, ringway_channel_producer_position(&channel));
    CHECK(header_is(data, 208, 40, RINGWAY_PADDING_TYPE_ID)); /* the aborted record */
    CHECK(is_line_start_padding(data, 248));
    CHECK(header_is(data, 256, 0, 0));
    CHECK_EQ_LL(2, ringway_consumer_poll(&consumer, check_seeded, &log, 10));
    CHECK_EQ_LL(256, ringway_consumer_position(&consumer));

    /* the next record starts the next cache line; seed 5 was aborted, so the log expects this one as seed 5 */
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 6, 32, 5));
    CHECK(header_is(data, 256, 40, 6));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, check_seeded, &log, 10));
    CHECK_EQ_LL(-1, log.first_mismatch);
    CHECK_EQ_LL(6, log.delivered);
    ringway_consumer_close(&consumer);
    ringway_producer_close(&producer);
    ringway_channel_delete(&channel);
}

static void shouldPadAfterTheEndOfAnSpscRunButNotAfterTheRecordsInsideIt(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK,
        create_channel(&channel, test_path("line-padding-run.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    uint8_t *data = channel.ring_data;
    fill_free_space(data, 1024, 0, 0);
    int32_t body_lengths[12];
    uint8_t bodies[11][32];
    ringway_message_t batch[11];
    for (int seed = 0; seed < 11; seed++)
    {
        body_lengths[seed] = 32;
        fill_body(bodies[seed], 32, seed);
        batch[seed] = (ringway_message_t){ .type_id = seed + 1, .body_length = 32, .body = bodies[seed] };
    }
    body_lengths[11] = 32;

    /* 11 records of 40 bytes, one run from 0 to 440: the third ends at 120, 56 mod 64, and the fourth follows it
       there; the run ends at 440, 56 mod 64, and is followed by padding: the tail at 448, the header there zero */
    size_t written = 0;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_offer_batch(&producer, batch, 11, &written));
    CHECK_EQ_LL(11, written);
    for (int seed = 0; seed < 11; seed++)
    {
        CHECK(header_is(data, 40 * seed, 40, seed + 1));
    }
    CHECK(is_line_start_padding(data, 440));
    CHECK_EQ_LL(448, ringway_channel_producer_position(&channel));
    CHECK(header_is(data, 448, 0, 0));

    seeded_log_t log = { .body_lengths = body_lengths, .count = 12, .first_mismatch = -1 };
    CHECK_EQ_LL(11, ringway_consumer_poll(&consumer, check_seeded, &log, 100));
    CHECK_EQ_LL(-1, log.first_mismatch);
    CHECK_EQ_LL(448, ringway_consumer_position(&consumer));
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 12, 32, 11));
    CHECK(header_is(data, 448, 40, 12));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, check_seeded, &log, 100));
    CHECK_EQ_LL(-1, log.first_mismatch);
    ringway_consumer_close(&consumer);
    ringway_producer_close(&producer);
    ringway_channel_delete(&channel);
}

/*
 * A run that loads the head only to find how many of its records fit, and then fits what the head cache leaves, holds
 * the cache (LAYOUT 6.1 "Runs" step 1 loads and stores the head only when the cache is too old for the run): its
 * line-start padding is decided by the cache, as the offers of its records would decide theirs, not by that head. A
 * run that needed the head holds the head it stored.
 */
static void shouldDecideTheLineStartPaddingAfterARunByTheHeadItHoldsNotByAHeadLoadedOnlyToShortenIt(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK,
        create_channel(&channel, test_path("line-padding-run-head.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    int32_t body_lengths[30];
    seeded_log_t log = { .body_lengths = body_lengths, .count = 30, .first_mismatch = -1 };
    int seed = 0;

    /* the first lap: 8 records of 64 bytes, polled (the head at 512); one of 8 bytes, 7 of 64 and one of 56 to the end
       of the data area, which needs the head: the cache 512. The record of 8 bytes is polled: the head at 520 */
    for (; seed < 17; seed++)
    {
        body_lengths[seed] = seed == 8 ? 0 : seed == 16 ? 48 : 56;
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, body_lengths[seed], seed));
        if (seed == 7)
        {
            CHECK_EQ_LL(8, ringway_consumer_poll(&consumer, check_seeded, &log, 100));
        }
    }
    CHECK_EQ_LL(1024, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(512, channel.trailer->head_cache_position);
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, check_seeded, &log, 1));
    CHECK_EQ_LL(520, ringway_consumer_position(&consumer));

    /* the second lap: 6 records of 64 bytes and one of 40, to 1448; none needs the head */
    for (; seed < 24; seed++)
    {
        body_lengths[seed] = seed == 23 ? 32 : 56;
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, body_lengths[seed], seed));
    }
    CHECK_EQ_LL(1448, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(512, channel.trailer->head_cache_position);

    /* a batch of 4 records of 40 bytes: the cache leaves 88 bytes, too few for the 4, so the run loads the head (96
       bytes): 2 of them, 80 bytes, which the cache has room for, so the head is not stored. The run ends at 1528, 56
       mod 64: the cache leaves 8 bytes after it, the head would leave 16: no padding, as after offers of the two */
    uint8_t bodies[4][40];
    ringway_message_t batch[4];
    for (int i = 0; i < 4; i++)
    {
        body_lengths[seed + i] = 32;
        fill_body(bodies[i], 32, seed + i);
        batch[i] = (ringway_message_t){ .type_id = seed + i + 1, .body_length = 32, .body = bodies[i] };
    }
    size_t written = 99;
    CHECK_EQ_LL(RINGWAY_E_RING_FULL, ringway_producer_offer_batch(&producer, batch, 4, &written));
    CHECK_EQ_LL(2, written);
    CHECK_EQ_LL(1528, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(512, channel.trailer->head_cache_position);
    CHECK(header_is(channel.ring_data, 504, 0, 0));
    CHECK_EQ_LL(1, ringway_channel_back_pressure_count(&channel));

    CHECK_EQ_LL(17, ringway_consumer_poll(&consumer, check_seeded, &log, 100));
    CHECK_EQ_LL(-1, log.first_mismatch);
    CHECK_EQ_LL(1528, ringway_consumer_position(&consumer));

    /* a batch of 4 records of 48 bytes, which the cache has no room for: the run loads and stores the head (1528) and
       holds it; it ends at 1720 (index 696), 56 mod 64, with room: padded, the tail at 1728 */
    seed += 2;
    for (int i = 0; i < 4; i++)
    {
        body_lengths[seed + i] = 40;
        fill_body(bodies[i], 40, seed + i);
        batch[i] = (ringway_message_t){ .type_id = seed + i + 1, .body_length = 40, .body = bodies[i] };
    }
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_offer_batch(&producer, batch, 4, &written));
    CHECK_EQ_LL(4, written);
    CHECK_EQ_LL(1528, channel.trailer->head_cache_position);
    CHECK(is_line_start_padding(channel.ring_data, 696));
    CHECK_EQ_LL(1728, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(4, ringway_consumer_poll(&consumer, check_seeded, &log, 100));
    CHECK_EQ_LL(-1, log.first_mismatch);
    CHECK_EQ_LL(1728, ringway_consumer_position(&consumer));
    ringway_consumer_close(&consumer);
    ringway_producer_close(&producer);
    ringway_channel_delete(&channel);
}

static void shouldPreZeroIndexZeroWhenALineStartPaddingEndsAtTheEndOfTheDataArea(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK,
        create_channel(&channel, test_path("line-padding-end.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    uint8_t *data = channel.ring_data;
    int32_t body_lengths[34];
    seeded_log_t log = { .body_lengths = body_lengths, .count = 34, .first_mismatch = -1 };
    int seed = 0;

    /* the first lap: 16 records of 64 bytes, the last one to the end of the data area (it needs the head: cache 960) */
    for (; seed < 16; seed++)
    {
        body_lengths[seed] = 56;
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, 56, seed));
        CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, check_seeded, &log, 100));
    }
    CHECK_EQ_LL(1024, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(960, channel.trailer->head_cache_position);

    /* the second lap: a record of 8 bytes at index 0, polled (the head at 1032), then 15 records of 64 bytes to 1992
       (the last needs the head: cache 1032) */
    body_lengths[seed] = 0;
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, 0, seed));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, check_seeded, &log, 100));
    for (seed++; seed < 32; seed++)
    {
        body_lengths[seed] = 56;
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, 56, seed));
    }
    CHECK_EQ_LL(1992, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(1032, channel.trailer->head_cache_position);
    CHECK(header_is(data, 0, 8, 17)); /* the consumed record of 8 bytes */
    memset(channel.trailer->leading_reserved, 0xA5, 8); /* the 8 bytes past the data area, to catch a write there */

    /* a record of 48 bytes at index 968 ends at 2040 (index 1016), 56 mod 64, with 16 bytes left by the head: the
       padding ends at the end of the data area, the tail is 2048 and the next header, at index 0, is pre-zeroed */
    body_lengths[seed] = 40;
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, 40, seed));
    seed++;
    CHECK(header_is(data, 968, 48, 33));
    CHECK(is_line_start_padding(data, 1016));
    CHECK_EQ_LL(2048, ringway_channel_producer_position(&channel));
    CHECK(header_is(data, 0, 0, 0));
    for (int i = 0; i < 8; i++)
    {
        CHECK_EQ_LL(0xA5, channel.trailer->leading_reserved[i]);
    }
    CHECK_EQ_LL(16, ringway_consumer_poll(&consumer, check_seeded, &log, 100));
    CHECK_EQ_LL(2048, ringway_consumer_position(&consumer));

    /* the next record is at index 0 of the next lap */
    body_lengths[seed] = 32;
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, seed + 1, 32, seed));
    CHECK(header_is(data, 0, 40, 34));
    CHECK_EQ_LL(2088, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, check_seeded, &log, 100));
    CHECK_EQ_LL(-1, log.first_mismatch);
    CHECK_EQ_LL(34, log.delivered);
    ringway_consumer_close(&consumer);
    ringway_producer_close(&producer);
    ringway_channel_delete(&channel);
}

/* ---------------------------------------------------------------------------------------------------------------- */
/* a tail moved by a stray write (LAYOUT 11): the room left is computed in 64 bits                                   */
/* ---------------------------------------------------------------------------------------------------------------- */

static void never_write_over_an_unread_record_at_a_far_tail(int32_t ring_kind)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel,
        test_path(ring_kind == RINGWAY_RING_KIND_SPSC ? "far-tail-spsc.ringway" : "far-tail-mpsc.ringway"), ring_kind,
        1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    uint8_t unread[32];
    uint8_t other[32];
    memset(unread, 0x11, sizeof(unread));
    memset(other, 0x22, sizeof(other));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_offer(&producer, 1, unread, (int32_t)sizeof(unread)));

    /* the head is at 0: a distance taken as an int32 would be 8 bytes */
    ringway_put_int64_release(&channel.trailer->tail_position, ((int64_t)1 << 32) + 8);
    CHECK_EQ_LL(RINGWAY_E_RING_FULL, ringway_producer_offer(&producer, 2, other, (int32_t)sizeof(other)));
    uint8_t *body = NULL;
    CHECK_EQ_LL(RINGWAY_E_RING_FULL, ringway_producer_try_claim(&producer, 2, (int32_t)sizeof(other), &body));

    received_t received = { 0 };
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(1, received.type_ids[0]);
    CHECK(memcmp(received.first_bytes[0], unread, 16) == 0);
    ringway_consumer_close(&consumer);
    ringway_producer_close(&producer);
    ringway_channel_close(&channel);
}

/* Java's CorruptTailClaimTest and Go's test of the same name */
static void shouldNeverWriteOverAnUnreadRecordWhenTheTailWasMovedMoreThanACapacityAheadOfTheHead(void)
{
    never_write_over_an_unread_record_at_a_far_tail(RINGWAY_RING_KIND_SPSC);
    never_write_over_an_unread_record_at_a_far_tail(RINGWAY_RING_KIND_MPSC);
}

/* a tail that is not a multiple of 8 (LAYOUT 11): every claim refuses it and writes nothing; Java's
 * CorruptTailClaimTest.offersClaimsAndBatchesShouldRefuseAMisalignedTailAndWriteNothing, Go's
 * TestShouldRefuseToClaimAtAMisalignedTailInsteadOfWritingThere */
static void refuse_a_misaligned_tail(int32_t ring_kind)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel,
        test_path(ring_kind == RINGWAY_RING_KIND_SPSC ? "misaligned-tail-spsc.ringway" : "misaligned-tail-mpsc.ringway"),
        ring_kind, 1024));
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    ringway_put_int64_release(&channel.trailer->tail_position, 3);
    static uint8_t ring_before[1024 + RINGWAY_TRAILER_LENGTH];
    memcpy(ring_before, channel.ring_data, sizeof(ring_before));
    uint8_t body[32];
    memset(body, 0x22, sizeof(body));
    const ringway_message_t batch[2] = {
        { .type_id = 2, .body_length = (int32_t)sizeof(body), .body = body },
        { .type_id = 2, .body_length = 8, .body = body },
    };

    CHECK_EQ_LL(RINGWAY_E_CORRUPT_RECORD, ringway_producer_offer(&producer, 2, body, (int32_t)sizeof(body)));
    CHECK_STR_EQ("tailPosition", ringway_producer_last_error_field(&producer));
    CHECK(strstr(ringway_producer_last_error(&producer), "found=3 expected=a multiple of 8") != NULL);
    uint8_t *claimed = NULL;
    CHECK_EQ_LL(RINGWAY_E_CORRUPT_RECORD, ringway_producer_try_claim(&producer, 2, (int32_t)sizeof(body), &claimed));
    CHECK_STR_EQ("tailPosition", ringway_producer_last_error_field(&producer));
    size_t written = 99;
    CHECK_EQ_LL(RINGWAY_E_CORRUPT_RECORD, ringway_producer_offer_batch(&producer, batch, 2, &written));
    CHECK_EQ_LL(0, written);
    CHECK_STR_EQ("tailPosition", ringway_producer_last_error_field(&producer));

    CHECK(memcmp(ring_before, channel.ring_data, sizeof(ring_before)) == 0); /* nothing written, trailer included */
    CHECK_EQ_LL(0, ringway_channel_back_pressure_count(&channel)); /* a refusal is not back-pressure */
    ringway_producer_close(&producer);
    ringway_channel_close(&channel);
}

static void shouldRefuseToClaimAtAMisalignedTailInsteadOfWritingThere(void)
{
    refuse_a_misaligned_tail(RINGWAY_RING_KIND_SPSC);
    refuse_a_misaligned_tail(RINGWAY_RING_KIND_MPSC);
}

static const test_case_t tests[] = {
    TEST_CASE(shouldDeliverEveryMessageOfABatchInOrderSpsc),
    TEST_CASE(shouldDeliverEveryMessageOfABatchInOrderMpsc),
    TEST_CASE(shouldWriteThePrefixThatFitsWhenTheRingFillsDuringABatch),
    TEST_CASE(shouldLeaveTheBytesOfOneOfferAtATimeWhenSpscBatchesAreWrittenAsRuns),
    TEST_CASE(shouldLeaveTheBytesOfOneOfferAtATimeWhenMpscBatchesAreWrittenAsRuns),
    TEST_CASE(shouldDeliverEveryMessageOnceInProducerOrderWhenThreeThreadsOfferMpscBatches),
    TEST_CASE(shouldDeliverEveryMessageOnceInOrderWhenAThreadOffersSpscBatches),
    TEST_CASE(shouldPreZeroIndexZeroWhenARunEndsExactlyAtTheEndOfTheDataArea),
    TEST_CASE(shouldWriteTheValidPrefixOfABatchAndRefuseTheFirstInvalidMessageWithItsDetail),
    TEST_CASE(shouldWriteTheRunsThatFitAndCountBackPressureOnceWhenABatchOverfillsTheRing),
    TEST_CASE(shouldOfferAndPollSpsc),
    TEST_CASE(shouldOfferAndPollMpsc),
    TEST_CASE(shouldDeliverEmptyBody),
    TEST_CASE(shouldClaimCommitAndPoll),
    TEST_CASE(shouldSkipAbortedClaim),
    TEST_CASE(shouldRefuseCommitOrAbortTwice),
    TEST_CASE(shouldRefuseMessageLongerThanMax),
    TEST_CASE(shouldRefuseTypeIdBelowOne),
    TEST_CASE(shouldWrapAroundSpsc),
    TEST_CASE(shouldWrapAroundMpsc),
    TEST_CASE(shouldWrapAroundWithClaims),
    TEST_CASE(shouldApplyBackPressureExactlyWhenFullSpsc),
    TEST_CASE(shouldApplyBackPressureExactlyWhenFullMpsc),
    TEST_CASE(shouldPublishPaddingWhenClaimFailsAtWrap),
    TEST_CASE(shouldDeliverAtMostLimitMessages),
    TEST_CASE(shouldReturnMinOfLimitAndAvailableAcrossWrap),
    TEST_CASE(shouldCountMessagesConsumed),
    TEST_CASE(shouldReportCorruptLengthWithoutAdvancing),
    TEST_CASE(shouldReportCorruptTypeIdWithoutAdvancing),
    TEST_CASE(shouldReportOversizeRecordAsCorrupt),
    TEST_CASE(shouldStopAPollWhenTheHandlerAsksCountingAndWakingForWhatWasDelivered),
    TEST_CASE(shouldCountAndWakeWhenAPollStopsAtACorruptRecord),
    TEST_CASE(shouldRefuseAPollOfTheSameConsumerFromInsideItsHandlerAndDeliverEveryMessageOnce),
    TEST_CASE(shouldRefuseAPollOfTheSameConsumerFromInsideAHandlerOfItsPollWait),
    TEST_CASE(shouldAllowAPollOfAnotherConsumerFromInsideAHandler),
    TEST_CASE(shouldRefuseACloseOfTheConsumerFromInsideItsHandlerKeepingTheLeaseAndDeliverEveryMessageOnce),
    TEST_CASE(shouldRefuseACloseOfTheChannelFromInsideAHandlerOfItsConsumerKeepingItOpenAndDeliverEveryMessageOnce),
    TEST_CASE(shouldIgnoreAHostilePendingHeadWithoutOverflow),
    TEST_CASE(shouldFinishTheZeroingOfAConsumerKilledWhileZeroing),
    TEST_CASE(shouldNeverWriteOverAnUnreadRecordWhenTheTailWasMovedMoreThanACapacityAheadOfTheHead),
    TEST_CASE(shouldRefuseToClaimAtAMisalignedTailInsteadOfWritingThere),
    TEST_CASE(shouldTouchTheFirstWordOfTheCacheLineAfterTheNextHeaderAfterEveryCommitAndAbort),
    TEST_CASE(shouldTouchAheadOnceAtTheEndOfABatchAndAfterEveryOffer),
    TEST_CASE(shouldTouchAheadAfterAClaimRefusedForBackPressure),
    TEST_CASE(shouldNeverTouchAheadPastTheHeadCacheOrTheEndOfTheDataArea),
    TEST_CASE(shouldTouchNothingWhenAStrayWriteMovedTheTailBehindTheHeadOrChangedTheHeadCache),
    TEST_CASE(shouldNeverTouchAheadOnAnMpscRing),
    TEST_CASE(shouldPadAnSpscOfferThatEndsEightBytesBeforeTheEndOfACacheLine),
    TEST_CASE(shouldPadOnlyWhenTheHeadTheClaimHoldsLeavesRoomForThePaddingAndTheNextHeader),
    TEST_CASE(shouldPadAnSpscClaimThatEndsEightBytesBeforeTheEndOfACacheLineWhetherCommittedOrAborted),
    TEST_CASE(shouldPadAfterTheEndOfAnSpscRunButNotAfterTheRecordsInsideIt),
    TEST_CASE(shouldPreZeroIndexZeroWhenALineStartPaddingEndsAtTheEndOfTheDataArea),
    TEST_CASE(shouldDecideTheLineStartPaddingAfterARunByTheHeadItHoldsNotByAHeadLoadedOnlyToShortenIt),
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, tests, (int)(sizeof(tests) / sizeof(tests[0])));
}
