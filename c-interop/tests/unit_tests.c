/*
 * Unit tests of ringway.h: create, open and validation (LAYOUT 10), producers (6), consumer (7), leases (8),
 * wakeups (9).
 * One test per behaviour; CMakeLists.txt registers each by name with CTest.
 */
#define _GNU_SOURCE
#include "ringway.h"
#include "test_support.h"

#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>

/* ---------------------------------------------------------------------------------------------------------------- */
/* helpers                                                                                                          */
/* ---------------------------------------------------------------------------------------------------------------- */

#define MAX_RECEIVED 256

typedef struct received_stct
{
    int count;
    int32_t type_ids[MAX_RECEIVED];
    int32_t lengths[MAX_RECEIVED];
    uint8_t first_bytes[MAX_RECEIVED][16];
}
received_t;

static void collect(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    received_t *received = (received_t *)clientd;
    if (received->count < MAX_RECEIVED)
    {
        received->type_ids[received->count] = type_id;
        received->lengths[received->count] = body_length;
        memset(received->first_bytes[received->count], 0, 16);
        memcpy(received->first_bytes[received->count], body, (size_t)(body_length < 16 ? body_length : 16));
    }
    received->count++;
}

static int create_channel(ringway_channel_t *channel, const char *path, int32_t ring_kind, int32_t capacity)
{
    ringway_create_options_t options;
    memset(&options, 0, sizeof(options));
    options.ring_kind = ring_kind;
    options.capacity = capacity;
    return ringway_channel_create(channel, path, &options);
}

/** Creates a valid channel file and closes it, for tests that then damage it. */
static bool make_channel_file(const char *path, int32_t ring_kind, int32_t capacity)
{
    ringway_channel_t channel;
    if (create_channel(&channel, path, ring_kind, capacity) != RINGWAY_OK)
    {
        fprintf(stderr, "%s\n", ringway_channel_last_error(&channel));
        return false;
    }
    return ringway_channel_close(&channel) == RINGWAY_OK;
}

static bool patch_int32(const char *path, off_t offset, int32_t value)
{
    const int fd = open(path, O_RDWR);
    const bool written = fd >= 0 && pwrite(fd, &value, sizeof(value), offset) == (ssize_t)sizeof(value);
    if (fd >= 0)
    {
        close(fd);
    }
    return written;
}

static bool patch_int64(const char *path, off_t offset, int64_t value)
{
    const int fd = open(path, O_RDWR);
    const bool written = fd >= 0 && pwrite(fd, &value, sizeof(value), offset) == (ssize_t)sizeof(value);
    if (fd >= 0)
    {
        close(fd);
    }
    return written;
}

static off_t trailer_offset(int32_t capacity)
{
    return RINGWAY_HEADER_LENGTH + capacity;
}

/** Opens the file and checks that it is refused with the code and the field. */
static bool open_is_refused(const char *path, int expected_code, const char *expected_field)
{
    ringway_channel_t channel;
    const int result = ringway_channel_open(&channel, path, NULL);
    if (result != expected_code || strcmp(ringway_channel_last_error_field(&channel), expected_field) != 0)
    {
        fprintf(stderr, "open: expected %d field=%s, was %d: %s\n", expected_code, expected_field, result,
            ringway_channel_last_error(&channel));
        if (result == RINGWAY_OK)
        {
            ringway_channel_close(&channel);
        }
        return false;
    }
    char expected_text[64];
    snprintf(expected_text, sizeof(expected_text), "field=%s ", expected_field);
    if (strstr(ringway_channel_last_error(&channel), expected_text) == NULL ||
        strstr(ringway_channel_last_error(&channel), path) == NULL)
    {
        fprintf(stderr, "error detail lacks file or field: %s\n", ringway_channel_last_error(&channel));
        return false;
    }
    return true;
}

static void fill_body(uint8_t *body, int32_t length, int seed)
{
    for (int32_t i = 0; i < length; i++)
    {
        body[i] = (uint8_t)(seed * 31 + i);
    }
}

static bool body_matches(const uint8_t *first_bytes, int32_t length, int seed)
{
    for (int32_t i = 0; i < length && i < 16; i++)
    {
        if (first_bytes[i] != (uint8_t)(seed * 31 + i))
        {
            return false;
        }
    }
    return true;
}

static int offer_seeded(ringway_producer_t *producer, int32_t type_id, int32_t length, int seed)
{
    uint8_t body[4096];
    fill_body(body, length, seed);
    return ringway_producer_offer(producer, type_id, body, length);
}

/* ---------------------------------------------------------------------------------------------------------------- */
/* create (LAYOUT 10.2)                                                                                              */
/* ---------------------------------------------------------------------------------------------------------------- */

