package ringway

import (
	"bytes"
	"encoding/binary"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// Tests of LAYOUT 6.1 step 5a, line-start padding: an SPSC claim (an offer, a tryClaim, a batch's run) whose record
// ends 8 bytes before the end of a cache line is followed by an 8-byte padding record when the head the claim holds
// leaves room for it and the next header, so that the next record starts a line instead of leaving its header alone
// in the last 8 bytes of one. Records inside a run are not padded; MPSC never pads so (ctwin/ compares MPSC files
// with ringway.h's). The same tests in Java (LineStartPaddingTest) and C (unit.linePadding.*).

const (
	// paddingTestCapacity is the capacity of the channels of these tests.
	paddingTestCapacity = 1024
	// pingBodyLength is the ping-pong programs' body: 40-byte records, so the third from index 0 ends at 120, 56 in
	// its cache line.
	pingBodyLength = 32
)

// requireLineStartPadding checks the 8-byte padding record (length 8, typeId -1) at index of ring.
func requireLineStartPadding(t *testing.T, step string, ring []byte, index int) {
	t.Helper()
	length := int32(binary.LittleEndian.Uint32(ring[index+layout.RecordLengthOffset:]))
	typeID := int32(binary.LittleEndian.Uint32(ring[index+layout.RecordTypeIDOffset:]))
	if length != layout.LineStartPaddingLength || typeID != layout.PaddingTypeID {
		t.Fatalf("%s: the record at index %d has length %d and typeId %d, expected line-start padding (%d, %d)", step,
			index, length, typeID, layout.LineStartPaddingLength, layout.PaddingTypeID)
	}
}

// requireRecordAt checks the committed record header at index of ring.
func requireRecordAt(t *testing.T, step string, ring []byte, index int, m message) {
	t.Helper()
	length := int32(binary.LittleEndian.Uint32(ring[index+layout.RecordLengthOffset:]))
	typeID := int32(binary.LittleEndian.Uint32(ring[index+layout.RecordTypeIDOffset:]))
	if length != int32(len(m.body)+layout.RecordHeaderLength) || typeID != m.typeID {
		t.Fatalf("%s: the record at index %d has length %d and typeId %d, expected %d and %d", step, index, length,
			typeID, len(m.body)+layout.RecordHeaderLength, m.typeID)
	}
}

// requireTrailer checks tailPosition and, unless it is negative, headCachePosition in the trailer of ring.
func requireTrailer(t *testing.T, step string, ring []byte, tailPosition, headCachePosition int64) {
	t.Helper()
	capacity := len(ring) - layout.TrailerLength
	if got := int64(binary.LittleEndian.Uint64(ring[capacity+layout.TrailerTailPositionOffset:])); got != tailPosition {
		t.Fatalf("%s: tailPosition=%d, expected %d", step, got, tailPosition)
	}
	if headCachePosition < 0 {
		return
	}
	if got := int64(binary.LittleEndian.Uint64(ring[capacity+layout.TrailerHeadCachePositionOffset:])); got !=
		headCachePosition {
		t.Fatalf("%s: headCachePosition=%d, expected %d", step, got, headCachePosition)
	}
}

// pingMessage is the i-th message of pingBodyLength bytes, none of them 0, so that a pre-zeroed header stands out.
func pingMessage(i int) message {
	return message{int32(1 + i), bytes.Repeat([]byte{byte(0x11 * (1 + i%15))}, pingBodyLength)}
}

// placePositions puts the tail, the head and the head cache of a new channel's ring at position (an empty ring there)
// and a stale header of an older lap at index 0, before any handle attaches, as a channel that ran that far leaves
// them. The producer attached then has not seen the head cache: its first claim checks it (claimSPSC).
func placePositions(ring []byte, position int64) {
	capacity := len(ring) - layout.TrailerLength
	for _, offset := range []int{layout.TrailerTailPositionOffset, layout.TrailerHeadPositionOffset,
		layout.TrailerHeadCachePositionOffset} {
		binary.LittleEndian.PutUint64(ring[capacity+offset:], uint64(position))
	}
	binary.LittleEndian.PutUint64(ring, ^uint64(0))
}

// Three 40-byte records from index 0: 0, 40, 80; the third ends at 120, 56 in its line, so padding at 120, the tail at
// 128 and the header there pre-zeroed; the consumer skips the padding, and the next record starts at 128. The same
// bytes on every path an offer or a claim takes.
func TestShouldPadAfterAnOfferEndingEightBytesBeforeTheEndOfALine(t *testing.T) {
	paths := []struct {
		name  string
		offer func(p *Producer, m message) error
	}{
		// Offer's fast path (offerSPSC) once the handle has seen the head cache, i.e. from its second offer on
		{"Offer", func(p *Producer, m message) error { return p.Offer(m.typeID, m.body) }},
		// the general offer, as Offer takes it when offerSPSC declines: claim's common case (fitsSPSCBeforeEnd)
		{"offer through claim", func(p *Producer, m message) error { return p.offer(m.typeID, m.body) }},
	}
	for _, path := range paths {
		t.Run(path.name, func(t *testing.T) {
			ch := create(t, SPSC, paddingTestCapacity)
			ring := mappedRing(ch)
			fillStale(ring, paddingTestCapacity)
			p, c := mustProducer(t, ch), mustConsumer(t, ch)
			for i := range 3 {
				if err := path.offer(p, pingMessage(i)); err != nil {
					t.Fatal(err)
				}
				if i == 1 {
					requireTrailer(t, "two records, ending at 40 and 16 in their lines: no padding", ring, 80, -1)
				}
			}
			requireLineStartPaddingAfterThreePings(t, ring, c, func(m message) error { return path.offer(p, m) })
		})
	}

	t.Run("Offer of a handle that has not seen the head cache", func(t *testing.T) {
		// claimSPSC: offerSPSC declines the first claim of a producer handle (LAYOUT 11: it checks the head cache)
		ch := create(t, SPSC, paddingTestCapacity)
		ring := mappedRing(ch)
		fillStale(ring, paddingTestCapacity)
		p, c := mustProducer(t, ch), mustConsumer(t, ch)
		for i := range 2 {
			if err := p.Offer(pingMessage(i).typeID, pingMessage(i).body); err != nil {
				t.Fatal(err)
			}
		}
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
		p = mustProducer(t, ch)
		if err := p.Offer(pingMessage(2).typeID, pingMessage(2).body); err != nil {
			t.Fatal(err)
		}
		requireLineStartPaddingAfterThreePings(t, ring, c, func(m message) error { return p.Offer(m.typeID, m.body) })
	})
}

// requireLineStartPaddingAfterThreePings checks the ring after three pingMessages offered from index 0, polls them,
// and offers a fourth with offer, which must land at 128.
func requireLineStartPaddingAfterThreePings(t *testing.T, ring []byte, c *Consumer, offer func(message) error) {
	t.Helper()
	requireLineStartPadding(t, "the third record's end, 120", ring, 120)
	requireTrailer(t, "after the padding", ring, 128, -1)
	requireBytes(t, "the next header, pre-zeroed at the line's start", ring, 128, 136, 0)
	requireDelivered(t, c, []message{pingMessage(0), pingMessage(1), pingMessage(2)})
	if head := c.ring.headPosition(); *head != 128 {
		t.Fatalf("headPosition=%d after the poll, expected 128: past the padding", *head)
	}
	if err := offer(pingMessage(3)); err != nil {
		t.Fatal(err)
	}
	requireRecordAt(t, "the fourth record, at the line's start", ring, 128, pingMessage(3))
	requireTrailer(t, "after the fourth record", ring, 168, -1)
	requireDelivered(t, c, []message{pingMessage(3)})
}

// TryClaim pads at the claim (steps 5a before 6), so the padding is there whether the claim is then committed or
// aborted; the consumer skips it either way.
func TestShouldPadAfterAClaimWhetherCommittedOrAborted(t *testing.T) {
	for _, abort := range []bool{false, true} {
		name := map[bool]string{false: "commit", true: "abort"}[abort]
		t.Run(name, func(t *testing.T) {
			ch := create(t, SPSC, paddingTestCapacity)
			ring := mappedRing(ch)
			fillStale(ring, paddingTestCapacity)
			p, c := mustProducer(t, ch), mustConsumer(t, ch)
			var sent []message
			for i := range 3 {
				m := pingMessage(i)
				index, claimed, err := p.TryClaim(m.typeID, len(m.body))
				if err != nil {
					t.Fatal(err)
				}
				if index != 40*i+layout.RecordHeaderLength {
					t.Fatalf("claim %d at body index %d, expected %d", i, index, 40*i+layout.RecordHeaderLength)
				}
				copy(claimed, m.body)
				if i == 2 {
					requireLineStartPadding(t, "the third claim, before its commit or abort", ring, 120)
					requireTrailer(t, "the third claim", ring, 128, -1)
					requireBytes(t, "the next header", ring, 128, 136, 0)
				}
				if i == 2 && abort {
					err = p.Abort(index)
				} else {
					err = p.Commit(index)
					sent = append(sent, m)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			requireLineStartPadding(t, "after the "+name, ring, 120)
			requireDelivered(t, c, sent)
			if head := c.ring.headPosition(); *head != 128 {
				t.Fatalf("headPosition=%d after the poll, expected 128: past the third record and the padding", *head)
			}
			m := pingMessage(3)
			index, claimed, err := p.TryClaim(m.typeID, len(m.body))
			if err != nil {
				t.Fatal(err)
			}
			if index != 128+layout.RecordHeaderLength {
				t.Fatalf("the fourth claim at body index %d, expected %d: the line's start", index,
					128+layout.RecordHeaderLength)
			}
			copy(claimed, m.body)
			if err := p.Commit(index); err != nil {
				t.Fatal(err)
			}
			requireDelivered(t, c, []message{m})
		})
	}
}

// A record that wraps (claimSPSC's step 2) and ends at 56 in its line at the start of the next lap is padded too,
// against the head that the wrap loaded.
func TestShouldPadAfterAWrappedRecordEndingEightBytesBeforeTheEndOfALine(t *testing.T) {
	ch := create(t, SPSC, paddingTestCapacity)
	ring := mappedRing(ch)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	offer := func(m message) {
		t.Helper()
		if err := p.Offer(m.typeID, m.body); err != nil {
			t.Fatal(err)
		}
		requireDelivered(t, c, []message{m})
	}
	for i := range 7 { // records of 128 aligned bytes: the tail at 896
		offer(message{int32(1 + i), bytes.Repeat([]byte{0x77}, 120)})
	}
	offer(message{8, bytes.Repeat([]byte{0x66}, 96)}) // aligned 104: the tail at 1000, 40 in its line
	requireTrailer(t, "before the wrap", ring, 1000, -1)

	// aligned 56: 64 bytes needed, 24 to the end: padding to the end, the record at index 0 of the next lap, ending
	// at 56; the head cache (0) shows no room, so the claim loads the head (1000) and pads against it
	wrapped := message{9, bytes.Repeat([]byte{0x99}, 48)}
	if err := p.Offer(wrapped.typeID, wrapped.body); err != nil {
		t.Fatal(err)
	}
	if length := int32(binary.LittleEndian.Uint32(ring[1000:])); length != 24 {
		t.Fatalf("the wrap's padding at 1000 has length %d, expected 24", length)
	}
	requireRecordAt(t, "the wrapped record", ring, 0, wrapped)
	requireLineStartPadding(t, "the wrapped record's end", ring, 56)
	requireTrailer(t, "after the wrap and the padding", ring, paddingTestCapacity+64, 1000)
	requireBytes(t, "the next header, pre-zeroed at the line's start", ring, 64, 72, 0)
	requireDelivered(t, c, []message{wrapped})
	next := pingMessage(0)
	if err := p.Offer(next.typeID, next.body); err != nil {
		t.Fatal(err)
	}
	requireRecordAt(t, "the next record, at the line's start", ring, 64, next)
	requireDelivered(t, c, []message{next})
}

// The padding needs 8 bytes more than the claim: when the head the claim holds leaves only the record and its next
// header, the record ends at 56 in its line unpadded. The padding never loads headPosition itself: a head cache with
// no room for it is not refreshed for it.
func TestShouldNotPadWhenTheHeadLeavesNoRoomForThePadding(t *testing.T) {
	t.Run("ring full", func(t *testing.T) {
		// 40-byte records without a poll: three and a padding per 128 bytes; the last block's third record ends at
		// 1016, with 8 bytes left, its next header's
		ch := create(t, SPSC, paddingTestCapacity)
		ring := mappedRing(ch)
		p, c := mustProducer(t, ch), mustConsumer(t, ch)
		var sent []message
		for i := 0; ; i++ {
			m := pingMessage(i)
			err := p.Offer(m.typeID, m.body)
			if errors.Is(err, ErrRingFull) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			sent = append(sent, m)
		}
		if len(sent) != 24 {
			t.Fatalf("%d offers before the ring was full, expected 24: 8 blocks of three records", len(sent))
		}
		for block := range 7 {
			requireLineStartPadding(t, "a block's third record's end", ring, block*128+120)
		}
		requireRecordAt(t, "the last record", ring, 976, sent[23])
		requireTrailer(t, "the last record, unpadded", ring, 1016, 0)
		requireBytes(t, "the next header, where the last record ends", ring, 1016, paddingTestCapacity, 0)
		requireDelivered(t, c, sent)
	})

	t.Run("head cache without room, head with room", func(t *testing.T) {
		// every record polled at once, but the head cache stays 0 while it has room for the claims: the record ending
		// at 1016 fits the cache with its next header, and is not padded although the head (976) would allow it
		ch := create(t, SPSC, paddingTestCapacity)
		ring := mappedRing(ch)
		p, c := mustProducer(t, ch), mustConsumer(t, ch)
		for i := range 24 {
			m := pingMessage(i)
			if err := p.Offer(m.typeID, m.body); err != nil {
				t.Fatal(err)
			}
			if i%3 == 2 && i < 21 {
				requireLineStartPadding(t, "a block's third record's end", ring, i/3*128+120)
			}
			requireDelivered(t, c, []message{m})
		}
		requireTrailer(t, "the last record, unpadded, the cache not refreshed", ring, 1016, 0)
		requireBytes(t, "the next header, where the last record ends", ring, 1016, paddingTestCapacity, 0)
	})

	t.Run("run", func(t *testing.T) {
		// a run whose head cache (128) leaves room for its first record, ending at 56 in its line, and that record's
		// next header only; the run loads the head (136) for its second record, which the head has no room for
		// either: the head cache is not stored, and the padding, which that head would allow, is decided by the cache
		// (ringway.h and Java alike, and as offers of the records would: they would not have loaded the head)
		ch := create(t, SPSC, paddingTestCapacity)
		ring := mappedRing(ch)
		placePositions(ring, paddingTestCapacity) // the tail at index 0 of the second lap
		binary.LittleEndian.PutUint64(ring[paddingTestCapacity+layout.TrailerHeadPositionOffset:], 136)
		binary.LittleEndian.PutUint64(ring[paddingTestCapacity+layout.TrailerHeadCachePositionOffset:], 128)
		binary.LittleEndian.PutUint64(ring, 0)
		for index := 136; index < paddingTestCapacity; index += layout.RecordHeaderLength {
			// unread padding records from the head on
			binary.LittleEndian.PutUint32(ring[index+layout.RecordLengthOffset:], layout.RecordHeaderLength)
			binary.LittleEndian.PutUint32(ring[index+layout.RecordTypeIDOffset:], uint32(0xffffffff))
		}
		p, c := mustProducer(t, ch), mustConsumer(t, ch)
		first := message{1, bytes.Repeat([]byte{0x11}, 112)} // aligned 120: index 0 to 120, 56 in its line
		second := message{2, bytes.Repeat([]byte{0x22}, 16)}
		batch := NewBatch(0)
		for _, m := range []message{first, second} {
			if err := batch.Append(m.typeID, m.body); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := p.OfferBatch(batch); n != 1 || !errors.Is(err, ErrRingFull) {
			t.Fatalf("OfferBatch = %d, %v; expected 1, ErrRingFull", n, err)
		}
		requireRecordAt(t, "the run's record", ring, 0, first)
		requireTrailer(t, "the run, unpadded, the cache not stored", ring, paddingTestCapacity+120, 128)
		requireBytes(t, "the next header, where the run ends", ring, 120, 128, 0)
		requireDelivered(t, c, []message{first})

		// with the head at the tail now, a run that needs the head stores it and is padded against it: 64 bytes from
		// 120 end at 184, 56 in its line
		third := message{3, bytes.Repeat([]byte{0x33}, 56)}
		batch.Reset()
		if err := batch.Append(third.typeID, third.body); err != nil {
			t.Fatal(err)
		}
		if n, err := p.OfferBatch(batch); n != 1 || err != nil {
			t.Fatalf("OfferBatch = %d, %v; expected 1, nil", n, err)
		}
		requireLineStartPadding(t, "the run's end, against the head it stored", ring, 184)
		requireTrailer(t, "after the padding", ring, paddingTestCapacity+192, paddingTestCapacity+120)
		requireBytes(t, "the next header, at the line's start", ring, 192, 200, 0)
		requireDelivered(t, c, []message{third})
	})
}

// A batch's run is padded after its end only: a record inside it that ends at 56 in its line is followed by the next
// record of the run, as the run is committed at once.
func TestShouldPadAfterARunEndingEightBytesBeforeTheEndOfALineButNotInsideIt(t *testing.T) {
	ch := create(t, SPSC, paddingTestCapacity)
	ring := mappedRing(ch)
	fillStale(ring, paddingTestCapacity)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	batch := NewBatch(0)
	var sent []message
	for i := range 6 { // 0 to 240: the third record ends at 120, 56 in its line
		sent = append(sent, pingMessage(i))
		if err := batch.Append(pingMessage(i).typeID, pingMessage(i).body); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := p.OfferBatch(batch); n != 6 || err != nil {
		t.Fatalf("OfferBatch = %d, %v; expected 6, nil", n, err)
	}
	requireRecordAt(t, "no padding inside the run: the fourth record at 120", ring, 120, pingMessage(3))
	requireTrailer(t, "the run's end, 48 in its line: no padding", ring, 240, -1)

	// 240 to 280, 280 to 296, 296 to 312: 312 is 56 in its line
	batch.Reset()
	more := []message{pingMessage(6), {8, bytes.Repeat([]byte{0x88}, 8)}, {9, bytes.Repeat([]byte{0x99}, 8)}}
	for _, m := range more {
		sent = append(sent, m)
		if err := batch.Append(m.typeID, m.body); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := p.OfferBatch(batch); n != 3 || err != nil {
		t.Fatalf("OfferBatch = %d, %v; expected 3, nil", n, err)
	}
	requireLineStartPadding(t, "the run's end", ring, 312)
	requireTrailer(t, "after the padding", ring, 320, -1)
	requireBytes(t, "the next header, pre-zeroed at the line's start", ring, 320, 328, 0)
	requireDelivered(t, c, sent)
}

// A padding at index 1016 ends at the end of the data area: the next header, pre-zeroed, is index 0 of the next lap,
// which held an older lap's header. On every path: Offer's fast path, a handle's first claim (claimSPSC), TryClaim
// (claim's common case), a run.
func TestShouldPreZeroIndexZeroWhenTheLineStartPaddingEndsAtTheEndOfTheDataArea(t *testing.T) {
	const startPosition = 904 // an empty ring there; records of 56 aligned bytes: 904 to 960, 960 to 1016
	body := bytes.Repeat([]byte{0x55}, 48)
	paths := []struct {
		name  string
		write func(t *testing.T, p *Producer) []message
	}{
		{"Offer", func(t *testing.T, p *Producer) []message {
			sent := []message{{1, body}, {2, body}} // the first claimSPSC (not seen), the second offerSPSC
			for _, m := range sent {
				if err := p.Offer(m.typeID, m.body); err != nil {
					t.Fatal(err)
				}
			}
			return sent
		}},
		{"first claim of the handle", func(t *testing.T, p *Producer) []message {
			// one record of 112 aligned bytes, 904 to 1016: the handle's first claim, claimSPSC's own step 5a
			m := message{1, bytes.Repeat([]byte{0x55}, 104)}
			if err := p.Offer(m.typeID, m.body); err != nil {
				t.Fatal(err)
			}
			return []message{m}
		}},
		{"TryClaim", func(t *testing.T, p *Producer) []message {
			sent := []message{{1, body}, {2, body}}
			for _, m := range sent {
				index, claimed, err := p.TryClaim(m.typeID, len(m.body))
				if err != nil {
					t.Fatal(err)
				}
				copy(claimed, m.body)
				if err := p.Commit(index); err != nil {
					t.Fatal(err)
				}
			}
			return sent
		}},
		{"run", func(t *testing.T, p *Producer) []message {
			sent := []message{{1, body}, {2, body}}
			batch := NewBatch(0)
			for _, m := range sent {
				if err := batch.Append(m.typeID, m.body); err != nil {
					t.Fatal(err)
				}
			}
			if n, err := p.OfferBatch(batch); n != 2 || err != nil {
				t.Fatalf("OfferBatch = %d, %v; expected 2, nil", n, err)
			}
			return sent
		}},
	}
	for _, path := range paths {
		t.Run(path.name, func(t *testing.T) {
			ch := create(t, SPSC, paddingTestCapacity)
			ring := mappedRing(ch)
			placePositions(ring, startPosition)
			p, c := mustProducer(t, ch), mustConsumer(t, ch)
			sent := path.write(t, p)
			requireLineStartPadding(t, "the last record's end, 1016", ring, paddingTestCapacity-layout.RecordHeaderLength)
			requireTrailer(t, "after the padding: the end of the lap", ring, paddingTestCapacity, -1)
			requireBytes(t, "the next header, index 0 of the next lap", ring, 0, layout.RecordHeaderLength, 0)
			requireDelivered(t, c, sent)
			next := message{3, bytes.Repeat([]byte{0x33}, 8)}
			if err := p.Offer(next.typeID, next.body); err != nil {
				t.Fatal(err)
			}
			requireRecordAt(t, "the next record, at index 0", ring, 0, next)
			requireTrailer(t, "after the next record", ring, paddingTestCapacity+16, -1)
			requireDelivered(t, c, []message{next})
		})
	}
}

// A poll of one message (the spinning poll's; pollBeating's fast path) that finds a line-start padding at the head,
// as the poll after every padded message does, skips it: with the message after it when one is committed, else alone,
// so the head moves past it either way, as the passes of a longer poll move it. A handler that panics on the message
// after the padding leaves the head after that message.
func TestShouldSkipALineStartPaddingAtTheHeadInAPollOfOneMessage(t *testing.T) {
	ch := create(t, SPSC, paddingTestCapacity)
	ring := mappedRing(ch)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	pollOne := func(step string, want []message) {
		t.Helper()
		var got []message
		n, err := c.Poll(func(typeID int32, body []byte) {
			got = append(got, message{typeID, bytes.Clone(body)})
		}, 1)
		if err != nil || n != len(want) || len(got) != len(want) || (n == 1 && (got[0].typeID != want[0].typeID ||
			!bytes.Equal(got[0].body, want[0].body))) {
			t.Fatalf("%s: poll(1) returned %d %v and delivered %v, expected %v", step, n, err, got, want)
		}
	}
	offerPing := func(i int) {
		t.Helper()
		if err := p.Offer(pingMessage(i).typeID, pingMessage(i).body); err != nil {
			t.Fatal(err)
		}
	}
	// offers pings from, ..., to - 1, each polled by a poll of one message right after its offer
	offerAndPollPings := func(from, to int) {
		t.Helper()
		for i := from; i < to; i++ {
			offerPing(i)
			pollOne("a ping", []message{pingMessage(i)})
		}
	}
	requirePosition := func(step string, want int64) {
		t.Helper()
		if head := atomic.LoadInt64(c.ring.headPosition()); c.Position() != want || head != want {
			t.Fatalf("%s: position %d, headPosition %d, expected %d", step, c.Position(), head, want)
		}
	}
	offerAndPollPings(0, 3)
	requireLineStartPadding(t, "the third record's end, 120", ring, 120)
	requirePosition("the third ping delivered: the padding after it is the next poll's", 120)

	pollOne("the padding and no message after it", nil)
	requirePosition("the padding skipped alone", 128)

	// three more pings from 128: the third ends at 248, 56 in its line, padded again; its padding stays at the head
	offerAndPollPings(3, 6)
	requireLineStartPadding(t, "the sixth record's end, 248", ring, 248)
	requirePosition("the sixth ping delivered", 248)
	offerPing(6)
	pollOne("the padding and the message after it", []message{pingMessage(6)})
	requirePosition("past the padding and the message", 296)
	if consumed := ch.MessagesConsumed(); consumed != 7 {
		t.Fatalf("messagesConsumed %d, expected 7", consumed)
	}

	// the same with a handler that panics on the message after the padding: the head after that message
	offerAndPollPings(7, 9)
	requireLineStartPadding(t, "the ninth record's end, 376", ring, 376)
	requirePosition("the ninth ping delivered", 376)
	offerPing(9)
	func() {
		defer func() {
			if recovered := recover(); recovered != "boom" {
				t.Fatalf("recovered %v, expected the handler's panic", recovered)
			}
		}()
		_, _ = c.Poll(func(int32, []byte) { panic("boom") }, 1)
		t.Fatal("the poll returned normally")
	}()
	requirePosition("after a handler's panic on the message after the padding", 424)
	if consumed := ch.MessagesConsumed(); consumed != 10 {
		t.Fatalf("messagesConsumed %d after the panic, expected 10", consumed)
	}
}
