/*
 * Creates a channel file, for scripts and tests.
 *
 * Usage: ringway_create_channel <channel file> <spsc|mpsc> <capacity>
 */
#include "ringway.h"

#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[2], "spsc") != 0 && strcmp(argv[2], "mpsc") != 0))
    {
        fprintf(stderr, "usage: %s <channel file> <spsc|mpsc> <capacity>\n", argv[0]);
        return 2;
    }
    ringway_create_options_t options;
    memset(&options, 0, sizeof(options));
    options.ring_kind = strcmp(argv[2], "spsc") == 0 ? RINGWAY_RING_KIND_SPSC : RINGWAY_RING_KIND_MPSC;
    options.capacity = atoi(argv[3]);
    ringway_channel_t channel;
    if (ringway_channel_create(&channel, argv[1], &options) < 0)
    {
        fprintf(stderr, "%s\n", ringway_channel_last_error(&channel));
        return 1;
    }
    ringway_channel_close(&channel);
    return 0;
}
