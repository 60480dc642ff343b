// ringway.h included from C++: compiles with g++ (or clang++) -Wall -Wextra -Werror -pedantic and works.
#include "ringway.h"

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
}

int main()
{
    char dir[] = "/tmp/ringway-cpp-XXXXXX";
    if (mkdtemp(dir) == nullptr)
    {
        return fail("mkdtemp");
    }
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
    rmdir(dir);

    if (delivered != 2 || received.bodies.size() != 2 || received.bodies[0] != hello ||
        received.bodies[1] != "claim" || received.typeIds[0] != 7 || received.typeIds[1] != 8)
    {
        return fail("round trip");
    }
    std::printf("1 passed, 0 failed\n");
    return 0;
}
