package main

import (
	"runtime"
	"runtime/debug"
	"testing"

	"golang.org/x/sys/unix"
)

// The ping's record of round trips is resident before the first round: writing all of it, as the measured rounds do,
// takes no page fault (getrusage's minor faults; a fresh 8 MB slice takes one per 4 KiB page, 2048).
//
// The faults are counted for this test's own thread (RUSAGE_THREAD, the goroutine locked to it, no collection
// during the writes): the process's count (RUSAGE_SELF) also took the faults of the runtime's other threads, 153 of
// them in one CI run while this thread took none.
func TestShouldRecordRoundTripsWithoutPageFaults(t *testing.T) {
	const rounds = 1 << 20
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer debug.SetGCPercent(debug.SetGCPercent(-1))

	roundTripNs := residentRoundTrips(rounds)
	before := threadMinorFaults(t)
	for i := range roundTripNs {
		roundTripNs[i] = int64(i)
	}
	if faults := threadMinorFaults(t) - before; faults > 16 { // a few of the runtime's own, not one per page
		t.Fatalf("writing the %d round trips took %d minor page faults on the writing thread, expected none",
			rounds, faults)
	}
}

func threadMinorFaults(t *testing.T) int64 {
	t.Helper()
	var usage unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_THREAD, &usage); err != nil {
		t.Fatal(err)
	}
	return int64(usage.Minflt) // int32 on 32-bit targets
}
