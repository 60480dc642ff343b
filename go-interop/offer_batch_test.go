package ringway

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// Tests of OfferBatch, which writes runs (LAYOUT 6.1 and 6.2 "Runs"): one claim and one commit for the records that
// fit before the end of the data area, leaving the bytes that one Offer per message would.

// ringBytes reads the data area and the trailer of the channel file: what a run and offers must leave alike.
func ringBytes(t *testing.T, ch *Channel) []byte {
	t.Helper()
	file, err := os.ReadFile(ch.Path())
	if err != nil {
		t.Fatal(err)
	}
	return file[layout.HeaderLength:]
}

// requireSameRingBytes compares the data areas and trailers of the two channels, except the data bytes that gapBytes
// marks (nil: none), which SPSC's touch ahead may leave differently (recordGaps).
func requireSameRingBytes(t *testing.T, step string, batched, twin *Channel, gapBytes recordGaps) {
	t.Helper()
	batchedBytes, twinBytes := ringBytes(t, batched), ringBytes(t, twin)
	if len(batchedBytes) != len(twinBytes) {
		t.Fatalf("%s: ring lengths differ: OfferBatch %d, Offer %d", step, len(batchedBytes), len(twinBytes))
	}
	for i := range batchedBytes {
		if i < len(gapBytes) && gapBytes[i] {
			continue
		}
		if batchedBytes[i] != twinBytes[i] {
			t.Fatalf("%s: bytes differ first at ring index %d (the trailer starts at %d): OfferBatch %x, Offer %x",
				step, i, len(batchedBytes)-layout.TrailerLength, batchedBytes[i:min(i+16, len(batchedBytes))],
				twinBytes[i:min(i+16, len(twinBytes))])
		}
	}
}

// recordGaps marks, per data-area index, whether the last record written there left the byte as a gap byte: between
// a record's end (header and body; of a wrap's padding, its header) and its aligned end. No writer writes them and no
// reader reads them, and SPSC's touch ahead (LAYOUT 6.1) may leave them differently after offers and after a batch of
// the same records: offers touch a word ahead between records, a batch only at its end.
type recordGaps []bool

// mark walks the records written at positions [fromPosition, toPosition) of ring (a data area and trailer), using
// their lengths, and marks their gap bytes, unmarking the rest of each record's aligned length (which a later lap may
// have written over an older record's gap).
func (g recordGaps) mark(t *testing.T, step string, ring []byte, fromPosition, toPosition int64) {
	t.Helper()
	mask := int64(len(g) - 1)
	for position := fromPosition; position < toPosition; {
		index := int(position & mask)
		recordLength := int(int32(binary.LittleEndian.Uint32(ring[index+layout.RecordLengthOffset:])))
		if recordLength < layout.RecordHeaderLength || index+recordLength > len(g) {
			t.Fatalf("%s: record length %d at position %d, between the tails %d and %d", step, recordLength, position,
				fromPosition, toPosition)
		}
		alignedLength := layout.AlignedLength(recordLength)
		endIndex := index + recordLength // a record's end: header and body
		if int32(binary.LittleEndian.Uint32(ring[index+layout.RecordTypeIDOffset:])) == layout.PaddingTypeID {
			endIndex = index + layout.RecordHeaderLength // padding: only its header is written
		}
		for i := index; i < index+alignedLength; i++ {
			g[i] = i >= endIndex
		}
		position += int64(alignedLength)
	}
}

func tailPositionOf(t *testing.T, ch *Channel) int64 {
	t.Helper()
	ring := ringBytes(t, ch)
	return int64(binary.LittleEndian.Uint64(ring[len(ring)-layout.TrailerLength+layout.TrailerTailPositionOffset:]))
}

// requireDelivered polls everything and checks that it is exactly sent, in order.
func requireDelivered(t *testing.T, c *Consumer, sent []message) {
	t.Helper()
	got := pollAll(t, c)
	if len(got) != len(sent) {
		t.Fatalf("polled %d messages, expected %d", len(got), len(sent))
	}
	for i, m := range got {
		if m.typeID != sent[i].typeID || !bytes.Equal(m.body, sent[i].body) {
			t.Fatalf("message %d: got %d %x, expected %d %x", i, m.typeID, m.body, sent[i].typeID, sent[i].body)
		}
	}
}

