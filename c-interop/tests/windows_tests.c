/*
 * ringway.h on Windows (LAYOUT 8, 9.7 and 10 on Windows), built with mingw-w64 and run on Windows or under Wine. The
 * Linux unit tests fork and read /proc; these start real child processes instead (this executable again, with
 * --child <role> ..., or the conformance programs beside it) and kill them with TerminateProcess.
 *
 * Run one test: ringway_windows_tests <testName>; all: ringway_windows_tests. The C<->Go tests run the Go conformance
 * programs built with GOOS=windows and copied beside this executable as go_sequence_producer.exe and
 * go_sequence_consumer.exe.
 */
#include "ringway.h"
#include "ringway_journal.h"

#include "test_support.h"

/* ------------------------------------------------------------------------------------------------------------------
 * Processes: this executable as a child in a role, the programs beside it, kills
 * ---------------------------------------------------------------------------------------------------------------- */

/** The conformance traffic per test (docs/CONFORMANCE.md): a million messages, as on Linux and in Go. */
#define CONFORMANCE_MESSAGES 1000000
/** How long a test waits for a child to reach a state or to exit. */
#define CHILD_TIMEOUT_MS 60000
#define PING_PONG_ROUNDS 2000

/** Writes the directory of this executable, with its trailing backslash, into directory. */
static void executable_directory(char *directory, size_t directory_length)
{
    char path[MAX_PATH + 1];
    const DWORD length = GetModuleFileNameA(NULL, path, sizeof(path));
    path[length < sizeof(path) ? length : sizeof(path) - 1] = '\0';
    char *last_separator = strrchr(path, '\\');
    if (last_separator != NULL)
    {
        last_separator[1] = '\0';
    }
    snprintf(directory, directory_length, "%s", path);
}

/** Starts "<program> <arguments>" (program: a file beside this executable, or NULL for this one). @return its handle. */
static HANDLE start_process(const char *program, const char *arguments)
{
    char directory[MAX_PATH + 1];
    executable_directory(directory, sizeof(directory));
    char self[MAX_PATH + 1];
    GetModuleFileNameA(NULL, self, sizeof(self));
    char command_line[4096];
    if (program == NULL)
    {
        snprintf(command_line, sizeof(command_line), "\"%s\" %s", self, arguments);
    }
    else
    {
        snprintf(command_line, sizeof(command_line), "\"%s%s\" %s", directory, program, arguments);
    }
    STARTUPINFOA startup;
    memset(&startup, 0, sizeof(startup));
    startup.cb = sizeof(startup);
    PROCESS_INFORMATION process;
    if (!CreateProcessA(NULL, command_line, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &process))
    {
        fprintf(stderr, "CreateProcessA %s failed: %lu\n", command_line, GetLastError());
        return NULL;
    }
    CloseHandle(process.hThread);
    return process.hProcess;
}

/** Starts this executable as a child: --child <role> <path> [number]. */
static HANDLE start_child(const char *role, const char *path, long long number)
{
    char arguments[2048];
    snprintf(arguments, sizeof(arguments), "--child %s \"%s\" %lld", role, path, number);
    return start_process(NULL, arguments);
}

/** @return the exit code of the process once it exits within timeout_ms, or -1 (it is then killed). Closes it. */
static long exit_code_of(HANDLE process, DWORD timeout_ms)
{
    long result = -1;
    if (WaitForSingleObject(process, timeout_ms) == WAIT_OBJECT_0)
    {
        DWORD exit_code = 0;
        GetExitCodeProcess(process, &exit_code);
        result = (long)exit_code;
    }
    else
    {
        TerminateProcess(process, 99);
        WaitForSingleObject(process, INFINITE);
    }
    CloseHandle(process);
    return result;
}

/** Kills the process (TerminateProcess, as a crash would end it) and waits until it has exited; keeps the handle. */
static void kill_process(HANDLE process)
{
    TerminateProcess(process, 9);
    WaitForSingleObject(process, INFINITE);
}

/** Waits until *word (acquire) equals value. @return false after CHILD_TIMEOUT_MS. */
static bool await_int32(int32_t *word, int32_t value)
{
    const ULONGLONG deadline = GetTickCount64() + CHILD_TIMEOUT_MS;
    while (ringway_get_int32_acquire(word) != value)
    {
        if (GetTickCount64() > deadline)
        {
            return false;
        }
        SwitchToThread();
    }
    return true;
}

/** Waits until *word (acquire) is at least value. @return false after CHILD_TIMEOUT_MS. */
static bool await_int64_at_least(int64_t *word, int64_t value)
{
    const ULONGLONG deadline = GetTickCount64() + CHILD_TIMEOUT_MS;
    while (ringway_get_int64_acquire(word) < value)
    {
        if (GetTickCount64() > deadline)
        {
            return false;
        }
        SwitchToThread();
    }
    return true;
}

static int create_channel(ringway_channel_t *channel, const char *path, int32_t ring_kind, int32_t capacity)
{
    ringway_create_options_t options = { ring_kind, capacity, 0, 0, 0, false };
    const int result = ringway_channel_create(channel, path, &options);
    if (result < 0)
    {
        fprintf(stderr, "create: %s\n", ringway_channel_last_error(channel));
    }
    return result;
}

static void count_message(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    (void)type_id;
    (void)body;
    (void)body_length;
    (*(int *)clientd)++;
}

/** Remembers the last message: type id and its first 8 bytes as an int64. */
typedef struct received_stct
{
    int count;
    int32_t type_id;
    int64_t value;
}
received_t;

static void remember_message(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    received_t *received = (received_t *)clientd;
    received->count++;
    received->type_id = type_id;
    received->value = 0;
    if (body_length >= 8)
    {
        memcpy(&received->value, body, sizeof(received->value));
    }
}

static int offer_value(ringway_producer_t *producer, int64_t value)
{
    return ringway_producer_offer(producer, 1, &value, (int32_t)sizeof(value));
}

/* ------------------------------------------------------------------------------------------------------------------
 * Child roles (--child <role> <path> <number>); exit 0 on success
 * ---------------------------------------------------------------------------------------------------------------- */

