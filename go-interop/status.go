package ringway

import (
	"fmt"
	"math"
	"sync/atomic"
	"time"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
	"github.com/ringway-io/ringway/go-interop/internal/proc"
)

// Liveness is the verdict on a role of a channel, the consumer or the producers, from its lease or pid and its
// heartbeat (LAYOUT 8.1; ringway_liveness_t, Java's Liveness).
type Liveness int32

const (
	// Absent: no process holds the role (its lease is free, or no producer ever attached).
	Absent Liveness = 0
	// Alive: the process runs and its heartbeat is within the heartbeat timeout.
	Alive Liveness = 1
	// Stale: the process runs but has not beaten within the timeout: stopped, hung, or not calling Heartbeat.
	Stale Liveness = 2
	// Dead: the process that holds the role (for MPSC producers: the last one to attach) no longer exists.
	Dead Liveness = 3
)

// String returns ABSENT, ALIVE, STALE or DEAD, the names C and Java use.
func (l Liveness) String() string {
	switch l {
	case Absent:
		return "ABSENT"
	case Alive:
		return "ALIVE"
	case Stale:
		return "STALE"
	case Dead:
		return "DEAD"
	}
	return fmt.Sprintf("Liveness(%d)", int32(l))
}

// Status is a snapshot of a channel (LAYOUT 8.1), mirroring ringway_status_t and Java's ChannelStatus. Its fields
// are read one by one from shared memory, so a snapshot of a busy channel is not atomic.
type Status struct {
	Path                   string
	Kind                   RingKind
	Capacity               int
	FileLength             int64 // the file's length now (fstat); below RequiredFileLength it was truncated
	RequiredFileLength     int64 // 4096 + capacity + 768
	CreatorPID             int64
	NowMs                  int64 // the channel's monotonic clock at the snapshot (CLOCK_MONOTONIC ms; not a time of day)
	ProducerPID            int64 // the most recent producer to attach (SPSC: the lease holder), 0 if none
	ProducerHeartbeatMs    int64 // CLOCK_MONOTONIC ms (LAYOUT 8.1)
	ProducerHeartbeatAgeMs int64 // NowMs - ProducerHeartbeatMs; 0 when ahead of NowMs (a 1.1 peer's epoch value)
	ProducerLiveness       Liveness
	ConsumerPID            int64 // the most recent consumer to attach, 0 if none
	ConsumerHeartbeatMs    int64 // CLOCK_MONOTONIC ms (LAYOUT 8.1)
	ConsumerHeartbeatAgeMs int64 // NowMs - ConsumerHeartbeatMs; 0 when ahead of NowMs (a 1.1 peer's epoch value)
	ConsumerLiveness       Liveness
	HeadPosition           int64 // bytes consumed since creation (0 when the file is truncated: not read)
	TailPosition           int64 // bytes claimed since creation (0 when the file is truncated: not read)
	FillLength             int64 // TailPosition - HeadPosition
	MessagesConsumed       int64
	BackPressureCount      int64 // offers and claims refused for want of space
	WakeCount              int64 // futex wakes issued by producers
	UnblockedRecordCount   int64 // dead producers' claims the consumer turned into padding (LAYOUT 7.1)
	NowEpochMs             int64 // the wall clock at the snapshot (epoch ms), for people and logs; no age uses it
}

// Truncated reports whether the file is shorter than its layout needs (LAYOUT 11.1).
func (s Status) Truncated() bool {
	return s.FileLength < s.RequiredFileLength
}

// String returns one line per group, key=value, in the format of Java's ChannelStatus.toString.
func (s Status) String() string {
	fillPercent := int64(0)
	if s.Capacity != 0 {
		fillPercent = 100 * s.FillLength / int64(s.Capacity)
	}
	return fmt.Sprintf("channel %s\n"+
		"  ring: kind=%s capacity=%d fileLength=%d requiredFileLength=%d creatorPid=%d\n"+
		"  producer: liveness=%s pid=%d heartbeatMs=%d heartbeatAgeMs=%d\n"+
		"  consumer: liveness=%s pid=%d heartbeatMs=%d heartbeatAgeMs=%d\n"+
		"  positions: head=%d tail=%d fill=%d (%d%%)\n"+
		"  counters: messagesConsumed=%d backPressure=%d wakes=%d unblockedRecords=%d",
		s.Path, s.Kind, s.Capacity, s.FileLength, s.RequiredFileLength, s.CreatorPID,
		s.ProducerLiveness, s.ProducerPID, s.ProducerHeartbeatMs, s.ProducerHeartbeatAgeMs,
		s.ConsumerLiveness, s.ConsumerPID, s.ConsumerHeartbeatMs, s.ConsumerHeartbeatAgeMs,
		s.HeadPosition, s.TailPosition, s.FillLength, fillPercent,
		s.MessagesConsumed, s.BackPressureCount, s.WakeCount, s.UnblockedRecordCount)
}

