/*
 * Unit tests of ringway.h, the roles and their owners: leases (LAYOUT 8) held, released, refused while their
 * process lives (every thread of it counts) and taken over once it is killed; the process token read from
 * /proc/<pid>/stat; the pid namespace a channel records (LAYOUT 3, 8, 10.3); heartbeats, liveness and status on an
 * injected clock (LAYOUT 8.1, 11); time on CLOCK_MONOTONIC (LAYOUT 12).
 * One test per behaviour; CMakeLists.txt registers each by name with CTest (unit.lease.<test>).
 */
#define _GNU_SOURCE
#include "unit_support.h"

#include <ftw.h>
#include <pthread.h>
#include <sys/mount.h>
#include <sys/prctl.h>

/* ---------------------------------------------------------------------------------------------------------------- */
/* leases (LAYOUT 8)                                                                                                */
/* ---------------------------------------------------------------------------------------------------------------- */

static void shouldRefuseSecondConsumerInSameProcess(void)
{
    const char *path = test_path("lease.ringway");
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    ringway_consumer_t first;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&first, &channel));
    CHECK_EQ_LL(getpid(), ringway_channel_consumer_lease_pid(&channel));
    CHECK_EQ_LL(getpid(), channel.header->consumer_pid);
    CHECK(channel.header->consumer_heartbeat_ms > 0);
    CHECK_EQ_LL(ringway_process_token(getpid()), channel.header->consumer_lease);

    ringway_channel_t other;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_open(&other, path, NULL));
    ringway_consumer_t second;
    CHECK_EQ_LL(RINGWAY_E_LEASE_TAKEN, ringway_consumer_attach(&second, &other));
    CHECK_STR_EQ("consumerLease", ringway_consumer_last_error_field(&second));
    char expected[64];
    snprintf(expected, sizeof(expected), "found=pid %d (this process)", (int)getpid());
    CHECK_CONTAINS(ringway_consumer_last_error(&second), expected);
    CHECK_CONTAINS(ringway_consumer_last_error(&second), "channel role already taken: file=");
    ringway_channel_close(&other);
    ringway_channel_close(&channel);
}

static void shouldReleaseConsumerLeaseOnClose(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("release.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_close(&consumer));
    CHECK_EQ_LL(0, channel.header->consumer_lease);
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_close(&consumer)); /* twice is harmless */
    CHECK_EQ_LL(RINGWAY_E_CLOSED, ringway_consumer_poll(&consumer, collect, NULL, 1));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    ringway_channel_close(&channel);
}

static void shouldReleaseLeasesOnChannelClose(void)
{
    const char *path = test_path("closeall.ringway");
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    ringway_consumer_t consumer;
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_close(&channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_close(&channel));

    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_open(&channel, path, NULL));
    CHECK_EQ_LL(0, channel.header->consumer_lease);
    CHECK_EQ_LL(0, channel.header->producer_lease);
    ringway_channel_close(&channel);
}

/** Forks a child that opens the channel, attaches the role, reports, then waits to be killed. @return its pid. */
static pid_t fork_role_holder(const char *path, bool as_producer)
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
        char status = 'x';
        if (ringway_channel_open(&channel, path, NULL) == RINGWAY_OK)
        {
            ringway_consumer_t consumer;
            ringway_producer_t producer;
            const int result = as_producer ?
                ringway_producer_attach(&producer, &channel) : ringway_consumer_attach(&consumer, &channel);
            status = result == RINGWAY_OK ? 'k' : 'x';
        }
        if (write(ready[1], &status, 1) != 1)
        {
            _exit(3);
        }
        for (;;)
        {
            pause(); /* holds the lease until killed, never closing */
        }
    }
    close(ready[1]);
    return await_child_ready(ready[0], child);
}

static void shouldRefuseConsumerWhileLiveProcessHoldsLease(void)
{
    const char *path = test_path("live.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_MPSC, 1024));
    const pid_t child = fork_role_holder(path, false);
    CHECK(child > 0);

    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_open(&channel, path, NULL));
    ringway_consumer_t consumer;
    const int result = ringway_consumer_attach(&consumer, &channel);
    char expected[64];
    snprintf(expected, sizeof(expected), "found=pid %d (alive)", (int)child);
    const bool named_owner = strstr(ringway_consumer_last_error(&consumer), expected) != NULL;
    const int64_t lease_pid = ringway_channel_consumer_lease_pid(&channel);
    kill_and_reap(child);
    CHECK_EQ_LL(RINGWAY_E_LEASE_TAKEN, result);
    CHECK(named_owner);
    CHECK_EQ_LL(child, lease_pid);
    ringway_channel_close(&channel);
}

static void shouldTakeOverConsumerLeaseOfKilledProcess(void)
{
    const char *path = test_path("takeover.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    const pid_t child = fork_role_holder(path, false);
    CHECK(child > 0);
    kill_and_reap(child);

    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_open(&channel, path, NULL));
    CHECK_EQ_LL(child, ringway_channel_consumer_lease_pid(&channel)); /* the dead owner never released it */
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(getpid(), ringway_channel_consumer_lease_pid(&channel));
    CHECK_EQ_LL(getpid(), channel.header->consumer_pid);
    ringway_channel_close(&channel);
}