static int open_for_child(ringway_channel_t *channel, const char *path)
{
    if (ringway_channel_open(channel, path, NULL) < 0)
    {
        fprintf(stderr, "child: %s\n", ringway_channel_last_error(channel));
        return -1;
    }
    return 0;
}

/** Holds the consumer lease until killed. */
static int child_hold_consumer(const char *path)
{
    ringway_channel_t channel;
    ringway_consumer_t consumer;
    if (open_for_child(&channel, path) < 0 || ringway_consumer_attach(&consumer, &channel) < 0)
    {
        return 1;
    }
    Sleep(INFINITE);
    return 0;
}

/** Parks (blocking strategy) until one message arrives, for at most `timeout_s` seconds. */
static int child_consume_one_parked(const char *path, long long timeout_s)
{
    ringway_channel_t channel;
    ringway_consumer_t consumer;
    if (open_for_child(&channel, path) < 0 || ringway_consumer_attach(&consumer, &channel) < 0)
    {
        return 1;
    }
    ringway_consumer_set_wait_strategy(&consumer, ringway_wait_blocking());
    int delivered = 0;
    const int result = ringway_consumer_poll_wait(&consumer, count_message, &delivered, 1,
        timeout_s * RINGWAY_NANOS_PER_SECOND);
    ringway_channel_close(&channel);
    return result == 1 && delivered == 1 ? 0 : 2;
}

/**
 * Offers `count` messages into a full ring, each parked for space with the building blocks of offer_wait (LAYOUT 9.1:
 * flag, fence, re-check, park), and fails on a park that ended by its 1 s timeout: the consumer frees one message
 * only after it saw the flag, so every park must end by a wake.
 */
static int child_offer_parked_for_space(const char *path, long long count)
{
    ringway_channel_t channel;
    ringway_producer_t producer;
    if (open_for_child(&channel, path) < 0 || ringway_producer_attach(&producer, &channel) < 0)
    {
        return 1;
    }
    ringway_header_page_t *header = channel.header;
    for (long long i = 0; i < count; i++)
    {
        for (;;)
        {
            const int32_t sequence = ringway_prepare_to_wait_(&header->space_sequence, &header->space_waiters);
            const int result = offer_value(&producer, i);
            if (result == RINGWAY_OK)
            {
                break;
            }
            if (result != RINGWAY_E_RING_FULL)
            {
                fprintf(stderr, "child: %s\n", ringway_producer_last_error(&producer));
                return 1;
            }
            int error_number = 0;
            const int parked = ringway_park_(&channel, &header->space_sequence, sequence, RINGWAY_MAX_PARK_NS,
                &error_number);
            if (parked == RINGWAY_FUTEX_TIMED_OUT || parked == RINGWAY_FUTEX_FAILED)
            {
                fprintf(stderr, "child: producer park %lld ended by %s\n", i,
                    parked == RINGWAY_FUTEX_TIMED_OUT ? "its timeout" : "a failure");
                return 3;
            }
        }
    }
    ringway_channel_close(&channel);
    return 0;
}

/** Commits one message, claims a second and never commits it: killed mid-claim. */
static int child_claim_and_hang(const char *path)
{
    ringway_channel_t channel;
    ringway_producer_t producer;
    if (open_for_child(&channel, path) < 0 || ringway_producer_attach(&producer, &channel) < 0)
    {
        return 1;
    }
    if (offer_value(&producer, 1) < 0 || ringway_producer_try_claim(&producer, 1, 8, NULL) < 0)
    {
        return 1;
    }
    Sleep(INFINITE);
    return 0;
}

/** Sends value on the ping-pong channel, but only to a receiver that announced its park (its dataWaiters is 1). */
static bool ping_pong_send(ringway_channel_t *channel, ringway_producer_t *producer, int64_t value)
{
    return await_int32(&channel->header->data_waiters, 1) && offer_value(producer, value) == RINGWAY_OK;
}

/**
 * Receives one message, parking with the building blocks of poll_wait (LAYOUT 9.1: flag, fence, re-check, park;
 * the consumer clears its flag after each park). @return false when a park ended by its timeout (a lost wake: the
 * sender sends only to a parked receiver) or failed, or the message is not `value`.
 */
static bool ping_pong_receive(ringway_channel_t *channel, ringway_consumer_t *consumer, int64_t value)
{
    ringway_header_page_t *header = channel->header;
    received_t received = { 0, 0, 0 };
    while (received.count == 0)
    {
        const int32_t sequence = ringway_prepare_to_wait_(&header->data_sequence, &header->data_waiters);
        if (ringway_consumer_poll(consumer, remember_message, &received, 1) < 0)
        {
            return false;
        }
        int error_number = 0;
        const int parked = received.count > 0 ? RINGWAY_FUTEX_WOKEN :
            ringway_park_(channel, &header->data_sequence, sequence, RINGWAY_MAX_PARK_NS, &error_number);
        ringway_put_int32_release(&header->data_waiters, 0);
        if (parked == RINGWAY_FUTEX_TIMED_OUT || parked == RINGWAY_FUTEX_FAILED)
        {
            fprintf(stderr, "ping-pong: the park for %lld ended by %s\n", (long long)value,
                parked == RINGWAY_FUTEX_TIMED_OUT ? "its timeout (a lost wake)" : "a failure");
            return false;
        }
        if (received.count == 0 && ringway_consumer_poll(consumer, remember_message, &received, 1) < 0)
        {
            return false;
        }
    }
    if (received.value != value)
    {
        fprintf(stderr, "ping-pong: expected %lld, received %lld\n", (long long)value, (long long)received.value);
        return false;
    }
    return true;
}

/**
 * One side of the parked ping-pong over <path>-ping (the initiator sends) and <path>-pong (the other side sends):
 * the initiator sends round r and waits for r back, the other side waits for r and sends it back.
 * @return 0 when every round passed, else 1.
 */
