package ringway

/*
#include "bridge.h"
#include <stdlib.h>
*/
import "C"

import (
	"fmt"
	"math"
	"unsafe"
)

// Producer writes messages into a channel (LAYOUT 6). On an SPSC channel it holds the producer lease; on MPSC any
// number of producers, in any goroutines and processes, may write at once. A Producer belongs to one goroutine at
// a time.
type Producer struct {
	channel *Channel
	c       *C.ringway_producer_t // C memory; nil once closed
	ring    ring                  // the mapping, for the Go hot path (fastpath.go)
}

// Producer attaches a producer to the channel. On SPSC a second producer, here or in any live process, gets
// ErrLeaseTaken until the first closes or its process dies.
func (ch *Channel) Producer() (*Producer, error) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.c == nil {
		return nil, ch.closedError()
	}
	c := (*C.ringway_producer_t)(C.calloc(1, C.sizeof_ringway_producer_t))
	if c == nil {
		return nil, &Error{Code: CodeIO, Reason: "out of memory", File: ch.path, Field: "file"}
	}
	if result := C.ringway_producer_attach(c, ch.c); result < 0 {
		err := errorOf(int(result), C.GoString(C.ringway_producer_last_error(c)),
			C.GoString(C.ringway_producer_last_error_field(c)))
		C.free(unsafe.Pointer(c))
		return nil, err
	}
	p := &Producer{channel: ch, c: c,
		ring: newRing(c.header, c.ring_data, c.trailer, c.ring_kind, c.capacity, c.max_message_length, ch.path)}
	// the check of LAYOUT 11 keeps its state in the C handle, which the C path (waits, tests) shares
	p.ring.headCacheSeen = (*int64)(unsafe.Pointer(&c.head_cache_seen_position))
	ch.producers[p] = struct{}{}
	return p, nil
}

// MaxMessageLength returns the largest body this producer may send: capacity / 8.
func (p *Producer) MaxMessageLength() int {
	if p.c == nil {
		return 0
	}
	return int(p.ring.maxMessageLength)
}

// Offer copies a message into the ring: typeID >= 1, a body of 0 to MaxMessageLength bytes. It returns nil when the
// message is committed, ErrRingFull on back-pressure (nothing written; try again later), or an *Error for a
// message that is refused (ErrTypeID, ErrMessageLength) or a closed producer. Offer runs in Go on the mapped file
// (fastpath.go): no cgo call per message.
func (p *Producer) Offer(typeID int32, body []byte) error {
	if p.c == nil {
		return p.closedError()
	}
	if len(body) > math.MaxInt32 {
		return p.lengthError(len(body))
	}
	return p.offer(typeID, body)
}

// TryClaim claims room for a body of length bytes and returns its index and a slice that views the mapped ring
// memory: write the body there, then Commit(index) or Abort(index). Nothing is visible to the consumer before
// Commit. The slice is valid only until Commit or Abort; do not keep it. Returns ErrRingFull on back-pressure.
func (p *Producer) TryClaim(typeID int32, length int) (int, []byte, error) {
	if p.c == nil {
		return -1, nil, p.closedError()
	}
	if length < 0 || length > math.MaxInt32 {
		return -1, nil, p.lengthError(length)
	}
	index, err := p.tryClaim(typeID, length)
	if err != nil {
		return -1, nil, err
	}
	claimed := p.ring.bytes(index, int32(length))
	return int(index), claimed[:length:length], nil
}

// Commit makes the message claimed at index visible to the consumer. ErrClaimState when index is not a claim in
// progress (never claimed, already committed or aborted).
func (p *Producer) Commit(index int) error {
	if p.c == nil {
		return p.closedError()
	}
	return p.commit(index)
}

// Abort turns the message claimed at index into padding, which the consumer skips.
func (p *Producer) Abort(index int) error {
	if p.c == nil {
		return p.closedError()
	}
	return p.abort(index)
}

// OfferBatch offers the batch's pending messages in order until all are offered or one is refused. The offered
// messages leave the batch (Pending counts the rest). It returns how many were offered, and nil when the batch is
// empty afterwards, ErrRingFull when the ring filled first (call again later), or the refusal of a message
// (*Error; that message stays first in the batch).
func (p *Producer) OfferBatch(batch *Batch) (int, error) {
	if p.c == nil {
		return 0, p.closedError()
	}
	pending := batch.buffer[batch.readOffset:]
	if len(pending) == 0 {
		return 0, nil
	}
	consumedLength, offered, err := p.offerBatch(pending)
	batch.consumed(consumedLength, offered)
	return offered, err
}

