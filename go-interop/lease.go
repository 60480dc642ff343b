package ringway

import (
	"fmt"
	"sync/atomic"
	"syscall"
	"unsafe"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
	"github.com/ringway-io/ringway/go-interop/internal/proc"
)

// Leases (LAYOUT 8), MPSC producer slots (3.1), heartbeats (8.1), and the repairs a new lease holder makes after a
// dead predecessor (7.1 SPSC, 7.2): ringway.h's ringway_lease_acquire_, _lease_release_, _producer_slot_acquire_,
// _producer_slot_release_, ringway_heartbeat_*, ringway_spsc_repair_tail_ and ringway_finish_dead_consumers_zeroing_
// in Go.

// acquireLease is the attach of LAYOUT 8: it takes a free lease or a dead owner's and returns this process's token.
func acquireLease(leaseWord *int64, path, field string) (int64, error) {
	pid := int64(syscall.Getpid())
	ownToken := proc.Token(pid)
	if ownToken < 0 {
		return 0, fileError(CodeIO, path, field, "cannot read the start time of this process", fmt.Sprintf("pid %d", pid),
			proc.StartTimeSource)
	}
	for {
		// SYNC POINT: pairs with the CAS of the lease by the owner's attach or detach in any process
		ownerToken := atomic.LoadInt64(leaseWord)
		switch {
		case ownerToken == 0:
			if atomic.CompareAndSwapInt64(leaseWord, 0, ownToken) {
				return ownToken, nil
			}
		case ownerToken == ownToken:
			return 0, fileError(CodeLeaseTaken, path, field, "channel role already taken",
				fmt.Sprintf("pid %d (this process)", proc.TokenPid(ownerToken)), "0 (free) or a dead process")
		default:
			verdict, detail := proc.TokenVerdictAt(proc.Root, ownerToken)
			if verdict != proc.Dead {
				// LAYOUT 8: only a process that /proc says is dead loses its lease; "cannot tell" is not "dead"
				found := fmt.Sprintf("pid %d (alive)", proc.TokenPid(ownerToken))
				if verdict != proc.Alive {
					found = fmt.Sprintf("pid %d (liveness unknown: %s)", proc.TokenPid(ownerToken), detail)
				}
				return 0, fileError(CodeLeaseTaken, path, field, "channel role already taken", found,
					"0 (free) or a dead process")
			}
			if atomic.CompareAndSwapInt64(leaseWord, ownerToken, ownToken) {
				// the owner died without closing: its lease passes to us
				return ownToken, nil
			}
		}
	}
}

// releaseLease is the detach of LAYOUT 8: CAS the lease from the own token to 0 (a no-op if someone took it over).
func releaseLease(leaseWord *int64, ownToken int64) {
	atomic.CompareAndSwapInt64(leaseWord, ownToken, 0)
}

func slotToken(slot unsafe.Pointer) *int64 {
	return (*int64)(unsafe.Add(slot, layout.ProducerSlotTokenOffset))
}

func slotClaimFloor(slot unsafe.Pointer) *int64 {
	return (*int64)(unsafe.Add(slot, layout.ProducerSlotClaimFloorOffset))
}

func producerSlot(f *channelFile, index int) unsafe.Pointer {
	return unsafe.Add(f.header, layout.HeaderProducerSlotsOffset+index*layout.ProducerSlotLength)
}

// acquireProducerSlot is the attach of LAYOUT 3.1: it takes the first free MPSC producer slot, or the first slot of a
// dead process, and stores the empty claim floor in it.
func acquireProducerSlot(f *channelFile) (unsafe.Pointer, int64, error) {
	pid := int64(syscall.Getpid())
	ownToken := proc.Token(pid)
	if ownToken < 0 {
		return nil, 0, fileError(CodeIO, f.path, "producerSlots", "cannot read the start time of this process",
			fmt.Sprintf("pid %d", pid), proc.StartTimeSource)
	}
	for index := 0; index < layout.ProducerSlotCount; index++ {
		slot := producerSlot(f, index)
		// SYNC POINT: pairs with the CAS of the token by other producers' attach and close and the consumer's unblock
		ownerToken := atomic.LoadInt64(slotToken(slot))
		var taken bool
		if ownerToken == 0 {
			taken = atomic.CompareAndSwapInt64(slotToken(slot), 0, ownToken)
		} else {
			taken = ownerToken != ownToken && !proc.TokenIsAlive(ownerToken) &&
				atomic.CompareAndSwapInt64(slotToken(slot), ownerToken, ownToken)
		}
		if taken {
			// before the first claim: the previous owner's floor must not describe this handle
			atomic.StoreInt64(slotClaimFloor(slot), layout.NoClaimFloorPosition)
			return slot, ownToken, nil
		}
	}
	return nil, 0, fileError(CodeLeaseTaken, f.path, "producerSlots", "no free MPSC producer slot",
		fmt.Sprintf("%d live", layout.ProducerSlotCount), "a free slot")
}

