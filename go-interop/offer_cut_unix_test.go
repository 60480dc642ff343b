//go:build unix

package ringway

import (
	"encoding/binary"
	"os"
	"runtime/debug"
	"syscall"
	"testing"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// LAYOUT 6.1 step 6: on SPSC a TryClaim stores the negative length of its record, an offer does not, and a producer
// that dies inside an offer leaves the 0 that its claim pre-zeroed, which the next producer pads whole (7.1).

// unreadableBody is a body of length bytes on a page mapped with no access: copying it faults.
func unreadableBody(t *testing.T, length int) []byte {
	t.Helper()
	mapped, err := syscall.Mmap(-1, 0, os.Getpagesize(), syscall.PROT_NONE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Munmap(mapped) })
	return mapped[:length]
}

// offerCutByFault offers a body that faults in the copy, after the claim and before the commit, and recovers the
// fault (debug.SetPanicOnFault), as if the producer had been killed there. It reports whether the offer faulted.
func offerCutByFault(producer *Producer, typeID int32, body []byte) (faulted bool, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() { faulted = recover() != nil }()
	err = producer.Offer(typeID, body)
	return false, err
}

func TestShouldLeaveTheLengthOfAnSpscOfferThatDiesAfterItsClaimZeroWhereATryClaimStoresItNegative(t *testing.T) {
	ch := create(t, SPSC, 1024)
	consumer := mustConsumer(t, ch)
	producer := mustProducer(t, ch)
	ring := mappedRing(ch)
	lengthAt := func(index int64) int32 {
		return int32(binary.LittleEndian.Uint32(ring[index+layout.RecordLengthOffset:]))
	}
	if err := producer.Offer(1, []byte("before")); err != nil {
		t.Fatal(err)
	}
	claimIndex := ch.ProducerPosition()
	index, claimed, err := producer.TryClaim(2, 9)
	if err != nil {
		t.Fatal(err)
	}
	if length := lengthAt(claimIndex); length != -(layout.RecordHeaderLength + 9) {
		t.Fatalf("the claim's length reads %d, expected %d", length, -(layout.RecordHeaderLength + 9))
	}
	copy(claimed, "committed")
	if err := producer.Commit(index); err != nil {
		t.Fatal(err)
	}

	const cutBodyLength = 16
	offerIndex := ch.ProducerPosition()
	faulted, err := offerCutByFault(producer, 3, unreadableBody(t, cutBodyLength))
	if !faulted {
		t.Fatalf("an offer of a body that cannot be read returned %v without a fault", err)
	}
	if length, tail := lengthAt(offerIndex), ch.ProducerPosition(); length != 0 ||
		tail != offerIndex+layout.RecordHeaderLength+cutBodyLength {
		t.Fatalf("the cut offer's length reads %d and the tail %d, expected 0 and %d", length, tail,
			offerIndex+layout.RecordHeaderLength+cutBodyLength)
	}
	got := pollAll(t, consumer)
	if len(got) != 2 || string(got[0].body) != "before" || string(got[1].body) != "committed" {
		t.Fatalf("expected the two committed messages only: %v", got)
	}

	if err := producer.Close(); err != nil {
		t.Fatal(err)
	}
	next := mustProducer(t, ch) // takes the lease and pads [P, T) whole (LAYOUT 7.1)
	if ch.UnblockedRecordCount() != 1 {
		t.Fatalf("expected the cut offer padded as one dead claim, counted %d", ch.UnblockedRecordCount())
	}
	if err := next.Offer(4, []byte("after")); err != nil {
		t.Fatal(err)
	}
	got = pollAll(t, consumer)
	if len(got) != 1 || got[0].typeID != 4 || string(got[0].body) != "after" ||
		consumer.Position() != ch.ProducerPosition() {
		t.Fatalf("expected only the next producer's message and everything read: %v, head %d, tail %d", got,
			consumer.Position(), ch.ProducerPosition())
	}
}
