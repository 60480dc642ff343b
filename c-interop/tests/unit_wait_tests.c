/*
 * Unit tests of ringway.h, waiting (LAYOUT 9): no wake when nobody waits, poll_wait and offer_wait honour their
 * timeouts under every wait strategy, a consumer and a producer parked in a forked process are woken (also with the
 * largest timeout), a waiters flag left behind costs at most one wake.
 * One test per behaviour; CMakeLists.txt registers each by name with CTest (unit.wait.<test>).
 */
#define _GNU_SOURCE
#include "unit_support.h"

/* ---------------------------------------------------------------------------------------------------------------- */
/* wakeups (LAYOUT 9)                                                                                                */
/* ---------------------------------------------------------------------------------------------------------------- */

static void ignore_message(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    (void)clientd;
    (void)type_id;
    (void)body;
    (void)body_length;
}

static int64_t now_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

/** Waits (sleeping 1 ms at a time, up to 60 s) until a waiters flag is set, then 50 ms more so the waiter sleeps. */
static bool await_flag(int32_t *flag)
{
    for (int i = 0; i < 60000 && ringway_get_int32_acquire(flag) == 0; i++)
    {
        usleep(1000);
    }
    usleep(50000);
    return ringway_get_int32_acquire(flag) != 0;
}

static void shouldIssueNoWakeWhenNobodyWaits(void)
{
    const int32_t kinds[] = { RINGWAY_RING_KIND_SPSC, RINGWAY_RING_KIND_MPSC };
    for (int k = 0; k < 2; k++)
    {
        const char *path = test_path(k == 0 ? "quiet-spsc.ringway" : "quiet-mpsc.ringway");
        ringway_channel_t channel;
        ringway_producer_t producer;
        ringway_consumer_t consumer;
        CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, kinds[k], 4096));
        CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
        CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
        received_t received = { 0 };
        for (int i = 0; i < 10000; i++)
        {
            CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 16, i));
            const int32_t index = ringway_producer_try_claim(&producer, 2, 8, NULL);
            CHECK(index >= 0);
            CHECK_EQ_LL(RINGWAY_OK, (i & 1) == 0 ?
                ringway_producer_commit(&producer, index) : ringway_producer_abort(&producer, index));
            received.count = 0;
            CHECK(ringway_consumer_poll(&consumer, collect, &received, 10) >= 1);
        }
        CHECK_EQ_LL(0, ringway_channel_wake_count(&channel));
        CHECK_EQ_LL(0, channel.header->data_sequence);
        CHECK_EQ_LL(0, channel.header->space_sequence);
        ringway_channel_close(&channel);
    }
}

static void shouldReturnNothingFromPollWaitOnlyAfterTheTimeout(void)
{
    const ringway_wait_strategy_t strategies[] = {
        ringway_wait_blocking(), ringway_wait_backoff_default(), ringway_wait_yielding(), ringway_wait_busy_spin() };
    const char *path = test_path("idle.ringway");
    ringway_channel_t channel;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 4096));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    for (int i = 0; i < 4; i++)
    {
        ringway_consumer_set_wait_strategy(&consumer, strategies[i]);
        const int64_t timeout_ns = 100 * 1000 * 1000;
        const int64_t start_ns = now_ns();
        CHECK_EQ_LL(0, ringway_consumer_poll_wait(&consumer, ignore_message, NULL, 10, timeout_ns));
        CHECK(now_ns() - start_ns >= timeout_ns);
        CHECK_EQ_LL(0, channel.header->data_waiters);
    }
    ringway_channel_close(&channel);
}

/* LAYOUT 8.1: a waiting call reads the clock once every 64 re-checks while it spins, after every yield or park */
static void shouldReadTheClockOnceEvery64SpinsAndAfterEveryYieldOrPark(void)
{
    const ringway_wait_strategy_t busy_spin = ringway_wait_busy_spin();
    for (int32_t idle_count = 0; idle_count < 4 * RINGWAY_SPINS_PER_CLOCK_READ; idle_count++)
    {
        CHECK(ringway_wait_reads_clock_(&busy_spin, idle_count) ==
            (idle_count % RINGWAY_SPINS_PER_CLOCK_READ == RINGWAY_SPINS_PER_CLOCK_READ - 1));
    }
    CHECK(ringway_wait_reads_clock_(&busy_spin, INT32_MAX));
    const ringway_wait_strategy_t backoff = ringway_wait_backoff(100, 10);
    CHECK(!ringway_wait_reads_clock_(&backoff, 62));
    CHECK(ringway_wait_reads_clock_(&backoff, 63));
    CHECK(!ringway_wait_reads_clock_(&backoff, 99));
    CHECK(ringway_wait_reads_clock_(&backoff, 100)); /* the first yield */
    CHECK(ringway_wait_reads_clock_(&backoff, 110)); /* a park */
    const ringway_wait_strategy_t blocking = ringway_wait_blocking();
    CHECK(ringway_wait_reads_clock_(&blocking, 0));
}

