package ringway

import (
	"fmt"
	"math"
	"sync/atomic"
	"syscall"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// Handler receives one message during Poll. The body views the mapped ring and is valid only during the call: the
// producer may reuse the space as soon as Poll returns. Copy what you keep. A handler may poll other consumers, but
// not its own: that nested poll is refused (see Poll).
type Handler func(typeID int32, body []byte)

// Consumer reads a channel (LAYOUT 7). A channel has one consumer at a time across all processes: it holds the
// consumer lease. A Consumer belongs to one goroutine at a time.
type Consumer struct {
	channel          *Channel
	attached         bool    // false once closed
	ring             ring    // the mapping, for the hot path (fastpath.go)
	handler          Handler // the handler of the Poll in progress, nil between polls
	panic            any     // a panic of the handler, raised again when Poll returns
	headPosition     int64
	messagesConsumed int64
	waitStrategy     WaitStrategy
	heartbeat        heartbeat
	unblockTimeoutMs int64
	blockedPosition  int64
	blockedSinceMs   int64 // CLOCK_MONOTONIC ms (the heartbeat clock): a wall clock step is no timeout
	// tailCheckedMs is the heartbeat clock's millisecond of the last unblock check made with nothing claimed at the
	// head
	tailCheckedMs int64
	// blockingProducerPid is the pid of a live producer that may own the claim stopping the consumer at
	// blockedPosition, or 0 (LAYOUT 7.1)
	blockingProducerPid int64
	// membarrierWakeups: this consumer promised membarrier wakeups (LAYOUT 9.8) in consumerMembarrierLease
	membarrierWakeups bool
	// the poll in progress, for recoverHandlerPanic (pollBeating sets them once it has a message to deliver): where
	// it started, whether its empty poll beats, whether the handler runs, where the pass ends if it panics (after the
	// handler's message) and how many messages the poll has delivered, that one included
	pollStartPosition      int64
	pollIdleBeat           bool
	isInHandler            bool
	handlerPassEndPosition int64
	handlerDelivered       int
	// recoverHandlerPanic is newHandlerPanicRecovery's function, deferred by every poll that calls a handler
	recoverHandlerPanic func()
}

// ConsumerOption is what Channel.Consumer accepts beyond its default.
type ConsumerOption int

// MembarrierWakeups (LAYOUT 9.8): before each park the consumer issues membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED)
// instead of a full fence, and producers in every language skip the full fence of the wake check after each commit
// (docs/WAITING.md, "Membarrier wakeups", for what it gains). Each park then costs a system call and interrupts every CPU running
// a producer process's thread: for consumers that spin or park rarely. Where the kernel lacks it (Linux before 4.16,
// a seccomp filter, Windows) the consumer keeps the full fence: Consumer.MembarrierWakeups tells.
const MembarrierWakeups ConsumerOption = 1

// isPolling reports whether a Poll or PollWait of this consumer is in progress: its handler runs inside it. There,
// closing the consumer or its channel would unmap the ring under the poll loop, and a poll of this consumer (a nested
// poll, pollInHandlerError) would read again from the head the outer poll has not stored yet, after which the outer
// poll would move the head back to its own.
func (c *Consumer) isPolling() bool {
	return c.handler != nil
}

// pollInHandlerError refuses a poll of this consumer made from inside the handler of its poll in progress.
func (c *Consumer) pollInHandlerError() error {
	return &Error{Code: CodeInvalidArgument, Reason: "poll inside a poll handler", File: c.channel.path,
		Field: "consumer", Found: "polling", Expected: "a poll after the handler returns",
		Message: "poll inside a poll handler: file=" + c.channel.path +
			" field=consumer found=polling expected=a poll after the handler returns"}
}

// Consumer attaches the channel's consumer, taking the consumer lease (LAYOUT 8): a second consumer, here or in any
// live process, gets ErrLeaseTaken; a dead consumer's lease is taken over. Reading resumes where the last consumer
// stopped. Options: MembarrierWakeups, or none.
func (ch *Channel) Consumer(options ...ConsumerOption) (*Consumer, error) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.file == nil {
		return nil, ch.closedError()
	}
	f := ch.file
	c := &Consumer{channel: ch, ring: newRing(f), waitStrategy: WaitBackoffDefault(),
		unblockTimeoutMs: ch.unblockTimeoutMs, blockedPosition: -1, tailCheckedMs: math.MinInt64}
	c.recoverHandlerPanic = c.newHandlerPanicRecovery()
	wantsMembarrier := false
	for _, option := range options {
		if option != MembarrierWakeups {
			return nil, fileError(CodeInvalidArgument, f.path, "options", "unknown consumer option",
				fmt.Sprint(int(option)), "MembarrierWakeups")
		}
		wantsMembarrier = true
	}
	if err := f.checkLength(); err != nil {
		return nil, err
	}
	token, err := acquireLease(f.headerInt64(layout.HeaderConsumerLeaseOffset), f.path, "consumerLease")
	if err != nil {
		return nil, err
	}
	if f.kind == MPSC {
		finishDeadConsumersZeroing(f)
	}
	// SYNC POINT: pairs with the previous consumer's release store of headPosition
	headPosition := atomic.LoadInt64(f.trailerInt64(layout.TrailerHeadPositionOffset))
	if headPosition < 0 || headPosition&(layout.RecordAlignment-1) != 0 {
		releaseLease(f.headerInt64(layout.HeaderConsumerLeaseOffset), token)
		return nil, fileError(CodeCorruptRecord, f.path, "headPosition", "invalid consumer position",
			fmt.Sprint(headPosition), fmt.Sprintf("a non-negative multiple of %d", layout.RecordAlignment))
	}
	ch.consumerLeaseToken = token
	ch.holdsConsumerLease = true
	// LAYOUT 9.4: the lease makes this the only data waiter; drop a flag left by a predecessor killed while parked
	atomic.StoreInt32(f.headerInt32(layout.HeaderDataWaitersOffset), 0)
	c.promiseMembarrierWakeups(token, wantsMembarrier && membarrierSupported())
	c.headPosition = headPosition
	c.messagesConsumed = atomic.LoadInt64(f.headerInt64(layout.HeaderMessagesConsumedOffset))
	// SYNC POINT: pairs with the acquire load of consumerPid in Status of any process
	atomic.StoreInt64(f.headerInt64(layout.HeaderConsumerPidOffset), int64(syscall.Getpid()))
	c.heartbeat = newHeartbeat(ch.clock, f.headerInt64(layout.HeaderConsumerHeartbeatMsOffset))
	c.heartbeat.beat()
	c.attached = true
	ch.consumer = c
	return c, nil
}

