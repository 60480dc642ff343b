package ringway

import (
	"sync/atomic"
	"testing"
	"time"
)

// The hot path's own checks; its differential tests against ringway.h are in ctwin/ (a module of its own, the only cgo beside the package).

func TestShouldWakeAParkedConsumerAndClearTheFlag(t *testing.T) {
	ch := create(t, SPSC, 1024)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	c.SetWaitStrategy(WaitBlocking())
	delivered := make(chan int, 1)
	go func() {
		n, _ := c.PollWaitTimeout(func(int32, []byte) {}, 1, 20*time.Second)
		delivered <- n
	}()
	for data, _ := ch.WaitersFlags(); !data; data, _ = ch.WaitersFlags() {
		time.Sleep(time.Millisecond) // until the consumer announced its wait
	}
	wakes := ch.WakeCount()
	if err := p.Offer(1, []byte("wake")); err != nil {
		t.Fatal(err)
	}
	if n := <-delivered; n != 1 {
		t.Fatalf("delivered %d", n)
	}
	if got := ch.WakeCount(); got != wakes+1 {
		t.Fatalf("wakeCount=%d, expected %d: the commit did not wake", got, wakes+1)
	}
}

func TestShouldRefuseToClaimAtAMisalignedTailInsteadOfWritingThere(t *testing.T) {
	for _, kind := range []RingKind{SPSC, MPSC} {
		ch := create(t, kind, 1024)
		p := mustProducer(t, ch)
		atomic.StoreInt64(p.ring.tailPosition(), 3)
		requireCode(t, p.Offer(1, []byte("x")), ErrCorruptRecord, "tailPosition")
		_, _, err := p.TryClaim(1, 1)
		requireCode(t, err, ErrCorruptRecord, "tailPosition")
		if got := atomic.LoadInt64(p.ring.tailPosition()); got != 3 {
			t.Fatalf("%v: tailPosition=%d after a refused claim, expected 3", kind, got)
		}
	}
}
