/*
 * Unit tests of ringway.h, the channel file: create (LAYOUT 10.2) with its identity fields, mode and refusals; open
 * (LAYOUT 10.3), every check in its order with its field; symlinks, owners, replacing and truncation (LAYOUT 10.3,
 * 11.1); the space reserved at create on a small tmpfs; the names of the result codes.
 * One test per behaviour; CMakeLists.txt registers each by name with CTest (unit.channel_file.<test>).
 */
#define _GNU_SOURCE
#include "unit_support.h"

#include <sys/mount.h>

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
    CHECK_EQ_LL(0x00010005, header->layout_version);
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

static off_t trailer_offset(int32_t capacity)
{
    return RINGWAY_HEADER_LENGTH + capacity;
}

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
    CHECK_CONTAINS(ringway_channel_last_error(&channel), "found=0 expected=0x10005");
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

/* LAYOUT 10.3 reads H, then T, then H again: the consumer may free records and a producer fill them between the reads */
static void shouldAcceptAFullRingsTailReadAfterTheConsumerFreedARecordAndAProducerFilledIt(void)
{
    ringway_error_t error;
    memset(&error, 0, sizeof(error));
    /* H read as 0; the consumer frees a 16-byte record and a producer claims it; T read as C + 16; H read as 16 */
    CHECK_EQ_LL(RINGWAY_OK, ringway_check_positions_(&error, "live.ringway", 0, 64 + 16, 16, 64));
}

static void shouldRefuseATailBeyondTheLaterHeadPlusCapacityNamingBothBounds(void)
{
    ringway_error_t error;
    memset(&error, 0, sizeof(error));
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, ringway_check_positions_(&error, "live.ringway", 0, 64 + 24, 16, 64));
    CHECK(strcmp(error.field, "tailPosition") == 0);
    CHECK(strstr(error.message, "found=88 expected=a multiple of 8 in [headPosition 0, headPosition + capacity 80]")
        != NULL);
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
/* file checks: symlinks, owners, replacing, truncation while mapped (LAYOUT 10.3, 11.1)                            */
/* ---------------------------------------------------------------------------------------------------------------- */

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
/* result codes                                                                                                     */
/* ---------------------------------------------------------------------------------------------------------------- */

static void shouldNameEveryErrorCode(void)
{
    for (int code = RINGWAY_E_CLOSED; code <= RINGWAY_OK; code++)
    {
        CHECK(strcmp(ringway_strerror(code), "unknown ringway result") != 0);
    }
    CHECK_STR_EQ("unknown ringway result", ringway_strerror(RINGWAY_E_CLOSED - 1));
    CHECK_STR_EQ("ring full (back-pressure): try again later", ringway_strerror(RINGWAY_E_RING_FULL));
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
    TEST_CASE(shouldAcceptAFullRingsTailReadAfterTheConsumerFreedARecordAndAProducerFilledIt),
    TEST_CASE(shouldRefuseATailBeyondTheLaterHeadPlusCapacityNamingBothBounds),
    TEST_CASE(shouldRefuseUnalignedTailPosition),
    TEST_CASE(shouldRefuseUnexpectedRingKindOrCapacity),
    TEST_CASE(shouldRefuseMissingFile),
    TEST_CASE(shouldRefuseToOpenASymlinkUnlessAskedToFollowIt),
    TEST_CASE(shouldReplaceAnExistingRegularFileOnlyWhenAsked),
    TEST_CASE(shouldRefuseAFileOfAnotherOwnerUnlessAllowed),
    TEST_CASE(shouldDetectAFileTruncatedWhileMappedWhenARoleAttaches),
    TEST_CASE(shouldRefuseToCreateAChannelLargerThanItsFileSystemWithENOSPCAndRemoveTheFile),
    TEST_CASE(shouldOfferAndPollThroughEveryPageOfTheRingAfterAnotherFileFilledTheFileSystem),
    TEST_CASE(shouldNameEveryErrorCode),
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, tests, (int)(sizeof(tests) / sizeof(tests[0])));
}
