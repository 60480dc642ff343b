// ringway.h and ringway_journal.h included from C++: compile with g++ (or clang++) -Wall -Wextra -Werror -pedantic
// and work: a channel round trip, and a journal (made by the test writer) read back.
#include "ringway_journal.h"

#include "journal_test_writer.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace
{
struct Received
{
    std::vector<std::string> bodies;
    std::vector<int32_t> typeIds;
};

int fail(const char *what)
{
    std::fprintf(stderr, "cpp_test: %s\n", what);
    return 1;
}

int channelRoundTrip(const char *dir)
{
    const std::string path = std::string(dir) + "/cpp.ringway";

    ringway_channel_t channel;
    ringway_create_options_t options = { RINGWAY_RING_KIND_MPSC, 1024, 0, 0, 0, false };
    if (ringway_channel_create(&channel, path.c_str(), &options) != RINGWAY_OK)
    {
        return fail(ringway_channel_last_error(&channel));
    }
    ringway_producer_t producer;
    ringway_consumer_t consumer;
    if (ringway_producer_attach(&producer, &channel) != RINGWAY_OK ||
        ringway_consumer_attach(&consumer, &channel) != RINGWAY_OK)
    {
        return fail("attach");
    }
    const std::string hello = "hello from C++";
    if (ringway_producer_offer(&producer, 7, hello.data(), static_cast<int32_t>(hello.size())) != RINGWAY_OK)
    {
        return fail(ringway_producer_last_error(&producer));
    }
    uint8_t *body = nullptr;
    const int32_t index = ringway_producer_try_claim(&producer, 8, 5, &body);
    if (index < 0)
    {
        return fail(ringway_strerror(index));
    }
    std::memcpy(body, "claim", 5);
    ringway_producer_commit(&producer, index);

    Received received;
    const int delivered = ringway_consumer_poll(
        &consumer,
        [](void *clientd, int32_t typeId, const uint8_t *bytes, int32_t length)
        {
            auto *target = static_cast<Received *>(clientd);
            target->typeIds.push_back(typeId);
            target->bodies.emplace_back(reinterpret_cast<const char *>(bytes), static_cast<size_t>(length));
        },
        &received,
        10);

    ringway_consumer_close(&consumer);
    ringway_producer_close(&producer);
    ringway_channel_delete(&channel);

    if (delivered != 2 || received.bodies.size() != 2 || received.bodies[0] != hello ||
        received.bodies[1] != "claim" || received.typeIds[0] != 7 || received.typeIds[1] != 8)
    {
        return fail("round trip");
    }
    return 0;
}

int journalReadBack(const char *dir)
{
    const std::string journal = std::string(dir) + "/journal";
    if (mkdir(journal.c_str(), 0700) != 0)
    {
        return fail("mkdir");
    }
    test_journal_writer_t writer;
    test_journal_writer_open(&writer, journal.c_str(), 4 * RINGWAY_JOURNAL_PAGE_LENGTH, 1, 16);
    const std::string first = "journal from C++";
    test_journal_append(
        &writer, 3, reinterpret_cast<const uint8_t *>(first.data()), static_cast<int32_t>(first.size()), 10);
    test_journal_append(&writer, 4, reinterpret_cast<const uint8_t *>("second"), 6, 20);
    test_journal_writer_close(&writer);

    ringway_journal_reader_t reader;
    if (ringway_journal_open(&reader, journal.c_str()) != RINGWAY_OK)
    {
        return fail(ringway_journal_last_error(&reader));
    }
    Received received;
    const int delivered = ringway_journal_poll(
        &reader,
        [](void *clientd, int64_t, int64_t, int32_t typeId, const uint8_t *bytes, int32_t length)
        {
            auto *target = static_cast<Received *>(clientd);
            target->typeIds.push_back(typeId);
            target->bodies.emplace_back(reinterpret_cast<const char *>(bytes), static_cast<size_t>(length));
        },
        &received,
        10);
    const int64_t nextIndex = ringway_journal_next_index(&reader);
    ringway_journal_close(&reader);

    const std::string segment = journal + "/00000000000000000000" RINGWAY_JOURNAL_SEGMENT_SUFFIX;
    unlink(segment.c_str());
    rmdir(journal.c_str());
    if (delivered != 2 || nextIndex != 2 || received.bodies.size() != 2 || received.bodies[0] != first ||
        received.bodies[1] != "second" || received.typeIds[0] != 3 || received.typeIds[1] != 4)
    {
        return fail("journal read back");
    }
    return 0;
}
}

int main()
{
    char dir[] = "/tmp/ringway-cpp-XXXXXX";
    if (mkdtemp(dir) == nullptr)
    {
        return fail("mkdtemp");
    }
    const int failed = channelRoundTrip(dir) + journalReadBack(dir);
    rmdir(dir);
    std::printf("%d passed, %d failed\n", 2 - failed, failed);
    return failed == 0 ? 0 : 1;
}
