package ringway

import (
	"encoding/binary"
	"fmt"
	"math"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
	"github.com/ringway-io/ringway/go-interop/internal/proc"
)

// The hot path in Go: offer, claim, commit, abort and poll (LAYOUT 6, 7 and the wake of 9.2) read and write the
// mapped channel file with sync/atomic, no system call per message. It follows ringway.h's ringway_producer_offer,
// _try_claim, _commit, _abort and ringway_consumer_poll step for step, with the same checks on every value read from
// the file and the same error codes and fields; the MPSC unblock of a dead claim (LAYOUT 7.1) is here too, as the
// consumer's poll runs it. ctwin/ checks that it writes the same bytes as ringway.h.
//
// Memory order in Go (sync/atomic; the Go memory model makes every atomic operation sequentially consistent):
//   - acquire load  -> atomic.Load*: MOV on amd64, LDAR on arm64.
//   - release store -> atomic.Store*: XCHG on amd64, STLR on arm64 (stronger than release), where the store must
//     also be ordered before a later load (the full fence of LAYOUT 9.2, see below: the commit, the head release).
//     Where a release is all LAYOUT asks (messagesConsumed) -> releaseStoreInt64: on amd64 an
//     assembly MOV (release_amd64.s), since x86 keeps every store behind the loads and stores before it (TSO) and the
//     Go compiler moves no memory access across a call to an assembly function; elsewhere atomic.StoreInt64. XCHG is
//     a locked instruction that waits for the store buffer to drain, and every message's round trip waits for it.
//   - "release store; release fence" (LAYOUT 6.1 step 4, 6.2 steps 3 and 4) -> releaseStoreThenFence. On amd64 the assembly
//     MOV above: no later store passes it (TSO), and the call keeps the compiler from moving one. Elsewhere
//     atomic.Swap* and then atomic.Load* of the same word (release_other.go). On arm64 the swap is SWPAL with LSE,
//     but an LDAXR/STLXR loop without it (Cortex-A53/A72, Graviton 1), and a later plain store may become visible
//     before a store-release (STLXR): release orders only what came before it. The load-acquire (LDAR) of the same
//     word after it cannot be performed before that store-release is visible to all (ARMv8 orders a store-release
//     before a later load-acquire), and no later store passes a load-acquire; so the body and typeId stores that
//     follow can no longer overtake the negative length, which is what the release fence is there for (an MPSC
//     unblock scan would otherwise see a body word before the header, LAYOUT 7.1).
//   - plain (relaxed) load or store -> an ordinary Go load or store of an aligned word: the Go compiler neither
//     tears an aligned 4- or 8-byte access nor moves it across an atomic operation, and only the file's other
//     writers (in other processes, or other goroutines ordered by the atomics around it) race with it, as in C.
//   - full fence (LAYOUT 9.2 step 1) -> the commit's atomic.Store followed by the atomic.Load of the waiters flag:
//     both are sequentially consistent operations, so the Go memory model keeps them in program order in its total
//     order; on amd64 the store is XCHG, a locked instruction and so a full barrier; on arm64 a load-acquire (LDAR)
//     is never observed before an earlier store-release (STLR) of the same thread. Either way no load of the flag
//     passes the commit, which is all the full fence of 9.2 has to give; its partner is the waiter's flag store,
//     full fence and re-check in ringway_prepare_to_wait_ (C), Java's WaitWord, or any other implementation.

// ring is one handle's view of the mapped channel: the three areas of LAYOUT 2 and the values the hot path needs.
// The pointers come from ringway.h's handle, which validated the file at open and keeps the mapping for as long
// as the handle is attached.
type ring struct {
	header           unsafe.Pointer // file offset 0: the header page (LAYOUT 3)
	data             unsafe.Pointer // file offset layout.HeaderLength: the ring data area (LAYOUT 5)
	trailer          unsafe.Pointer // file offset layout.HeaderLength + capacity: the trailer (LAYOUT 4)
	capacity         int32
	maxMessageLength int32
	mpsc             bool
	path             string
	wakeups          *wakeups // the channel file's (LAYOUT 9)
	parks            parkCounts
	// headCacheSeen is the producer handle's head_cache_seen_position (ringway.h): the headCachePosition it last
	// checked or stored itself (LAYOUT 11); nil for a consumer's ring.
	headCacheSeen *int64
}

// touchAheadLineLength is the cache line of LAYOUT 6.1 "Touch ahead": the word touched starts the line after the one
// that holds the next header's end.
const touchAheadLineLength = layout.CacheLineLength

func newRing(f *channelFile) ring {
	return ring{header: f.header, data: f.data, trailer: f.trailer, capacity: f.capacity,
		maxMessageLength: f.maxMessageLength, mpsc: f.kind == MPSC, path: f.path, wakeups: &f.wakeups}
}

func (r *ring) headerInt32(offset int) *int32 { return (*int32)(unsafe.Add(r.header, offset)) }
func (r *ring) headerInt64(offset int) *int64 { return (*int64)(unsafe.Add(r.header, offset)) }
func (r *ring) tailPosition() *int64 {
	return (*int64)(unsafe.Add(r.trailer, layout.TrailerTailPositionOffset))
}
func (r *ring) headPosition() *int64 {
	return (*int64)(unsafe.Add(r.trailer, layout.TrailerHeadPositionOffset))
}
func (r *ring) headCachePosition() *int64 {
	return (*int64)(unsafe.Add(r.trailer, layout.TrailerHeadCachePositionOffset))
}

// recordLength and recordTypeID address the header fields of the record at index, which callers keep in
// [0, capacity - layout.RecordHeaderLength], a multiple of layout.RecordAlignment.
func (r *ring) recordLength(index int32) *int32 {
	return (*int32)(unsafe.Add(r.data, int(index)+layout.RecordLengthOffset))
}

func (r *ring) recordTypeID(index int32) *int32 {
	return (*int32)(unsafe.Add(r.data, int(index)+layout.RecordTypeIDOffset))
}

// bytes views [index, index + length) of the ring data; callers keep it inside [0, capacity).
func (r *ring) bytes(index int32, length int32) []byte {
	return unsafe.Slice((*byte)(unsafe.Add(r.data, int(index))), int(length))
}

// zeroRecordHeaderPlain stores int64 0 (plain) over the record header at index: "pre-zero the next header".
func (r *ring) zeroRecordHeaderPlain(index int32) {
	*(*int64)(unsafe.Add(r.data, int(index))) = 0
}

// touchAhead is LAYOUT 6.1 "Touch ahead" (step 9; as ringway.h and Java's SpscRingWriter.touchAhead), made by an SPSC
// producer after the wake check that follows a commit (Offer, OfferBatch once at its end, Commit), after Abort, and
// after a claim refused for back-pressure (claim): it stores one zero word at the start of the cache line after the
// one holding the next header's end, when that word lies before the end of the data area and below headCachePosition
// + capacity (free space, never an unread record), so that the next claim's pre-zeroing of its next header (step 5)
// stores to a line this producer owns. Plain: no reader reads free space. Only with a head cache this handle checked
// or stored (LAYOUT 11: one a stray write changed since, between a claim and its commit say, may lie beyond the head)
// that is not beyond the tail (a tail a stray write moved behind the head, where every claim refuses). MPSC: none (its
// consumer zeroes what it consumed).
func (r *ring) touchAhead() {
	if r.mpsc {
		return
	}
	// plain loads: only this producer writes tailPosition and, on SPSC, headCachePosition
	tailPosition := *r.tailPosition()
	headCachePosition := *r.headCachePosition()
	if headCachePosition != *r.headCacheSeen || headCachePosition > tailPosition {
		return
	}
	r.touchAheadOf(tailPosition, headCachePosition)
}

// touchAheadOf is touchAhead's store for the tail at tailPosition and a head cache this handle checked or stored
// that is not beyond it.
func (r *ring) touchAheadOf(tailPosition, headCachePosition int64) {
	capacity := int64(r.capacity)
	mask := capacity - 1
	touchPosition := (tailPosition + layout.RecordHeaderLength + touchAheadLineLength - 1) &^ (touchAheadLineLength - 1)
	touchEndPosition := touchPosition + layout.RecordHeaderLength
	if touchEndPosition <= tailPosition-(tailPosition&mask)+capacity &&
		touchEndPosition <= headCachePosition+capacity {
		// a multiple of 64 masked by a capacity of at least 64: the word lies in the data area whatever the file holds
		r.zeroRecordHeaderPlain(int32(touchPosition & mask))
	}
}

// availableLength is capacity - (tail - head), or 0 when tail - head is negative or above the capacity (a stale or
// corrupt position), as ringway_available_length_.
func (r *ring) availableLength(tailPosition, headPosition int64) int64 {
	usedLength := uint64(tailPosition) - uint64(headPosition)
	if usedLength > uint64(r.capacity) {
		return 0
	}
	return int64(r.capacity) - int64(usedLength)
}

// writePadding publishes padding of paddingLength bytes at index (LAYOUT 6.1 step 4, 6.2 step 3).
func (r *ring) writePadding(index int32, paddingLength int32) {
	// "store length = -padding (release); release fence": the typeId store below stays after it
	releaseStoreThenFence(r.recordLength(index), -paddingLength)
	*r.recordTypeID(index) = layout.PaddingTypeID
	// SYNC POINT: pairs with the consumer's acquire load of length in poll: it skips the padding
	atomic.StoreInt32(r.recordLength(index), paddingLength)
}

