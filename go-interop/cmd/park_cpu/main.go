//go:build linux

// Command park_cpu measures the CPU time of a Go consumer parked on an empty channel (LAYOUT 9), waiting with
// PollWait and a context deadline (mode ctx: MaxWaitSlice slices) or with one PollWaitTimeout (mode timeout), under
// the blocking strategy. It creates the channel file, deletes it at the end, and prints one line:
// "park_cpu: mode=.. parkedMs=.. cpuUs=.. cpuPercent=..", CPU being user + system time of the process (getrusage).
//
// Usage: park_cpu <channel file> ctx|timeout <parkedSeconds>
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"time"

	ringway "github.com/ringway-io/ringway/go-interop"
)

const channelCapacity = 64 * 1024

func main() {
	if len(os.Args) != 4 || (os.Args[2] != "ctx" && os.Args[2] != "timeout") {
		fmt.Fprintf(os.Stderr, "usage: %s <channel file> ctx|timeout <parkedSeconds>\n", os.Args[0])
		os.Exit(2)
	}
	seconds, err := strconv.Atoi(os.Args[3])
	if err != nil || seconds <= 0 {
		fmt.Fprintf(os.Stderr, "park_cpu: parkedSeconds must be a positive integer, found %q\n", os.Args[3])
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2], time.Duration(seconds)*time.Second); err != nil {
		fmt.Fprintf(os.Stderr, "park_cpu: %v\n", err)
		os.Exit(1)
	}
}

func cpuTime() time.Duration {
	var usage syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &usage)
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}

func run(path, mode string, parked time.Duration) error {
	channel, err := ringway.Create(path, ringway.CreateOptions{Kind: ringway.SPSC, Capacity: channelCapacity})
	if err != nil {
		return err
	}
	defer channel.Delete()
	consumer, err := channel.Consumer()
	if err != nil {
		return err
	}
	consumer.SetWaitStrategy(ringway.WaitBlocking())
	nothing := func(int32, []byte) {}

	before := cpuTime()
	var n int
	if mode == "ctx" {
		ctx, cancel := context.WithTimeout(context.Background(), parked)
		defer cancel()
		n, err = consumer.PollWait(ctx, nothing, 1)
		if err == context.DeadlineExceeded {
			err = nil
		}
	} else {
		n, err = consumer.PollWaitTimeout(nothing, 1, parked)
	}
	used := cpuTime() - before
	if err != nil {
		return err
	}
	if n != 0 {
		return fmt.Errorf("received %d messages on a channel nobody writes: file=%s", n, path)
	}
	fmt.Printf("park_cpu: mode=%s parkedMs=%d cpuUs=%d cpuPercent=%.4f\n", mode, parked.Milliseconds(),
		used.Microseconds(), 100*used.Seconds()/parked.Seconds())
	return nil
}
