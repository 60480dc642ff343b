// Package ringway gives Go programs Ringway channels: one memory-mapped file on one host, holding an
// Agrona-compatible lock-free ring (SPSC or MPSC) that Java, C and Go processes share. It wraps the header-only C
// library ringway.h through cgo, so Go follows docs/LAYOUT.md exactly as C does.
//
//	ch, err := ringway.Create("/dev/shm/orders.ringway", ringway.CreateOptions{Kind: ringway.SPSC, Capacity: 1 << 20})
//	producer, err := ch.Producer()
//	err = producer.Offer(1, body)                  // errors.Is(err, ringway.ErrRingFull): try again later
//	consumer, err := ch.Consumer()                 // usually in another process, after ringway.Open
//	n, err := consumer.Poll(func(typeID int32, body []byte) { ... }, 256)
//
// Each call to Offer, TryClaim, Commit, Abort or Poll is one cgo call; OfferBatch and PollBatch move many messages
// in one (README.md has the figures). Errors are values: a sentinel per ringway.h result code (ErrRingFull,
// ErrInvalidFile, ...) for errors.Is, and *Error with the file, field, found and expected values of the detail.
//
// Threads: a Channel may be shared by goroutines; each Producer and Consumer belongs to one goroutine at a time.
// Close producers and the consumer before their channel; Channel.Close closes any still open.
package ringway

/*
#cgo CFLAGS: -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror
#include "bridge.h"
#include <stdlib.h>
*/
import "C"

import (
	"fmt"
	"os"
	"sync"
	"unsafe"
)

// RingKind is the kind of ring in a channel (LAYOUT 3, ringKind).
type RingKind int32

const (
	// AnyKind in OpenOptions accepts either kind.
	AnyKind RingKind = 0
	// SPSC is one producer, one consumer (Agrona's OneToOneRingBuffer).
	SPSC RingKind = C.RINGWAY_RING_KIND_SPSC
	// MPSC is any number of producers, one consumer (Agrona's ManyToOneRingBuffer).
	MPSC RingKind = C.RINGWAY_RING_KIND_MPSC
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
}

// OpenOptions mirror ringway_open_options_t: what Open expects beyond a valid file; zero members accept anything.
type OpenOptions struct {
	ExpectedKind     RingKind
	ExpectedCapacity int
}

// Channel is an open channel file, mapped into this process.
type Channel struct {
	mu        sync.Mutex
	c         *C.ringway_channel_t // C memory: the producer and consumer handles point to it
	path      string
	producers map[*Producer]struct{}
	consumer  *Consumer
}

// PathFor returns where a channel named name lives by default (LAYOUT 10.1): /dev/shm/<name>.ringway when /dev/shm
// is a writable directory, else /tmp/<name>.ringway.
func PathFor(name string) (string, error) {
	cName := C.CString(name)
	defer C.free(unsafe.Pointer(cName))
	buffer := (*C.char)(C.malloc(C.RINGWAY_PATH_MAX_LENGTH))
	defer C.free(unsafe.Pointer(buffer))
	if result := C.ringway_channel_path_for(cName, buffer, C.RINGWAY_PATH_MAX_LENGTH); result < 0 {
		return "", &Error{Code: Code(result), Reason: "channel name too long", Field: "name", Found: name,
			Message: fmt.Sprintf("channel name too long: file=(none) field=name found=%s expected=a path below %d bytes",
				name, C.RINGWAY_PATH_MAX_LENGTH)}
	}
	return C.GoString(buffer), nil
}

// Create makes a new channel file exclusively (LAYOUT 10.2): an existing file or symlink is refused with
// ErrFileExists, never overwritten or followed.
func Create(path string, options CreateOptions) (*Channel, error) {
	if options.Capacity < 0 || options.Capacity > MaxCapacity {
		return nil, &Error{Code: CodeInvalidArgument, Reason: "capacity out of range", File: path, Field: "capacity",
			Found: fmt.Sprint(options.Capacity), Expected: fmt.Sprintf("a power of two in [%d, %d]", MinCapacity, MaxCapacity),
			Message: fmt.Sprintf("capacity out of range: file=%s field=capacity found=%d expected=a power of two in [%d, %d]",
				path, options.Capacity, MinCapacity, MaxCapacity)}
	}
	cOptions := C.ringway_create_options_t{
		ring_kind:      C.int32_t(options.Kind),
		capacity:       C.int32_t(options.Capacity),
		file_mode:      C.uint32_t(options.FileMode.Perm()),
		schema_id:      C.int32_t(options.SchemaID),
		schema_version: C.int32_t(options.SchemaVersion),
	}
	return newChannel(path, func(c *C.ringway_channel_t, cPath *C.char) C.int {
		return C.ringway_channel_create(c, cPath, &cOptions)
	})
}

// Open maps an existing channel file and validates it (LAYOUT 10.3); it never writes to the header.
func Open(path string, options OpenOptions) (*Channel, error) {
	if options.ExpectedCapacity < 0 || options.ExpectedCapacity > MaxCapacity {
		return nil, &Error{Code: CodeInvalidArgument, Reason: "expected capacity out of range", File: path,
			Field: "capacity", Found: fmt.Sprint(options.ExpectedCapacity), Expected: "0 (any) or a valid capacity",
			Message: fmt.Sprintf("expected capacity out of range: file=%s field=capacity found=%d expected=0 (any) or a valid capacity",
				path, options.ExpectedCapacity)}
	}
	cOptions := C.ringway_open_options_t{
		expected_ring_kind: C.int32_t(options.ExpectedKind),
		expected_capacity:  C.int32_t(options.ExpectedCapacity),
	}
	return newChannel(path, func(c *C.ringway_channel_t, cPath *C.char) C.int {
		return C.ringway_channel_open(c, cPath, &cOptions)
	})
}