// claimFull and claimCorruptTail are the claims' results other than a record index.
const (
	// claimFull: back-pressure (LAYOUT 6.3)
	claimFull = -1
	// claimCorruptTail: tailPosition is not a multiple of 8, which no writer stores (LAYOUT 11). Every claim refuses
	// it before writing anything (ErrCorruptRecord, field tailPosition), as ringway.h's and Java's do: an atomic
	// access to a misaligned word faults on arm64 and under checkptr.
	claimCorruptTail = -2
)

// checkedHeadCache is ringway_checked_head_cache_ (LAYOUT 11): a headCachePosition this handle has not seen before is
// checked once against headPosition, and a cache beyond the head (which would let the claim overwrite unread records)
// is replaced by the head. A value a producer legitimately stores is a head it loaded, never beyond a later head.
func (r *ring) checkedHeadCache(headCachePosition int64) int64 {
	if headCachePosition != *r.headCacheSeen {
		// SYNC POINT: pairs with the consumer's release store of headPosition in poll
		headPosition := atomic.LoadInt64(r.headPosition())
		if headCachePosition > headPosition {
			headCachePosition = headPosition
			atomic.StoreInt64(r.headCachePosition(), headPosition)
		}
		*r.headCacheSeen = headCachePosition
	}
	return headCachePosition
}

// storeHeadCache is ringway_store_head_cache_: headCachePosition = headPosition, remembered as seen by this handle.
func (r *ring) storeHeadCache(headPosition int64, release bool) {
	if release {
		atomic.StoreInt64(r.headCachePosition(), headPosition)
	} else {
		*r.headCachePosition() = headPosition
	}
	*r.headCacheSeen = headPosition
}

// fitsSPSCBeforeEnd reports claimSPSC's common case at tailPosition and headCachePosition (only this producer writes
// them on SPSC, so plain loads suffice): the head cache is one this handle has seen (checkedHeadCache has nothing to
// check), the tail is aligned, the cache shows room for the record and the next header (no load of headPosition), and
// both lie before the end of the data area (no wrap, no exact fit). claimSPSC then stores only any line-start padding,
// the tail and the next header: padLineStart and storeTailSPSC (steps 5a, 3 and 5), which claim and offerSPSC call
// themselves then. It inlines into both (cost 65 of the inliner's budget of 80: go build -gcflags=-m=2).
func (r *ring) fitsSPSCBeforeEnd(tailPosition, headCachePosition int64, alignedLength int32) bool {
	requiredLength := alignedLength + layout.RecordHeaderLength
	return headCachePosition == *r.headCacheSeen && tailPosition&(layout.RecordAlignment-1) == 0 &&
		int64(requiredLength) <= r.availableLength(tailPosition, headCachePosition) &&
		requiredLength <= r.capacity-int32(tailPosition&int64(r.capacity-1))
}

// storeTailSPSC is steps 3 and 5 of an SPSC claim that succeeded without a wrap (claim's and offerSPSC's common case,
// after padLineStart; a run, claimRunSPSC), plain (6.1 "SPSC relaxations"): it stores newTailPosition, the tail after
// the record or run and any line-start padding, and pre-zeroes the next header at its index, inside the data area
// since 8 bytes stay free (index 0 when the record, the run or the padding ends at the end of the data area). One
// function with padLineStart would not inline (cost 114: go build -gcflags=-m=2).
func (r *ring) storeTailSPSC(newTailPosition int64) {
	*r.tailPosition() = newTailPosition
	r.zeroRecordHeaderPlain(int32(newTailPosition & int64(r.capacity-1)))
}

// padLineStart is LAYOUT 6.1 step 5a (ringway.h's ringway_spsc_claim_ and _claim_run_, Java's SpscRingWriter) for a
// claim that succeeded, with newTailPosition the tail after its record (or run) and headPosition the head the claim
// holds (the head cache, or headPosition where the claim loaded it; never loaded here): when the record ends
// 8 bytes before the end of a cache line and that head leaves room for 8 more bytes and the next header, it writes
// an 8-byte padding record at the tail and returns the tail after it; otherwise it returns newTailPosition. The
// caller stores the tail it returns (step 3) and pre-zeroes the next header there (step 5; index 0 when the padding
// ends at the end of the data area). Plain stores: the padding lies in the claimed bytes, and no reader reaches it
// before it acquires the record's commit (release), which comes after them.
func (r *ring) padLineStart(newTailPosition, headPosition int64) int64 {
	// newTail + 16 <= head + C compared as the distance newTail - head, as availableLength measures it (ringway.h
	// alike), so that no position a stray write left near the end of the int64 range overflows
	if newTailPosition&(layout.CacheLineLength-1) != layout.LineStartPaddingLineOffset ||
		uint64(newTailPosition)-uint64(headPosition) >
			uint64(r.capacity)-(layout.LineStartPaddingLength+layout.RecordHeaderLength) {
		return newTailPosition
	}
	paddingIndex := int32(newTailPosition & int64(r.capacity-1))
	*r.recordTypeID(paddingIndex) = layout.PaddingTypeID
	*r.recordLength(paddingIndex) = layout.LineStartPaddingLength
	return newTailPosition + layout.LineStartPaddingLength
}

// claimSPSC is LAYOUT 6.1 steps 1 to 5a (ringway_spsc_claim_): the record index, claimFull on back-pressure (after
// publishing any wrap padding; no line-start padding then) or claimCorruptTail.
func (r *ring) claimSPSC(alignedLength int32) int32 {
	mask := r.capacity - 1
	requiredLength := int64(alignedLength) + layout.RecordHeaderLength

	// step 1: only this producer writes tailPosition and headCachePosition, so plain loads suffice
	headPosition := r.checkedHeadCache(*r.headCachePosition())
	tailPosition := *r.tailPosition()
	if tailPosition&(layout.RecordAlignment-1) != 0 {
		return claimCorruptTail
	}
	if requiredLength > r.availableLength(tailPosition, headPosition) {
		// SYNC POINT: pairs with the consumer's release store of headPosition in poll
		headPosition = atomic.LoadInt64(r.headPosition())
		if requiredLength > r.availableLength(tailPosition, headPosition) {
			return claimFull
		}
		r.storeHeadCache(headPosition, false)
	}

	// step 2
	recordIndex := int32(tailPosition & int64(mask))
	toEndLength := r.capacity - recordIndex
	writeIndex := recordIndex
	var paddingLength int32
	newTailPosition := tailPosition + int64(alignedLength)
	if alignedLength == toEndLength {
		// exact fit at the end of the data area; plain, as step 3
		*r.tailPosition() = newTailPosition
		r.zeroRecordHeaderPlain(0)
		return recordIndex
	}
	if requiredLength > int64(toEndLength) {
		writeIndex, newTailPosition = r.wrapToStart(tailPosition, headPosition, requiredLength, int64(alignedLength),
			toEndLength, false)
		paddingLength = toEndLength
	}
	if writeIndex >= 0 {
		// step 5a: the line-start padding of a claim that succeeded, measured against the head it holds, the cache
		// that steps 1 and 2 checked or stored (after a wrap too: the new tail then lies alignedLength bytes into the
		// next lap, where the record ends)
		newTailPosition = r.padLineStart(newTailPosition, *r.headCacheSeen)
	}

	// step 3, plain (LAYOUT 6.1 "SPSC relaxations"): no SPSC reader orders anything after a load of tailPosition;
	// whoever relates it to headPosition or a record sees it through the release of a later commit
	*r.tailPosition() = newTailPosition

	// step 4
	if paddingLength != 0 {
		r.zeroRecordHeaderPlain(0) // index 0 of the next lap
		r.writePadding(recordIndex, paddingLength)
	}

	// step 5 at the tail after any padding of step 5a: 8 bytes always stay free, so this header is inside the data
	// area (index 0 when the line-start padding ends at the end of the data area)
	if writeIndex >= 0 {
		r.zeroRecordHeaderPlain(int32(newTailPosition & int64(mask)))
	}
	return writeIndex
}

// wrapToStart is the wrap of both claims (LAYOUT 6.1 step 2, 6.2 step 2.3), for a record that does not fit before
// the end of the data area: it goes to index 0, after padding to the end, when the consumer has freed
// requiredLength bytes at the start (headPosition is read again once when the cached value says not); otherwise
// the claim fails (claimFull) but the padding is still published. claimLength is what the claim adds to the tail
// besides the padding. Returns the write index (0 or claimFull) and the tail position after the claim.
func (r *ring) wrapToStart(tailPosition, headPosition, requiredLength, claimLength int64, toEndLength int32,
	releaseHeadCache bool) (int32, int64) {
	mask := int64(r.capacity - 1)
	if requiredLength <= headPosition&mask {
		return 0, tailPosition + claimLength + int64(toEndLength)
	}
	// SYNC POINT: pairs with the consumer's release store of headPosition in poll
	headPosition = atomic.LoadInt64(r.headPosition())
	r.storeHeadCache(headPosition, releaseHeadCache)
	if requiredLength > headPosition&mask {
		return claimFull, tailPosition + int64(toEndLength)
	}
	return 0, tailPosition + claimLength + int64(toEndLength)
}