// Poll delivers up to limit committed messages, in order, to handler, and returns how many it delivered:
// min(limit, messages available). When the next record is corrupt it returns ErrCorruptRecord (an *Error naming
// the position and value) after delivering the messages before it, and never moves past it.
//
// Poll reads the mapped file (fastpath.go) and calls handler directly, with no system call per message; the
// body views the mapped ring and is valid only during the call (see Handler). If handler panics, the panic is
// raised again when Poll returns, and the messages that the same Poll had taken from the ring after the panicking
// one are not delivered. Called from inside a handler of the same consumer (a nested poll), it returns
// CodeInvalidArgument and reads nothing.
func (c *Consumer) Poll(handler Handler, limit int) (int, error) {
	if !c.attached {
		return 0, c.closedError()
	}
	if c.isPolling() {
		return 0, c.pollInHandlerError()
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
	delivered, err := c.poll(handler, limit)
	c.handler = nil
	c.raiseHandlerPanic()
	return delivered, err
}

// raiseHandlerPanic raises again, after the poll has returned, a panic that the handler raised in it.
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

// PollBatch copies up to limit messages, in order, into the batch's free space (after its pending messages), and
// returns how many it copied. It takes from the ring only messages sure to fit, so a batch needs room for at least
// one message of the channel's MaxMessageLength (MaxRecordLength bytes) to make progress. Read them with
// Batch.Next. Corruption is reported as Poll reports it, and a PollBatch from inside a handler of the same consumer is
// refused as a nested Poll is.
func (c *Consumer) PollBatch(batch *Batch, limit int) (int, error) {
	if !c.attached {
		return 0, c.closedError()
	}
	if c.isPolling() {
		return 0, c.pollInHandlerError()
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

// MaxRecordLength returns the room one message of the largest body takes in a Batch.
func (c *Consumer) MaxRecordLength() int {
	if !c.attached {
		return 0
	}
	return layout.AlignedLength(c.channel.MaxMessageLength() + layout.RecordHeaderLength)
}

// Position returns the position up to which this consumer has read.
func (c *Consumer) Position() int64 {
	if !c.attached {
		return 0
	}
	return c.headPosition
}

// BlockingProducerPid returns the pid of a live producer that may own the uncommitted claim this consumer is
// stopped at (running, stopped or paused between claim and commit), which the consumer therefore never unblocks
// (LAYOUT 7.1); 0 when the consumer is not stopped by such a claim.
func (c *Consumer) BlockingProducerPid() int {
	if !c.attached {
		return 0
	}
	if c.blockedPosition != c.headPosition {
		return 0
	}
	return int(c.blockingProducerPid)
}

// Heartbeat stores the consumer heartbeat (CLOCK_MONOTONIC ms, release) for monitors that watch liveness.
func (c *Consumer) Heartbeat() {
	if c.attached {
		c.heartbeat.beat()
	}
}

// Close releases the consumer lease; unread messages stay for the next consumer. Closing twice does nothing.
// Closing from inside a handler of this consumer's Poll, PollWait or PollWaitTimeout is refused
// (ErrInvalidArgument) and closes nothing: close after the poll returns.
func (c *Consumer) Close() error {
	c.channel.mu.Lock()
	defer c.channel.mu.Unlock()
	if c.isPolling() {
		return c.closeInHandlerError()
	}
	c.closeLocked()
	return nil
}

// closeInHandlerError refuses a close of this consumer or its channel (Close, Delete) made from inside the handler of
// its poll in progress: the poll loop reads the mapping and stores the head after the handler returns. The same
// detail as ringway.h's and Java's refusal.
func (c *Consumer) closeInHandlerError() error {
	return &Error{Code: CodeInvalidArgument, Reason: "close inside a poll handler", File: c.channel.path,
		Field: "file", Found: "polling", Expected: "closed after the poll returns",
		Message: "close inside a poll handler: file=" + c.channel.path +
			" field=file found=polling expected=closed after the poll returns"}
}

// promiseMembarrierWakeups is ringway_consumer_promise_membarrier_ (LAYOUT 9.8): it writes this consumer's promise
// (its lease token, or 0) before its first park. A predecessor that died while it promised left its token there;
// producers that read it before this lease may still skip their fence, so a consumer that does not promise makes
// them all pass one barrier now.
func (c *Consumer) promiseMembarrierWakeups(token int64, promise bool) {
	word := c.ring.headerInt64(layout.HeaderConsumerMembarrierLeaseOffset)
	previous := atomic.LoadInt64(word)
	value := int64(0)
	if promise {
		value = token
	}
	atomic.StoreInt64(word, value)
	if !promise && previous != 0 && membarrierSupported() {
		_ = membarrierGlobal()
	}
	c.membarrierWakeups = promise
}

// MembarrierWakeups reports whether this consumer parks with membarrier wakeups (LAYOUT 9.8): producers then skip the
// full fence of their wake checks.
func (c *Consumer) MembarrierWakeups() bool {
	return c.membarrierWakeups
}

// closeLocked is ringway_consumer_close: the consumer lease is released.
func (c *Consumer) closeLocked() {
	if !c.attached {
		return
	}
	c.attached = false
	ch := c.channel
	if ch.file != nil && ch.holdsConsumerLease {
		if c.membarrierWakeups {
			// LAYOUT 9.8: withdraw the promise, then one barrier on every registered producer, before the lease: a
			// producer that read the promise has its commit seen by the next consumer's re-check
			atomic.StoreInt64(ch.file.headerInt64(layout.HeaderConsumerMembarrierLeaseOffset), 0)
			_ = membarrierGlobal()
		}
		releaseLease(ch.file.headerInt64(layout.HeaderConsumerLeaseOffset), ch.consumerLeaseToken)
		ch.holdsConsumerLease = false
	}
	if ch.consumer == c {
		ch.consumer = nil
	}
}

func (c *Consumer) closedError() error {
	return &Error{Code: CodeClosed, Reason: "consumer closed", File: c.channel.path, Field: "file", Found: "closed",
		Expected: "attached",
		Message:  "consumer closed: file=" + c.channel.path + " field=file found=closed expected=attached"}
}
