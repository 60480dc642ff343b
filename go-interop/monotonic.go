package ringway

import _ "unsafe" // for go:linkname

// monotonicMs is CLOCK_MONOTONIC in milliseconds, as ringway_monotonic_ms_ computes it (seconds * 1000 + the
// sub-second part truncated to ms): the time base of heartbeat words, heartbeat ages and the MPSC unblock timer
// (LAYOUT 8.1, 7.1; layout 1.2), shared by every process of the host and moved by no wall clock step. It is read on the
// spinning path (an idle poll reads the clock every time, LAYOUT 8.1), so it must cost one vDSO clock read and no system
// call. The Go runtime's nanotime is exactly that on Linux (clock_gettime(CLOCK_MONOTONIC) through the vDSO, in
// nanoseconds, no offset), and the runtime keeps it reachable by go:linkname for packages such as this one;
// time.Now's monotonic reading is relative to the process start and so cannot be compared across processes.
// TestShouldStoreHeartbeatsInMillisecondsOfClockMonotonicByDefault checks it against the clock_gettime system call.
func monotonicMs() int64 {
	return nanotime() / 1_000_000
}

//go:linkname nanotime runtime.nanotime
func nanotime() int64
