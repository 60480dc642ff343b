package ringway

/*
#include "bridge.h"
*/
import "C"

import (
	"context"
	"fmt"
	"math"
	"sync/atomic"
	"time"
	"unsafe"
)

// WaitStrategy says how PollWait waits for messages and OfferWait for space (LAYOUT 9), as ringway.h's
// ringway_wait_strategy_t: Spins re-checks with a CPU pause, then Yields re-checks with a scheduler yield, then,
// when Parks, parking on the channel's futex until a peer in any process and language wakes it. Make one with
// WaitBusySpin, WaitYielding, WaitBackoff, WaitBackoffDefault or WaitBlocking. Consumers and producers start with
// WaitBackoffDefault.
type WaitStrategy struct {
	Spins  int32
	Yields int32
	Parks  bool
}

func waitStrategyOf(c C.ringway_wait_strategy_t) WaitStrategy {
	return WaitStrategy{Spins: int32(c.spins), Yields: int32(c.yields), Parks: bool(c.parks)}
}

func (s WaitStrategy) c() C.ringway_wait_strategy_t {
	if s.Parks {
		return C.ringway_wait_backoff(C.int32_t(s.Spins), C.int32_t(s.Yields))
	}
	strategy := C.ringway_wait_backoff(C.int32_t(s.Spins), C.int32_t(s.Yields))
	strategy.parks = false
	return strategy
}

// WaitBusySpin re-checks in a tight loop with a CPU pause and never parks: the lowest latency, a whole core.
func WaitBusySpin() WaitStrategy { return waitStrategyOf(C.ringway_wait_busy_spin()) }

// WaitYielding re-checks with a scheduler yield between checks and never parks.
func WaitYielding() WaitStrategy { return waitStrategyOf(C.ringway_wait_yielding()) }

// WaitBackoff spins, then yields, then parks on the futex. Negative counts are taken as 0.
func WaitBackoff(spins, yields int32) WaitStrategy {
	return waitStrategyOf(C.ringway_wait_backoff(C.int32_t(spins), C.int32_t(yields)))
}

// WaitBackoffDefault is ringway.h's default backoff (RINGWAY_DEFAULT_BACKOFF_SPINS, _YIELDS), the strategy
// consumers and producers start with.
func WaitBackoffDefault() WaitStrategy { return waitStrategyOf(C.ringway_wait_backoff_default()) }

// WaitBlocking parks after the first empty re-check: no CPU while waiting, a wakeup (microseconds) to resume.
func WaitBlocking() WaitStrategy { return waitStrategyOf(C.ringway_wait_blocking()) }

// MaxWaitSlice is the longest single cgo call of a wait that takes a context.Context.
//
// Design: ringway.h's waits take a timeout, not a cancellation, and a goroutine cannot interrupt a cgo call. So
// PollWait, PollBatchWait and OfferWait wait in slices of min(time to the context's deadline, MaxWaitSlice), each
// one call of ringway_consumer_poll_wait or ringway_producer_offer_wait, and check the context between slices: a
// cancelled context returns within about one slice. A producer's commit wakes a parked slice at once (the flag and
// futex of LAYOUT 9 do not care which slice is parked); a slice that ends by timeout only re-checks the context and
// parks again: measured about 100 µs of CPU per slice. With 10 ms slices that was 1.25% of a core while idle
// (benchmarks/run.sh, parked CPU rows); 50 ms slices cost a fifth of that, and a cancelled context takes up to
// 50 ms to end the wait: the trade we chose (PollWaitTimeout, one cgo call, idles at ~0). The alternative, a FUTEX_WAKE from context.AfterFunc, would not end
// the wait by itself (ringway.h's wait loop parks again until its timeout), and closing the race between the
// context check and FUTEX_WAIT would need a store to the shared sequence word by a party that is not a waker
// (LAYOUT 9 allows only wakers) and would wake other processes' waiters spuriously.
const MaxWaitSlice = 50 * time.Millisecond

// SetWaitStrategy sets how PollWait, PollWaitTimeout and PollBatchWait wait (ringway_consumer_set_wait_strategy).
func (c *Consumer) SetWaitStrategy(strategy WaitStrategy) {
	if c.c != nil {
		C.ringway_consumer_set_wait_strategy(c.c, strategy.c())
	}
}

