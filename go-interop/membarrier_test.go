package ringway

import (
	"context"
	"encoding/binary"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// LAYOUT 9.8: a consumer that asks for membarrier wakeups promises them with its lease value until it closes.
func TestShouldPromiseMembarrierWakeupsWithTheConsumerLeaseUntilItCloses(t *testing.T) {
	if !membarrierSupported() {
		t.Skip("membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED) is not offered by this kernel")
	}
	ch := create(t, SPSC, 4096)
	c, err := ch.Consumer(MembarrierWakeups)
	if err != nil {
		t.Fatalf("consumer: %v", err)
	}
	lease := atomic.LoadInt64(ch.file.headerInt64(layout.HeaderConsumerLeaseOffset))
	if !c.MembarrierWakeups() || lease == 0 || membarrierLease(ch) != lease {
		t.Fatalf("field=consumerMembarrierLease found=%d expected=%d (the lease)", membarrierLease(ch), lease)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if membarrierLease(ch) != 0 {
		t.Fatalf("field=consumerMembarrierLease found=%d expected=0 after close", membarrierLease(ch))
	}
}

// LAYOUT 9.8: a consumer that does not ask withdraws the promise a dead predecessor left.
func TestShouldWithdrawTheMembarrierPromiseOfADeadConsumerWhenAttachingWithoutIt(t *testing.T) {
	ch := create(t, MPSC, 4096)
	atomic.StoreInt64(ch.file.headerInt64(layout.HeaderConsumerMembarrierLeaseOffset), 0x12345678)
	c := mustConsumer(t, ch)
	if c.MembarrierWakeups() || membarrierLease(ch) != 0 {
		t.Fatalf("field=consumerMembarrierLease found=%d expected=0", membarrierLease(ch))
	}
}

// Ping-pong through a consumer that parks before every message while the producer skips its fence (LAYOUT 9.8): a
// wakeup lost would end a park by its 1 s cap while the producer waits for the reply (parks.timeoutCount).
func TestShouldWakeAParkingMembarrierConsumerForEveryMessageWhileTheProducerSkipsItsFence(t *testing.T) {
	if !membarrierSupported() {
		t.Skip("membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED) is not offered by this kernel")
	}
	// roundTrips / forcedParkInterval of the messages are offered after the consumer has flagged its wait and had a
	// millisecond to park
	const roundTrips, forcedParkInterval = 50000, 1000
	for _, kind := range []RingKind{SPSC, MPSC} {
		ch := create(t, kind, 4096)
		c, err := ch.Consumer(MembarrierWakeups)
		if err != nil {
			t.Fatalf("consumer: %v", err)
		}
		c.SetWaitStrategy(WaitBlocking())
		p := mustProducer(t, ch)
		var received atomic.Int64
		done := make(chan error, 1)
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
			defer cancel()
			for received.Load() < roundTrips {
				if _, err := c.PollWait(ctx, func(typeID int32, body []byte) {
					received.Add(1)
				}, 1); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
		message := make([]byte, 8)
		dataWaiters := ch.file.headerInt32(layout.HeaderDataWaitersOffset)
		for sequence := int64(0); sequence < roundTrips; sequence++ {
			binary.LittleEndian.PutUint64(message, uint64(sequence))
			if sequence%forcedParkInterval == 0 {
				// a consumer whose re-check keeps finding the next message never parks (a run of the whole suite
				// saw parks=0 with the loop's timing alone): now and then let it flag its wait (LAYOUT 9.1) and fall
				// asleep first
				for atomic.LoadInt32(dataWaiters) == 0 && len(done) == 0 {
				}
				time.Sleep(time.Millisecond)
			}
			if err := p.Offer(1, message); err != nil {
				t.Fatalf("offer: %v", err)
			}
			for received.Load() <= sequence {
			}
		}
		if err := <-done; err != nil {
			t.Fatalf("poll: %v", err)
		}
		if c.ring.parks.timeoutCount != 0 || c.ring.parks.count == 0 {
			t.Fatalf("%v: parks=%d ended by their 1 s cap=%d expected=0 (wakeups lost)", kind, c.ring.parks.count,
				c.ring.parks.timeoutCount)
		}
	}
}

func membarrierLease(ch *Channel) int64 {
	return atomic.LoadInt64(ch.file.headerInt64(layout.HeaderConsumerMembarrierLeaseOffset))
}
