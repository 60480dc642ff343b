//go:build !windows

package ringway

import (
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

// Parking on the wait slots of LAYOUT 9 where the sequence word itself is what waiters sleep on: a futex (Linux;
// futex_other.go elsewhere until other platforms are ported). The words are the state; a channel keeps nothing else.
type wakeups struct{}

const (
	// waitFailedReason and waitFailedExpected describe a failed park: a FUTEX_WAIT result other than a wake, a
	// changed value, a timeout or an interruption (LAYOUT 9.1 step 5).
	waitFailedReason   = "futex wait failed"
	waitFailedExpected = "0, EAGAIN, ETIMEDOUT or EINTR"
)

// wait is LAYOUT 9.1 step 5: FUTEX_WAIT on the slot's sequence word while it holds sequence, for at most timeout.
// sequenceOffset names the slot (layout.HeaderDataSequenceOffset or layout.HeaderSpaceSequenceOffset).
func (w *wakeups) wait(sequenceOffset int, sequenceWord *int32, sequence int32, timeout time.Duration) syscall.Errno {
	return futexWait(sequenceWord, sequence, timeout)
}

// advance is LAYOUT 9.2 step 4 for the slot: the fetch-add of its sequence. It returns the sequence before.
func (w *wakeups) advance(sequenceOffset int, sequenceWord *int32) int32 {
	// SYNC POINT: pairs with the waiter's acquire load of the sequence and with the kernel's compare in FUTEX_WAIT
	return atomic.AddInt32(sequenceWord, 1) - 1
}

// wake is LAYOUT 9.2 step 6 for the slot: FUTEX_WAKE of every waiter on its sequence word.
func (w *wakeups) wake(sequenceOffset int, sequenceWord *int32, sequence int32) {
	futexWake(sequenceWord)
}

func (w *wakeups) bind(header unsafe.Pointer) {}

func (w *wakeups) close() {}
