/*
 * libFuzzer target: arbitrary bytes become a channel file, which is opened, validated, polled (with the MPSC unblock
 * rule at a zero timeout), repaired by an SPSC producer's attach, written to and reported by ringway_channel_status. It
 * must never crash, loop forever or touch memory outside the ring (the handler checks every body it is handed).
 *
 * Input: the first byte picks the mode.
 *   even: the rest of the input is the whole file, byte for byte;
 *   odd:  a valid channel is created (capacity 64 << (byte 1 % 7), kind from byte 2), its file length optionally cut
 *         (byte 3), and the rest is applied as patches: [offset low, offset high, length, bytes...] at
 *         offset * 8 % fileLength, so that the fuzzer reaches the checks after the identity fields and the ring.
 *
 * Run longer (from a build made with -DRINGWAY_VARIANT=asan and clang):
 *   mkdir -p corpus && ./ringway_fuzz_channel_file -max_len=8192 -max_total_time=600 corpus ../fuzz/seeds
 */
#include "ringway.h"

#include <stdlib.h>

static char fuzz_path[512];
static const uint8_t *ring_start;
static const uint8_t *ring_end;
static uint64_t body_sum;

static void check_body(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    (void)clientd;
    if (type_id < 1 || body_length < 0 || body < ring_start || body + body_length > ring_end)
    {
        abort(); /* a body outside the ring: a bounds check is missing */
    }
    for (int32_t i = 0; i < body_length; i++)
    {
        body_sum += body[i];
    }
}

static char fuzz_dir[256];

static void remove_dir(void)
{
    unlink(fuzz_path);
    rmdir(fuzz_dir);
}

static void make_path(void)
{
    if (fuzz_path[0] != '\0')
    {
        return;
    }
    snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/ringway-fuzz-XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (mkdtemp(fuzz_dir) == NULL)
    {
        abort();
    }
    snprintf(fuzz_path, sizeof(fuzz_path), "%s/fuzz.ringway", fuzz_dir);
    atexit(remove_dir);
}

static bool write_raw(const uint8_t *data, size_t size)
{
    const int fd = open(fuzz_path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0)
    {
        return false;
    }
    const bool written = size == 0 || write(fd, data, size) == (ssize_t)size;
    close(fd);
    return written;
}

static bool write_patched(const uint8_t *data, size_t size)
{
    if (size < 3)
    {
        return false;
    }
    ringway_create_options_t options;
    memset(&options, 0, sizeof(options));
    options.capacity = 64 << (data[0] % 7);
    options.ring_kind = (data[1] & 1) != 0 ? RINGWAY_RING_KIND_MPSC : RINGWAY_RING_KIND_SPSC;
    const uint8_t cut = data[2];
    data += 3;
    size -= 3;
    ringway_channel_t channel;
    if (ringway_channel_create(&channel, fuzz_path, &options) != RINGWAY_OK)
    {
        return false;
    }
    const int64_t file_length = ringway_file_length(options.capacity);
    while (size >= 3)
    {
        const size_t offset = ((size_t)data[0] | (size_t)data[1] << 8) * 8 % (size_t)file_length;
        size_t length = data[2] % 17;
        data += 3;
        size -= 3;
        if (length > size)
        {
            length = size;
        }
        if (offset + length > (size_t)file_length)
        {
            length = (size_t)file_length - offset;
        }
        memcpy(channel.mapped + offset, data, length);
        data += length;
        size -= length;
    }
    ringway_channel_close(&channel);
    if (cut >= 0xF0)
    {
        /* a file cut short somewhere */
        if (truncate(fuzz_path, (off_t)((cut - 0xF0) * file_length / 16)) != 0)
        {
            return false;
        }
    }
    return true;
}

static void exercise(void)
{
    ringway_channel_t channel;
    if (ringway_channel_open(&channel, fuzz_path, NULL) != RINGWAY_OK)
    {
        if (ringway_channel_last_error(&channel)[0] == '\0')
        {
            abort(); /* every refusal carries its detail */
        }
        return;
    }
    ring_start = channel.ring_data;
    ring_end = channel.ring_data + channel.capacity;
    ringway_status_t status;
    ringway_channel_status(&channel, &status);
    /* unblock at once: every empty MPSC poll after the first runs the dead-claim rule of LAYOUT 7.1 on fuzzed bytes */
    ringway_channel_set_unblock_timeout_ms(&channel, 0);
    ringway_consumer_t consumer;
    const bool consuming = ringway_consumer_attach(&consumer, &channel) == RINGWAY_OK;
    if (consuming)
    {
        for (int i = 0, empty = 0; i < 64 && empty < 3; i++)
        {
            const int polled = ringway_consumer_poll(&consumer, check_body, NULL, 16);
            if (polled < 0)
            {
                break;
            }
            empty = polled == 0 ? empty + 1 : 0;
        }
    }
    ringway_producer_t producer;
    if (ringway_producer_attach(&producer, &channel) == RINGWAY_OK)
    {
        uint8_t body[16] = { 1, 2, 3, 4, 5, 6, 7, 8 };
        for (int i = 0; i < 4; i++)
        {
            ringway_producer_offer(&producer, 1, body, (int32_t)(i * 4 < channel.max_message_length ? i * 4 : 0));
            uint8_t *claimed = NULL;
            const int32_t index = ringway_producer_try_claim(&producer, 2, 8 <= channel.max_message_length ? 8 : 0,
                &claimed);
            if (index >= 0)
            {
                if (claimed < ring_start || claimed >= ring_end)
                {
                    abort();
                }
                if ((i & 1) == 0)
                {
                    ringway_producer_commit(&producer, index);
                }
                else
                {
                    ringway_producer_abort(&producer, index);
                }
            }
        }
        ringway_producer_close(&producer);
    }
    if (consuming)
    {
        for (int i = 0; i < 64 && ringway_consumer_poll(&consumer, check_body, NULL, 16) > 0; i++)
        {
        }
        ringway_consumer_close(&consumer);
    }
    ringway_channel_close(&channel);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
    {
        return 0;
    }
    make_path();
    unlink(fuzz_path);
    const bool written = (data[0] & 1) == 0 ? write_raw(data + 1, size - 1) : write_patched(data + 1, size - 1);
    if (written)
    {
        exercise();
    }
    unlink(fuzz_path);
    return 0;
}