static void shouldRefuseSecondSpscProducer(void)
{
    const char *path = test_path("spscproducer.ringway");
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t first;
    ringway_producer_t second;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&first, &channel));
    CHECK_EQ_LL(getpid(), ringway_channel_producer_lease_pid(&channel));
    CHECK_EQ_LL(RINGWAY_E_LEASE_TAKEN, ringway_producer_attach(&second, &channel));
    CHECK_STR_EQ("producerLease", ringway_producer_last_error_field(&second));
    CHECK_EQ_LL(RINGWAY_E_CLOSED, ringway_producer_offer(&second, 1, NULL, 0));

    const pid_t child = fork_role_holder(path, true);
    const bool child_attached = child > 0;
    if (child > 0)
    {
        kill_and_reap(child);
    }
    CHECK(!child_attached); /* our lease is alive: the child's attach failed */

    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_close(&first));
    CHECK_EQ_LL(0, ringway_channel_producer_lease_pid(&channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&second, &channel));
    ringway_channel_close(&channel);
}

static void shouldTakeOverProducerLeaseOfKilledProcess(void)
{
    const char *path = test_path("producertakeover.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    const pid_t child = fork_role_holder(path, true);
    CHECK(child > 0);

    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_open(&channel, path, NULL));
    ringway_producer_t producer;
    const int while_alive = ringway_producer_attach(&producer, &channel);
    kill_and_reap(child);
    CHECK_EQ_LL(RINGWAY_E_LEASE_TAKEN, while_alive);
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(getpid(), ringway_channel_producer_lease_pid(&channel));
    CHECK_EQ_LL(getpid(), channel.header->producer_pid);
    ringway_channel_close(&channel);
}

static void shouldAttachManyMpscProducersWithoutLease(void)
{
    const char *path = test_path("mpscproducers.ringway");
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_MPSC, 1024));
    ringway_producer_t producers[3];
    for (int i = 0; i < 3; i++)
    {
        CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producers[i], &channel));
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producers[i], 1 + i, 8, i));
    }
    const pid_t child = fork_role_holder(path, true);
    const bool child_attached = child > 0;
    if (child > 0)
    {
        kill_and_reap(child);
    }
    CHECK(child_attached);
    CHECK_EQ_LL(0, channel.header->producer_lease);
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    received_t received = { 0 };
    CHECK_EQ_LL(3, ringway_consumer_poll(&consumer, collect, &received, 10));
    ringway_channel_close(&channel);
}

static void shouldKeepUnreadMessagesForNextConsumer(void)
{
    const char *path = test_path("unread.ringway");
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    for (int i = 0; i < 4; i++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 8, i));
    }
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    received_t received = { 0 };
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 1));
    ringway_channel_close(&channel);

    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_open(&channel, path, NULL));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    received.count = 0;
    CHECK_EQ_LL(3, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK(body_matches(received.first_bytes[0], 8, 1));
    ringway_channel_close(&channel);
}

static void shouldComputeLeaseTokenFromProcStat(void)
{
    const int64_t token = ringway_process_token(getpid());
    CHECK(token > 0);
    CHECK_EQ_LL(getpid(), ringway_token_pid(token));
    CHECK(ringway_token_is_alive(token));
    CHECK(!ringway_token_is_alive(token ^ 1)); /* same pid, other start time: a reused pid */
    CHECK_EQ_LL(-1, ringway_process_start_time(0));
    CHECK_EQ_LL(-1, ringway_process_start_time((int64_t)INT32_MAX + 1));

    /* a command name with spaces and parentheses: fields are counted from the last ')' */
    int report[2];
    CHECK(pipe(report) == 0);
    const pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0)
    {
        close(report[0]);
        /* and bytes that are not ASCII (0xc3 0xa9, 0xff): the stat line is bytes, not text (LAYOUT 8) */
        prctl(PR_SET_NAME, "a) (\xc3\xa9 \xff d", 0, 0, 0);
        const int64_t start_time = ringway_process_start_time(getpid());
        if (write(report[1], &start_time, sizeof(start_time)) != (ssize_t)sizeof(start_time))
        {
            _exit(3);
        }
        for (;;)
        {
            pause();
        }
    }
    close(report[1]);
    int64_t child_start_time = -2;
    const ssize_t bytes_read = read(report[0], &child_start_time, sizeof(child_start_time));
    close(report[0]);
    const int64_t seen_start_time = ringway_process_start_time(child);
    kill_and_reap(child);
    CHECK_EQ_LL(sizeof(child_start_time), bytes_read);
    CHECK(child_start_time > 0);
    CHECK_EQ_LL(child_start_time, seen_start_time);
    CHECK_EQ_LL(-1, ringway_process_start_time(child)); /* reaped: gone */
}

/* A child whose main thread exits while a worker thread holds the roles (LAYOUT 8) ------------------------------ */

typedef struct leader_exit_stct
{
    int ready_fd;
}
leader_exit_t;

static void *report_once_the_main_thread_has_exited(void *argument)
{
    const leader_exit_t *leader_exit = (const leader_exit_t *)argument;
    char stat_path[64];
    snprintf(stat_path, sizeof(stat_path), "/proc/%d/stat", (int)getpid());
    for (;;)
    {
        int state = 0;
        int64_t start_time = -1;
        int error_number = 0;
        if (ringway_read_stat_(stat_path, &state, &start_time, &error_number) == 0 && state == 'Z')
        {
            break; /* the leader shows Z while this thread runs */
        }
        sched_yield();
    }
    const char status = 'k';
    if (write(leader_exit->ready_fd, &status, 1) != 1)
    {
        _exit(3);
    }
    for (;;)
    {
        pause(); /* holds the roles until killed */
    }
    return NULL;
}

/**
 * Forks a child that attaches the SPSC producer and the consumer, starts a worker thread and ends its main thread with
 * pthread_exit: /proc/<pid>/stat then shows Z while the worker runs. @return its pid once the leader shows Z.
 */