static int ping_pong_side(const char *path, bool initiator, long long rounds)
{
    char send_path[1024];
    char receive_path[1024];
    snprintf(send_path, sizeof(send_path), "%s-%s", path, initiator ? "ping" : "pong");
    snprintf(receive_path, sizeof(receive_path), "%s-%s", path, initiator ? "pong" : "ping");
    ringway_channel_t send_channel;
    ringway_channel_t receive_channel;
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    if (open_for_child(&receive_channel, receive_path) < 0 || ringway_consumer_attach(&consumer, &receive_channel) < 0 ||
        open_for_child(&send_channel, send_path) < 0 || ringway_producer_attach(&producer, &send_channel) < 0)
    {
        return 1;
    }
    bool passed = true;
    for (long long round = 0; round < rounds && passed; round++)
    {
        passed = initiator ?
            ping_pong_send(&send_channel, &producer, round) && ping_pong_receive(&receive_channel, &consumer, round) :
            ping_pong_receive(&receive_channel, &consumer, round) && ping_pong_send(&send_channel, &producer, round);
        if (!passed)
        {
            fprintf(stderr, "ping-pong: %s failed in round %lld\n", initiator ? "initiator" : "responder", round);
        }
    }
    ringway_channel_close(&send_channel);
    ringway_channel_close(&receive_channel);
    return passed ? 0 : 1;
}

static int run_child(int argc, char **argv)
{
    if (argc < 5)
    {
        fprintf(stderr, "usage: %s --child <role> <path> <number>\n", argv[0]);
        return 2;
    }
    const char *role = argv[2];
    const char *path = argv[3];
    const long long number = strtoll(argv[4], NULL, 10);
    if (strcmp(role, "hold-consumer") == 0)
    {
        return child_hold_consumer(path);
    }
    if (strcmp(role, "consume-one-parked") == 0)
    {
        return child_consume_one_parked(path, number);
    }
    if (strcmp(role, "offer-parked-for-space") == 0)
    {
        return child_offer_parked_for_space(path, number);
    }
    if (strcmp(role, "claim-and-hang") == 0)
    {
        return child_claim_and_hang(path);
    }
    if (strcmp(role, "ping-pong-b") == 0)
    {
        return ping_pong_side(path, false, number);
    }
    fprintf(stderr, "unknown child role %s\n", role);
    return 2;
}

/* ------------------------------------------------------------------------------------------------------------------
 * Channel files: create, open, validation (LAYOUT 10 on Windows)
 * ---------------------------------------------------------------------------------------------------------------- */

static void shouldCreateAChannelWithItsIdentityAndOpenItAgain(void)
{
    const char *path = test_path("identity.ringway");
    ringway_channel_t channel;
    ringway_create_options_t options = { RINGWAY_RING_KIND_MPSC, 4096, 0, 7, 3, false };
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_create(&channel, path, &options));
    ringway_header_page_t *header = channel.header;
    CHECK_EQ_LL(RINGWAY_MAGIC, header->magic);
    CHECK_EQ_LL(RINGWAY_LAYOUT_VERSION, header->layout_version);
    CHECK_EQ_LL(RINGWAY_RING_KIND_MPSC, header->ring_kind);
    CHECK_EQ_LL(4096, header->capacity);
    CHECK_EQ_LL(512, header->max_message_length);
    CHECK_EQ_LL(GetCurrentProcessId(), header->creator_pid);
    CHECK_EQ_LL(7, header->schema_id);
    CHECK_EQ_LL(3, header->schema_version);
    CHECK_EQ_LL(0, header->pid_namespace); /* Windows has no pid namespaces (LAYOUT 8) */
    CHECK(header->channel_id != 0);
    CHECK(header->creation_time_ms > INT64_C(1600000000000));
    ringway_status_t status;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_status(&channel, &status));
    CHECK_EQ_LL(ringway_file_length(4096), status.file_length);

    ringway_channel_t reopened;
    ringway_open_options_t expected = { RINGWAY_RING_KIND_MPSC, 4096, false, false };
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_open(&reopened, path, &expected));
    CHECK_EQ_LL(header->channel_id, reopened.header->channel_id);
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_close(&reopened));
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_delete(&channel));
    CHECK(GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES);
}

static void shouldGiveTheFileAnOwnerOnlyProtectedDacl(void)
{
    const char *path = test_path("dacl.ringway");
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    PSECURITY_DESCRIPTOR descriptor = NULL;
    PSID owner = NULL;
    PACL dacl = NULL;
    CHECK_EQ_LL(ERROR_SUCCESS, GetNamedSecurityInfoA(path, SE_FILE_OBJECT,
        OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &owner, NULL, &dacl, NULL, &descriptor));
    char *owner_text = NULL;
    CHECK(ConvertSidToStringSidA(owner, &owner_text));
    char own_sid[256];
    CHECK(ringway_user_sid_(own_sid, sizeof(own_sid)));
    CHECK_STR_EQ(own_sid, owner_text);
    CHECK(dacl != NULL);
    /* the user alone, nothing inherited from the directory; Wine derives a DACL from the file's Unix mode and lists
     * SYSTEM as well (S-1-5-18, which Windows lets read everything anyway), never Everyone or another user */
    bool grants_user = false;
    for (DWORD i = 0; i < dacl->AceCount; i++)
    {
        ACCESS_ALLOWED_ACE *ace = NULL;
        CHECK(GetAce(dacl, i, (void **)&ace));
        CHECK_EQ_LL(ACCESS_ALLOWED_ACE_TYPE, ace->Header.AceType);
        char *sid_text = NULL;
        CHECK(ConvertSidToStringSidA((PSID)&ace->SidStart, &sid_text));
        const bool is_user = strcmp(sid_text, own_sid) == 0;
        const bool is_system = strcmp(sid_text, "S-1-5-18") == 0;
        if (!is_user && !is_system)
        {
            fprintf(stderr, "the DACL grants %s\n", sid_text);
        }
        LocalFree(sid_text);
        CHECK(is_user || is_system);
        grants_user = grants_user || is_user;
    }
    CHECK(grants_user);
    LocalFree(owner_text);
    LocalFree(descriptor);
    ringway_channel_delete(&channel);
}