// claimMPSC is LAYOUT 6.2 steps 1 to 3 (ringway_mpsc_claim_), safe against other producers in any goroutine or
// process: the record index, claimFull on back-pressure (after publishing any wrap padding) or claimCorruptTail.
func (r *ring) claimMPSC(alignedLength int32) int32 {
	mask := r.capacity - 1
	requiredLength := int64(alignedLength)

	// step 1; SYNC POINT: pairs with other producers' release stores of headCachePosition
	headPosition := r.checkedHeadCache(atomic.LoadInt64(r.headCachePosition()))
	var tailPosition int64
	var tailIndex, writeIndex, paddingLength int32
	for {
		// step 2.1; SYNC POINT: pairs with the CAS of tailPosition by other producers
		tailPosition = atomic.LoadInt64(r.tailPosition())
		if tailPosition&(layout.RecordAlignment-1) != 0 {
			return claimCorruptTail
		}
		if requiredLength > r.availableLength(tailPosition, headPosition) {
			// SYNC POINT: pairs with the consumer's release store of headPosition in poll
			headPosition = atomic.LoadInt64(r.headPosition())
			if requiredLength > r.availableLength(tailPosition, headPosition) {
				return claimFull
			}
			r.storeHeadCache(headPosition, true)
		}

		// step 2.2
		tailIndex = int32(tailPosition & int64(mask))
		toEndLength := r.capacity - tailIndex
		writeIndex = tailIndex
		paddingLength = 0
		newTailPosition := tailPosition + requiredLength

		// step 2.3
		if requiredLength > int64(toEndLength) {
			writeIndex, newTailPosition = r.wrapToStart(tailPosition, headPosition, requiredLength, requiredLength,
				toEndLength, true)
			paddingLength = toEndLength
		}

		// step 2.4; SYNC POINT: pairs with other producers' and the consumer's acquire loads of tailPosition
		if atomic.CompareAndSwapInt64(r.tailPosition(), tailPosition, newTailPosition) {
			break
		}
	}

	// step 3
	if paddingLength != 0 {
		r.writePadding(tailIndex, paddingLength)
	}
	return writeIndex
}

// signalIfWaiting is the waker's half of LAYOUT 9.2 (ringway_signal_if_waiting_), called right after the atomic
// store that made the waiters' condition true (a commit, an abort, a release of headPosition).
func (r *ring) signalIfWaiting(sequenceOffset, waitersOffset int) bool {
	// SYNC POINT: step 1's full fence is the caller's sequentially consistent atomic store (the commit or the head
	// release) followed by this sequentially consistent load (see the file comment); pairs with the waiter's store
	// of the flag, full fence and re-check (LAYOUT 9.1 steps 2 to 4)
	if atomic.LoadInt32(r.headerInt32(waitersOffset)) == 0 {
		return false // inlined into every commit and poll; the wake is out of line
	}
	return r.signalWaiters(sequenceOffset, waitersOffset)
}

// signalWaiters is LAYOUT 9.2 steps 2 to 6, once the waiters flag was seen set.
func (r *ring) signalWaiters(sequenceOffset, waitersOffset int) bool {
	waiters := r.headerInt32(waitersOffset)
	atomic.StoreInt32(waiters, 0)
	sequenceWord := r.headerInt32(sequenceOffset)
	sequence := r.wakeups.advance(sequenceOffset, sequenceWord) // step 4
	atomic.AddInt64(r.headerInt64(layout.HeaderWakeCountOffset), 1)
	r.wakeups.wake(sequenceOffset, sequenceWord, sequence) // step 6
	return true
}

// detailError is an *Error with ringway.h's detail line "<reason>: file=<file> field=<field> found=<found>
// expected=<expected>", for the checks the Go path makes itself.
func detailError(code Code, file, field, reason, found, expected string) *Error {
	return &Error{Code: code, Reason: reason, File: file, Field: field, Found: found, Expected: expected,
		Message: reason + ": file=" + file + " field=" + field + " found=" + found + " expected=" + expected}
}

/* ------------------------------------------------------------------------------------------------------------------
 * Producer (LAYOUT 6)
 * ---------------------------------------------------------------------------------------------------------------- */

// checkMessage is ringway_producer_check_message_ without the closed check, which the callers make.
func (p *Producer) checkMessage(typeID int32, bodyLength int) error {
	// the check inlines into every offer and claim; the error is built out of line
	if bodyLength < 0 || bodyLength > int(p.ring.maxMessageLength) || typeID < 1 {
		return p.messageError(typeID, bodyLength)
	}
	return nil
}

//go:noinline
func (p *Producer) messageError(typeID int32, bodyLength int) error {
	r := &p.ring
	if bodyLength < 0 || bodyLength > int(r.maxMessageLength) {
		return detailError(CodeMessageLength, r.path, "length", "message length out of range", fmt.Sprint(bodyLength),
			fmt.Sprintf("0..%d (maxMessageLength = capacity %d / 8)", r.maxMessageLength, r.capacity))
	}
	if typeID < 1 {
		return detailError(CodeTypeID, r.path, "typeId", "invalid message type id", fmt.Sprint(typeID), ">=1")
	}
	return nil
}

// beforeClaim is ringway_producer_before_claim_ (LAYOUT 6.2 step 0): before an MPSC claim, a floor at or below the
// position the claim will get (the tail now), unless a claim of this handle is already in progress.
func (p *Producer) beforeClaim() {
	if p.slot != nil { // MPSC: the rest out of line, so that SPSC claims inline this check
		p.beforeClaimMPSC()
	}
}

func (p *Producer) beforeClaimMPSC() {
	p.claimsInProgress++
	if p.claimsInProgress == 1 {
		// SYNC POINT: this store is sequenced before the producer's CAS of tailPosition (sequentially consistent, so
		// also a release); the consumer's acquire load of tailPosition in its unblock, which sees that CAS or a later
		// one, then sees this floor. A release store, as in ringway.h and Java: a locked XCHG here cost ~10 ns a claim
		releaseStoreInt64(p.claimFloorPosition(), atomic.LoadInt64(p.ring.tailPosition()))
	}
}

// afterClaim is ringway_producer_after_claim_ (LAYOUT 6.2 step 5): after a commit, an abort or a refused claim,
// clears the floor when no claim of this handle is in progress.
func (p *Producer) afterClaim() {
	if p.slot != nil { // MPSC: the rest out of line, so that SPSC claims inline this check
		p.afterClaimMPSC()
	}
}

func (p *Producer) afterClaimMPSC() {
	if p.claimsInProgress <= 0 {
		return
	}
	p.claimsInProgress--
	if p.claimsInProgress == 0 {
		// SYNC POINT: after the release store of the length (commit or abort); pairs with the consumer's acquire load
		// of the floor in its unblock, which then sees the commit when it reloads the length. A release store, as in
		// ringway.h and Java
		releaseStoreInt64(p.claimFloorPosition(), layout.NoClaimFloorPosition)
	}
}

func (p *Producer) claimFloorPosition() *int64 {
	return slotClaimFloor(p.slot)
}

// claim is ringway_producer_claim_: claims the record, counts back-pressure and beats (LAYOUT 6.3, 8.1), and on
// MPSC stores the negative length of step 6 (6.2 step 4). On SPSC it stores none: an offer stores no negative length
// (LAYOUT 6.1 step 6), and tryClaim stores it itself. The record index, or -1 and ErrRingFull or the corruption.
func (p *Producer) claim(recordLength int32) (int32, error) {
	r := &p.ring
	alignedLength := int32(layout.AlignedLength(int(recordLength)))
	p.beforeClaim()
	var recordIndex int32
	if r.mpsc {
		recordIndex = r.claimMPSC(alignedLength)
	} else if tailPosition, headCachePosition := *r.tailPosition(), *r.headCachePosition(); r.fitsSPSCBeforeEnd(
		tailPosition, headCachePosition, alignedLength) {
		// claimSPSC's common case here, inlined: one call fewer per message. Offer per message (bench_test.go, 12
		// interleaved rounds, 2026-12-07) 25.1 -> 23.0 ns
		// steps 5a, 3 and 5: the head this claim holds is the head cache
		recordIndex = int32(tailPosition & int64(r.capacity-1))
		r.storeTailSPSC(r.padLineStart(tailPosition+int64(alignedLength), headCachePosition))
	} else {
		recordIndex = r.claimSPSC(alignedLength)
	}
	if recordIndex < 0 {
		return -1, p.claimRefused(recordIndex)
	}
	// the busy operation's clock read (LAYOUT 8.1) comes after its commit or abort, not here: it would delay it
	if r.mpsc {
		// step 6: "store length = -recordLength (release); release fence": the body and typeId stores stay after it
		// (SYNC POINT: pairs with the MPSC consumer's unblock scan, LAYOUT 7.1)
		releaseStoreThenFence(r.recordLength(recordIndex), -recordLength)
	}
	// SPSC: no step 6 here. An offer's length reads the 0 that step 5 pre-zeroed until its commit (LAYOUT 6.1 step
	// 6: the offer is the producer's last claim until then, so a repairing producer pads [P, T) whole, 7.1)
	return recordIndex, nil
}