func backPressureCount(t *testing.T, ch *Channel) int64 {
	t.Helper()
	status, err := ch.Status()
	if err != nil {
		t.Fatal(err)
	}
	return status.BackPressureCount
}

// randomMessage is a message of a random body length: 0, the largest, or any length between (mostly not a multiple
// of 8); now and then one that the producer refuses (type id 0, or a body above maxMessageLength).
func randomMessage(random *rand.Rand, maxLength int) message {
	length := random.Intn(maxLength + 1)
	switch random.Intn(8) {
	case 0:
		length = 0
	case 1:
		length = maxLength
	}
	typeID := int32(1 + random.Intn(1000))
	switch random.Intn(40) {
	case 0:
		typeID = 0
	case 1:
		length = maxLength + 1 + random.Intn(8)
	}
	body := make([]byte, length)
	random.Read(body)
	return message{typeID, body}
}

// offerEach offers the messages one Offer at a time until one is refused: what OfferBatch must amount to.
func offerEach(p *Producer, messages []message) (int, error) {
	for i, m := range messages {
		if err := p.Offer(m.typeID, m.body); err != nil {
			return i, err
		}
	}
	return len(messages), nil
}

// offerEachNotingLineStartPadding is offerEach that also reports, per message offered, whether its offer was followed
// by line-start padding (LAYOUT 6.1 step 5a): the tail moved 8 bytes more than the record and a wrap's padding.
func offerEachNotingLineStartPadding(p *Producer, messages []message) (int, []bool, error) {
	r := &p.ring
	capacity := int64(r.capacity)
	padded := make([]bool, len(messages))
	for i, m := range messages {
		tailBefore := atomic.LoadInt64(r.tailPosition())
		if err := p.Offer(m.typeID, m.body); err != nil {
			return i, padded, err
		}
		alignedLength := int64(layout.AlignedLength(len(m.body) + layout.RecordHeaderLength))
		toEndLength := capacity - tailBefore&(capacity-1)
		movedLength := alignedLength + layout.LineStartPaddingLength
		if alignedLength != toEndLength && alignedLength+layout.RecordHeaderLength > toEndLength {
			movedLength += toEndLength // the wrap's padding
		}
		padded[i] = atomic.LoadInt64(r.tailPosition())-tailBefore == movedLength
	}
	return len(messages), padded, nil
}

// offerBatchInParts offers batch, whose pending messages are pending, in parts that end at each message whose offer
// on the twin channel was followed by line-start padding (padded; LAYOUT 6.1 step 5a pads a run only after its end):
// each part but the last as a batch of its own, the messages it offered then taken from batch, and the last one as
// batch itself. It stops at the first part not offered whole, and returns what OfferBatch would: the messages offered
// and the error of the last call.
func offerBatchInParts(p *Producer, batch *Batch, pending []message, padded []bool) (int, error) {
	offered := 0
	for from := 0; ; {
		to := from + 1
		for to < len(pending) && !padded[to-1] {
			to++
		}
		if to >= len(pending) {
			n, err := p.OfferBatch(batch)
			return offered + n, err
		}
		part := NewBatch(0)
		for _, m := range pending[from:to] {
			if err := part.Append(m.typeID, m.body); err != nil {
				return offered, err
			}
		}
		n, err := p.OfferBatch(part)
		offered += n
		for range n {
			batch.Next() // offered: no longer pending in batch
		}
		if err != nil || n < to-from {
			return offered, err
		}
		from = to
	}
}

func pollMessages(t *testing.T, c *Consumer, limit int) []message {
	t.Helper()
	var got []message
	if _, err := c.Poll(func(typeID int32, body []byte) { got = append(got, message{typeID, bytes.Clone(body)}) },
		limit); err != nil {
		t.Fatalf("poll: %v", err)
	}
	return got
}

func TestShouldLeaveTheSameRingBytesAndDeliverTheSameMessagesWithOfferBatchAsWithOneOfferPerMessage(t *testing.T) {
	const seed = 20261207
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("seed=%d", seed)
		}
	})
	random := rand.New(rand.NewSource(seed))
	for _, kind := range []RingKind{SPSC, MPSC} {
		for _, capacity := range []int{MinCapacity, 128, 256, 1024} {
			t.Run(fmt.Sprintf("%s/%d", kind, capacity), func(t *testing.T) {
				requireOfferBatchLeavesWhatOffersLeave(t, random, seed, kind, capacity)
			})
		}
	}
}

