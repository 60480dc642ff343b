// Package ringway gives Go programs Ringway channels: one memory-mapped file on one host, holding an
// Agrona-compatible lock-free ring (SPSC or MPSC) that Java, C and Go processes share. It is pure Go (no cgo, no C
// compiler): it maps the file and follows docs/LAYOUT.md step for step, as Java's engine and C's ringway.h do, and
// tests check that it writes the same bytes and returns the same errors as ringway.h.
//
//	ch, err := ringway.Create("/dev/shm/orders.ringway", ringway.CreateOptions{Kind: ringway.SPSC, Capacity: 1 << 20})
//	producer, err := ch.Producer()
//	err = producer.Offer(1, body)                  // errors.Is(err, ringway.ErrRingFull): try again later
//	consumer, err := ch.Consumer()                 // usually in another process, after ringway.Open
//	n, err := consumer.Poll(func(typeID int32, body []byte) { ... }, 256)
//
// Offer, TryClaim, Commit, Abort and Poll read and write the mapped file with atomic loads and stores, and make no
// system call unless a peer is parked; OfferBatch and PollBatch move many messages per call. PollWait, OfferWait and their Timeout and Batch forms
// wait as a WaitStrategy says: spinning, yielding, or parked on the channel's futex until a peer in any process and
// language wakes them (LAYOUT 9). Errors are values: a sentinel per result code (ErrRingFull, ErrInvalidFile, ...)
// for errors.Is, and *Error with the file, field, found and expected values of the one-line detail that C and Java
// give for the same failure.
//
// Reliability (docs/GUARANTEES.md): Channel.Status reports pids, heartbeats, Liveness verdicts, positions and
// counters; SetClock injects the clock tests move instead of sleeping; SetUnblockTimeout sets when a killed MPSC
// producer's claim is padded; OpenOptions and CreateOptions say whether symlinks, other owners' files and existing
// files are accepted.
//
// Threads: a Channel may be shared by goroutines; each Producer and Consumer belongs to one goroutine at a time.
// Close producers and the consumer before their channel; Channel.Close closes any still open.
package ringway