static void shouldRefuseToCreateOverAnExistingFileAndReplaceItOnlyWhenAsked(void)
{
    const char *path = test_path("existing.ringway");
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    ringway_channel_close(&channel);
    ringway_create_options_t options = { RINGWAY_RING_KIND_SPSC, 2048, 0, 0, 0, false };
    CHECK_EQ_LL(RINGWAY_E_FILE_EXISTS, ringway_channel_create(&channel, path, &options));
    char expected[2048];
    snprintf(expected, sizeof(expected),
        "channel file already exists: file=%s field=file found=exists expected=absent (create never overwrites)", path);
    CHECK_STR_EQ(expected, ringway_channel_last_error(&channel));
    options.replace_existing = true;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_create(&channel, path, &options));
    CHECK_EQ_LL(2048, ringway_channel_capacity(&channel));
    ringway_channel_delete(&channel);
}

static void shouldRefuseAFileModeThatGrantsOtherUsers(void)
{
    const char *path = test_path("mode.ringway");
    ringway_channel_t channel;
    ringway_create_options_t options = { RINGWAY_RING_KIND_SPSC, 1024, 0644, 0, 0, false };
    CHECK_EQ_LL(RINGWAY_E_INVALID_ARGUMENT, ringway_channel_create(&channel, path, &options));
    CHECK_STR_EQ("fileMode", ringway_channel_last_error_field(&channel));
    CHECK_CONTAINS(ringway_channel_last_error(&channel), "permissions for other users are not supported on windows");
    CHECK(GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES);
    options.file_mode = 0600;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_create(&channel, path, &options));
    ringway_channel_delete(&channel);
}

static void shouldRefuseAMissingFile(void)
{
    const char *path = test_path("missing.ringway");
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_E_FILE_NOT_FOUND, ringway_channel_open(&channel, path, NULL));
    char expected[2048];
    snprintf(expected, sizeof(expected), "no such channel file: file=%s field=file found=absent "
        "expected=an existing file", path);
    CHECK_STR_EQ(expected, ringway_channel_last_error(&channel));
}

/** Writes bytes at an offset of a closed channel file. */
static bool patch_file(const char *path, long offset, const void *bytes, size_t length)
{
    FILE *file = fopen(path, "r+b");
    if (file == NULL)
    {
        return false;
    }
    const bool written = fseek(file, offset, SEEK_SET) == 0 && fwrite(bytes, 1, length, file) == length;
    return fclose(file) == 0 && written;
}

/** One row of LAYOUT 10.3's table: a fresh SPSC file of capacity 1024, one int32 or int64 changed, the error expected. */
typedef struct validation_case_stct
{
    const char *name;
    long offset;      /* in the file */
    int width;        /* 4 or 8 */
    int64_t value;
    int code;
    const char *message; /* after "<reason>: file=<path> " is built from reason and the rest */
    const char *reason;
}
validation_case_t;

static void shouldValidateAsLinuxDoesWithTheSameWords(void)
{
    const long trailer = RINGWAY_HEADER_LENGTH + 1024;
    const validation_case_t cases[] = {
        { "magic", 0, 8, 0x1234, RINGWAY_E_INVALID_FILE,
            "field=magic found=0x1234 expected=0x594157474e4952", "not a Ringway channel file" },
        { "uninitialised", 0, 8, 0, RINGWAY_E_NOT_INITIALISED,
            "field=layoutVersion found=0 expected=0x10005",
            "channel file not initialised (being created, or its creator died)" },
        { "version zero", 8, 4, 0, RINGWAY_E_NOT_INITIALISED,
            "field=layoutVersion found=0 expected=0x10005",
            "channel file not initialised (being created, or its creator died)" },
        { "major", 8, 4, 0x20000, RINGWAY_E_UNSUPPORTED_VERSION,
            "field=layoutVersion.major found=2 (layoutVersion=0x20000) expected=1", "unsupported layout major version" },
        { "header length", 16, 4, 2048, RINGWAY_E_INVALID_FILE,
            "field=headerLength found=2048 expected=4096", "invalid header field" },
        { "ring kind", 12, 4, 3, RINGWAY_E_INVALID_FILE,
            "field=ringKind found=3 expected=1 (SPSC) or 2 (MPSC)", "unknown ring kind" },
        { "capacity", 20, 4, 1000, RINGWAY_E_INVALID_FILE,
            "field=capacity found=1000 expected=a power of two in [64, 1073741824]", "invalid ring capacity" },
        { "trailer length", 28, 4, 512, RINGWAY_E_INVALID_FILE,
            "field=trailerLength found=512 expected=768", "invalid header field" },
        { "max message length", 24, 4, 100, RINGWAY_E_INVALID_FILE,
            "field=maxMessageLength found=100 expected=128", "invalid header field" },
        { "negative head", trailer + 384, 8, -8, RINGWAY_E_INVALID_FILE,
            "field=headPosition found=-8 expected=a non-negative multiple of 8", "invalid consumer position" },
        { "tail behind head", trailer + 384, 8, 64, RINGWAY_E_INVALID_FILE,
            "field=tailPosition found=0 expected=a multiple of 8 in [headPosition 64, headPosition + capacity 1088]",
            "invalid producer position" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        char name[64];
        snprintf(name, sizeof(name), "validation-%u.ringway", (unsigned)i);
        const char *path = test_path(name);
        ringway_channel_t channel;
        CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
        ringway_channel_close(&channel);
        if (cases[i].width == 4)
        {
            const int32_t value = (int32_t)cases[i].value;
            CHECK(patch_file(path, cases[i].offset, &value, sizeof(value)));
        }
        else
        {
            CHECK(patch_file(path, cases[i].offset, &cases[i].value, sizeof(cases[i].value)));
        }
        if (strcmp(cases[i].name, "uninitialised") == 0)
        {
            const int32_t zero = 0;
            CHECK(patch_file(path, 8, &zero, sizeof(zero)));
        }
        char expected[2048];
        snprintf(expected, sizeof(expected), "%s: file=%s %s", cases[i].reason, path, cases[i].message);
        const int result = ringway_channel_open(&channel, path, NULL);
        if (result != cases[i].code || strcmp(expected, ringway_channel_last_error(&channel)) != 0)
        {
            fprintf(stderr, "case %s: result %d\n", cases[i].name, result);
        }
        CHECK_EQ_LL(cases[i].code, result);
        CHECK_STR_EQ(expected, ringway_channel_last_error(&channel));
    }
}

static void shouldRefuseEmptyShortAndTruncatedFilesByTheirLength(void)
{
    const char *empty = test_path("empty.ringway");
    FILE *file = fopen(empty, "wb");
    CHECK(file != NULL);
    fclose(file);
    ringway_channel_t channel;
    char expected[2048];
    CHECK_EQ_LL(RINGWAY_E_NOT_INITIALISED, ringway_channel_open(&channel, empty, NULL));
    snprintf(expected, sizeof(expected), "channel file not initialised (being created, or its creator died): "
        "file=%s field=fileLength found=0 expected=>=4096", empty);
    CHECK_STR_EQ(expected, ringway_channel_last_error(&channel));

    const char *short_file = test_path("short.ringway");
    file = fopen(short_file, "wb");
    CHECK(file != NULL);
    char bytes[512];
    memset(bytes, 0, sizeof(bytes));
    fwrite(bytes, 1, sizeof(bytes), file);
    fclose(file);
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, ringway_channel_open(&channel, short_file, NULL));
    snprintf(expected, sizeof(expected), "channel file too short: file=%s field=fileLength found=512 "
        "expected=>=4096", short_file);
    CHECK_STR_EQ(expected, ringway_channel_last_error(&channel));

    /* a header that promises more ring than the file holds */
    const char *truncated = test_path("truncated.ringway");
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, truncated, RINGWAY_RING_KIND_SPSC, 1024));
    ringway_channel_close(&channel);
    const int32_t capacity = 2048;
    const int32_t max_message_length = 256;
    CHECK(patch_file(truncated, 20, &capacity, sizeof(capacity)));
    CHECK(patch_file(truncated, 24, &max_message_length, sizeof(max_message_length)));
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, ringway_channel_open(&channel, truncated, NULL));
    snprintf(expected, sizeof(expected), "ring trailer lies beyond the end of the channel file: file=%s "
        "field=fileLength found=5888 expected=>=6912 (4096 + capacity 2048 + trailer 768)", truncated);
    CHECK_STR_EQ(expected, ringway_channel_last_error(&channel));
}