// claimRefused is claim's ending for a refused claim (recordIndex claimFull or claimCorruptTail), out of line so that
// claim's common case, a record index, carries none of it: the floor cleared (MPSC), then the corruption error, or
// ErrRingFull after counting back-pressure and beating (LAYOUT 6.3, 8.1). The error's formatting gave claim a frame
// of 296 bytes of locals, now 24: spinning Go<->Go ping-pong p99 0.96x in two runs of 80 and 100 interleaved rounds
// (2026-12-07; p50 and mean unchanged), Offer per message (bench_test.go) 0.99x.
func (p *Producer) claimRefused(recordIndex int32) error {
	r := &p.ring
	p.afterClaim()
	if recordIndex == claimCorruptTail {
		tailPosition := atomic.LoadInt64(r.tailPosition())
		return detailError(CodeCorruptRecord, r.path, "tailPosition", "corrupt producer position",
			fmt.Sprint(tailPosition), fmt.Sprintf("a multiple of %d", layout.RecordAlignment))
	}
	atomic.AddInt64(r.headerInt64(layout.HeaderBackPressureCountOffset), 1)
	p.heartbeat.beat() // idle: a clock read is free (LAYOUT 8.1)
	// LAYOUT 6.1 "Touch ahead" after a claim refused for back-pressure too (an offer, a claim, a batch's record):
	// it may have refreshed the head cache, which bounds the touched word, or padded to the end; a batch meeting
	// the same back-pressure then ends with the touch that offers of its records leave
	r.touchAhead()
	return ErrRingFull
}

// offer is ringway_producer_offer after the closed check.
func (p *Producer) offer(typeID int32, body []byte) error {
	fenced, err := p.offerUnsignalled(typeID, body, false)
	if err != nil {
		return err
	}
	// LAYOUT 9.2: a fence (the commit's atomic store, or 9.8) and a load; a system call only when the consumer is parked
	if !fenced {
		p.fenceUnlessPromised()
	}
	p.ring.signalIfWaiting(layout.HeaderDataSequenceOffset, layout.HeaderDataWaitersOffset)
	p.ring.touchAhead() // LAYOUT 6.1 "Touch ahead", after the wake check (SPSC)
	return nil
}

// consumerIssuesMembarrier is ringway_consumer_issues_membarrier_ (LAYOUT 9.8): whether the consumer that holds the
// lease promised membarrier wakeups and this process is registered for them. Two loads of one cache line the consumer
// writes only at attach, close and heartbeats. The first promise seen registers the process and is answered "no".
func (p *Producer) consumerIssuesMembarrier() bool {
	r := &p.ring
	promise := atomic.LoadInt64(r.headerInt64(layout.HeaderConsumerMembarrierLeaseOffset))
	if promise == 0 || promise != atomic.LoadInt64(r.headerInt64(layout.HeaderConsumerLeaseOffset)) {
		return false
	}
	if !p.membarrierRegistered {
		p.membarrierRegistered = registerMembarrier()
		return false
	}
	return true
}

// commitStore is the commit's store of a positive length (LAYOUT 6.1 step 7): the sequentially consistent
// atomic.StoreInt32, which is also the full fence of the wake check (9.2 step 1), unless the caller fences after a
// batch or the consumer promised membarrier wakeups (9.8): then a release store. It returns whether it fenced.
// Callers make the common case, no promise and no batch, themselves (promiseAbsent, then atomic.StoreInt32): this
// function would not inline.
func (p *Producer) commitStore(length *int32, value int32, inBatch bool) bool {
	if inBatch || p.consumerIssuesMembarrier() {
		releaseStoreInt32(length, value)
		return false
	}
	atomic.StoreInt32(length, value)
	return true
}

// wakeConsumer is a producer's wake check of the data slot (LAYOUT 9.2) after commitStore: the full fence unless the
// commit made it or the consumer promised membarrier wakeups (9.8), then the flag load. The promise is checked again
// after the commit: a consumer that withdrew it in between (9.8) has issued a membarrier after withdrawing it, so either
// this load sees the withdrawal, or that barrier made the commit visible to the next consumer's re-check.
func (p *Producer) wakeConsumer(fenced bool) {
	if !fenced {
		p.fenceUnlessPromised()
	}
	p.ring.signalIfWaiting(layout.HeaderDataSequenceOffset, layout.HeaderDataWaitersOffset)
}

// promiseAbsent reports whether no consumer promise is in the header (LAYOUT 9.8): the common case, one load.
func (p *Producer) promiseAbsent() bool {
	return atomic.LoadInt64(p.ring.headerInt64(layout.HeaderConsumerMembarrierLeaseOffset)) == 0
}

// fenceUnlessPromised is wakeConsumer's fence after a release-store commit, out of line.
func (p *Producer) fenceUnlessPromised() {
	if !p.consumerIssuesMembarrier() {
		// SYNC POINT: orders the commit before the flag load; pairs with the consumer's full fence before its re-check
		storeLoadFence()
	}
	// else SYNC POINT: program order only (releaseStoreInt32 is an assembly call the compiler does not move accesses
	// across); pairs with the consumer's flag store, membarrier and re-check (prepareToWaitMembarrier)
}

// offerUnsignalled is offer without the wake check of LAYOUT 9.2, which the caller makes after it
// (ringway_producer_offer_unsignalled_). inBatch: the commit is a release store only (releaseStoreInt32), and the
// caller makes the full fence (storeLoadFence) before its wake check; otherwise the commit is the sequentially
// consistent atomic.StoreInt32 that is also that fence (see the file comment).
func (p *Producer) offerUnsignalled(typeID int32, body []byte, inBatch bool) (bool, error) {
	if err := p.checkMessage(typeID, len(body)); err != nil {
		return false, err
	}
	r := &p.ring
	recordLength := int32(len(body)) + layout.RecordHeaderLength
	recordIndex, err := p.claim(recordLength)
	if err != nil {
		return false, err
	}
	copy(r.bytes(recordIndex+layout.RecordHeaderLength, int32(len(body))), body)
	*r.recordTypeID(recordIndex) = typeID
	// SYNC POINT: the commit; pairs with the consumer's acquire load of length in poll
	fenced := true
	if !inBatch && p.promiseAbsent() {
		atomic.StoreInt32(r.recordLength(recordIndex), recordLength)
	} else {
		fenced = p.commitStore(r.recordLength(recordIndex), recordLength, inBatch)
	}
	p.afterClaim()
	p.heartbeat.onBusy()
	return fenced, nil
}

// tryClaim is ringway_producer_try_claim after the closed check: the body index, or -1 and the error.
func (p *Producer) tryClaim(typeID int32, bodyLength int) (int32, error) {
	if err := p.checkMessage(typeID, bodyLength); err != nil {
		return -1, err
	}
	r := &p.ring
	recordLength := int32(bodyLength) + layout.RecordHeaderLength
	recordIndex, err := p.claim(recordLength)
	if err != nil {
		return -1, err
	}
	if !r.mpsc {
		// LAYOUT 6.1 step 6, tryClaim only: plain, no fence (6.1 "SPSC relaxations"): no SPSC reader scans past a
		// length <= 0, and a producer that repairs after this one died sees every store it executed
		*r.recordLength(recordIndex) = -recordLength
	}
	*r.recordTypeID(recordIndex) = typeID
	return recordIndex + layout.RecordHeaderLength, nil
}

// claimedRecord is ringway_producer_claimed_record_: the record index and length of the claim in progress whose
// body is at bodyIndex, or the ErrClaimState error.
func (p *Producer) claimedRecord(bodyIndex int) (int32, int32, error) {
	r := &p.ring
	bodyIndex = clampIndex(bodyIndex) // as ringway.h reports it: an index outside int32 is -1
	recordIndex := bodyIndex - layout.RecordHeaderLength
	if recordIndex < 0 || recordIndex > int(r.capacity)-layout.RecordHeaderLength || recordIndex&(layout.RecordAlignment-1) != 0 {
		return 0, 0, detailError(CodeClaimState, r.path, "index", "claim index out of range", fmt.Sprint(bodyIndex),
			"an index returned by try_claim")
	}
	length := atomic.LoadInt32(r.recordLength(int32(recordIndex)))
	if length >= 0 || int64(length) < -int64(int(r.capacity)-recordIndex) || -length < layout.RecordHeaderLength {
		return 0, 0, detailError(CodeClaimState, r.path, "length",
			"claimed space previously committed or aborted", fmt.Sprint(length),
			"a negative length (claim in progress)")
	}
	return int32(recordIndex), -length, nil
}

// commit is ringway_producer_commit after the closed check.
func (p *Producer) commit(bodyIndex int) error {
	recordIndex, recordLength, err := p.claimedRecord(bodyIndex)
	if err != nil {
		return err
	}
	// SYNC POINT: the commit; pairs with the consumer's acquire load of length in poll
	fenced := p.commitStore(p.ring.recordLength(recordIndex), recordLength, false)
	p.afterClaim()
	p.heartbeat.onBusy()
	p.wakeConsumer(fenced)
	p.ring.touchAhead() // LAYOUT 6.1 "Touch ahead", after the wake check (SPSC)
	return nil
}

// abort is ringway_producer_abort after the closed check.
func (p *Producer) abort(bodyIndex int) error {
	recordIndex, recordLength, err := p.claimedRecord(bodyIndex)
	if err != nil {
		return err
	}
	*p.ring.recordTypeID(recordIndex) = layout.PaddingTypeID
	// SYNC POINT: pairs with the consumer's acquire load of length in poll: it skips the padding
	fenced := p.commitStore(p.ring.recordLength(recordIndex), recordLength, false)
	p.afterClaim()
	p.heartbeat.onBusy()
	// an aborted claim may be all that stood between a parked consumer and later committed records (MPSC)
	p.wakeConsumer(fenced)
	p.ring.touchAhead() // LAYOUT 6.1 "Touch ahead" (SPSC)
	return nil
}