static pid_t fork_role_holder_whose_main_thread_exits(const char *path)
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
        static ringway_channel_t channel;
        static ringway_producer_t producer;
        static ringway_consumer_t consumer;
        static leader_exit_t leader_exit;
        leader_exit.ready_fd = ready[1];
        pthread_t worker;
        if (ringway_channel_open(&channel, path, NULL) != RINGWAY_OK ||
            ringway_producer_attach(&producer, &channel) != RINGWAY_OK ||
            ringway_consumer_attach(&consumer, &channel) != RINGWAY_OK ||
            pthread_create(&worker, NULL, report_once_the_main_thread_has_exited, &leader_exit) != 0)
        {
            const char status = 'x';
            if (write(ready[1], &status, 1) != 1)
            {
                _exit(3);
            }
            _exit(2);
        }
        pthread_exit(NULL);
    }
    close(ready[1]);
    return await_child_ready(ready[0], child);
}

static void shouldKeepTheLeasesOfAProcessWhoseMainThreadExitedWhileAWorkerThreadRuns(void)
{
    const char *path = test_path("leaderexit.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    const pid_t child = fork_role_holder_whose_main_thread_exits(path);
    CHECK(child > 0);

    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_open(&channel, path, NULL));
    ringway_consumer_t consumer;
    ringway_producer_t producer;
    const ringway_process_verdict_t verdict = ringway_process_verdict(child);
    const int consumer_while_alive = ringway_consumer_attach(&consumer, &channel);
    char expected[64];
    snprintf(expected, sizeof(expected), "found=pid %d (alive)", (int)child);
    const bool named_owner_alive = strstr(ringway_consumer_last_error(&consumer), expected) != NULL;
    const int producer_while_alive = ringway_producer_attach(&producer, &channel);
    const ringway_liveness_t consumer_liveness = ringway_channel_consumer_liveness(&channel);
    const ringway_liveness_t producer_liveness = ringway_channel_producer_liveness(&channel);
    kill_and_reap(child);
    CHECK_EQ_LL(RINGWAY_PROCESS_ALIVE, verdict);
    CHECK_EQ_LL(RINGWAY_E_LEASE_TAKEN, consumer_while_alive);
    CHECK(named_owner_alive);
    CHECK_EQ_LL(RINGWAY_E_LEASE_TAKEN, producer_while_alive);
    CHECK(consumer_liveness != RINGWAY_LIVENESS_DEAD);
    CHECK(producer_liveness != RINGWAY_LIVENESS_DEAD);

    /* killed: every thread is gone, and the roles pass on */
    CHECK_EQ_LL(RINGWAY_PROCESS_DEAD, ringway_process_verdict(child));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    ringway_channel_close(&channel);
}

/* A directory laid out like /proc, for the rules that real processes cannot easily show ---------------------- */

static bool write_fake_file(const char *path, const char *text)
{
    FILE *file = fopen(path, "w");
    if (file == NULL)
    {
        return false;
    }
    const bool written = fputs(text, file) >= 0;
    return fclose(file) == 0 && written;
}

/* a stat line: pid, name, state, fields 4..21 as 0, starttime 777 (field 22), then a few more fields */
static bool write_fake_stat(const char *path, const char *name, char state)
{
    char line[512];
    snprintf(line, sizeof(line), "4242 (%s) %c 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 777 0 0 0\n", name, state);
    return write_fake_file(path, line);
}

static int remove_entry(const char *path, const struct stat *status, int type, struct FTW *ftw)
{
    (void)status;
    (void)type;
    (void)ftw;
    return remove(path);
}

static void shouldJudgeAProcessByEveryThreadWhenItsMainThreadHasExitedAndNeverTakeAnUnreadableStatAsDead(void)
{
    char root[1024];
    snprintf(root, sizeof(root), "%s", test_path("fakeproc"));
    char path[1200];
    CHECK_EQ_LL(0, mkdir(root, 0700));
    snprintf(path, sizeof(path), "%s/4242", root);
    CHECK_EQ_LL(0, mkdir(path, 0700));
    snprintf(path, sizeof(path), "%s/4242/task", root);
    CHECK_EQ_LL(0, mkdir(path, 0700));
    snprintf(path, sizeof(path), "%s/4242/task/4242", root);
    CHECK_EQ_LL(0, mkdir(path, 0700));
    snprintf(path, sizeof(path), "%s/4242/task/4243", root);
    CHECK_EQ_LL(0, mkdir(path, 0700));
    /* a name with ')', spaces and bytes that are not ASCII */
    const char *name = "x) Z (\xc3\xa9\xff";
    snprintf(path, sizeof(path), "%s/4242/stat", root);
    CHECK(write_fake_stat(path, name, 'Z'));
    snprintf(path, sizeof(path), "%s/4242/task/4242/stat", root);
    CHECK(write_fake_stat(path, name, 'Z'));
    snprintf(path, sizeof(path), "%s/4242/task/4243/stat", root);
    CHECK(write_fake_stat(path, name, 'S'));
    const int64_t token = ((int64_t)4242 << 32) | 777;
    int64_t start_time = -1;
    char detail[256];

    /* the leader is Z, a worker sleeps: alive, with the leader's start time */
    CHECK_EQ_LL(RINGWAY_PROCESS_ALIVE, ringway_process_verdict_at_(root, 4242, &start_time, detail, sizeof(detail)));
    CHECK_EQ_LL(777, start_time);
    CHECK_EQ_LL(RINGWAY_PROCESS_ALIVE, ringway_token_verdict_at_(root, token, detail, sizeof(detail)));
    CHECK_EQ_LL(RINGWAY_PROCESS_DEAD, ringway_token_verdict_at_(root, token + 1, detail, sizeof(detail)));
    CHECK_CONTAINS(detail, "pid reused");

    /* every thread Z (or gone): dead */
    CHECK(write_fake_stat(path, name, 'X'));
    CHECK_EQ_LL(RINGWAY_PROCESS_DEAD, ringway_token_verdict_at_(root, token, detail, sizeof(detail)));
    CHECK_CONTAINS(detail, "every thread");
    CHECK_EQ_LL(0, remove(path));
    CHECK_EQ_LL(RINGWAY_PROCESS_DEAD, ringway_token_verdict_at_(root, token, detail, sizeof(detail)));

    /* no such process */
    CHECK_EQ_LL(RINGWAY_PROCESS_DEAD, ringway_process_verdict_at_(root, 4343, NULL, detail, sizeof(detail)));
    CHECK_CONTAINS(detail, "no such process");

    /* a stat that cannot be parsed, or read, is not "dead" */
    snprintf(path, sizeof(path), "%s/4242/stat", root);
    CHECK(write_fake_file(path, "4242 (no closing parenthesis Z 1 0"));
    CHECK_EQ_LL(RINGWAY_PROCESS_UNKNOWN, ringway_token_verdict_at_(root, token, detail, sizeof(detail)));
    CHECK_CONTAINS(detail, "cannot parse");
    CHECK_EQ_LL(0, remove(path));
    CHECK_EQ_LL(0, mkdir(path, 0700)); /* read(2) fails with EISDIR */
    CHECK_EQ_LL(RINGWAY_PROCESS_UNKNOWN, ringway_token_verdict_at_(root, token, detail, sizeof(detail)));
    CHECK_CONTAINS(detail, "cannot read");
    CHECK_EQ_LL(0, nftw(root, remove_entry, 8, FTW_DEPTH | FTW_PHYS));
}

