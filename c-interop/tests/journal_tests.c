/*
 * Unit tests of the C journal reader (ringway_journal_*, LAYOUT 14) over journals made by the test writer in
 * journal_test_writer.h. Java-written journals are read by the cross-language tests (go-interop's
 * JournalReaderMatrixTest).
 */
#include "ringway_journal.h"

#include "journal_test_writer.h"
#include "test_support.h"

#include <pthread.h>

#define SMALL_SEGMENT_LENGTH (3 * 4096)

/* record i of the tests' journals: body length i % 97, byte j = (i * 31 + j), type id 1 + i % 5, timestamps 10 apart
 * every third record (so that some are equal) */
static int32_t body_length_of(int64_t index)
{
    return (int32_t)(index % 97);
}

static int64_t timestamp_of(int64_t index)
{
    return 1000 + (index / 3) * 10;
}

static void append_records(test_journal_writer_t *writer, int64_t count)
{
    uint8_t body[128];
    for (int64_t n = 0; n < count; n++)
    {
        const int64_t index = writer->next_index;
        for (int32_t j = 0; j < body_length_of(index); j++)
        {
            body[j] = (uint8_t)(index * 31 + j);
        }
        test_journal_append(writer, 1 + (int32_t)(index % 5), body, body_length_of(index), timestamp_of(index));
    }
}

typedef struct seen_stct
{
    int64_t count;
    int64_t first_index;
    int64_t next_expected;
    bool wrong;
}
seen_t;

static void check_record(
    void *clientd, int64_t index, int64_t timestamp_ns, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    seen_t *seen = (seen_t *)clientd;
    if (seen->count == 0)
    {
        seen->first_index = index;
        seen->next_expected = index;
    }
    bool wrong = index != seen->next_expected || timestamp_ns != timestamp_of(index) ||
        type_id != 1 + (int32_t)(index % 5) || body_length != body_length_of(index);
    for (int32_t j = 0; !wrong && j < body_length; j++)
    {
        wrong = body[j] != (uint8_t)(index * 31 + j);
    }
    if (wrong)
    {
        fprintf(stderr, "record index=%lld wrong (expected index %lld)\n", (long long)index,
            (long long)seen->next_expected);
        seen->wrong = true;
    }
    seen->next_expected = index + 1;
    seen->count++;
}

static int poll_all(ringway_journal_reader_t *reader, seen_t *seen)
{
    int total = 0;
    for (;;)
    {
        const int result = ringway_journal_poll(reader, check_record, seen, 50);
        if (result <= 0)
        {
            return result < 0 ? result : total;
        }
        total += result;
    }
}

static void new_journal(test_journal_writer_t *writer, int64_t segment_length, int32_t spacing, int32_t entries)
{
    test_journal_writer_open(writer, test_dir, segment_length, spacing, entries);
}

static void shouldRefuseADirectoryWithoutSegments(void)
{
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_E_FILE_NOT_FOUND, ringway_journal_open(&reader, test_dir));
    CHECK_STR_EQ("segments", ringway_journal_last_error_field(&reader));
    CHECK_CONTAINS(ringway_journal_last_error(&reader), "field=segments found=0");
    CHECK_EQ_LL(RINGWAY_E_FILE_NOT_FOUND, ringway_journal_open(&reader, test_path("absent")));
    CHECK_STR_EQ("directory", ringway_journal_last_error_field(&reader));
}

static void shouldReadNothingFromAnEmptyJournal(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 16);
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    seen_t seen = { 0, 0, 0, false };
    CHECK_EQ_LL(0, ringway_journal_poll(&reader, check_record, &seen, 10));
    CHECK_EQ_LL(0, ringway_journal_next_index(&reader));
    CHECK_EQ_LL(INT64_C(0x1234567890ABCDEF), ringway_journal_id(&reader));
    ringway_journal_close(&reader);
    test_journal_writer_close(&writer);
}

static void shouldReadEveryRecordOfOneSegment(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, 16 * 4096, 4, 64);
    append_records(&writer, 100);
    CHECK_EQ_LL(1, writer.segment_count);
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    seen_t seen = { 0, 0, 0, false };
    CHECK_EQ_LL(100, poll_all(&reader, &seen));
    CHECK(!seen.wrong);
    CHECK_EQ_LL(0, seen.first_index);
    CHECK_EQ_LL(100, ringway_journal_next_index(&reader));
    ringway_journal_close(&reader);
    test_journal_writer_close(&writer);
}

static void shouldReadEveryRecordAcrossSeveralSegments(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
    append_records(&writer, 1000);
    CHECK(writer.segment_count >= 10);
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    seen_t seen = { 0, 0, 0, false };
    CHECK_EQ_LL(1000, poll_all(&reader, &seen));
    CHECK(!seen.wrong);
    ringway_journal_close(&reader);
    test_journal_writer_close(&writer);
}

static void shouldDeliverAtMostLimitRecords(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
    append_records(&writer, 30);
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    seen_t seen = { 0, 0, 0, false };
    CHECK_EQ_LL(7, ringway_journal_poll(&reader, check_record, &seen, 7));
    CHECK_EQ_LL(0, ringway_journal_poll(&reader, check_record, &seen, 0));
    CHECK_EQ_LL(23, ringway_journal_poll(&reader, check_record, &seen, 100));
    CHECK(!seen.wrong);
    ringway_journal_close(&reader);
    test_journal_writer_close(&writer);
}