static void shouldRefuseAChannelOfAnotherKindOrCapacityThanExpected(void)
{
    const char *path = test_path("expected.ringway");
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    ringway_channel_t other;
    ringway_open_options_t options = { RINGWAY_RING_KIND_MPSC, 0, false, false };
    CHECK_EQ_LL(RINGWAY_E_UNEXPECTED_CHANNEL, ringway_channel_open(&other, path, &options));
    CHECK_STR_EQ("ringKind", ringway_channel_last_error_field(&other));
    ringway_open_options_t capacity = { 0, 2048, false, false };
    CHECK_EQ_LL(RINGWAY_E_UNEXPECTED_CHANNEL, ringway_channel_open(&other, path, &capacity));
    CHECK_STR_EQ("capacity", ringway_channel_last_error_field(&other));
    ringway_channel_delete(&channel);
}

static void shouldPutTheDefaultPathInTheUsersTemporaryDirectory(void)
{
    char path[RINGWAY_PATH_MAX_LENGTH];
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_path_for("orders", path, sizeof(path)));
    char temp[MAX_PATH + 1];
    const DWORD length = GetTempPathA(sizeof(temp), temp);
    CHECK(length > 1 && temp[length - 1] == '\\');
    temp[length - 1] = '\0';
    char expected[MAX_PATH + 64];
    snprintf(expected, sizeof(expected), "%s\\orders.ringway", temp);
    CHECK_STR_EQ(expected, path);
}

static void shouldSayThatJournalsAreNotSupportedOnWindowsYet(void)
{
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_E_IO, ringway_journal_open(&reader, test_path("journal")));
    CHECK_STR_EQ("platform", reader.error.field);
    CHECK_CONTAINS(reader.error.message, "journal files are not supported on this platform yet");
}

/* ------------------------------------------------------------------------------------------------------------------
 * Rings, leases and liveness (LAYOUT 6, 7, 8 on Windows)
 * ---------------------------------------------------------------------------------------------------------------- */

static void offer_and_poll_through_wraps(int32_t ring_kind)
{
    const char *path = test_path("ring.ringway");
    ringway_channel_t channel;
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, ring_kind, 1024));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    int64_t next_expected = 0;
    int64_t next_offered = 0;
    while (next_expected < 10000)
    {
        while (next_offered < 10000 && offer_value(&producer, next_offered) == RINGWAY_OK)
        {
            next_offered++;
        }
        received_t received = { 0, 0, 0 };
        while (ringway_consumer_poll(&consumer, remember_message, &received, 1) == 1)
        {
            CHECK_EQ_LL(next_expected, received.value);
            next_expected++;
        }
    }
    CHECK_EQ_LL(10000, ringway_channel_messages_consumed(&channel));
    CHECK(ringway_channel_back_pressure_count(&channel) > 0);
    ringway_channel_delete(&channel);
}

static void shouldOfferAndPollSpscThroughManyWraps(void)
{
    offer_and_poll_through_wraps(RINGWAY_RING_KIND_SPSC);
}

static void shouldOfferAndPollMpscThroughManyWraps(void)
{
    offer_and_poll_through_wraps(RINGWAY_RING_KIND_MPSC);
}

static void shouldBuildTheLeaseTokenFromTheCreationTimeOfGetProcessTimes(void)
{
    FILETIME creation;
    FILETIME exit;
    FILETIME kernel;
    FILETIME user;
    CHECK(GetProcessTimes(GetCurrentProcess(), &creation, &exit, &kernel, &user));
    const int64_t pid = (int64_t)GetCurrentProcessId();
    CHECK_EQ_LL((int64_t)((uint64_t)pid << 32 | creation.dwLowDateTime), ringway_process_token(pid));
    CHECK_EQ_LL(RINGWAY_PROCESS_ALIVE, ringway_process_verdict(pid));
    const int64_t reused_pid_token = (int64_t)((uint64_t)pid << 32 | (uint32_t)(creation.dwLowDateTime + 1));
    CHECK(!ringway_token_is_alive(reused_pid_token));
}