/* ---------------------------------------------------------------------------------------------------------------- */
/* pid namespaces (LAYOUT 3 pidNamespace, 8, 10.3)                                                                  */
/* ---------------------------------------------------------------------------------------------------------------- */

/** @return the number in this process's /proc/self/ns/pid link, "pid:[<inode>]", read without ringway.h; -1 if none. */
static long long own_pid_namespace(void)
{
    char target[64];
    const ssize_t length = readlink("/proc/self/ns/pid", target, sizeof(target) - 1);
    long long inode = -1;
    if (length > 0)
    {
        target[length] = '\0';
        if (sscanf(target, "pid:[%lld]", &inode) != 1)
        {
            inode = -1;
        }
    }
    return inode;
}

/** What a process of another pid namespace does; each writes one line to the test (pidns_act). */
typedef enum pidns_action_enum
{
    PIDNS_CREATE,  /* creates an SPSC channel of 4096 bytes and closes it: "CREATED" */
    PIDNS_OPEN,    /* opens the channel: "OPENED", or "REFUSED <the one-line error>" */
    PIDNS_CONSUME  /* creates an SPSC channel, attaches its consumer: "ATTACHED", then holds the lease until killed */
}
pidns_action_t;

typedef struct pidns_child_stct
{
    pid_t pid;
    int read_fd;
}
pidns_child_t;

static void pidns_act(pidns_action_t action, const char *path, int out_fd)
{
    ringway_channel_t channel;
    if (action == PIDNS_OPEN)
    {
        if (ringway_channel_open(&channel, path, NULL) != RINGWAY_OK)
        {
            dprintf(out_fd, "REFUSED %s\n", ringway_channel_last_error(&channel));
            return;
        }
        ringway_channel_close(&channel);
        dprintf(out_fd, "OPENED\n");
        return;
    }
    if (create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 4096) != RINGWAY_OK)
    {
        dprintf(out_fd, "ERROR %s\n", ringway_channel_last_error(&channel));
        return;
    }
    if (action == PIDNS_CREATE)
    {
        ringway_channel_close(&channel);
        dprintf(out_fd, "CREATED\n");
        return;
    }
    ringway_consumer_t consumer;
    if (ringway_consumer_attach(&consumer, &channel) != RINGWAY_OK)
    {
        dprintf(out_fd, "ERROR %s\n", ringway_channel_last_error(&channel));
        return;
    }
    dprintf(out_fd, "ATTACHED\n");
    for (;;)
    {
        pause();
    }
}

/**
 * Runs the action in a process of a new pid namespace with a /proc of its own, as `unshare --pid --fork --mount-proc`
 * does: a child unshares the pid and mount namespaces, and its child, pid 1 of the new namespace, mounts a proc of
 * that namespace on /proc (the mount stays private to the new mount namespace) and acts. Where a step is refused (not
 * root) the line the test reads starts "SKIPPED:". Killing child->pid kills the namespace (PR_SET_PDEATHSIG).
 */