static void shouldFollowTheTailAcrossRolls(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 2, 4);
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    seen_t seen = { 0, 0, 0, false };
    for (int round = 0; round < 200; round++)
    {
        CHECK_EQ_LL(0, ringway_journal_poll(&reader, check_record, &seen, 100));
        append_records(&writer, round % 4);
        CHECK_EQ_LL(round % 4, ringway_journal_poll(&reader, check_record, &seen, 100));
    }
    CHECK(writer.segment_count > 10);
    CHECK(!seen.wrong);
    CHECK_EQ_LL(writer.next_index, seen.count);
    ringway_journal_close(&reader);
    test_journal_writer_close(&writer);
}

typedef struct writer_thread_stct
{
    test_journal_writer_t *writer;
    int64_t count;
}
writer_thread_t;

static void *append_in_thread(void *argument)
{
    writer_thread_t *work = (writer_thread_t *)argument;
    for (int64_t n = 0; n < work->count; n += 7)
    {
        append_records(work->writer, work->count - n < 7 ? work->count - n : 7);
        sched_yield();
    }
    return NULL;
}

/* the writer and the reader map each segment separately, as two processes would */
static void shouldSeeEveryRecordWhileAWriterThreadAppendsAndRolls(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 2, 4);
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    writer_thread_t work = { &writer, 5000 };
    pthread_t thread;
    CHECK_EQ_LL(0, pthread_create(&thread, NULL, append_in_thread, &work));
    seen_t seen = { 0, 0, 0, false };
    int result = 0;
    while (seen.count < work.count && result >= 0)
    {
        result = ringway_journal_poll(&reader, check_record, &seen, 64);
    }
    pthread_join(thread, NULL);
    CHECK_EQ_LL(0, result < 0 ? result : 0);
    CHECK_EQ_LL(work.count, seen.count);
    CHECK(!seen.wrong);
    CHECK(writer.segment_count > 10);
    ringway_journal_close(&reader);
    test_journal_writer_close(&writer);
}

static void shouldReturnNothingAfterTheTimeoutAndLeaveTheFollowerFlagForTheNextCommit(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 2, 4);
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    ringway_journal_set_wait_strategy(&reader, ringway_wait_blocking());
    seen_t seen = { 0, 0, 0, false };
    CHECK_EQ_LL(0, ringway_journal_poll_wait(&reader, check_record, &seen, 10, 0));
    CHECK_EQ_LL(0, ringway_journal_park_count(&reader));
    CHECK_EQ_LL(0, ringway_journal_poll_wait(&reader, check_record, &seen, 10, 20 * INT64_C(1000000)));
    CHECK(ringway_journal_park_count(&reader) > 0);
    /* a park cut short by the caller's timeout is not a lost wake */
    CHECK_EQ_LL(0, ringway_journal_park_timeout_count(&reader));
    ringway_journal_segment_header_t *header = test_journal_header(&writer);
    CHECK_EQ_LL(1, ringway_get_int32_acquire(&header->data_waiters));
    append_records(&writer, 1);
    CHECK_EQ_LL(0, ringway_get_int32_acquire(&header->data_waiters));
    CHECK_EQ_LL(1, ringway_get_int64_acquire(&header->wake_count));
    CHECK_EQ_LL(1, ringway_journal_poll_wait(&reader, check_record, &seen, 10, 0));
    CHECK(!seen.wrong);
    ringway_journal_close(&reader);
    test_journal_writer_close(&writer);
}

typedef struct follower_thread_stct
{
    ringway_journal_reader_t *reader;
    seen_t *seen;
    int64_t count;
    int result;
}
follower_thread_t;

static void *follow_in_thread(void *argument)
{
    follower_thread_t *work = (follower_thread_t *)argument;
    while (work->seen->count < work->count && work->result >= 0)
    {
        work->result = ringway_journal_poll_wait(work->reader, check_record, work->seen, 1, 60 * INT64_C(1000000000));
    }
    return NULL;
}

/* LAYOUT 14.9: each record is appended only once the follower has announced its park, so it parks before each */
static void shouldWakeAFollowerParkedInAnotherThreadForEveryRecordAndRoll(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 2, 4);
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    ringway_journal_set_wait_strategy(&reader, ringway_wait_blocking());
    seen_t seen = { 0, 0, 0, false };
    follower_thread_t work = { &reader, &seen, 300, 0 };
    pthread_t thread;
    CHECK_EQ_LL(0, pthread_create(&thread, NULL, follow_in_thread, &work));
    for (int64_t i = 0; i < work.count; i++)
    {
        while (ringway_get_int32_acquire(&test_journal_header(&writer)->data_waiters) == 0)
        {
            sched_yield();
        }
        append_records(&writer, 1);
    }
    pthread_join(thread, NULL);
    CHECK_EQ_LL(0, work.result < 0 ? work.result : 0);
    CHECK_EQ_LL(work.count, seen.count);
    CHECK(!seen.wrong);
    CHECK_EQ_LL(0, ringway_journal_park_timeout_count(&reader));
    CHECK(ringway_journal_park_count(&reader) > 0);
    CHECK(writer.segment_count > 10);
    ringway_journal_close(&reader);
    test_journal_writer_close(&writer);
}