// requireOfferBatchLeavesWhatOffersLeave offers 400 random batches on a channel and the same messages one Offer at a
// time on a twin channel of the same kind and capacity, polls both now and then, and compares after every step.
func requireOfferBatchLeavesWhatOffersLeave(t *testing.T, random *rand.Rand, seed int64, kind RingKind, capacity int) {
	t.Helper()
	batched, twin := create(t, kind, capacity), create(t, kind, capacity)
	batchedProducer, batchedConsumer := mustProducer(t, batched), mustConsumer(t, batched)
	twinProducer, twinConsumer := mustProducer(t, twin), mustConsumer(t, twin)
	maxLength := batched.MaxMessageLength()
	batch := NewBatch(0)
	var twinPending, expected []message // the twin's messages not yet offered; those offered, not yet polled
	// SPSC: touch ahead (LAYOUT 6.1) stores a word of free space after each Offer's commit, but after a batch only at
	// its end, so the bytes between a record's end and its aligned end and the body of a wrap's padding, which no
	// reader reads, may differ: those of the records written are skipped (recordGaps). Every other byte must still be
	// equal; MPSC (no touch ahead) is compared whole. SPSC: LAYOUT 6.1 step 5a pads after an offer's record that ends
	// 8 bytes before the end of a cache line, but after a run only at its end; so the batch is offered in parts that
	// end at each record whose offer was padded (offerBatchInParts), as ringway.h's test does, and a run pads where the
	// offer of its last record did, against the head it holds.
	var gapBytes recordGaps
	if kind == SPSC {
		gapBytes = make(recordGaps, capacity)
	}
	for iteration := range 400 {
		step := fmt.Sprintf("seed=%d kind=%s capacity=%d iteration=%d", seed, kind, capacity, iteration)
		if batch.Pending() == 0 {
			batch.Reset()
		}
		for range random.Intn(12) {
			m := randomMessage(random, maxLength)
			if err := batch.Append(m.typeID, m.body); err != nil {
				t.Fatal(err)
			}
			twinPending = append(twinPending, m)
		}

		twinTailPosition := tailPositionOf(t, twin)
		twinOffered, padded, twinErr := offerEachNotingLineStartPadding(twinProducer, twinPending)
		offered, err := offerBatchInParts(batchedProducer, batch, twinPending, padded)
		if gapBytes != nil {
			gapBytes.mark(t, step, ringBytes(t, twin), twinTailPosition, tailPositionOf(t, twin))
		}
		if offered != twinOffered || batch.Pending() != len(twinPending)-twinOffered {
			t.Fatalf("%s: OfferBatch offered %d (%d pending), Offer %d of %d", step, offered, batch.Pending(),
				twinOffered, len(twinPending))
		}
		if (err == nil) != (twinErr == nil) || err != nil &&
			err.Error() != strings.ReplaceAll(twinErr.Error(), twin.Path(), batched.Path()) {
			t.Fatalf("%s: OfferBatch returned %v, Offer %v", step, err, twinErr)
		}
		expected = append(expected, twinPending[:twinOffered]...)
		twinPending = twinPending[twinOffered:]
		if err != nil && !errors.Is(err, ErrRingFull) {
			// refused: it stays first in the batch; drop it on both sides
			if typeID, body, ok := batch.Next(); !ok || typeID != twinPending[0].typeID ||
				!bytes.Equal(body, twinPending[0].body) {
				t.Fatalf("%s: the refused message is not first in the batch: %d %x %v", step, typeID, body, ok)
			}
			twinPending = twinPending[1:]
		}
		requireSameRingBytes(t, step, batched, twin, gapBytes)
		requireNoClaimFloor(t, step, batchedProducer)
		if got, want := backPressureCount(t, batched), backPressureCount(t, twin); got != want {
			t.Fatalf("%s: backPressureCount %d after OfferBatch, %d after Offer", step, got, want)
		}

		limit := random.Intn(8)
		if limit > 0 {
			got, twinGot := pollMessages(t, batchedConsumer, limit), pollMessages(t, twinConsumer, limit)
			if len(got) != len(twinGot) || len(got) > len(expected) {
				t.Fatalf("%s: polled %d from OfferBatch's channel, %d from Offer's, %d expected", step, len(got),
					len(twinGot), len(expected))
			}
			for i := range got {
				if got[i].typeID != expected[i].typeID || !bytes.Equal(got[i].body, expected[i].body) ||
					twinGot[i].typeID != expected[i].typeID || !bytes.Equal(twinGot[i].body, expected[i].body) {
					t.Fatalf("%s: message %d: OfferBatch's %d %x, Offer's %d %x, expected %d %x", step, i,
						got[i].typeID, got[i].body, twinGot[i].typeID, twinGot[i].body, expected[i].typeID,
						expected[i].body)
				}
			}
			expected = expected[len(got):]
			requireSameRingBytes(t, step+" poll", batched, twin, gapBytes)
		}
	}
	requireDelivered(t, batchedConsumer, expected)
	requireDelivered(t, twinConsumer, expected)
}

