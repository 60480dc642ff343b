//go:build linux

package ringway

import (
	"context"
	"errors"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// wakeFollowers is the writer's half of LAYOUT 14.9 for the test-only writer: after a commit or a seal, load
// dataWaiters (Go atomics are sequentially consistent: the preceding store and this load are fenced); only when set,
// clear it, increment dataSequence and wakeCount, FUTEX_WAKE every follower.
func (w *testJournalWriter) wakeFollowers(data []byte) {
	waiters := (*int32)(unsafe.Pointer(&data[layout.JournalDataWaitersOffset]))
	if atomic.LoadInt32(waiters) == 0 {
		return
	}
	atomic.StoreInt32(waiters, 0)
	sequence := (*int32)(unsafe.Pointer(&data[layout.JournalDataSequenceOffset]))
	atomic.AddInt32(sequence, 1)
	atomic.AddInt64((*int64)(unsafe.Pointer(&data[layout.JournalWakeCountOffset])), 1)
	const futexWake = 1
	if _, _, errno := syscall.Syscall6(syscall.SYS_FUTEX, uintptr(unsafe.Pointer(sequence)), futexWake,
		uintptr(1<<31-1), 0, 0, 0); errno != 0 {
		w.t.Errorf("futex wake: %v", errno)
	}
}

func (w *testJournalWriter) followerWaiting() bool {
	return atomic.LoadInt32((*int32)(unsafe.Pointer(&w.data[layout.JournalDataWaitersOffset]))) != 0
}

func TestJournalReaderPollWaitTimeoutShouldReturnNothingAfterTheTimeoutAndLeaveItsFlag(t *testing.T) {
	dir := t.TempDir()
	w := newTestJournalWriter(t, dir, 4*4096, 4, 64)
	r := openTestJournal(t, dir)
	r.SetWaitStrategy(WaitBlocking())
	seen := &seenRecords{t: t}
	if n, err := r.PollWaitTimeout(seen.handler(), 10, 0); n != 0 || err != nil || r.ParkCount() != 0 {
		t.Fatalf("a zero timeout polls once: n=%d err=%v parks=%d", n, err, r.ParkCount())
	}
	if n, err := r.PollWaitTimeout(seen.handler(), 10, 20*time.Millisecond); n != 0 || err != nil {
		t.Fatalf("n=%d err=%v, expected 0 and nil after the timeout", n, err)
	}
	if r.ParkCount() == 0 || r.ParkTimeoutCount() != 0 {
		t.Fatalf("parks=%d parkTimeouts=%d, expected a park cut short by the caller's timeout (not counted)",
			r.ParkCount(), r.ParkTimeoutCount())
	}
	if !w.followerWaiting() {
		t.Fatal("a follower leaves dataWaiters set for the writer's next wake to clear")
	}
	w.appendRecords(1)
	if w.followerWaiting() {
		t.Fatal("the writer's wake should have cleared dataWaiters")
	}
}

func TestJournalReaderPollWaitShouldReturnTheContextErrorWhenCancelled(t *testing.T) {
	dir := t.TempDir()
	newTestJournalWriter(t, dir, 4*4096, 4, 64)
	r := openTestJournal(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if n, err := r.PollWait(ctx, (&seenRecords{t: t}).handler(), 10); n != 0 || !errors.Is(err, context.Canceled) {
		t.Fatalf("n=%d err=%v, expected 0 and context.Canceled", n, err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if n, err := r.PollWait(ctx, (&seenRecords{t: t}).handler(), 10); n != 0 || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("n=%d err=%v, expected 0 and context.DeadlineExceeded", n, err)
	}
}

func TestJournalReaderPollWaitShouldBeWokenForEveryRecordAndRollWithoutAParkEndingByTimeout(t *testing.T) {
	dir := t.TempDir()
	w := newTestJournalWriter(t, dir, 3*4096, 1, 16)
	r := openTestJournal(t, dir)
	r.SetWaitStrategy(WaitBlocking())
	const count = 200
	type result struct {
		n   int
		err error
	}
	seen := &seenRecords{t: t}
	for i := 0; i < count; i++ {
		done := make(chan result, 1)
		go func() {
			n, err := r.PollWaitTimeout(seen.handler(), 1, time.Minute)
			done <- result{n, err}
		}()
		// append only once the follower has announced its park on the tail segment (LAYOUT 14.9)
		for !w.followerWaiting() {
			select {
			case got := <-done:
				t.Fatalf("record %d: the follower returned before it waited: %+v", i, got)
			default:
				time.Sleep(10 * time.Microsecond)
			}
		}
		w.appendRecords(1)
		if got := <-done; got.n != 1 || got.err != nil {
			t.Fatalf("record %d: n=%d err=%v", i, got.n, got.err)
		}
	}
	if len(seen.indexes) != count || r.ParkTimeoutCount() != 0 || r.ParkCount() == 0 || w.segmentCount < 5 {
		t.Fatalf("records=%d parkTimeouts=%d parks=%d segments=%d, expected %d, 0, > 0, >= 5", len(seen.indexes),
			r.ParkTimeoutCount(), r.ParkCount(), w.segmentCount, count)
	}
}