// Status takes a snapshot of the channel (LAYOUT 8.1, as ringway_channel_status). It reads the file's length first
// and skips the trailer of a truncated file, so it never touches a missing page; ErrClosed after Close.
func (ch *Channel) Status() (Status, error) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	f := ch.file
	if f == nil {
		return Status{}, ch.closedError()
	}
	s := Status{Path: ch.path, Kind: f.kind, Capacity: int(f.capacity), FileLength: f.length(),
		RequiredFileLength: layout.FileLength(int(f.capacity)), CreatorPID: *f.headerInt64(layout.HeaderCreatorPidOffset)}
	s.NowMs = ch.nowMsLocked()
	if ch.wallClock != nil {
		s.NowEpochMs = ch.wallClock()
	} else {
		s.NowEpochMs = epochMs()
	}
	// SYNC POINT (each acquire load below): pairs with the release stores of the attaches and heartbeats
	s.ProducerPID = atomic.LoadInt64(f.headerInt64(layout.HeaderProducerPidOffset))
	s.ProducerHeartbeatMs = atomic.LoadInt64(f.headerInt64(layout.HeaderProducerHeartbeatMsOffset))
	s.ProducerHeartbeatAgeMs = ageMs(s.NowMs, s.ProducerHeartbeatMs)
	s.ProducerLiveness = ch.producerLivenessLocked()
	s.ConsumerPID = atomic.LoadInt64(f.headerInt64(layout.HeaderConsumerPidOffset))
	s.ConsumerHeartbeatMs = atomic.LoadInt64(f.headerInt64(layout.HeaderConsumerHeartbeatMsOffset))
	s.ConsumerHeartbeatAgeMs = ageMs(s.NowMs, s.ConsumerHeartbeatMs)
	s.ConsumerLiveness = ch.consumerLivenessLocked()
	if s.FileLength >= s.RequiredFileLength {
		s.HeadPosition = atomic.LoadInt64(f.trailerInt64(layout.TrailerHeadPositionOffset))
		s.TailPosition = atomic.LoadInt64(f.trailerInt64(layout.TrailerTailPositionOffset))
		// both from the file: a hostile pair must not overflow (the checks of LAYOUT 10.3 ran only at open)
		s.FillLength = int64(uint64(s.TailPosition) - uint64(s.HeadPosition))
	}
	s.MessagesConsumed = atomic.LoadInt64(f.headerInt64(layout.HeaderMessagesConsumedOffset))
	s.BackPressureCount = atomic.LoadInt64(f.headerInt64(layout.HeaderBackPressureCountOffset))
	s.WakeCount = atomic.LoadInt64(f.headerInt64(layout.HeaderWakeCountOffset))
	s.UnblockedRecordCount = atomic.LoadInt64(f.headerInt64(layout.HeaderUnblockedRecordCountOffset))
	return s, nil
}

// nowMsLocked is the channel's monotonic clock (ringway_channel_now_ms_).
func (ch *Channel) nowMsLocked() int64 {
	if ch.clock != nil {
		return ch.clock()
	}
	return monotonicMs()
}

// ageMs is ringway_age_ms_: nowMs - thenMs for a heartbeat read from the file, which another process may have filled
// with anything: 0 when thenMs is not in the past, MaxInt64 when the difference does not fit. A heartbeat ahead of
// now is what a layout 1.1 peer writes (epoch ms): its age is unknown and reads as 0, so such a peer is never Stale
// by age, only Dead by its process (LAYOUT 12).
func ageMs(nowMs, thenMs int64) int64 {
	if thenMs >= nowMs {
		return 0
	}
	if thenMs < 0 && nowMs > math.MaxInt64+thenMs {
		return math.MaxInt64
	}
	return nowMs - thenMs
}

// livenessOf is ringway_liveness_of_ (LAYOUT 8.1): from a lease token, its process and a heartbeat.
func livenessOf(leaseToken, heartbeatMs, nowMs, timeoutMs int64) Liveness {
	if leaseToken == 0 {
		return Absent
	}
	if !proc.TokenIsAlive(leaseToken) {
		return Dead
	}
	if ageMs(nowMs, heartbeatMs) > timeoutMs {
		return Stale
	}
	return Alive
}

// consumerLivenessLocked is ringway_channel_consumer_liveness: from the consumer's lease, process and heartbeat.
func (ch *Channel) consumerLivenessLocked() Liveness {
	f := ch.file
	return livenessOf(atomic.LoadInt64(f.headerInt64(layout.HeaderConsumerLeaseOffset)),
		atomic.LoadInt64(f.headerInt64(layout.HeaderConsumerHeartbeatMsOffset)), ch.nowMsLocked(), ch.heartbeatTimeoutMs)
}

// producerLivenessLocked is ringway_channel_producer_liveness: SPSC from the lease; MPSC from the pid of the most
// recent producer to attach and the shared producer heartbeat.
func (ch *Channel) producerLivenessLocked() Liveness {
	f := ch.file
	heartbeatMs := atomic.LoadInt64(f.headerInt64(layout.HeaderProducerHeartbeatMsOffset))
	nowMs := ch.nowMsLocked()
	if f.kind == SPSC {
		return livenessOf(atomic.LoadInt64(f.headerInt64(layout.HeaderProducerLeaseOffset)), heartbeatMs, nowMs,
			ch.heartbeatTimeoutMs)
	}
	pid := atomic.LoadInt64(f.headerInt64(layout.HeaderProducerPidOffset))
	if pid == 0 {
		return Absent
	}
	if verdict, _, _ := proc.VerdictAt(proc.Root, pid); verdict == proc.Dead {
		return Dead
	}
	if ageMs(nowMs, heartbeatMs) > ch.heartbeatTimeoutMs {
		return Stale
	}
	return Alive
}