// releaseProducerSlot is the close of LAYOUT 3.1: it clears the floor and frees the slot (a no-op when someone took
// it over meanwhile).
func releaseProducerSlot(slot unsafe.Pointer, ownToken int64) {
	if atomic.LoadInt64(slotToken(slot)) == ownToken {
		atomic.StoreInt64(slotClaimFloor(slot), layout.NoClaimFloorPosition)
	}
	atomic.CompareAndSwapInt64(slotToken(slot), ownToken, 0)
}

// operationsPerClockRead is RINGWAY_OPERATIONS_PER_CLOCK_READ: busy operations after the last heartbeat clock read
// whose last reads the clock again (LAYOUT 8.1).
const operationsPerClockRead = 256

// heartbeat is one heartbeat word kept by a producer or consumer handle (LAYOUT 8.1, ringway_heartbeat_t).
type heartbeat struct {
	clock                    Clock // nil: CLOCK_MONOTONIC
	word                     *int64
	lastBeatMs               int64
	operationsUntilClockRead int32
}

func newHeartbeat(clock Clock, word *int64) heartbeat {
	return heartbeat{clock: clock, word: word, operationsUntilClockRead: operationsPerClockRead}
}

func (h *heartbeat) clockMs() int64 {
	if h.clock != nil {
		return h.clock()
	}
	return monotonicMs()
}

// beat reads the clock and stores the heartbeat (release) when it moved since the last store (LAYOUT 8.1); the busy
// operations until the next read count from here, so a handle whose idle operations read the clock (a consumer whose
// deliveries alternate with empty polls) makes no read after a delivery. Out of line, so that onBusy's count inlines
// into every offer and poll without the beat.
//
//go:noinline
func (h *heartbeat) beat() {
	h.operationsUntilClockRead = operationsPerClockRead
	nowMs := h.clockMs()
	if nowMs != h.lastBeatMs {
		h.lastBeatMs = nowMs
		// SYNC POINT: pairs with the acquire load of the heartbeat in Status of any process
		atomic.StoreInt64(h.word, nowMs)
	}
}

// onBusy is LAYOUT 8.1's rule for busy operations: a clock read once operationsPerClockRead of them have passed since
// the last read. Producers call it after the commit, so that the read never delays a message.
func (h *heartbeat) onBusy() {
	h.operationsUntilClockRead--
	if h.operationsUntilClockRead <= 0 { // the count inlines into every offer and poll; the beat is out of line
		h.beat()
	}
}

// padDeadClaim publishes padding over [index, index + length) for a claim whose writer is gone (LAYOUT 7.1).
func padDeadClaim(r *ring, index int32, length int32) {
	*r.recordTypeID(index) = layout.PaddingTypeID
	// SYNC POINT: pairs with the consumer's acquire load of length in poll, which then skips the padding
	atomic.StoreInt32(r.recordLength(index), length)
}

// padSPSCToTail is ringway_spsc_pad_to_tail_ (LAYOUT 7.1, SPSC): pads [position, tailPosition), a claim whose length
// was never written, split at the end of the data area; the part at position, where the consumer is stopped, last.
func padSPSCToTail(r *ring, position, tailPosition int64) {
	mask := int64(r.capacity - 1)
	// the dead producer may have missed pre-zeroing the header at the tail (LAYOUT 6.1 step 5)
	r.zeroRecordHeaderPlain(int32(tailPosition & mask))
	index := int32(position & mask)
	claimedLength := tailPosition - position
	firstLength := int32(min(claimedLength, int64(r.capacity-index)))
	wrappedLength := int32(claimedLength - int64(firstLength))
	if wrappedLength > 0 {
		padDeadClaim(r, 0, wrappedLength)
	}
	// last: the record the consumer is stopped at
	padDeadClaim(r, index, firstLength)
}

