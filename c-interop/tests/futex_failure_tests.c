/*
 * Every wait that parks on a futex (ringway_consumer_poll_wait, ringway_producer_offer_wait, ringway_journal_poll_wait)
 * reports a failed FUTEX_WAIT alike: RINGWAY_E_IO and "futex wait failed: file=<path> field=<futex word>
 * found=<errno text> expected=0, EAGAIN, ETIMEDOUT or EINTR". The failure is injected, not simulated: each test runs
 * its wait in a forked child that first installs a seccomp filter under which the shared FUTEX_WAIT (the only futex
 * wait the headers make) fails with EINVAL; the parent checks the child's exit status. Where seccomp filters are
 * refused the tests print "SKIPPED: ..." (CTest reports them skipped).
 */
#include "ringway_journal.h"

#include "journal_test_writer.h"
#include "test_support.h"

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/wait.h>

/** Exit status of a child that could not install its seccomp filter. */
#define SECCOMP_REFUSED_STATUS 77
/** Longer than any test should take: a wait that parks instead of failing ends the test by timeout. */
#define WAIT_TIMEOUT_NS (2 * INT64_C(1000000000))

/**
 * From now on, in this process and its children, FUTEX_WAIT with the shared op (RINGWAY_FUTEX_WAIT, 0) fails with
 * EINVAL; other futex ops (glibc's and the sanitizers' private waits, every wake) and other system calls are untouched.
 * The filter does not check the architecture: the tests make only native system calls.
 */
static bool fail_shared_futex_waits_with_einval(void)
{
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_futex, 0, 3),
        /* the low 32 bits of the op argument (little-endian), where the op and its flags are */
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1])),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, RINGWAY_FUTEX_WAIT, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EINVAL & SECCOMP_RET_DATA)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog program = { (unsigned short)(sizeof(filter) / sizeof(filter[0])), filter };
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0) == 0;
}

/** Runs scenario (a test body using CHECKs) in a child whose shared FUTEX_WAITs fail; checks that it passed. */
static void run_with_failing_futex_waits(void (*scenario)(void))
{
    fflush(NULL);
    const pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0)
    {
        if (!fail_shared_futex_waits_with_einval())
        {
            perror("seccomp");
            _exit(SECCOMP_REFUSED_STATUS);
        }
        const int failures_before = test_failures;
        scenario();
        fflush(NULL);
        _exit(test_failures == failures_before ? 0 : 1);
    }
    int status = 0;
    CHECK_EQ_LL(child, waitpid(child, &status, 0));
    CHECK(WIFEXITED(status));
    if (WEXITSTATUS(status) == SECCOMP_REFUSED_STATUS)
    {
        printf("SKIPPED: no seccomp filter here, so no injected futex failure\n");
        return;
    }
    CHECK_EQ_LL(0, WEXITSTATUS(status));
}

/** The detail every wait gives for a FUTEX_WAIT that failed with EINVAL on the futex word `field` of `path`. */
static const char *futex_failure_detail(const char *path, const char *field)
{
    static char detail[RINGWAY_ERROR_MESSAGE_LENGTH];
    snprintf(detail, sizeof(detail),
        "futex wait failed: file=%s field=%s found=%s expected=0, EAGAIN, ETIMEDOUT or EINTR", path, field,
        strerror(EINVAL));
    return detail;
}

/** Handlers of the waits: nothing is ever delivered to them here, and each says so if something is. */
static void no_message_expected(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    (void)type_id;
    (void)body;
    (void)body_length;
    *(bool *)clientd = true;
}

static void no_record_expected(
    void *clientd, int64_t index, int64_t timestamp_ns, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    (void)index;
    (void)timestamp_ns;
    no_message_expected(clientd, type_id, body, body_length);
}

/** An MPSC channel with a producer and a consumer, both with the blocking strategy: they park at once. */
typedef struct parking_roles_stct
{
    const char *path;
    ringway_channel_t channel;
    ringway_producer_t producer;
    ringway_consumer_t consumer;
}
parking_roles_t;

