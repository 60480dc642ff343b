// Command parked_consumer is the Go side of the benchmark's parked-CPU rows: a consumer waiting on an
// empty channel, so that the harness can read from /proc how much CPU it uses while it waits. It follows the
// parked-consumer contract of benchmarks/README.md, as ParkedConsumer (Java) and c/parked_consumer.c do: it creates
// an SPSC channel, prints "thread=<tid>" (the OS thread the waiting goroutine is locked to) and READY, waits under
// the blocking strategy until a message arrives, prints "received=<n> value=<its first 8 bytes, little-endian>",
// deletes the channel file and exits 0.
//
// Modes: ctx waits with one PollWait on a context that is never cancelled (it parks in slices of
// ringway.MaxWaitSlice); timeout calls PollWaitTimeout with a 1 s timeout in a loop (one cgo call per second).
//
// Usage: parked_consumer park <channel file> ctx|timeout
package main

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"runtime"
	"syscall"
	"time"

	ringway "github.com/ringway-io/ringway/go-interop"
)

const (
	capacity = 64 * 1024
	// pollTimeout is the timeout of one PollWaitTimeout; the consumer loops on it, as an application with a
	// shutdown check would.
	pollTimeout = time.Second
)

func main() {
	if len(os.Args) != 4 || os.Args[1] != "park" || (os.Args[3] != "ctx" && os.Args[3] != "timeout") {
		fmt.Fprintln(os.Stderr, "usage: parked_consumer park <channel file> ctx|timeout")
		os.Exit(2)
	}
	// the waiting goroutine stays on this OS thread, so that its /proc entry is the consumer's
	runtime.LockOSThread()
	if err := run(os.Args[2], os.Args[3]); err != nil {
		fmt.Fprintf(os.Stderr, "parked_consumer: %v\n", err)
		os.Exit(1)
	}
}

func run(path, mode string) error {
	channel, err := ringway.Create(path, ringway.CreateOptions{Kind: ringway.SPSC, Capacity: capacity})
	if err != nil {
		return err
	}
	defer channel.Delete()
	consumer, err := channel.Consumer()
	if err != nil {
		return err
	}
	defer consumer.Close()
	consumer.SetWaitStrategy(ringway.WaitBlocking())
	var value int64
	handler := func(_ int32, body []byte) {
		if len(body) >= 8 {
			value = int64(binary.LittleEndian.Uint64(body))
		}
	}
	fmt.Printf("thread=%d\nREADY\n", syscall.Gettid())
	received := 0
	if mode == "ctx" {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		received, err = consumer.PollWait(ctx, handler, 1)
	} else {
		for received == 0 && err == nil {
			received, err = consumer.PollWaitTimeout(handler, 1, pollTimeout)
		}
	}
	if err != nil {
		return err
	}
	fmt.Printf("received=%d value=%d\n", received, value)
	return nil
}