// PollWait delivers up to limit messages to handler like Poll, waiting for at least one as the consumer's wait
// strategy says, until ctx is cancelled or its deadline passes. It returns the number delivered (> 0) and nil; or 0
// and ctx.Err() (errors.Is context.Canceled or context.DeadlineExceeded) when the context ended the wait first; or
// an error as Poll. Messages already in the ring are delivered even when ctx is already done: the context bounds
// the wait, not the poll. A cancelled context returns within about MaxWaitSlice.
//
// Do not close the consumer or its channel from another goroutine during the wait: cancel the context, then close.
func (c *Consumer) PollWait(ctx context.Context, handler Handler, limit int) (int, error) {
	if limit <= 0 && c.c != nil && handler != nil {
		return 0, nil // nothing may be delivered, so there is nothing to wait for
	}
	return waitInSlices(ctx, func(slice time.Duration, resumed bool) (int, error) {
		return c.pollWait(handler, limit, slice, resumed)
	})
}

// PollWaitTimeout is PollWait with a plain timeout instead of a context, one cgo call
// (ringway_consumer_poll_wait): it returns 0 and nil when the timeout passed with nothing to deliver (timeout <= 0
// polls once), as C's and Java's timed polls do. It cannot be cancelled; a parked wait re-checks at least once a
// second (LAYOUT 9.6).
func (c *Consumer) PollWaitTimeout(handler Handler, limit int, timeout time.Duration) (int, error) {
	return c.pollWait(handler, limit, timeout, false)
}

func (c *Consumer) pollWait(handler Handler, limit int, timeout time.Duration, resumed bool) (int, error) {
	if c.c == nil {
		return 0, c.closedError()
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
	result := C.ringway_go_poll_wait(c.c, C.uintptr_t(c.self), C.int32_t(limit), C.int64_t(timeout.Nanoseconds()),
		C.bool(resumed))
	c.handler = nil
	c.raiseHandlerPanic()
	if result < 0 {
		return 0, c.errorOf(int(result))
	}
	return int(result), nil
}

// PollBatchWait copies up to limit messages into batch like PollBatch, waiting for at least one as PollWait does
// (same results, same context rules). One cgo call per slice, none per message.
func (c *Consumer) PollBatchWait(ctx context.Context, batch *Batch, limit int) (int, error) {
	if c.c != nil && limit <= 0 {
		return 0, nil // nothing may be copied, so there is nothing to wait for
	}
	if free := len(batch.freeSpace()); c.c != nil && free < c.MaxRecordLength() {
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
	if c.c == nil {
		return 0, c.closedError()
	}
	if limit > math.MaxInt32 {
		limit = math.MaxInt32
	}
	free := batch.freeSpace()
	if len(free) < c.MaxRecordLength() || limit <= 0 {
		return 0, nil // checked by PollBatchWait before the first slice
	}
	var written C.int32_t
	result := C.ringway_go_poll_batch_wait(c.c, (*C.uint8_t)(unsafe.Pointer(&free[0])), C.int32_t(len(free)),
		C.int32_t(limit), &written, C.int64_t(timeout.Nanoseconds()), C.bool(resumed))
	if result < 0 {
		return 0, c.errorOf(int(result))
	}
	batch.appended(int(written), int(result))
	return int(result), nil
}

// SetWaitStrategy sets how OfferWait and OfferWaitTimeout wait for space (ringway_producer_set_wait_strategy).
func (p *Producer) SetWaitStrategy(strategy WaitStrategy) {
	if p.c != nil {
		C.ringway_producer_set_wait_strategy(p.c, strategy.c())
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

// OfferWaitTimeout is OfferWait with a plain timeout, one cgo call (ringway_producer_offer_wait): ErrRingFull when
// the ring stayed full for the whole timeout (timeout <= 0 tries once).
func (p *Producer) OfferWaitTimeout(typeID int32, body []byte, timeout time.Duration) error {
	return p.offerWait(typeID, body, timeout, false)
}

func (p *Producer) offerWait(typeID int32, body []byte, timeout time.Duration, resumed bool) error {
	if p.c == nil {
		return p.closedError()
	}
	if len(body) > math.MaxInt32 {
		return p.lengthError(len(body))
	}
	var bodyPointer unsafe.Pointer
	if len(body) > 0 {
		bodyPointer = unsafe.Pointer(&body[0])
	}
	result := C.ringway_go_offer_wait(p.c, C.int32_t(typeID), bodyPointer, C.int32_t(len(body)),
		C.int64_t(timeout.Nanoseconds()), C.bool(resumed))
	if result == C.RINGWAY_OK {
		return nil
	}
	return p.errorOf(int(result))
}

// waitInSlices runs slice (one bounded cgo wait; resumed after the first) until it reports a result (n != 0 or an
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
	return ch.readInt64(func(f *channelFile) int64 { return atomic.LoadInt64(f.headerInt64(HeaderWakeCountOffset)) })
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
	return atomic.LoadInt32(ch.file.headerInt32(HeaderDataWaitersOffset)) != 0,
		atomic.LoadInt32(ch.file.headerInt32(HeaderSpaceWaitersOffset)) != 0
}