static void shouldSeekToEveryIndexAcrossSegments(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
    append_records(&writer, 300);
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    for (int64_t index = 0; index < 300; index++)
    {
        CHECK_EQ_LL(RINGWAY_OK, ringway_journal_seek_index(&reader, index));
        seen_t seen = { 0, 0, 0, false };
        CHECK_EQ_LL(1, ringway_journal_poll(&reader, check_record, &seen, 1));
        CHECK_EQ_LL(index, seen.first_index);
        CHECK(!seen.wrong);
    }
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_seek_start(&reader));
    seen_t from_start = { 0, 0, 0, false };
    CHECK_EQ_LL(1, ringway_journal_poll(&reader, check_record, &from_start, 1));
    CHECK_EQ_LL(0, from_start.first_index);
    /* past the end: the record is delivered once appended */
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_seek_index(&reader, 305));
    seen_t seen = { 0, 0, 0, false };
    CHECK_EQ_LL(0, ringway_journal_poll(&reader, check_record, &seen, 10));
    append_records(&writer, 10);
    CHECK_EQ_LL(5, poll_all(&reader, &seen));
    CHECK_EQ_LL(305, seen.first_index);
    CHECK(!seen.wrong);
    ringway_journal_close(&reader);
    test_journal_writer_close(&writer);
}

static void shouldRefuseToSeekBeforeTheFirstRecord(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
    append_records(&writer, 100);
    char first[1100];
    snprintf(first, sizeof(first), "%s/%020d.rwj", test_dir, 0);
    CHECK_EQ_LL(0, unlink(first)); /* the journal now starts later */
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    CHECK_EQ_LL(RINGWAY_E_INVALID_ARGUMENT, ringway_journal_seek_index(&reader, 0));
    CHECK_STR_EQ("index", ringway_journal_last_error_field(&reader));
    CHECK_CONTAINS(ringway_journal_last_error(&reader), "found=0 expected=>=");
    ringway_journal_close(&reader);
    test_journal_writer_close(&writer);
}

static void shouldSeekByTimeToTheFirstRecordAtOrAfterIt(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
    append_records(&writer, 300);
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    for (int64_t time = 990; time <= timestamp_of(299) + 1; time += 3)
    {
        int64_t expected = 0;
        while (expected < 300 && timestamp_of(expected) < time)
        {
            expected++;
        }
        CHECK_EQ_LL(RINGWAY_OK, ringway_journal_seek_time(&reader, time));
        seen_t seen = { 0, 0, 0, false };
        const int delivered = ringway_journal_poll(&reader, check_record, &seen, 1);
        CHECK_EQ_LL(expected < 300 ? 1 : 0, delivered);
        if (delivered == 1)
        {
            CHECK_EQ_LL(expected, seen.first_index);
        }
        CHECK(!seen.wrong);
    }
    ringway_journal_close(&reader);
    test_journal_writer_close(&writer);
}

static void shouldSeekToTheEndAndDeliverOnlyNewRecords(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
    append_records(&writer, 123);
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_seek_end(&reader));
    CHECK_EQ_LL(123, ringway_journal_next_index(&reader));
    seen_t seen = { 0, 0, 0, false };
    CHECK_EQ_LL(0, ringway_journal_poll(&reader, check_record, &seen, 10));
    append_records(&writer, 3);
    CHECK_EQ_LL(3, poll_all(&reader, &seen));
    CHECK_EQ_LL(123, seen.first_index);
    ringway_journal_close(&reader);
    test_journal_writer_close(&writer);
}

static void shouldIgnoreTemporaryAndOtherFiles(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
    append_records(&writer, 20);
    const char *others[] = { "00000000000000000000.rwj.tmp-99999", "0000000000000000000.rwj", "notes.txt",
        "000000000000000000001.rwj", "00000000000000000001.rwjx", "99999999999999999999.rwj" };
    for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
    {
        FILE *file = fopen(test_path(others[i]), "w");
        CHECK(file != NULL);
        fputs("garbage", file);
        fclose(file);
    }
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    seen_t seen = { 0, 0, 0, false };
    CHECK_EQ_LL(20, poll_all(&reader, &seen));
    CHECK(!seen.wrong);
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_seek_time(&reader, INT64_MAX));
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_seek_end(&reader));
    ringway_journal_close(&reader);
    test_journal_writer_close(&writer);
}

static void shouldParseOnlyTwentyDigitNamesThatFitAnInt64(void)
{
    int64_t index = -1;
    CHECK(ringway_journal_parse_segment_name("00000000000000812345.rwj", &index));
    CHECK_EQ_LL(812345, index);
    CHECK(ringway_journal_parse_segment_name("09223372036854775807.rwj", &index));
    CHECK_EQ_LL(INT64_MAX, index);
    CHECK(!ringway_journal_parse_segment_name("09223372036854775808.rwj", &index));
    CHECK(!ringway_journal_parse_segment_name("00000000000000812345.rwj.tmp-12", &index));
    CHECK(!ringway_journal_parse_segment_name("0000000000000081234a.rwj", &index));
    CHECK(!ringway_journal_parse_segment_name("short.rwj", &index));
}

/* patches bytes of a segment file (by pwrite, as another process would) */
static bool patch_file(const char *path, int64_t offset, const void *bytes, size_t length)
{
    const int fd = open(path, O_RDWR);
    if (fd < 0)
    {
        return false;
    }
    const bool written = pwrite(fd, bytes, length, (off_t)offset) == (ssize_t)length;
    close(fd);
    return written;
}