// requireNoClaimFloor checks that an MPSC producer with no claim in progress left its slot's floor cleared (LAYOUT 6.2
// step 5), as an offer leaves it; an SPSC producer has no slot.
func requireNoClaimFloor(t *testing.T, step string, p *Producer) {
	t.Helper()
	if p.slot == nil {
		return
	}
	if floor := atomic.LoadInt64(p.claimFloorPosition()); floor != layout.NoClaimFloorPosition {
		t.Fatalf("%s: claimFloorPosition=%d after OfferBatch, expected %d (cleared)", step, floor,
			int64(layout.NoClaimFloorPosition))
	}
}

func TestShouldPreZeroIndexZeroWhenARunEndsAtTheEndOfTheDataArea(t *testing.T) {
	const capacity = 1024
	ch := create(t, SPSC, capacity)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	// move the tail to the middle and consume: index 0 keeps the first record's header
	for i := range 4 {
		if err := p.Offer(1, bytes.Repeat([]byte{byte(i)}, 120)); err != nil {
			t.Fatal(err)
		}
	}
	if got := pollAll(t, c); len(got) != 4 {
		t.Fatalf("polled %d, expected 4", len(got))
	}
	ring := ringBytes(t, ch)
	if binary.LittleEndian.Uint64(ring) == 0 {
		t.Fatal("index 0 already reads 0: the test would prove nothing")
	}
	// 512 bytes to the end: four records of 128 aligned bytes, two with bodies not a multiple of 8
	batch := NewBatch(0)
	sent := []message{{7, bytes.Repeat([]byte{0xa1}, 120)}, {8, bytes.Repeat([]byte{0xb2}, 117)},
		{9, bytes.Repeat([]byte{0xc3}, 113)}, {10, bytes.Repeat([]byte{0xd4}, 120)}}
	for _, m := range sent {
		_ = batch.Append(m.typeID, m.body)
	}
	if n, err := p.OfferBatch(batch); n != len(sent) || err != nil {
		t.Fatalf("OfferBatch = %d, %v; expected %d, nil", n, err, len(sent))
	}
	ring = ringBytes(t, ch)
	if word := binary.LittleEndian.Uint64(ring); word != 0 {
		t.Fatalf("the header at index 0 reads %#x after a run that ends at the end of the data area, expected 0", word)
	}
	if tail := int64(binary.LittleEndian.Uint64(ring[capacity+layout.TrailerTailPositionOffset:])); tail != 2*512 {
		t.Fatalf("tailPosition=%d, expected %d", tail, 2*512)
	}
	requireDelivered(t, c, sent)
}

