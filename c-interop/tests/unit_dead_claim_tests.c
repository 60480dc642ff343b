/*
 * Unit tests of ringway.h, the claims of dead producers (LAYOUT 7.1): the MPSC consumer unblocks a claim only once its
 * producer slot shows no live owner and the unblock timeout has passed (never the claim of a stopped process), pads a
 * run cut before its commit whole (LAYOUT 6.2 "Runs"), and keeps each slot's claim floor; the next SPSC producer pads
 * what its dead predecessor left claimed, and refuses impossible lengths and positions as corruption.
 * One test per behaviour; CMakeLists.txt registers each by name with CTest (unit.dead_claim.<test>).
 */
#define _GNU_SOURCE
#include "unit_support.h"

#include <sys/prctl.h>

/* ---------------------------------------------------------------------------------------------------------------- */
/* MPSC: the consumer unblocks the claims of dead producers (LAYOUT 3.1, 7.1)                                       */
/* ---------------------------------------------------------------------------------------------------------------- */

/** Creates an MPSC channel of 1024 bytes whose clock reads *now_ms, with the unblock timeout given (LAYOUT 7.1). */
static int create_mpsc_channel_on_clock(
    ringway_channel_t *channel, const char *file_name, int64_t *now_ms, int64_t unblock_timeout_ms)
{
    const int result = create_channel(channel, test_path(file_name), RINGWAY_RING_KIND_MPSC, 1024);
    if (result == RINGWAY_OK)
    {
        ringway_channel_set_clock(channel, manual_clock, now_ms);
        ringway_channel_set_unblock_timeout_ms(channel, unblock_timeout_ms);
    }
    return result;
}

static void move_tail_without_writing_a_record(ringway_channel_t *channel, int64_t length)
{
    ringway_get_and_add_int64(&channel->trailer->tail_position, length);
}

/**
 * Polls a consumer stopped at a claim without a live claimant (LAYOUT 7.1) as an unblock timeout of 1000 ms passes,
 * counted from the next millisecond: nothing is delivered or padded until the timeout has passed, then the last poll
 * pads the claim. The caller checks the padding's count.
 */
static void poll_until_the_stuck_claim_is_padded(ringway_consumer_t *consumer, int64_t *now_ms, received_t *received)
{
    *now_ms += 1;
    CHECK_EQ_LL(0, ringway_consumer_poll(consumer, collect, received, 10)); /* the timeout counts from here */
    *now_ms += 999;
    CHECK_EQ_LL(0, ringway_consumer_poll(consumer, collect, received, 10));
    CHECK_EQ_LL(0, ringway_channel_unblocked_record_count(consumer->channel));
    *now_ms += 1;
    CHECK_EQ_LL(0, ringway_consumer_poll(consumer, collect, received, 10)); /* pads the claim */
}

/**
 * Replaces the token of every producer slot with a claim in progress by the token of a process that is not alive (this
 * pid with another start time: a dead process whose pid was reused, LAYOUT 8).
 */
static void make_claiming_slots_look_dead(ringway_channel_t *channel)
{
    const int64_t pid = (int64_t)getpid();
    const int64_t dead_token = (int64_t)(((uint64_t)pid << 32) |
        ((uint64_t)(ringway_process_start_time(pid) + 1) & UINT64_C(0xFFFFFFFF)));
    CHECK(!ringway_token_is_alive(dead_token));
    for (int32_t i = 0; i < RINGWAY_PRODUCER_SLOT_COUNT; i++)
    {
        ringway_producer_slot_t *slot = &channel->header->producer_slots[i];
        if (slot->token != 0 && slot->claim_floor_position != RINGWAY_NO_CLAIM_FLOOR_POSITION)
        {
            ringway_put_int64_release(&slot->token, dead_token);
        }
    }
}

/** A child process that attaches an MPSC producer, claims 8 bytes, reports "claimed" and waits for a command. */
typedef struct claiming_child_stct
{
    pid_t pid;
    int commands;
    int reports;
}
claiming_child_t;