static const char *segment_file(int64_t first_index)
{
    static char path[1100];
    snprintf(path, sizeof(path), "%s/%020lld.rwj", test_dir, (long long)first_index);
    return path;
}

typedef struct header_case_stct
{
    int64_t offset;
    int64_t value;
    int width;
    int code;
    const char *field;
}
header_case_t;

static void shouldRefuseASegmentWithABadHeaderFieldNamingIt(void)
{
    const header_case_t cases[] = {
        { RINGWAY_JOURNAL_MAGIC_OFFSET, 42, 8, RINGWAY_E_INVALID_FILE, "magic" },
        { RINGWAY_JOURNAL_JOURNAL_VERSION_OFFSET, 0x00020000, 4, RINGWAY_E_UNSUPPORTED_VERSION,
            "journalVersion.major" },
        { RINGWAY_JOURNAL_HEADER_LENGTH_OFFSET, 2048, 4, RINGWAY_E_INVALID_FILE, "headerLength" },
        { RINGWAY_JOURNAL_SEGMENT_LENGTH_OFFSET, 8192, 8, RINGWAY_E_INVALID_FILE, "segmentLength" },
        { RINGWAY_JOURNAL_FIRST_INDEX_OFFSET, 7, 8, RINGWAY_E_INVALID_FILE, "firstIndex" },
        { RINGWAY_JOURNAL_INDEX_SPACING_OFFSET, 3, 4, RINGWAY_E_INVALID_FILE, "indexSpacing" },
        { RINGWAY_JOURNAL_INDEX_SPACING_OFFSET, 131072, 4, RINGWAY_E_INVALID_FILE, "indexSpacing" },
        { RINGWAY_JOURNAL_INDEX_ENTRY_COUNT_OFFSET, 0, 4, RINGWAY_E_INVALID_FILE, "indexEntryCount" },
        { RINGWAY_JOURNAL_INDEX_ENTRY_COUNT_OFFSET, 300, 4, RINGWAY_E_INVALID_FILE, "dataOffset" },
        { RINGWAY_JOURNAL_DATA_OFFSET_OFFSET, 4096 * 3, 8, RINGWAY_E_INVALID_FILE, "dataOffset" },
        { RINGWAY_JOURNAL_MAX_MESSAGE_LENGTH_OFFSET, 1 << 20, 4, RINGWAY_E_INVALID_FILE, "maxMessageLength" },
        { RINGWAY_JOURNAL_MAX_MESSAGE_LENGTH_OFFSET, -1, 4, RINGWAY_E_INVALID_FILE, "maxMessageLength" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        test_remove_dir();
        CHECK_EQ_LL(0, mkdir(test_dir, 0700));
        test_journal_writer_t writer;
        new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
        append_records(&writer, 5);
        test_journal_writer_close(&writer);
        const int32_t value32 = (int32_t)cases[i].value;
        CHECK(patch_file(segment_file(0), cases[i].offset, cases[i].width == 8 ? (const void *)&cases[i].value :
            (const void *)&value32, (size_t)cases[i].width));
        ringway_journal_reader_t reader;
        const int result = ringway_journal_open(&reader, test_dir);
        if (result != cases[i].code || strcmp(cases[i].field, ringway_journal_last_error_field(&reader)) != 0)
        {
            fprintf(stderr, "case %zu (%s): result %d, %s\n", i, cases[i].field, result,
                ringway_journal_last_error(&reader));
        }
        CHECK_EQ_LL(cases[i].code, result);
        CHECK_STR_EQ(cases[i].field, ringway_journal_last_error_field(&reader));
        CHECK_CONTAINS(ringway_journal_last_error(&reader), "00000000000000000000.rwj");
    }
}

static void shouldRefuseASegmentOfAnotherJournal(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
    append_records(&writer, 200);
    CHECK(writer.segment_count >= 3);
    const int64_t other_id = 77;
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    int64_t second = 0;
    CHECK_EQ_LL(1, ringway_journal_find_segment_(&reader, false, 1, &second));
    CHECK(patch_file(segment_file(second), RINGWAY_JOURNAL_JOURNAL_ID_OFFSET, &other_id, 8));
    seen_t seen = { 0, 0, 0, false };
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, poll_all(&reader, &seen));
    CHECK_EQ_LL(second, seen.count);
    CHECK_STR_EQ("journalId", ringway_journal_last_error_field(&reader));
    CHECK_CONTAINS(ringway_journal_last_error(&reader), "found=0x4D expected=0x1234567890ABCDEF");
    ringway_journal_close(&reader);
    test_journal_writer_close(&writer);
}

static void shouldRefuseACommittedEndOutOfRangeOrUnaligned(void)
{
    const int64_t values[] = { SMALL_SEGMENT_LENGTH + 8, 4096 * 2 + 4, 8 };
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
    {
        test_remove_dir();
        CHECK_EQ_LL(0, mkdir(test_dir, 0700));
        test_journal_writer_t writer;
        new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
        append_records(&writer, 5);
        test_journal_writer_close(&writer);
        CHECK(patch_file(segment_file(0), RINGWAY_JOURNAL_COMMITTED_END_OFFSET, &values[i], 8));
        ringway_journal_reader_t reader;
        CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, ringway_journal_open(&reader, test_dir));
        CHECK_STR_EQ("committedEnd", ringway_journal_last_error_field(&reader));
    }
}