func newChannel(path string, initialise func(*C.ringway_channel_t, *C.char) C.int) (*Channel, error) {
	cPath := C.CString(path)
	defer C.free(unsafe.Pointer(cPath))
	c := (*C.ringway_channel_t)(C.calloc(1, C.sizeof_ringway_channel_t))
	if c == nil {
		return nil, &Error{Code: CodeIO, Reason: "out of memory", File: path, Field: "file"}
	}
	if result := initialise(c, cPath); result < 0 {
		err := errorOf(int(result), C.GoString(C.ringway_channel_last_error(c)),
			C.GoString(C.ringway_channel_last_error_field(c)))
		C.free(unsafe.Pointer(c))
		return nil, err
	}
	return &Channel{c: c, path: path, producers: make(map[*Producer]struct{})}, nil
}

// Path returns the channel file's path.
func (ch *Channel) Path() string { return ch.path }

// Kind returns SPSC or MPSC.
func (ch *Channel) Kind() RingKind {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.c == nil {
		return AnyKind
	}
	return RingKind(C.ringway_channel_ring_kind(ch.c))
}

// Capacity returns the ring data length in bytes.
func (ch *Channel) Capacity() int {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.c == nil {
		return 0
	}
	return int(C.ringway_channel_capacity(ch.c))
}

// MaxMessageLength returns the largest body the channel accepts: capacity / 8.
func (ch *Channel) MaxMessageLength() int {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.c == nil {
		return 0
	}
	return int(C.ringway_channel_max_message_length(ch.c))
}

// SchemaID returns the SBE schema id the channel's creator recorded (LAYOUT 3 and 13); 0 means unspecified.
func (ch *Channel) SchemaID() int32 {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.c == nil {
		return 0
	}
	// written before the release of layoutVersion at create, and Open loaded that with acquire: plain suffices
	return int32(C.ringway_get_int32_plain(&ch.c.header.schema_id))
}

// SchemaVersion returns the SBE schema version the channel's creator recorded; 0 means unspecified.
func (ch *Channel) SchemaVersion() int32 {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.c == nil {
		return 0
	}
	return int32(C.ringway_get_int32_plain(&ch.c.header.schema_version))
}

// ProducerPosition returns the producers' tail position (acquire): bytes claimed since creation.
func (ch *Channel) ProducerPosition() int64 {
	return ch.readInt64(func(c *C.ringway_channel_t) C.int64_t { return C.ringway_channel_producer_position(c) })
}

// ConsumerPosition returns the consumer's head position (acquire): bytes consumed since creation.
func (ch *Channel) ConsumerPosition() int64 {
	return ch.readInt64(func(c *C.ringway_channel_t) C.int64_t { return C.ringway_channel_consumer_position(c) })
}

// BackPressureCount returns how many offers and claims all producers had refused for want of space.
func (ch *Channel) BackPressureCount() int64 {
	return ch.readInt64(func(c *C.ringway_channel_t) C.int64_t { return C.ringway_channel_back_pressure_count(c) })
}

// MessagesConsumed returns the running total of messages the consumers of this channel delivered.
func (ch *Channel) MessagesConsumed() int64 {
	return ch.readInt64(func(c *C.ringway_channel_t) C.int64_t { return C.ringway_channel_messages_consumed(c) })
}

func (ch *Channel) readInt64(read func(*C.ringway_channel_t) C.int64_t) int64 {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.c == nil {
		return 0
	}
	return int64(read(ch.c))
}

func (ch *Channel) closedError() error {
	return &Error{Code: CodeClosed, Reason: "channel closed", File: ch.path, Field: "file", Found: "closed",
		Expected: "open", Message: "channel closed: file=" + ch.path + " field=file found=closed expected=open"}
}

// Close closes any producer and consumer still open on this handle, releases the leases they held (LAYOUT 8) and
// unmaps the file. Unread messages stay in the file. Closing twice does nothing. Slices returned by TryClaim must
// not be used after Close. Closing from inside the consumer's Poll handler is refused (ErrInvalidArgument).
func (ch *Channel) Close() error {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	return ch.closeLocked(func(c *C.ringway_channel_t) C.int { return C.ringway_channel_close(c) })
}

// Delete closes the channel as Close does and removes its file; peers that still map it keep their mapping.
func (ch *Channel) Delete() error {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.c == nil {
		if err := os.Remove(ch.path); err != nil && !os.IsNotExist(err) {
			return err
		}
		return nil
	}
	return ch.closeLocked(func(c *C.ringway_channel_t) C.int { return C.ringway_channel_delete(c) })
}

func (ch *Channel) closeLocked(closeChannel func(*C.ringway_channel_t) C.int) error {
	if ch.c == nil {
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
	result := closeChannel(ch.c)
	var err error
	if result < 0 {
		err = errorOf(int(result), C.GoString(C.ringway_channel_last_error(ch.c)),
			C.GoString(C.ringway_channel_last_error_field(ch.c)))
	}
	C.free(unsafe.Pointer(ch.c))
	ch.c = nil
	return err
}