// repairSPSCTail is ringway_spsc_repair_tail_ (LAYOUT 7.1, SPSC), run by a producer that has just taken the lease:
// it walks the records from the head to the tail and pads every claim a dead predecessor left uncommitted. It
// returns the number of dead claims padded, or ErrCorruptRecord.
func repairSPSCTail(f *channelFile) (int64, error) {
	r := newRing(f)
	mask := int64(r.capacity - 1)
	// SYNC POINT: pairs with the consumer's release store of headPosition
	headPosition := atomic.LoadInt64(r.headPosition())
	tailPosition := atomic.LoadInt64(r.tailPosition())
	// head first: with a negative head, tail - head could overflow
	if headPosition < 0 || tailPosition < headPosition ||
		tailPosition-headPosition > int64(r.capacity)-layout.RecordHeaderLength ||
		(tailPosition|headPosition)&(layout.RecordAlignment-1) != 0 {
		return 0, fileError(CodeCorruptRecord, f.path, "tailPosition", "corrupt positions", fmt.Sprint(tailPosition),
			fmt.Sprintf("a multiple of 8 in [headPosition %d, headPosition + capacity - 8]", headPosition))
	}
	deadClaimCount := int64(0)
	for position := headPosition; position < tailPosition; {
		index := int32(position & mask)
		length := atomic.LoadInt32(r.recordLength(index))
		if length == 0 {
			// the predecessor moved the tail and died before writing this length, or inside an offer or a run, which
			// store none (LAYOUT 6.1 step 6): the claim runs to the tail
			padSPSCToTail(&r, position, tailPosition)
			return deadClaimCount + 1, nil
		}
		recordLength := int64(length)
		if length < 0 {
			recordLength = -recordLength
		}
		if recordLength < layout.RecordHeaderLength || recordLength > int64(r.capacity-index) ||
			int64(layout.AlignedLength(int(recordLength))) > tailPosition-position {
			kind := "a committed record"
			if length < 0 {
				kind = "a claim"
			}
			return 0, fileError(CodeCorruptRecord, f.path, "length", fmt.Sprintf("corrupt record at position=%d", position),
				fmt.Sprint(length), fmt.Sprintf("%s before the tail at %d", kind, tailPosition))
		}
		if length < 0 {
			// claimed with its length written, never committed: pad exactly that record, then walk on
			padDeadClaim(&r, index, int32(recordLength))
			deadClaimCount++
		}
		position += int64(layout.AlignedLength(int(recordLength)))
	}
	return deadClaimCount, nil
}

// finishDeadConsumersZeroing is ringway_finish_dead_consumers_zeroing_ (LAYOUT 7.2, MPSC), run by a consumer that
// has just taken the lease: it finishes the zeroing of a previous consumer that died between storing
// pendingHeadPosition and releasing the head, and moves the head there. An implausible value is ignored.
func finishDeadConsumersZeroing(f *channelFile) {
	r := newRing(f)
	// SYNC POINT: pairs with the previous consumer's release stores of pendingHeadPosition and headPosition
	pendingHeadPosition := atomic.LoadInt64(f.headerInt64(layout.HeaderPendingHeadPositionOffset))
	headPosition := atomic.LoadInt64(r.headPosition())
	tailPosition := atomic.LoadInt64(r.tailPosition())
	headIndex := int32(headPosition & int64(r.capacity-1))
	// headPosition is checked first: a negative one would make pending - head overflow
	if headPosition < 0 || pendingHeadPosition <= headPosition || pendingHeadPosition > tailPosition ||
		pendingHeadPosition-headPosition > int64(r.capacity-headIndex) ||
		pendingHeadPosition&(layout.RecordAlignment-1) != 0 {
		return
	}
	clear(r.bytes(headIndex, int32(pendingHeadPosition-headPosition)))
	// SYNC POINT: pairs with the producers' acquire load of headPosition when they claim space
	atomic.StoreInt64(r.headPosition(), pendingHeadPosition)
}