// offerBatch offers the batch's pending records in order until one is refused, and returns the length of the
// records offered, their count and the refusal; in runs where they fit (offerRunUnsignalled). The wake check of
// LAYOUT 9.2 is made once, after the last commit (LAYOUT 9.2, "Batches"), also when a record was refused after others
// were written.
func (p *Producer) offerBatch(pending []byte) (int, int, error) {
	offset, offered, err := p.offerBatchUnsignalled(pending)
	if offered > 0 {
		// SYNC POINT: the full fence of 9.2 step 1 (or 9.8) after the batch's release-store commits, then the flag
		// load; pairs with the waiter's store of the flag, full fence and re-check (9.1 steps 2 to 4)
		p.wakeConsumer(false)
		p.ring.touchAhead() // LAYOUT 6.1 "Touch ahead", once, after the batch's wake check (SPSC)
	}
	return offset, offered, err
}

func (p *Producer) offerBatchUnsignalled(pending []byte) (int, int, error) {
	offset, offered := 0, 0
	for offset < len(pending) {
		// LAYOUT 6.1 and 6.2 "Runs": the records that fit before the end of the data area, one claim and one commit
		if runLength, runCount := p.offerRunUnsignalled(pending[offset:]); runCount > 0 {
			offset += runLength
			offered += runCount
			continue
		}
		// a record that needs the wrap, finds the ring full or is refused: that one record alone
		// the batch is Go memory, written by Batch.Append; check it anyway before trusting a length from it
		if len(pending)-offset < layout.RecordHeaderLength {
			return offset, offered, detailError(CodeInvalidArgument, "(batch)", "length",
				"batch record header past the batch end", fmt.Sprint(len(pending)-offset),
				fmt.Sprintf(">=%d bytes", layout.RecordHeaderLength))
		}
		record := pending[offset:]
		recordLength := int(int32(binary.LittleEndian.Uint32(record[layout.RecordLengthOffset:])))
		if recordLength < layout.RecordHeaderLength || recordLength > len(record) {
			return offset, offered, detailError(CodeInvalidArgument, "(batch)", "length",
				fmt.Sprintf("malformed batch record at offset=%d", offset), fmt.Sprint(recordLength),
				fmt.Sprintf("%d..%d", layout.RecordHeaderLength, len(record)))
		}
		typeID := int32(binary.LittleEndian.Uint32(record[layout.RecordTypeIDOffset:]))
		if _, err := p.offerUnsignalled(typeID, record[layout.RecordHeaderLength:recordLength], true); err != nil {
			return offset, offered, err
		}
		offered++
		offset = min(offset+layout.AlignedLength(recordLength), len(pending))
	}
	return offset, offered, nil
}

// offerRunUnsignalled writes the longest prefix of the batch records in pending that are valid and fit at the tail
// before the end of the data area as one run (LAYOUT 6.1 and 6.2 "Runs"; Java's RingWriter.writeRun): one claim
// (claimRunSPSC or claimRunMPSC), the records copied without the first length, then one commit, the release store of
// that length (releaseStoreInt32, as every commit of a batch: the caller fences before its wake check). On MPSC the
// run is one claim between the claim floor's steps 0 and 5 (6.2), as an offer is. It returns the length and the count
// of the records written: 0, 0 when the first record is for the per-message path (it needs the wrap, the ring is
// full for it, it is refused, or the tail is corrupt).
func (p *Producer) offerRunUnsignalled(pending []byte) (int, int) {
	r := &p.ring
	p.beforeClaim()
	var recordIndex int32
	var runLength, runCount int
	if r.mpsc {
		recordIndex, runLength, runCount = p.claimRunMPSC(pending)
	} else {
		recordIndex, runLength, runCount = p.claimRunSPSC(pending)
	}
	if runCount > 0 {
		r.copyRun(recordIndex, pending[:runLength])
		firstRecordLength := int32(binary.LittleEndian.Uint32(pending[layout.RecordLengthOffset:]))
		// SYNC POINT: the run's commit; pairs with the consumer's acquire load of the first record's length in poll
		releaseStoreInt32(r.recordLength(recordIndex), firstRecordLength)
	}
	p.afterClaim()
	if runCount > 0 {
		p.heartbeat.onBusy()
	}
	return runLength, runCount
}

// claimRunSPSC is the claim of a run on SPSC (LAYOUT 6.1 "Runs", steps 1 and 2; Java's SpscRingWriter.writeRun): one
// store of tailPosition and one pre-zeroed next header, after the line-start padding of step 5a when the run ends
// 8 bytes before the end of a cache line (none between its records). No negative length: the first header reads the
// 0 that the claim before this one stored until the commit. It returns the run's index, length and count (0 records:
// none).
func (p *Producer) claimRunSPSC(pending []byte) (int32, int, int) {
	r := &p.ring
	// step 1 for the run, as claimSPSC: only this producer writes tailPosition and headCachePosition
	headPosition := r.checkedHeadCache(*r.headCachePosition())
	tailPosition := *r.tailPosition()
	if tailPosition&(layout.RecordAlignment-1) != 0 {
		return 0, 0, 0 // claimCorruptTail: the per-message path reports it
	}
	recordIndex := int32(tailPosition & int64(r.capacity-1))
	// 8 bytes stay free for the pre-zeroed next header
	runLength, runCount, _ := p.pickRun(pending, tailPosition, headPosition, int(r.capacity-recordIndex),
		layout.RecordHeaderLength)
	if runCount == 0 {
		return 0, 0, 0
	}
	// step 5a after the run's end, against the head the run holds after step 1: the head cache as checked, or the
	// head pickRun stored in it; not a head it loaded only to find that it lets no more of the run in, which offers of
	// the run's records would not have loaded (ringway_spsc_claim_run_ and Java's writeRun decide alike). Then steps 3
	// and 5 of the claim, plain (LAYOUT 6.1 "SPSC relaxations"): records are multiples of 8, so a run short of the end
	// leaves its next header inside the data area; one that ends at the end, or whose padding does, pre-zeroes index 0
	r.storeTailSPSC(r.padLineStart(tailPosition+int64(runLength), *r.headCacheSeen))
	return recordIndex, runLength, runCount
}

// claimRunMPSC is the claim of a run on MPSC (LAYOUT 6.2 "Runs", steps 1 and 2; Java's MpscRingWriter.writeRun), safe
// against other producers in any goroutine or process: one CAS of tailPosition, then the negative length of the
// whole run, so that the consumer stops at it and its unblock rule (7.1) treats the run as one claim. It returns
// the run's index, length and count (0 records: none).
func (p *Producer) claimRunMPSC(pending []byte) (int32, int, int) {
	r := &p.ring
	// step 1; SYNC POINT: pairs with other producers' release stores of headCachePosition
	headPosition := r.checkedHeadCache(atomic.LoadInt64(r.headCachePosition()))
	for {
		// step 2.1 for the run; SYNC POINT: pairs with the CAS of tailPosition by other producers
		tailPosition := atomic.LoadInt64(r.tailPosition())
		if tailPosition&(layout.RecordAlignment-1) != 0 {
			return 0, 0, 0 // claimCorruptTail: the per-message path reports it
		}
		recordIndex := int32(tailPosition & int64(r.capacity-1))
		var runLength, runCount int
		runLength, runCount, headPosition = p.pickRun(pending, tailPosition, headPosition,
			int(r.capacity-recordIndex), 0)
		if runCount == 0 {
			return 0, 0, 0
		}
		// step 2.4; SYNC POINT: pairs with other producers' and the consumer's acquire loads of tailPosition
		if atomic.CompareAndSwapInt64(r.tailPosition(), tailPosition, tailPosition+int64(runLength)) {
			// step 2 of the run (step 4 for a record): "store length = -runLength (release); release fence": the
			// records' stores stay after it (SYNC POINT: pairs with the MPSC consumer's unblock scan, LAYOUT 7.1)
			releaseStoreThenFence(r.recordLength(recordIndex), -int32(runLength))
			return recordIndex, runLength, runCount
		}
		// another producer moved the tail: the run is picked again, since the room and the end have changed
	}
}

// pickRun picks a run's records (LAYOUT 6.1 and 6.2 "Runs", step 1): the longest prefix of the valid records in
// pending that ends before the end of the data area (toEndLength bytes from tailPosition) and leaves reservedLength
// bytes free (SPSC keeps 8) by headPosition, the cached head. When the cache cuts the run short of a record that
// would end before the end of the data area, it loads the head (acquire) and stores it as the head cache (release on
// MPSC) only when it lets that record in, as a claim stores it when it then succeeds: the trailer then holds what
// offers of the same records would leave. It returns the run's length and count, and the head position it used last.
func (p *Producer) pickRun(pending []byte, tailPosition, headPosition int64,
	toEndLength, reservedLength int) (int, int, int64) {
	r := &p.ring
	freeLength := int(r.availableLength(tailPosition, headPosition)) - reservedLength
	runLength, runCount := p.runPrefix(pending, 0, 0, min(freeLength, toEndLength))
	if nextLength := p.runRecordLength(pending[runLength:]); nextLength > 0 && runLength+nextLength <= toEndLength {
		// SYNC POINT: pairs with the consumer's release store of headPosition in poll
		headPosition = atomic.LoadInt64(r.headPosition())
		freeLength = int(r.availableLength(tailPosition, headPosition)) - reservedLength
		if runLength+nextLength <= freeLength {
			r.storeHeadCache(headPosition, r.mpsc)
			runLength, runCount = p.runPrefix(pending, runLength, runCount, min(freeLength, toEndLength))
		}
	}
	return runLength, runCount, headPosition
}

