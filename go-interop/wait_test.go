package ringway

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"math"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// hangGuard bounds every wait of these tests: a safety net against a hung test, never a check of speed.
const hangGuard = 60 * time.Second

type pollResult struct {
	n   int
	err error
	got []message
}

// pollWaitAsync runs one PollWait in a goroutine and hands its result back on the returned channel.
func pollWaitAsync(ctx context.Context, c *Consumer) <-chan pollResult {
	done := make(chan pollResult, 1)
	go func() {
		var got []message
		n, err := c.PollWait(ctx, func(typeID int32, body []byte) {
			got = append(got, message{typeID, bytes.Clone(body)})
		}, 16)
		done <- pollResult{n, err, got}
	}()
	return done
}

func offerWaitAsync(ctx context.Context, p *Producer, typeID int32, b []byte) <-chan error {
	done := make(chan error, 1)
	go func() { done <- p.OfferWait(ctx, typeID, b) }()
	return done
}

func receive[T any](t *testing.T, done <-chan T) T {
	t.Helper()
	select {
	case result := <-done:
		return result
	case <-time.After(hangGuard):
		t.Fatalf("wait did not return within the hang guard %v", hangGuard)
		panic("unreachable")
	}
}

// awaitWaitersFlag returns once a waiter has announced itself (LAYOUT 9.1 step 2) on the data or space slot.
func awaitWaitersFlag(t *testing.T, ch *Channel, data bool) {
	t.Helper()
	deadline := time.Now().Add(hangGuard)
	for {
		dataFlag, spaceFlag := ch.WaitersFlags()
		if (data && dataFlag) || (!data && spaceFlag) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no waiter announced itself: data=%v dataWaiters=%v spaceWaiters=%v", data, dataFlag, spaceFlag)
		}
		runtime.Gosched()
	}
}

func fillRing(t *testing.T, p *Producer, b []byte) int {
	t.Helper()
	offered := 0
	for {
		err := p.Offer(1, b)
		if errors.Is(err, ErrRingFull) {
			return offered
		}
		if err != nil {
			t.Fatalf("offer: %v", err)
		}
		offered++
	}
}

// wakeParkedConsumer parks a consumer in PollWait, then calls send, and returns what PollWait delivered and the
// wakes counted meanwhile.
func wakeParkedConsumer(t *testing.T, send func(p *Producer)) (pollResult, int64, *Channel) {
	t.Helper()
	ch := create(t, SPSC, 4096)
	c := mustConsumer(t, ch)
	p := mustProducer(t, ch)
	c.SetWaitStrategy(WaitBlocking())
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()

	done := pollWaitAsync(ctx, c)
	awaitWaitersFlag(t, ch, true)
	wakesBefore := ch.WakeCount()
	send(p)
	result := receive(t, done)
	return result, ch.WakeCount() - wakesBefore, ch
}

func TestShouldWakeAParkedConsumerWhenAProducerCommits(t *testing.T) {
	result, wakes, ch := wakeParkedConsumer(t, func(p *Producer) {
		if err := p.Offer(3, []byte("wake up")); err != nil {
			t.Fatalf("offer: %v", err)
		}
	})
	if result.err != nil || result.n != 1 {
		t.Fatalf("PollWait = %d, %v; want 1, nil", result.n, result.err)
	}
	if result.got[0].typeID != 3 || string(result.got[0].body) != "wake up" {
		t.Fatalf("delivered %+v", result.got[0])
	}
	if wakes != 1 {
		t.Fatalf("field=wakeCount found=%d expected=1 (the commit saw the parked consumer's flag)", wakes)
	}
	if dataFlag, _ := ch.WaitersFlags(); dataFlag {
		t.Fatalf("field=dataWaiters found=%v expected=false after the wake", dataFlag)
	}
}