static bool start_claiming_child(claiming_child_t *child, ringway_channel_t *channel, int64_t value)
{
    int commands[2];
    int reports[2];
    if (pipe(commands) != 0 || pipe(reports) != 0)
    {
        return false;
    }
    child->pid = fork();
    if (child->pid == 0)
    {
        /* a failed CHECK returns from the test: never leave a stopped child behind the test binary */
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        close(commands[1]);
        close(reports[0]);
        ringway_producer_t producer;
        uint8_t *body = NULL;
        int32_t index = -1;
        if (ringway_producer_attach(&producer, channel) == RINGWAY_OK)
        {
            index = ringway_producer_try_claim(&producer, 1, 8, &body);
        }
        char report = index >= 0 ? 'c' : 'x';
        char command = 0;
        if (write(reports[1], &report, 1) != 1 || read(commands[0], &command, 1) != 1 || index < 0)
        {
            _exit(3);
        }
        /* resumed: the late body write and commit of a producer that was stopped between claim and commit */
        memcpy(body, &value, sizeof(value));
        report = ringway_producer_commit(&producer, index) == RINGWAY_OK ? 'k' : 'x';
        _exit(write(reports[1], &report, 1) == 1 && report == 'k' ? 0 : 4);
    }
    close(commands[0]);
    close(reports[1]);
    child->commands = commands[1];
    child->reports = reports[0];
    char report = 0;
    return child->pid > 0 && read(child->reports, &report, 1) == 1 && report == 'c';
}

static void shouldNeverUnblockTheClaimOfAStoppedProducerProcessAndDeliverEverythingOnceWhenItResumes(void)
{
    int64_t now_ms = 1;
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_mpsc_channel_on_clock(&channel, "stalled.ringway", &now_ms, 50));
    ringway_producer_t other;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&other, &channel));
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&other, 1));
    claiming_child_t child;
    CHECK(start_claiming_child(&child, &channel, 99));
    CHECK(kill(child.pid, SIGSTOP) == 0);
    for (int64_t value = 2; value <= 6; value++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_value(&other, value));
    }

    received_t received = { 0 };
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    for (int i = 0; i < 20; i++)
    {
        now_ms += 50;
        CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10));
    }
    CHECK_EQ_LL(1, received.count);
    CHECK_EQ_LL(0, ringway_channel_unblocked_record_count(&channel));
    CHECK_EQ_LL(child.pid, ringway_consumer_blocking_producer_pid(&consumer));

    CHECK(kill(child.pid, SIGCONT) == 0);
    const char command = 'g';
    char report = 0;
    CHECK(write(child.commands, &command, 1) == 1);
    CHECK(read(child.reports, &report, 1) == 1 && report == 'k');
    int status = 0;
    CHECK(waitpid(child.pid, &status, 0) == child.pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK_EQ_LL(6, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(7, received.count);
    CHECK_EQ_LL(99, first_value(&received, 1));
    for (int i = 2; i < 7; i++)
    {
        CHECK_EQ_LL(i, first_value(&received, i));
    }
    CHECK_EQ_LL(0, ringway_channel_unblocked_record_count(&channel));
    CHECK_EQ_LL(0, ringway_consumer_blocking_producer_pid(&consumer));
    CHECK_EQ_LL(ringway_channel_producer_position(&channel), ringway_consumer_position(&consumer));
    close(child.commands);
    close(child.reports);
    ringway_channel_close(&channel);
}

static void shouldUnblockTheClaimOfAProducerProcessKilledBetweenClaimAndCommitAndFreeItsSlot(void)
{
    int64_t now_ms = 1;
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_mpsc_channel_on_clock(&channel, "killed.ringway", &now_ms, 50));
    ringway_producer_t other;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    claiming_child_t child;
    CHECK(start_claiming_child(&child, &channel, 99));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&other, &channel));
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&other, 1));
    CHECK(ringway_token_pid(channel.header->producer_slots[0].token) == child.pid);
    kill_and_reap(child.pid);
    close(child.commands);
    close(child.reports);

    received_t received = { 0 };
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10));
    now_ms += 50;
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10)); /* pads the dead claim */
    CHECK_EQ_LL(1, ringway_channel_unblocked_record_count(&channel));
    CHECK_EQ_LL(0, channel.header->producer_slots[0].token);
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(1, first_value(&received, 0));
    ringway_channel_close(&channel);
}