func TestShouldWriteTheRunBeforeARefusedMessageAndReturnItsErrorKeepingItPending(t *testing.T) {
	for _, refused := range []struct {
		name     string
		message  message
		sentinel error
		field    string
	}{
		{"type id 0", message{0, []byte("bad type")}, ErrTypeID, "typeId"},
		{"body above maxMessageLength", message{1, make([]byte, 1024/8+1)}, ErrMessageLength, "length"},
	} {
		t.Run(refused.name, func(t *testing.T) {
			ch := create(t, SPSC, 1024)
			p, c := mustProducer(t, ch), mustConsumer(t, ch)
			batch := NewBatch(0)
			sent := []message{{1, []byte("one")}, {2, nil}, {3, []byte("three, not a multiple of 8")}}
			for _, m := range sent {
				_ = batch.Append(m.typeID, m.body)
			}
			_ = batch.Append(refused.message.typeID, refused.message.body)
			_ = batch.Append(4, []byte("after"))
			_ = batch.Append(5, []byte("after too"))
			n, err := p.OfferBatch(batch)
			if n != 3 {
				t.Fatalf("offered %d, expected the 3 before the refused one", n)
			}
			requireCode(t, err, refused.sentinel, refused.field)
			if batch.Pending() != 3 {
				t.Fatalf("pending=%d, expected 3", batch.Pending())
			}
			requireDelivered(t, c, sent)
			if typeID, body, ok := batch.Next(); !ok || typeID != refused.message.typeID ||
				!bytes.Equal(body, refused.message.body) {
				t.Fatalf("refused message not first: %d %q %v", typeID, body, ok)
			}
		})
	}
}

func TestShouldWriteThePrefixThatFitsAndCountBackPressureOnceWhenABatchDoesNotFit(t *testing.T) {
	const capacity = 1024
	ch := create(t, SPSC, capacity)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	batch := NewBatch(0)
	var sent []message
	for i := range 40 {
		m := message{int32(1 + i), bytes.Repeat([]byte{byte(i)}, 21)} // records of 29 bytes, 32 aligned
		_ = batch.Append(m.typeID, m.body)
		sent = append(sent, m)
	}
	// 8 bytes stay free on SPSC: 31 records of 32 bytes fit in 1016
	const fitting = (capacity - layout.RecordHeaderLength) / 32
	n, err := p.OfferBatch(batch)
	if n != fitting || !errors.Is(err, ErrRingFull) {
		t.Fatalf("OfferBatch = %d, %v; expected %d, ErrRingFull", n, err, fitting)
	}
	if batch.Pending() != len(sent)-fitting {
		t.Fatalf("pending=%d, expected %d", batch.Pending(), len(sent)-fitting)
	}
	if count := backPressureCount(t, ch); count != 1 {
		t.Fatalf("backPressureCount=%d, expected 1", count)
	}
	requireDelivered(t, c, sent[:fitting])
	if n, err := p.OfferBatch(batch); n != len(sent)-fitting || err != nil {
		t.Fatalf("OfferBatch of the rest = %d, %v; expected %d, nil", n, err, len(sent)-fitting)
	}
	requireDelivered(t, c, sent[fitting:])
}

func TestShouldDeliverEveryBatchedMessageInOrderToAConsumerPollingAtTheSameTime(t *testing.T) {
	const total = 20_000
	ch := create(t, SPSC, 1024)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	done := make(chan error, 1)
	go func() {
		random := rand.New(rand.NewSource(7))
		batch := NewBatch(0)
		body := make([]byte, ch.MaxMessageLength())
		for sequence := 0; sequence < total; {
			batch.Reset()
			for range 1 + random.Intn(40) {
				binary.LittleEndian.PutUint64(body, uint64(sequence))
				_ = batch.Append(int32(1+sequence%7), body[:8+random.Intn(len(body)-7)])
				sequence++
			}
			for batch.Pending() > 0 {
				if _, err := p.OfferBatch(batch); err != nil && !errors.Is(err, ErrRingFull) {
					done <- err
					return
				}
			}
		}
		done <- nil
	}()
	received := 0
	var orderErr error
	producerDone := false
	for received < total && orderErr == nil {
		n, err := c.Poll(func(typeID int32, body []byte) {
			if sequence := int(binary.LittleEndian.Uint64(body)); sequence != received || typeID != int32(1+received%7) {
				orderErr = fmt.Errorf("message %d: sequence=%d typeId=%d", received, sequence, typeID)
			}
			received++
		}, 64)
		if err != nil {
			t.Fatalf("poll: %v", err)
		}
		if n == 0 && producerDone {
			t.Fatalf("the producer offered every batch, the consumer received %d of %d", received, total)
		}
		if !producerDone {
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("OfferBatch: %v", err)
				}
				producerDone = true
			default:
			}
		}
	}
	if orderErr != nil {
		t.Fatal(orderErr)
	}
	if !producerDone {
		if err := <-done; err != nil {
			t.Fatalf("OfferBatch: %v", err)
		}
	}
}

