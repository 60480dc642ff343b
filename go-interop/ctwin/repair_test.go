//go:build cgo

package ctwin_test

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	ringway "github.com/ringway-io/ringway/go-interop"
	"github.com/ringway-io/ringway/go-interop/ctwin"
	"github.com/ringway-io/ringway/go-interop/internal/layout"
	"github.com/ringway-io/ringway/go-interop/internal/proc"
)

// Leases, the SPSC repair walk, the MPSC unblock and the waits against ringway.h: the same histories played on a Go
// channel and a ringway.h channel, with the producers "killed" by giving their lease or slot to a process that no
// longer exists, must leave byte-identical files and deliver the same messages.

// deadToken is the lease token of a process that has exited and been reaped.
func deadToken(t *testing.T) int64 {
	t.Helper()
	command := exec.Command("true")
	if err := command.Run(); err != nil {
		t.Fatal(err)
	}
	return int64(command.Process.Pid)<<32 | 12345
}

// history is what a producer did before it died: offers, claims left uncommitted, and a tail moved without a record.
type history struct {
	offers      []int // body lengths
	openClaims  []int // body lengths of claims never committed
	bareTailMov int   // bytes the tail moved past the last record whose length was never written (0: none)
}

func randomHistory(random *rand.Rand, maxLength int) history {
	var h history
	for range random.Intn(4) {
		h.offers = append(h.offers, random.Intn(maxLength+1))
	}
	for range random.Intn(3) {
		h.openClaims = append(h.openClaims, random.Intn(maxLength+1))
	}
	if random.Intn(3) == 0 {
		h.bareTailMov = 8 * (1 + random.Intn(4))
	}
	return h
}

// play runs the history on a producer through offer and tryClaim, and moves the tail in the file.
func play(t *testing.T, h history, offer func(typeID int32, body []byte) error, tryClaim func(int32, int) error,
	m mapped, capacity int) {
	t.Helper()
	for i, length := range h.offers {
		if err := offer(int32(1+i), make([]byte, length)); err != nil && err != ringway.ErrRingFull {
			t.Fatal(err)
		}
	}
	for i, length := range h.openClaims {
		if err := tryClaim(int32(10+i), length); err != nil && err != ringway.ErrRingFull {
			t.Fatal(err)
		}
	}
	tailOffset := layout.HeaderLength + capacity + layout.TrailerTailPositionOffset
	headOffset := layout.HeaderLength + capacity + layout.TrailerHeadPositionOffset
	if tail := m.int64At(tailOffset); h.bareTailMov > 0 && tail+int64(h.bareTailMov)-m.int64At(headOffset) <= int64(capacity)-8 &&
		int(tail)%capacity+h.bareTailMov <= capacity {
		m.putInt64(tailOffset, tail+int64(h.bareTailMov))
	}
}

