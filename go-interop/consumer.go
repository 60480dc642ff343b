package ringway

/*
#include "bridge.h"
#include <stdlib.h>
*/
import "C"

import (
	"math"
	"runtime/cgo"
	"unsafe"
)

// Handler receives one message during Poll. The body views the mapped ring and is valid only during the call: the
// producer may reuse the space as soon as Poll returns. Copy what you keep.
type Handler func(typeID int32, body []byte)

// Consumer reads a channel (LAYOUT 7). A channel has one consumer at a time across all processes: it holds the
// consumer lease. A Consumer belongs to one goroutine at a time.
type Consumer struct {
	channel *Channel
	c       *C.ringway_consumer_t // C memory; nil once closed
	self    cgo.Handle            // names this Consumer to the C trampoline during PollWait
	ring    ring                  // the mapping, for the Go hot path (fastpath.go)
	handler Handler               // the handler of the Poll in progress, nil between polls
	panic   any                   // a panic of the handler, raised again when Poll returns
}

// isPolling reports whether a Poll is in progress: the handler runs inside it, and closing the consumer or its
// channel there would unmap the ring under the C poll loop.
func (c *Consumer) isPolling() bool {
	return c.handler != nil
}

// Consumer attaches the channel's consumer, taking the consumer lease (LAYOUT 8): a second consumer, here or in any
// live process, gets ErrLeaseTaken; a dead consumer's lease is taken over. Reading resumes where the last consumer
// stopped.
func (ch *Channel) Consumer() (*Consumer, error) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.c == nil {
		return nil, ch.closedError()
	}
	c := (*C.ringway_consumer_t)(C.calloc(1, C.sizeof_ringway_consumer_t))
	if c == nil {
		return nil, &Error{Code: CodeIO, Reason: "out of memory", File: ch.path, Field: "file"}
	}
	if result := C.ringway_consumer_attach(c, ch.c); result < 0 {
		err := errorOf(int(result), C.GoString(C.ringway_consumer_last_error(c)),
			C.GoString(C.ringway_consumer_last_error_field(c)))
		C.free(unsafe.Pointer(c))
		return nil, err
	}
	consumer := &Consumer{channel: ch, c: c,
		ring: newRing(c.header, c.ring_data, c.trailer, c.ring_kind, c.capacity, c.max_message_length, ch.path)}
	consumer.self = cgo.NewHandle(consumer)
	ch.consumer = consumer
	return consumer, nil
}

// Poll delivers up to limit committed messages, in order, to handler, and returns how many it delivered:
// min(limit, messages available). When the next record is corrupt it returns ErrCorruptRecord (an *Error naming
// the position and value) after delivering the messages before it, and never moves past it.
//
// Poll runs in Go on the mapped file (fastpath.go) and calls handler directly, with no cgo call per message; the
// body views the mapped ring and is valid only during the call (see Handler). If handler panics, the panic is
// raised again when Poll returns, and the messages that the same Poll had taken from the ring after the panicking
// one are not delivered.
func (c *Consumer) Poll(handler Handler, limit int) (int, error) {
	if c.c == nil {
		return 0, c.closedError()
	}
	if limit > math.MaxInt32 {
		limit = math.MaxInt32
	}
	if handler == nil {
		return 0, c.noHandlerError()
	}
	if limit <= 0 {
		return 0, nil
	}
	c.handler = handler
	delivered, err := c.poll(func(typeID int32, body []byte) { c.deliverRecovering(handler, typeID, body) }, limit)
	c.handler = nil
	c.raiseHandlerPanic()
	return delivered, err
}

// pollC is Poll through ringway.h (ringway_consumer_poll, one C-to-Go callback per message), kept for the
// differential test (fastpath_test.go).
func (c *Consumer) pollC(handler Handler, limit int) (int, error) {
	if c.c == nil {
		return 0, c.closedError()
	}
	c.handler = handler
	result := C.ringway_go_poll(c.c, C.uintptr_t(c.self), C.int32_t(limit))
	c.handler = nil
	c.raiseHandlerPanic()
	if result < 0 {
		return 0, c.errorOf(int(result))
	}
	return int(result), nil
}

// raiseHandlerPanic raises again, after the poll's cgo call has returned, a panic that the handler raised in it.
func (c *Consumer) raiseHandlerPanic() {
	if c.panic != nil {
		recovered := c.panic
		c.panic = nil
		panic(recovered)
	}
}

func (c *Consumer) noHandlerError() error {
	return &Error{Code: CodeInvalidArgument, Reason: "no handler", File: c.channel.path, Field: "handler",
		Found: "nil", Expected: "a function",
		Message: "no handler: file=" + c.channel.path + " field=handler found=nil expected=a function"}
}

//export ringwayGoOnMessage
func ringwayGoOnMessage(handle C.uintptr_t, typeID C.int32_t, body *C.uint8_t, length C.int32_t) {
	consumer := cgo.Handle(handle).Value().(*Consumer)
	if consumer.panic != nil {
		return
	}
	defer consumer.recoverHandlerPanic()
	consumer.handler(int32(typeID), unsafe.Slice((*byte)(unsafe.Pointer(body)), int(length)))
}

