/*
 * libFuzzer target: hostile bytes in journal segments (LAYOUT 14) read by the C journal reader, which opens, polls to
 * the end, seeks by index and by time and polls again. It must never crash, loop forever or hand out a body outside
 * the segment it maps (the handler checks every body against the reader's mapping).
 *
 * Input: the first byte picks the mode.
 *   even: the rest of the input is written over the start of a zero-filled 12288-byte segment 0, byte for byte;
 *   odd:  a valid journal is written by the test writer (byte 1: records, byte 2: index spacing), then the rest is
 *         applied as patches [segment, offset low, offset high, length, bytes...] at offset * 8 % segmentLength of
 *         the segment picked, so that the fuzzer reaches the checks of the index area, the records and the roll.
 * Bytes 3..10 of the input (when present) also give the index and time that the reader seeks to.
 *
 * Run longer (from a build made with -DRINGWAY_VARIANT=asan and clang):
 *   mkdir -p corpus && ./ringway_fuzz_journal_segment -max_len=4096 -max_total_time=600 corpus ../fuzz/journal-seeds
 */
#include "ringway_journal.h"

#include "../tests/journal_test_writer.h"

#include <stdlib.h>

#define FUZZ_SEGMENT_LENGTH (3 * 4096)

static char fuzz_dir[256];

typedef struct fuzz_reading_stct
{
    ringway_journal_reader_t *reader;
    uint64_t sum;
}
fuzz_reading_t;

static void remove_segments(void)
{
    DIR *dir = opendir(fuzz_dir);
    if (dir == NULL)
    {
        return;
    }
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL)
    {
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
        {
            char path[512];
            snprintf(path, sizeof(path), "%s/%s", fuzz_dir, entry->d_name);
            unlink(path);
        }
    }
    closedir(dir);
}

static void remove_dir(void)
{
    remove_segments();
    rmdir(fuzz_dir);
}

static void check_body(
    void *clientd, int64_t index, int64_t timestamp_ns, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    (void)index;
    (void)timestamp_ns;
    fuzz_reading_t *reading = (fuzz_reading_t *)clientd;
    /* the segment the reader maps now: a poll may move to the next segment between two records */
    const uint8_t *segment_start = reading->reader->segment.mapped;
    const size_t segment_length = reading->reader->segment.mapped_length;
    if (type_id < 1 || body_length < 0 || body < segment_start || body + body_length > segment_start + segment_length)
    {
        abort(); /* a body outside the segment: a bounds check is missing */
    }
    for (int32_t i = 0; i < body_length; i++)
    {
        reading->sum += body[i];
    }
}

static void write_raw(const uint8_t *data, size_t size)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%020d.rwj", fuzz_dir, 0);
    const int fd = open(path, O_CREAT | O_TRUNC | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0 || ftruncate(fd, FUZZ_SEGMENT_LENGTH) != 0)
    {
        abort();
    }
    if (size > FUZZ_SEGMENT_LENGTH)
    {
        size = FUZZ_SEGMENT_LENGTH;
    }
    if (size > 0 && pwrite(fd, data, size, 0) != (ssize_t)size)
    {
        abort();
    }
    close(fd);
}

static void write_patched(const uint8_t *data, size_t size)
{
    test_journal_writer_t writer;
    const int32_t spacing = size > 1 ? 1 << (data[1] % 4) : 1;
    test_journal_writer_open(&writer, fuzz_dir, FUZZ_SEGMENT_LENGTH, spacing, 8);
    const int records = size > 0 ? data[0] % 64 : 8;
    uint8_t body[200];
    for (int i = 0; i < records; i++)
    {
        const int32_t body_length = (i * 37) % 200;
        memset(body, i, (size_t)body_length);
        test_journal_append(&writer, 1 + i % 3, body, body_length, 1000 + i * 5);
    }
    const int segment_count = writer.segment_count;
    test_journal_writer_close(&writer);
    data += size > 2 ? 2 : size;
    size -= size > 2 ? 2 : size;
    while (size >= 4)
    {
        /* the segment named after the n-th first index: list them in name order */
        int64_t first_index = -1;
        ringway_journal_reader_t lister;
        memset(&lister, 0, sizeof(lister));
        snprintf(lister.directory, sizeof(lister.directory), "%s", fuzz_dir);
        for (int n = 0; n <= data[0] % segment_count; n++)
        {
            if (ringway_journal_find_segment_(&lister, false, first_index + 1, &first_index) <= 0)
            {
                break;
            }
        }
        const size_t offset = ((size_t)data[1] | (size_t)data[2] << 8) * 8 % FUZZ_SEGMENT_LENGTH;
        size_t length = data[3] % 17;
        data += 4;
        size -= 4;
        if (length > size)
        {
            length = size;
        }
        if (offset + length > FUZZ_SEGMENT_LENGTH)
        {
            length = FUZZ_SEGMENT_LENGTH - offset;
        }
        char path[512];
        snprintf(path, sizeof(path), "%s/%020lld.rwj", fuzz_dir, (long long)(first_index < 0 ? 0 : first_index));
        const int fd = open(path, O_RDWR | O_CLOEXEC);
        if (fd >= 0)
        {
            if (length > 0 && pwrite(fd, data, length, (off_t)offset) != (ssize_t)length)
            {
                abort();
            }
            close(fd);
        }
        data += length;
        size -= length;
    }
}

static void poll_to_end(fuzz_reading_t *reading)
{
    for (int i = 0; i < 256; i++)
    {
        if (ringway_journal_poll(reading->reader, check_body, reading, 7) <= 0)
        {
            return;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
    {
        return 0;
    }
    if (fuzz_dir[0] == '\0')
    {
        snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/ringway-fuzz-journal-XXXXXX",
            access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
        if (mkdtemp(fuzz_dir) == NULL)
        {
            abort();
        }
        atexit(remove_dir);
    }
    remove_segments();
    if ((data[0] & 1) == 0)
    {
        write_raw(data + 1, size - 1);
    }
    else
    {
        write_patched(data + 1, size - 1);
    }
    int64_t seek_index = 0;
    int64_t seek_time = 0;
    if (size >= 11)
    {
        seek_index = (int64_t)(data[3] | data[4] << 8 | data[5] << 16);
        seek_time = 990 + (int64_t)(data[6] | data[7] << 8);
    }
    ringway_journal_reader_t reader;
    if (ringway_journal_open(&reader, fuzz_dir) != RINGWAY_OK)
    {
        if (ringway_journal_last_error(&reader)[0] == '\0')
        {
            abort(); /* every refusal carries its detail */
        }
        return 0;
    }
    fuzz_reading_t reading = { &reader, 0 };
    poll_to_end(&reading);
    if (ringway_journal_seek_index(&reader, seek_index) == RINGWAY_OK)
    {
        poll_to_end(&reading);
    }
    if (ringway_journal_seek_time(&reader, seek_time) == RINGWAY_OK)
    {
        poll_to_end(&reading);
    }
    if (ringway_journal_seek_end(&reader) == RINGWAY_OK)
    {
        poll_to_end(&reading);
    }
    ringway_journal_close(&reader);
    return 0;
}