static void shouldCreateChannelWithIdentityFieldsAndOwnerOnlyMode(void)
{
    const char *path = test_path("identity.ringway");
    ringway_channel_t channel;
    ringway_create_options_t options = { RINGWAY_RING_KIND_MPSC, 4096, 0, 7, 3, false };
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_create(&channel, path, &options));

    ringway_header_page_t *header = channel.header;
    CHECK_EQ_LL(RINGWAY_MAGIC, header->magic);
    CHECK(memcmp(&header->magic, "RINGWAY\0", 8) == 0);
    CHECK_EQ_LL(0x00010004, header->layout_version);
    CHECK_EQ_LL(RINGWAY_RING_KIND_MPSC, header->ring_kind);
    CHECK_EQ_LL(4096, header->header_length);
    CHECK_EQ_LL(4096, header->capacity);
    CHECK_EQ_LL(512, header->max_message_length);
    CHECK_EQ_LL(768, header->trailer_length);
    CHECK(header->creation_time_ms > 1600000000000LL);
    CHECK_EQ_LL(getpid(), header->creator_pid);
    CHECK_EQ_LL(7, header->schema_id);
    CHECK_EQ_LL(3, header->schema_version);
    CHECK_EQ_LL(0, header->producer_lease);
    CHECK_EQ_LL(0, header->consumer_lease);
    CHECK_EQ_LL(0, channel.trailer->tail_position);
    CHECK_EQ_LL(0, channel.trailer->head_position);
    CHECK_EQ_LL(4096, ringway_channel_capacity(&channel));
    CHECK_EQ_LL(512, ringway_channel_max_message_length(&channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_close(&channel));

    struct stat file_status;
    CHECK(stat(path, &file_status) == 0);
    CHECK_EQ_LL(4096 + 4096 + 768, file_status.st_size);
    CHECK_EQ_LL(0600, file_status.st_mode & 0777);
}

static void shouldGiveEveryCreatedChannelARandomNonZeroChannelId(void)
{
    ringway_create_options_t options = { RINGWAY_RING_KIND_SPSC, 1024, 0, 0, 0, false };
    ringway_channel_t first;
    ringway_channel_t second;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_create(&first, test_path("first-id.ringway"), &options));
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_create(&second, test_path("second-id.ringway"), &options));
    CHECK(first.header->channel_id != 0);
    CHECK(second.header->channel_id != 0);
    CHECK(first.header->channel_id != second.header->channel_id);
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_close(&first));
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_close(&second));
}

static void shouldApplyRequestedModeDespiteUmask(void)
{
    const char *path = test_path("mode.ringway");
    const mode_t previous_umask = umask(0077);
    ringway_channel_t channel;
    ringway_create_options_t options = { RINGWAY_RING_KIND_SPSC, 1024, 0660, 0, 0, false };
    const int result = ringway_channel_create(&channel, path, &options);
    umask(previous_umask);
    CHECK_EQ_LL(RINGWAY_OK, result);
    ringway_channel_close(&channel);
    struct stat file_status;
    CHECK(stat(path, &file_status) == 0);
    CHECK_EQ_LL(0660, file_status.st_mode & 0777);
}

static void shouldRefuseToCreateOverExistingFile(void)
{
    const char *path = test_path("existing.ringway");
    const int fd = open(path, O_CREAT | O_WRONLY, 0600);
    CHECK(fd >= 0);
    CHECK(write(fd, "keep", 4) == 4);
    close(fd);

    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_E_FILE_EXISTS, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK_STR_EQ("file", ringway_channel_last_error_field(&channel));
    CHECK_CONTAINS(ringway_channel_last_error(&channel), "channel file already exists: file=");
    struct stat file_status;
    CHECK(stat(path, &file_status) == 0);
    CHECK_EQ_LL(4, file_status.st_size);
}