static void shouldRefuseTheLeaseOfALiveProcessAndTakeItOverOnceTheProcessIsKilled(void)
{
    const char *path = test_path("lease.ringway");
    ringway_channel_t channel;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    HANDLE child = start_child("hold-consumer", path, 0);
    CHECK(child != NULL);
    CHECK(await_int64_at_least(&channel.header->consumer_lease, 1));
    const int64_t child_pid = (int64_t)GetProcessId(child);
    CHECK_EQ_LL(child_pid, ringway_channel_consumer_lease_pid(&channel));
    CHECK_EQ_LL(RINGWAY_E_LEASE_TAKEN, ringway_consumer_attach(&consumer, &channel));
    char expected[2048];
    snprintf(expected, sizeof(expected), "channel role already taken: file=%s field=consumerLease found=pid %lld "
        "(alive) expected=0 (free) or a dead process", path, (long long)child_pid);
    CHECK_STR_EQ(expected, ringway_consumer_last_error(&consumer));
    CHECK_EQ_LL(RINGWAY_LIVENESS_ALIVE, ringway_channel_consumer_liveness(&channel));

    kill_process(child);
    /* exited, but this process still holds a handle to it: its exit code says DEAD (LAYOUT 8, Windows step 3) */
    CHECK_EQ_LL(RINGWAY_PROCESS_DEAD, ringway_process_verdict(child_pid));
    CHECK_EQ_LL(RINGWAY_LIVENESS_DEAD, ringway_channel_consumer_liveness(&channel));
    CloseHandle(child);
    /* and once nobody holds it, no process has that id */
    CHECK_EQ_LL(RINGWAY_PROCESS_DEAD, ringway_process_verdict(child_pid));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(GetCurrentProcessId(), ringway_channel_consumer_lease_pid(&channel));
    ringway_consumer_t second;
    CHECK_EQ_LL(RINGWAY_E_LEASE_TAKEN, ringway_consumer_attach(&second, &channel));
    CHECK_CONTAINS(ringway_consumer_last_error(&second), "(this process)");
    ringway_channel_delete(&channel);
}

static void shouldReportTheStatusWithHeartbeatsOnTheInterruptTime(void)
{
    const char *path = test_path("status.ringway");
    ringway_channel_t channel;
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&producer, 5));
    ringway_status_t status;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_status(&channel, &status));
    CHECK_EQ_LL(GetCurrentProcessId(), status.producer_pid);
    CHECK_EQ_LL(GetCurrentProcessId(), status.consumer_pid);
    CHECK_EQ_LL(RINGWAY_LIVENESS_ALIVE, status.producer_liveness);
    CHECK_EQ_LL(RINGWAY_LIVENESS_ALIVE, status.consumer_liveness);
    CHECK_EQ_LL(16, status.fill_length);
    /* heartbeats hold milliseconds of the interrupt time (since boot), which GetTickCount64 follows within a tick */
    const int64_t tick_ms = (int64_t)GetTickCount64();
    CHECK(status.producer_heartbeat_ms > 0);
    CHECK(status.now_ms - tick_ms < 1000 && tick_ms - status.now_ms < 1000);
    CHECK(status.now_ms - status.producer_heartbeat_ms < 1000);
    ringway_channel_delete(&channel);
}

/* ------------------------------------------------------------------------------------------------------------------
 * Waits and wakes on named events (LAYOUT 9.7)
 * ---------------------------------------------------------------------------------------------------------------- */

static void shouldNameTheEventsAfterTheChannelId(void)
{
    const char *path = test_path("events.ringway");
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    const char *suffixes[3] = { "data", "space-0", "space-1" };
    for (int i = 0; i < 3; i++)
    {
        char name[64];
        snprintf(name, sizeof(name), "Local\\ringway-%016llx-%s", (unsigned long long)channel.header->channel_id,
            suffixes[i]);
        HANDLE event = OpenEventA(SYNCHRONIZE, FALSE, name);
        CHECK(event != NULL);
        CloseHandle(event);
    }
    ringway_channel_delete(&channel);
}

static void shouldReturnNothingFromPollWaitOnlyAfterTheTimeout(void)
{
    const char *path = test_path("timeout.ringway");
    ringway_channel_t channel;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    ringway_consumer_set_wait_strategy(&consumer, ringway_wait_blocking());
    int delivered = 0;
    const int64_t start_ns = ringway_monotonic_ns_();
    CHECK_EQ_LL(0, ringway_consumer_poll_wait(&consumer, count_message, &delivered, 1, INT64_C(200000000)));
    CHECK(ringway_monotonic_ns_() - start_ns >= INT64_C(190000000));
    CHECK_EQ_LL(0, channel.header->data_waiters);
    CHECK_EQ_LL(0, ringway_channel_wake_count(&channel));
    ringway_channel_delete(&channel);
}

static void shouldWakeAConsumerParkedInAnotherProcessWhenAProducerCommits(void)
{
    const char *path = test_path("wake-consumer.ringway");
    ringway_channel_t channel;
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    HANDLE child = start_child("consume-one-parked", path, 30);
    CHECK(child != NULL);
    CHECK(await_int32(&channel.header->data_waiters, 1));
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&producer, 1));
    CHECK_EQ_LL(0, exit_code_of(child, CHILD_TIMEOUT_MS));
    CHECK_EQ_LL(1, ringway_channel_wake_count(&channel));
    ringway_channel_delete(&channel);
}

