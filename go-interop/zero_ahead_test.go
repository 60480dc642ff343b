package ringway

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
	"unsafe"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// Tests of LAYOUT 6.1 "Zero ahead": an SPSC producer keeps the free space from its tail to the end of the cache line
// after the one holding the next header's end zero, zeroing it after the wake check of a commit (and after an abort)
// instead of storing the next header before the commit when that window already covers it.

// mappedRing views the channel's data area and trailer in this process's mapping (LAYOUT 2: they are contiguous).
func mappedRing(ch *Channel) []byte {
	return unsafe.Slice((*byte)(ch.file.data), int(ch.file.capacity)+layout.TrailerLength)
}

// requireBytes checks that ring[from:to) all read want.
func requireBytes(t *testing.T, step string, ring []byte, from, to int, want byte) {
	t.Helper()
	for i := from; i < to; i++ {
		if ring[i] != want {
			t.Fatalf("%s: ring index %d reads %#x, expected %#x for [%d, %d)", step, i, ring[i], want, from, to)
		}
	}
}

func TestShouldZeroAheadToTheEndOfTheCacheLineAfterTheNextHeaderAfterACommit(t *testing.T) {
	const capacity = 1024
	ch := create(t, SPSC, capacity)
	ring := mappedRing(ch)
	// stale bytes everywhere but the first header, before the producer attaches (its zero window is then unknown)
	fillStale(ring, capacity)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	first, second := bytes.Repeat([]byte{0x11}, 20), bytes.Repeat([]byte{0x22}, 20)

	// a record of 28 bytes, 32 aligned: tail 32, next header [32, 40), E = ((32 + 8 + 63) &^ 63) + 64 = 128
	if err := p.Offer(1, first); err != nil {
		t.Fatal(err)
	}
	requireBytes(t, "first offer: its gap bytes (never written)", ring, 28, 32, 0xab)
	requireBytes(t, "first offer: next header and zero ahead", ring, 32, 128, 0)
	requireBytes(t, "first offer: past the window", ring, 128, capacity, 0xab)

	// tail 64: the header at 64 is inside the window (no store before the commit); E = ((64 + 8 + 63) &^ 63) + 64 = 192
	if err := p.Offer(2, second); err != nil {
		t.Fatal(err)
	}
	requireBytes(t, "second offer: next header and zero ahead", ring, 64, 192, 0)
	requireBytes(t, "second offer: past the window", ring, 192, capacity, 0xab)

	requireDelivered(t, c, []message{{1, first}, {2, second}})
}

// The other call points of LAYOUT 6.1 "Zero ahead": after Commit's and OfferBatch's wake checks and after Abort; and
// none on MPSC, whose consumer zeroes what it consumed.
func TestShouldZeroAheadAfterACommitAnAbortAndABatchButNeverOnMpsc(t *testing.T) {
	const capacity = 1024
	ch := create(t, SPSC, capacity)
	ring := mappedRing(ch)
	fillStale(ring, capacity)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	var sent []message

	// tryClaim of a 100-byte body: record 108, aligned 112, tail 112; window [120, 128 + 64) after the commit
	index, claimed, err := p.TryClaim(3, 100)
	if err != nil {
		t.Fatal(err)
	}
	requireBytes(t, "claim: past the next header, before the commit", ring, 120, capacity, 0xab)
	copy(claimed, bytes.Repeat([]byte{0x33}, 100))
	if err := p.Commit(index); err != nil {
		t.Fatal(err)
	}
	sent = append(sent, message{3, bytes.Repeat([]byte{0x33}, 100)})
	requireBytes(t, "commit: next header and zero ahead", ring, 112, 192, 0)
	requireBytes(t, "commit: past the window", ring, 192, capacity, 0xab)

	// an aborted claim of a 100-byte body: tail 224; window to ((224 + 8 + 63) &^ 63) + 64 = 320
	index, _, err = p.TryClaim(4, 100)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Abort(index); err != nil {
		t.Fatal(err)
	}
	requireBytes(t, "abort: zero ahead", ring, 224, 320, 0)
	requireBytes(t, "abort: past the window", ring, 320, capacity, 0xab)

	// a batch of two 20-byte bodies, one run: tail 288; window to ((288 + 8 + 63) &^ 63) + 64 = 384
	batch := NewBatch(0)
	for _, m := range []message{{5, bytes.Repeat([]byte{0x55}, 20)}, {6, bytes.Repeat([]byte{0x66}, 20)}} {
		if err := batch.Append(m.typeID, m.body); err != nil {
			t.Fatal(err)
		}
		sent = append(sent, m)
	}
	if n, err := p.OfferBatch(batch); n != 2 || err != nil {
		t.Fatalf("OfferBatch = %d, %v; expected 2, nil", n, err)
	}
	requireBytes(t, "batch: zero ahead", ring, 288, 384, 0)
	requireBytes(t, "batch: past the window", ring, 384, capacity, 0xab)
	requireDelivered(t, c, sent)

	mpsc := create(t, MPSC, capacity)
	mpscRing := mappedRing(mpsc)
	for i := layout.RecordHeaderLength; i < capacity; i++ {
		mpscRing[i] = 0xab
	}
	if err := mustProducer(t, mpsc).Offer(1, bytes.Repeat([]byte{0x11}, 20)); err != nil {
		t.Fatal(err)
	}
	requireBytes(t, "MPSC offer: nothing past the record", mpscRing, 28, capacity, 0xab)
}