// The C path: the same operations through ringway.h, one cgo call each, as the package made them before the Go
// hot path. Kept for the differential test (fastpath_test.go), which checks that both write the same bytes.

func (p *Producer) offerC(typeID int32, body []byte) error {
	if p.c == nil {
		return p.closedError()
	}
	var bodyPointer unsafe.Pointer
	if len(body) > 0 {
		bodyPointer = unsafe.Pointer(&body[0])
	}
	result := C.ringway_producer_offer(p.c, C.int32_t(typeID), bodyPointer, C.int32_t(len(body)))
	if result == C.RINGWAY_OK {
		return nil
	}
	return p.errorOf(int(result))
}

func (p *Producer) tryClaimC(typeID int32, length int) (int, []byte, error) {
	if p.c == nil {
		return -1, nil, p.closedError()
	}
	index := C.ringway_producer_try_claim(p.c, C.int32_t(typeID), C.int32_t(length), nil)
	if index < 0 {
		return -1, nil, p.errorOf(int(index))
	}
	return int(index), p.ring.bytes(int32(index), int32(length)), nil
}

func (p *Producer) commitC(index int) error {
	if p.c == nil {
		return p.closedError()
	}
	if result := C.ringway_producer_commit(p.c, C.int32_t(clampIndex(index))); result < 0 {
		return p.errorOf(int(result))
	}
	return nil
}

func (p *Producer) abortC(index int) error {
	if p.c == nil {
		return p.closedError()
	}
	if result := C.ringway_producer_abort(p.c, C.int32_t(clampIndex(index))); result < 0 {
		return p.errorOf(int(result))
	}
	return nil
}

func (p *Producer) offerBatchC(batch *Batch) (int, error) {
	if p.c == nil {
		return 0, p.closedError()
	}
	pending := batch.buffer[batch.readOffset:]
	if len(pending) == 0 {
		return 0, nil
	}
	var consumedLength, offered C.int32_t
	result := C.ringway_go_offer_batch(p.c, (*C.uint8_t)(unsafe.Pointer(&pending[0])), C.int32_t(len(pending)),
		&consumedLength, &offered)
	batch.consumed(int(consumedLength), int(offered))
	if result < 0 {
		return int(offered), p.errorOf(int(result))
	}
	return int(offered), nil
}

// Heartbeat stores the producer heartbeat (CLOCK_MONOTONIC ms, release) for monitors that watch liveness.
func (p *Producer) Heartbeat() {
	if p.c != nil {
		C.ringway_producer_heartbeat(p.c)
	}
}

// Close releases the SPSC producer lease; the channel stays open. Closing twice does nothing.
func (p *Producer) Close() error {
	p.channel.mu.Lock()
	defer p.channel.mu.Unlock()
	p.closeLocked()
	return nil
}

func (p *Producer) closeLocked() {
	if p.c == nil {
		return
	}
	C.ringway_producer_close(p.c)
	C.free(unsafe.Pointer(p.c))
	p.c = nil
	delete(p.channel.producers, p)
}

func (p *Producer) errorOf(result int) error {
	if result == int(CodeRingFull) {
		return ErrRingFull
	}
	return errorOf(result, C.GoString(C.ringway_producer_last_error(p.c)),
		C.GoString(C.ringway_producer_last_error_field(p.c)))
}

func (p *Producer) closedError() error {
	return &Error{Code: CodeClosed, Reason: "producer closed", File: p.channel.path, Field: "file", Found: "closed",
		Expected: "attached",
		Message:  "producer closed: file=" + p.channel.path + " field=file found=closed expected=attached"}
}

func (p *Producer) lengthError(length int) error {
	return &Error{Code: CodeMessageLength, Reason: "message too long", File: p.channel.path, Field: "length",
		Found: fmt.Sprint(length), Expected: fmt.Sprintf("0..%d", p.MaxMessageLength()),
		Message: fmt.Sprintf("message too long: file=%s field=length found=%d expected=0..%d", p.channel.path,
			length, p.MaxMessageLength())}
}

// clampIndex keeps an out-of-range Go int an invalid index for C rather than letting it wrap to a valid one.
func clampIndex(index int) int {
	if index < 0 || index > math.MaxInt32 {
		return -1
	}
	return index
}
