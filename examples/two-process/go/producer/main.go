// Terminal 2: opens the channel (creating it if absent) and sends count SEQUENCE messages, then END with the count
// and the checksum. Even sequences are copied in (Offer), odd ones written in place (TryClaim, write, Commit).
//
// Usage: producer [channel file [count]]   (default: /dev/shm/two-process-go.ringway, 10000000)
package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"

	twoprocess "github.com/ringway-io/ringway/examples/two-process/go"
	ringway "github.com/ringway-io/ringway/go-interop"
)

func main() {
	path := twoprocess.DefaultPath()
	count := int64(10_000_000)
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	if len(os.Args) > 2 {
		n, err := strconv.ParseInt(os.Args[2], 10, 64)
		if err != nil || n < 0 {
			fmt.Fprintf(os.Stderr, "usage: %s [channel file [count]]\n", os.Args[0])
			os.Exit(2)
		}
		count = n
	}
	if err := produce(path, count); err != nil {
		fmt.Fprintf(os.Stderr, "producer: %v\n", err)
		os.Exit(1)
	}
	fmt.Println("producer: done")
}

func produce(path string, count int64) error {
	channel, err := twoprocess.OpenOrCreate(path)
	if err != nil {
		return err
	}
	defer channel.Close()
	producer, err := channel.Producer()
	if err != nil {
		return err
	}
	defer producer.Close()
	fmt.Printf("producer: sending %d messages to %s\n", count, path)

	checksum := uint64(twoprocess.FnvOffsetBasis)
	scratch := make([]byte, twoprocess.MaxSequenceLength)
	for sequence := int64(0); sequence < count; sequence++ {
		length := twoprocess.SequenceLength(sequence)
		var body []byte
		index := -1
		for {
			if sequence%2 == 0 {
				body = scratch[:length]
			} else {
				index, body, err = producer.TryClaim(twoprocess.SequenceTypeID, length)
				if errors.Is(err, ringway.ErrRingFull) {
					runtime.Gosched() // let the consumer catch up
					continue
				}
				if err != nil {
					return err
				}
			}
			break
		}
		binary.LittleEndian.PutUint64(body[0:], twoprocess.ProducerID)
		binary.LittleEndian.PutUint64(body[8:], uint64(sequence))
		for i := 16; i < length; i++ {
			body[i] = byte(sequence + int64(i-16))
		}
		checksum = twoprocess.Fnv1a(checksum, body)
		if index >= 0 {
			err = producer.Commit(index)
		} else {
			err = offer(producer, twoprocess.SequenceTypeID, body)
		}
		if err != nil {
			return err
		}
	}
	end := make([]byte, twoprocess.EndLength)
	binary.LittleEndian.PutUint64(end[0:], twoprocess.ProducerID)
	binary.LittleEndian.PutUint64(end[8:], uint64(count))
	binary.LittleEndian.PutUint64(end[16:], checksum)
	return offer(producer, twoprocess.EndTypeID, end)
}

// offer copies a message in, waiting while the ring is full (back-pressure is a return value, not a failure).
func offer(producer *ringway.Producer, typeID int32, body []byte) error {
	for {
		err := producer.Offer(typeID, body)
		if !errors.Is(err, ringway.ErrRingFull) {
			return err
		}
		runtime.Gosched()
	}
}
