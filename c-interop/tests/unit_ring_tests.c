/*
 * Unit tests of ringway.h, the rings: offer, claim, commit, abort and poll on SPSC and MPSC rings (LAYOUT 6, 7),
 * wrap-around, back-pressure exactly when full, padding on a refused wrap, batch limits, corrupt records reported
 * without advancing, a poll the handler stops; the MPSC consumer's zeroing finished after it died (LAYOUT 7.2).
 * One test per behaviour; CMakeLists.txt registers each by name with CTest (unit.ring.<test>).
 */
#define _GNU_SOURCE
#include "unit_support.h"

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

/** LAYOUT 6.1 step 2 / 6.2 step 2.3: a claim refused at the wrap still publishes the padding to the end. */
static void padding_when_claim_fails_at_wrap(int32_t ring_kind)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("wrapfail.ringway"), ring_kind, 1024));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));

    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 96, 0)); /* 104 bytes */
    for (int i = 1; i <= 8; i++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 104, i)); /* 112 bytes each */
    }
    CHECK_EQ_LL(1000, ringway_channel_producer_position(&channel));
    received_t received = { 0 };
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 1)); /* head at 104 */

    /* 128 bytes are free in total, but 24 at the end and only 104 before the head at index 0 */
    CHECK_EQ_LL(RINGWAY_E_RING_FULL, offer_seeded(&producer, 1, 104, 9));
    CHECK_EQ_LL(1, ringway_channel_back_pressure_count(&channel));
    CHECK_EQ_LL(1024, ringway_channel_producer_position(&channel));
    ringway_record_header_t *padding = (ringway_record_header_t *)(void *)(channel.ring_data + 1000);
    CHECK_EQ_LL(24, padding->length);
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

static const test_case_t tests[] = {
    TEST_CASE(shouldDeliverEveryMessageOfABatchInOrderSpsc),
    TEST_CASE(shouldDeliverEveryMessageOfABatchInOrderMpsc),
    TEST_CASE(shouldWriteThePrefixThatFitsWhenTheRingFillsDuringABatch),
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
    TEST_CASE(shouldIgnoreAHostilePendingHeadWithoutOverflow),
    TEST_CASE(shouldFinishTheZeroingOfAConsumerKilledWhileZeroing),
    TEST_CASE(shouldNeverWriteOverAnUnreadRecordWhenTheTailWasMovedMoreThanACapacityAheadOfTheHead),
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, tests, (int)(sizeof(tests) / sizeof(tests[0])));
}