import (
	"fmt"
	"os"
	"sync"
	"sync/atomic"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// RingKind is the kind of ring in a channel (LAYOUT 3, ringKind).
type RingKind int32

const (
	// AnyKind in OpenOptions accepts either kind.
	AnyKind RingKind = 0
	// SPSC is one producer, one consumer (Agrona's OneToOneRingBuffer).
	SPSC RingKind = 1
	// MPSC is any number of producers, one consumer (Agrona's ManyToOneRingBuffer).
	MPSC RingKind = 2
)

func (k RingKind) String() string {
	switch k {
	case SPSC:
		return "SPSC"
	case MPSC:
		return "MPSC"
	case AnyKind:
		return "any"
	}
	return fmt.Sprintf("RingKind(%d)", int32(k))
}

// CreateOptions mirror ringway_create_options_t.
type CreateOptions struct {
	Kind          RingKind    // SPSC or MPSC
	Capacity      int         // ring data length: a power of two in [64, 2^30]
	FileMode      os.FileMode // permission bits; 0 means 0600 (owner read and write)
	SchemaID      int32       // SBE schema id the channel carries, 0 = unspecified (LAYOUT 13)
	SchemaVersion int32       // SBE schema version, 0 = unspecified
	// ReplaceExisting deletes an existing regular file at the path first; without it an existing file is refused
	// (ErrFileExists). A symlink or anything but a regular file is refused even then (LAYOUT 10.2).
	ReplaceExisting bool
}

// OpenOptions mirror ringway_open_options_t: what Open expects beyond a valid file; zero members accept anything.
// By default Open refuses a symlink, anything but a regular file, and a file owned by another user (LAYOUT 10.3).
type OpenOptions struct {
	ExpectedKind     RingKind
	ExpectedCapacity int
	AllowOtherOwner  bool // accept a file whose owner is not this process's effective uid
	FollowSymlinks   bool // open the file a symlink at the path points to
}

// Channel is an open channel file, mapped into this process.
type Channel struct {
	mu        sync.Mutex
	file      *channelFile // the mapping (channelfile.go); nil once closed
	path      string
	producers map[*Producer]struct{}
	consumer  *Consumer

	clock              Clock // the monotonic clock of heartbeats, verdicts and Status; nil: CLOCK_MONOTONIC
	wallClock          Clock // the wall clock of Status; nil: CLOCK_REALTIME
	heartbeatTimeoutMs int64
	unblockTimeoutMs   int64

	// the leases taken through this handle (LAYOUT 8), released by the role's Close or the channel's
	holdsProducerLease bool
	producerLeaseToken int64
	holdsConsumerLease bool
	consumerLeaseToken int64
}

// MinCapacity and MaxCapacity bound a channel's capacity, a power of two (LAYOUT 3).
const (
	MinCapacity = layout.MinCapacity
	MaxCapacity = layout.MaxCapacity
)

const (
	// defaultHeartbeatTimeoutMs: a live process whose heartbeat is older is Stale (LAYOUT 8.1).
	defaultHeartbeatTimeoutMs = 5000
	// defaultUnblockTimeoutMs: how long an uncommitted MPSC claim may stop the consumer before it is padded (7.1).
	defaultUnblockTimeoutMs = 5000
)

// PathFor returns where a channel named name lives by default (LAYOUT 10.1): /dev/shm/<name>.ringway when /dev/shm
// is a writable directory, else /tmp/<name>.ringway.
func PathFor(name string) (string, error) {
	return pathFor(name)
}

// Create makes a new channel file exclusively (LAYOUT 10.2): an existing file or symlink is refused with
// ErrFileExists, never overwritten or followed, unless options.ReplaceExisting asks to replace a regular file.
func Create(path string, options CreateOptions) (*Channel, error) {
	if options.Capacity < 0 || options.Capacity > MaxCapacity {
		return nil, &Error{Code: CodeInvalidArgument, Reason: "capacity out of range", File: path, Field: "capacity",
			Found: fmt.Sprint(options.Capacity), Expected: fmt.Sprintf("a power of two in [%d, %d]", MinCapacity, MaxCapacity),
			Message: fmt.Sprintf("capacity out of range: file=%s field=capacity found=%d expected=a power of two in [%d, %d]",
				path, options.Capacity, MinCapacity, MaxCapacity)}
	}
	file, err := createFile(path, options.Kind, int32(options.Capacity), uint32(options.FileMode.Perm()),
		options.SchemaID, options.SchemaVersion, options.ReplaceExisting)
	if err != nil {
		return nil, err
	}
	return newChannel(file)
}

// Open maps an existing channel file and validates it (LAYOUT 10.3); it never writes to the header. It refuses a
// symlink (ErrInvalidFile, field=file), anything but a regular file, and another user's file unless options allow.
func Open(path string, options OpenOptions) (*Channel, error) {
	if options.ExpectedCapacity < 0 || options.ExpectedCapacity > MaxCapacity {
		return nil, &Error{Code: CodeInvalidArgument, Reason: "expected capacity out of range", File: path,
			Field: "capacity", Found: fmt.Sprint(options.ExpectedCapacity), Expected: "0 (any) or a valid capacity",
			Message: fmt.Sprintf("expected capacity out of range: file=%s field=capacity found=%d expected=0 (any) or a valid capacity",
				path, options.ExpectedCapacity)}
	}
	file, err := openFile(path, options.ExpectedKind, int32(options.ExpectedCapacity), options.AllowOtherOwner,
		options.FollowSymlinks)
	if err != nil {
		return nil, err
	}
	return newChannel(file)
}

func newChannel(file *channelFile) (*Channel, error) {
	return &Channel{file: file, path: file.path, producers: make(map[*Producer]struct{}),
		heartbeatTimeoutMs: defaultHeartbeatTimeoutMs, unblockTimeoutMs: defaultUnblockTimeoutMs}, nil
}

// Path returns the channel file's path.
func (ch *Channel) Path() string { return ch.path }

// Kind returns SPSC or MPSC.
func (ch *Channel) Kind() RingKind {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.file == nil {
		return AnyKind
	}
	return ch.file.kind
}

// Capacity returns the ring data length in bytes.
func (ch *Channel) Capacity() int {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.file == nil {
		return 0
	}
	return int(ch.file.capacity)
}

// MaxMessageLength returns the largest body the channel accepts: capacity / 8.
func (ch *Channel) MaxMessageLength() int {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.file == nil {
		return 0
	}
	return int(ch.file.maxMessageLength)
}

// SchemaID returns the SBE schema id the channel's creator recorded (LAYOUT 3 and 13); 0 means unspecified.
func (ch *Channel) SchemaID() int32 {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.file == nil {
		return 0
	}
	// written before the release of layoutVersion at create, and Open loaded that with acquire: plain suffices
	return *ch.file.headerInt32(layout.HeaderSchemaIDOffset)
}

// SchemaVersion returns the SBE schema version the channel's creator recorded; 0 means unspecified.
func (ch *Channel) SchemaVersion() int32 {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.file == nil {
		return 0
	}
	return *ch.file.headerInt32(layout.HeaderSchemaVersionOffset)
}

// ProducerPosition returns the producers' tail position (acquire): bytes claimed since creation.
func (ch *Channel) ProducerPosition() int64 {
	return ch.readInt64(func(f *channelFile) int64 { return atomic.LoadInt64(f.trailerInt64(layout.TrailerTailPositionOffset)) })
}

// ConsumerPosition returns the consumer's head position (acquire): bytes consumed since creation.
func (ch *Channel) ConsumerPosition() int64 {
	return ch.readInt64(func(f *channelFile) int64 { return atomic.LoadInt64(f.trailerInt64(layout.TrailerHeadPositionOffset)) })
}

// BackPressureCount returns how many offers and claims all producers had refused for want of space.
func (ch *Channel) BackPressureCount() int64 {
	return ch.readInt64(func(f *channelFile) int64 {
		return atomic.LoadInt64(f.headerInt64(layout.HeaderBackPressureCountOffset))
	})
}

// MessagesConsumed returns the running total of messages the consumers of this channel delivered.
func (ch *Channel) MessagesConsumed() int64 {
	return ch.readInt64(func(f *channelFile) int64 {
		return atomic.LoadInt64(f.headerInt64(layout.HeaderMessagesConsumedOffset))
	})
}

func (ch *Channel) readInt64(read func(*channelFile) int64) int64 {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.file == nil {
		return 0
	}
	return read(ch.file)
}

func (ch *Channel) closedError() error {
	return &Error{Code: CodeClosed, Reason: "channel closed", File: ch.path, Field: "file", Found: "closed",
		Expected: "open", Message: "channel closed: file=" + ch.path + " field=file found=closed expected=open"}
}

// Close closes any producer and consumer still open on this handle, releases the leases they held (LAYOUT 8) and
// unmaps the file. Unread messages stay in the file. Closing twice does nothing. Slices returned by TryClaim must
// not be used after Close. Closing from inside a handler of the consumer's poll is refused (ErrInvalidArgument) and
// closes nothing: close after the poll returns.
func (ch *Channel) Close() error {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	return ch.closeLocked()
}

// Delete closes the channel as Close does and removes its file; peers that still map it keep their mapping. From
// inside a handler of the consumer's poll it is refused as Close is, and the file stays.
func (ch *Channel) Delete() error {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.file != nil && ch.consumer != nil && ch.consumer.isPolling() {
		return ch.consumer.closeInHandlerError()
	}
	err := ch.closeLocked()
	if deleteErr := deleteFile(ch.path); deleteErr != nil {
		return deleteErr
	}
	return err
}

// closeLocked is ringway_channel_close: the producers and consumer of this handle close (releasing their leases),
// any lease still held is released, and the file is unmapped.
func (ch *Channel) closeLocked() error {
	if ch.file == nil {
		return nil
	}
	if ch.consumer != nil && ch.consumer.isPolling() {
		return ch.consumer.closeInHandlerError()
	}
	for producer := range ch.producers {
		producer.closeLocked()
	}
	if ch.consumer != nil {
		ch.consumer.closeLocked()
	}
	if ch.holdsProducerLease {
		releaseLease(ch.file.headerInt64(layout.HeaderProducerLeaseOffset), ch.producerLeaseToken)
		ch.holdsProducerLease = false
	}
	if ch.holdsConsumerLease {
		releaseLease(ch.file.headerInt64(layout.HeaderConsumerLeaseOffset), ch.consumerLeaseToken)
		ch.holdsConsumerLease = false
	}
	err := ch.file.close()
	ch.file = nil
	return err
}
