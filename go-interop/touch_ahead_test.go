package ringway

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
	"unsafe"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// Tests of LAYOUT 6.1 "Touch ahead": after the wake check of a commit, after an abort and after a claim refused for
// back-pressure, an SPSC producer stores one zero word at the start of the cache line after the one holding the next
// header's end, never at or past the end of the data area nor headCachePosition + capacity. The same tests in Java
// (TouchAheadTest) and C (unit.ring.shouldTouch...).

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

func TestShouldTouchTheStartOfTheCacheLineAfterTheNextHeadersLineAfterEachCommit(t *testing.T) {
	const capacity = 1024
	ch := create(t, SPSC, capacity)
	ring := mappedRing(ch)
	fillStale(ring, capacity)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	sent := []message{{1, bytes.Repeat([]byte{0x11}, 20)}, {2, bytes.Repeat([]byte{0x22}, 16)},
		{3, bytes.Repeat([]byte{0x33}, 40)}}

	// a record of 28 bytes, 32 aligned: tail 32, next header [32, 40), touched word at (32 + 8 + 63) &^ 63 = 64
	if err := p.Offer(sent[0].typeID, sent[0].body); err != nil {
		t.Fatal(err)
	}
	requireBytes(t, "first offer: its gap bytes (never written)", ring, 28, 32, 0xab)
	requireBytes(t, "first offer: the next header", ring, 32, 40, 0)
	requireBytes(t, "first offer: the rest of the next header's line", ring, 40, 64, 0xab)
	requireBytes(t, "first offer: the touched word", ring, 64, 72, 0)
	requireBytes(t, "first offer: nothing further", ring, 72, capacity, 0xab)

	// a record of 24 bytes ending at 56, 8 bytes before the end of its line: line-start padding at 56 (LAYOUT 6.1 step
	// 5a), tail 64, next header [64, 72), touched word at (64 + 8 + 63) &^ 63 = 128
	if err := p.Offer(sent[1].typeID, sent[1].body); err != nil {
		t.Fatal(err)
	}
	requireLineStartPadding(t, "second offer: the padding after it", ring, 56)
	requireBytes(t, "second offer: the next header", ring, 64, 72, 0)
	requireBytes(t, "second offer: the rest of the next header's line", ring, 72, 128, 0xab)
	requireBytes(t, "second offer: the touched word", ring, 128, 136, 0)
	requireBytes(t, "second offer: nothing further", ring, 136, capacity, 0xab)

	// a record of 48 bytes: tail 112, next header [112, 120), touched word at 128
	if err := p.Offer(sent[2].typeID, sent[2].body); err != nil {
		t.Fatal(err)
	}
	requireBytes(t, "third offer: the next header", ring, 112, 120, 0)
	requireBytes(t, "third offer: the rest of the next header's line", ring, 120, 128, 0xab)
	requireBytes(t, "third offer: the touched word", ring, 128, 136, 0)
	requireBytes(t, "third offer: nothing further", ring, 136, capacity, 0xab)

	requireDelivered(t, c, sent)
}

// The other call points of LAYOUT 6.1 "Touch ahead": after Commit's and OfferBatch's wake checks and after Abort; and
// none on MPSC, whose consumer zeroes what it consumed.
func TestShouldTouchAheadAfterACommitAnAbortAndABatchButNeverOnMpsc(t *testing.T) {
	const capacity = 1024
	ch := create(t, SPSC, capacity)
	ring := mappedRing(ch)
	fillStale(ring, capacity)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	var sent []message

	// tryClaim of a 100-byte body: record 108, aligned 112, tail 112; touched word at 128 after the commit
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
	requireBytes(t, "commit: the rest of the next header's line", ring, 120, 128, 0xab)
	requireBytes(t, "commit: the touched word", ring, 128, 136, 0)
	requireBytes(t, "commit: nothing further", ring, 136, capacity, 0xab)

	// an aborted claim of a 100-byte body: tail 224, next header [224, 232), touched word at 256
	index, _, err = p.TryClaim(4, 100)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Abort(index); err != nil {
		t.Fatal(err)
	}
	requireBytes(t, "abort: the next header", ring, 224, 232, 0)
	requireBytes(t, "abort: the rest of its line", ring, 232, 256, 0xab)
	requireBytes(t, "abort: the touched word", ring, 256, 264, 0)
	requireBytes(t, "abort: nothing further", ring, 264, capacity, 0xab)

	// a batch of two 20-byte bodies, one run: tail 288, next header [288, 296), touched word at 320
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
	requireBytes(t, "batch: the next header", ring, 288, 296, 0)
	requireBytes(t, "batch: the rest of its line", ring, 296, 320, 0xab)
	requireBytes(t, "batch: the touched word", ring, 320, 328, 0)
	requireBytes(t, "batch: nothing further", ring, 328, capacity, 0xab)
	requireDelivered(t, c, sent)

	mpsc := create(t, MPSC, capacity)
	mpscRing := mappedRing(mpsc)
	fillStale(mpscRing, capacity)
	if err := mustProducer(t, mpsc).Offer(1, bytes.Repeat([]byte{0x11}, 20)); err != nil {
		t.Fatal(err)
	}
	requireBytes(t, "MPSC offer: nothing past the record", mpscRing, 28, capacity, 0xab)
}