/* a clock that moves one millisecond at every read: the heartbeat shows how often the wait read it */
static int64_t moving_clock_ms(void *clientd)
{
    int64_t *now_ms = (int64_t *)clientd;
    return ++*now_ms;
}

static void shouldBeatWhileBusySpinningInPollWait(void)
{
    const char *path = test_path("beat.ringway");
    ringway_channel_t channel;
    ringway_consumer_t consumer;
    int64_t now_ms = 1000000;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 4096));
    ringway_channel_set_clock(&channel, moving_clock_ms, &now_ms);
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    ringway_consumer_set_wait_strategy(&consumer, ringway_wait_busy_spin());
    const int64_t heartbeat_before_ms = ringway_get_int64_acquire(&channel.header->consumer_heartbeat_ms);

    CHECK_EQ_LL(0, ringway_consumer_poll_wait(&consumer, ignore_message, NULL, 1, 20 * 1000 * 1000));

    /* the poll before the wait beats once; a 20 ms spin re-checks far more than 64 * 10 times */
    const int64_t beats = ringway_get_int64_acquire(&channel.header->consumer_heartbeat_ms) - heartbeat_before_ms;
    if (beats <= 10)
    {
        fprintf(stderr, "the spinning wait beat %lld times\n", (long long)beats);
    }
    CHECK(beats > 10);
    ringway_channel_close(&channel);
}

static void shouldGiveUpOfferWaitOnlyAfterTheTimeoutWhenTheRingStaysFull(void)
{
    const char *path = test_path("full.ringway");
    ringway_channel_t channel;
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_MPSC, 1024));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    ringway_producer_set_wait_strategy(&producer, ringway_wait_blocking());
    while (offer_seeded(&producer, 1, 64, 1) == RINGWAY_OK)
    {
    }
    const int64_t timeout_ns = 100 * 1000 * 1000;
    const int64_t start_ns = now_ns();
    uint8_t body[64] = { 0 };
    CHECK_EQ_LL(RINGWAY_E_RING_FULL, ringway_producer_offer_wait(&producer, 1, body, 64, timeout_ns));
    CHECK(now_ns() - start_ns >= timeout_ns);
    CHECK_EQ_LL(1, channel.header->space_waiters);
    ringway_channel_close(&channel);
}

/** Commits one message with ringway_producer_offer. @return the number of messages committed. */
static int send_one_offer(ringway_producer_t *producer)
{
    return offer_seeded(producer, 1, 8, 1) == RINGWAY_OK ? 1 : 0;
}

/** Commits three messages with one ringway_producer_offer_batch. @return the number of messages committed. */
static int send_one_batch(ringway_producer_t *producer)
{
    const int64_t values[3] = { 1, 2, 3 };
    const ringway_message_t messages[3] = {
        { .type_id = 1, .body_length = 8, .body = &values[0] },
        { .type_id = 1, .body_length = 8, .body = &values[1] },
        { .type_id = 1, .body_length = 8, .body = &values[2] } };
    size_t written = 0;
    return ringway_producer_offer_batch(producer, messages, 3, &written) == RINGWAY_OK ? (int)written : 0;
}

/**
 * A consumer in a child process parks in poll_wait with timeout_ns until it has the messages this process then
 * commits with send (after the child parked): one wake, whatever send commits.
 */