static int open_parking_roles(parking_roles_t *roles, const char *name)
{
    const ringway_create_options_t options = { RINGWAY_RING_KIND_MPSC, 1024, 0, 0, 0, false };
    roles->path = test_path(name);
    int result = ringway_channel_create(&roles->channel, roles->path, &options);
    if (result == RINGWAY_OK && (result = ringway_producer_attach(&roles->producer, &roles->channel)) == RINGWAY_OK)
    {
        result = ringway_consumer_attach(&roles->consumer, &roles->channel);
    }
    ringway_producer_set_wait_strategy(&roles->producer, ringway_wait_blocking());
    ringway_consumer_set_wait_strategy(&roles->consumer, ringway_wait_blocking());
    return result;
}

static void consumerParksOnAFailingFutex(void)
{
    parking_roles_t roles;
    CHECK_EQ_LL(RINGWAY_OK, open_parking_roles(&roles, "consumer.ringway"));
    ringway_consumer_t *consumer = &roles.consumer;
    bool delivered = false;
    CHECK_EQ_LL(
        RINGWAY_E_IO, ringway_consumer_poll_wait(consumer, no_message_expected, &delivered, 10, WAIT_TIMEOUT_NS));
    CHECK(!delivered);
    CHECK_STR_EQ("dataSequence", ringway_consumer_last_error_field(consumer));
    CHECK_STR_EQ(futex_failure_detail(roles.path, "dataSequence"), ringway_consumer_last_error(consumer));
    /* the lease holder is the only waiter on dataSequence: it leaves no flag behind */
    CHECK_EQ_LL(0, ringway_get_int32_acquire(&roles.channel.header->data_waiters));
    ringway_channel_close(&roles.channel);
}

static void shouldReportAFailedFutexWaitOfAConsumerWithItsErrnoAndClearItsWaitersFlag(void)
{
    run_with_failing_futex_waits(consumerParksOnAFailingFutex);
}

static void producerParksOnAFailingFutex(void)
{
    parking_roles_t roles;
    CHECK_EQ_LL(RINGWAY_OK, open_parking_roles(&roles, "producer.ringway"));
    ringway_producer_t *producer = &roles.producer;
    uint8_t body[64] = { 0 };
    while (ringway_producer_offer(producer, 1, body, (int32_t)sizeof(body)) == RINGWAY_OK)
    {
    }
    CHECK_EQ_LL(RINGWAY_E_IO, ringway_producer_offer_wait(producer, 1, body, (int32_t)sizeof(body), WAIT_TIMEOUT_NS));
    CHECK_STR_EQ("spaceSequence", ringway_producer_last_error_field(producer));
    CHECK_STR_EQ(futex_failure_detail(roles.path, "spaceSequence"), ringway_producer_last_error(producer));
    ringway_channel_close(&roles.channel);
}

static void shouldReportAFailedFutexWaitOfAProducerWithItsErrno(void)
{
    run_with_failing_futex_waits(producerParksOnAFailingFutex);
}

static void journalFollowerParksOnAFailingFutex(void)
{
    test_journal_writer_t writer;
    test_journal_writer_open(&writer, test_dir, 3 * RINGWAY_JOURNAL_PAGE_LENGTH, 2, 4);
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    ringway_journal_set_wait_strategy(&reader, ringway_wait_blocking());
    bool delivered = false;
    CHECK_EQ_LL(RINGWAY_E_IO, ringway_journal_poll_wait(&reader, no_record_expected, &delivered, 10, WAIT_TIMEOUT_NS));
    CHECK(!delivered);
    CHECK_EQ_LL(1, ringway_journal_park_count(&reader));
    CHECK_STR_EQ("dataSequence", ringway_journal_last_error_field(&reader));
    CHECK_STR_EQ(futex_failure_detail(ringway_journal_segment_path(&reader), "dataSequence"),
        ringway_journal_last_error(&reader));
    ringway_journal_close(&reader);
    test_journal_writer_close(&writer);
}

static void shouldReportAFailedFutexWaitOfAJournalFollowerWithItsErrno(void)
{
    run_with_failing_futex_waits(journalFollowerParksOnAFailingFutex);
}

static const test_case_t tests[] = {
    TEST_CASE(shouldReportAFailedFutexWaitOfAConsumerWithItsErrnoAndClearItsWaitersFlag),
    TEST_CASE(shouldReportAFailedFutexWaitOfAProducerWithItsErrno),
    TEST_CASE(shouldReportAFailedFutexWaitOfAJournalFollowerWithItsErrno),
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, tests, (int)(sizeof(tests) / sizeof(tests[0])));
}