static void shouldRefuseACommittedEndThatShrinks(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
    append_records(&writer, 5);
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    seen_t seen = { 0, 0, 0, false };
    CHECK_EQ_LL(5, poll_all(&reader, &seen));
    const int64_t shrunk = writer.data_offset;
    CHECK(patch_file(segment_file(0), RINGWAY_JOURNAL_COMMITTED_END_OFFSET, &shrunk, 8));
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, ringway_journal_poll(&reader, check_record, &seen, 10));
    CHECK_STR_EQ("committedEnd", ringway_journal_last_error_field(&reader));
    ringway_journal_close(&reader);
    test_journal_writer_close(&writer);
}

typedef struct record_case_stct
{
    int64_t field_offset;
    int64_t value;
    int width;
    const char *field;
    const char *detail;
}
record_case_t;

static void shouldStopBeforeACorruptRecordNamingItsOffsetAndField(void)
{
    const record_case_t cases[] = {
        { RINGWAY_JOURNAL_RECORD_LENGTH_OFFSET, 23, 4, "length", "found=23 expected=24.." },
        { RINGWAY_JOURNAL_RECORD_LENGTH_OFFSET, 100000, 4, "length", "found=100000" },
        { RINGWAY_JOURNAL_RECORD_TYPE_ID_OFFSET, 0, 4, "typeId", "found=0 expected=>=1" },
        { RINGWAY_JOURNAL_RECORD_TYPE_ID_OFFSET, -1, 4, "typeId", "found=-1 expected=>=1" },
        { RINGWAY_JOURNAL_RECORD_INDEX_OFFSET, 99, 8, "index", "found=99 expected=3" },
        { RINGWAY_JOURNAL_RECORD_TIMESTAMP_OFFSET, 5, 8, "timestampNs", "found=5 expected=>=1000" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        test_remove_dir();
        CHECK_EQ_LL(0, mkdir(test_dir, 0700));
        test_journal_writer_t writer;
        new_journal(&writer, 4 * 4096, 4, 8);
        append_records(&writer, 6);
        /* record 3 is at dataOffset + the aligned lengths of records 0..2 (bodies 0, 1 and 2 bytes: 24 + 32 + 32) */
        const int64_t record_offset = writer.data_offset + 24 + 32 + 32;
        test_journal_writer_close(&writer);
        const int32_t value32 = (int32_t)cases[i].value;
        CHECK(patch_file(segment_file(0), record_offset + cases[i].field_offset,
            cases[i].width == 8 ? (const void *)&cases[i].value : (const void *)&value32, (size_t)cases[i].width));
        ringway_journal_reader_t reader;
        CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
        seen_t seen = { 0, 0, 0, false };
        CHECK_EQ_LL(3, ringway_journal_poll(&reader, check_record, &seen, 10));
        CHECK_EQ_LL(RINGWAY_E_CORRUPT_RECORD, ringway_journal_poll(&reader, check_record, &seen, 10));
        CHECK_EQ_LL(RINGWAY_E_CORRUPT_RECORD, ringway_journal_poll(&reader, check_record, &seen, 10));
        CHECK_EQ_LL(3, seen.count);
        CHECK_EQ_LL(3, ringway_journal_next_index(&reader));
        CHECK_STR_EQ(cases[i].field, ringway_journal_last_error_field(&reader));
        char offset_text[64];
        snprintf(offset_text, sizeof(offset_text), "offset=%lld", (long long)record_offset);
        CHECK_CONTAINS(ringway_journal_last_error(&reader), offset_text);
        CHECK_CONTAINS(ringway_journal_last_error(&reader), cases[i].detail);
        CHECK_CONTAINS(ringway_journal_last_error(&reader), "00000000000000000000.rwj");
        ringway_journal_close(&reader);
    }
}

static void shouldReportABodyLongerThanMaxMessageLength(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, 4 * 4096, 4, 8);
    append_records(&writer, 50);
    test_journal_writer_close(&writer);
    const int32_t max_message_length = 10;
    CHECK(patch_file(segment_file(0), RINGWAY_JOURNAL_MAX_MESSAGE_LENGTH_OFFSET, &max_message_length, 4));
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    seen_t seen = { 0, 0, 0, false };
    CHECK_EQ_LL(RINGWAY_E_CORRUPT_RECORD, poll_all(&reader, &seen));
    CHECK_EQ_LL(11, seen.count);
    CHECK_STR_EQ("length", ringway_journal_last_error_field(&reader));
    CHECK_CONTAINS(ringway_journal_last_error(&reader), "found=35 expected=<=34 (maxMessageLength + header)");
    ringway_journal_close(&reader);
}

static void shouldRefuseASealedSegmentWhoseNextIndexDisagrees(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
    append_records(&writer, 200);
    test_journal_writer_close(&writer);
    const int64_t wrong_next_index = 5;
    CHECK(patch_file(segment_file(0), RINGWAY_JOURNAL_NEXT_INDEX_OFFSET, &wrong_next_index, 8));
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    seen_t seen = { 0, 0, 0, false };
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, poll_all(&reader, &seen));
    CHECK_STR_EQ("nextIndex", ringway_journal_last_error_field(&reader));
    CHECK_CONTAINS(ringway_journal_last_error(&reader), "found=5");
    ringway_journal_close(&reader);
}