static void shouldWakeAProducerParkedForSpaceInAnotherProcessInEveryGeneration(void)
{
    const char *path = test_path("wake-producer.ringway");
    ringway_channel_t channel;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 64));
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    const int rounds = 200;
    /* 64 bytes take 3 records of 16 (a claim needs room for the next record header too, LAYOUT 6.1): the child fills
     * them, then parks before each further offer */
    HANDLE child = start_child("offer-parked-for-space", path, 3 + rounds);
    CHECK(child != NULL);
    received_t received = { 0, 0, 0 };
    for (int round = 0; round < rounds; round++)
    {
        /* free one record only once the ring is full (an offer was refused) and the producer announced its park:
         * each wake ends a parked generation (the sequence's parity alternates, and so does the space event) */
        CHECK(await_int64_at_least(&channel.header->back_pressure_count, round + 1));
        CHECK(await_int32(&channel.header->space_waiters, 1));
        CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, remember_message, &received, 1));
        CHECK_EQ_LL(round, received.value);
    }
    CHECK_EQ_LL(0, exit_code_of(child, CHILD_TIMEOUT_MS));
    CHECK_EQ_LL(rounds, ringway_channel_wake_count(&channel));
    CHECK(ringway_get_int32_acquire(&channel.header->space_sequence) == rounds);
    CHECK_EQ_LL(3, ringway_consumer_poll(&consumer, remember_message, &received, 10));
    ringway_channel_delete(&channel);
}

/* ------------------------------------------------------------------------------------------------------------------
 * Real processes (process.windows.*): conformance traffic, parked ping-pong, kills
 * ---------------------------------------------------------------------------------------------------------------- */

/**
 * Runs the conformance consumer `consumer` and the producers (one program name per producer, each sending
 * count_per_producer messages) over a fresh channel of the kind; all must exit 0 (the consumer only after VERIFIED).
 */
static void run_conformance(int32_t ring_kind, const char *consumer_program, const char *const *producer_programs,
    int producer_count, long long count_per_producer)
{
    const char *path = test_path("conformance.ringway");
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, ring_kind, 65536));
    char arguments[2048];
    snprintf(arguments, sizeof(arguments), "\"%s\" %d 120", path, producer_count);
    HANDLE consumer = start_process(consumer_program, arguments);
    CHECK(consumer != NULL);
    HANDLE producers[8];
    for (int i = 0; i < producer_count; i++)
    {
        snprintf(arguments, sizeof(arguments), "\"%s\" %d %lld", path, i + 1, count_per_producer);
        producers[i] = start_process(producer_programs[i], arguments);
        CHECK(producers[i] != NULL);
    }
    for (int i = 0; i < producer_count; i++)
    {
        CHECK_EQ_LL(0, exit_code_of(producers[i], 180000));
    }
    CHECK_EQ_LL(0, exit_code_of(consumer, 180000));
    CHECK_EQ_LL(count_per_producer * producer_count + producer_count, ringway_channel_messages_consumed(&channel));
    /* every language beats on the interrupt time (LAYOUT 1 on Windows): the peers' last beats are moments ago here */
    ringway_status_t status;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_status(&channel, &status));
    CHECK(status.consumer_heartbeat_ms <= status.now_ms && status.now_ms - status.consumer_heartbeat_ms < 10000);
    CHECK(status.producer_heartbeat_ms <= status.now_ms && status.now_ms - status.producer_heartbeat_ms < 10000);
    ringway_channel_delete(&channel);
}

static const char *const c_producer = "ringway_sequence_producer.exe";
static const char *const c_consumer = "ringway_sequence_consumer.exe";
static const char *const go_producer = "go_sequence_producer.exe";
static const char *const go_consumer = "go_sequence_consumer.exe";

static void shouldDeliverAMillionConformanceMessagesFromACToACProcessSpsc(void)
{
    const char *producers[] = { c_producer };
    run_conformance(RINGWAY_RING_KIND_SPSC, c_consumer, producers, 1, CONFORMANCE_MESSAGES);
}

static void shouldDeliverAMillionConformanceMessagesFromTwoCProducerProcessesMpsc(void)
{
    const char *producers[] = { c_producer, c_producer };
    run_conformance(RINGWAY_RING_KIND_MPSC, c_consumer, producers, 2, CONFORMANCE_MESSAGES / 2);
}

static void shouldDeliverAMillionConformanceMessagesFromACToAGoProcessAndBackSpsc(void)
{
    const char *c_to_go[] = { c_producer };
    run_conformance(RINGWAY_RING_KIND_SPSC, go_consumer, c_to_go, 1, CONFORMANCE_MESSAGES);
    const char *go_to_c[] = { go_producer };
    run_conformance(RINGWAY_RING_KIND_SPSC, c_consumer, go_to_c, 1, CONFORMANCE_MESSAGES);
}

static void shouldDeliverAMillionConformanceMessagesFromACAndAGoProducerIntoOneChannelMpsc(void)
{
    const char *producers[] = { c_producer, go_producer };
    run_conformance(RINGWAY_RING_KIND_MPSC, c_consumer, producers, 2, CONFORMANCE_MESSAGES / 2);
    run_conformance(RINGWAY_RING_KIND_MPSC, go_consumer, producers, 2, CONFORMANCE_MESSAGES / 2);
}

static void shouldPlayParkedPingPongBetweenProcessesWithoutAWaitEndingByTimeout(void)
{
    const char *path = test_path("ping-pong");
    char ping[1024];
    char pong[1024];
    snprintf(ping, sizeof(ping), "%s-ping", path);
    snprintf(pong, sizeof(pong), "%s-pong", path);
    ringway_channel_t ping_channel;
    ringway_channel_t pong_channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&ping_channel, ping, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&pong_channel, pong, RINGWAY_RING_KIND_SPSC, 1024));
    HANDLE child = start_child("ping-pong-b", path, PING_PONG_ROUNDS);
    CHECK(child != NULL);
    const int side_a = ping_pong_side(path, true, PING_PONG_ROUNDS);
    CHECK_EQ_LL(0, exit_code_of(child, CHILD_TIMEOUT_MS));
    CHECK_EQ_LL(0, side_a);
    /* at most one wake per message (a receiver woken by a wake left over in its auto-reset event clears its flag,
     * and a message committed then needs no wake: its re-check finds it) */
    CHECK(ringway_channel_wake_count(&ping_channel) > 0);
    CHECK(ringway_channel_wake_count(&ping_channel) <= PING_PONG_ROUNDS);
    CHECK(ringway_channel_wake_count(&pong_channel) <= PING_PONG_ROUNDS);
    ringway_channel_delete(&ping_channel);
    ringway_channel_delete(&pong_channel);
}