static bool start_in_new_pid_namespace(pidns_child_t *child, pidns_action_t action, const char *path)
{
    int fds[2];
    if (pipe(fds) != 0)
    {
        return false;
    }
    child->pid = fork();
    if (child->pid < 0)
    {
        close(fds[0]);
        close(fds[1]);
        return false;
    }
    if (child->pid == 0)
    {
        close(fds[0]);
        if (unshare(CLONE_NEWPID | CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
        {
            dprintf(fds[1], "SKIPPED: this test needs a pid namespace of its own and unshare was refused here (it "
                "needs root or CAP_SYS_ADMIN): %s\n", strerror(errno));
            _exit(0);
        }
        const pid_t init = fork();
        if (init == 0)
        {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
            {
                dprintf(fds[1], "SKIPPED: mounting a proc for the new pid namespace was refused: %s\n",
                    strerror(errno));
                _exit(0);
            }
            pidns_act(action, path, fds[1]);
            _exit(0);
        }
        int status = 0;
        waitpid(init, &status, 0);
        _exit(0);
    }
    close(fds[1]);
    child->read_fd = fds[0];
    return true;
}

/** Reads the child's line, without its newline (empty when it wrote none). */
static void read_child_line(const pidns_child_t *child, char *line, size_t capacity)
{
    size_t length = 0;
    char c;
    while (length + 1 < capacity && read(child->read_fd, &c, 1) == 1 && c != '\n')
    {
        line[length++] = c;
    }
    line[length] = '\0';
}

static void stop_child(pidns_child_t *child)
{
    kill(child->pid, SIGKILL);
    waitpid(child->pid, NULL, 0);
    close(child->read_fd);
}

/** Runs the action in a new pid namespace to its end. @return false when the test is to be skipped (line says why). */
static bool run_in_new_pid_namespace(pidns_action_t action, const char *path, char *line, size_t capacity)
{
    pidns_child_t child;
    if (!start_in_new_pid_namespace(&child, action, path))
    {
        snprintf(line, capacity, "ERROR fork or pipe: %s", strerror(errno));
        return true;
    }
    read_child_line(&child, line, capacity);
    waitpid(child.pid, NULL, 0);
    close(child.read_fd);
    if (strncmp(line, "SKIPPED:", 8) == 0)
    {
        printf("%s\n", line);
        return false;
    }
    return true;
}

/** The one line of LAYOUT 10.3 for a file of pid namespace `found` opened in pid namespace `expected`. */
static void pid_namespace_refusal(char *text, size_t capacity, const char *path, long long found, long long expected)
{
    snprintf(text, capacity, "channel file shared across pid namespaces: file=%s field=pidNamespace found=%lld "
        "expected=%lld (every process of a channel must share one pid namespace and /proc)", path, found, expected);
}

static void shouldRecordThePidNamespaceOfItsCreatorInTheHeader(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("pidns.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    const int64_t recorded = channel.header->pid_namespace;
    ringway_channel_close(&channel);
    CHECK(own_pid_namespace() > 0);
    CHECK_EQ_LL(own_pid_namespace(), recorded);
}

static void shouldRefuseToOpenAChannelFileThatRecordsAnotherPidNamespace(void)
{
    const char *path = test_path("other-pidns.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(patch_int64(path, 56, own_pid_namespace() + 1));
    CHECK(open_is_refused(path, RINGWAY_E_INVALID_FILE, "pidNamespace"));
    ringway_channel_t channel;
    ringway_channel_open(&channel, path, NULL);
    char expected[RINGWAY_ERROR_MESSAGE_LENGTH + 64];
    pid_namespace_refusal(expected, sizeof(expected), path, own_pid_namespace() + 1, own_pid_namespace());
    CHECK_STR_EQ(expected, ringway_channel_last_error(&channel));
}

static void shouldOpenAChannelFileOfALayout12CreatorThatRecordsNoPidNamespace(void)
{
    const char *path = test_path("layout12.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(patch_int64(path, 56, 0));
    CHECK(patch_int32(path, 8, 0x00010002));
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_open(&channel, path, NULL));
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    ringway_channel_close(&channel);
}

static void shouldRefuseToOpenAChannelCreatedInAnotherPidNamespace(void)
{
    const char *path = test_path("created-inside.ringway");
    char line[RINGWAY_ERROR_MESSAGE_LENGTH + 64];
    if (!run_in_new_pid_namespace(PIDNS_CREATE, path, line, sizeof(line)))
    {
        return;
    }
    CHECK_STR_EQ("CREATED", line);
    ringway_channel_t channel;
    const int result = ringway_channel_open(&channel, path, NULL);
    if (result == RINGWAY_OK)
    {
        ringway_channel_close(&channel);
    }
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, result);
    int64_t recorded = 0;
    const int fd = open(path, O_RDONLY);
    CHECK(fd >= 0 && pread(fd, &recorded, sizeof(recorded), 56) == (ssize_t)sizeof(recorded));
    close(fd);
    CHECK(recorded != 0 && recorded != own_pid_namespace());
    char expected[RINGWAY_ERROR_MESSAGE_LENGTH + 64];
    pid_namespace_refusal(expected, sizeof(expected), path, (long long)recorded, own_pid_namespace());
    CHECK_STR_EQ(expected, ringway_channel_last_error(&channel));
}

static void shouldRefuseInAnotherPidNamespaceToOpenAChannelCreatedOutside(void)
{
    const char *path = test_path("created-outside.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    char line[RINGWAY_ERROR_MESSAGE_LENGTH + 64];
    if (!run_in_new_pid_namespace(PIDNS_OPEN, path, line, sizeof(line)))
    {
        return;
    }
    char prefix[RINGWAY_ERROR_MESSAGE_LENGTH + 64];
    snprintf(prefix, sizeof(prefix), "REFUSED channel file shared across pid namespaces: file=%s field=pidNamespace "
        "found=%lld expected=", path, own_pid_namespace());
    if (strncmp(line, prefix, strlen(prefix)) != 0)
    {
        fprintf(stderr, "the child in another pid namespace said: %s\n", line);
    }
    CHECK(strncmp(line, prefix, strlen(prefix)) == 0);
    const char *rule = " (every process of a channel must share one pid namespace and /proc)";
    CHECK(strlen(line) > strlen(rule) && strcmp(line + strlen(line) - strlen(rule), rule) == 0);
    long long inside = 0;
    CHECK(sscanf(line + strlen(prefix), "%lld", &inside) == 1);
    CHECK(inside > 0 && inside != own_pid_namespace());
}

static void shouldNeverLetASecondConsumerTakeTheLeaseOfALiveConsumerInAnotherPidNamespace(void)
{
    const char *path = test_path("consumed-inside.ringway");
    pidns_child_t holder;
    CHECK(start_in_new_pid_namespace(&holder, PIDNS_CONSUME, path));
    char line[RINGWAY_ERROR_MESSAGE_LENGTH + 64];
    read_child_line(&holder, line, sizeof(line));
    if (strncmp(line, "SKIPPED:", 8) == 0)
    {
        printf("%s\n", line);
        stop_child(&holder);
        return;
    }
    bool attached = strcmp(line, "ATTACHED") == 0;
    /* the filed defect: this process looks the holder's pid up in its own /proc, finds another process (or none)
     * there, judges the live consumer dead and takes its lease over; now open refuses first */
    ringway_channel_t channel;
    const int opened = attached ? ringway_channel_open(&channel, path, NULL) : RINGWAY_E_IO;
    int took_over = RINGWAY_E_LEASE_TAKEN;
    char error[RINGWAY_ERROR_MESSAGE_LENGTH + 64] = "";
    if (opened == RINGWAY_OK)
    {
        ringway_consumer_t consumer;
        took_over = ringway_consumer_attach(&consumer, &channel);
        ringway_channel_close(&channel);
    }
    else if (attached)
    {
        snprintf(error, sizeof(error), "%s", ringway_channel_last_error(&channel));
    }
    const bool holder_alive = kill(holder.pid, 0) == 0;
    stop_child(&holder);

    if (!attached)
    {
        fprintf(stderr, "the consumer in another pid namespace said: %s\n", line);
    }
    CHECK(attached);
    CHECK(holder_alive);
    if (took_over == RINGWAY_OK)
    {
        fprintf(stderr, "a second consumer took over the lease of a live consumer in another pid namespace\n");
    }
    CHECK(took_over != RINGWAY_OK);
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, opened);
    CHECK_CONTAINS(error, "channel file shared across pid namespaces: file=");
    CHECK_CONTAINS(error, " field=pidNamespace found=");
}

/* ---------------------------------------------------------------------------------------------------------------- */
/* heartbeats, liveness and status (LAYOUT 8.1, 11)                                                                 */
/* ---------------------------------------------------------------------------------------------------------------- */

static void shouldReportLivenessAndStatusWithAnInjectedClock(void)
{
    int64_t now_ms = 1000000;
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("live.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_channel_set_clock(&channel, manual_clock, &now_ms);
    ringway_channel_set_heartbeat_timeout_ms(&channel, 500);
    CHECK_EQ_LL(RINGWAY_LIVENESS_ABSENT, ringway_channel_consumer_liveness(&channel));
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK(ringway_producer_is_consumer_alive(&producer));
    CHECK(ringway_consumer_is_producer_alive(&consumer));
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&producer, 5));

    now_ms += 501;
    ringway_status_t status;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_status(&channel, &status));
    CHECK_EQ_LL(RINGWAY_LIVENESS_STALE, status.consumer_liveness);
    CHECK_EQ_LL(RINGWAY_LIVENESS_STALE, status.producer_liveness);
    CHECK_EQ_LL(501, status.consumer_heartbeat_age_ms);
    CHECK_EQ_LL(getpid(), status.consumer_pid);
    CHECK_EQ_LL(getpid(), status.producer_pid);
    CHECK_EQ_LL(16, status.fill_length);
    CHECK_EQ_LL(ringway_file_length(1024), status.file_length);
    CHECK_STR_EQ("STALE", ringway_liveness_name(status.consumer_liveness));

    received_t received = { 0 };
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(RINGWAY_LIVENESS_STALE, ringway_channel_consumer_liveness(&channel)); /* one busy poll: no read */
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10));       /* an empty poll beats */
    CHECK_EQ_LL(RINGWAY_LIVENESS_ALIVE, ringway_channel_consumer_liveness(&channel));
    ringway_producer_heartbeat(&producer);
    CHECK_EQ_LL(RINGWAY_LIVENESS_ALIVE, ringway_channel_producer_liveness(&channel));

    ringway_put_int64_release(&channel.header->consumer_lease, (INT64_C(2147483647) << 32) | 1); /* no such pid */
    CHECK_EQ_LL(RINGWAY_LIVENESS_DEAD, ringway_channel_consumer_liveness(&channel));
    CHECK(!ringway_producer_is_consumer_alive(&producer));
    ringway_put_int64_release(&channel.header->consumer_lease, 0);
    ringway_channel_close(&channel);
}