static void check_consumer_parked_in_another_process_is_woken(
    const char *name, int64_t timeout_ns, int (*send)(ringway_producer_t *producer), int expected_count)
{
    const char *path = test_path(name);
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 4096));
    const pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0)
    {
        ringway_channel_t child_channel;
        ringway_consumer_t consumer;
        if (ringway_channel_open(&child_channel, path, NULL) != RINGWAY_OK ||
            ringway_consumer_attach(&consumer, &child_channel) != RINGWAY_OK)
        {
            _exit(2);
        }
        ringway_consumer_set_wait_strategy(&consumer, ringway_wait_blocking());
        int delivered = 0;
        while (delivered < expected_count)
        {
            const int result = ringway_consumer_poll_wait(&consumer, ignore_message, NULL, 10, timeout_ns);
            if (result <= 0)
            {
                _exit(1);
            }
            delivered += result;
        }
        _exit(delivered == expected_count ? 0 : 1);
    }
    const bool parked = await_flag(&channel.header->data_waiters);
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(expected_count, send(&producer));
    int status = 0;
    CHECK(waitpid(child, &status, 0) == child);
    CHECK(parked);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK_EQ_LL(1, ringway_channel_wake_count(&channel));
    CHECK_EQ_LL(1, channel.header->data_sequence);
    ringway_channel_close(&channel);
}

/**
 * LAYOUT 9.2, batches: one wake check after the batch's last commit. Without it the consumer would see the messages
 * only when its 1 s park ends, with no wake counted.
 */
static void shouldWakeAConsumerParkedInAnotherProcessWithOneWakeAfterABatch(void)
{
    check_consumer_parked_in_another_process_is_woken(
        "wake-batch.ringway", INT64_C(60) * 1000 * 1000 * 1000, send_one_batch, 3);
}

static void shouldWakeAConsumerParkedInAnotherProcessWhenAProducerCommits(void)
{
    check_consumer_parked_in_another_process_is_woken(
        "wake-consumer.ringway", INT64_C(60) * 1000 * 1000 * 1000, send_one_offer, 1);
}

/** INT64_MAX is "wait forever": the deadline saturates instead of overflowing into the past (UB; returned at once). */
static void shouldParkAConsumerWithTheLargestTimeoutUntilAProducerCommits(void)
{
    check_consumer_parked_in_another_process_is_woken("wake-consumer-forever.ringway", INT64_MAX, send_one_offer, 1);
}

/** A producer in a child process parks in offer_wait with timeout_ns on a full ring; this process frees space. */
static void check_producer_parked_in_another_process_is_woken(const char *name, int64_t timeout_ns)
{
    const char *path = test_path(name);
    ringway_channel_t channel;
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_MPSC, 1024));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    int written = 0;
    while (offer_seeded(&producer, 1, 64, written) == RINGWAY_OK)
    {
        written++;
    }
    const pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0)
    {
        ringway_channel_t child_channel;
        ringway_producer_t child_producer;
        if (ringway_channel_open(&child_channel, path, NULL) != RINGWAY_OK ||
            ringway_producer_attach(&child_producer, &child_channel) != RINGWAY_OK)
        {
            _exit(2);
        }
        ringway_producer_set_wait_strategy(&child_producer, ringway_wait_blocking());
        uint8_t body[64] = { 0 };
        const int result =
            ringway_producer_offer_wait(&child_producer, 1, body, 64, timeout_ns);
        _exit(result == RINGWAY_OK ? 0 : 1);
    }
    const bool parked = await_flag(&channel.header->space_waiters);
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    received_t received = { 0 };
    CHECK_EQ_LL(written, ringway_consumer_poll(&consumer, collect, &received, 1000));
    int status = 0;
    CHECK(waitpid(child, &status, 0) == child);
    CHECK(parked);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK_EQ_LL(1, ringway_channel_wake_count(&channel));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 1000));
    ringway_channel_close(&channel);
}

static void shouldWakeAProducerParkedInAnotherProcessWhenTheConsumerFreesSpace(void)
{
    check_producer_parked_in_another_process_is_woken("wake-producer.ringway", INT64_C(60) * 1000 * 1000 * 1000);
}

static void shouldParkAProducerWithTheLargestTimeoutUntilTheConsumerFreesSpace(void)
{
    check_producer_parked_in_another_process_is_woken("wake-producer-forever.ringway", INT64_MAX);
}