func TestShouldRepairADeadSpscProducersClaimsAsRingwayHDoes(t *testing.T) {
	seed := differentialSeed(t)
	random := rand.New(rand.NewSource(seed))
	dead := deadToken(t)
	repaired := 0
	for round := range 60 {
		step := fmt.Sprintf("seed=%d round=%d", seed, round)
		capacity := 256 << random.Intn(3)
		h := randomHistory(random, capacity/8)
		consumed := random.Intn(3)
		dir := t.TempDir()
		goPath, cPath := filepath.Join(dir, "go.ringway"), filepath.Join(dir, "c.ringway")
		options := ringway.CreateOptions{Kind: ringway.SPSC, Capacity: capacity}
		goChannel, err := ringway.Create(goPath, options)
		if err != nil {
			t.Fatal(err)
		}
		cChannel, err := ctwin.Create(cPath, options, 0)
		if err != nil {
			t.Fatal(err)
		}
		goMap, cMap := mapFile(t, goPath), mapFile(t, cPath)

		goProducer, err := goChannel.Producer()
		if err != nil {
			t.Fatal(err)
		}
		goConsumer, err := goChannel.Consumer()
		if err != nil {
			t.Fatal(err)
		}
		play(t, h, goProducer.Offer, func(typeID int32, length int) error {
			_, _, err := goProducer.TryClaim(typeID, length)
			return err
		}, goMap, capacity)
		if _, err := cChannel.AttachProducer(); err != nil {
			t.Fatal(err)
		}
		if err := cChannel.AttachConsumer(); err != nil {
			t.Fatal(err)
		}
		play(t, h, func(typeID int32, body []byte) error { return cChannel.Offer(0, typeID, body) },
			func(typeID int32, length int) error { _, _, err := cChannel.TryClaim(0, typeID, length); return err },
			cMap, capacity)
		var goGot, cGot []message
		var goN, cN int
		var goErr, cErr error
		if consumed > 0 {
			goGot, goN, goErr = (&goSide{consumer: goConsumer}).poll(consumed)
			cGot, cN, cErr = cChannel.Poll(consumed)
		}
		requireSameResult(t, step+" poll", goPath, cPath, goErr, cErr)
		requireSameMessages(t, step+" poll", goGot, cGot)
		if goN != cN {
			t.Fatalf("%s: polled Go %d, C %d", step, goN, cN)
		}

		// the producer dies: its lease names a process that no longer exists
		goMap.putInt64(layout.HeaderProducerLeaseOffset, dead)
		cMap.putInt64(layout.HeaderProducerLeaseOffset, dead)
		_ = goProducer.Close()
		cChannel.CloseProducer(0)
		_, goErr = goChannel.Producer()
		_, cErr = cChannel.AttachProducer()
		requireSameResult(t, step+" attach after the death", goPath, cPath, goErr, cErr)
		// the lease token and pid are this process's on both sides; the heartbeats come from two clocks
		requireIdenticalFiles(t, step+" repaired", goPath, cPath, true)
		goGot, goN, goErr = (&goSide{consumer: goConsumer}).poll(100)
		cGot, cN, cErr = cChannel.Poll(100)
		requireSameResult(t, step+" poll after the repair", goPath, cPath, goErr, cErr)
		requireSameMessages(t, step+" poll after the repair", goGot, cGot)
		if goN != cN || goChannel.UnblockedRecordCount() != goMap.int64At(layout.HeaderUnblockedRecordCountOffset) ||
			goMap.int64At(layout.HeaderUnblockedRecordCountOffset) != cMap.int64At(layout.HeaderUnblockedRecordCountOffset) {
			t.Fatalf("%s: polled Go %d, C %d; unblocked Go %d, C %d", step, goN, cN,
				goMap.int64At(layout.HeaderUnblockedRecordCountOffset),
				cMap.int64At(layout.HeaderUnblockedRecordCountOffset))
		}
		requireIdenticalFiles(t, step+" polled", goPath, cPath, true)
		if goMap.int64At(layout.HeaderUnblockedRecordCountOffset) > 0 {
			repaired++
		}
		_ = goChannel.Close()
		cChannel.Close()
	}
	if repaired == 0 {
		t.Fatalf("seed %d: no round repaired a claim", seed)
	}
}

