// Package twoprocess is what the Go producer and consumer of the two-process example share: the channel and the
// message layout, the conformance traffic of docs/CONFORMANCE.md from one producer (id 1):
//
//	SEQUENCE (typeId 1): int64 producerId | int64 sequence | (sequence % 41) filler bytes, byte i = sequence + i
//	END      (typeId 2): int64 producerId | int64 count | int64 FNV-1a 64 checksum of every SEQUENCE body
package twoprocess

import (
	"errors"
	"time"

	ringway "github.com/ringway-io/ringway/go-interop"
)

const (
	SequenceTypeID    = 1
	EndTypeID         = 2
	EndLength         = 24
	MaxSequenceLength = 56
	ProducerID        = 1
	Capacity          = 1 << 20

	// creationWait bounds how long a process waits for another one that is creating the channel file.
	creationWait   = 10 * time.Second
	FnvOffsetBasis = 0xcbf29ce484222325
	FnvPrime       = 0x100000001b3
)

// SequenceLength is the body length of SEQUENCE number sequence.
func SequenceLength(sequence int64) int {
	return 16 + int(sequence%41)
}

// Fnv1a continues the FNV-1a 64 hash over b.
func Fnv1a(hash uint64, b []byte) uint64 {
	for _, x := range b {
		hash = (hash ^ uint64(x)) * FnvPrime
	}
	return hash
}

// DefaultPath is /dev/shm/two-process-go.ringway (or under /tmp without /dev/shm).
func DefaultPath() string {
	path, err := ringway.PathFor("two-process-go")
	if err != nil {
		return "two-process-go.ringway"
	}
	return path
}

// OpenOrCreate opens the channel, or creates it (SPSC, 1 MiB) when there is none; it waits while another process
// is creating it.
func OpenOrCreate(path string) (*ringway.Channel, error) {
	deadline := time.Now().Add(creationWait)
	for {
		channel, err := ringway.Create(path, ringway.CreateOptions{Kind: ringway.SPSC, Capacity: Capacity})
		if !errors.Is(err, ringway.ErrFileExists) {
			return channel, err
		}
		channel, err = ringway.Open(path, ringway.OpenOptions{})
		if time.Now().After(deadline) ||
			(!errors.Is(err, ringway.ErrNotInitialised) && !errors.Is(err, ringway.ErrFileNotFound)) {
			return channel, err
		}
		time.Sleep(time.Millisecond) // the other process is between create and its release of layoutVersion
	}
}
