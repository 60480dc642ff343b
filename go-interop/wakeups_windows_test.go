//go:build windows

package ringway

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// The window of the space events (LAYOUT 9.7): a producer that compared the sequence with s and reaches
// WaitForSingleObject only after two consumer wakes finds event s & 1 reset by the second, and sleeps until a third
// wake or its timeout. Forced here: the two wakes happen in that window, and no third comes. The park must end by its
// own cap (one second, LAYOUT 9.6), after which the producer re-checks and finds the space the wakes freed.
func TestShouldEndAProducerParkThatMissedTwoSpaceWakesByItsOneSecondTimeout(t *testing.T) {
	ch := create(t, MPSC, 1024)
	producer := mustProducer(t, ch)
	producer.SetWaitStrategy(WaitBlocking())
	consumer := mustConsumer(t, ch)
	body := make([]byte, 100)
	for producer.Offer(1, body) == nil {
	}
	spaceWaiters := producer.ring.headerInt32(layout.HeaderSpaceWaitersOffset)
	wakesInTheWindow := 0
	beforeEventWait = func(sequenceOffset int) {
		if sequenceOffset != layout.HeaderSpaceSequenceOffset || wakesInTheWindow > 0 {
			return
		}
		for wakesInTheWindow < 2 {
			atomic.StoreInt32(spaceWaiters, 1) // the first wake's waiter is this producer; the second's another one
			if polled, err := consumer.Poll(func(int32, []byte) {}, 1); polled != 1 || err != nil {
				t.Errorf("poll in the window: %d, %v", polled, err)
			}
			wakesInTheWindow++
		}
	}
	defer func() { beforeEventWait = nil }()

	wakesBefore := ch.WakeCount()
	start := time.Now()
	err := producer.OfferWaitTimeout(1, body, 5*time.Second)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("offer after the window: %v", err)
	}
	if ch.WakeCount()-wakesBefore != 2 || wakesInTheWindow != 2 {
		t.Fatalf("wakes in the window %d (counted %d), expected 2", wakesInTheWindow, ch.WakeCount()-wakesBefore)
	}
	parks := producer.ring.parks
	t.Logf("a park that missed two wakes ended after %v: %+v", elapsed, parks)
	if parks.timeoutAfterWakeCount != 1 || elapsed < time.Duration(maxParkNs*9/10) || elapsed > time.Duration(3*maxParkNs) {
		t.Fatalf("expected one park ended by its 1 s timeout after the wakes: %+v after %v", parks, elapsed)
	}
}