// LAYOUT 9.2, batches: OfferBatch makes one wake check, after its last commit. Without it the parked consumer would
// see the messages only when its 1 s park ends, and no wake would be counted.
func TestShouldWakeAConsumerParkedBeforeABatchWithOneWakeAfterItsLastCommit(t *testing.T) {
	result, wakes, _ := wakeParkedConsumer(t, func(p *Producer) {
		batch := NewBatch(256)
		for _, text := range []string{"one", "two", "three"} {
			if err := batch.Append(3, []byte(text)); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := p.OfferBatch(batch); n != 3 || err != nil {
			t.Fatalf("OfferBatch = %d, %v; want 3, nil", n, err)
		}
	})
	if result.err != nil || result.n < 1 || string(result.got[0].body) != "one" {
		t.Fatalf("PollWait = %d, %v, %+v; want the batch from its first message", result.n, result.err, result.got)
	}
	if wakes != 1 {
		t.Fatalf("field=wakeCount found=%d expected=1 (the batch's wake check saw the parked consumer's flag)", wakes)
	}
}

func TestShouldCompleteEveryRoundOfAGoPingPongInWhichEachSideParksWithoutATimeout(t *testing.T) {
	// Each side parks before every message, and each wait is one cgo call with a long timeout (PollWaitTimeout,
	// OfferWaitTimeout), so a wake that does not reach the parked side shows as a timed-out round, not as a later
	// slice that happens to find the message.
	const rounds = 200
	const lostWakeTimeout = 10 * time.Second
	ping := create(t, SPSC, 4096)
	pong := create(t, SPSC, 4096)
	pingConsumer, pongProducer := mustConsumer(t, pong), mustProducer(t, pong)
	pongConsumer, pingProducer := mustConsumer(t, ping), mustProducer(t, ping)
	pingConsumer.SetWaitStrategy(WaitBlocking())
	pongConsumer.SetWaitStrategy(WaitBlocking())

	timeouts := make(chan int, 1)
	go func() {
		timedOut := 0
		for round := 0; round < rounds; round++ {
			var received []byte
			for {
				n, err := pongConsumer.PollWaitTimeout(func(_ int32, b []byte) { received = bytes.Clone(b) }, 1,
					lostWakeTimeout)
				if err != nil || n != 0 {
					break
				}
				timedOut++
			}
			awaitFlagQuietly(pong)
			for pongProducer.OfferWaitTimeout(7, received, lostWakeTimeout) != nil {
			}
		}
		timeouts <- timedOut
	}()
	pingTimeouts := 0
	for round := 0; round < rounds; round++ {
		b := binary.LittleEndian.AppendUint64(nil, uint64(round))
		awaitFlagQuietly(ping)
		if err := pingProducer.OfferWaitTimeout(7, b, lostWakeTimeout); err != nil {
			t.Fatalf("round %d: offer: %v", round, err)
		}
		var back []byte
		for {
			n, err := pingConsumer.PollWaitTimeout(func(_ int32, b []byte) { back = bytes.Clone(b) }, 1, lostWakeTimeout)
			if err != nil {
				t.Fatalf("round %d: poll: %v", round, err)
			}
			if n != 0 {
				break
			}
			pingTimeouts++
		}
		if !bytes.Equal(back, b) {
			t.Fatalf("round %d: field=round found=%x expected=%x", round, back, b)
		}
	}
	pongTimeouts := receive(t, timeouts)

	if pingTimeouts != 0 || pongTimeouts != 0 {
		t.Fatalf("waits ended by timeout (lost wakeups): ping=%d pong=%d", pingTimeouts, pongTimeouts)
	}
	// each message was sent once its receiver had announced it was parking, so (nearly) every one needed a wake;
	// a receiver interrupted (EINTR) between its flag and the commit may find the message without one
	if wakes := ping.WakeCount() + pong.WakeCount(); wakes < rounds {
		t.Fatalf("field=wakeCount found=%d expected=>=%d: too few wakes to have exercised parking", wakes, rounds)
	}
}

// awaitFlagQuietly waits until the channel's consumer has announced it is parking (at most the hang guard).
func awaitFlagQuietly(ch *Channel) {
	deadline := time.Now().Add(hangGuard)
	for dataFlag, _ := ch.WaitersFlags(); !dataFlag && time.Now().Before(deadline); dataFlag, _ = ch.WaitersFlags() {
		runtime.Gosched()
	}
}

func TestShouldReturnCanceledWhenTheContextIsCancelledWhileTheConsumerIsParked(t *testing.T) {
	ch := create(t, SPSC, 4096)
	c := mustConsumer(t, ch)
	c.SetWaitStrategy(WaitBlocking())
	ctx, cancel := context.WithCancel(context.Background())

	done := pollWaitAsync(ctx, c)
	awaitWaitersFlag(t, ch, true)
	cancel()
	result := receive(t, done)

	if result.n != 0 || !errors.Is(result.err, context.Canceled) {
		t.Fatalf("PollWait = %d, %v; want 0, context.Canceled", result.n, result.err)
	}
	if dataFlag, _ := ch.WaitersFlags(); dataFlag {
		t.Fatalf("field=dataWaiters found=%v expected=false: the consumer clears its own flag", dataFlag)
	}
	// the consumer is still usable after a cancelled wait
	p := mustProducer(t, ch)
	if err := p.Offer(1, []byte("after")); err != nil {
		t.Fatalf("offer: %v", err)
	}
	if got := pollAll(t, c); len(got) != 1 || string(got[0].body) != "after" {
		t.Fatalf("after a cancelled wait: delivered %+v", got)
	}
}

func TestShouldReturnDeadlineExceededWhenNothingArrivesBeforeTheDeadline(t *testing.T) {
	for _, strategy := range []WaitStrategy{WaitBlocking(), WaitBackoffDefault(), WaitYielding(), WaitBusySpin()} {
		ch := create(t, SPSC, 4096)
		c := mustConsumer(t, ch)
		c.SetWaitStrategy(strategy)
		ctx, cancel := context.WithTimeout(context.Background(), 3*MaxWaitSlice)

		n, err := c.PollWait(ctx, func(int32, []byte) { t.Error("nothing was sent") }, 8)
		cancel()

		if n != 0 || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("strategy %+v: PollWait = %d, %v; want 0, context.DeadlineExceeded", strategy, n, err)
		}
		if ch.WakeCount() != 0 {
			t.Fatalf("strategy %+v: field=wakeCount found=%d expected=0", strategy, ch.WakeCount())
		}
	}
}

