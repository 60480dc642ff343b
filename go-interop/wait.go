package ringway

import (
	"context"
	"fmt"
	"math"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// Waiting (LAYOUT 9) in Go: the wait strategies, the waiter's and the waker's halves of the flag protocol over the
// shared futex words of the header page, and the waits of consumers (data) and producers (space). They follow
// ringway.h's ringway_wait_idle_, ringway_prepare_to_wait_, ringway_consumer_poll_wait and
// ringway_producer_offer_wait step for step; the waker's half is ring.signalIfWaiting (fastpath.go).

// WaitStrategy says how PollWait waits for messages and OfferWait for space (LAYOUT 9), as ringway.h's
// ringway_wait_strategy_t: Spins re-checks in a tight loop, then Yields re-checks with a scheduler yield, then,
// when Parks, parking on the channel's futex until a peer in any process and language wakes it. Make one with
// WaitBusySpin, WaitYielding, WaitBackoff, WaitBackoffDefault or WaitBlocking. Consumers and producers start with
// WaitBackoffDefault.
type WaitStrategy struct {
	Spins  int32
	Yields int32
	Parks  bool
}

const (
	// defaultBackoffSpins and defaultBackoffYields make WaitBackoffDefault (RINGWAY_DEFAULT_BACKOFF_SPINS, _YIELDS).
	defaultBackoffSpins  = 1000
	defaultBackoffYields = 50
	// maxParkNs is the longest single FUTEX_WAIT (LAYOUT 9.6): a parked waiter re-checks at least this often.
	maxParkNs = int64(time.Second)
)

func makeWaitStrategy(spins, yields int32, parks bool) WaitStrategy {
	return WaitStrategy{Spins: max(spins, 0), Yields: max(yields, 0), Parks: parks}
}

// WaitBusySpin re-checks in a tight loop and never parks: the lowest latency, a whole core.
func WaitBusySpin() WaitStrategy { return makeWaitStrategy(math.MaxInt32, 0, false) }

// WaitYielding re-checks with a scheduler yield between checks and never parks.
func WaitYielding() WaitStrategy { return makeWaitStrategy(0, math.MaxInt32, false) }

// WaitBackoff spins, then yields, then parks on the futex. Negative counts are taken as 0.
func WaitBackoff(spins, yields int32) WaitStrategy { return makeWaitStrategy(spins, yields, true) }

// WaitBackoffDefault is the default backoff (1000 spins, 50 yields, then park), the strategy consumers and
// producers start with, as in C and Java.
func WaitBackoffDefault() WaitStrategy {
	return makeWaitStrategy(defaultBackoffSpins, defaultBackoffYields, true)
}

// WaitBlocking parks after the first empty re-check: no CPU while waiting, a wakeup (microseconds) to resume.
func WaitBlocking() WaitStrategy { return makeWaitStrategy(0, 0, true) }

// resumedStrategy is the strategy of every slice after the first of one wait (waitInSlices): the spins and yields
// of a parking strategy were spent in the first slice, so later slices park at once; a non-parking strategy keeps
// spinning or yielding.
func (s WaitStrategy) resumedStrategy(resumed bool) WaitStrategy {
	if resumed && s.Parks {
		return WaitBlocking()
	}
	return s
}

// idle is ringway_wait_idle_: it idles once, the idleCount-th time in a row the caller found nothing to do, and
// reports whether the caller should now park (after the flag, fence and re-check of LAYOUT 9.1).
func (s *WaitStrategy) idle(idleCount int32) bool {
	if idleCount < s.Spins {
		return false // a spin: the caller re-checks at once
	}
	if idleCount-s.Spins < s.Yields {
		osYield()
		return false
	}
	return s.Parks
}

// spinsPerClockRead is RINGWAY_SPINS_PER_CLOCK_READ: re-checks of a spinning wait per read of the clock for its
// deadline and the heartbeat (a power of two; LAYOUT 8.1).
const spinsPerClockRead = 64

// readsClock is ringway_wait_reads_clock_: whether a waiting call reads the clock after its idleCount-th idle. While
// the strategy spins, once every spinsPerClockRead re-checks (a clock read costs several re-checks); after every
// yield or park.
func (s *WaitStrategy) readsClock(idleCount int32) bool {
	return idleCount >= s.Spins || idleCount&(spinsPerClockRead-1) == spinsPerClockRead-1
}

// waitDeadline is a wait's deadline, taken at the wait's first clock read rather than before its first re-check: a
// clock read before the loop would land on the message's path of a spinning wait, which otherwise reads the clock
// once every spinsPerClockRead re-checks (LAYOUT 8.1). So a timeout may be overrun by the re-checks before that read
// (up to spinsPerClockRead while the strategy spins), as it may at its end.
type waitDeadline struct {
	timeout time.Duration
	ns      int64 // the monotonic deadline, once taken
	taken   bool
}

// remainingNs reads the clock and returns the time left until the deadline; the first call takes the deadline,
// timeout from now (saturated: a timeout of math.MaxInt64 must not wrap), and so returns the whole timeout.
func (d *waitDeadline) remainingNs() int64 {
	now := nanotime()
	if !d.taken {
		d.ns, d.taken = math.MaxInt64, true
		if int64(d.timeout) <= math.MaxInt64-now {
			d.ns = now + int64(d.timeout)
		}
	}
	return d.ns - now
}

// waitFailed reports whether a park's result is a failure rather than a wake, a changed value, a timeout or an
// interruption (RINGWAY_FUTEX_FAILED; a Windows park returns 0 or ETIMEDOUT, or the error of its wait).
func waitFailed(errno syscall.Errno) bool {
	return errno != 0 && errno != syscall.EAGAIN && errno != syscall.ETIMEDOUT && errno != syscall.EINTR
}

// park is LAYOUT 9.1 step 5 on the ring's slot named by sequenceOffset: sleep while its sequence word holds
// sequence, for at most remainingNs (capped at maxParkNs, 9.6).
func (r *ring) park(sequenceOffset int, sequence int32, remainingNs int64) syscall.Errno {
	sequenceWord := r.headerInt32(sequenceOffset)
	errno := r.wakeups.wait(sequenceOffset, sequenceWord, sequence, time.Duration(min(remainingNs, maxParkNs)))
	r.parks.count++
	if errno == syscall.ETIMEDOUT && remainingNs > maxParkNs {
		r.parks.timeoutCount++
		if atomic.LoadInt32(sequenceWord) != sequence {
			r.parks.timeoutAfterWakeCount++
		}
	}
	return errno
}

// parkCounts counts one handle's parks (LAYOUT 9.1 step 5), for tests that assert no wakeup is lost: parks that ended
// by their own cap (maxParkNs, LAYOUT 9.6) rather than by a wake or the caller's time, and of those, the ones whose
// sequence had moved by then (a wake happened, yet the park slept through it: the window of 9.7's space events).
type parkCounts struct {
	count                 int64
	timeoutCount          int64
	timeoutAfterWakeCount int64
}

// prepareToWait is the waiter's first half (LAYOUT 9.1, ringway_prepare_to_wait_): load the sequence, set the flag,
// full fence. It returns the sequence.
func prepareToWait(sequence, waiters *int32) int32 {
	// SYNC POINT: pairs with the waker's increment; read before the flag is set
	value := atomic.LoadInt32(sequence)
	// SYNC POINT: a sequentially consistent store, ordered before the caller's re-check (its atomic loads) as a
	// store and full fence would be; pairs with the waker's commit and load of the flag (signalIfWaiting)
	atomic.StoreInt32(waiters, 1)
	return value
}

func nextIdleCount(idleCount int32) int32 {
	if idleCount == math.MaxInt32 {
		return idleCount
	}
	return idleCount + 1
}

// pollWaitFor is ringway_consumer_poll_wait: a poll, then (when it delivered nothing) waits up to timeout for at
// least one message as strategy says. The wait reads the clock (its deadline and the heartbeat) only where
// strategy.readsClock says and before a park: neither its first poll nor its start does (LAYOUT 8.1), so that a
// spinning wait's first re-checks follow its first poll at once.
func (c *Consumer) pollWaitFor(deliver func(typeID int32, body []byte), limit int, timeout time.Duration,
	strategy WaitStrategy) (int, error) {
	if timeout <= 0 {
		return c.poll(deliver, limit) // a poll that does not wait beats when empty, as Poll (LAYOUT 8.1)
	}
	// the first poll of a wait does not beat when empty: the wait's re-checks beat once every spinsPerClockRead
	// (LAYOUT 8.1), and a clock read here would delay the first re-check, on the message's path of a ping-pong.
	// Everything else is as poll: the MPSC unblock rule runs when the last beat's millisecond has not been checked
	delivered, err := c.pollBeating(deliver, limit, false)
	if delivered != 0 || err != nil {
		return delivered, err
	}
	r := &c.ring
	sequenceWord := r.headerInt32(layout.HeaderDataSequenceOffset)
	waiters := r.headerInt32(layout.HeaderDataWaitersOffset)
	deadline := waitDeadline{timeout: timeout} // taken at the wait's first clock read
	for idleCount := int32(0); ; idleCount = nextIdleCount(idleCount) {
		if strategy.idle(idleCount) {
			// LAYOUT 9.1: flag, full fence (9.8: membarrier), re-check, then park on the sequence read before it
			sequence := prepareToWait(sequenceWord, waiters)
			if c.membarrierWakeups {
				// SYNC POINT: orders the producers' commits before their flag loads (they skip the fence, 9.8)
				if errno := membarrierGlobal(); errno != 0 {
					atomic.StoreInt32(waiters, 0)
					return 0, fileError(CodeIO, r.path, "consumerMembarrierLease", "membarrier failed",
						strerror(errno), "0")
				}
			}
			delivered, err = c.poll(deliver, limit)
			if delivered == 0 && err == nil {
				if remainingNs := deadline.remainingNs(); remainingNs > 0 {
					if errno := r.park(layout.HeaderDataSequenceOffset, sequence, remainingNs); waitFailed(errno) {
						atomic.StoreInt32(waiters, 0)
						return 0, fileError(CodeIO, r.path, "dataSequence", waitFailedReason, strerror(errno),
							waitFailedExpected)
					}
				}
			}
			// single waiter (the lease holder): the flag is ours to clear
			atomic.StoreInt32(waiters, 0)
		}
		// a spinning wait reads the clock (deadline and heartbeat) once every spinsPerClockRead re-checks
		readsClock := strategy.readsClock(idleCount)
		if delivered == 0 && err == nil {
			delivered, err = c.pollBeating(deliver, limit, readsClock)
		}
		if delivered != 0 || err != nil || (readsClock && deadline.remainingNs() <= 0) {
			return delivered, err
		}
	}
}

// waitForSpace is the rest of ringway_producer_offer_wait after its first offer, which the caller made (offerWait)
// and which found the ring full: it waits up to timeout for space as strategy says, offering again at each re-check.
// The first offer is not made again here, so that a refused one counts once in backPressureCount (LAYOUT 6.3).
// Every refused offer beats (LAYOUT 8.1, claimRefused) and every re-check reads the clock for the deadline, as C's;
// the deadline itself is taken at the first of those reads, not before the first re-check, which it would delay.
func (p *Producer) waitForSpace(typeID int32, body []byte, timeout time.Duration, strategy WaitStrategy) error {
	r := &p.ring
	sequenceWord := r.headerInt32(layout.HeaderSpaceSequenceOffset)
	waiters := r.headerInt32(layout.HeaderSpaceWaitersOffset)
	deadline := waitDeadline{timeout: timeout} // taken at the wait's first clock read
	for idleCount := int32(0); ; idleCount = nextIdleCount(idleCount) {
		if strategy.idle(idleCount) {
			// LAYOUT 9.1: flag, full fence, re-check (the offer itself), then park on the sequence
			sequence := prepareToWait(sequenceWord, waiters)
			if err := p.offer(typeID, body); err != ErrRingFull {
				return err
			}
			if remainingNs := deadline.remainingNs(); remainingNs > 0 {
				// producers share the flag: the waker clears it (LAYOUT 9.2), never a producer that stops waiting
				if errno := r.park(layout.HeaderSpaceSequenceOffset, sequence, remainingNs); waitFailed(errno) {
					return fileError(CodeIO, r.path, "spaceSequence", waitFailedReason, strerror(errno),
						waitFailedExpected)
				}
			}
		}
		if err := p.offer(typeID, body); err != ErrRingFull || deadline.remainingNs() <= 0 {
			return err
		}
	}
}

// MaxWaitSlice is the longest park of a wait that takes a context.Context between two checks of the context.
//
// Design: a FUTEX_WAIT can only be bounded, not cancelled by another goroutine. So PollWait, PollBatchWait and
// OfferWait wait in slices of min(time to the context's deadline, MaxWaitSlice) and check the context between
// slices: a cancelled context returns within about one slice. A producer's commit wakes a parked slice at once (the
// flag and futex of LAYOUT 9 do not care which slice is parked); a slice that ends by timeout only re-checks the
// context and parks again, a few microseconds of CPU (cmd/park_cpu measures it). The alternative, a FUTEX_WAKE from
// context.AfterFunc, would need a wake on the shared sequence word by a party that is not a waker (LAYOUT 9 allows
// only wakers) and would wake other processes' waiters spuriously; a race between the context check and FUTEX_WAIT
// would still need the bound.
const MaxWaitSlice = 50 * time.Millisecond

// SetWaitStrategy sets how PollWait, PollWaitTimeout and PollBatchWait wait.
func (c *Consumer) SetWaitStrategy(strategy WaitStrategy) {
	if c.attached {
		c.waitStrategy = makeWaitStrategy(strategy.Spins, strategy.Yields, strategy.Parks)
	}
}

// PollWait delivers up to limit messages to handler like Poll, waiting for at least one as the consumer's wait
// strategy says, until ctx is cancelled or its deadline passes. It returns the number delivered (> 0) and nil; or 0
// and ctx.Err() (errors.Is context.Canceled or context.DeadlineExceeded) when the context ended the wait first; or
// an error as Poll. Messages already in the ring are delivered even when ctx is already done: the context bounds
// the wait, not the poll. A cancelled context returns within about MaxWaitSlice. While the strategy spins, the
// wait reads the clock (its slice's deadline and the heartbeat) once every 64 re-checks (LAYOUT 8.1), and not
// before its first re-check: it takes the slice's deadline at its first clock read, so a slice may outlast its
// timeout by up to 64 re-checks at its start as at its end. Called from inside a handler of the same consumer (a
// nested poll), it returns CodeInvalidArgument and reads nothing.
//
// Do not close the consumer or its channel from another goroutine during the wait: cancel the context, then close.
func (c *Consumer) PollWait(ctx context.Context, handler Handler, limit int) (int, error) {
	if limit <= 0 && c.attached && handler != nil && !c.isPolling() {
		return 0, nil // nothing may be delivered, so there is nothing to wait for
	}
	return waitInSlices(ctx, func(slice time.Duration, resumed bool) (int, error) {
		return c.pollWait(handler, limit, slice, resumed)
	})
}

// PollWaitTimeout is PollWait with a plain timeout instead of a context: it returns 0 and nil when the timeout
// passed with nothing to deliver (timeout <= 0 polls once), as C's and Java's timed polls do. It cannot be
// cancelled; a parked wait re-checks at least once a second (LAYOUT 9.6). Called from inside a handler of the same
// consumer (a nested poll), it returns CodeInvalidArgument and reads nothing.
func (c *Consumer) PollWaitTimeout(handler Handler, limit int, timeout time.Duration) (int, error) {
	return c.pollWait(handler, limit, timeout, false)
}

func (c *Consumer) pollWait(handler Handler, limit int, timeout time.Duration, resumed bool) (int, error) {
	if !c.attached {
		return 0, c.closedError()
	}
	if c.isPolling() {
		return 0, c.pollInHandlerError()
	}
	if handler == nil {
		return 0, c.noHandlerError()
	}
	if limit <= 0 {
		return 0, nil
	}
	if limit > math.MaxInt32 {
		limit = math.MaxInt32
	}
	c.handler = handler
	delivered, err := c.pollWaitFor(handler, limit, timeout, c.waitStrategy.resumedStrategy(resumed))
	c.handler = nil
	c.raiseHandlerPanic()
	return delivered, err
}

// PollBatchWait copies up to limit messages into batch like PollBatch, waiting for at least one as PollWait does
// (same results, same context rules).
func (c *Consumer) PollBatchWait(ctx context.Context, batch *Batch, limit int) (int, error) {
	if c.attached && c.isPolling() {
		// checked once: a batch wait runs no user code, so a poll cannot start between its slices
		return 0, c.pollInHandlerError()
	}
	if c.attached && limit <= 0 {
		return 0, nil // nothing may be copied, so there is nothing to wait for
	}
	if free := len(batch.freeSpace()); c.attached && free < c.MaxRecordLength() {
		// a wait could never take anything from the ring: refuse it rather than wait until the context ends
		return 0, &Error{Code: CodeInvalidArgument, Reason: "batch has no room for the largest message",
			File: c.channel.path, Field: "batch", Found: fmt.Sprint(free), Expected: fmt.Sprintf(">=%d", c.MaxRecordLength()),
			Message: fmt.Sprintf("batch has no room for the largest message: file=%s field=batch found=%d expected=>=%d "+
				"(Reset the batch once read)", c.channel.path, free, c.MaxRecordLength())}
	}
	return waitInSlices(ctx, func(slice time.Duration, resumed bool) (int, error) {
		return c.pollBatchWait(batch, limit, slice, resumed)
	})
}

func (c *Consumer) pollBatchWait(batch *Batch, limit int, timeout time.Duration, resumed bool) (int, error) {
	if !c.attached {
		return 0, c.closedError()
	}
	if limit > math.MaxInt32 {
		limit = math.MaxInt32
	}
	free := batch.freeSpace()
	if len(free) < c.MaxRecordLength() || limit <= 0 {
		return 0, nil // checked by PollBatchWait before the first slice
	}
	copied, written, err := c.pollBatchFor(free, limit, timeout, c.waitStrategy.resumedStrategy(resumed))
	if err != nil {
		return 0, err
	}
	batch.appended(written, copied)
	return copied, nil
}

// SetWaitStrategy sets how OfferWait and OfferWaitTimeout wait for space.
func (p *Producer) SetWaitStrategy(strategy WaitStrategy) {
	if p.attached {
		p.waitStrategy = makeWaitStrategy(strategy.Spins, strategy.Yields, strategy.Parks)
	}
}

// OfferWait copies a message into the ring like Offer, waiting for space as the producer's wait strategy says
// until ctx is cancelled or its deadline passes. It returns nil when the message is committed; an error that is
// both ErrRingFull and ctx.Err() (errors.Is either) when the context ended the wait with the ring still full; or a
// refusal as Offer. The message is offered once even when ctx is already done. A cancelled context returns within
// about MaxWaitSlice.
func (p *Producer) OfferWait(ctx context.Context, typeID int32, body []byte) error {
	_, err := waitInSlices(ctx, func(slice time.Duration, resumed bool) (int, error) {
		if err := p.offerWait(typeID, body, slice, resumed); err != ErrRingFull {
			return 1, err
		}
		return 0, nil
	})
	if err == context.Canceled || err == context.DeadlineExceeded {
		return fmt.Errorf("ringway: ring still full when the wait ended: file=%s field=spaceSequence found=full "+
			"expected=space: %w: %w", p.channel.path, ErrRingFull, err)
	}
	return err
}

// OfferWaitTimeout is OfferWait with a plain timeout: ErrRingFull when the ring stayed full for the whole timeout
// (timeout <= 0 tries once).
func (p *Producer) OfferWaitTimeout(typeID int32, body []byte, timeout time.Duration) error {
	return p.offerWait(typeID, body, timeout, false)
}

func (p *Producer) offerWait(typeID int32, body []byte, timeout time.Duration, resumed bool) error {
	if !p.attached {
		return p.closedError()
	}
	if len(body) > math.MaxInt32 {
		return p.lengthError(len(body))
	}
	// ringway_producer_offer_wait: an offer, then (while the ring is full) a wait of up to timeout for space. The
	// first offer is made here, so that one that finds space (the common case) makes no further call and computes no
	// strategy: OfferWaitTimeout per message (bench_test.go, 12 interleaved rounds, 2026-12-07) 29.2 -> 27.4 ns;
	// spinning Go<->Go ping-pong (80 interleaved rounds) mean round trip 0.99x, p50 and p99 unchanged
	if !p.ring.mpsc && p.promiseAbsent() && p.offerSPSC(typeID, body) {
		return nil
	}
	err := p.offer(typeID, body)
	if err != ErrRingFull || timeout <= 0 {
		return err
	}
	return p.waitForSpace(typeID, body, timeout, p.waitStrategy.resumedStrategy(resumed))
}

// waitInSlices runs slice (one bounded wait; resumed after the first) until it reports a result (n != 0 or an
// error) or ctx is done. The first slice runs even when ctx is already done, with a zero timeout (one check).
func waitInSlices(ctx context.Context, slice func(timeout time.Duration, resumed bool) (int, error)) (int, error) {
	for resumed := false; ; resumed = true {
		timeout := MaxWaitSlice
		if deadline, ok := ctx.Deadline(); ok {
			timeout = min(timeout, time.Until(deadline))
		}
		if ctx.Err() != nil || timeout < 0 {
			timeout = 0
		}
		n, err := slice(timeout, resumed)
		if n != 0 || err != nil {
			return n, err
		}
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		if timeout == 0 {
			// the deadline has passed but the context's timer has not fired yet
			return 0, context.DeadlineExceeded
		}
	}
}

// WakeCount returns the channel's wakeCount (acquire): FUTEX_WAKE calls issued by every party, in every process,
// since the channel was created (LAYOUT 9). It stays still while producers and consumers run and nobody waits.
func (ch *Channel) WakeCount() int64 {
	return ch.readInt64(func(f *channelFile) int64 { return atomic.LoadInt64(f.headerInt64(layout.HeaderWakeCountOffset)) })
}

// WaitersFlags reports the dataWaiters and spaceWaiters flags (acquire) of LAYOUT 9: true while the consumer (data)
// or a producer (space) may be parked, until the next wake clears it. For monitors and tests; a flag left by a
// waiter killed while parked stays true until the next wake (LAYOUT 9.5).
func (ch *Channel) WaitersFlags() (data, space bool) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.file == nil {
		return false, false
	}
	return atomic.LoadInt32(ch.file.headerInt32(layout.HeaderDataWaitersOffset)) != 0,
		atomic.LoadInt32(ch.file.headerInt32(layout.HeaderSpaceWaitersOffset)) != 0
}