static void shouldNeverPadPastTheTailWhenADeadClaimantsLengthRunsBeyondIt(void)
{
    int64_t now_ms = 1;
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_mpsc_channel_on_clock(&channel, "pasttail.ringway", &now_ms, 50));
    ringway_producer_t dying;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&dying, &channel));
    const int32_t index = ringway_producer_try_claim(&dying, 1, 8, NULL);
    CHECK(index >= 0);
    make_claiming_slots_look_dead(&channel);
    /* a length that would move the head 64 bytes past a tail 16 bytes away */
    ringway_put_int32_release(&ringway_record_at_(channel.ring_data, index - RINGWAY_RECORD_HEADER_LENGTH)->length, -64);
    received_t received = { 0 };
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10));
    now_ms += 50;
    CHECK_EQ_LL(RINGWAY_E_CORRUPT_RECORD, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_STR_EQ("length", ringway_consumer_last_error_field(&consumer));
    CHECK_EQ_LL(0, ringway_consumer_position(&consumer));
    CHECK_EQ_LL(0, ringway_channel_unblocked_record_count(&channel));
    ringway_channel_close(&channel);
}

static void shouldKeepTheClaimFloorUntilTheLastClaimOfAHandleEndsAndRefuseTheFortyNinthLiveHandle(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("slots.ringway"), RINGWAY_RING_KIND_MPSC, 1024));
    static ringway_producer_t producers[RINGWAY_PRODUCER_SLOT_COUNT + 1];
    for (int i = 0; i < RINGWAY_PRODUCER_SLOT_COUNT; i++)
    {
        CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producers[i], &channel));
        CHECK_EQ_LL(RINGWAY_NO_CLAIM_FLOOR_POSITION, channel.header->producer_slots[i].claim_floor_position);
    }
    CHECK_EQ_LL(RINGWAY_E_LEASE_TAKEN, ringway_producer_attach(&producers[RINGWAY_PRODUCER_SLOT_COUNT], &channel));
    CHECK_CONTAINS(ringway_producer_last_error(&producers[RINGWAY_PRODUCER_SLOT_COUNT]),
        "field=producerSlots found=48 live expected=a free slot");
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_close(&producers[7]));
    CHECK_EQ_LL(0, channel.header->producer_slots[7].token);
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producers[RINGWAY_PRODUCER_SLOT_COUNT], &channel));
    CHECK_EQ_LL(ringway_process_token(getpid()), channel.header->producer_slots[7].token);

    ringway_producer_t *producer = &producers[0];
    const int32_t first = ringway_producer_try_claim(producer, 1, 8, NULL);
    const int32_t second = ringway_producer_try_claim(producer, 1, 8, NULL);
    CHECK_EQ_LL(0, channel.header->producer_slots[0].claim_floor_position);
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_commit(producer, second));
    CHECK_EQ_LL(0, channel.header->producer_slots[0].claim_floor_position); /* one claim still in progress */
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_abort(producer, first));
    CHECK_EQ_LL(RINGWAY_NO_CLAIM_FLOOR_POSITION, channel.header->producer_slots[0].claim_floor_position);
    while (offer_value(producer, 7) == RINGWAY_OK)
    {
    }
    CHECK_EQ_LL(RINGWAY_NO_CLAIM_FLOOR_POSITION, channel.header->producer_slots[0].claim_floor_position);
    ringway_channel_close(&channel);
}

static void shouldUnblockAnMpscClaimNeverCommittedAfterTheTimeout(void)
{
    int64_t now_ms = 1;
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_mpsc_channel_on_clock(&channel, "unblock.ringway", &now_ms, 1000));
    ringway_producer_t dying;
    ringway_producer_t survivor;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&dying, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&survivor, &channel));
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&survivor, 1));
    CHECK(ringway_producer_try_claim(&dying, 1, 40, NULL) >= 0); /* never committed */
    make_claiming_slots_look_dead(&channel); /* a live claimant is never unblocked (LAYOUT 7.1) */
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&survivor, 2));
    move_tail_without_writing_a_record(&channel, 32); /* a second producer died before writing its length */
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&survivor, 3));

    received_t received = { 0 };
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10));
    now_ms += 999;
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(0, ringway_channel_unblocked_record_count(&channel));
    now_ms += 1;
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10)); /* pads the first claim */
    CHECK_EQ_LL(1, ringway_channel_unblocked_record_count(&channel));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    now_ms += 1; /* the rule runs at most once per millisecond (LAYOUT 7.1 step 1); this one padded the first claim */
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10)); /* blocked at the zeroed claim */
    now_ms += 1000;
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(3, received.count);
    CHECK_EQ_LL(1, first_value(&received, 0));
    CHECK_EQ_LL(2, first_value(&received, 1));
    CHECK_EQ_LL(3, first_value(&received, 2));
    CHECK_EQ_LL(2, ringway_channel_unblocked_record_count(&channel));
    CHECK_EQ_LL(ringway_channel_producer_position(&channel), ringway_consumer_position(&consumer));
    ringway_channel_close(&channel);
}