static void shouldCostOneWakeInTotalWhenAConsumerIsKilledWhileParked(void)
{
    const char *path = test_path("killed-waiter.ringway");
    ringway_channel_t channel;
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_MPSC, 4096));
    HANDLE child = start_child("consume-one-parked", path, 60);
    CHECK(child != NULL);
    CHECK(await_int32(&channel.header->data_waiters, 1));
    Sleep(50); /* into its WaitForSingleObject */
    kill_process(child);
    CloseHandle(child);
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    for (int i = 0; i < 100; i++)
    {
        CHECK_EQ_LL(RINGWAY_OK, offer_value(&producer, i));
    }
    CHECK_EQ_LL(1, ringway_channel_wake_count(&channel));
    CHECK_EQ_LL(0, channel.header->data_waiters);
    /* the dead consumer's lease passes to a new one, which reads everything */
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    int delivered = 0;
    CHECK_EQ_LL(100, ringway_consumer_poll(&consumer, count_message, &delivered, 1000));
    ringway_channel_delete(&channel);
}

static void unblock_a_producer_killed_mid_claim(int32_t ring_kind)
{
    const char *path = test_path("killed-claimant.ringway");
    ringway_channel_t channel;
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, ring_kind, 4096));
    ringway_channel_set_unblock_timeout_ms(&channel, 100);
    HANDLE child = start_child("claim-and-hang", path, 0);
    CHECK(child != NULL);
    /* one committed record of 16 bytes and a claim of 16 */
    CHECK(await_int64_at_least(&channel.trailer->tail_position, 32));
    kill_process(child);
    CloseHandle(child);
    CHECK_EQ_LL(RINGWAY_OK, ringway_consumer_attach(&consumer, &channel));
    /* SPSC: the next producer pads its dead predecessor's claim at attach; MPSC: the consumer after its timeout */
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, offer_value(&producer, 2));
    received_t received = { 0, 0, 0 };
    const ULONGLONG deadline = GetTickCount64() + 10000;
    while (received.count < 2 && GetTickCount64() < deadline)
    {
        CHECK(ringway_consumer_poll_wait(&consumer, remember_message, &received, 1, INT64_C(50000000)) >= 0);
    }
    CHECK_EQ_LL(2, received.count);
    CHECK_EQ_LL(2, received.value);
    CHECK_EQ_LL(1, ringway_channel_unblocked_record_count(&channel));
    ringway_channel_delete(&channel);
}

static void shouldUnblockTheClaimOfAnSpscProducerKilledMidClaim(void)
{
    unblock_a_producer_killed_mid_claim(RINGWAY_RING_KIND_SPSC);
}

static void shouldUnblockTheClaimOfAnMpscProducerKilledMidClaim(void)
{
    unblock_a_producer_killed_mid_claim(RINGWAY_RING_KIND_MPSC);
}

static const test_case_t tests[] = {
    TEST_CASE(shouldCreateAChannelWithItsIdentityAndOpenItAgain),
    TEST_CASE(shouldGiveTheFileAnOwnerOnlyProtectedDacl),
    TEST_CASE(shouldRefuseToCreateOverAnExistingFileAndReplaceItOnlyWhenAsked),
    TEST_CASE(shouldRefuseAFileModeThatGrantsOtherUsers),
    TEST_CASE(shouldRefuseAMissingFile),
    TEST_CASE(shouldValidateAsLinuxDoesWithTheSameWords),
    TEST_CASE(shouldRefuseEmptyShortAndTruncatedFilesByTheirLength),
    TEST_CASE(shouldRefuseAChannelOfAnotherKindOrCapacityThanExpected),
    TEST_CASE(shouldPutTheDefaultPathInTheUsersTemporaryDirectory),
    TEST_CASE(shouldSayThatJournalsAreNotSupportedOnWindowsYet),
    TEST_CASE(shouldOfferAndPollSpscThroughManyWraps),
    TEST_CASE(shouldOfferAndPollMpscThroughManyWraps),
    TEST_CASE(shouldBuildTheLeaseTokenFromTheCreationTimeOfGetProcessTimes),
    TEST_CASE(shouldRefuseTheLeaseOfALiveProcessAndTakeItOverOnceTheProcessIsKilled),
    TEST_CASE(shouldReportTheStatusWithHeartbeatsOnTheInterruptTime),
    TEST_CASE(shouldNameTheEventsAfterTheChannelId),
    TEST_CASE(shouldReturnNothingFromPollWaitOnlyAfterTheTimeout),
    TEST_CASE(shouldWakeAConsumerParkedInAnotherProcessWhenAProducerCommits),
    TEST_CASE(shouldWakeAProducerParkedForSpaceInAnotherProcessInEveryGeneration),
    TEST_CASE(shouldDeliverAMillionConformanceMessagesFromACToACProcessSpsc),
    TEST_CASE(shouldDeliverAMillionConformanceMessagesFromTwoCProducerProcessesMpsc),
    TEST_CASE(shouldDeliverAMillionConformanceMessagesFromACToAGoProcessAndBackSpsc),
    TEST_CASE(shouldDeliverAMillionConformanceMessagesFromACAndAGoProducerIntoOneChannelMpsc),
    TEST_CASE(shouldPlayParkedPingPongBetweenProcessesWithoutAWaitEndingByTimeout),
    TEST_CASE(shouldCostOneWakeInTotalWhenAConsumerIsKilledWhileParked),
    TEST_CASE(shouldUnblockTheClaimOfAnSpscProducerKilledMidClaim),
    TEST_CASE(shouldUnblockTheClaimOfAnMpscProducerKilledMidClaim),
};

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "--child") == 0)
    {
        return run_child(argc, argv);
    }
    return test_main(argc, argv, tests, (int)(sizeof(tests) / sizeof(tests[0])));
}