// LAYOUT 6.1 step 9 after a claim refused for back-pressure: a refused wrap pads to the end of the data area and
// refreshes the head cache, and the word touched then lies in the next lap, just below headCachePosition + capacity.
func TestShouldTouchAheadAfterAClaimRefusedAtTheWrapUpToTheHeadCache(t *testing.T) {
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
	// a record of 108 bytes, 112 aligned: 120 bytes needed, 24 to the end, 96 at the start: padding, then refused
	if err := p.Offer(40, bytes.Repeat([]byte{0x40}, 100)); !errors.Is(err, ErrRingFull) {
		t.Fatalf("offer at the wrap: %v, expected ErrRingFull", err)
	}
	if length := int32(binary.LittleEndian.Uint32(ring[1000:])); length != 24 {
		t.Fatalf("the padding's length reads %d, expected 24", length)
	}
	// the tail at 1024 (index 0), its header [0, 8) pre-zeroed; the touched word at 1088 (index 64), ending below the
	// head cache plus the capacity (96 + 1024): the third consumed record's header, its body (index 72 on) untouched
	requireBytes(t, "the next header after the padding", ring, 0, 8, 0)
	requireBytes(t, "the consumed record at index 32, untouched", ring, 40, 60, 0x11)
	requireBytes(t, "the touched word after the refused claim", ring, 64, 72, 0)
	requireBytes(t, "the consumed record at index 64's body, untouched", ring, 72, 92, 0x12)
	if length := int32(binary.LittleEndian.Uint32(ring[96:])); length != 28 {
		t.Fatalf("the unread record at index 96 reads length %d, expected 28", length)
	}
	requireDelivered(t, c, sent)
}