// runPrefix extends a run of runCount records in the first runLength bytes of pending with the records that follow
// while the run stays within limitLength bytes, and returns its new length and count.
func (p *Producer) runPrefix(pending []byte, runLength, runCount, limitLength int) (int, int) {
	for {
		nextLength := p.runRecordLength(pending[runLength:])
		if nextLength == 0 || runLength+nextLength > limitLength {
			return runLength, runCount
		}
		runLength += nextLength
		runCount++
	}
}

// runRecordLength is the aligned length of the batch record at the start of records when a run may take it: a whole
// record inside the batch that the per-message path would offer (typeId >= 1, a body of 0 to maxMessageLength);
// else 0, and the per-message path refuses it once it is first.
func (p *Producer) runRecordLength(records []byte) int {
	if len(records) < layout.RecordHeaderLength {
		return 0
	}
	recordLength := int(int32(binary.LittleEndian.Uint32(records[layout.RecordLengthOffset:])))
	typeID := int32(binary.LittleEndian.Uint32(records[layout.RecordTypeIDOffset:]))
	bodyLength := recordLength - layout.RecordHeaderLength
	if bodyLength < 0 || bodyLength > int(p.ring.maxMessageLength) || typeID < 1 ||
		layout.AlignedLength(recordLength) > len(records) {
		return 0
	}
	return layout.AlignedLength(recordLength)
}

// copyRun copies the batch records of a run (LAYOUT 6.1 and 6.2 "Runs", step 3) to the ring at index: the first
// record's typeId and body, every later record's header and body, and never the bytes between a record's end and its
// aligned end, which keep what the ring held there, as after offers. Records with no such gap are copied together.
func (r *ring) copyRun(index int32, records []byte) {
	fromOffset := layout.RecordTypeIDOffset // the first record's length is the commit
	for offset := 0; offset < len(records); {
		endOffset := offset + int(int32(binary.LittleEndian.Uint32(records[offset+layout.RecordLengthOffset:])))
		offset += layout.AlignedLength(endOffset - offset)
		if endOffset < offset || offset == len(records) {
			copy(r.bytes(index+int32(fromOffset), int32(endOffset-fromOffset)), records[fromOffset:endOffset])
			fromOffset = offset
		}
	}
}

/* ------------------------------------------------------------------------------------------------------------------
 * Consumer (LAYOUT 7)
 * ---------------------------------------------------------------------------------------------------------------- */

// isCorruptRecord reports whether a record with a positive length fails a check of LAYOUT 7 step 2.2, toEndLength
// bytes before the end of the data area: a length below the header or beyond that end; for a message (not padding),
// a type id below 1 or a body beyond maxMessageLength. corruptRecordAt words the first check it fails.
func (r *ring) isCorruptRecord(recordLength, typeID, toEndLength int32) bool {
	return recordLength < layout.RecordHeaderLength || recordLength > toEndLength ||
		(typeID != layout.PaddingTypeID && (typeID < 1 || recordLength-layout.RecordHeaderLength > r.maxMessageLength))
}

// corruptRecordAt is the ErrCorruptRecord of the record at recordPosition, which failed a check of LAYOUT 7 step 2.2
// (toEndLength bytes of the data area from it): the first check it fails, worded as ringway.h words it. Out of line,
// so that the poll's loop holds no formatting (and its frame no room for it).
//
//go:noinline
func (c *Consumer) corruptRecordAt(recordPosition int64, recordLength, typeID, toEndLength int32) error {
	if recordLength < layout.RecordHeaderLength || recordLength > toEndLength {
		return c.corruptRecord("length", recordPosition, recordLength,
			fmt.Sprintf("%d..%d (header length to end of data area)", layout.RecordHeaderLength, toEndLength))
	}
	if typeID < 1 {
		return c.corruptRecord("typeId", recordPosition, typeID, ">=1 or -1 (padding)")
	}
	return c.corruptRecord("length", recordPosition, recordLength,
		fmt.Sprintf("<=%d (maxMessageLength + header)", c.ring.maxMessageLength+layout.RecordHeaderLength))
}

// corruptRecord is the ErrCorruptRecord of one failed check of LAYOUT 7 step 2.2, worded as ringway.h words it.
func (c *Consumer) corruptRecord(field string, recordPosition int64, found int32, expected string) error {
	return detailError(CodeCorruptRecord, c.ring.path, field,
		fmt.Sprintf("corrupt record at position=%d", recordPosition), fmt.Sprint(found), expected)
}

// endPass is the end of a pass of pollBeating (LAYOUT 7 step 3): the head moves from c.headPosition to
// nextHeadPosition (in the same lap, at most the end of the data area), released to the producers.
func (c *Consumer) endPass(nextHeadPosition int64) {
	if nextHeadPosition == c.headPosition {
		return
	}
	r := &c.ring
	if r.mpsc {
		// LAYOUT 7 step 3: say where the zeroing leads first, for the next consumer if this one dies (7.2)
		atomic.StoreInt64(r.headerInt64(layout.HeaderPendingHeadPositionOffset), nextHeadPosition)
		// MPSC producers rely on consumed space reading as zero: must precede the release of headPosition
		clear(r.bytes(int32(c.headPosition&int64(r.capacity-1)), int32(nextHeadPosition-c.headPosition)))
	}
	c.headPosition = nextHeadPosition
	// SYNC POINT: pairs with the producers' acquire load of headPosition when they claim space
	atomic.StoreInt64(r.headPosition(), nextHeadPosition)
}

// poll is ringway_consumer_poll after the closed and limit checks (limit >= 1).
func (c *Consumer) poll(deliver func(typeID int32, body []byte), limit int) (int, error) {
	return c.pollBeating(deliver, limit, true)
}