// LAYOUT 6.2 "Runs": runs of several producers share the ring by the CAS of the tail, as single claims do; each
// producer's messages arrive once and in its order, whole, whatever runs, wraps and back-pressure interleave.
func TestShouldDeliverEveryMessageOnceAndInOrderPerProducerFromConcurrentBatchesOnMpsc(t *testing.T) {
	const producers, perProducer, seed = 3, 100_000, 20261208
	ch := create(t, MPSC, 4096)
	c := mustConsumer(t, ch)
	maxLength := ch.MaxMessageLength()
	errs := make(chan error, producers)
	for id := range producers {
		p := mustProducer(t, ch)
		go func() {
			errs <- offerRandomBatches(p, rand.New(rand.NewSource(seed+int64(id))), id, perProducer, maxLength)
		}()
	}
	next := make([]int, producers)
	var orderErr error
	check := func(typeID int32, body []byte) {
		if orderErr != nil {
			return
		}
		if len(body) < batchedHeaderLength {
			orderErr = fmt.Errorf("a body of %d bytes, expected at least %d", len(body), batchedHeaderLength)
			return
		}
		id, sequence := int(body[0]), int(binary.LittleEndian.Uint64(body[1:]))
		if id >= producers || typeID != int32(1+id) || sequence != next[id] ||
			!bytes.Equal(body, batchedBody(make([]byte, len(body)), id, sequence)) {
			orderErr = fmt.Errorf("producer %d: typeId=%d sequence=%d length=%d, expected sequence %d and its bytes",
				id, typeID, sequence, len(body), next[min(id, producers-1)])
			return
		}
		next[id]++
	}
	received, finished := 0, 0
	for received < producers*perProducer && orderErr == nil {
		n, err := c.Poll(check, 256)
		if err != nil {
			t.Fatalf("poll after %d messages: %v", received, err)
		}
		received += n
		select {
		case err := <-errs:
			if err != nil {
				t.Fatalf("OfferBatch: %v", err)
			}
			finished++
		default:
			if n == 0 {
				runtime.Gosched()
			}
		}
	}
	if orderErr != nil {
		t.Fatalf("after %d messages: %v", received, orderErr)
	}
	for ; finished < producers; finished++ {
		if err := <-errs; err != nil {
			t.Fatalf("OfferBatch: %v", err)
		}
	}
	if n := len(pollAll(t, c)); n != 0 {
		t.Fatalf("%d messages more than the %d sent", n, producers*perProducer)
	}
	for id, n := range next {
		if n != perProducer {
			t.Fatalf("producer %d: %d messages delivered, expected %d", id, n, perProducer)
		}
	}
}

// batchedHeaderLength is the producer id and the sequence that start every body of offerRandomBatches.
const batchedHeaderLength = 1 + 8

// batchedBody fills body with the producer id, the sequence, and bytes that depend on both and on their position.
func batchedBody(body []byte, id, sequence int) []byte {
	body[0] = byte(id)
	binary.LittleEndian.PutUint64(body[1:], uint64(sequence))
	for i := batchedHeaderLength; i < len(body); i++ {
		body[i] = byte(sequence*31 + id*7 + i)
	}
	return body
}

// offerRandomBatches sends messages 0 to count - 1 of producer id (type id 1 + id) in batches of 1 to 40 messages of
// random body lengths, retrying what back-pressure leaves pending.
func offerRandomBatches(p *Producer, random *rand.Rand, id, count, maxLength int) error {
	batch := NewBatch(0)
	body := make([]byte, maxLength)
	for sequence := 0; sequence < count; {
		batch.Reset()
		for range min(1+random.Intn(40), count-sequence) {
			length := batchedHeaderLength + random.Intn(maxLength-batchedHeaderLength+1)
			if err := batch.Append(int32(1+id), batchedBody(body[:length], id, sequence)); err != nil {
				return err
			}
			sequence++
		}
		for batch.Pending() > 0 {
			if _, err := p.OfferBatch(batch); err != nil {
				if !errors.Is(err, ErrRingFull) {
					return err
				}
				runtime.Gosched()
			}
		}
	}
	return nil
}