static void shouldLookForAStuckMpscClaimAtMostOnceAMillisecondEvenWhenItsNegativeLengthShowsAtTheHead(void)
{
    int64_t now_ms = 1;
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_mpsc_channel_on_clock(&channel, "oncepermilli.ringway", &now_ms, 1000));
    ringway_producer_t dying;
    ringway_producer_t survivor;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&dying, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&survivor, &channel));
    received_t received = { 0 };
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10)); /* the rule ran for this millisecond */
    CHECK(ringway_producer_try_claim(&dying, 1, 40, NULL) >= 0); /* never committed */
    make_claiming_slots_look_dead(&channel);
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&survivor, 1));

    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10)); /* same millisecond: no tail load */
    poll_until_the_stuck_claim_is_padded(&consumer, &now_ms, &received);
    CHECK_EQ_LL(1, ringway_channel_unblocked_record_count(&channel));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(1, received.count);
    CHECK_EQ_LL(1, first_value(&received, 0));
    ringway_channel_close(&channel);
}

static void shouldUnblockAZeroedMpscClaimToTheEndWhenTheTailHasWrapped(void)
{
    int64_t now_ms = 1;
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_mpsc_channel_on_clock(&channel, "wrapblock.ringway", &now_ms, 1000));
    ringway_producer_t survivor;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&survivor, &channel));
    received_t received = { 0 };
    while (ringway_channel_producer_position(&channel) < 1024 - 64)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_value(&survivor, 0));
        CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    }
    received.count = 0;
    move_tail_without_writing_a_record(&channel, 64 + 16); /* died between its tail CAS and its wrap padding */
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&survivor, 9));
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10));
    now_ms += 1000;
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10)); /* pads [head, end) */
    now_ms += 1; /* the unblock rule runs at most once per millisecond (LAYOUT 7.1 step 1) */
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10));
    now_ms += 1000;
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(9, first_value(&received, 0));
    CHECK_EQ_LL(2, ringway_channel_unblocked_record_count(&channel));
    ringway_channel_close(&channel);
}

static void shouldUnblockTheLastMpscClaimWhoseLengthWasNeverWrittenOnlyOnceTheNextMessageFollowsIt(void)
{
    int64_t now_ms = 1;
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_mpsc_channel_on_clock(&channel, "lastclaim.ringway", &now_ms, 1000));
    ringway_producer_t survivor;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&survivor, &channel));
    received_t received = { 0 };
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&survivor, 1));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    move_tail_without_writing_a_record(&channel, 24); /* the last claim: died before writing its length */
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10));
    now_ms += 1000;
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10)); /* its end is not known: no padding */
    CHECK_EQ_LL(0, ringway_channel_unblocked_record_count(&channel));
    CHECK_EQ_LL(ringway_channel_producer_position(&channel) - 24, ringway_consumer_position(&consumer));
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&survivor, 2));
    now_ms += 1; /* the unblock rule runs at most once per millisecond (LAYOUT 7.1 step 1) */
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10)); /* the next header ends it: padded */
    CHECK_EQ_LL(1, ringway_channel_unblocked_record_count(&channel));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(2, received.count);
    CHECK_EQ_LL(1, first_value(&received, 0));
    CHECK_EQ_LL(2, first_value(&received, 1));
    CHECK_EQ_LL(ringway_channel_producer_position(&channel), ringway_consumer_position(&consumer));
    ringway_channel_close(&channel);
}

