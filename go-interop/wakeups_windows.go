//go:build windows

package ringway

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// Parking on the wait slots of LAYOUT 9 on Windows (9.7): WaitOnAddress works only between threads of one process,
// so waiters sleep on named kernel events, named after the file's channelId (LAYOUT 3):
//
//	Local\ringway-<channelId as 16 lower-case hex digits>-data      auto-reset: the one data waiter (the consumer)
//	Local\ringway-<channelId>-space-0, -space-1                      manual-reset: space waiters (producers), by the
//	                                                                 parity of the sequence they read
//
// The flag and sequence words keep their meaning; the events replace only "sleep while the sequence is s" and "wake
// the sleepers". A channel opens (or creates: CreateEventW opens an existing one) its three events at its first park
// or wake and closes them when it closes.
type wakeups struct {
	header unsafe.Pointer // the header page, for channelId
	once   sync.Once
	events [3]windows.Handle // data, space-0, space-1
	err    error             // why the events could not be opened
}

const (
	dataEventIndex   = 0
	spaceEventIndex0 = 1 // + (sequence & 1)

	waitFailedReason   = "event wait failed"
	waitFailedExpected = "WAIT_OBJECT_0 or WAIT_TIMEOUT"

	waitTimeout = 0x102 // WAIT_TIMEOUT
)

// beforeEventWait, nil outside tests, runs between a waiter's compare of the sequence and its WaitForSingleObject: the
// window that the space events leave open (LAYOUT 9.7), which tests widen with it.
var beforeEventWait func(sequenceOffset int)

var eventSuffixes = [3]string{"data", "space-0", "space-1"}

// EventName is the name of one of a channel's Windows events (LAYOUT 9.7): suffix "data", "space-0" or "space-1".
func eventName(channelID int64, suffix string) string {
	return fmt.Sprintf(`Local\ringway-%016x-%s`, uint64(channelID), suffix)
}

func (w *wakeups) bind(header unsafe.Pointer) { w.header = header }

// open creates or opens the three events (once per channel file).
func (w *wakeups) open() {
	channelID := atomic.LoadInt64((*int64)(unsafe.Add(w.header, layout.HeaderChannelIDOffset)))
	for index, suffix := range eventSuffixes {
		name, err := windows.UTF16PtrFromString(eventName(channelID, suffix))
		if err != nil {
			w.err = err
			break
		}
		manualReset := uint32(0)
		if index != dataEventIndex {
			manualReset = 1
		}
		// an existing event is opened (and err is ERROR_ALREADY_EXISTS): the handle is what counts
		handle, err := windows.CreateEvent(nil, manualReset, 0, name)
		if handle == 0 {
			w.err = fmt.Errorf("CreateEventW %s: %w", eventName(channelID, suffix), err)
			break
		}
		w.events[index] = handle
	}
	if w.err != nil {
		w.close()
	}
}

func (w *wakeups) event(index int) (windows.Handle, error) {
	w.once.Do(w.open)
	return w.events[index], w.err
}

// wait is LAYOUT 9.7's "sleep while the sequence is still s": WaitForSingleObject on the slot's event for at most
// timeout (rounded up to milliseconds). The compare a futex makes in the kernel is made here just before the wait: a
// sequence that moved means a wake whose SetEvent is done or coming, so the wait returns at once (as EAGAIN).
func (w *wakeups) wait(sequenceOffset int, sequenceWord *int32, sequence int32, timeout time.Duration) syscall.Errno {
	index := dataEventIndex
	if sequenceOffset == layout.HeaderSpaceSequenceOffset {
		index = spaceEventIndex0 + int(uint32(sequence)&1)
	}
	event, err := w.event(index)
	if err != nil {
		return errnoOf(err)
	}
	// SYNC POINT: pairs with the waker's increment of the sequence, which comes before its SetEvent
	if atomic.LoadInt32(sequenceWord) != sequence {
		return syscall.EAGAIN
	}
	if beforeEventWait != nil {
		beforeEventWait(sequenceOffset)
	}
	milliseconds := (timeout + time.Millisecond - 1) / time.Millisecond
	result, err := windows.WaitForSingleObject(event, uint32(max(milliseconds, 0)))
	switch result {
	case windows.WAIT_OBJECT_0:
		return 0
	case waitTimeout:
		return syscall.ETIMEDOUT
	}
	return errnoOf(err)
}

// advance and wake are LAYOUT 9.2 steps 4 and 6 on Windows (9.7). Data slot: increment the sequence, then SetEvent
// of the auto-reset event, which stays set until the one waiter's next wait consumes it. Space slot (the consumer is
// its only waker): for the move from s to s + 1, reset event (s + 1) & 1, the one the next generation of waiters will
// wait on, increment the sequence, then set event s & 1, the one every waiter that read s waits on. An event is
// reset only two generations after it was set. A failed ResetEvent or SetEvent leaves waiters to their timeouts
// (LAYOUT 9.6), as a failed FUTEX_WAKE does.
func (w *wakeups) advance(sequenceOffset int, sequenceWord *int32) int32 {
	if sequenceOffset == layout.HeaderSpaceSequenceOffset {
		if next, err := w.event(spaceEventIndex0 + int(uint32(atomic.LoadInt32(sequenceWord)+1)&1)); err == nil {
			_ = windows.ResetEvent(next)
		}
	}
	// SYNC POINT: pairs with the waiters' acquire load of the sequence and their compare before the wait
	return atomic.AddInt32(sequenceWord, 1) - 1
}

func (w *wakeups) wake(sequenceOffset int, sequenceWord *int32, sequence int32) {
	index := dataEventIndex
	if sequenceOffset == layout.HeaderSpaceSequenceOffset {
		index = spaceEventIndex0 + int(uint32(sequence)&1)
	}
	if event, err := w.event(index); err == nil {
		_ = windows.SetEvent(event)
	}
}

// close closes the events this channel opened (the objects live on while a peer holds them).
func (w *wakeups) close() {
	for index, handle := range w.events {
		if handle != 0 {
			_ = windows.CloseHandle(handle)
			w.events[index] = 0
		}
	}
}

func errnoOf(err error) syscall.Errno {
	if errno, ok := err.(syscall.Errno); ok {
		return errno
	}
	return syscall.EINVAL
}

var switchToThread = windows.NewLazySystemDLL("kernel32.dll").NewProc("SwitchToThread")

// osYield is sched_yield's Windows twin, SwitchToThread: the thread gives its CPU to any ready thread of any process
// (runtime.Gosched first, for this process's goroutines).
func osYield() {
	runtime.Gosched()
	_, _, _ = switchToThread.Call()
}
