// Command ringway_pingpong is the Go side of the benchmark's Ringway ping-pong rows: two SPSC channels, one per
// direction, both sides spinning (one Poll and one Offer per message, as a Go user would write it; both run in Go
// on the mapping, go-interop/fastpath.go, with no cgo call). It follows the
// process contract of benchmarks/README.md and pairs with RingwayPingPong (Java) and c/ringway_pingpong.c: the pong
// side creates both channel files and deletes them when it stops; the ping side opens them.
//
// Usage: ringway_pingpong pong <ping channel> <pong channel>
//
//	ringway_pingpong ping <ping channel> <pong channel> <warmup> <count> <out>
package main

/*
#include <time.h>

static long long monotonic_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}
*/
import "C"

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strconv"

	ringway "github.com/ringway-io/ringway/go-interop"
)

const (
	capacity      = 64 * 1024
	typeID        = 1
	messageLength = 32
	stopSequence  = -1
)

func main() {
	args := os.Args[1:]
	var err error
	switch {
	case len(args) == 3 && args[0] == "pong":
		err = pong(args[1], args[2])
	case len(args) == 6 && args[0] == "ping":
		warmup, err1 := strconv.ParseInt(args[3], 10, 64)
		count, err2 := strconv.ParseInt(args[4], 10, 64)
		if err1 != nil || err2 != nil || warmup < 0 || count <= 0 {
			fmt.Fprintf(os.Stderr, "invalid counts: field=warmup found=%s expected=>=0, field=count found=%s "+
				"expected=>0\n", args[3], args[4])
			os.Exit(2)
		}
		err = ping(args[1], args[2], warmup, count, args[5])
	default:
		fmt.Fprintln(os.Stderr, "usage: ringway_pingpong pong <ping channel> <pong channel> | ping <ping channel> "+
			"<pong channel> <warmup> <count> <out>")
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", args[0], err)
		os.Exit(1)
	}
}

func offer(producer *ringway.Producer, body []byte) error {
	for {
		err := producer.Offer(typeID, body)
		if !errors.Is(err, ringway.ErrRingFull) {
			return err
		}
	}
}

func pong(pingPath, pongPath string) error {
	options := ringway.CreateOptions{Kind: ringway.SPSC, Capacity: capacity}
	pingChannel, err := ringway.Create(pingPath, options)
	if err != nil {
		return err
	}
	defer pingChannel.Delete()
	pongChannel, err := ringway.Create(pongPath, options)
	if err != nil {
		return err
	}
	defer pongChannel.Delete()
	consumer, err := pingChannel.Consumer()
	if err != nil {
		return err
	}
	producer, err := pongChannel.Producer()
	if err != nil {
		return err
	}
	fmt.Println("READY")
	stopped := false
	var echoErr error
	echo := func(_ int32, body []byte) {
		if int64(binary.LittleEndian.Uint64(body)) == stopSequence {
			stopped = true
			return
		}
		if err := offer(producer, body); err != nil && echoErr == nil {
			echoErr = err
		}
	}
	for !stopped && echoErr == nil {
		if _, err := consumer.Poll(echo, 1); err != nil {
			return err
		}
	}
	consumer.Close()
	producer.Close()
	return echoErr
}

func ping(pingPath, pongPath string, warmup, count int64, out string) error {
	pingChannel, err := ringway.Open(pingPath, ringway.OpenOptions{})
	if err != nil {
		return err
	}
	defer pingChannel.Close()
	pongChannel, err := ringway.Open(pongPath, ringway.OpenOptions{})
	if err != nil {
		return err
	}
	defer pongChannel.Close()
	producer, err := pingChannel.Producer()
	if err != nil {
		return err
	}
	defer producer.Close()
	consumer, err := pongChannel.Consumer()
	if err != nil {
		return err
	}
	defer consumer.Close()

	samples := make([]byte, 8*count)
	message := make([]byte, messageLength)
	echoed := int64(-2)
	capture := func(_ int32, body []byte) { echoed = int64(binary.LittleEndian.Uint64(body)) }
	for sequence := int64(0); sequence < warmup+count; sequence++ {
		binary.LittleEndian.PutUint64(message, uint64(sequence))
		startNs := int64(C.monotonic_ns())
		if err := offer(producer, message); err != nil {
			return err
		}
		for {
			n, err := consumer.Poll(capture, 1)
			if err != nil {
				return err
			}
			if n > 0 {
				break
			}
		}
		endNs := int64(C.monotonic_ns())
		if echoed != sequence {
			return fmt.Errorf("wrong echo: field=sequence found=%d expected=%d", echoed, sequence)
		}
		if sequence >= warmup {
			binary.LittleEndian.PutUint64(samples[8*(sequence-warmup):], uint64(endNs-startNs))
		}
	}
	stop := int64(stopSequence)
	binary.LittleEndian.PutUint64(message, uint64(stop))
	if err := offer(producer, message); err != nil {
		return err
	}
	return os.WriteFile(out, samples, 0o600)
}