static void shouldReportAMissingNextSegment(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
    append_records(&writer, 200);
    test_journal_writer_close(&writer);
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    int64_t second = 0;
    CHECK_EQ_LL(1, ringway_journal_find_segment_(&reader, false, 1, &second));
    CHECK_EQ_LL(0, unlink(segment_file(second)));
    seen_t seen = { 0, 0, 0, false };
    CHECK_EQ_LL(RINGWAY_E_FILE_NOT_FOUND, poll_all(&reader, &seen));
    CHECK_EQ_LL(second, seen.count);
    CHECK_STR_EQ("file", ringway_journal_last_error_field(&reader));
    ringway_journal_close(&reader);
}

static void shouldRefuseATruncatedSegmentAtOpen(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
    append_records(&writer, 3);
    test_journal_writer_close(&writer);
    CHECK_EQ_LL(0, truncate(segment_file(0), 4096 * 2));
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, ringway_journal_open(&reader, test_dir));
    CHECK_STR_EQ("segmentLength", ringway_journal_last_error_field(&reader));
    CHECK_EQ_LL(0, truncate(segment_file(0), 100));
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, ringway_journal_open(&reader, test_dir));
    CHECK_STR_EQ("fileLength", ringway_journal_last_error_field(&reader));
    CHECK_CONTAINS(ringway_journal_last_error(&reader), "found=100 expected=>=8192");
}

static void shouldDetectASegmentTruncatedWhileFollowedWhenIdle(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
    append_records(&writer, 3);
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    ringway_journal_set_idle_polls_per_length_check(&reader, 4);
    seen_t seen = { 0, 0, 0, false };
    CHECK_EQ_LL(3, poll_all(&reader, &seen));
    CHECK_EQ_LL(0, truncate(segment_file(0), 4096 * 2));
    int result = 0;
    int polls = 0;
    while (result == 0 && polls < 10)
    {
        result = ringway_journal_poll(&reader, check_record, &seen, 10);
        polls++;
    }
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, result);
    CHECK(polls <= 4);
    CHECK_STR_EQ("fileLength", ringway_journal_last_error_field(&reader));
    CHECK_CONTAINS(ringway_journal_last_error(&reader), "found=8192 expected=12288");
    ringway_journal_close(&reader);
    test_journal_writer_close(&writer);
}

static void shouldRefusePollAndSeekOnAClosedReader(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_close(&reader));
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_close(&reader));
    seen_t seen = { 0, 0, 0, false };
    CHECK_EQ_LL(RINGWAY_E_CLOSED, ringway_journal_poll(&reader, check_record, &seen, 1));
    CHECK_EQ_LL(RINGWAY_E_CLOSED, ringway_journal_seek_index(&reader, 0));
    CHECK_EQ_LL(RINGWAY_E_CLOSED, ringway_journal_seek_time(&reader, 0));
    CHECK_EQ_LL(RINGWAY_E_CLOSED, ringway_journal_seek_end(&reader));
    test_journal_writer_close(&writer);
}

/* ---- LAYOUT 14.1: who may own a journal, and what its paths may be ---------------------------------------------- */

static bool needs_root(void)
{
    if (geteuid() != 0)
    {
        fprintf(stderr, "skipped: needs root to give a file to another uid (chown)\n");
        return false;
    }
    return true;
}

static void shouldRefuseAJournalDirectoryOfAnotherUserUnlessAllowed(void)
{
    if (!needs_root())
    {
        return;
    }
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
    append_records(&writer, 3);
    test_journal_writer_close(&writer);
    CHECK_EQ_LL(0, chown(test_dir, 65534, 65534));
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, ringway_journal_open(&reader, test_dir));
    char expected[2600];
    snprintf(expected, sizeof(expected), "journal directory belongs to another user: file=%s field=owner "
        "found=uid 65534 expected=uid 0 (or allow other owners)", test_dir);
    CHECK_STR_EQ(expected, ringway_journal_last_error(&reader));
    const ringway_journal_open_options_t allow = { true, false };
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open_with_options(&reader, test_dir, &allow));
    seen_t seen = { 0, 0, 0, false };
    CHECK_EQ_LL(3, poll_all(&reader, &seen));
    CHECK(!seen.wrong);
    ringway_journal_close(&reader);
    CHECK_EQ_LL(0, chown(test_dir, 0, 0));
}

static void shouldRefuseAJournalDirectoryOtherUsersMayWriteUnlessAllowed(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
    append_records(&writer, 3);
    test_journal_writer_close(&writer);
    const mode_t modes[] = { 0777, 0770, 0720 };
    for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
    {
        CHECK_EQ_LL(0, chmod(test_dir, modes[i]));
        ringway_journal_reader_t reader;
        CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, ringway_journal_open(&reader, test_dir));
        char expected[2600];
        snprintf(expected, sizeof(expected), "journal directory is writable by other users (they could plant or "
            "swap segments): file=%s field=directory found=mode 0%o expected=no group or other write bit (or allow "
            "other owners)", test_dir, (unsigned)modes[i]);
        CHECK_STR_EQ(expected, ringway_journal_last_error(&reader));
        const ringway_journal_open_options_t allow = { true, false };
        CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open_with_options(&reader, test_dir, &allow));
        ringway_journal_close(&reader);
    }
    CHECK_EQ_LL(0, chmod(test_dir, 0700));
}