/**
 * A producer offers 1; another dies inside a run of three 16-byte records right after it (LAYOUT 6.2 "Runs"), as
 * die_inside_run leaves it; the first offers 2. The run is padded whole once the unblock timeout has passed (its
 * producer's process is gone, so it has no live claimant), and nothing of it is delivered.
 */
static void dead_run_is_padded_whole(const char *file_name, void (*die_inside_run)(ringway_channel_t *, int32_t))
{
    int64_t now_ms = 1;
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_mpsc_channel_on_clock(&channel, file_name, &now_ms, 1000));
    ringway_producer_t survivor;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&survivor, &channel));
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&survivor, 1));
    const int32_t run_index = (int32_t)ringway_channel_producer_position(&channel);
    const int failures_before = test_failures;
    die_inside_run(&channel, run_index);
    CHECK_EQ_LL(failures_before, test_failures);
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&survivor, 2));

    received_t received = { 0 };
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10)); /* stops at the run */
    poll_until_the_stuck_claim_is_padded(&consumer, &now_ms, &received);
    CHECK_EQ_LL(1, ringway_channel_unblocked_record_count(&channel)); /* one padding for the whole run */
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(2, received.count); /* nothing of the uncommitted run is delivered */
    CHECK_EQ_LL(1, first_value(&received, 0));
    CHECK_EQ_LL(2, first_value(&received, 1));
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(ringway_channel_producer_position(&channel), ringway_consumer_position(&consumer));
    for (int32_t at = run_index; at < run_index + 3 * 16; at++)
    {
        CHECK_EQ_LL(0, channel.ring_data[at]); /* zeroed as consumed (LAYOUT 7 step 3) */
    }
    ringway_channel_close(&channel);
}

/**
 * The state of a run of three 16-byte records cut before its commit, written into the file: the tail moved past the
 * run, its first header holding the negative length of the whole run, the records written, no claim floor.
 */
static void leave_a_run_cut_before_its_commit(ringway_channel_t *channel, int32_t run_index)
{
    move_tail_without_writing_a_record(channel, 3 * 16);
    for (int32_t record = 0; record < 3; record++)
    {
        uint8_t *record_bytes = channel->ring_data + run_index + record * 16;
        ringway_record_header_t *header = (ringway_record_header_t *)(void *)record_bytes;
        ringway_put_int32_plain(&header->type_id, 1);
        const int64_t value = 100 + record;
        memcpy(record_bytes + RINGWAY_RECORD_HEADER_LENGTH, &value, sizeof(value));
        ringway_put_int32_release(&header->length, record == 0 ? -3 * 16 : 16);
    }
}

static void shouldPadTheWholeMpscRunOfADeadProducerAfterTheTimeoutAndDeliverNoneOfItsRecords(void)
{
    dead_run_is_padded_whole("deadrun.ringway", leave_a_run_cut_before_its_commit);
}

static void exit_on_fault(int signal_number)
{
    _exit(100 + signal_number);
}

/**
 * In a forked child: dies with its parent, exits 100 + the signal on a fault (whatever a sanitizer's own handler would
 * do), and returns a page it cannot read (MAP_FAILED when it cannot map one), so that copying from it ends the process
 * inside the call that copies.
 */
static void *die_on_reading_a_page_in_this_child(void)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    struct sigaction on_fault;
    memset(&on_fault, 0, sizeof(on_fault));
    on_fault.sa_handler = exit_on_fault;
    sigaction(SIGSEGV, &on_fault, NULL);
    sigaction(SIGBUS, &on_fault, NULL);
    return mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

/**
 * A real run cut before its commit: a child process offers a batch of three 8-byte messages whose second body lies in
 * memory it cannot read, so it dies copying that body, after the run's claim and before its commit.
 */
