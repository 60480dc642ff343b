//go:build linux

package ringway

import (
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// Heartbeats, liveness and the MPSC unblock timeout measure with CLOCK_MONOTONIC, never the wall clock (LAYOUT 7.1,
// 8.1 and 12, layout 1.2): a step of the wall clock (NTP, date -s, a VM resumed) must neither unblock a live
// producer's claim nor make a live peer look stale.

const (
	monotonicStartMs = 1_000_000
	wallStartMs      = 1_700_000_000_000
	oneHourMs        = 3_600_000
)

// clockMonotonicMs reads CLOCK_MONOTONIC with the clock_gettime system call itself (not the vDSO, not the runtime),
// as the clock C and Java read, to compare the Go heartbeats with.
func clockMonotonicMs(t *testing.T) int64 {
	t.Helper()
	const clockMonotonic = 1
	var now syscall.Timespec
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockMonotonic, uintptr(unsafe.Pointer(&now)), 0); errno != 0 {
		t.Fatalf("clock_gettime(CLOCK_MONOTONIC): %v", errno)
	}
	return int64(now.Sec)*1000 + int64(now.Nsec)/1_000_000 // int32 fields on 32-bit platforms
}

func TestShouldNeitherUnblockALiveClaimNorCallAPeerStaleWhenTheWallClockStepsAnHourForward(t *testing.T) {
	ch := create(t, MPSC, 1024)
	var monotonicMs, wallMs atomic.Int64
	monotonicMs.Store(monotonicStartMs)
	wallMs.Store(wallStartMs)
	if err := ch.SetClock(monotonicMs.Load); err != nil {
		t.Fatal(err)
	}
	if err := ch.SetWallClock(wallMs.Load); err != nil {
		t.Fatal(err)
	}
	if err := ch.SetUnblockTimeout(time.Second); err != nil {
		t.Fatal(err)
	}
	if err := ch.SetHeartbeatTimeout(500 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	producer := mustProducer(t, ch)
	consumer := mustConsumer(t, ch)
	if err := producer.Offer(1, []byte("before")); err != nil {
		t.Fatal(err)
	}
	claimIndex, claimed, err := producer.TryClaim(2, len("claimed"))
	if err != nil {
		t.Fatal(err) // a live producer's claim, committed below
	}
	copy(claimed, "claimed")
	var got []message
	poll := func() int { return pollInto(t, consumer, &got) }
	if poll() != 1 || poll() != 0 { // the second poll is blocked by the claim: the unblock timer starts
		t.Fatalf("expected the message before the claim, then nothing: %v", got)
	}

	wallMs.Add(oneHourMs)
	for i := 0; i < 4; i++ {
		poll()
	}

	status := mustStatus(t, ch)
	if ch.UnblockedRecordCount() != 0 || len(got) != 1 {
		t.Fatalf("the monotonic clock did not move: no unblock expected, got %v\n%s", got, status)
	}
	requireLiveness(t, status, Alive, Alive)
	if status.ProducerHeartbeatAgeMs != 0 || status.ConsumerHeartbeatAgeMs != 0 || status.NowMs != monotonicStartMs {
		t.Fatalf("ages on the monotonic clock: expected 0 at %d\n%s", monotonicStartMs, status)
	}
	if status.NowEpochMs != wallStartMs+oneHourMs {
		t.Fatalf("the wall clock only dates the snapshot: NowEpochMs=%d expected %d", status.NowEpochMs,
			int64(wallStartMs+oneHourMs))
	}
	if !producer.IsConsumerAlive() || !consumer.IsProducerAlive() {
		t.Fatalf("both alive expected\n%s", status)
	}

	if err := producer.Commit(claimIndex); err != nil {
		t.Fatal(err)
	}
	if poll() != 1 || len(got) != 2 || got[1].typeID != 2 || string(got[1].body) != "claimed" {
		t.Fatalf("the claimed message is delivered, not padded: %v", got)
	}
}

func TestShouldStoreHeartbeatsInMillisecondsOfClockMonotonicByDefault(t *testing.T) {
	ch := create(t, SPSC, 1024)
	beforeMs := clockMonotonicMs(t)
	producer := mustProducer(t, ch) // C writes the heartbeat at attach (ringway_monotonic_ms_)
	consumer := mustConsumer(t, ch)
	if _, err := consumer.Poll(func(int32, []byte) {}, 1); err != nil { // the Go hot path beats (monotonicMs)
		t.Fatal(err)
	}
	goNowMs := monotonicMs()
	afterMs := clockMonotonicMs(t)

	status := mustStatus(t, ch)
	for _, heartbeat := range []struct {
		name string
		ms   int64
	}{{"producer", status.ProducerHeartbeatMs}, {"consumer", status.ConsumerHeartbeatMs}, {"monotonicMs", goNowMs}} {
		if heartbeat.ms < beforeMs || heartbeat.ms > afterMs {
			t.Fatalf("%s=%d: expected CLOCK_MONOTONIC ms in [%d, %d]\n%s", heartbeat.name, heartbeat.ms, beforeMs,
				afterMs, status)
		}
	}
	requireLiveness(t, status, Alive, Alive)
	_ = producer
}

func TestShouldCallALayout11PeerWithAnEpochHeartbeatNeitherStaleNorDeadByAge(t *testing.T) {
	ch := create(t, SPSC, 1024)
	clock := newTestClock(t, ch)
	if err := ch.SetHeartbeatTimeout(500 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	mustConsumer(t, ch)
	// what a layout 1.1 consumer writes: epoch ms, far ahead of any CLOCK_MONOTONIC time
	r := ring{header: ch.file.header}
	atomic.StoreInt64(r.headerInt64(layout.HeaderConsumerHeartbeatMsOffset), wallStartMs)
	clock.advance(oneHourMs)

	status := mustStatus(t, ch)
	if status.ConsumerHeartbeatAgeMs != 0 || status.ConsumerLiveness != Alive {
		t.Fatalf("unknown age reads as 0 and the process decides: expected age 0, ALIVE\n%s", status)
	}
}