static void shouldRefuseASegmentOfAnotherUserUnlessAllowed(void)
{
    if (!needs_root())
    {
        return;
    }
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
    append_records(&writer, 3);
    test_journal_writer_close(&writer);
    CHECK_EQ_LL(0, chown(segment_file(0), 65534, 65534));
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, ringway_journal_open(&reader, test_dir));
    char expected[2600];
    snprintf(expected, sizeof(expected), "journal segment belongs to another user: file=%s field=owner "
        "found=uid 65534 expected=uid 0 (or allow other owners)", segment_file(0));
    CHECK_STR_EQ(expected, ringway_journal_last_error(&reader));
    const ringway_journal_open_options_t allow = { true, false };
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open_with_options(&reader, test_dir, &allow));
    seen_t seen = { 0, 0, 0, false };
    CHECK_EQ_LL(3, poll_all(&reader, &seen));
    CHECK(!seen.wrong);
    ringway_journal_close(&reader);
}

static void shouldRefuseASymlinkedSegmentEvenWhenFollowingSymlinks(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
    append_records(&writer, 3);
    test_journal_writer_close(&writer);
    char first[1200];
    snprintf(first, sizeof(first), "%s", segment_file(0));
    CHECK_EQ_LL(0, rename(first, test_path("elsewhere")));
    CHECK_EQ_LL(0, symlink(test_path("elsewhere"), first));
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, ringway_journal_open(&reader, test_dir));
    char expected[2600];
    snprintf(expected, sizeof(expected), "not a regular journal segment file: file=%s field=fileType found=symlink "
        "expected=regular file", first);
    CHECK_STR_EQ(expected, ringway_journal_last_error(&reader));
    const ringway_journal_open_options_t follow = { true, true };
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, ringway_journal_open_with_options(&reader, test_dir, &follow));
    CHECK_STR_EQ("fileType", ringway_journal_last_error_field(&reader));
}

static void shouldRefuseASymlinkedDirectoryUnlessAskedToFollowIt(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, SMALL_SEGMENT_LENGTH, 4, 8);
    append_records(&writer, 3);
    test_journal_writer_close(&writer);
    char link[1200];
    snprintf(link, sizeof(link), "%s", test_path("link"));
    CHECK_EQ_LL(0, symlink(test_dir, link));
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, ringway_journal_open(&reader, link));
    char expected[2600];
    snprintf(expected, sizeof(expected), "journal directory is a symlink: file=%s field=directory found=symlink "
        "expected=a directory (or ask to follow symlinks)", link);
    CHECK_STR_EQ(expected, ringway_journal_last_error(&reader));
    const ringway_journal_open_options_t follow = { false, true };
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open_with_options(&reader, link, &follow));
    seen_t seen = { 0, 0, 0, false };
    CHECK_EQ_LL(3, poll_all(&reader, &seen));
    CHECK(!seen.wrong);
    ringway_journal_close(&reader);
}

/* ---- LAYOUT 14.8: a segment truncated under the reader ---------------------------------------------------------- */

/** @return the file offset just past record `index` of a journal of one segment made with `entries` index entries. */
static int64_t record_end(int32_t entries, int64_t index)
{
    int64_t offset = ringway_journal_data_offset(entries);
    for (int64_t i = 0; i <= index; i++)
    {
        offset += (RINGWAY_JOURNAL_RECORD_HEADER_LENGTH + body_length_of(i) + 7) & ~(int64_t)7;
    }
    return offset;
}

static void shouldReportATruncationNotACorruptRecordWhenTheSegmentShrinksUnderTheReader(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, 16 * 4096, 4, 128);
    append_records(&writer, 300);
    CHECK_EQ_LL(1, writer.segment_count);
    const int64_t committed_end = record_end(128, 299);
    /* at the end of record 150, in the middle of a page: the next header reads as zeros, no page past the end is
     * touched (a C reader is killed by SIGBUS there) */
    const int64_t truncate_at = record_end(128, 150);
    CHECK(truncate_at % 4096 != 0 && truncate_at % 4096 < 4096 - RINGWAY_JOURNAL_RECORD_HEADER_LENGTH);
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    seen_t seen = { 0, 0, 0, false };
    CHECK_EQ_LL(10, ringway_journal_poll(&reader, check_record, &seen, 10));
    CHECK_EQ_LL(0, truncate(segment_file(0), truncate_at));
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, poll_all(&reader, &seen));
    CHECK(!seen.wrong);
    CHECK_EQ_LL(151, seen.count);
    char expected[2600];
    snprintf(expected, sizeof(expected), "journal segment truncated while mapped: file=%s field=fileLength found=%lld "
        "expected=>=%lld (committedEnd)", segment_file(0), (long long)truncate_at, (long long)committed_end);
    CHECK_STR_EQ(expected, ringway_journal_last_error(&reader));
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, ringway_journal_check_not_truncated(&reader));
    ringway_journal_close(&reader);
    test_journal_writer_close(&writer);
}

typedef struct forwarded_stct
{
    ringway_journal_reader_t *reader;
    seen_t seen;
    int64_t refused;
}
forwarded_t;

