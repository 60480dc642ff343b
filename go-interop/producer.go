package ringway

import (
	"fmt"
	"math"
	"sync/atomic"
	"syscall"
	"unsafe"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// Producer writes messages into a channel (LAYOUT 6). On an SPSC channel it holds the producer lease; on MPSC any
// number of producers, in any goroutines and processes, may write at once. A Producer belongs to one goroutine at
// a time.
type Producer struct {
	channel  *Channel
	attached bool // false once closed
	ring     ring // the mapping, for the hot path (fastpath.go)
	// holdsLease: this SPSC handle took the producer lease (LAYOUT 8), held in the channel's name
	holdsLease bool
	// MPSC: the producer slot this handle owns (LAYOUT 3.1), its token, and its claims in progress
	slot             unsafe.Pointer
	slotToken        int64
	claimsInProgress int32
	// headCacheSeen is the headCachePosition this handle last read and checked, or stored itself (LAYOUT 11)
	headCacheSeen int64
	// membarrierRegistered: this process is registered for a promising consumer's membarriers (LAYOUT 9.8)
	membarrierRegistered bool
	waitStrategy         WaitStrategy
	heartbeat            heartbeat
}

// Producer attaches a producer to the channel. On SPSC a second producer, here or in any live process, gets
// ErrLeaseTaken until the first closes or its process dies.
func (ch *Channel) Producer() (*Producer, error) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.file == nil {
		return nil, ch.closedError()
	}
	p, err := ch.attachProducerLocked()
	if err != nil {
		return nil, err
	}
	ch.producers[p] = struct{}{}
	return p, nil
}

// attachProducerLocked is ringway_producer_attach: on SPSC the producer lease (LAYOUT 8) and the repair of a dead
// predecessor's claims (7.1); on MPSC a producer slot (3.1); then producerPid and the first heartbeat.
func (ch *Channel) attachProducerLocked() (*Producer, error) {
	f := ch.file
	p := &Producer{channel: ch, ring: newRing(f), headCacheSeen: math.MinInt64, waitStrategy: WaitBackoffDefault()}
	p.ring.headCacheSeen = &p.headCacheSeen // the first claim checks whatever the file holds
	if err := f.checkLength(); err != nil {
		return nil, err
	}
	if f.kind == SPSC {
		token, err := acquireLease(f.headerInt64(layout.HeaderProducerLeaseOffset), f.path, "producerLease")
		if err != nil {
			return nil, err
		}
		// we are now the only SPSC writer: pad what a dead predecessor claimed and never committed (LAYOUT 7.1)
		deadClaimCount, err := repairSPSCTail(f)
		if err != nil {
			releaseLease(f.headerInt64(layout.HeaderProducerLeaseOffset), token)
			return nil, err
		}
		if deadClaimCount > 0 {
			atomic.AddInt64(f.headerInt64(layout.HeaderUnblockedRecordCountOffset), deadClaimCount)
		}
		ch.producerLeaseToken = token
		ch.holdsProducerLease = true
		p.holdsLease = true
	} else {
		// LAYOUT 3.1: an MPSC handle owns a slot, so that the consumer never unblocks its claims while it lives
		slot, token, err := acquireProducerSlot(f)
		if err != nil {
			return nil, err
		}
		p.slot, p.slotToken = slot, token
	}
	// SYNC POINT: pairs with the acquire load of producerPid in Status and the liveness verdicts of any process
	atomic.StoreInt64(f.headerInt64(layout.HeaderProducerPidOffset), int64(syscall.Getpid()))
	p.heartbeat = newHeartbeat(ch.clock, f.headerInt64(layout.HeaderProducerHeartbeatMsOffset))
	p.heartbeat.beat()
	p.attached = true
	return p, nil
}

func (p *Producer) MaxMessageLength() int {
	if !p.attached {
		return 0
	}
	return int(p.ring.maxMessageLength)
}

// Offer copies a message into the ring: typeID >= 1, a body of 0 to MaxMessageLength bytes. It returns nil when the
// message is committed, ErrRingFull on back-pressure (nothing written; try again later), or an *Error for a
// message that is refused (ErrTypeID, ErrMessageLength) or a closed producer. Offer reads and writes the mapped
// file (fastpath.go): no system call unless a consumer is parked.
func (p *Producer) Offer(typeID int32, body []byte) error {
	if !p.attached {
		return p.closedError()
	}
	// the common case in one call; offer makes every check again when it is not that case
	if !p.ring.mpsc && p.promiseAbsent() && p.offerSPSC(typeID, body) {
		return nil
	}
	if len(body) > math.MaxInt32 {
		return p.lengthError(len(body))
	}
	return p.offer(typeID, body)
}