// pollBeating is poll, whose empty poll beats the heartbeat only when idleBeat: a spinning wait reads the clock once
// every spinsPerClockRead re-checks (LAYOUT 8.1).
//
// It makes LAYOUT 7 steps 1 to 5 (ringway_consumer_read_block_ and the rest of ringway_consumer_poll_) in one
// function: at most two passes, each from the head to the first uncommitted record or the end of the data area
// (the second from index 0, when the first stopped at the end), handing each message to deliver; then the head's
// release and wake, messagesConsumed and the heartbeat (endPoll). At a record that breaks a check of step 2.2 the
// pass stops before it and the poll returns the corruption, unless it delivered messages first (then the next poll
// reports it).
//
// A handler of Poll or PollWait that panics stops the poll after its message, which counts as consumed
// (ringway_consumer_stop_poll; a Java handler that throws): the deferred recoverHandlerPanic keeps the panic, which
// Poll raises again when it returns, ends the pass at that message and ends the poll as any other. One deferred call
// per poll, not a function with its own defer and recover around each handler call, called through a closure: that
// wrapper made the spinning Go<->Go round trip about 30 ns slower than a direct call with no recovery at all (14
// interleaved rounds, p50 190 -> 160 ns). A poll of one message defers it only once it has a message to deliver, so
// that the spinning empty poll defers nothing: with the one-call recovery (newHandlerPanicRecovery),
// benchmarks/ab-pingpong.sh, 24 rounds, mean round trip below the p99 B/A Go ping with C pong 0.979, with Java pong
// 0.954, Go<->Go 0.989 (Java<->Java, unchanged, 0.993). A panic of PollBatch's own copy into the batch (no handler is
// set then) is not recovered and goes on up, as does runtime.Goexit in a handler (recover gives nil).
//
// One function, not a pass function called once or twice, and a poll of one message (limit 1, the spinning poll's)
// in fewer steps: Go calls keep no register, so every value live across the handler's call is stored and loaded
// again around it. With offerSPSC, OfferPollOneMessage (bench_test.go, scripts/bench-compare.sh, 9 interleaved
// rounds) 29.2 -> 23.5 ns; the merge alone changed nothing measurable, and batches pay about 1 ns (PollBatchPerRound
// 1.05x).
func (c *Consumer) pollBeating(deliver func(typeID int32, body []byte), limit int,
	idleBeat bool) (delivered int, err error) {
	r := &c.ring
	startPosition := c.headPosition
	if limit == 1 {
		// the poll of one message, the spinning poll's: an empty ring, or one valid message at the head (or after a
		// line-start padding there), in fewer steps and with fewer values kept across the handler's call (Go's calls
		// keep no register) than the passes
		headIndex := int32(startPosition & int64(r.capacity-1))
		// SYNC POINT: pairs with the producer's release store of a positive length (commit or padding)
		recordLength := atomic.LoadInt32(r.recordLength(headIndex))
		if recordLength <= 0 {
			return c.endPoll(startPosition, 0, nil, idleBeat)
		}
		typeID := *r.recordTypeID(headIndex)
		messageIndex := headIndex
		if typeID == layout.PaddingTypeID && recordLength == layout.LineStartPaddingLength &&
			headIndex < r.capacity-layout.LineStartPaddingLength {
			// a padding of one header's length short of the end of the data area, as a line-start padding (LAYOUT
			// 6.1 step 5a) is, which the poll after each padded message finds at the head: skipped here, with the
			// message after it or alone, as the passes below would skip it, without their deferred call and loop
			// (OfferPollOneMessage, scripts/bench-compare.sh, 9 interleaved rounds: 22.1 -> 20.9 ns)
			messageIndex += layout.LineStartPaddingLength
			// SYNC POINT: pairs with the producer's release store of a positive length (commit or padding)
			recordLength = atomic.LoadInt32(r.recordLength(messageIndex))
			if recordLength <= 0 {
				c.endPass(startPosition + layout.LineStartPaddingLength)
				return c.endPoll(startPosition, 0, nil, idleBeat)
			}
			typeID = *r.recordTypeID(messageIndex)
		}
		if typeID != layout.PaddingTypeID && !r.isCorruptRecord(recordLength, typeID, r.capacity-messageIndex) {
			defer c.recoverHandlerPanic()
			c.pollStartPosition, c.pollIdleBeat = startPosition, idleBeat
			delivered = 1
			body := r.bytes(messageIndex+layout.RecordHeaderLength, recordLength-layout.RecordHeaderLength)
			c.isInHandler, c.handlerDelivered = true, 1
			c.handlerPassEndPosition = startPosition + int64(messageIndex-headIndex) +
				int64(layout.AlignedLength(int(recordLength)))
			deliver(typeID, body[:len(body):len(body)])
			c.isInHandler = false
			c.endPass(c.handlerPassEndPosition)
			// the end below, here once more: falling through to it cost 1 ns per OfferPollOneMessage (minimum of 8
			// alternating runs, 22.6 against 21.0 ns), a helper for both a call (endPoll's cost is over the inliner's)
			// LAYOUT 9.2: space was freed (the release of headPosition); wake producers parked for space
			r.signalIfWaiting(layout.HeaderSpaceSequenceOffset, layout.HeaderSpaceWaitersOffset)
			c.messagesConsumed++
			// LAYOUT 7, step 5; SYNC POINT: pairs with the acquire load of messagesConsumed in Status and at attach
			releaseStoreInt64(r.headerInt64(layout.HeaderMessagesConsumedOffset), c.messagesConsumed)
			c.heartbeat.onBusy()
			return 1, nil
		}
	}
	defer c.recoverHandlerPanic()
	c.pollStartPosition, c.pollIdleBeat = startPosition, idleBeat
	var corrupt error
	for pass := 0; pass < 2 && delivered < limit; pass++ {
		passPosition := c.headPosition
		if pass > 0 && (passPosition == startPosition || passPosition&int64(r.capacity-1) != 0) {
			break // a second pass only after the first stopped at the end of the data area (LAYOUT 7, step 4)
		}
		headIndex := int32(passPosition & int64(r.capacity-1))
		blockEndLength := r.capacity - headIndex
		var bytesRead int32
		for bytesRead < blockEndLength && delivered < limit {
			recordIndex := headIndex + bytesRead
			// SYNC POINT: pairs with the producer's release store of a positive length (commit or padding)
			recordLength := atomic.LoadInt32(r.recordLength(recordIndex))
			if recordLength <= 0 {
				break
			}
			typeID := *r.recordTypeID(recordIndex)
			recordPosition := passPosition + int64(bytesRead)
			toEndLength := blockEndLength - bytesRead
			if r.isCorruptRecord(recordLength, typeID, toEndLength) {
				corrupt = c.corruptRecordAt(recordPosition, recordLength, typeID, toEndLength)
				break
			}
			bytesRead += int32(layout.AlignedLength(int(recordLength)))
			if typeID == layout.PaddingTypeID {
				continue
			}
			delivered++
			// a full slice expression: the handler cannot grow the body over the next record
			body := r.bytes(recordIndex+layout.RecordHeaderLength, recordLength-layout.RecordHeaderLength)
			// where the pass ends if the handler panics (recoverHandlerPanic): after this message
			c.handlerPassEndPosition, c.isInHandler, c.handlerDelivered = passPosition+int64(bytesRead), true, delivered
			deliver(typeID, body[:len(body):len(body)])
			c.isInHandler = false
		}
		c.endPass(passPosition + int64(bytesRead))
		if corrupt != nil {
			break
		}
	}
	if delivered == 0 || c.headPosition == startPosition {
		return c.endPoll(startPosition, delivered, corrupt, idleBeat)
	}
	// endPoll's common case written out here, one call fewer per poll
	// LAYOUT 9.2: space was freed (the release of headPosition); wake producers parked for space
	r.signalIfWaiting(layout.HeaderSpaceSequenceOffset, layout.HeaderSpaceWaitersOffset)
	c.messagesConsumed += int64(delivered)
	// LAYOUT 7, step 5; SYNC POINT: pairs with the acquire load of messagesConsumed in Status and at attach
	releaseStoreInt64(r.headerInt64(layout.HeaderMessagesConsumedOffset), c.messagesConsumed)
	c.heartbeat.onBusy()
	return delivered, nil
}

// newHandlerPanicRecovery makes the consumer's recoverHandlerPanic, which pollBeating defers: it keeps a panic of
// the handler of Poll or PollWait to raise again when the poll returns, ends the pass after that handler's message and
// ends the poll (endPoll). It recovers nothing when the poll ended without a panic, nor a panic of PollBatch's own
// copy into the batch (no handler is set then), which goes on up; runtime.Goexit in a handler (recover gives nil)
// goes on unwinding too. A function value made once per consumer, with recover in its own body (recover works only
// there), rather than a deferred method call: Go wraps a deferred call with arguments or a receiver in a closure of
// its own, so that every delivering poll paid two calls at its end instead of one.
func (c *Consumer) newHandlerPanicRecovery() func() {
	return func() {
		if !c.isInHandler {
			return
		}
		c.isInHandler = false
		if c.handler == nil {
			return
		}
		if recovered := recover(); recovered != nil {
			c.panic = recovered
			c.endPass(c.handlerPassEndPosition)
			_, _ = c.endPoll(c.pollStartPosition, c.handlerDelivered, nil, c.pollIdleBeat)
		}
	}
}

// endPoll is LAYOUT 7 steps 5 and 9.2 after the passes of pollBeating: the wake of producers parked for space when
// the head moved, messagesConsumed and the busy heartbeat when messages were delivered, else the corruption, or the
// idle beat and the MPSC unblock rule.
func (c *Consumer) endPoll(startPosition int64, delivered int, corrupt error, idleBeat bool) (int, error) {
	r := &c.ring
	if c.headPosition != startPosition {
		// LAYOUT 9.2: space was freed (the release of headPosition); wake producers parked for space
		r.signalIfWaiting(layout.HeaderSpaceSequenceOffset, layout.HeaderSpaceWaitersOffset)
	}
	if delivered > 0 {
		c.messagesConsumed += int64(delivered)
		// LAYOUT 7, step 5; SYNC POINT: pairs with the acquire load of messagesConsumed in Status and at attach
		releaseStoreInt64(r.headerInt64(layout.HeaderMessagesConsumedOffset), c.messagesConsumed)
		c.heartbeat.onBusy()
		return delivered, nil
	}
	if corrupt != nil {
		return 0, corrupt
	}
	if idleBeat {
		c.heartbeat.beat() // idle (LAYOUT 8.1)
	}
	if r.mpsc && c.mayBeStuck() {
		return 0, c.unblockIfStuck()
	}
	return 0, nil
}

// mayBeStuck says whether an empty MPSC poll runs the unblock rule (LAYOUT 7.1 step 1): at most once per millisecond
// of the heartbeat's last clock read, whatever the length at the head. The rule loads tailPosition, whose cache line
// the producers CAS on every claim; loaded on every empty poll, it moves to the consumer's core and back before each
// producer's next CAS (measured in Java with benchmarks/ab-mpsc.sh, 2 producer processes: 1.28x the throughput of
// running it on every poll that finds a negative length at the head).
func (c *Consumer) mayBeStuck() bool {
	if c.heartbeat.lastBeatMs == c.tailCheckedMs {
		return false
	}
	c.tailCheckedMs = c.heartbeat.lastBeatMs
	return true
}