static void shouldReadTheClockOnceEvery256OffersWhileMessagesFlow(void)
{
    int64_t now_ms = 1000;
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("beat.ringway"), RINGWAY_RING_KIND_MPSC, 65536));
    ringway_channel_set_clock(&channel, manual_clock, &now_ms);
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    now_ms += 7;
    for (int i = 1; i < RINGWAY_OPERATIONS_PER_CLOCK_READ; i++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_value(&producer, i));
    }
    CHECK_EQ_LL(1000, channel.header->producer_heartbeat_ms);
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&producer, 0));
    CHECK_EQ_LL(1007, channel.header->producer_heartbeat_ms);
    ringway_channel_close(&channel);
}

/* A clock that counts its reads and returns a fixed time. */
static int64_t counting_clock(void *clientd)
{
    (*(int64_t *)clientd)++;
    return 1000;
}

static void shouldNotReadTheClockAfterADeliveryWhenAnEmptyPollHasReadItSinceTheLastOne(void)
{
    int64_t now_ms = 1000;
    int64_t consumer_clock_reads = 0;
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("alternate.ringway"), RINGWAY_RING_KIND_SPSC, 65536));
    ringway_channel_set_clock(&channel, counting_clock, &consumer_clock_reads);
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    ringway_channel_set_clock(&channel, manual_clock, &now_ms); /* the producer's, attached after */
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    const int64_t reads_at_attach = consumer_clock_reads;
    const int rounds = 3 * RINGWAY_OPERATIONS_PER_CLOCK_READ;
    for (int i = 0; i < rounds; i++)
    {
        received_t received = { 0 };
        CHECK_EQ_LL(RINGWAY_OK, offer_value(&producer, i));
        CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 1));
        CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 1));
    }
    /* every empty poll read the clock, so no delivering poll reached 256 operations since the last read */
    CHECK_EQ_LL(rounds, consumer_clock_reads - reads_at_attach);
    ringway_channel_close(&channel);
}