// recoverHandlerPanic, deferred around a handler call, keeps a panic to raise again when the poll returns and stops
// that poll after the message (ringway_consumer_stop_poll): the message counts as consumed, the messages after it stay
// in the channel for the next poll, as after a Java handler that throws.
func (c *Consumer) recoverHandlerPanic() {
	if recovered := recover(); recovered != nil {
		c.panic = recovered
		c.c.is_poll_stopped = true
	}
}

// PollBatch copies up to limit messages, in order, into the batch's free space (after its pending messages), and
// returns how many it copied. It takes from the ring only messages sure to fit, so a batch needs room for at least
// one message of the channel's MaxMessageLength (MaxRecordLength bytes) to make progress. Read them with
// Batch.Next. Corruption is reported as Poll reports it.
func (c *Consumer) PollBatch(batch *Batch, limit int) (int, error) {
	if c.c == nil {
		return 0, c.closedError()
	}
	if limit > math.MaxInt32 {
		limit = math.MaxInt32
	}
	free := batch.freeSpace()
	if len(free) == 0 || limit <= 0 {
		return 0, nil
	}
	copied, written, err := c.pollBatch(free, limit)
	if err != nil {
		return 0, err
	}
	batch.appended(written, copied)
	return copied, nil
}

// pollBatchC is PollBatch through bridge.c (one cgo call), kept for the differential test (fastpath_test.go).
func (c *Consumer) pollBatchC(batch *Batch, limit int) (int, error) {
	if c.c == nil {
		return 0, c.closedError()
	}
	free := batch.freeSpace()
	if len(free) == 0 || limit <= 0 {
		return 0, nil
	}
	var written C.int32_t
	result := C.ringway_go_poll_batch(c.c, (*C.uint8_t)(unsafe.Pointer(&free[0])), C.int32_t(len(free)),
		C.int32_t(limit), &written)
	if result < 0 {
		return 0, c.errorOf(int(result))
	}
	batch.appended(int(written), int(result))
	return int(result), nil
}

// MaxRecordLength returns the room one message of the largest body takes in a Batch.
func (c *Consumer) MaxRecordLength() int {
	if c.c == nil {
		return 0
	}
	return AlignedLength(c.channel.MaxMessageLength() + RecordHeaderLength)
}

// Position returns the position up to which this consumer has read.
func (c *Consumer) Position() int64 {
	if c.c == nil {
		return 0
	}
	return int64(c.c.head_position)
}

// BlockingProducerPid returns the pid of a live producer that may own the uncommitted claim this consumer is
// stopped at (running, stopped or paused between claim and commit), which the consumer therefore never unblocks
// (LAYOUT 7.1); 0 when the consumer is not stopped by such a claim.
func (c *Consumer) BlockingProducerPid() int {
	if c.c == nil {
		return 0
	}
	return int(C.ringway_consumer_blocking_producer_pid(c.c))
}

// Heartbeat stores the consumer heartbeat (CLOCK_MONOTONIC ms, release) for monitors that watch liveness.
func (c *Consumer) Heartbeat() {
	if c.c != nil {
		C.ringway_consumer_heartbeat(c.c)
	}
}

// Close releases the consumer lease; unread messages stay for the next consumer. Closing twice does nothing.
// Closing from inside a Poll handler is refused (ErrInvalidArgument): close after Poll returns.
func (c *Consumer) Close() error {
	c.channel.mu.Lock()
	defer c.channel.mu.Unlock()
	if c.isPolling() {
		return c.closeInHandlerError()
	}
	c.closeLocked()
	return nil
}

func (c *Consumer) closeInHandlerError() error {
	return &Error{Code: CodeInvalidArgument, Reason: "close inside a poll handler", File: c.channel.path,
		Field: "file", Found: "polling", Expected: "closed after Poll returns",
		Message: "close inside a poll handler: file=" + c.channel.path +
			" field=file found=polling expected=closed after Poll returns"}
}

func (c *Consumer) closeLocked() {
	if c.c == nil {
		return
	}
	C.ringway_consumer_close(c.c)
	C.free(unsafe.Pointer(c.c))
	c.c = nil
	c.self.Delete()
	if c.channel.consumer == c {
		c.channel.consumer = nil
	}
}

func (c *Consumer) errorOf(result int) error {
	return errorOf(result, C.GoString(C.ringway_consumer_last_error(c.c)),
		C.GoString(C.ringway_consumer_last_error_field(c.c)))
}

func (c *Consumer) closedError() error {
	return &Error{Code: CodeClosed, Reason: "consumer closed", File: c.channel.path, Field: "file", Found: "closed",
		Expected: "attached",
		Message:  "consumer closed: file=" + c.channel.path + " field=file found=closed expected=attached"}
}