static void die_copying_the_second_record_of_a_run(ringway_channel_t *channel, int32_t run_index)
{
    const pid_t child = fork();
    if (child == 0)
    {
        void *unreadable = die_on_reading_a_page_in_this_child();
        ringway_producer_t dying;
        if (unreadable == MAP_FAILED || ringway_producer_attach(&dying, channel) != RINGWAY_OK)
        {
            _exit(3);
        }
        const int64_t values[3] = { 100, 101, 102 };
        const ringway_message_t messages[3] = {
            { .type_id = 1, .body_length = 8, .body = &values[0] },
            { .type_id = 1, .body_length = 8, .body = unreadable },
            { .type_id = 1, .body_length = 8, .body = &values[2] },
        };
        ringway_producer_offer_batch(&dying, messages, 3, NULL);
        _exit(4);
    }
    CHECK(child > 0);
    int status = 0;
    CHECK_EQ_LL(child, waitpid(child, &status, 0));
    CHECK(WIFEXITED(status) && (WEXITSTATUS(status) == 100 + SIGSEGV || WEXITSTATUS(status) == 100 + SIGBUS));
    /* what it left (LAYOUT 6.2 "Runs" steps 2 and 3): the tail past the run, the run's negative length at its first
       header, the first record's type id, the second record's length */
    CHECK_EQ_LL(run_index + 3 * 16, ringway_channel_producer_position(channel));
    CHECK_EQ_LL(-3 * 16, ringway_get_int32_acquire(&ringway_record_at_(channel->ring_data, run_index)->length));
    CHECK_EQ_LL(1, ringway_record_at_(channel->ring_data, run_index)->type_id);
    CHECK_EQ_LL(16, ringway_get_int32_acquire(&ringway_record_at_(channel->ring_data, run_index + 16)->length));
}

static void shouldPadTheWholeMpscRunOfAProducerThatDiedCopyingItsSecondRecordAndDeliverNoneOfIt(void)
{
    dead_run_is_padded_whole("diedinrun.ringway", die_copying_the_second_record_of_a_run);
}

/* ---------------------------------------------------------------------------------------------------------------- */
/* SPSC: the next producer repairs what its dead predecessor claimed (LAYOUT 7.1)                                   */
/* ---------------------------------------------------------------------------------------------------------------- */

static void shouldLetTheNextSpscProducerPadItsDeadPredecessorsClaim(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("repair.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t first;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&first, &channel));
    received_t received = { 0 };
    while (ringway_channel_producer_position(&channel) < 1024 - 32)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_value(&first, 0));
        CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    }
    received.count = 0;
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&first, 1));
    CHECK(ringway_producer_try_claim(&first, 1, 40, NULL) >= 0); /* wraps to index 0, never committed */
    ringway_producer_close(&first); /* stands for its death: the lease is free */
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10));

    ringway_producer_t second;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&second, &channel));
    CHECK_EQ_LL(1, ringway_channel_unblocked_record_count(&channel));
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&second, 2));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(2, received.count);
    CHECK_EQ_LL(1, first_value(&received, 0));
    CHECK_EQ_LL(2, first_value(&received, 1));
    CHECK_EQ_LL(ringway_channel_producer_position(&channel), ringway_consumer_position(&consumer));
    ringway_channel_close(&channel);
}

/**
 * Forks a child that attaches the SPSC producer, claims A (type 1, 8 bytes), claims B (type 2, 8 bytes holding 42),
 * commits B and leaves A uncommitted, reports, then waits to be killed. @return its pid.
 */
static pid_t fork_producer_with_two_claims(const char *path)
{
    int ready[2];
    if (pipe(ready) != 0)
    {
        return -1;
    }
    const pid_t child = fork();
    if (child == 0)
    {
        close(ready[0]);
        ringway_channel_t channel;
        ringway_producer_t producer;
        char status = 'x';
        if (ringway_channel_open(&channel, path, NULL) == RINGWAY_OK &&
            ringway_producer_attach(&producer, &channel) == RINGWAY_OK)
        {
            const int32_t claim_a = ringway_producer_try_claim(&producer, 1, 8, NULL);
            uint8_t *body_b = NULL;
            const int32_t claim_b = ringway_producer_try_claim(&producer, 2, 8, &body_b);
            const int64_t value = 42;
            if (claim_a >= 0 && claim_b >= 0)
            {
                memcpy(body_b, &value, sizeof(value));
                status = ringway_producer_commit(&producer, claim_b) == RINGWAY_OK ? 'k' : 'x';
            }
        }
        if (write(ready[1], &status, 1) != 1)
        {
            _exit(3);
        }
        for (;;)
        {
            pause(); /* dies with claim A out, killed */
        }
    }
    close(ready[1]);
    return await_child_ready(ready[0], child);
}

