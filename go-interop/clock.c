#include "clock.h"

#include "_cgo_export.h"

/* The clientd is the cgo.Handle itself, carried as an integer in the pointer: never a Go pointer kept by C. */
static int64_t ringway_go_clock_ms_(void *clientd)
{
    return ringwayGoClockMs((uintptr_t)clientd);
}

void ringway_go_set_clock(ringway_channel_t *channel, uintptr_t handle)
{
    if (handle == 0)
    {
        ringway_channel_set_clock(channel, NULL, NULL);
        return;
    }
    ringway_channel_set_clock(channel, ringway_go_clock_ms_, (void *)handle);
}

void ringway_go_set_wall_clock(ringway_channel_t *channel, uintptr_t handle)
{
    if (handle == 0)
    {
        ringway_channel_set_wall_clock(channel, NULL, NULL);
        return;
    }
    ringway_channel_set_wall_clock(channel, ringway_go_clock_ms_, (void *)handle);
}