static void shouldRefuseToCreateThroughSymlink(void)
{
    const char *target = test_path("target");
    const char *link = test_path("link.ringway");
    CHECK(symlink(target, link) == 0);
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_E_FILE_EXISTS, create_channel(&channel, link, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(access(target, F_OK) != 0);
}

static void shouldRefuseInvalidCreateOptions(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_E_INVALID_ARGUMENT, create_channel(&channel, test_path("a"), RINGWAY_RING_KIND_SPSC, 1000));
    CHECK_STR_EQ("capacity", ringway_channel_last_error_field(&channel));
    CHECK_EQ_LL(RINGWAY_E_INVALID_ARGUMENT, create_channel(&channel, test_path("a"), RINGWAY_RING_KIND_SPSC, 32));
    CHECK_EQ_LL(RINGWAY_E_INVALID_ARGUMENT, create_channel(&channel, test_path("a"), 3, 1024));
    CHECK_STR_EQ("ringKind", ringway_channel_last_error_field(&channel));
    CHECK_EQ_LL(RINGWAY_E_INVALID_ARGUMENT, ringway_channel_create(&channel, test_path("a"), NULL));
    CHECK_EQ_LL(RINGWAY_E_INVALID_ARGUMENT, create_channel(&channel, "", RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(access(test_path("a"), F_OK) != 0);
}

/* ---------------------------------------------------------------------------------------------------------------- */
/* open (LAYOUT 10.3), every check in its order                                                                     */
/* ---------------------------------------------------------------------------------------------------------------- */

static void shouldOpenCreatedChannelWithoutWritingIt(void)
{
    const char *path = test_path("open.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    static uint8_t before[8192];
    static uint8_t after[8192];
    FILE *file = fopen(path, "rb");
    CHECK(file != NULL);
    const size_t length_before = fread(before, 1, sizeof(before), file);
    fclose(file);

    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_open(&channel, path, NULL));
    CHECK_EQ_LL(RINGWAY_RING_KIND_SPSC, ringway_channel_ring_kind(&channel));
    CHECK_EQ_LL(1024, ringway_channel_capacity(&channel));
    CHECK_EQ_LL(128, ringway_channel_max_message_length(&channel));
    CHECK_STR_EQ("", ringway_channel_last_error(&channel));
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_close(&channel));

    file = fopen(path, "rb");
    CHECK(file != NULL);
    const size_t length_after = fread(after, 1, sizeof(after), file);
    fclose(file);
    CHECK_EQ_LL(length_before, length_after);
    CHECK(memcmp(before, after, length_before) == 0);
}

static void shouldAcceptNewerMinorVersion(void)
{
    const char *path = test_path("minor.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(patch_int32(path, 8, 0x00010007));
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_open(&channel, path, NULL));
    ringway_channel_close(&channel);
}

static void shouldRefuseFileShorterThanHeader(void)
{
    const char *path = test_path("short.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(truncate(path, 512) == 0);
    CHECK(open_is_refused(path, RINGWAY_E_INVALID_FILE, "fileLength"));

    ringway_channel_t channel;
    ringway_channel_open(&channel, path, NULL);
    char expected[1200];
    snprintf(expected, sizeof(expected),
        "channel file too short: file=%s field=fileLength found=512 expected=>=4096", path);
    CHECK_STR_EQ(expected, ringway_channel_last_error(&channel));
}

/* a creator between its exclusive create and posix_fallocate leaves an empty file: an opener may wait (LAYOUT 10.3) */
static void shouldReportAnEmptyFileAsNotInitialisedYet(void)
{
    const char *path = test_path("empty.ringway");
    const int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
    CHECK(fd >= 0);
    close(fd);
    CHECK(open_is_refused(path, RINGWAY_E_NOT_INITIALISED, "fileLength"));
}

static void shouldRefuseToCreateInADirectoryEveryoneCanWriteWithoutTheStickyBit(void)
{
    const char *directory = test_path("world-writable");
    CHECK(mkdir(directory, 0700) == 0);
    CHECK(chmod(directory, 0777) == 0);
    char path[1100];
    snprintf(path, sizeof(path), "%s/channel.ringway", directory);
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_E_INVALID_ARGUMENT, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK_STR_EQ("directory", ringway_channel_last_error_field(&channel));
    CHECK_CONTAINS(ringway_channel_last_error(&channel), "found=mode 0777");
    CHECK(access(path, F_OK) != 0);
    CHECK(chmod(directory, 01777) == 0); /* the sticky bit, as /dev/shm and /tmp */
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    ringway_channel_close(&channel);
    unlink(path);
    rmdir(directory);
}

static void shouldRefuseWrongMagic(void)
{
    const char *path = test_path("magic.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(patch_int64(path, 0, 0x4F4F4F4F));
    CHECK(open_is_refused(path, RINGWAY_E_INVALID_FILE, "magic"));
    ringway_channel_t channel;
    ringway_channel_open(&channel, path, NULL);
    CHECK_CONTAINS(ringway_channel_last_error(&channel), "found=0x4f4f4f4f expected=0x594157474e4952");
}

static void shouldRefuseUninitialisedFile(void)
{
    const char *path = test_path("zeros.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(patch_int64(path, 0, 0));
    CHECK(patch_int32(path, 8, 0));
    CHECK(open_is_refused(path, RINGWAY_E_NOT_INITIALISED, "layoutVersion"));
}

static void shouldRefuseZeroLayoutVersionWithMagic(void)
{
    const char *path = test_path("noversion.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(patch_int32(path, 8, 0));
    CHECK(open_is_refused(path, RINGWAY_E_NOT_INITIALISED, "layoutVersion"));
    ringway_channel_t channel;
    ringway_channel_open(&channel, path, NULL);
    CHECK_CONTAINS(ringway_channel_last_error(&channel), "found=0 expected=0x10004");
}

static void shouldRefuseOtherMajorVersion(void)
{
    const char *path = test_path("major.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(patch_int32(path, 8, 0x00020000));
    CHECK(open_is_refused(path, RINGWAY_E_UNSUPPORTED_VERSION, "layoutVersion.major"));
    ringway_channel_t channel;
    ringway_channel_open(&channel, path, NULL);
    CHECK_CONTAINS(ringway_channel_last_error(&channel), "found=2 (layoutVersion=0x20000) expected=1");
}

static void shouldRefuseWrongHeaderLength(void)
{
    const char *path = test_path("headerlength.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(patch_int32(path, 16, 8192));
    CHECK(open_is_refused(path, RINGWAY_E_INVALID_FILE, "headerLength"));
}

static void shouldRefuseUnknownRingKind(void)
{
    const char *path = test_path("kind.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(patch_int32(path, 12, 3));
    CHECK(open_is_refused(path, RINGWAY_E_INVALID_FILE, "ringKind"));
}

static void shouldRefuseCapacityNotPowerOfTwo(void)
{
    const char *path = test_path("capacity.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(patch_int32(path, 20, 1000));
    CHECK(open_is_refused(path, RINGWAY_E_INVALID_FILE, "capacity"));
}

static void shouldRefuseCapacityOutOfRange(void)
{
    const char *path = test_path("range.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(patch_int32(path, 20, 32));
    CHECK(open_is_refused(path, RINGWAY_E_INVALID_FILE, "capacity"));
    CHECK(patch_int32(path, 20, INT32_MIN));
    CHECK(open_is_refused(path, RINGWAY_E_INVALID_FILE, "capacity"));
}

static void shouldRefuseWrongTrailerLength(void)
{
    const char *path = test_path("trailer.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(patch_int32(path, 28, 128));
    CHECK(open_is_refused(path, RINGWAY_E_INVALID_FILE, "trailerLength"));
}

static void shouldRefuseWrongMaxMessageLength(void)
{
    const char *path = test_path("maxmessage.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(patch_int32(path, 24, 1024));
    CHECK(open_is_refused(path, RINGWAY_E_INVALID_FILE, "maxMessageLength"));
}

static void shouldRefuseTrailerBeyondEndOfFile(void)
{
    const char *path = test_path("cut.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(truncate(path, 4096 + 1024 + 767) == 0);
    CHECK(open_is_refused(path, RINGWAY_E_INVALID_FILE, "fileLength"));
    ringway_channel_t channel;
    ringway_channel_open(&channel, path, NULL);
    CHECK_CONTAINS(ringway_channel_last_error(&channel), "found=5887 expected=>=5888");

    /* a capacity larger than the file: the trailer would lie outside it */
    const char *grown = test_path("grown.ringway");
    CHECK(make_channel_file(grown, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(patch_int32(grown, 20, 1 << 20));
    CHECK(patch_int32(grown, 24, (1 << 20) / 8));
    CHECK(open_is_refused(grown, RINGWAY_E_INVALID_FILE, "fileLength"));

    /* bytes past the required length are ignored */
    const char *longer = test_path("longer.ringway");
    CHECK(make_channel_file(longer, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(truncate(longer, 4096 + 1024 + 768 + 4096) == 0);
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_open(&channel, longer, NULL));
    ringway_channel_close(&channel);
}

static void shouldRefuseNegativeHeadPosition(void)
{
    const char *path = test_path("head.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(patch_int64(path, trailer_offset(1024) + 384, -8));
    CHECK(open_is_refused(path, RINGWAY_E_INVALID_FILE, "headPosition"));
}

static void shouldRefuseUnalignedHeadPosition(void)
{
    const char *path = test_path("headalign.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(patch_int64(path, trailer_offset(1024) + 384, 12));
    CHECK(patch_int64(path, trailer_offset(1024) + 128, 16));
    CHECK(open_is_refused(path, RINGWAY_E_INVALID_FILE, "headPosition"));
}

static void shouldRefuseTailBehindHead(void)
{
    const char *path = test_path("tailbehind.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_MPSC, 1024));
    CHECK(patch_int64(path, trailer_offset(1024) + 384, 64));
    CHECK(patch_int64(path, trailer_offset(1024) + 128, 56));
    CHECK(open_is_refused(path, RINGWAY_E_INVALID_FILE, "tailPosition"));
}

static void shouldRefuseTailMoreThanCapacityAheadOfHead(void)
{
    const char *path = test_path("tailahead.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_MPSC, 1024));
    CHECK(patch_int64(path, trailer_offset(1024) + 384, 64));
    CHECK(patch_int64(path, trailer_offset(1024) + 128, 64 + 1024 + 8));
    CHECK(open_is_refused(path, RINGWAY_E_INVALID_FILE, "tailPosition"));
    /* exactly full is valid */
    CHECK(patch_int64(path, trailer_offset(1024) + 128, 64 + 1024));
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_open(&channel, path, NULL));
    ringway_channel_close(&channel);
}

static void shouldRefuseUnalignedTailPosition(void)
{
    const char *path = test_path("tailalign.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK(patch_int64(path, trailer_offset(1024) + 128, 20));
    CHECK(open_is_refused(path, RINGWAY_E_INVALID_FILE, "tailPosition"));
}

static void shouldRefuseUnexpectedRingKindOrCapacity(void)
{
    const char *path = test_path("expect.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    ringway_channel_t channel;
    ringway_open_options_t expect_mpsc = { RINGWAY_RING_KIND_MPSC, 0, false, false };
    CHECK_EQ_LL(RINGWAY_E_UNEXPECTED_CHANNEL, ringway_channel_open(&channel, path, &expect_mpsc));
    CHECK_STR_EQ("ringKind", ringway_channel_last_error_field(&channel));
    ringway_open_options_t expect_capacity = { 0, 2048, false, false };
    CHECK_EQ_LL(RINGWAY_E_UNEXPECTED_CHANNEL, ringway_channel_open(&channel, path, &expect_capacity));
    CHECK_STR_EQ("capacity", ringway_channel_last_error_field(&channel));
    ringway_open_options_t expect_right = { RINGWAY_RING_KIND_SPSC, 1024, false, false };
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_open(&channel, path, &expect_right));
    ringway_channel_close(&channel);
}

static void shouldRefuseMissingFile(void)
{
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_E_FILE_NOT_FOUND, ringway_channel_open(&channel, test_path("absent.ringway"), NULL));
    CHECK_STR_EQ("file", ringway_channel_last_error_field(&channel));
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

/**
 * Reads the one status byte a forked child writes to the ready pipe once it holds what the test needs ('k'), and
 * closes the pipe. @return the child, or -1 (the child killed and reaped) when it failed or wrote nothing.
 */
static void kill_and_reap(pid_t child);

static pid_t await_child_ready(int ready_fd, pid_t child)
{
    char status = 0;
    const ssize_t bytes_read = read(ready_fd, &status, 1);
    close(ready_fd);
    if (bytes_read != 1 || status != 'k')
    {
        if (child > 0)
        {
            kill_and_reap(child);
        }
        return -1;
    }
    return child;
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

static void kill_and_reap(pid_t child)
{
    kill(child, SIGKILL);
    /* reaped: a zombie still has /proc/<pid>/stat, so it would still count as alive */
    waitpid(child, NULL, 0);
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

static void shouldNameEveryErrorCode(void)
{
    for (int code = RINGWAY_E_CLOSED; code <= RINGWAY_OK; code++)
    {
        CHECK(strcmp(ringway_strerror(code), "unknown ringway result") != 0);
    }
    CHECK_STR_EQ("unknown ringway result", ringway_strerror(RINGWAY_E_CLOSED - 1));
    CHECK_STR_EQ("ring full (back-pressure): try again later", ringway_strerror(RINGWAY_E_RING_FULL));
}

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

/** A consumer in a child process parks in poll_wait with timeout_ns; this process commits one message. */
static void check_consumer_parked_in_another_process_is_woken(const char *name, int64_t timeout_ns)
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
        const int delivered =
            ringway_consumer_poll_wait(&consumer, ignore_message, NULL, 10, timeout_ns);
        _exit(delivered == 1 ? 0 : 1);
    }
    const bool parked = await_flag(&channel.header->data_waiters);
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_OK, ringway_producer_attach(&producer, &channel));
    CHECK_EQ_LL(RINGWAY_OK, offer_seeded(&producer, 1, 8, 1));
    int status = 0;
    CHECK(waitpid(child, &status, 0) == child);
    CHECK(parked);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK_EQ_LL(1, ringway_channel_wake_count(&channel));
    CHECK_EQ_LL(1, channel.header->data_sequence);
    ringway_channel_close(&channel);
}

static void shouldWakeAConsumerParkedInAnotherProcessWhenAProducerCommits(void)
{
    check_consumer_parked_in_another_process_is_woken("wake-consumer.ringway", INT64_C(60) * 1000 * 1000 * 1000);
}

/** INT64_MAX is "wait forever": the deadline saturates instead of overflowing into the past (UB; returned at once). */
static void shouldParkAConsumerWithTheLargestTimeoutUntilAProducerCommits(void)
{
    check_consumer_parked_in_another_process_is_woken("wake-consumer-forever.ringway", INT64_MAX);
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

/* ---------------------------------------------------------------------------------------------------------------- */
/* reliability: liveness (LAYOUT 8.1), dead claims (7.1), file checks (10.3, 11.1)                                  */
/* ---------------------------------------------------------------------------------------------------------------- */

static int64_t manual_clock(void *clientd)
{
    return *(const int64_t *)clientd;
}

static int offer_value(ringway_producer_t *producer, int64_t value)
{
    return ringway_producer_offer(producer, 1, &value, (int32_t)sizeof(value));
}

static int64_t first_value(const received_t *received, int at)
{
    int64_t value;
    memcpy(&value, received->first_bytes[at], sizeof(value));
    return value;
}

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

static void move_tail_without_writing_a_record(ringway_channel_t *channel, int64_t length)
{
    ringway_get_and_add_int64(&channel->trailer->tail_position, length);
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
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("stalled.ringway"), RINGWAY_RING_KIND_MPSC, 1024));
    ringway_channel_set_clock(&channel, manual_clock, &now_ms);
    ringway_channel_set_unblock_timeout_ms(&channel, 50);
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
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("killed.ringway"), RINGWAY_RING_KIND_MPSC, 1024));
    ringway_channel_set_clock(&channel, manual_clock, &now_ms);
    ringway_channel_set_unblock_timeout_ms(&channel, 50);
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
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("pasttail.ringway"), RINGWAY_RING_KIND_MPSC, 1024));
    ringway_channel_set_clock(&channel, manual_clock, &now_ms);
    ringway_channel_set_unblock_timeout_ms(&channel, 50);
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
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("unblock.ringway"), RINGWAY_RING_KIND_MPSC, 1024));
    ringway_channel_set_clock(&channel, manual_clock, &now_ms);
    ringway_channel_set_unblock_timeout_ms(&channel, 1000);
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

static void shouldUnblockAZeroedMpscClaimToTheEndWhenTheTailHasWrapped(void)
{
    int64_t now_ms = 1;
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, test_path("wrapblock.ringway"), RINGWAY_RING_KIND_MPSC, 1024));
    ringway_channel_set_clock(&channel, manual_clock, &now_ms);
    ringway_channel_set_unblock_timeout_ms(&channel, 1000);
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
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10));
    now_ms += 1000;
    CHECK_EQ_LL(0, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(1, ringway_consumer_poll(&consumer, collect, &received, 10));
    CHECK_EQ_LL(9, first_value(&received, 0));
    CHECK_EQ_LL(2, ringway_channel_unblocked_record_count(&channel));
    ringway_channel_close(&channel);
}

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

static void shouldRefuseToOpenASymlinkUnlessAskedToFollowIt(void)
{
    CHECK(make_channel_file(test_path("target.ringway"), RINGWAY_RING_KIND_SPSC, 1024));
    CHECK_EQ_LL(0, symlink(test_path("target.ringway"), test_path("link.ringway")));
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, ringway_channel_open(&channel, test_path("link.ringway"), NULL));
    CHECK_STR_EQ("file", ringway_channel_last_error_field(&channel));
    CHECK_CONTAINS(ringway_channel_last_error(&channel), "symlink");
    ringway_open_options_t follow = { 0, 0, false, true };
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_open(&channel, test_path("link.ringway"), &follow));
    ringway_channel_close(&channel);
}

static void shouldReplaceAnExistingRegularFileOnlyWhenAsked(void)
{
    const char *path = test_path("replace.ringway");
    FILE *file = fopen(path, "w");
    CHECK(file != NULL);
    fputs("not a channel", file);
    fclose(file);
    ringway_channel_t channel;
    ringway_create_options_t options = { RINGWAY_RING_KIND_SPSC, 1024, 0, 0, 0, false };
    CHECK_EQ_LL(RINGWAY_E_FILE_EXISTS, ringway_channel_create(&channel, path, &options));
    options.replace_existing = true;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_create(&channel, path, &options));
    ringway_channel_close(&channel);
    CHECK_EQ_LL(0, symlink(path, test_path("link.ringway")));
    CHECK_EQ_LL(RINGWAY_E_FILE_EXISTS, ringway_channel_create(&channel, test_path("link.ringway"), &options));
    CHECK_CONTAINS(ringway_channel_last_error(&channel), "symlink");
}

static void shouldRefuseAFileOfAnotherOwnerUnlessAllowed(void)
{
    if (geteuid() != 0)
    {
        fprintf(stderr, "skipped: needs root to give a file to another uid (chown)\n");
        return;
    }
    const char *path = test_path("other.ringway");
    CHECK(make_channel_file(path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK_EQ_LL(0, chown(path, 65534, 65534));
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, ringway_channel_open(&channel, path, NULL));
    CHECK_STR_EQ("owner", ringway_channel_last_error_field(&channel));
    CHECK_CONTAINS(ringway_channel_last_error(&channel), "found=uid 65534");
    ringway_open_options_t allow = { 0, 0, true, false };
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_open(&channel, path, &allow));
    ringway_channel_close(&channel);
}

static void shouldDetectAFileTruncatedWhileMappedWhenARoleAttaches(void)
{
    const char *path = test_path("truncated.ringway");
    ringway_channel_t channel;
    CHECK_EQ_LL(RINGWAY_OK, create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 1024));
    CHECK_EQ_LL(0, truncate(path, RINGWAY_HEADER_LENGTH));
    ringway_consumer_t consumer;
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, ringway_consumer_attach(&consumer, &channel));
    CHECK_STR_EQ("fileLength", ringway_consumer_last_error_field(&consumer));
    ringway_producer_t producer;
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, ringway_producer_attach(&producer, &channel));
    ringway_status_t status;
    CHECK_EQ_LL(RINGWAY_OK, ringway_channel_status(&channel, &status)); /* must not touch the missing trailer */
    CHECK_EQ_LL(RINGWAY_HEADER_LENGTH, status.file_length);
    CHECK_EQ_LL(0, status.tail_position);
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
/* space reserved at create (LAYOUT 10.2): a small tmpfs of the test's own                                          */
/* ---------------------------------------------------------------------------------------------------------------- */

#define SMALL_FS_MIB (1024 * 1024)

/**
 * Mounts a tmpfs of size_bytes on a new directory of the test. Needs root (or CAP_SYS_ADMIN): where the mount is
 * refused it prints a line starting "SKIPPED:" (CTest reports the test as skipped) and returns false.
 */
static bool mount_small_file_system(char *directory, size_t directory_length, long long size_bytes)
{
    snprintf(directory, directory_length, "%s", test_path("small-fs"));
    if (mkdir(directory, 0700) != 0)
    {
        fprintf(stderr, "mkdir %s: %s\n", directory, strerror(errno));
        return false;
    }
    char options[64];
    snprintf(options, sizeof(options), "size=%lld,mode=0700", size_bytes);
    if (mount("tmpfs", directory, "tmpfs", 0, options) != 0)
    {
        printf("SKIPPED: this test fills a small tmpfs and mounting one was refused here (it needs root or "
            "CAP_SYS_ADMIN): mount: %s\n", strerror(errno));
        rmdir(directory);
        return false;
    }
    return true;
}

/** Unmounts lazily (a mapping a failed test left behind cannot keep it busy) and removes the directory. */
static void unmount_small_file_system(const char *directory)
{
    umount2(directory, MNT_DETACH);
    rmdir(directory);
}

/** Writes a file until its file system is full. @return true when the write stopped at ENOSPC. */
static bool fill_file_system(const char *path)
{
    const int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
    {
        return false;
    }
    static const uint8_t chunk[64 * 1024];
    ssize_t written;
    do
    {
        written = write(fd, chunk, sizeof(chunk));
    }
    while (written > 0);
    const bool full = written < 0 && errno == ENOSPC;
    close(fd);
    return full;
}

static void shouldRefuseToCreateAChannelLargerThanItsFileSystemWithENOSPCAndRemoveTheFile(void)
{
    char directory[1024];
    if (!mount_small_file_system(directory, sizeof(directory), 2 * SMALL_FS_MIB))
    {
        return;
    }
    char path[1100];
    snprintf(path, sizeof(path), "%s/too-large.ringway", directory);
    ringway_channel_t channel;
    const int result = create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, 4 * SMALL_FS_MIB);
    struct stat file_status;
    const bool file_exists = lstat(path, &file_status) == 0;
    char message[RINGWAY_ERROR_MESSAGE_LENGTH];
    snprintf(message, sizeof(message), "%s", ringway_channel_last_error(&channel));
    if (result == RINGWAY_OK)
    {
        ringway_channel_close(&channel);
    }
    unmount_small_file_system(directory);

    CHECK_EQ_LL(RINGWAY_E_IO, result);
    CHECK_STR_EQ("fileLength", ringway_channel_last_error_field(&channel));
    CHECK_CONTAINS(message, "found=ENOSPC");
    CHECK_CONTAINS(message, path);
    CHECK(strchr(message, '\n') == NULL);
    CHECK(!file_exists);
}

/** The child's part: offers and polls twice round the ring; exits 0 when every message came back intact. */
static int offer_and_poll_through_every_page(ringway_channel_t *channel, int32_t capacity)
{
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    if (ringway_producer_attach(&producer, channel) != RINGWAY_OK ||
        ringway_consumer_attach(&consumer, channel) != RINGWAY_OK)
    {
        return 2;
    }
    enum { message_length = 3000 };
    static uint8_t body[message_length];
    const int message_count = 2 * capacity / message_length + 1;
    for (int sequence = 0; sequence < message_count; sequence++)
    {
        memset(body, (uint8_t)sequence, sizeof(body));
        if (ringway_producer_offer(&producer, 7, body, message_length) != RINGWAY_OK)
        {
            return 3;
        }
        received_t received;
        memset(&received, 0, sizeof(received));
        if (ringway_consumer_poll(&consumer, collect, &received, 1) != 1 || received.lengths[0] != message_length ||
            received.first_bytes[0][0] != (uint8_t)sequence)
        {
            return 4;
        }
    }
    return 0;
}

static void shouldOfferAndPollThroughEveryPageOfTheRingAfterAnotherFileFilledTheFileSystem(void)
{
    char directory[1024];
    if (!mount_small_file_system(directory, sizeof(directory), 2 * SMALL_FS_MIB))
    {
        return;
    }
    char path[1100];
    char filler[1100];
    snprintf(path, sizeof(path), "%s/fits.ringway", directory);
    snprintf(filler, sizeof(filler), "%s/filler", directory);
    const int32_t capacity = SMALL_FS_MIB;
    ringway_channel_t channel;
    const int result = create_channel(&channel, path, RINGWAY_RING_KIND_SPSC, capacity);
    const bool full = result == RINGWAY_OK && fill_file_system(filler);
    int child_status = -1;
    if (full)
    {
        /* in a child, so that a SIGBUS from a page the file system could not back is reported, not fatal here */
        const pid_t child = fork();
        if (child == 0)
        {
            _exit(offer_and_poll_through_every_page(&channel, capacity));
        }
        waitpid(child, &child_status, 0);
    }
    if (result == RINGWAY_OK)
    {
        ringway_channel_close(&channel);
    }
    unmount_small_file_system(directory);

    CHECK_EQ_LL(RINGWAY_OK, result);
    CHECK(full);
    if (WIFSIGNALED(child_status))
    {
        fprintf(stderr, "the child offering and polling was killed by signal %d (%s)\n", WTERMSIG(child_status),
            strsignal(WTERMSIG(child_status)));
    }
    CHECK(WIFEXITED(child_status));
    CHECK_EQ_LL(0, WEXITSTATUS(child_status));
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
    TEST_CASE(shouldCreateChannelWithIdentityFieldsAndOwnerOnlyMode),
    TEST_CASE(shouldGiveEveryCreatedChannelARandomNonZeroChannelId),
    TEST_CASE(shouldApplyRequestedModeDespiteUmask),
    TEST_CASE(shouldRefuseToCreateOverExistingFile),
    TEST_CASE(shouldRefuseToCreateThroughSymlink),
    TEST_CASE(shouldRefuseInvalidCreateOptions),
    TEST_CASE(shouldOpenCreatedChannelWithoutWritingIt),
    TEST_CASE(shouldAcceptNewerMinorVersion),
    TEST_CASE(shouldRefuseFileShorterThanHeader),
    TEST_CASE(shouldReportAnEmptyFileAsNotInitialisedYet),
    TEST_CASE(shouldRefuseToCreateInADirectoryEveryoneCanWriteWithoutTheStickyBit),
    TEST_CASE(shouldRefuseWrongMagic),
    TEST_CASE(shouldRefuseUninitialisedFile),
    TEST_CASE(shouldRefuseZeroLayoutVersionWithMagic),
    TEST_CASE(shouldRefuseOtherMajorVersion),
    TEST_CASE(shouldRefuseWrongHeaderLength),
    TEST_CASE(shouldRefuseUnknownRingKind),
    TEST_CASE(shouldRefuseCapacityNotPowerOfTwo),
    TEST_CASE(shouldRefuseCapacityOutOfRange),
    TEST_CASE(shouldRefuseWrongTrailerLength),
    TEST_CASE(shouldRefuseWrongMaxMessageLength),
    TEST_CASE(shouldRefuseTrailerBeyondEndOfFile),
    TEST_CASE(shouldRefuseNegativeHeadPosition),
    TEST_CASE(shouldRefuseUnalignedHeadPosition),
    TEST_CASE(shouldRefuseTailBehindHead),
    TEST_CASE(shouldRefuseTailMoreThanCapacityAheadOfHead),
    TEST_CASE(shouldRefuseUnalignedTailPosition),
    TEST_CASE(shouldRefuseUnexpectedRingKindOrCapacity),
    TEST_CASE(shouldRefuseMissingFile),
    TEST_CASE(shouldRecordThePidNamespaceOfItsCreatorInTheHeader),
    TEST_CASE(shouldRefuseToOpenAChannelFileThatRecordsAnotherPidNamespace),
    TEST_CASE(shouldOpenAChannelFileOfALayout12CreatorThatRecordsNoPidNamespace),
    TEST_CASE(shouldRefuseToOpenAChannelCreatedInAnotherPidNamespace),
    TEST_CASE(shouldRefuseInAnotherPidNamespaceToOpenAChannelCreatedOutside),
    TEST_CASE(shouldNeverLetASecondConsumerTakeTheLeaseOfALiveConsumerInAnotherPidNamespace),
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
    TEST_CASE(shouldNameEveryErrorCode),
    TEST_CASE(shouldIssueNoWakeWhenNobodyWaits),
    TEST_CASE(shouldReturnNothingFromPollWaitOnlyAfterTheTimeout),
    TEST_CASE(shouldGiveUpOfferWaitOnlyAfterTheTimeoutWhenTheRingStaysFull),
    TEST_CASE(shouldWakeAConsumerParkedInAnotherProcessWhenAProducerCommits),
    TEST_CASE(shouldParkAConsumerWithTheLargestTimeoutUntilAProducerCommits),
    TEST_CASE(shouldWakeAProducerParkedInAnotherProcessWhenTheConsumerFreesSpace),
    TEST_CASE(shouldParkAProducerWithTheLargestTimeoutUntilTheConsumerFreesSpace),
    TEST_CASE(shouldClearTheDataWaitersFlagLeftByAPreviousConsumerWhenTakingTheLease),
    TEST_CASE(shouldStopWakingAfterOneWakeWhenAParkedWaiterVanished),
    TEST_CASE(shouldReportLivenessAndStatusWithAnInjectedClock),
    TEST_CASE(shouldReadTheClockOnceEvery256OffersWhileMessagesFlow),
    TEST_CASE(shouldUnblockAnMpscClaimNeverCommittedAfterTheTimeout),
    TEST_CASE(shouldNeverUnblockTheClaimOfAStoppedProducerProcessAndDeliverEverythingOnceWhenItResumes),
    TEST_CASE(shouldUnblockTheClaimOfAProducerProcessKilledBetweenClaimAndCommitAndFreeItsSlot),
    TEST_CASE(shouldNeverPadPastTheTailWhenADeadClaimantsLengthRunsBeyondIt),
    TEST_CASE(shouldKeepTheClaimFloorUntilTheLastClaimOfAHandleEndsAndRefuseTheFortyNinthLiveHandle),
    TEST_CASE(shouldUnblockAZeroedMpscClaimToTheEndWhenTheTailHasWrapped),
    TEST_CASE(shouldLetTheNextSpscProducerPadItsDeadPredecessorsClaim),
    TEST_CASE(shouldPadOnlyTheUncommittedClaimOfAKilledSpscProducerAndDeliverTheRecordItCommittedAfterIt),
    TEST_CASE(shouldReportAnImpossibleClaimedLengthInTheSpscRepairWalkAsCorruption),
    TEST_CASE(shouldRefuseToOpenASymlinkUnlessAskedToFollowIt),
    TEST_CASE(shouldReplaceAnExistingRegularFileOnlyWhenAsked),
    TEST_CASE(shouldRefuseAFileOfAnotherOwnerUnlessAllowed),
    TEST_CASE(shouldDetectAFileTruncatedWhileMappedWhenARoleAttaches),
    TEST_CASE(shouldReportTheStatusOfHostilePositionsWithoutOverflow),
    TEST_CASE(shouldRefuseHostilePositionsInTheSpscRepairWalkWithoutOverflow),
    TEST_CASE(shouldIgnoreAHostilePendingHeadWithoutOverflow),
    TEST_CASE(shouldFinishTheZeroingOfAConsumerKilledWhileZeroing),
    TEST_CASE(shouldRefuseToCreateAChannelLargerThanItsFileSystemWithENOSPCAndRemoveTheFile),
    TEST_CASE(shouldOfferAndPollThroughEveryPageOfTheRingAfterAnotherFileFilledTheFileSystem),
    TEST_CASE(shouldNeitherUnblockALiveClaimNorCallAPeerStaleWhenTheWallClockStepsAnHourForward),
    TEST_CASE(shouldStoreHeartbeatsInMillisecondsOfClockMonotonicByDefault),
    TEST_CASE(shouldCallALayout11PeerWithAnEpochHeartbeatNeitherStaleNorDeadByAge),
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, tests, (int)(sizeof(tests) / sizeof(tests[0])));
}