static void shouldClearTheDataWaitersFlagLeftByAPreviousConsumerWhenTakingTheLease(void)
{
    const char *path = test_path("stale.ringway");
    ringway_channel_t channel;
    ringway_consumer_t consumer;
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    ringway_put_int32_release(&channel.header->data_waiters, 1); /* as a consumer killed while parked leaves it */
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(0, channel.header->data_waiters);
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 8, 1));
    CHECK_EQ_LL(0, ringway_channel_wake_count(&channel));
    ringway_channel_close(&channel);
}

static void shouldStopWakingAfterOneWakeWhenAParkedWaiterVanished(void)
{
    const char *path = test_path("vanished.ringway");
    ringway_channel_t channel;
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_MPSC, 4096));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    ringway_put_int32_release(&channel.header->data_waiters, 1); /* no consumer attached to reset it */
    for (int i = 0; i < 100; i++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 8, i));
    }
    CHECK_EQ_LL(1, ringway_channel_wake_count(&channel));
    CHECK_EQ_LL(0, channel.header->data_waiters);
    ringway_channel_close(&channel);
}

/* LAYOUT 9.8: the promise is the consumer's lease value while it is attached, withdrawn on close */
static void shouldPromiseMembarrierWakeupsWithTheConsumerLeaseUntilItCloses(void)
{
    if (!ringway_membarrier_supported_())
    {
        printf("skipped: membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED) is not offered by this kernel\n");
        return;
    }
    const char *path = test_path("membarrier-promise.ringway");
    ringway_channel_t channel;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 4096));
    CHECK_EQ_LL(RINGWAY_OK,
        ringway_consumer_attach_with_options(&consumer, &channel, RINGWAY_CONSUMER_MEMBARRIER_WAKEUPS));
    CHECK(ringway_consumer_membarrier_wakeups(&consumer));
    CHECK(channel.header->consumer_lease != 0);
    CHECK_EQ_LL(channel.header->consumer_lease, channel.header->consumer_membarrier_lease);
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_close(&consumer));
    CHECK_EQ_LL(0, channel.header->consumer_membarrier_lease);
    ringway_channel_close(&channel);
}

/* LAYOUT 9.8: a consumer that does not promise withdraws a promise left by a dead predecessor */
static void shouldWithdrawTheMembarrierPromiseOfADeadConsumerWhenAttachingWithoutIt(void)
{
    const char *path = test_path("membarrier-dead.ringway");
    ringway_channel_t channel;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_MPSC, 4096));
    ringway_put_int64_release(&channel.header->consumer_membarrier_lease, 0x12345678);
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK(!ringway_consumer_membarrier_wakeups(&consumer));
    CHECK_EQ_LL(0, channel.header->consumer_membarrier_lease);
    ringway_channel_close(&channel);
}

static const test_case_t tests[] = {
    TEST_CASE(shouldIssueNoWakeWhenNobodyWaits),
    TEST_CASE(shouldReturnNothingFromPollWaitOnlyAfterTheTimeout),
    TEST_CASE(shouldReadTheClockOnceEvery64SpinsAndAfterEveryYieldOrPark),
    TEST_CASE(shouldBeatWhileBusySpinningInPollWait),
    TEST_CASE(shouldGiveUpOfferWaitOnlyAfterTheTimeoutWhenTheRingStaysFull),
    TEST_CASE(shouldWakeAConsumerParkedInAnotherProcessWhenAProducerCommits),
    TEST_CASE(shouldParkAConsumerWithTheLargestTimeoutUntilAProducerCommits),
    TEST_CASE(shouldWakeAConsumerParkedInAnotherProcessWithOneWakeAfterABatch),
    TEST_CASE(shouldWakeAProducerParkedInAnotherProcessWhenTheConsumerFreesSpace),
    TEST_CASE(shouldParkAProducerWithTheLargestTimeoutUntilTheConsumerFreesSpace),
    TEST_CASE(shouldClearTheDataWaitersFlagLeftByAPreviousConsumerWhenTakingTheLease),
    TEST_CASE(shouldStopWakingAfterOneWakeWhenAParkedWaiterVanished),
    TEST_CASE(shouldPromiseMembarrierWakeupsWithTheConsumerLeaseUntilItCloses),
    TEST_CASE(shouldWithdrawTheMembarrierPromiseOfADeadConsumerWhenAttachingWithoutIt),
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, tests, (int)(sizeof(tests) / sizeof(tests[0])));
}
