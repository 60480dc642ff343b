// Terminal 1: opens the channel (creating it if absent), reads until the producer's END, and checks that every
// sequence arrived once and in order with the right bytes, and that END's count and checksum match.
//
// Usage: consumer [channel file]   (default: /dev/shm/two-process-go.ringway)
package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"runtime"
	"time"

	twoprocess "github.com/ringway-io/ringway/examples/two-process/go"
)

type state struct {
	nextSequence int64
	checksum     uint64
	ended        bool
	err          error
}

func (s *state) onMessage(typeID int32, body []byte) {
	if s.err != nil {
		return
	}
	switch {
	case typeID == twoprocess.SequenceTypeID && len(body) >= 16:
		sequence := int64(binary.LittleEndian.Uint64(body[8:]))
		ok := sequence == s.nextSequence && len(body) == twoprocess.SequenceLength(sequence)
		for i := 16; ok && i < len(body); i++ {
			ok = body[i] == byte(sequence+int64(i-16))
		}
		if !ok {
			s.err = fmt.Errorf("sequence found=%d expected=%d (length %d)", sequence, s.nextSequence, len(body))
			return
		}
		s.checksum = twoprocess.Fnv1a(s.checksum, body)
		s.nextSequence++
	case typeID == twoprocess.EndTypeID && len(body) == twoprocess.EndLength:
		count := int64(binary.LittleEndian.Uint64(body[8:]))
		checksum := binary.LittleEndian.Uint64(body[16:])
		if count != s.nextSequence || checksum != s.checksum {
			s.err = fmt.Errorf("END count=%d checksum=%x, received %d checksum=%x", count, checksum,
				s.nextSequence, s.checksum)
		}
		s.ended = true
	}
}

func main() {
	path := twoprocess.DefaultPath()
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	if err := consume(path); err != nil {
		fmt.Fprintf(os.Stderr, "consumer: %v\n", err)
		os.Exit(1)
	}
}

func consume(path string) error {
	channel, err := twoprocess.OpenOrCreate(path)
	if err != nil {
		return err
	}
	defer channel.Close()
	consumer, err := channel.Consumer()
	if err != nil {
		return err
	}
	defer consumer.Close()
	fmt.Printf("consumer: waiting for messages on %s\n", path)

	s := state{checksum: twoprocess.FnvOffsetBasis}
	var start time.Time
	for !s.ended && s.err == nil {
		n, err := consumer.Poll(s.onMessage, 256)
		if err != nil {
			return err
		}
		if n == 0 {
			runtime.Gosched()
		} else if start.IsZero() {
			start = time.Now()
		}
	}
	if s.err != nil {
		return s.err
	}
	fmt.Printf("consumer: received %d messages in order, none lost or repeated, checksum ok, in %.2f s\n",
		s.nextSequence, time.Since(start).Seconds())
	return nil
}
