package ringway

import (
	"sync/atomic"
	"testing"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// LAYOUT 8.1: a busy operation reads the clock once 256 of them have passed since the handle's last read of any
// kind, and a producer reads it after the commit, never between the claim and the commit.

func TestShouldNotReadTheClockAfterADeliveryWhenAnEmptyPollHasReadItSinceTheLastOne(t *testing.T) {
	ch := create(t, SPSC, 1<<16)
	var consumerClockReads atomic.Int64
	if err := ch.SetClock(func() int64 { consumerClockReads.Add(1); return 1000 }); err != nil {
		t.Fatal(err)
	}
	c := mustConsumer(t, ch)
	if err := ch.SetClock(func() int64 { return 1000 }); err != nil { // the producer's, attached after
		t.Fatal(err)
	}
	p := mustProducer(t, ch)
	readsAtAttach := consumerClockReads.Load()
	rounds := 3 * operationsPerClockRead
	for i := 0; i < rounds; i++ {
		if err := p.Offer(1, make([]byte, 8)); err != nil {
			t.Fatal(err)
		}
		if n, err := c.Poll(func(int32, []byte) {}, 1); n != 1 || err != nil {
			t.Fatalf("round %d: Poll = %d, %v; want 1, nil", i, n, err)
		}
		if n, err := c.Poll(func(int32, []byte) { t.Error("one message per round") }, 1); n != 0 || err != nil {
			t.Fatalf("round %d: empty Poll = %d, %v; want 0, nil", i, n, err)
		}
	}
	// every empty poll read the clock, so no delivering poll reached 256 operations since the last read
	if reads := consumerClockReads.Load() - readsAtAttach; reads != int64(rounds) {
		t.Fatalf("the consumer read the clock %d times in %d rounds, want %d (once per empty poll)", reads, rounds,
			rounds)
	}
}

func TestShouldCountAClaimAsABusyOperationAtItsCommitNotAtTheClaim(t *testing.T) {
	ch := create(t, SPSC, 1<<16)
	var clockReads atomic.Int64
	if err := ch.SetClock(func() int64 { clockReads.Add(1); return 1000 }); err != nil {
		t.Fatal(err)
	}
	p := mustProducer(t, ch)
	for i := 1; i < operationsPerClockRead; i++ {
		if err := p.Offer(1, make([]byte, 8)); err != nil {
			t.Fatal(err)
		}
	}
	readsBeforeClaim := clockReads.Load()

	index, _, err := p.TryClaim(1, 8)
	if err != nil {
		t.Fatal(err)
	}
	if reads := clockReads.Load(); reads != readsBeforeClaim {
		t.Fatalf("the 256th operation's claim read the clock (%d reads, want %d)", reads, readsBeforeClaim)
	}
	if err := p.Commit(index); err != nil {
		t.Fatal(err)
	}
	if reads := clockReads.Load(); reads != readsBeforeClaim+1 {
		t.Fatalf("its commit: %d reads, want %d", reads, readsBeforeClaim+1)
	}
}

func TestShouldReadTheBusyClockOfAnOfferOrABatchOnlyAfterItsCommit(t *testing.T) {
	for _, kind := range []RingKind{SPSC, MPSC} {
		t.Run(kind.String(), func(t *testing.T) {
			const recordLength = layout.RecordHeaderLength + 8
			ch := create(t, kind, 1<<16)
			var p *Producer
			var recordIndex int32
			var lengthAtLastRead atomic.Int32
			if err := ch.SetClock(func() int64 {
				if p != nil {
					lengthAtLastRead.Store(atomic.LoadInt32(p.ring.recordLength(recordIndex)))
				}
				return 1000
			}); err != nil {
				t.Fatal(err)
			}
			p = mustProducer(t, ch)

			recordIndex = (operationsPerClockRead - 1) * recordLength
			for i := 0; i < operationsPerClockRead; i++ {
				if err := p.Offer(1, make([]byte, 8)); err != nil {
					t.Fatal(err)
				}
			}
			if got := lengthAtLastRead.Load(); got != recordLength {
				t.Fatalf("the 256th offer read the clock when its record's length was %d, want %d (committed)", got,
					recordLength)
			}

			for i := 1; i < operationsPerClockRead; i++ {
				if err := p.Offer(1, make([]byte, 8)); err != nil {
					t.Fatal(err)
				}
			}
			recordIndex = (2*operationsPerClockRead - 1) * recordLength
			lengthAtLastRead.Store(-1)
			batch := NewBatch(64)
			if err := batch.Append(1, make([]byte, 8)); err != nil {
				t.Fatal(err)
			}
			if n, err := p.OfferBatch(batch); n != 1 || err != nil {
				t.Fatalf("OfferBatch = %d, %v; want 1, nil", n, err)
			}
			if got := lengthAtLastRead.Load(); got != recordLength {
				t.Fatalf("the batch of the 512th operation read the clock when its record's length was %d, want %d",
					got, recordLength)
			}
		})
	}
}