static void shouldPadOnlyTheUncommittedClaimOfAKilledSpscProducerAndDeliverTheRecordItCommittedAfterIt(void)
{
    const char *path = test_path("twoclaims.ringway");
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    const pid_t child = fork_producer_with_two_claims(path);
    CHECK(child > 0);
    received_t received = { 0 };
    const int while_alive = ringway_consumer_poll(&consumer, collect, &received, 10);
    kill_and_reap(child); /* SIGKILL with claim A out and claim B committed */
    CHECK_EQ_LL(0, while_alive); /* stopped at claim A */

    ringway_producer_t second;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&second, &channel));
    CHECK_EQ_LL(1, ringway_channel_unblocked_record_count(&channel));
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&second, 7));
    CHECK_EQ_LL(2, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(2, received.count);
    CHECK_EQ_LL(2, received.type_ids[0]); /* B, committed after the dead claim A, is not lost */
    CHECK_EQ_LL(42, first_value(&received, 0));
    CHECK_EQ_LL(7, first_value(&received, 1));
    CHECK_EQ_LL(ringway_channel_producer_position(&channel), ringway_consumer_position(&consumer));
    ringway_channel_close(&channel);
}

/**
 * Forks a child that attaches the SPSC producer, offers 1, then offers an 8-byte body that lies in memory it cannot
 * read, so it dies copying that body: after the offer's claim moved the tail, before its commit. @return its pid,
 * reaped, or -1.
 */
static pid_t die_copying_the_body_of_an_spsc_offer(ringway_channel_t *channel)
{
    const pid_t child = fork();
    if (child == 0)
    {
        void *unreadable = die_on_reading_a_page_in_this_child();
        ringway_producer_t dying;
        if (unreadable == MAP_FAILED || ringway_producer_attach(&dying, channel) != RINGWAY_OK ||
            offer_value(&dying, 1) != RINGWAY_OK)
        {
            _exit(3);
        }
        ringway_producer_offer(&dying, 1, unreadable, 8);
        _exit(4);
    }
    int status = 0;
    if (child < 0 || waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 100 + SIGSEGV)
    {
        fprintf(stderr, "child: expected to die of SIGSEGV (exit %d), status=%d\n", 100 + SIGSEGV, status);
        return -1;
    }
    return child;
}

static void shouldLeaveTheLengthZeroWhenAProducerDiesInsideAnSpscOfferAndLetTheNextProducerPadItToTheTail(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("diedinoffer.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK(die_copying_the_body_of_an_spsc_offer(&channel) > 0);
    /* what it left (LAYOUT 6.1 step 6, offer): the tail past the claim of 16 bytes after the record of 1, and the
       claim's length still the 0 that the claim of 1 pre-zeroed, no negative length */
    CHECK_EQ_LL(2 * 16, ringway_channel_producer_position(&channel));
    CHECK_EQ_LL(0, ringway_get_int32_acquire(&ringway_record_at_(channel.ring_data, 16)->length));
    received_t received = { 0 };
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10)); /* stopped at the dead claim */

    ringway_producer_t next;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&next, &channel)); /* pads [16, 32) (LAYOUT 7.1) */
    CHECK_EQ_LL(1, ringway_channel_unblocked_record_count(&channel));
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&next, 2));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(2, received.count);
    CHECK_EQ_LL(1, first_value(&received, 0));
    CHECK_EQ_LL(2, first_value(&received, 1));
    CHECK_EQ_LL(ringway_channel_producer_position(&channel), ringway_consumer_position(&consumer));

    /* a tryClaim still stores its negative length (LAYOUT 6.1 step 6): commit and abort find the claim by it */
    uint8_t *body = NULL;
    const int32_t body_index = ringway_producer_try_claim(&next, 1, 8, &body);
    CHECK(body_index >= 0);
    ringway_record_header_t *claimed = ringway_record_at_(channel.ring_data, body_index - RINGWAY_RECORD_HEADER_LENGTH);
    CHECK_EQ_LL(-16, ringway_get_int32_acquire(&claimed->length));
    const int64_t value = 3;
    memcpy(body, &value, sizeof(value));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_commit(&next, body_index));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(3, first_value(&received, 2));
    ringway_channel_close(&channel);
}