// LAYOUT 6.1 step 9 after a claim refused for back-pressure: a refused wrap pads to the end of the data area, and the
// window then starts at index 0 of the next lap and stops at headCachePosition + capacity, before the oldest unread
// record.
func TestShouldZeroAheadAfterAClaimRefusedAtTheWrapUpToTheHeadCache(t *testing.T) {
	const capacity = 1024
	ch := create(t, SPSC, capacity)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	ring := mappedRing(ch)
	var sent []message
	for i := range 31 { // records of 28 bytes, 32 aligned: the tail at index 992
		sent = append(sent, message{int32(1 + i), bytes.Repeat([]byte{byte(0x10 + i)}, 20)})
	}
	sent = append(sent, message{32, nil}) // 8 bytes: the tail at index 1000
	for _, m := range sent {
		if err := p.Offer(m.typeID, m.body); err != nil {
			t.Fatal(err)
		}
	}
	// consume 3 records: the head at 96, room for 120 bytes, but not before index 96 after the wrap
	if got := pollMessages(t, c, 3); len(got) != 3 {
		t.Fatalf("polled %d, expected 3", len(got))
	}
	sent = sent[3:]
	requireBytes(t, "the consumed record at index 32, before the refused claim", ring, 40, 60, 0x11)
	// a record of 108 bytes, 112 aligned: 120 bytes needed, 24 to the end, 96 at the start: padding, then refused
	if err := p.Offer(40, bytes.Repeat([]byte{0x40}, 100)); !errors.Is(err, ErrRingFull) {
		t.Fatalf("offer at the wrap: %v, expected ErrRingFull", err)
	}
	if length := int32(binary.LittleEndian.Uint32(ring[1000:])); length != 24 {
		t.Fatalf("the padding's length reads %d, expected 24", length)
	}
	// the tail at 1024, the window from 1032 to min(1152, 2048, headCache 96 + 1024) = 1120: indexes [8, 96)
	requireBytes(t, "the next header and the window after the refused claim", ring, 0, 96, 0)
	if length := int32(binary.LittleEndian.Uint32(ring[96:])); length != 28 {
		t.Fatalf("the unread record at index 96 reads length %d, expected 28", length)
	}
	requireDelivered(t, c, sent)
}

