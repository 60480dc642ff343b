#include "bridge.h"

#include "_cgo_export.h"

int ringway_go_offer_batch(
    ringway_producer_t *producer, const uint8_t *batch, int32_t batch_length, int32_t *consumed_length,
    int32_t *offered_count)
{
    int32_t offset = 0;
    int32_t offered = 0;
    int result = RINGWAY_OK;
    while (offset < batch_length)
    {
        /* the batch is Go memory, written by Batch.Append; check it anyway before trusting a length from it */
        if (batch_length - offset < RINGWAY_RECORD_HEADER_LENGTH)
        {
            result = ringway_set_error_(&producer->error, RINGWAY_E_INVALID_ARGUMENT, "(batch)", "length",
                "batch record header past the batch end\x1f%d\x1f>=%d bytes", (int)(batch_length - offset),
                RINGWAY_RECORD_HEADER_LENGTH);
            break;
        }
        ringway_record_header_t header;
        memcpy(&header, batch + offset, sizeof(header));
        if (header.length < RINGWAY_RECORD_HEADER_LENGTH || header.length > batch_length - offset)
        {
            result = ringway_set_error_(&producer->error, RINGWAY_E_INVALID_ARGUMENT, "(batch)", "length",
                "malformed batch record at offset=%d\x1f%d\x1f%d..%d", (int)offset, (int)header.length,
                RINGWAY_RECORD_HEADER_LENGTH, (int)(batch_length - offset));
            break;
        }
        result = ringway_producer_offer(producer, header.type_id, batch + offset + RINGWAY_RECORD_HEADER_LENGTH,
            header.length - RINGWAY_RECORD_HEADER_LENGTH);
        if (result < 0)
        {
            break;
        }
        offered++;
        const int32_t aligned_length = ringway_aligned_length(header.length);
        offset = aligned_length > batch_length - offset ? batch_length : offset + aligned_length;
    }
    *consumed_length = offset;
    *offered_count = offered;
    return result < 0 ? result : offered;
}

typedef struct ringway_go_batch_sink_stct
{
    uint8_t *batch;
    int32_t capacity;
    int32_t written_length;
    bool overflowed;
}
ringway_go_batch_sink_t;

static void ringway_go_copy_message_(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    ringway_go_batch_sink_t *sink = (ringway_go_batch_sink_t *)clientd;
    const int32_t record_length = body_length + RINGWAY_RECORD_HEADER_LENGTH;
    const int32_t aligned_length = ringway_aligned_length(record_length);
    if (aligned_length > sink->capacity - sink->written_length)
    {
        sink->overflowed = true; /* cannot happen: the poll limit keeps every message inside the batch */
        return;
    }
    uint8_t *record = sink->batch + sink->written_length;
    const ringway_record_header_t header = { record_length, type_id };
    memcpy(record, &header, sizeof(header));
    memcpy(record + RINGWAY_RECORD_HEADER_LENGTH, body, (size_t)body_length);
    memset(record + record_length, 0, (size_t)(aligned_length - record_length));
    sink->written_length += aligned_length;
}

/* The parking strategy of one slice: see bridge.h. */
static ringway_wait_strategy_t ringway_go_slice_strategy_(ringway_wait_strategy_t strategy, bool resumed)
{
    return resumed && strategy.parks ? ringway_wait_blocking() : strategy;
}

/*
 * Copies up to limit messages into the batch; the first poll waits up to timeout_ns for a message (timeout_ns <= 0:
 * plain poll), the following ones take only what is already there.
 */