func TestShouldUnblockADeadMpscProducersClaimAsRingwayHDoes(t *testing.T) {
	seed := differentialSeed(t)
	random := rand.New(rand.NewSource(seed))
	dead := deadToken(t)
	unblocked := 0
	for round := range 60 {
		step := fmt.Sprintf("seed=%d round=%d", seed, round)
		capacity := 256 << random.Intn(3)
		h := randomHistory(random, capacity/8)
		killSlot := random.Intn(3) > 0 // else the claim's owner left its slot: the layout 1.1 rule (step 6)
		dir := t.TempDir()
		goPath, cPath := filepath.Join(dir, "go.ringway"), filepath.Join(dir, "c.ringway")
		options := ringway.CreateOptions{Kind: ringway.MPSC, Capacity: capacity}
		goChannel, err := ringway.Create(goPath, options)
		if err != nil {
			t.Fatal(err)
		}
		cChannel, err := ctwin.Create(cPath, options, 0)
		if err != nil {
			t.Fatal(err)
		}
		goMap, cMap := mapFile(t, goPath), mapFile(t, cPath)
		if err := goChannel.SetUnblockTimeout(0); err != nil {
			t.Fatal(err)
		}
		cChannel.SetUnblockTimeoutMs(0)
		goProducer, err := goChannel.Producer()
		if err != nil {
			t.Fatal(err)
		}
		goConsumer, err := goChannel.Consumer()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := cChannel.AttachProducer(); err != nil {
			t.Fatal(err)
		}
		if err := cChannel.AttachConsumer(); err != nil {
			t.Fatal(err)
		}
		play(t, h, goProducer.Offer, func(typeID int32, length int) error {
			_, _, err := goProducer.TryClaim(typeID, length)
			return err
		}, goMap, capacity)
		play(t, h, func(typeID int32, body []byte) error { return cChannel.Offer(0, typeID, body) },
			func(typeID int32, length int) error { _, _, err := cChannel.TryClaim(0, typeID, length); return err },
			cMap, capacity)
		slotToken := layout.HeaderProducerSlotsOffset + layout.ProducerSlotTokenOffset
		if killSlot {
			goMap.putInt64(slotToken, dead)
			cMap.putInt64(slotToken, dead)
		} else {
			_ = goProducer.Close()
			cChannel.CloseProducer(0)
		}
		for poll := range 4 {
			// LAYOUT 7.1 step 1: a consumer runs the unblock rule at most once per millisecond of its clock, so
			// both twins run it on this poll only when the millisecond of their last run has passed for both
			time.Sleep(time.Millisecond)
			goGot, goN, goErr := (&goSide{consumer: goConsumer}).poll(100)
			cGot, cN, cErr := cChannel.Poll(100)
			pollStep := fmt.Sprintf("%s poll %d", step, poll)
			requireSameResult(t, pollStep, goPath, cPath, goErr, cErr)
			requireSameMessages(t, pollStep, goGot, cGot)
			if goN != cN || goConsumer.Position() != cChannel.Position() ||
				goConsumer.BlockingProducerPid() != cChannel.BlockingProducerPid() {
				t.Fatalf("%s: polled Go %d, C %d; position Go %d, C %d", pollStep, goN, cN, goConsumer.Position(),
					cChannel.Position())
			}
			requireIdenticalFiles(t, pollStep, goPath, cPath, true)
		}
		if goMap.int64At(layout.HeaderUnblockedRecordCountOffset) > 0 {
			unblocked++
		}
		_ = goChannel.Close()
		cChannel.Close()
	}
	if unblocked == 0 {
		t.Fatalf("seed %d: no round unblocked a claim", seed)
	}
}