/* a forwarding handler: copies the record, checks the segment still holds committedEnd, then "publishes" it */
static void forward_record(
    void *clientd, int64_t index, int64_t timestamp_ns, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    forwarded_t *forwarded = (forwarded_t *)clientd;
    uint8_t copy[128];
    memcpy(copy, body, (size_t)body_length);
    if (ringway_journal_check_not_truncated(forwarded->reader) != RINGWAY_OK)
    {
        forwarded->refused++;
        return;
    }
    check_record(&forwarded->seen, index, timestamp_ns, type_id, copy, body_length);
}

static void shouldForwardOnlyWrittenRecordsWhenTheHandlerChecksTheLengthAfterItsCopy(void)
{
    test_journal_writer_t writer;
    new_journal(&writer, 16 * 4096, 4, 128);
    append_records(&writer, 300);
    /* in the body of record 151, mid-page: its header is intact, its body's tail reads as zeros */
    const int64_t truncate_at = record_end(128, 150) + RINGWAY_JOURNAL_RECORD_HEADER_LENGTH + 5;
    CHECK(body_length_of(151) > 5);
    CHECK(truncate_at % 4096 != 0 && record_end(128, 151) / 4096 == truncate_at / 4096);
    ringway_journal_reader_t reader;
    CHECK_EQ_LL(RINGWAY_OK, ringway_journal_open(&reader, test_dir));
    forwarded_t forwarded = { &reader, { 0, 0, 0, false }, 0 };
    CHECK_EQ_LL(10, ringway_journal_poll(&reader, forward_record, &forwarded, 10));
    CHECK_EQ_LL(0, truncate(segment_file(0), truncate_at));
    int result = 0;
    while ((result = ringway_journal_poll(&reader, forward_record, &forwarded, 50)) > 0)
    {
    }
    CHECK_EQ_LL(RINGWAY_E_INVALID_FILE, result);
    CHECK_STR_EQ("fileLength", ringway_journal_last_error_field(&reader));
    CHECK(!forwarded.seen.wrong);
    CHECK_EQ_LL(10, forwarded.seen.count);
    CHECK(forwarded.refused > 0);
    ringway_journal_close(&reader);
    test_journal_writer_close(&writer);
}

static const test_case_t tests[] = {
    TEST_CASE(shouldRefuseADirectoryWithoutSegments),
    TEST_CASE(shouldReadNothingFromAnEmptyJournal),
    TEST_CASE(shouldReadEveryRecordOfOneSegment),
    TEST_CASE(shouldReadEveryRecordAcrossSeveralSegments),
    TEST_CASE(shouldDeliverAtMostLimitRecords),
    TEST_CASE(shouldFollowTheTailAcrossRolls),
    TEST_CASE(shouldSeeEveryRecordWhileAWriterThreadAppendsAndRolls),
    TEST_CASE(shouldReturnNothingAfterTheTimeoutAndLeaveTheFollowerFlagForTheNextCommit),
    TEST_CASE(shouldWakeAFollowerParkedInAnotherThreadForEveryRecordAndRoll),
    TEST_CASE(shouldSeekToEveryIndexAcrossSegments),
    TEST_CASE(shouldRefuseToSeekBeforeTheFirstRecord),
    TEST_CASE(shouldSeekByTimeToTheFirstRecordAtOrAfterIt),
    TEST_CASE(shouldSeekToTheEndAndDeliverOnlyNewRecords),
    TEST_CASE(shouldIgnoreTemporaryAndOtherFiles),
    TEST_CASE(shouldParseOnlyTwentyDigitNamesThatFitAnInt64),
    TEST_CASE(shouldRefuseASegmentWithABadHeaderFieldNamingIt),
    TEST_CASE(shouldRefuseASegmentOfAnotherJournal),
    TEST_CASE(shouldRefuseACommittedEndOutOfRangeOrUnaligned),
    TEST_CASE(shouldRefuseACommittedEndThatShrinks),
    TEST_CASE(shouldStopBeforeACorruptRecordNamingItsOffsetAndField),
    TEST_CASE(shouldReportABodyLongerThanMaxMessageLength),
    TEST_CASE(shouldRefuseASealedSegmentWhoseNextIndexDisagrees),
    TEST_CASE(shouldReportAMissingNextSegment),
    TEST_CASE(shouldRefuseATruncatedSegmentAtOpen),
    TEST_CASE(shouldDetectASegmentTruncatedWhileFollowedWhenIdle),
    TEST_CASE(shouldRefusePollAndSeekOnAClosedReader),
    TEST_CASE(shouldRefuseAJournalDirectoryOfAnotherUserUnlessAllowed),
    TEST_CASE(shouldRefuseAJournalDirectoryOtherUsersMayWriteUnlessAllowed),
    TEST_CASE(shouldRefuseASegmentOfAnotherUserUnlessAllowed),
    TEST_CASE(shouldRefuseASymlinkedSegmentEvenWhenFollowingSymlinks),
    TEST_CASE(shouldRefuseASymlinkedDirectoryUnlessAskedToFollowIt),
    TEST_CASE(shouldReportATruncationNotACorruptRecordWhenTheSegmentShrinksUnderTheReader),
    TEST_CASE(shouldForwardOnlyWrittenRecordsWhenTheHandlerChecksTheLengthAfterItsCopy),
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, tests, (int)(sizeof(tests) / sizeof(tests[0])));
}