static int ringway_go_poll_batch_(
    ringway_consumer_t *consumer, uint8_t *batch, int32_t batch_capacity, int32_t limit, int32_t *written_length,
    int64_t timeout_ns)
{
    *written_length = 0;
    if (consumer == NULL || batch_capacity < 0)
    {
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    const int32_t max_record_length =
        ringway_aligned_length(consumer->max_message_length + RINGWAY_RECORD_HEADER_LENGTH);
    ringway_go_batch_sink_t sink = { batch, batch_capacity, 0, false };
    int32_t copied = 0;
    while (copied < limit)
    {
        /* ask only for what is sure to fit: poll cannot leave a message it has delivered in the ring */
        const int32_t fits = (sink.capacity - sink.written_length) / max_record_length;
        const int32_t ask = fits < limit - copied ? fits : limit - copied;
        if (ask <= 0)
        {
            break;
        }
        const int result = copied == 0 && timeout_ns > 0 ?
            ringway_consumer_poll_wait(consumer, ringway_go_copy_message_, &sink, ask, timeout_ns) :
            ringway_consumer_poll(consumer, ringway_go_copy_message_, &sink, ask);
        if (result < 0)
        {
            *written_length = sink.written_length;
            return copied > 0 ? copied : result;
        }
        copied += result;
        if (result < ask)
        {
            break;
        }
    }
    *written_length = sink.written_length;
    if (sink.overflowed)
    {
        return ringway_set_error_(&consumer->error, RINGWAY_E_INVALID_ARGUMENT, consumer->channel->path, "batch",
            "poll batch overflow\x1f%d\x1f<=%d", (int)sink.written_length, (int)batch_capacity);
    }
    return copied;
}

int ringway_go_poll_batch(
    ringway_consumer_t *consumer, uint8_t *batch, int32_t batch_capacity, int32_t limit, int32_t *written_length)
{
    return ringway_go_poll_batch_(consumer, batch, batch_capacity, limit, written_length, 0);
}

int ringway_go_poll_batch_wait(
    ringway_consumer_t *consumer, uint8_t *batch, int32_t batch_capacity, int32_t limit, int32_t *written_length,
    int64_t timeout_ns, bool resumed)
{
    if (consumer == NULL)
    {
        *written_length = 0;
        return RINGWAY_E_INVALID_ARGUMENT;
    }
    const ringway_wait_strategy_t strategy = consumer->wait_strategy;
    ringway_consumer_set_wait_strategy(consumer, ringway_go_slice_strategy_(strategy, resumed));
    const int result = ringway_go_poll_batch_(consumer, batch, batch_capacity, limit, written_length, timeout_ns);
    ringway_consumer_set_wait_strategy(consumer, strategy);
    return result;
}

static void ringway_go_deliver_(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    ringwayGoOnMessage(*(uintptr_t *)clientd, type_id, (uint8_t *)body, body_length);
}

int ringway_go_poll(ringway_consumer_t *consumer, uintptr_t handle, int32_t limit)
{
    return ringway_consumer_poll(consumer, ringway_go_deliver_, &handle, limit);
}

int ringway_go_poll_wait(ringway_consumer_t *consumer, uintptr_t handle, int32_t limit, int64_t timeout_ns, bool resumed)
{
    const ringway_wait_strategy_t strategy = consumer->wait_strategy;
    ringway_consumer_set_wait_strategy(consumer, ringway_go_slice_strategy_(strategy, resumed));
    const int result = ringway_consumer_poll_wait(consumer, ringway_go_deliver_, &handle, limit, timeout_ns);
    ringway_consumer_set_wait_strategy(consumer, strategy);
    return result;
}

int ringway_go_offer_wait(
    ringway_producer_t *producer, int32_t type_id, const void *body, int32_t body_length, int64_t timeout_ns,
    bool resumed)
{
    const ringway_wait_strategy_t strategy = producer->wait_strategy;
    ringway_producer_set_wait_strategy(producer, ringway_go_slice_strategy_(strategy, resumed));
    const int result = ringway_producer_offer_wait(producer, type_id, body, body_length, timeout_ns);
    ringway_producer_set_wait_strategy(producer, strategy);
    return result;
}

int32_t ringway_go_waiters_flag(ringway_channel_t *channel, bool data)
{
    /* SYNC POINT: pairs with the waiter's release store of the flag (LAYOUT 9.1 step 2) */
    return ringway_get_int32_acquire(data ? &channel->header->data_waiters : &channel->header->space_waiters);
}

int ringway_go_channel_bind(ringway_channel_t *channel, const char *path, uint8_t *mapped, size_t mapped_length,
    int32_t ring_kind, int32_t capacity, int fd)
{
    ringway_channel_reset_(channel);
    const int result = ringway_channel_set_path_(channel, path);
    if (result < 0)
    {
        return result;
    }
    channel->ring_kind = ring_kind;
    channel->capacity = capacity;
    channel->fd = fd;
    ringway_channel_bind_(channel, mapped, mapped_length);
    return RINGWAY_OK;
}

void ringway_go_channel_unbind(ringway_channel_t *channel)
{
    if (channel->holds_producer_lease)
    {
        ringway_lease_release_(&channel->header->producer_lease, channel->producer_lease_token);
        channel->holds_producer_lease = false;
    }
    if (channel->holds_consumer_lease)
    {
        ringway_lease_release_(&channel->header->consumer_lease, channel->consumer_lease_token);
        channel->holds_consumer_lease = false;
    }
    channel->is_open = false;
    channel->fd = -1;
    channel->mapped = NULL;
    channel->header = NULL;
    channel->ring_data = NULL;
    channel->trailer = NULL;
}