// ProducerLiveness returns the verdict on the producers (LAYOUT 8.1): SPSC from the lease, MPSC from the pid of the
// most recent producer to attach and the shared producer heartbeat. Absent once closed.
func (ch *Channel) ProducerLiveness() Liveness {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.file == nil {
		return Absent
	}
	return ch.producerLivenessLocked()
}

// ConsumerLiveness returns the verdict on the consumer (LAYOUT 8.1). Absent once closed.
func (ch *Channel) ConsumerLiveness() Liveness {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.file == nil {
		return Absent
	}
	return ch.consumerLivenessLocked()
}

// UnblockedRecordCount returns how many dead producers' claims consumers turned into padding (LAYOUT 7.1).
func (ch *Channel) UnblockedRecordCount() int64 {
	return ch.readInt64(func(f *channelFile) int64 {
		return atomic.LoadInt64(f.headerInt64(layout.HeaderUnblockedRecordCountOffset))
	})
}

// SetHeartbeatTimeout sets how old a live process's heartbeat may be before the verdict on it is Stale (default
// 5 s, ringway_channel_set_heartbeat_timeout_ms). It applies to every verdict taken after the call.
func (ch *Channel) SetHeartbeatTimeout(timeout time.Duration) error {
	return ch.setTimeout("heartbeatTimeoutMs", timeout, &ch.heartbeatTimeoutMs)
}

// SetUnblockTimeout sets how long an uncommitted MPSC claim may stop a consumer before the consumer turns it into
// padding (default 5 s, ringway_channel_set_unblock_timeout_ms, LAYOUT 7.1). It applies to consumers attached
// after the call. A producer stalled (not dead) for longer is treated as dead: choose a timeout far above any
// plausible stall.
func (ch *Channel) SetUnblockTimeout(timeout time.Duration) error {
	return ch.setTimeout("unblockTimeoutMs", timeout, &ch.unblockTimeoutMs)
}

func (ch *Channel) setTimeout(field string, timeout time.Duration, timeoutMs *int64) error {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.file == nil {
		return ch.closedError()
	}
	if timeout < 0 {
		return &Error{Code: CodeInvalidArgument, Reason: "negative timeout", File: ch.path, Field: field,
			Found: fmt.Sprint(timeout.Milliseconds()), Expected: ">=0",
			Message: fmt.Sprintf("negative timeout: file=%s field=%s found=%d expected=>=0", ch.path, field,
				timeout.Milliseconds())}
	}
	*timeoutMs = timeout.Milliseconds()
	return nil
}

// Clock returns a time in milliseconds: of CLOCK_MONOTONIC for SetClock, since the Unix epoch for SetWallClock.
type Clock func() int64

// SetClock makes clock the channel's monotonic time source so that tests need not sleep: it is read by liveness
// verdicts and Status at once, and by the heartbeats and the MPSC unblock timeout of producers and consumers attached
// after the call. nil restores the real clock, CLOCK_MONOTONIC: heartbeat words hold its milliseconds, which other
// processes compare with their own CLOCK_MONOTONIC (LAYOUT 8.1), so only tests set another.
//
// The channel's calls call clock from whichever goroutine makes them: it must be safe for concurrent use and must
// not call this channel's methods.
func (ch *Channel) SetClock(clock Clock) error {
	return ch.setClock(&ch.clock, clock)
}

// SetWallClock makes clock (epoch milliseconds) the channel's wall clock, which only dates Status snapshots
// (NowEpochMs): no heartbeat, age or timeout reads it, so that a step of the wall clock (NTP, date -s, a VM resumed)
// never makes a live peer look dead. nil restores CLOCK_REALTIME. The rules of SetClock apply.
func (ch *Channel) SetWallClock(clock Clock) error {
	return ch.setClock(&ch.wallClock, clock)
}

func (ch *Channel) setClock(field *Clock, clock Clock) error {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.file == nil {
		return ch.closedError()
	}
	*field = clock
	return nil
}

// IsConsumerAlive reports whether the consumer's verdict is Alive (ringway_producer_is_consumer_alive): false when
// it is absent, dead, or stale (stopped or hung; back-pressure then lasts until it resumes or is replaced).
func (p *Producer) IsConsumerAlive() bool {
	if !p.attached {
		return false
	}
	return p.channel.ConsumerLiveness() == Alive
}

// IsProducerAlive reports whether the producers' verdict is Alive (ringway_consumer_is_producer_alive). On SPSC a
// false after the consumer has read everything means the producer died or stalled: see Channel.Status for which.
func (c *Consumer) IsProducerAlive() bool {
	if !c.attached {
		return false
	}
	return c.channel.ProducerLiveness() == Alive
}
