package main

import (
	"syscall"
	"testing"
)

// The ping's record of round trips is resident before the first round: writing all of it, as the measured rounds do,
// takes no page fault (getrusage's minor faults; a fresh 8 MB slice takes one per 4 KiB page, 2048).
func TestShouldRecordRoundTripsWithoutPageFaults(t *testing.T) {
	const rounds = 1 << 20
	roundTripNs := residentRoundTrips(rounds)
	before := minorFaults(t)
	for i := range roundTripNs {
		roundTripNs[i] = int64(i)
	}
	if faults := minorFaults(t) - before; faults > 16 { // a few for the runtime's own pages, not one per page
		t.Fatalf("writing the %d round trips took %d minor page faults, expected none", rounds, faults)
	}
}

func minorFaults(t *testing.T) int64 {
	t.Helper()
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		t.Fatal(err)
	}
	return int64(usage.Minflt) // int32 on 32-bit targets
}