static void shouldCountAClaimAsABusyOperationAtItsCommitNotAtTheClaim(void)
{
    int64_t clock_reads = 0;
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("claim-beat.ringway"), RINGWAY_RING_KIND_SPSC, 65536));
    ringway_channel_set_clock(&channel, counting_clock, &clock_reads);
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    for (int i = 1; i < RINGWAY_OPERATIONS_PER_CLOCK_READ; i++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_value(&producer, i));
    }
    const int64_t reads_before_claim = clock_reads;

    uint8_t *body = NULL;
    const int32_t index = ringway_producer_try_claim(&producer, 1, 8, &body);
    CHECK(index >= 0);
    CHECK_EQ_LL(reads_before_claim, clock_reads); /* the 256th operation's claim reads no clock */
    memset(body, 0, 8);
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_commit(&producer, index));
    CHECK_EQ_LL(reads_before_claim + 1, clock_reads); /* its commit reads it */
    ringway_channel_close(&channel);
}

/* The clock of shouldReadTheBusyClockOfAnOfferOrABatchOnlyAfterItsCommit: at each read, the length of one record. */
typedef struct record_inspector_stct
{
    uint8_t *ring_data; /* NULL until the producer is attached */
    int32_t record_index;
    int32_t length_at_last_read;
}
record_inspector_t;

static int64_t inspecting_clock(void *clientd)
{
    record_inspector_t *inspector = (record_inspector_t *)clientd;
    inspector->length_at_last_read = inspector->ring_data == NULL ? -1 :
        ringway_get_int32_acquire((int32_t *)(inspector->ring_data + inspector->record_index));
    return 1000;
}

static void shouldReadTheBusyClockOfAnOfferOrABatchOnlyAfterItsCommit(void)
{
    const int32_t record_length = RINGWAY_RECORD_HEADER_LENGTH + 8;
    record_inspector_t inspector = { NULL, 0, 0 };
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("commit-beat.ringway"), RINGWAY_RING_KIND_SPSC, 65536));
    ringway_channel_set_clock(&channel, inspecting_clock, &inspector);
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    inspector.ring_data = producer.ring_data;

    inspector.record_index = (RINGWAY_OPERATIONS_PER_CLOCK_READ - 1) * record_length;
    for (int i = 0; i < RINGWAY_OPERATIONS_PER_CLOCK_READ; i++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_value(&producer, i));
    }
    CHECK_EQ_LL(record_length, inspector.length_at_last_read); /* the 256th offer read the clock after its commit */

    for (int i = 1; i < RINGWAY_OPERATIONS_PER_CLOCK_READ; i++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_value(&producer, i));
    }
    const int64_t value = 7;
    const ringway_message_t batch[] = { { 1, 8, &value } };
    inspector.record_index = (2 * RINGWAY_OPERATIONS_PER_CLOCK_READ - 1) * record_length;
    inspector.length_at_last_read = -1;
    size_t written = 0;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_offer_batch(&producer, batch, 1, &written));
    CHECK_EQ_LL(1, written);
    CHECK_EQ_LL(record_length, inspector.length_at_last_read); /* so did the batch that was the 512th operation */
    ringway_channel_close(&channel);
}

/* Positions another process wrote: arithmetic on them must not overflow (UBSan aborts the asan build if it does). */
static void shouldReportTheStatusOfHostilePositionsWithoutOverflow(void)
{
    const char *path = test_path("hostile-status.ringway");
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    channel.trailer->head_position = -8;
    channel.trailer->tail_position = INT64_MAX - 7;
    ringway_status_t status;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_status(&channel, &status));
    CHECK_EQ_LL(INT64_MAX - 7, status.tail_position);
    CHECK_EQ_LL(-8, status.head_position);
    ringway_channel_close(&channel);
}

/* ---------------------------------------------------------------------------------------------------------------- */
/* time: CLOCK_MONOTONIC for heartbeats, ages and the unblock timer; the wall clock only dates snapshots (LAYOUT 12) */
/* ---------------------------------------------------------------------------------------------------------------- */

static int64_t clock_monotonic_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

static void shouldNeitherUnblockALiveClaimNorCallAPeerStaleWhenTheWallClockStepsAnHourForward(void)
{
    int64_t monotonic_ms = 1000000;
    int64_t wall_ms = INT64_C(1700000000000);
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("step.ringway"), RINGWAY_RING_KIND_MPSC, 1024));
    ringway_channel_set_clock(&channel, manual_clock, &monotonic_ms);
    ringway_channel_set_wall_clock(&channel, manual_clock, &wall_ms);
    ringway_channel_set_unblock_timeout_ms(&channel, 1000);
    ringway_channel_set_heartbeat_timeout_ms(&channel, 500);
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&producer, 1));
    uint8_t *claimed = NULL;
    const int32_t claim_index = ringway_producer_try_claim(&producer, 1, (int32_t)sizeof(int64_t), &claimed);
    CHECK(claim_index >= 0); /* a live producer's claim, committed below */
    const int64_t claimed_value = 2;
    memcpy(claimed, &claimed_value, sizeof(claimed_value));
    received_t received = { 0 };
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10)); /* blocked: the unblock timer starts */

    wall_ms += 3600 * 1000;
    for (int i = 0; i < 4; i++)
    {
        CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10));
    }

    CHECK_EQ_LL(0, ringway_channel_unblocked_record_count(&channel)); /* the monotonic clock did not move */
    ringway_status_t status;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_status(&channel, &status));
    CHECK_EQ_LL(RINGWAY_LIVENESS_ALIVE, status.producer_liveness);
    CHECK_EQ_LL(RINGWAY_LIVENESS_ALIVE, status.consumer_liveness);
    CHECK_EQ_LL(0, status.producer_heartbeat_age_ms);
    CHECK_EQ_LL(0, status.consumer_heartbeat_age_ms);
    CHECK_EQ_LL(1000000, status.now_ms);
    CHECK_EQ_LL(INT64_C(1700000000000) + 3600 * 1000, status.now_epoch_ms); /* the wall clock only dates it */
    CHECK(ringway_consumer_is_producer_alive(&consumer));
    CHECK(ringway_producer_is_consumer_alive(&producer));

    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_commit(&producer, claim_index));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(2, received.count);
    CHECK_EQ_LL(2, first_value(&received, 1)); /* delivered, not padded */
    ringway_channel_close(&channel);
}