func TestShouldReturnNothingAndNoErrorWhenAPlainTimeoutPasses(t *testing.T) {
	ch := create(t, SPSC, 4096)
	c := mustConsumer(t, ch)
	c.SetWaitStrategy(WaitBlocking())

	n, err := c.PollWaitTimeout(func(int32, []byte) { t.Error("nothing was sent") }, 8, 20*time.Millisecond)

	if n != 0 || err != nil {
		t.Fatalf("PollWaitTimeout = %d, %v; want 0, nil", n, err)
	}
}

func TestShouldDeliverMessagesAlreadyThereEvenWhenTheContextIsDone(t *testing.T) {
	ch := create(t, SPSC, 4096)
	c := mustConsumer(t, ch)
	p := mustProducer(t, ch)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.OfferWait(ctx, 2, []byte("there")); err != nil {
		t.Fatalf("OfferWait with room and a cancelled context: %v", err)
	}

	first := receive(t, pollWaitAsync(ctx, c))
	second := receive(t, pollWaitAsync(ctx, c))

	if first.n != 1 || first.err != nil || string(first.got[0].body) != "there" {
		t.Fatalf("first PollWait = %d, %v, %+v; want the waiting message", first.n, first.err, first.got)
	}
	if second.n != 0 || !errors.Is(second.err, context.Canceled) {
		t.Fatalf("second PollWait = %d, %v; want 0, context.Canceled", second.n, second.err)
	}
}

func TestShouldWakeAProducerBlockedOnAFullRingWhenTheConsumerFreesSpace(t *testing.T) {
	ch := create(t, SPSC, 4096)
	c := mustConsumer(t, ch)
	p := mustProducer(t, ch)
	p.SetWaitStrategy(WaitBlocking())
	last := bytes.Repeat([]byte("last"), 25) // as long as the fill's messages, so that it cannot fit in a gap
	offered := fillRing(t, p, make([]byte, len(last)))
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()

	done := offerWaitAsync(ctx, p, 9, last)
	awaitWaitersFlag(t, ch, false)
	wakesBefore := ch.WakeCount()
	n, err := c.Poll(func(int32, []byte) {}, 2) // two: the room before the end of the ring may be too short for one
	if n != 2 || err != nil {
		t.Fatalf("poll = %d, %v", n, err)
	}
	if err := receive(t, done); err != nil {
		t.Fatalf("OfferWait: %v", err)
	}

	if wakes := ch.WakeCount() - wakesBefore; wakes != 1 {
		t.Fatalf("field=wakeCount found=%d expected=1 (the poll saw the parked producer's flag)", wakes)
	}
	got := pollAll(t, c)
	if len(got) != offered-2+1 || got[len(got)-1].typeID != 9 || !bytes.Equal(got[len(got)-1].body, last) {
		t.Fatalf("after the wait: %d messages, last %+v; want %d ending with the waited one", len(got),
			got[len(got)-1], offered-2+1)
	}
}

