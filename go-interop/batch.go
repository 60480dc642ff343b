package ringway

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// Batch is a run of messages in a Go buffer, for OfferBatch and PollBatch: one call moves all of them. Inside,
// each message is a record in the format of LAYOUT 5 (int32 length with the header, int32 typeId, body, aligned
// to 8), so a batch reads like a piece of ring. A Batch belongs to one goroutine at a time.
//
//	batch := ringway.NewBatch(64 << 10)
//	batch.Append(1, body)                  // as many as fit
//	for batch.Pending() > 0 {
//		if _, err := producer.OfferBatch(batch); err != nil && !errors.Is(err, ringway.ErrRingFull) { ... }
//	}
type Batch struct {
	buffer     []byte // records in [0, len); free space in [len, cap)
	readOffset int    // the first record not yet offered or read
	pending    int    // records in [readOffset, len)
}

// NewBatch returns an empty batch with room for capacity bytes of records; Append grows it when needed.
func NewBatch(capacity int) *Batch {
	return &Batch{buffer: make([]byte, 0, capacity)}
}

// RecordLength returns the room a body of bodyLength bytes takes in a Batch.
func RecordLength(bodyLength int) int {
	return layout.AlignedLength(bodyLength + layout.RecordHeaderLength)
}

// Append adds a message at the end of the batch.
func (b *Batch) Append(typeID int32, body []byte) error {
	if len(body) > math.MaxInt32-2*layout.RecordHeaderLength {
		return fmt.Errorf("%w: body of %d bytes", ErrMessageLength, len(body))
	}
	recordLength := len(body) + layout.RecordHeaderLength
	start := len(b.buffer)
	b.buffer = append(b.buffer, make([]byte, layout.AlignedLength(recordLength))...)
	record := b.buffer[start:]
	binary.LittleEndian.PutUint32(record[layout.RecordLengthOffset:], uint32(recordLength))
	binary.LittleEndian.PutUint32(record[layout.RecordTypeIDOffset:], uint32(typeID))
	copy(record[layout.RecordHeaderLength:], body)
	b.pending++
	return nil
}

// Pending returns how many messages are in the batch, not yet offered or read.
func (b *Batch) Pending() int { return b.pending }

// Len returns the bytes of records in the batch, those already offered or read included (until Reset).
func (b *Batch) Len() int { return len(b.buffer) }

// Reset empties the batch, keeping its buffer.
func (b *Batch) Reset() {
	b.buffer = b.buffer[:0]
	b.readOffset = 0
	b.pending = 0
}

// Next returns the next pending message and removes it from the batch. The body views the batch's buffer: valid
// until Reset or the next PollBatch into this batch.
func (b *Batch) Next() (typeID int32, body []byte, ok bool) {
	if b.pending == 0 || len(b.buffer)-b.readOffset < layout.RecordHeaderLength {
		return 0, nil, false
	}
	record := b.buffer[b.readOffset:]
	recordLength := int(int32(binary.LittleEndian.Uint32(record[layout.RecordLengthOffset:])))
	if recordLength < layout.RecordHeaderLength || recordLength > len(record) {
		return 0, nil, false // cannot happen: only Append and PollBatch write records
	}
	typeID = int32(binary.LittleEndian.Uint32(record[layout.RecordTypeIDOffset:]))
	body = record[layout.RecordHeaderLength:recordLength:recordLength]
	b.consumed(min(layout.AlignedLength(recordLength), len(record)), 1)
	return typeID, body, true
}

func (b *Batch) consumed(length int, messages int) {
	b.readOffset += length
	b.pending -= messages
}

// freeSpace is the buffer past the records, where PollBatch writes.
func (b *Batch) freeSpace() []byte {
	return b.buffer[len(b.buffer):cap(b.buffer)]
}

func (b *Batch) appended(length int, messages int) {
	b.buffer = b.buffer[:len(b.buffer)+length]
	b.pending += messages
}