static void shouldReportAnImpossibleClaimedLengthInTheSpscRepairWalkAsCorruption(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("badclaim.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    /* a "claim" of 64 bytes but the tail is only 16 bytes on: padding it would reach past the tail */
    move_tail_without_writing_a_record(&channel, 16);
    ringway_put_int32_release(&ringway_record_at_(channel.ring_data, 0)->length, -64);
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_E_CORRUPT_RECORD, ringway_producer_attach(&producer, &channel));
    CHECK_STR_EQ("length", ringway_producer_last_error_field(&producer));
    CHECK_CONTAINS(ringway_producer_last_error(&producer), "found=-64");
    CHECK_EQ_LL(0, ringway_channel_unblocked_record_count(&channel));
    CHECK_EQ_LL(0, ringway_channel_producer_lease_pid(&channel)); /* released again */
    ringway_channel_close(&channel);
}

static void shouldRefuseHostilePositionsInTheSpscRepairWalkWithoutOverflow(void)
{
    const char *path = test_path("hostile-repair.ringway");
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    /* a negative head: tail - head would overflow */
    channel.trailer->head_position = -8;
    channel.trailer->tail_position = INT64_MAX - 7;
    CHECK(ringway_producer_attach(&producer, &channel) < 0);
    CHECK_STR_EQ("tailPosition", ringway_producer_last_error_field(&producer));
    /* positions near INT64_MAX: position + record length would overflow */
    channel.trailer->head_position = INT64_MAX - 15;
    channel.trailer->tail_position = INT64_MAX - 7;
    ringway_record_header_t *record =
        (ringway_record_header_t *)(void *)(channel.ring_data + ((INT64_MAX - 15) & (1024 - 1)));
    record->type_id = 1;
    record->length = 48;
    CHECK(ringway_producer_attach(&producer, &channel) < 0);
    CHECK_STR_EQ("length", ringway_producer_last_error_field(&producer));
    ringway_channel_close(&channel);
}

static const test_case_t tests[] = {
    TEST_CASE(shouldNeverUnblockTheClaimOfAStoppedProducerProcessAndDeliverEverythingOnceWhenItResumes),
    TEST_CASE(shouldUnblockTheClaimOfAProducerProcessKilledBetweenClaimAndCommitAndFreeItsSlot),
    TEST_CASE(shouldNeverPadPastTheTailWhenADeadClaimantsLengthRunsBeyondIt),
    TEST_CASE(shouldKeepTheClaimFloorUntilTheLastClaimOfAHandleEndsAndRefuseTheFortyNinthLiveHandle),
    TEST_CASE(shouldUnblockAnMpscClaimNeverCommittedAfterTheTimeout),
    TEST_CASE(shouldLookForAStuckMpscClaimAtMostOnceAMillisecondEvenWhenItsNegativeLengthShowsAtTheHead),
    TEST_CASE(shouldUnblockAZeroedMpscClaimToTheEndWhenTheTailHasWrapped),
    TEST_CASE(shouldUnblockTheLastMpscClaimWhoseLengthWasNeverWrittenOnlyOnceTheNextMessageFollowsIt),
    TEST_CASE(shouldPadTheWholeMpscRunOfADeadProducerAfterTheTimeoutAndDeliverNoneOfItsRecords),
    TEST_CASE(shouldPadTheWholeMpscRunOfAProducerThatDiedCopyingItsSecondRecordAndDeliverNoneOfIt),
    TEST_CASE(shouldLetTheNextSpscProducerPadItsDeadPredecessorsClaim),
    TEST_CASE(shouldPadOnlyTheUncommittedClaimOfAKilledSpscProducerAndDeliverTheRecordItCommittedAfterIt),
    TEST_CASE(shouldLeaveTheLengthZeroWhenAProducerDiesInsideAnSpscOfferAndLetTheNextProducerPadItToTheTail),
    TEST_CASE(shouldReportAnImpossibleClaimedLengthInTheSpscRepairWalkAsCorruption),
    TEST_CASE(shouldRefuseHostilePositionsInTheSpscRepairWalkWithoutOverflow),
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, tests, (int)(sizeof(tests) / sizeof(tests[0])));
}