// A refused first offer of OfferWaitTimeout counts once in backPressureCount (LAYOUT 6.3): the wait for space does not
// make it again. The channel's clock, which every refused claim reads to beat (LAYOUT 8.1), frees the ring once the
// producer has announced that it waits for space (LAYOUT 9.1 step 2), so the refusals are exactly the first offer (the
// flag still clear) and the wait's re-check after the flag (the ring freed during it); the offer after the park, which
// the poll's wake ends at once, commits.
func TestShouldCountARefusedFirstOfferOnceWhenOfferWaitTimeoutWaitsForSpace(t *testing.T) {
	for _, kind := range []RingKind{SPSC, MPSC} {
		ch := create(t, kind, 1024)
		c := mustConsumer(t, ch) // before SetClock: the consumer's heartbeat keeps the real clock
		var p *Producer
		freedCount := 0
		err := ch.SetClock(func() int64 {
			if p != nil && freedCount == 0 && atomic.LoadInt32(p.ring.headerInt32(layout.HeaderSpaceWaitersOffset)) != 0 {
				freedCount++
				if _, err := c.Poll(func(int32, []byte) {}, 1000); err != nil {
					t.Errorf("%v: poll in the clock: %v", kind, err)
				}
			}
			return 1
		})
		if err != nil {
			t.Fatal(err)
		}
		p = mustProducer(t, ch)
		p.SetWaitStrategy(WaitBlocking())
		body := make([]byte, 64)
		for p.Offer(1, body) == nil {
		}
		before := ch.BackPressureCount()
		if err := p.OfferWaitTimeout(2, body, hangGuard); err != nil {
			t.Fatalf("%v: OfferWaitTimeout: %v", kind, err)
		}
		if got := ch.BackPressureCount() - before; got != 2 || freedCount != 1 {
			t.Fatalf("%v: field=backPressureCount found=+%d expected=+2 (the first offer and the re-check after the "+
				"flag; the ring freed %d times)", kind, got, freedCount)
		}
		if got := pollAll(t, c); len(got) != 1 || got[0].typeID != 2 {
			t.Fatalf("%v: after the wait: %+v, want the waited message alone", kind, got)
		}
	}
}

func TestShouldReturnRingFullAndTheContextErrorWhenAProducerWaitEnds(t *testing.T) {
	ch := create(t, SPSC, 4096)
	_ = mustConsumer(t, ch)
	p := mustProducer(t, ch)
	p.SetWaitStrategy(WaitBlocking())
	full := make([]byte, 100)
	fillRing(t, p, full)

	deadlineCtx, cancelDeadline := context.WithTimeout(context.Background(), 3*MaxWaitSlice)
	defer cancelDeadline()
	byDeadline := p.OfferWait(deadlineCtx, 1, full)
	cancelCtx, cancel := context.WithCancel(context.Background())
	done := offerWaitAsync(cancelCtx, p, 1, full)
	awaitWaitersFlag(t, ch, false)
	cancel()
	byCancel := receive(t, done)

	if !errors.Is(byDeadline, ErrRingFull) || !errors.Is(byDeadline, context.DeadlineExceeded) {
		t.Fatalf("OfferWait past its deadline = %v; want ErrRingFull and context.DeadlineExceeded", byDeadline)
	}
	if !errors.Is(byCancel, ErrRingFull) || !errors.Is(byCancel, context.Canceled) {
		t.Fatalf("cancelled OfferWait = %v; want ErrRingFull and context.Canceled", byCancel)
	}
}

func TestShouldIssueNoWakeWhenNobodyWaits(t *testing.T) {
	ch := create(t, SPSC, 64<<10)
	c := mustConsumer(t, ch)
	p := mustProducer(t, ch)
	ctx := context.Background()
	batch := NewBatch(16 << 10)
	received := 0

	for i := 0; i < 20_000; i++ {
		if err := p.OfferWait(ctx, 1, body(i)); err != nil {
			t.Fatalf("offer %d: %v", i, err)
		}
		if i%3 == 0 {
			n, err := c.PollWait(ctx, func(int32, []byte) {}, 2)
			if err != nil || n == 0 {
				t.Fatalf("poll after offer %d = %d, %v", i, n, err)
			}
			received += n
		}
		if i%1000 == 999 {
			n, err := c.PollBatchWait(ctx, batch, 1<<20)
			if err != nil {
				t.Fatalf("poll batch: %v", err)
			}
			received += n
			batch.Reset()
		}
	}
	received += len(pollAll(t, c))

	if received != 20_000 {
		t.Fatalf("received %d messages, want 20000", received)
	}
	if ch.WakeCount() != 0 {
		t.Fatalf("field=wakeCount found=%d expected=0: nobody waited, so nobody may pay for a wake", ch.WakeCount())
	}
}

