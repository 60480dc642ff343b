package ringway

import (
	"sync"
	"testing"
	"time"
)

// How often a parked producer sleeps through a wake under stress (LAYOUT 9.7's open question for the space events of
// Windows; on Linux the futex's compare in the kernel closes the window, and the count must be 0 too): four producers
// on a tiny MPSC ring park for space, the consumer takes one message per poll, so that nearly every poll wakes
// parked producers. Every park that ends by its own 1 s cap although its sequence had moved is a wake slept
// through; the cap bounds what each costs. The counts are logged for docs/LAYOUT.md 9.7.
func TestShouldDeliverEverythingWhileProducersParkForSpaceUnderStressAndCountWakesSleptThrough(t *testing.T) {
	const producers = 4
	const perProducer = 10_000
	ch := create(t, MPSC, 256)
	consumer := mustConsumer(t, ch)
	handles := make([]*Producer, producers)
	for i := range handles {
		handles[i] = mustProducer(t, ch)
		handles[i].SetWaitStrategy(WaitBlocking())
	}
	start := time.Now()
	var group sync.WaitGroup
	errs := make(chan error, producers)
	for _, producer := range handles {
		group.Add(1)
		go func() {
			defer group.Done()
			body := make([]byte, 24)
			for i := 0; i < perProducer; i++ {
				if err := producer.OfferWaitTimeout(1, body, time.Minute); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	received := 0
	for received < producers*perProducer {
		n, err := consumer.PollWaitTimeout(func(int32, []byte) {}, 1, time.Minute)
		if err != nil || n == 0 {
			t.Fatalf("after %d messages: %d, %v", received, n, err)
		}
		received += n
	}
	group.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var total parkCounts
	for _, producer := range handles {
		total.count += producer.ring.parks.count
		total.timeoutCount += producer.ring.parks.timeoutCount
		total.timeoutAfterWakeCount += producer.ring.parks.timeoutAfterWakeCount
	}
	t.Logf("%d messages in %v: %d producer parks, %d ended by their 1 s timeout, %d of them after a wake (slept "+
		"through); %d wakes", received, time.Since(start), total.count, total.timeoutCount,
		total.timeoutAfterWakeCount, ch.WakeCount())
	if total.count == 0 {
		t.Fatal("no producer parked: the test did not stress the space slot")
	}
}