static void shouldStoreHeartbeatsInMillisecondsOfClockMonotonicByDefault(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("monotonic.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    const int64_t before_ms = clock_monotonic_ms();
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    const int64_t after_ms = clock_monotonic_ms();

    ringway_status_t status;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_status(&channel, &status));
    ringway_channel_close(&channel);
    CHECK(before_ms <= status.producer_heartbeat_ms && status.producer_heartbeat_ms <= after_ms);
    CHECK(before_ms <= status.consumer_heartbeat_ms && status.consumer_heartbeat_ms <= after_ms);
    CHECK_EQ_LL(RINGWAY_LIVENESS_ALIVE, status.consumer_liveness);
}

static void shouldCallALayout11PeerWithAnEpochHeartbeatNeitherStaleNorDeadByAge(void)
{
    int64_t monotonic_ms = 1000000;
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("old-peer.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    ringway_channel_set_clock(&channel, manual_clock, &monotonic_ms);
    ringway_channel_set_heartbeat_timeout_ms(&channel, 500);
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    /* what a layout 1.1 consumer writes: epoch ms, far ahead of any CLOCK_MONOTONIC time */
    ringway_put_int64_release(&channel.header->consumer_heartbeat_ms, INT64_C(1700000000000));
    monotonic_ms += 3600 * 1000;

    ringway_status_t status;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_status(&channel, &status));
    ringway_channel_close(&channel);
    CHECK_EQ_LL(0, status.consumer_heartbeat_age_ms); /* unknown age reads as 0 */
    CHECK_EQ_LL(RINGWAY_LIVENESS_ALIVE, status.consumer_liveness); /* its process decides, not the age */
}

static const test_case_t tests[] = {
    TEST_CASE(shouldRefuseSecondConsumerInSameProcess),
    TEST_CASE(shouldReleaseConsumerLeaseOnClose),
    TEST_CASE(shouldReleaseLeasesOnChannelClose),
    TEST_CASE(shouldRefuseConsumerWhileLiveProcessHoldsLease),
    TEST_CASE(shouldTakeOverConsumerLeaseOfKilledProcess),
    TEST_CASE(shouldRefuseSecondSpscProducer),
    TEST_CASE(shouldTakeOverProducerLeaseOfKilledProcess),
    TEST_CASE(shouldAttachManyMpscProducersWithoutLease),
    TEST_CASE(shouldKeepUnreadMessagesForNextConsumer),
    TEST_CASE(shouldComputeLeaseTokenFromProcStat),
    TEST_CASE(shouldKeepTheLeasesOfAProcessWhoseMainThreadExitedWhileAWorkerThreadRuns),
    TEST_CASE(shouldJudgeAProcessByEveryThreadWhenItsMainThreadHasExitedAndNeverTakeAnUnreadableStatAsDead),
    TEST_CASE(shouldRecordThePidNamespaceOfItsCreatorInTheHeader),
    TEST_CASE(shouldRefuseToOpenAChannelFileThatRecordsAnotherPidNamespace),
    TEST_CASE(shouldOpenAChannelFileOfALayout12CreatorThatRecordsNoPidNamespace),
    TEST_CASE(shouldRefuseToOpenAChannelCreatedInAnotherPidNamespace),
    TEST_CASE(shouldRefuseInAnotherPidNamespaceToOpenAChannelCreatedOutside),
    TEST_CASE(shouldNeverLetASecondConsumerTakeTheLeaseOfALiveConsumerInAnotherPidNamespace),
    TEST_CASE(shouldReportLivenessAndStatusWithAnInjectedClock),
    TEST_CASE(shouldReadTheClockOnceEvery256OffersWhileMessagesFlow),
    TEST_CASE(shouldNotReadTheClockAfterADeliveryWhenAnEmptyPollHasReadItSinceTheLastOne),
    TEST_CASE(shouldCountAClaimAsABusyOperationAtItsCommitNotAtTheClaim),
    TEST_CASE(shouldReadTheBusyClockOfAnOfferOrABatchOnlyAfterItsCommit),
    TEST_CASE(shouldReportTheStatusOfHostilePositionsWithoutOverflow),
    TEST_CASE(shouldNeitherUnblockALiveClaimNorCallAPeerStaleWhenTheWallClockStepsAnHourForward),
    TEST_CASE(shouldStoreHeartbeatsInMillisecondsOfClockMonotonicByDefault),
    TEST_CASE(shouldCallALayout11PeerWithAnEpochHeartbeatNeitherStaleNorDeadByAge),
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, tests, (int)(sizeof(tests) / sizeof(tests[0])));
}