func TestShouldWakeAParkedBatchWaitWhenAProducerCommits(t *testing.T) {
	ch := create(t, SPSC, 4096)
	c := mustConsumer(t, ch)
	p := mustProducer(t, ch)
	c.SetWaitStrategy(WaitBlocking())
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	batch := NewBatch(4096)

	type batchResult struct {
		n   int
		err error
	}
	done := make(chan batchResult, 1)
	go func() {
		n, err := c.PollBatchWait(ctx, batch, 16)
		done <- batchResult{n, err}
	}()
	awaitWaitersFlag(t, ch, true)
	if err := p.Offer(4, []byte("batched")); err != nil {
		t.Fatalf("offer: %v", err)
	}
	result := receive(t, done)

	if result.n != 1 || result.err != nil {
		t.Fatalf("PollBatchWait = %d, %v; want 1, nil", result.n, result.err)
	}
	typeID, b, ok := batch.Next()
	if !ok || typeID != 4 || string(b) != "batched" {
		t.Fatalf("batch holds %d %q %v", typeID, b, ok)
	}
	if ch.WakeCount() != 1 {
		t.Fatalf("field=wakeCount found=%d expected=1", ch.WakeCount())
	}
}

func TestShouldRaiseAHandlerPanicAgainWhenPollWaitReturns(t *testing.T) {
	ch := create(t, SPSC, 4096)
	c := mustConsumer(t, ch)
	p := mustProducer(t, ch)
	if err := p.Offer(1, nil); err != nil {
		t.Fatalf("offer: %v", err)
	}
	defer func() {
		if recovered := recover(); recovered != "boom" {
			t.Fatalf("recovered %v, want boom", recovered)
		}
	}()
	_, _ = c.PollWait(context.Background(), func(int32, []byte) { panic("boom") }, 1)
	t.Fatal("PollWait returned instead of panicking")
}

func TestShouldRefuseABatchWaitWhenTheBatchHasNoRoomForTheLargestMessage(t *testing.T) {
	ch := create(t, SPSC, 4096)
	c := mustConsumer(t, ch)

	n, err := c.PollBatchWait(context.Background(), NewBatch(c.MaxRecordLength()-8), 1)

	if n != 0 {
		t.Fatalf("PollBatchWait = %d", n)
	}
	requireCode(t, err, ErrInvalidArgument, "batch")
}

func TestShouldRefuseWaitsOnClosedHandles(t *testing.T) {
	ch := create(t, SPSC, 4096)
	c := mustConsumer(t, ch)
	p := mustProducer(t, ch)
	_ = ch.Close()

	_, pollErr := c.PollWait(context.Background(), func(int32, []byte) {}, 1)
	offerErr := p.OfferWait(context.Background(), 1, nil)

	if !errors.Is(pollErr, ErrClosed) || !errors.Is(offerErr, ErrClosed) {
		t.Fatalf("PollWait: %v, OfferWait: %v; want ErrClosed", pollErr, offerErr)
	}
}

// math.MaxInt64 is "wait forever": the deadline saturates instead of overflowing (ringway_deadline_ns_), so the wait
// lasts until the other side acts; a negative timeout polls or offers once.
func TestShouldWaitForeverWithTheLargestTimeoutAndOnceWithANegativeOne(t *testing.T) {
	ch := create(t, MPSC, 1024)
	c, p := mustConsumer(t, ch), mustProducer(t, ch)
	if n, err := c.PollWaitTimeout(func(int32, []byte) {}, 1, -1); n != 0 || err != nil {
		t.Fatalf("negative timeout on an empty channel: %d %v", n, err)
	}
	offered := make(chan error)
	go func() {
		time.Sleep(50 * time.Millisecond)
		offered <- p.Offer(1, []byte("late"))
	}()
	if n, err := c.PollWaitTimeout(func(int32, []byte) {}, 1, math.MaxInt64); n != 1 || err != nil {
		t.Fatalf("PollWaitTimeout(MaxInt64) returned %d %v before the message came", n, err)
	}
	if err := <-offered; err != nil {
		t.Fatal(err)
	}

	for p.Offer(1, make([]byte, 64)) == nil {
	}
	if err := p.OfferWaitTimeout(1, make([]byte, 64), -1); !errors.Is(err, ErrRingFull) {
		t.Fatalf("negative timeout on a full ring: %v", err)
	}
	polled := make(chan error)
	go func() {
		time.Sleep(50 * time.Millisecond)
		_, err := c.Poll(func(int32, []byte) {}, 1000)
		polled <- err
	}()
	if err := p.OfferWaitTimeout(1, make([]byte, 64), math.MaxInt64); err != nil {
		t.Fatalf("OfferWaitTimeout(MaxInt64) gave up before the consumer freed space: %v", err)
	}
	if err := <-polled; err != nil {
		t.Fatal(err)
	}
}
