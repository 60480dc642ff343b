/*
 * The C side of the Go package: calls that move many messages per cgo call, and the trampoline that hands each
 * polled message to Go. Everything else the package calls is ringway.h itself.
 *
 * A batch is a run of records in a buffer owned by Go, in the record format of docs/LAYOUT.md section 5, so that a
 * batch reads like a piece of ring: int32 length (header included) at +0, int32 typeId at +4, the body at +8, the
 * next record at the length aligned up to 8. Batches never leave the process; they are not a file format.
 */
#ifndef RINGWAY_GO_BRIDGE_H
#define RINGWAY_GO_BRIDGE_H

#include "ringway.h"

/**
 * Offers the records of batch[0, batch_length) in order until one is refused.
 *
 * @param consumed_length receives the length of the records offered (the start of the first one not offered).
 * @return the number of records offered (>= 0) when all were; otherwise the result of the refused offer:
 *         RINGWAY_E_RING_FULL, an offer error with detail in the producer, or RINGWAY_E_INVALID_ARGUMENT (detail set)
 *         when a record of the batch is malformed.
 */
int ringway_go_offer_batch(
    ringway_producer_t *producer, const uint8_t *batch, int32_t batch_length, int32_t *consumed_length,
    int32_t *offered_count);

/**
 * Polls up to limit messages and copies each, as a record, into batch[0, batch_capacity). It asks the consumer only
 * for as many messages as are sure to fit (each at most maxMessageLength), so nothing is ever polled and dropped.
 *
 * @param written_length receives the length of the records written.
 * @return the number of messages copied, or a negative ringway_result_t (detail in the consumer).
 */
int ringway_go_poll_batch(
    ringway_consumer_t *consumer, uint8_t *batch, int32_t batch_capacity, int32_t limit, int32_t *written_length);

/** Polls up to limit messages, handing each to the Go consumer that handle names (a runtime/cgo.Handle). */
int ringway_go_poll(ringway_consumer_t *consumer, uintptr_t handle, int32_t limit);

/*
 * Waiting (LAYOUT 9) for the Go methods that take a context.Context: each call is one bounded slice of a wait, made
 * through ringway.h's ringway_consumer_poll_wait / ringway_producer_offer_wait, and Go checks the context between
 * slices. resumed is true for every slice after the first of one wait: the spins and yields of a parking strategy
 * were spent in the first slice, so later slices park at once (ringway_wait_blocking) instead of spinning again at
 * every slice boundary. A non-parking strategy (busy spin, yielding) keeps spinning or yielding in every slice.
 */

/** ringway_consumer_poll_wait with the Go trampoline as handler (see ringway_go_poll). */
int ringway_go_poll_wait(ringway_consumer_t *consumer, uintptr_t handle, int32_t limit, int64_t timeout_ns, bool resumed);

/** ringway_go_poll_batch that waits up to timeout_ns for the first message (ringway_consumer_poll_wait). */
int ringway_go_poll_batch_wait(
    ringway_consumer_t *consumer, uint8_t *batch, int32_t batch_capacity, int32_t limit, int32_t *written_length,
    int64_t timeout_ns, bool resumed);

/** ringway_producer_offer_wait, one slice. */
int ringway_go_offer_wait(
    ringway_producer_t *producer, int32_t type_id, const void *body, int32_t body_length, int64_t timeout_ns,
    bool resumed);

/** @return the data-available (data = true) or space-available waiters flag (acquire), for tests and monitors. */
int32_t ringway_go_waiters_flag(ringway_channel_t *channel, bool data);

/*
 * The channel file is created, opened, validated and mapped by Go (channelfile.go); the C handle only describes that
 * mapping to the C operations still used (producer and consumer attach, waits). bind resets the handle and points it
 * at the mapping; unbind releases the leases taken through it (as ringway_channel_close does) and forgets the mapping
 * without unmapping it or closing the descriptor, which Go owns.
 */
int ringway_go_channel_bind(ringway_channel_t *channel, const char *path, uint8_t *mapped, size_t mapped_length,
    int32_t ring_kind, int32_t capacity, int fd);
void ringway_go_channel_unbind(ringway_channel_t *channel);

#endif
