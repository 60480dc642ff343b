/*
 * A test-only journal writer (LAYOUT 14.4, 14.5), so that the C reader's unit tests and the fuzzer can make journals
 * without a JVM: segments created as "<name>.tmp-<pid>" then renamed, records appended with their index entries,
 * committedEnd released after each record, rolled when a record or its index entry does not fit. It takes no writer
 * lease and does no crash recovery: the Java JournalWriter is the real writer; cross-language tests read what it wrote.
 */
#ifndef RINGWAY_JOURNAL_TEST_WRITER_H
#define RINGWAY_JOURNAL_TEST_WRITER_H

#include "ringway_journal.h"

#include <stdlib.h>

typedef struct test_journal_writer_stct
{
    char directory[1024];
    int64_t segment_length;
    int32_t index_spacing;
    int32_t index_entry_count;
    int32_t max_message_length;
    int64_t journal_id;
    uint8_t *mapped;
    int64_t first_index;
    int64_t next_index;
    int64_t committed_end;
    int64_t data_offset;
    int segment_count;
}
test_journal_writer_t;

static inline uint8_t *test_journal_create_segment(test_journal_writer_t *writer, int64_t first_index)
{
    char path[1100];
    char temporary[1200];
    snprintf(path, sizeof(path), "%s/%020lld.rwj", writer->directory, (long long)first_index);
    snprintf(temporary, sizeof(temporary), "%s.tmp-%d", path, (int)getpid());
    const int fd = open(temporary, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 || ftruncate(fd, writer->segment_length) != 0)
    {
        perror("test journal segment");
        abort();
    }
    uint8_t *mapped =
        (uint8_t *)mmap(NULL, (size_t)writer->segment_length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (mapped == MAP_FAILED)
    {
        abort();
    }
    ringway_journal_segment_header_t *header = (ringway_journal_segment_header_t *)(void *)mapped;
    header->magic = RINGWAY_JOURNAL_MAGIC;
    header->header_length = RINGWAY_JOURNAL_HEADER_LENGTH;
    header->segment_length = writer->segment_length;
    header->first_index = first_index;
    header->data_offset = writer->data_offset;
    header->index_spacing = writer->index_spacing;
    header->index_entry_count = writer->index_entry_count;
    header->max_message_length = writer->max_message_length;
    header->journal_id = writer->journal_id;
    header->creation_time_ms = 1;
    header->committed_end = writer->data_offset;
    header->next_index = first_index;
    ringway_put_int32_release(&header->journal_version, RINGWAY_JOURNAL_VERSION);
    if (rename(temporary, path) != 0)
    {
        abort();
    }
    writer->segment_count++;
    return mapped;
}

/** Opens a writer on a new journal in directory (which exists), creating its first segment. */
static inline void test_journal_writer_open(test_journal_writer_t *writer, const char *directory,
    int64_t segment_length, int32_t index_spacing, int32_t index_entry_count)
{
    memset(writer, 0, sizeof(*writer));
    snprintf(writer->directory, sizeof(writer->directory), "%s", directory);
    writer->segment_length = segment_length;
    writer->index_spacing = index_spacing;
    writer->index_entry_count = index_entry_count;
    writer->data_offset = ringway_journal_data_offset(index_entry_count);
    writer->max_message_length = (int32_t)(segment_length - writer->data_offset - RINGWAY_JOURNAL_RECORD_HEADER_LENGTH);
    writer->journal_id = INT64_C(0x1234567890ABCDEF);
    writer->mapped = test_journal_create_segment(writer, 0);
    writer->committed_end = writer->data_offset;
}

static inline ringway_journal_segment_header_t *test_journal_header(test_journal_writer_t *writer)
{
    return (ringway_journal_segment_header_t *)(void *)writer->mapped;
}

/**
 * The writer's half of LAYOUT 14.9, after a commit or a seal: full fence, load dataWaiters; only when set, clear it,
 * increment dataSequence and wakeCount, FUTEX_WAKE every follower.
 */
static inline void test_journal_wake_followers(ringway_journal_segment_header_t *header)
{
    ringway_fence_full();
    if (ringway_get_int32_plain(&header->data_waiters) == 0)
    {
        return;
    }
    ringway_put_int32_release(&header->data_waiters, 0);
    ringway_get_and_add_int32(&header->data_sequence, 1);
    ringway_get_and_add_int64(&header->wake_count, 1);
    ringway_futex_wake(&header->data_sequence, INT32_MAX);
}

/** LAYOUT 14.5: the next segment first, then the old one sealed (release), then its followers woken (14.9). */
static inline void test_journal_roll(test_journal_writer_t *writer)
{
    uint8_t *next = test_journal_create_segment(writer, writer->next_index);
    ringway_put_int32_release(&test_journal_header(writer)->segment_state, RINGWAY_JOURNAL_SEGMENT_SEALED);
    test_journal_wake_followers(test_journal_header(writer));
    munmap(writer->mapped, (size_t)writer->segment_length);
    writer->mapped = next;
    writer->first_index = writer->next_index;
    writer->committed_end = writer->data_offset;
}

/** Appends one record (LAYOUT 14.4). @return its index. */
static inline int64_t test_journal_append(
    test_journal_writer_t *writer, int32_t type_id, const uint8_t *body, int32_t body_length, int64_t timestamp_ns)
{
    const int64_t aligned = ((int64_t)RINGWAY_JOURNAL_RECORD_HEADER_LENGTH + body_length + 7) & ~INT64_C(7);
    const int64_t k = (writer->next_index - writer->first_index) / writer->index_spacing;
    const bool needs_entry = (writer->next_index - writer->first_index) % writer->index_spacing == 0;
    if (writer->committed_end + aligned > writer->segment_length || (needs_entry && k >= writer->index_entry_count))
    {
        test_journal_roll(writer);
        return test_journal_append(writer, type_id, body, body_length, timestamp_ns);
    }
    const int64_t offset = writer->committed_end;
    ringway_journal_record_header_t *record = (ringway_journal_record_header_t *)(void *)(writer->mapped + offset);
    record->length = RINGWAY_JOURNAL_RECORD_HEADER_LENGTH + body_length;
    record->type_id = type_id;
    record->index = writer->next_index;
    record->timestamp_ns = timestamp_ns;
    memcpy(writer->mapped + offset + RINGWAY_JOURNAL_RECORD_HEADER_LENGTH, body, (size_t)body_length);
    if (needs_entry)
    {
        ringway_journal_index_entry_t *entry = (ringway_journal_index_entry_t *)(void *)(writer->mapped +
            RINGWAY_JOURNAL_HEADER_LENGTH + k * RINGWAY_JOURNAL_ENTRY_LENGTH);
        entry->record_offset = offset;
        entry->timestamp_ns = timestamp_ns;
    }
    writer->next_index++;
    writer->committed_end += aligned;
    ringway_journal_segment_header_t *header = test_journal_header(writer);
    ringway_put_int64_plain(&header->next_index, writer->next_index);
    /* SYNC POINT: pairs with the reader's acquire of committedEnd */
    ringway_put_int64_release(&header->committed_end, writer->committed_end);
    test_journal_wake_followers(header);
    return writer->next_index - 1;
}

static inline void test_journal_writer_close(test_journal_writer_t *writer)
{
    if (writer->mapped != NULL)
    {
        munmap(writer->mapped, (size_t)writer->segment_length);
        writer->mapped = NULL;
    }
}

#endif
