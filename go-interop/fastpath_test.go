package ringway

import (
	"bytes"
	"errors"
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
		batch := NewBatch(2)
		for _, body := range [][]byte{[]byte("first"), []byte("second")} {
			if err := batch.Append(1, body); err != nil {
				t.Fatal(err)
			}
		}
		offered, err := p.OfferBatch(batch)
		requireCode(t, err, ErrCorruptRecord, "tailPosition")
		if offered != 0 || batch.Pending() != 2 {
			t.Fatalf("%v: a batch at a misaligned tail offered %d and kept %d, expected 0 and 2", kind, offered,
				batch.Pending())
		}
		if got := atomic.LoadInt64(p.ring.tailPosition()); got != 3 {
			t.Fatalf("%v: tailPosition=%d after a refused claim, expected 3", kind, got)
		}
	}
}

// A tail that a stray write moved 2^32 + 8 bytes ahead of the head (LAYOUT 11): the room left is computed in 64 bits,
// so no room is left, and the unread record at the head stays intact (Java's CorruptTailClaimTest, C's
// unit.ring.shouldNeverWriteOverAnUnreadRecordWhenTheTailWasMovedMoreThanACapacityAheadOfTheHead).
func TestShouldNeverWriteOverAnUnreadRecordWhenTheTailWasMovedMoreThanACapacityAheadOfTheHead(t *testing.T) {
	for _, kind := range []RingKind{SPSC, MPSC} {
		ch := create(t, kind, 1024)
		p, c := mustProducer(t, ch), mustConsumer(t, ch)
		unread := bytes.Repeat([]byte{0x11}, 32)
		if err := p.Offer(1, unread); err != nil {
			t.Fatal(err)
		}
		atomic.StoreInt64(p.ring.tailPosition(), 1<<32+8) // the head is at 0: an int32 distance would be 8
		if err := p.Offer(2, bytes.Repeat([]byte{0x22}, 32)); !errors.Is(err, ErrRingFull) {
			t.Fatalf("%v: offer at a tail 2^32 + 8 ahead of the head: %v, expected ErrRingFull", kind, err)
		}
		if _, _, err := p.TryClaim(2, 32); !errors.Is(err, ErrRingFull) {
			t.Fatalf("%v: claim at a tail 2^32 + 8 ahead of the head: %v, expected ErrRingFull", kind, err)
		}
		var bodies [][]byte
		if n, err := c.Poll(func(_ int32, body []byte) { bodies = append(bodies, bytes.Clone(body)) }, 10); n != 1 || err != nil {
			t.Fatalf("%v: polled %d, %v; expected the one unread message", kind, n, err)
		}
		if !bytes.Equal(bodies[0], unread) {
			t.Fatalf("%v: the unread record was overwritten: %x", kind, bodies[0])
		}
	}
}