// TryClaim claims room for a body of length bytes and returns its index and a slice that views the mapped ring
// memory: write the body there, then Commit(index) or Abort(index). Nothing is visible to the consumer before
// Commit. The slice is valid only until Commit or Abort; do not keep it. Returns ErrRingFull on back-pressure.
func (p *Producer) TryClaim(typeID int32, length int) (int, []byte, error) {
	if !p.attached {
		return -1, nil, p.closedError()
	}
	if length < 0 || length > math.MaxInt32 {
		return -1, nil, p.lengthError(length)
	}
	index, err := p.tryClaim(typeID, length)
	if err != nil {
		return -1, nil, err
	}
	claimed := p.ring.bytes(index, int32(length))
	return int(index), claimed[:length:length], nil
}

// Commit makes the message claimed at index visible to the consumer. ErrClaimState when index is not a claim in
// progress (never claimed, already committed or aborted).
func (p *Producer) Commit(index int) error {
	if !p.attached {
		return p.closedError()
	}
	return p.commit(index)
}

// Abort turns the message claimed at index into padding, which the consumer skips.
func (p *Producer) Abort(index int) error {
	if !p.attached {
		return p.closedError()
	}
	return p.abort(index)
}

// OfferBatch offers the batch's pending messages in order until all are offered or one is refused. The offered
// messages leave the batch (Pending counts the rest). It returns how many were offered, and nil when the batch is
// empty afterwards, ErrRingFull when the ring filled first (call again later), or the refusal of a message
// (*Error; that message stays first in the batch). The messages that fit before the end of the data area are written
// as runs (LAYOUT 6.1 and 6.2 "Runs"): one claim and one commit for many messages, leaving the bytes that one Offer
// per message would (on SPSC but for bytes no reader reads, between a record's end and its aligned end and in a wrap's
// padding, where offers may have touched a word ahead: LAYOUT 6.1 "Touch ahead"; and but for the line-start padding
// that an offer of a record inside a run ending 8 bytes before the end of a cache line has after it, where a run has
// the next record: LAYOUT 6.1 step 5a pads a run only at its end); a message that needs the wrap is
// written alone. On MPSC a run is one claim to the other
// producers and to the consumer, which delivers none of it before its commit and pads it whole when its producer
// dies before. The wake check of LAYOUT 9.2 (a fence and a load) is made once, after the last commit, not per
// message: a consumer parked during the batch is woken at its end.
func (p *Producer) OfferBatch(batch *Batch) (int, error) {
	if !p.attached {
		return 0, p.closedError()
	}
	pending := batch.buffer[batch.readOffset:]
	if len(pending) == 0 {
		return 0, nil
	}
	consumedLength, offered, err := p.offerBatch(pending)
	batch.consumed(consumedLength, offered)
	return offered, err
}

// Heartbeat stores the producer heartbeat (CLOCK_MONOTONIC ms, release) for monitors that watch liveness.
func (p *Producer) Heartbeat() {
	if p.attached {
		p.heartbeat.beat()
	}
}

// Close releases the SPSC producer lease; the channel stays open. Closing twice does nothing.
func (p *Producer) Close() error {
	p.channel.mu.Lock()
	defer p.channel.mu.Unlock()
	p.closeLocked()
	return nil
}

// closeLocked is ringway_producer_close: the SPSC lease or the MPSC slot is released.
func (p *Producer) closeLocked() {
	if !p.attached {
		return
	}
	p.attached = false
	ch := p.channel
	if p.holdsLease && ch.file != nil && ch.holdsProducerLease {
		releaseLease(ch.file.headerInt64(layout.HeaderProducerLeaseOffset), ch.producerLeaseToken)
		ch.holdsProducerLease = false
	}
	p.holdsLease = false
	if p.slot != nil && ch.file != nil {
		releaseProducerSlot(p.slot, p.slotToken)
	}
	p.slot = nil
	delete(ch.producers, p)
}

func (p *Producer) closedError() error {
	return &Error{Code: CodeClosed, Reason: "producer closed", File: p.channel.path, Field: "file", Found: "closed",
		Expected: "attached",
		Message:  "producer closed: file=" + p.channel.path + " field=file found=closed expected=attached"}
}

func (p *Producer) lengthError(length int) error {
	return &Error{Code: CodeMessageLength, Reason: "message too long", File: p.channel.path, Field: "length",
		Found: fmt.Sprint(length), Expected: fmt.Sprintf("0..%d", p.MaxMessageLength()),
		Message: fmt.Sprintf("message too long: file=%s field=length found=%d expected=0..%d", p.channel.path,
			length, p.MaxMessageLength())}
}

// clampIndex keeps an out-of-range Go int an invalid index for C rather than letting it wrap to a valid one.
func clampIndex(index int) int {
	if index < 0 || index > math.MaxInt32 {
		return -1
	}
	return index
}
