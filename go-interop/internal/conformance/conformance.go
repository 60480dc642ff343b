// Package conformance is the cross-process test traffic of docs/CONFORMANCE.md for Go: encoding, the FNV-1a
// checksum and a verifier, as engine's SequenceProtocol/SequenceVerifier (Java) and c-interop's conformance.h (C).
//
//	SEQUENCE (typeId 1): int64 producerId | int64 sequence | filler: (sequence % 41) bytes, byte i = (sequence + i)
//	END      (typeId 2): int64 producerId | int64 count    | int64 checksum (FNV-1a 64 over every SEQUENCE body)
package conformance

import (
	"encoding/binary"
	"fmt"
)

const (
	SequenceTypeID    = 1
	EndTypeID         = 2
	ProducerIDOffset  = 0
	SequenceOffset    = 8
	FillerOffset      = 16
	CountOffset       = 8
	ChecksumOffset    = 16
	EndLength         = 24
	FillerModulus     = 41
	MaxSequenceLength = FillerOffset + FillerModulus - 1
	FnvOffsetBasis    = 0xcbf29ce484222325
	FnvPrime          = 0x100000001b3
)

// SequenceLength is the body length of SEQUENCE number sequence.
func SequenceLength(sequence int64) int {
	return FillerOffset + int(sequence%FillerModulus)
}

// EncodeSequence writes a SEQUENCE body into body (at least SequenceLength bytes) and returns its length.
func EncodeSequence(body []byte, producerID int64, sequence int64) int {
	length := SequenceLength(sequence)
	binary.LittleEndian.PutUint64(body[ProducerIDOffset:], uint64(producerID))
	binary.LittleEndian.PutUint64(body[SequenceOffset:], uint64(sequence))
	for i := FillerOffset; i < length; i++ {
		body[i] = byte(sequence + int64(i-FillerOffset))
	}
	return length
}

// EncodeEnd writes an END body into body (at least EndLength bytes) and returns its length.
func EncodeEnd(body []byte, producerID int64, count int64, checksum uint64) int {
	binary.LittleEndian.PutUint64(body[ProducerIDOffset:], uint64(producerID))
	binary.LittleEndian.PutUint64(body[CountOffset:], uint64(count))
	binary.LittleEndian.PutUint64(body[ChecksumOffset:], checksum)
	return EndLength
}

// Checksum continues the FNV-1a 64 hash checksum over bytes.
func Checksum(checksum uint64, bytes []byte) uint64 {
	for _, b := range bytes {
		checksum ^= uint64(b)
		checksum *= FnvPrime
	}
	return checksum
}

type producerState struct {
	nextSequence int64
	checksum     uint64
	ended        bool
}

// Verifier checks traffic from any number of producers and keeps the first violation.
type Verifier struct {
	producers  map[int64]*producerState
	order      []int64
	endedCount int
	messages   int64
	firstError error
}

// NewVerifier returns a verifier that has seen nothing.
func NewVerifier() *Verifier {
	return &Verifier{producers: make(map[int64]*producerState)}
}

func (v *Verifier) fail(format string, args ...any) {
	if v.firstError == nil {
		v.firstError = fmt.Errorf(format, args...)
	}
}

// OnMessage checks one message; it has the shape of ringway.Handler.
func (v *Verifier) OnMessage(typeID int32, body []byte) {
	v.messages++
	if len(body) < FillerOffset {
		v.fail("body too short: typeId=%d length=%d", typeID, len(body))
		return
	}
	producerID := int64(binary.LittleEndian.Uint64(body[ProducerIDOffset:]))
	state, ok := v.producers[producerID]
	if !ok {
		state = &producerState{checksum: FnvOffsetBasis}
		v.producers[producerID] = state
		v.order = append(v.order, producerID)
	}
	switch typeID {
	case SequenceTypeID:
		sequence := int64(binary.LittleEndian.Uint64(body[SequenceOffset:]))
		if state.ended {
			v.fail("producer=%d sent sequence=%d after its END", producerID, sequence)
		}
		if sequence != state.nextSequence {
			v.fail("producer=%d field=sequence found=%d expected=%d", producerID, sequence, state.nextSequence)
		}
		if sequence < 0 || len(body) != SequenceLength(sequence) {
			v.fail("producer=%d sequence=%d field=length found=%d", producerID, sequence, len(body))
		} else {
			for i := FillerOffset; i < len(body); i++ {
				if expected := byte(sequence + int64(i-FillerOffset)); body[i] != expected {
					v.fail("producer=%d sequence=%d filler byte %d found=%d expected=%d", producerID, sequence, i,
						body[i], expected)
					break
				}
			}
		}
		state.checksum = Checksum(state.checksum, body)
		state.nextSequence = sequence + 1
	case EndTypeID:
		if len(body) != EndLength {
			v.fail("producer=%d END field=length found=%d expected=%d", producerID, len(body), EndLength)
			return
		}
		count := int64(binary.LittleEndian.Uint64(body[CountOffset:]))
		checksum := binary.LittleEndian.Uint64(body[ChecksumOffset:])
		if count != state.nextSequence {
			v.fail("producer=%d field=count found=%d received=%d", producerID, count, state.nextSequence)
		}
		if checksum != state.checksum {
			v.fail("producer=%d field=checksum found=%x computed=%x", producerID, checksum, state.checksum)
		}
		if !state.ended {
			state.ended = true
			v.endedCount++
		}
	default:
		v.fail("unexpected typeId=%d", typeID)
	}
}

// AllEnded reports whether producerCount producers have sent END.
func (v *Verifier) AllEnded(producerCount int) bool { return v.endedCount >= producerCount }

// FirstError returns the first violation, or nil.
func (v *Verifier) FirstError() error { return v.firstError }

// Messages returns how many messages were checked.
func (v *Verifier) Messages() int64 { return v.messages }

// Producers returns how many distinct producers were seen, and how many of them sent END.
func (v *Verifier) Producers() (seen int, ended int) { return len(v.producers), v.endedCount }

// Received returns how many SEQUENCE messages in order arrived from a producer.
func (v *Verifier) Received(producerID int64) int64 {
	if state, ok := v.producers[producerID]; ok {
		return state.nextSequence
	}
	return 0
}

// Sequences returns the SEQUENCE messages received from all producers.
func (v *Verifier) Sequences() int64 {
	var total int64
	for _, state := range v.producers {
		total += state.nextSequence
	}
	return total
}
