package ringway

import (
	"math"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// LAYOUT 8.1: a waiting call reads the clock once every 64 re-checks while it spins, and after every yield or park.

func TestShouldReadTheClockOnceEvery64SpinsAndAfterEveryYieldOrPark(t *testing.T) {
	busySpin := WaitBusySpin()
	for idleCount := int32(0); idleCount < 4*spinsPerClockRead; idleCount++ {
		if got, want := busySpin.readsClock(idleCount), idleCount%spinsPerClockRead == spinsPerClockRead-1; got != want {
			t.Fatalf("busy spin: readsClock(%d) = %v, want %v", idleCount, got, want)
		}
	}
	if !busySpin.readsClock(math.MaxInt32) {
		t.Fatal("a wait whose count saturated must still read the clock")
	}
	backoff := WaitBackoff(100, 10)
	for idleCount, want := range map[int32]bool{62: false, 63: true, 99: false, 100: true, 110: true} {
		if got := backoff.readsClock(idleCount); got != want {
			t.Fatalf("backoff(100, 10): readsClock(%d) = %v, want %v", idleCount, got, want)
		}
	}
	blocking := WaitBlocking()
	if !blocking.readsClock(0) {
		t.Fatal("a blocking wait reads the clock after every park")
	}
}

func TestShouldBeatWhileBusySpinningInPollWait(t *testing.T) {
	ch := create(t, SPSC, 4096)
	// a clock that moves one millisecond at every read: the heartbeat shows how often the wait read it
	var nowMs atomic.Int64
	nowMs.Store(1000000)
	if err := ch.SetClock(func() int64 { return nowMs.Add(1) }); err != nil {
		t.Fatal(err)
	}
	c := mustConsumer(t, ch)
	c.SetWaitStrategy(WaitBusySpin())
	heartbeat := ch.file.headerInt64(layout.HeaderConsumerHeartbeatMsOffset)
	before := atomic.LoadInt64(heartbeat)

	n, err := c.PollWaitTimeout(func(int32, []byte) { t.Error("nothing was sent") }, 1, 20*time.Millisecond)

	if n != 0 || err != nil {
		t.Fatalf("PollWaitTimeout = %d, %v; want 0, nil", n, err)
	}
	// the poll before the wait beats once; a 20 ms spin re-checks far more than 64 * 10 times
	if beats := atomic.LoadInt64(heartbeat) - before; beats <= 10 {
		t.Fatalf("the spinning wait beat %d times", beats)
	}
}
