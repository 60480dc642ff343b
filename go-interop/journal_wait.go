package ringway

import (
	"context"
	"os"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// Followers parked at a journal's tail (LAYOUT 14.9).
//
// Design: FUTEX_WAIT through futexWait (futex_linux.go), which the runtime treats as a blocking system call (it hands
// the P to another thread, as for a read). The wait loop is
// the one of ringway_journal_poll_wait and Java's JournalReader.poll(handler, limit, timeout, unit); Go's atomics are
// sequentially consistent, so the store of the flag is also the full fence of LAYOUT 14.9 step 3.

const (
	// JournalUnwritableSleep is the longest sleep of PollWait on a segment the process cannot open for writing,
	// so cannot park on.
	JournalUnwritableSleep = time.Millisecond
	journalMaxPark         = time.Second // a parked follower re-checks at least this often (LAYOUT 9.6)
)

// SetWaitStrategy sets how PollWait and PollWaitTimeout wait at the tail (WaitBackoffDefault unless set).
func (r *JournalReader) SetWaitStrategy(strategy WaitStrategy) {
	r.waitStrategy = strategy
	r.hasWaitStrategy = true
}

// ParkCount is the number of FUTEX_WAITs PollWait has made (for monitors and tests).
func (r *JournalReader) ParkCount() int64 { return r.parkCount }

// ParkTimeoutCount is the number of parks that ended by their own one-second timeout rather than by a wake, not
// counting one cut short by the caller's time. With a 1.1 writer appending, tests of lost wakeups assert it zero.
func (r *JournalReader) ParkTimeoutCount() int64 { return r.parkTimeoutCount }

// PollWait delivers up to limit records to handler like Poll, waiting for at least one as the reader's wait strategy
// says (spin, yield, then park on the segment's futex until the writer, in any process, commits or rolls: LAYOUT
// 14.9) until ctx is cancelled or its deadline passes. It returns the number delivered (> 0) and nil; or 0 and
// ctx.Err() when the context ended the wait first; or an error as Poll. It waits in slices of at most MaxWaitSlice
// and checks ctx between them, as Consumer.PollWait does. Records already committed are delivered even when ctx is
// already done.
func (r *JournalReader) PollWait(ctx context.Context, handler JournalHandler, limit int) (int, error) {
	if limit <= 0 && !r.closed && r.segment != nil {
		return 0, nil
	}
	return waitInSlices(ctx, func(slice time.Duration, _ bool) (int, error) {
		return r.PollWaitTimeout(handler, limit, slice)
	})
}

// PollWaitTimeout is PollWait with a plain timeout: 0 and nil when it passed with nothing to deliver (timeout <= 0
// polls once). A parked wait re-checks at least once a second.
func (r *JournalReader) PollWaitTimeout(handler JournalHandler, limit int, timeout time.Duration) (int, error) {
	delivered, err := r.Poll(handler, limit)
	if delivered != 0 || err != nil || timeout <= 0 || limit <= 0 {
		return delivered, err
	}
	strategy := r.waitStrategy
	if !r.hasWaitStrategy {
		strategy = WaitStrategy{Spins: 1000, Yields: 50, Parks: true} // RINGWAY_DEFAULT_BACKOFF_SPINS, _YIELDS
	}
	deadline := time.Now().Add(timeout)
	for idle := int64(0); ; idle++ {
		switch {
		case idle < int64(strategy.Spins):
		case idle < int64(strategy.Spins)+int64(strategy.Yields):
			runtime.Gosched()
		case strategy.Parks:
			if delivered, err = r.park(handler, limit, deadline); delivered != 0 || err != nil {
				return delivered, err
			}
		default:
			runtime.Gosched()
		}
		if delivered, err = r.Poll(handler, limit); delivered != 0 || err != nil || !time.Now().Before(deadline) {
			return delivered, err
		}
	}
}

// park is one park of LAYOUT 14.9: flag, full fence, re-check, then FUTEX_WAIT on the sequence read before the flag.
func (r *JournalReader) park(handler JournalHandler, limit int, deadline time.Time) (int, error) {
	header := r.segment.mapWaitHeader()
	if header == nil {
		time.Sleep(min(JournalUnwritableSleep, max(time.Until(deadline), 0)))
		return 0, nil
	}
	sequence := (*int32)(unsafe.Pointer(&header[layout.JournalDataSequenceOffset]))
	waiters := (*int32)(unsafe.Pointer(&header[layout.JournalDataWaitersOffset]))
	movesBefore := r.segmentMoves
	// SYNC POINT: pairs with the writer's increment of dataSequence before its FUTEX_WAKE
	expected := atomic.LoadInt32(sequence)
	// SYNC POINT: a sequentially consistent store, so ordered before the re-check's loads of committedEnd and
	// segmentState; pairs with the writer's release store of those, full fence and load of dataWaiters
	atomic.StoreInt32(waiters, 1)
	delivered, err := r.Poll(handler, limit)
	remaining := time.Until(deadline)
	// a re-check that moved to the next segment unmapped this slot: park (if need be) on the next one's, next round
	if delivered != 0 || err != nil || remaining <= 0 || movesBefore != r.segmentMoves {
		return delivered, err
	}
	r.parkCount++
	park := min(remaining, journalMaxPark)
	switch errno := futexWait(sequence, expected, park); errno {
	case 0, syscall.EAGAIN, syscall.EINTR:
	case syscall.ETIMEDOUT:
		if remaining > journalMaxPark {
			r.parkTimeoutCount++
		}
	default:
		return 0, journalError(CodeIO, "futex wait failed", r.segment.path, "dataSequence", errno,
			"0, EAGAIN, ETIMEDOUT or EINTR")
	}
	// a follower never clears dataWaiters: another follower may be parked on this segment (LAYOUT 14.9)
	return 0, nil
}

// mapWaitHeader maps the segment's header page a second time, read-write and shared, so that a follower can store
// dataWaiters (the reader's own mapping is PROT_READ). A shared futex on a file mapping is keyed by the file and
// offset, so the writer's wake on its own mapping reaches a waiter on this one. The file is re-opened by path and must
// still be the inode the reader has open. Returns nil when that fails: the caller sleeps instead of parking.
func (s *journalSegment) mapWaitHeader() []byte {
	if s.waitHeader != nil || s.waitUnwritable {
		return s.waitHeader
	}
	s.waitUnwritable = true
	file, err := os.OpenFile(s.path, os.O_RDWR|openNoFollowNonBlock, 0)
	if err != nil {
		return nil
	}
	defer file.Close()
	reopened, err1 := file.Stat()
	mapped, err2 := s.file.Stat()
	if err1 != nil || err2 != nil || !os.SameFile(reopened, mapped) {
		return nil
	}
	header, err := mmapShared(file.Fd(), layout.JournalHeaderLength, protRead|protWrite)
	if err != nil {
		return nil
	}
	s.waitHeader = header
	s.waitUnwritable = false
	return header
}