func TestShouldNeverTouchAheadAtOrPastTheHeadCacheOrTheEndOfTheDataArea(t *testing.T) {
	const capacity = 1024
	t.Run("unread records", func(t *testing.T) {
		// fill the ring without polling, from tails all over the data area, so that the unread records wrap: no word
		// is touched at or past headCachePosition + capacity, in the oldest unread record
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

	t.Run("end of the data area", func(t *testing.T) {
		// a record whose next header ends at index 1008, in the data area's last line: the line after it would be
		// index 0 of the next lap, which the head cache alone would allow
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
		for range 3*capacity/128 + 7 { // three laps and 7 records of 128 aligned bytes: the tail at index 896
			offer(bytes.Repeat([]byte{0x77}, 120))
		}
		tailPosition := int64(binary.LittleEndian.Uint64(ring[capacity+layout.TrailerTailPositionOffset:]))
		headCachePosition := int64(binary.LittleEndian.Uint64(ring[capacity+layout.TrailerHeadCachePositionOffset:]))
		lapEndPosition := tailPosition - 896 + capacity
		if tailPosition&(capacity-1) != 896 || headCachePosition+capacity < lapEndPosition+8 {
			t.Fatalf("tail %d, head cache %d: the head cache would stop the touch first, the test would prove nothing",
				tailPosition, headCachePosition)
		}
		for i := 1008; i < capacity; i++ {
			ring[i] = 0xab
		}
		firstLineBefore := bytes.Clone(ring[:64])
		last := bytes.Repeat([]byte{0x88}, 96) // aligned 104: the tail at index 1000, its next header [1000, 1008)
		if err := p.Offer(2, last); err != nil {
			t.Fatal(err)
		}
		requireBytes(t, "the next header", ring, 1000, 1008, 0)
		requireBytes(t, "nothing touched after it in this lap", ring, 1008, capacity, 0xab)
		if !bytes.Equal(firstLineBefore, ring[:64]) {
			t.Fatalf("index 0 of the next lap was touched: %x, expected %x", ring[:64], firstLineBefore)
		}
		requireDelivered(t, c, []message{{2, last}})
	})
}

// LAYOUT 11 and 6.1 step 9: a tail that a stray write moved behind the head (every claim refuses it), and a head cache
// that a stray write changed between a claim and its commit (not one this handle checked), touch nothing: the word the
// touch would store is the header of the unread record at the head in both cases.
func TestShouldTouchNothingWhenAStrayWriteMovedTheTailBehindTheHeadOrChangedTheHeadCache(t *testing.T) {
	const capacity = 1024
	offerAll := func(t *testing.T, p *Producer, from, to int) []message {
		t.Helper()
		var sent []message
		for i := from; i < to; i++ { // records of 32 bytes
			m := message{int32(1 + i), bytes.Repeat([]byte{byte(i + 1)}, 24)}
			if err := p.Offer(m.typeID, m.body); err != nil {
				t.Fatal(err)
			}
			sent = append(sent, m)
		}
		return sent
	}
	putTrailer := func(ring []byte, offset int, value int64) {
		binary.LittleEndian.PutUint64(ring[capacity+offset:], uint64(value))
	}

	t.Run("tail behind the head", func(t *testing.T) {
		ch := create(t, SPSC, capacity)
		p, c := mustProducer(t, ch), mustConsumer(t, ch)
		ring := mappedRing(ch)
		requireDelivered(t, c, offerAll(t, p, 0, 30)) // head 960
		unread := offerAll(t, p, 30, 60)              // unread records from 960 to the tail at 1920
		before := bytes.Clone(ring[:capacity])
		// the tail moved to 896: no room, and the word at lineEnd(896 + 8) = 960 is the header at the head
		putTrailer(ring, layout.TrailerTailPositionOffset, 896)
		if err := p.Offer(99, make([]byte, 24)); !errors.Is(err, ErrRingFull) {
			t.Fatalf("offer with the tail behind the head: %v, expected ErrRingFull", err)
		}
		if !bytes.Equal(before, ring[:capacity]) {
			t.Fatal("the refused offer changed the data area")
		}
		putTrailer(ring, layout.TrailerTailPositionOffset, 1920)
		requireDelivered(t, c, unread)
	})

	t.Run("head cache changed between a claim and its commit", func(t *testing.T) {
		ch := create(t, SPSC, capacity)
		p, c := mustProducer(t, ch), mustConsumer(t, ch)
		ring := mappedRing(ch)
		requireDelivered(t, c, offerAll(t, p, 0, 16)) // head 512
		unread := offerAll(t, p, 16, 47)              // unread records from 512 to the tail at 1504, 32 bytes left
		// a claim of 8 bytes (record 16 at index 480, tail 1520); then the cache is moved to 1504: a word up to 2528
		// would pass it, and the word at lineEnd(1520 + 8) = 1536 is index 512, the header at the head
		index, claimed, err := p.TryClaim(48, 8)
		if err != nil {
			t.Fatal(err)
		}
		copy(claimed, bytes.Repeat([]byte{0x48}, 8))
		before := bytes.Clone(ring[:capacity])
		putTrailer(ring, layout.TrailerHeadCachePositionOffset, 1504)
		if err := p.Commit(index); err != nil {
			t.Fatal(err)
		}
		copy(before[480:484], ring[480:484]) // the commit's length
		if !bytes.Equal(before, ring[:capacity]) {
			t.Fatal("the commit touched the data area with a head cache this handle never checked")
		}
		putTrailer(ring, layout.TrailerHeadCachePositionOffset, 512)
		requireDelivered(t, c, append(unread, message{48, bytes.Repeat([]byte{0x48}, 8)}))
	})
}

// fillStale writes 0xab over the data area but its first header, as laps of a ring leave old bytes.
func fillStale(ring []byte, capacity int) {
	for i := layout.RecordHeaderLength; i < capacity; i++ {
		ring[i] = 0xab
	}
}