// unblockIfStuck is ringway_consumer_unblock_if_stuck_ (LAYOUT 7.1, MPSC): on an empty poll, it pads a record that
// has stopped the consumer at the same head for the unblock timeout, unless a live producer may own it, and counts it.
func (c *Consumer) unblockIfStuck() error {
	r := &c.ring
	// SYNC POINT: pairs with the producers' CAS of tailPosition when they claim
	tailPosition := atomic.LoadInt64(r.tailPosition())
	if tailPosition == c.headPosition {
		c.blockedPosition = -1
		c.blockingProducerPid = 0
		return nil
	}
	nowMs := c.heartbeat.clockMs()
	if c.blockedPosition != c.headPosition {
		c.blockingProducerPid = 0
		c.blockedPosition = c.headPosition
		c.blockedSinceMs = nowMs
		return nil
	}
	if nowMs-c.blockedSinceMs < c.unblockTimeoutMs {
		return nil
	}
	// step 2: who may own the claim at the head; every slot's token, then its floor
	headPosition := c.headPosition
	var candidateTokens [layout.ProducerSlotCount]int64
	candidateCount := 0
	for index := range candidateTokens {
		slot := unsafe.Add(r.header, layout.HeaderProducerSlotsOffset+index*layout.ProducerSlotLength)
		// SYNC POINT: pairs with the producers' CAS of the token at attach and their release stores of the floor
		// around each claim (sequenced before their CAS of tailPosition, which this consumer acquired above)
		token := atomic.LoadInt64(slotToken(slot))
		claimFloorPosition := atomic.LoadInt64(slotClaimFloor(slot))
		if token != 0 && claimFloorPosition <= headPosition {
			candidateTokens[index] = token
			candidateCount++
		}
	}
	// step 3: a claimant clears its floor only after its commit, so a cleared floor seen above means this sees it
	headIndex := int32(headPosition & int64(r.capacity-1))
	if atomic.LoadInt32(r.recordLength(headIndex)) > 0 {
		return nil
	}
	// step 4: a live (running, stopped or paused) candidate may own the claim: never unblock it
	for _, token := range candidateTokens {
		if token != 0 && proc.TokenIsAlive(token) {
			c.blockingProducerPid = proc.TokenPid(token)
			c.blockedSinceMs = nowMs
			return nil
		}
	}
	c.blockingProducerPid = 0
	// step 5 (candidates, all dead) or step 6 (no candidate: a producer without slots, the layout 1.1 rule)
	unblocked, err := c.unblockMPSC(tailPosition)
	if err != nil {
		return err
	}
	if unblocked {
		atomic.AddInt64(r.headerInt64(layout.HeaderUnblockedRecordCountOffset), 1)
		c.blockedPosition = -1
		for index, token := range candidateTokens {
			if token != 0 {
				// the dead owner's slot is free again; the next owner stores its own floor
				slot := unsafe.Add(r.header, layout.HeaderProducerSlotsOffset+index*layout.ProducerSlotLength)
				atomic.CompareAndSwapInt64(slotToken(slot), token, 0)
			}
		}
	}
	return nil
}

// stillZeroed is ringway_still_zeroed_: every aligned word of [downToIndex, fromIndex) reads 0.
func (r *ring) stillZeroed(fromIndex, downToIndex int32) bool {
	for index := fromIndex - layout.RecordAlignment; index >= downToIndex; index -= layout.RecordAlignment {
		if atomic.LoadInt32(r.recordLength(index)) != 0 {
			return false
		}
	}
	return true
}

// unblockMPSC is ringway_mpsc_unblock_ (LAYOUT 7.1, MPSC): Agrona's ManyToOneRingBuffer.unblock rule with bounds
// checks, plus padding a zeroed claim that runs to the end of the data area when the tail has wrapped. It returns
// whether the record at the head was padded.
func (c *Consumer) unblockMPSC(tailPosition int64) (bool, error) {
	r := &c.ring
	capacity := r.capacity
	mask := int64(capacity - 1)
	headPosition := c.headPosition
	if tailPosition == headPosition {
		return false, nil
	}
	if tailPosition < headPosition || tailPosition-headPosition > int64(capacity) {
		return false, detailError(CodeCorruptRecord, r.path, "tailPosition",
			fmt.Sprintf("corrupt record at position=%d", headPosition), fmt.Sprint(tailPosition),
			fmt.Sprintf("headPosition %d .. headPosition + capacity %d", headPosition, capacity))
	}
	consumerIndex := int32(headPosition & mask)
	producerIndex := int32(tailPosition & mask)
	toEndLength := capacity - consumerIndex
	length := atomic.LoadInt32(r.recordLength(consumerIndex))
	if length < 0 {
		// -length is bounded before it is aligned, and the padding must end at or before the tail
		claimableLength := min(tailPosition-headPosition, int64(toEndLength))
		if length == math.MinInt32 || -length < layout.RecordHeaderLength || -length > toEndLength ||
			int64(layout.AlignedLength(int(-length))) > claimableLength {
			return false, detailError(CodeCorruptRecord, r.path, "length",
				fmt.Sprintf("corrupt claim at position=%d", headPosition), fmt.Sprint(length),
				fmt.Sprintf("-%d..-%d (a claim inside the data area and before the tail %d)", layout.RecordHeaderLength,
					claimableLength, tailPosition))
		}
		padDeadClaim(r, consumerIndex, -length)
		return true, nil
	}
	if length > 0 {
		return false, nil
	}
	// the scan never passes the tail: head + (limit - consumerIndex) <= tail in both cases, given the check above
	tailWrapped := producerIndex <= consumerIndex
	limit := producerIndex
	if tailWrapped {
		limit = capacity
	}
	for index := consumerIndex + layout.RecordAlignment; index < limit; index += layout.RecordAlignment {
		if atomic.LoadInt32(r.recordLength(index)) != 0 {
			if !r.stillZeroed(index, consumerIndex) {
				return false, nil
			}
			padDeadClaim(r, consumerIndex, index-consumerIndex)
			return true, nil
		}
	}
	if tailWrapped {
		padDeadClaim(r, consumerIndex, toEndLength)
		return true, nil
	}
	return false, nil
}

// pollBatch polls up to limit messages into free, asking the ring only for as many as are sure to fit. It returns
// the messages copied and the length written.
func (c *Consumer) pollBatch(free []byte, limit int) (int, int, error) {
	return c.pollBatchFor(free, limit, 0, WaitStrategy{})
}

// pollBatchFor is pollBatch whose first poll waits up to timeout for a message as strategy says (timeout <= 0: a
// plain poll); the following polls take only what is already there.
func (c *Consumer) pollBatchFor(free []byte, limit int, timeout time.Duration, strategy WaitStrategy) (int, int, error) {
	maxRecordLength := layout.AlignedLength(int(c.ring.maxMessageLength) + layout.RecordHeaderLength)
	written, copied := 0, 0
	sink := func(typeID int32, body []byte) {
		recordLength := len(body) + layout.RecordHeaderLength
		record := free[written : written+layout.AlignedLength(recordLength)]
		binary.LittleEndian.PutUint32(record[layout.RecordLengthOffset:], uint32(recordLength))
		binary.LittleEndian.PutUint32(record[layout.RecordTypeIDOffset:], uint32(typeID))
		copy(record[layout.RecordHeaderLength:], body)
		clear(record[recordLength:])
		written += len(record)
	}
	for copied < limit {
		// ask only for what is sure to fit: poll cannot leave a message it has delivered in the ring
		ask := min((len(free)-written)/maxRecordLength, limit-copied)
		if ask <= 0 {
			break
		}
		var n int
		var err error
		if copied == 0 && timeout > 0 {
			n, err = c.pollWaitFor(sink, ask, timeout, strategy)
		} else {
			n, err = c.poll(sink, ask)
		}
		if err != nil {
			if copied > 0 {
				return copied, written, nil
			}
			return 0, written, err
		}
		copied += n
		if n < ask {
			break
		}
	}
	return copied, written, nil
}

// offerSPSC is the common case of Offer and OfferWait, in one function: an SPSC channel with no membarrier promise
// (LAYOUT 9.8; the callers check both, so that an MPSC or promised offer costs a load and a branch, not a call), a
// valid message, and a head cache this handle has seen that shows room for the record and the next header before
// the end of the data area (fitsSPSCBeforeEnd). It makes what offer makes in that case, step for step (LAYOUT 6.1
// steps 3, 5, 5a, 7, the heartbeat count of 8.1, the wake check of 9.2, the touch ahead of step 9 from the head cache
// the claim checked), and reports false, having written nothing, in every other case, which offer then takes. Go
// calls keep no register, and offer's chain of calls (claim, then the touch) cost more than its stores:
// OfferPerMessage (bench_test.go, scripts/bench-compare.sh, 9 interleaved rounds) 22.5 -> 20.4 ns.
func (p *Producer) offerSPSC(typeID int32, body []byte) bool {
	r := &p.ring
	if len(body) > int(r.maxMessageLength) || typeID < 1 { // checkMessage's check, which offer then reports
		return false
	}
	recordLength := int32(len(body)) + layout.RecordHeaderLength
	alignedLength := int32(layout.AlignedLength(int(recordLength)))
	// plain: only this producer writes them on SPSC; fitsSPSCBeforeEnd finds the cache seen and not beyond the tail
	tailPosition, headCachePosition := *r.tailPosition(), *r.headCachePosition()
	if !r.fitsSPSCBeforeEnd(tailPosition, headCachePosition, alignedLength) {
		return false
	}
	// steps 5a, 3 and 5 (claimSPSC's common case): the head this claim holds is the head cache
	recordIndex := int32(tailPosition & int64(r.capacity-1))
	tailPosition = r.padLineStart(tailPosition+int64(alignedLength), headCachePosition)
	r.storeTailSPSC(tailPosition)
	copy(r.bytes(recordIndex+layout.RecordHeaderLength, int32(len(body))), body)
	*r.recordTypeID(recordIndex) = typeID
	// SYNC POINT: the commit, sequentially consistent: also the full fence of the wake check (see the file comment);
	// pairs with the consumer's acquire load of length in poll
	atomic.StoreInt32(r.recordLength(recordIndex), recordLength)
	p.heartbeat.onBusy() // after the commit: the clock read never delays the message
	r.signalIfWaiting(layout.HeaderDataSequenceOffset, layout.HeaderDataWaitersOffset)
	r.touchAheadOf(tailPosition, headCachePosition) // LAYOUT 6.1 "Touch ahead", after the wake check
	return true
}
