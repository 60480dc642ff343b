/*
 * The C side of the Go package's injectable clock (status.go): a ringway_clock_ms_t that asks a Go function, named by
 * a runtime/cgo.Handle, for the time. Kept apart from bridge.h so that each file has one concern.
 */
#ifndef RINGWAY_GO_CLOCK_H
#define RINGWAY_GO_CLOCK_H

#include "ringway.h"

/**
 * Makes the channel's monotonic clock the Go clock that handle names (a runtime/cgo.Handle of a func() int64), or the
 * real clock (CLOCK_MONOTONIC) when handle is 0. Handles attached after the call use it (ringway_channel_set_clock).
 */
void ringway_go_set_clock(ringway_channel_t *channel, uintptr_t handle);

/**
 * Makes the channel's wall clock, which only dates status snapshots, the Go clock that handle names, or CLOCK_REALTIME
 * when handle is 0 (ringway_channel_set_wall_clock).
 */
void ringway_go_set_wall_clock(ringway_channel_t *channel, uintptr_t handle);

#endif