func TestShouldRefuseATakenRoleAsRingwayHDoes(t *testing.T) {
	for _, kind := range []ringway.RingKind{ringway.SPSC, ringway.MPSC} {
		dir := t.TempDir()
		goPath, cPath := filepath.Join(dir, "go.ringway"), filepath.Join(dir, "c.ringway")
		options := ringway.CreateOptions{Kind: kind, Capacity: 1024}
		goChannel, err := ringway.Create(goPath, options)
		if err != nil {
			t.Fatal(err)
		}
		defer goChannel.Close()
		cChannel, err := ctwin.Create(cPath, options, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer cChannel.Close()
		goMap, cMap := mapFile(t, goPath), mapFile(t, cPath)
		// every lease and slot taken by a live process: the parent of this one
		live := proc.Token(int64(os.Getppid()))
		for _, m := range []mapped{goMap, cMap} {
			for slot := range layout.ProducerSlotCount {
				m.putInt64(layout.HeaderProducerSlotsOffset+slot*layout.ProducerSlotLength, live)
			}
			m.putInt64(layout.HeaderProducerLeaseOffset, live)
		}
		_, goErr := goChannel.Producer()
		_, cErr := cChannel.AttachProducer()
		requireSameResult(t, fmt.Sprintf("%v producer", kind), goPath, cPath, goErr, cErr)
		if goErr == nil {
			t.Fatalf("%v: a producer attached although every slot and the lease are taken", kind)
		}
		if _, err := goChannel.Consumer(); err != nil {
			t.Fatal(err)
		}
		if err := cChannel.AttachConsumer(); err != nil {
			t.Fatal(err)
		}
		second, goErr := goChannel.Consumer()
		cErr = cChannel.AttachConsumer()
		requireSameResult(t, fmt.Sprintf("%v second consumer", kind), goPath, cPath, goErr, cErr)
		if second != nil {
			t.Fatalf("%v: a second consumer attached", kind)
		}
	}
}

func TestShouldTimeOutAnEmptyWaitAndWakeAParkedOneAsRingwayHDoes(t *testing.T) {
	goSide := newGoSide(t, ringway.SPSC, 1024, 1, false)
	cSide := newCSide(t, ringway.SPSC, 1024, 1, false)
	goSide.consumer.SetWaitStrategy(ringway.WaitBlocking())
	goSide.producers[0].SetWaitStrategy(ringway.WaitBlocking())
	cSide.SetBlocking()
	goN, goErr := goSide.consumer.PollWaitTimeout(func(int32, []byte) {}, 1, 5*time.Millisecond)
	_, cN, cErr := cSide.PollWait(1, int64(5*time.Millisecond))
	requireSameResult(t, "empty wait", goSide.ch.Path(), cSide.path, goErr, cErr)
	if goN != 0 || cN != 0 {
		t.Fatalf("empty wait delivered Go %d, C %d", goN, cN)
	}
	for _, step := range []string{"parked consumer woken", "again"} {
		goDone := make(chan int)
		go func() {
			n, _ := goSide.consumer.PollWaitTimeout(func(int32, []byte) {}, 1, 20*time.Second)
			goDone <- n
		}()
		cDone := make(chan int)
		go func() {
			_, n, _ := cSide.PollWait(1, int64(20*time.Second))
			cDone <- n
		}()
		goMap, cMap := mapFile(t, goSide.ch.Path()), mapFile(t, cSide.path)
		for goMap.int64At(layout.HeaderDataSequenceOffset)>>32 == 0 || cMap.int64At(layout.HeaderDataSequenceOffset)>>32 == 0 {
			time.Sleep(time.Millisecond) // until both consumers announced their wait (dataWaiters at +4)
		}
		// each side's producer wakes the other's consumer: they share LAYOUT 9, not code
		if err := cSide.Offer(0, 1, []byte(step)); err != nil {
			t.Fatal(err)
		}
		if err := goSide.producers[0].Offer(1, []byte(step)); err != nil {
			t.Fatal(err)
		}
		if goN, cN := <-goDone, <-cDone; goN != 1 || cN != 1 {
			t.Fatalf("%s: delivered Go %d, C %d", step, goN, cN)
		}
		requireIdenticalFiles(t, step, goSide.ch.Path(), cSide.path, true)
	}
	// the ring full, a producer waits for space until the timeout: the same result on both
	for goSide.producers[0].Offer(1, make([]byte, 100)) == nil {
	}
	for cSide.Offer(0, 1, make([]byte, 100)) == nil {
	}
	goErr = goSide.producers[0].OfferWaitTimeout(1, make([]byte, 100), 5*time.Millisecond)
	cErr = cSide.OfferWait(0, 1, make([]byte, 100), int64(5*time.Millisecond))
	requireSameResult(t, "full ring wait", goSide.ch.Path(), cSide.path, goErr, cErr)
	requireIdenticalFiles(t, "full ring wait", goSide.ch.Path(), cSide.path, true)
}