func TestShouldNeverZeroAheadPastTheHeadCacheOrTheEndOfTheDataArea(t *testing.T) {
	const capacity = 1024
	t.Run("unread records", func(t *testing.T) {
		// fill the ring without polling, from tails all over the data area, so that the unread records wrap: the
		// window must stop at headCachePosition + capacity, before the oldest unread record
		ch := create(t, SPSC, capacity)
		p, c := mustProducer(t, ch), mustConsumer(t, ch)
		sequence := 0
		for round := range 40 {
			var sent []message
			for {
				bodyLength := (sequence*37 + round*11) % (ch.MaxMessageLength() + 1)
				body := make([]byte, bodyLength)
				for i := range body {
					body[i] = byte(sequence + i + 1)
				}
				err := p.Offer(int32(1+sequence%1000), body)
				if errors.Is(err, ErrRingFull) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				sent = append(sent, message{int32(1 + sequence%1000), body})
				sequence++
			}
			if len(sent) == 0 {
				t.Fatalf("round %d: nothing fitted", round)
			}
			requireDelivered(t, c, sent)
		}
	})

	t.Run("trailer", func(t *testing.T) {
		// a record that ends 24 bytes before the end of the data area, after one that left the window 64 bytes short
		// of it, with the head cache far enough that only the end of the data area stops the window: E = min(the end
		// of the next line + 64, the data area's end, headCachePosition + capacity)
		ch := create(t, SPSC, capacity)
		p, c := mustProducer(t, ch), mustConsumer(t, ch)
		ring := mappedRing(ch)
		offer := func(body []byte) {
			t.Helper()
			if err := p.Offer(1, body); err != nil {
				t.Fatal(err)
			}
			requireDelivered(t, c, []message{{1, body}})
		}
		for range 3*capacity/128 + 6 { // three laps and 6 records of 128 aligned bytes: the tail at index 768
			offer(bytes.Repeat([]byte{0x77}, 120))
		}
		offer(bytes.Repeat([]byte{0x66}, 112)) // aligned 120: the tail at index 888, the window to index 960
		tailPosition := int64(binary.LittleEndian.Uint64(ring[capacity+layout.TrailerTailPositionOffset:]))
		headCachePosition := int64(binary.LittleEndian.Uint64(ring[capacity+layout.TrailerHeadCachePositionOffset:]))
		lapEndPosition := tailPosition - 888 + capacity
		if tailPosition&(capacity-1) != 888 || headCachePosition+capacity < lapEndPosition+64 {
			t.Fatalf("tail %d, head cache %d: the head cache would stop the window first, the test would prove nothing",
				tailPosition, headCachePosition)
		}
		// past the window: free for the producer to zero or not
		for i := 960; i < capacity; i++ {
			ring[i] = 0xab
		}
		// the trailer's reserved bytes before tailPosition (LAYOUT 4): the first that a window past the end would reach
		for i := range layout.TrailerTailPositionOffset {
			ring[capacity+i] = 0xcd
		}
		trailerBefore := bytes.Clone(ring[capacity:])
		last := bytes.Repeat([]byte{0x88}, 104) // aligned 112: the tail at index 1000, its next header [1000, 1008)
		if err := p.Offer(2, last); err != nil {
			t.Fatal(err)
		}
		requireBytes(t, "next header and zero ahead to the end of the data area", ring, 1000, capacity, 0)
		trailerAfter := ring[capacity:]
		binary.LittleEndian.PutUint64(trailerBefore[layout.TrailerTailPositionOffset:], uint64(tailPosition+112))
		for i := range trailerAfter {
			if trailerAfter[i] != trailerBefore[i] {
				t.Fatalf("trailer byte %d reads %#x after the offer, expected %#x", i, trailerAfter[i], trailerBefore[i])
			}
		}
		requireDelivered(t, c, []message{{2, last}})
		wrapped := bytes.Repeat([]byte{0x99}, 120) // pads the last 24 bytes and wraps
		if err := p.Offer(3, wrapped); err != nil {
			t.Fatal(err)
		}
		requireBytes(t, "the trailer's reserved bytes after the wrap", ring, capacity,
			capacity+layout.TrailerTailPositionOffset, 0xcd)
		requireDelivered(t, c, []message{{3, wrapped}})
	})
}

// fillStale writes 0xab over the data area but its first header, as laps of a ring leave old bytes, before the
// producer attaches (its zero window is then unknown).
func fillStale(ring []byte, capacity int) {
	for i := layout.RecordHeaderLength; i < capacity; i++ {
		ring[i] = 0xab
	}
}
