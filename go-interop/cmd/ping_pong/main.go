// Command ping_pong is one side of a cross-process ping-pong over two SPSC channels, each side waiting with a chosen
// strategy (parked on the futex with "blocking"): the Go twin of Java's io.ringway.testing.PingPongMain and of
// c-interop's ringway_ping_pong, with the same arguments, channels, messages and output, so that any pair of Java, C
// and Go sides works (docs/LAYOUT.md section 9).
//
// Usage: ping_pong ping|pong <inbound file> <outbound file> <rounds> <warmupRounds>
//
//	blocking|backoff|yielding|busySpin [timeoutMs [strict]]
//
// Both channels are SPSC, 64 KiB, created by whichever side comes first. ping sends the round number (8 bytes, type
// id 7) and waits for it to come back, warmupRounds + rounds times, timing the last rounds; pong echoes. Each wait is
// one PollWaitTimeout of timeoutMs (default 5000): a wait that ends by timeout is counted and retried; 10 in a row
// mean the peer is gone (exit 3). "strict": before each send, wait until the peer has set the dataWaiters flag of
// the channel it reads (it is parking), so that every message has to wake its receiver. Output, one line:
// "ping: rounds=N timeouts=T p50Ns=.. p90Ns=.. p99Ns=.. maxNs=.. meanNs=.." (pong: "pong: rounds=N timeouts=T").
// Exit 0; 1 on a wrong round number or channel error; 2 bad arguments.
package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"time"

	ringway "github.com/ringway-io/ringway/go-interop"
)

const (
	pingTypeID              = 7
	channelCapacity         = 64 * 1024
	maxConsecutiveTimeouts  = 10
	openRetry               = 2 * time.Second
	defaultTimeoutMs        = 5000
	roundNumberLength       = 8
	exitWrongRoundOrFailure = 1
	exitBadArguments        = 2
	exitPeerGone            = 3
)

func main() {
	args := os.Args
	strategies := map[string]ringway.WaitStrategy{
		"blocking": ringway.WaitBlocking(),
		"backoff":  ringway.WaitBackoffDefault(),
		"yielding": ringway.WaitYielding(),
		"busySpin": ringway.WaitBusySpin(),
	}
	var strategy ringway.WaitStrategy
	ok := len(args) >= 7 && len(args) <= 9 && (args[1] == "ping" || args[1] == "pong")
	if ok {
		strategy, ok = strategies[args[6]]
	}
	if !ok {
		fmt.Fprintf(os.Stderr, "usage: %s ping|pong <inbound file> <outbound file> <rounds> <warmupRounds> "+
			"blocking|backoff|yielding|busySpin [timeoutMs [strict]]\n", args[0])
		os.Exit(exitBadArguments)
	}
	role := args[1]
	rounds, roundsErr := strconv.ParseInt(args[4], 10, 64)
	warmupRounds, warmupErr := strconv.ParseInt(args[5], 10, 64)
	timeoutMs := int64(defaultTimeoutMs)
	var timeoutErr error
	if len(args) > 7 {
		timeoutMs, timeoutErr = strconv.ParseInt(args[7], 10, 64)
	}
	strict := len(args) > 8 && args[8] == "strict"
	if roundsErr != nil || warmupErr != nil || timeoutErr != nil || rounds < 0 || warmupRounds < 0 || timeoutMs <= 0 {
		fmt.Fprintf(os.Stderr, "%s: rounds, warmupRounds and timeoutMs must be positive\n", role)
		os.Exit(exitBadArguments)
	}
	// the waits are cgo calls that block their thread: keep this goroutine on one thread, as the C and Java sides
	runtime.LockOSThread()
	os.Exit(run(role, args[2], args[3], rounds, warmupRounds, strategy, time.Duration(timeoutMs)*time.Millisecond,
		strict))
}

// openOrCreate opens the channel, or creates it when absent; it waits a bounded time for a peer that is creating it.
func openOrCreate(path string) (*ringway.Channel, error) {
	deadline := time.Now().Add(openRetry)
	for {
		channel, err := ringway.Open(path, ringway.OpenOptions{})
		if errors.Is(err, ringway.ErrFileNotFound) {
			channel, err = ringway.Create(path, ringway.CreateOptions{Kind: ringway.SPSC, Capacity: channelCapacity})
			if errors.Is(err, ringway.ErrFileExists) {
				continue
			}
		}
		var detail *ringway.Error
		beingCreated := errors.Is(err, ringway.ErrNotInitialised) ||
			(errors.Is(err, ringway.ErrInvalidFile) && errors.As(err, &detail) && detail.Field == "fileLength")
		if !beingCreated || time.Now().After(deadline) {
			return channel, err
		}
		runtime.Gosched()
	}
}

// awaitPeerParked returns once the peer reading outbound has announced that it is parking (strict mode only).
func awaitPeerParked(outbound *ringway.Channel, strict bool) {
	for strict {
		if dataWaiters, _ := outbound.WaitersFlags(); dataWaiters {
			return
		}
		runtime.Gosched()
	}
}

func run(role, inboundPath, outboundPath string, rounds, warmupRounds int64, strategy ringway.WaitStrategy,
	timeout time.Duration, strict bool) int {
	fail := func(err error) int {
		fmt.Fprintf(os.Stderr, "%s: %v\n", role, err)
		return exitWrongRoundOrFailure
	}
	in, err := openOrCreate(inboundPath)
	if err != nil {
		return fail(err)
	}
	defer in.Close()
	out, err := openOrCreate(outboundPath)
	if err != nil {
		return fail(err)
	}
	defer out.Close()
	consumer, err := in.Consumer()
	if err != nil {
		return fail(err)
	}
	producer, err := out.Producer()
	if err != nil {
		return fail(err)
	}
	consumer.SetWaitStrategy(strategy)
	producer.SetWaitStrategy(strategy)

	isPing := role == "ping"
	var roundTripNs []int64
	if isPing {
		roundTripNs = make([]int64, 0, rounds)
	}
	send := func(round int64) error {
		awaitPeerParked(out, strict)
		body := binary.LittleEndian.AppendUint64(make([]byte, 0, roundNumberLength), uint64(round))
		for {
			err := producer.OfferWaitTimeout(pingTypeID, body, timeout)
			if !errors.Is(err, ringway.ErrRingFull) {
				return err
			}
		}
	}
	received := int64(-1)
	handler := func(_ int32, body []byte) {
		received = -1
		if len(body) == roundNumberLength {
			received = int64(binary.LittleEndian.Uint64(body))
		}
	}
	timeouts := int64(0)
	for round := int64(0); round < warmupRounds+rounds; round++ {
		start := time.Now()
		if isPing {
			if err := send(round); err != nil {
				return fail(err)
			}
		}
		received = -1
		for consecutive := 0; ; {
			n, err := consumer.PollWaitTimeout(handler, 1, timeout)
			if err != nil {
				return fail(err)
			}
			if n > 0 {
				break
			}
			timeouts++
			if consecutive++; consecutive >= maxConsecutiveTimeouts {
				fmt.Fprintf(os.Stderr, "%s: peer gone: no message for %d waits of %d ms in round %d (timeouts=%d)\n",
					role, consecutive, timeout.Milliseconds(), round, timeouts)
				return exitPeerGone
			}
		}
		if received != round {
			fmt.Fprintf(os.Stderr, "%s: wrong round number: field=round found=%d expected=%d\n", role, received, round)
			return exitWrongRoundOrFailure
		}
		if isPing {
			if round >= warmupRounds {
				roundTripNs = append(roundTripNs, time.Since(start).Nanoseconds())
			}
		} else if err := send(round); err != nil {
			return fail(err)
		}
	}
	if isPing && rounds > 0 {
		slices.Sort(roundTripNs)
		sum := int64(0)
		for _, ns := range roundTripNs {
			sum += ns
		}
		fmt.Printf("ping: rounds=%d timeouts=%d p50Ns=%d p90Ns=%d p99Ns=%d maxNs=%d meanNs=%d\n", rounds, timeouts,
			roundTripNs[int64(float64(rounds)*0.50)], roundTripNs[int64(float64(rounds)*0.90)],
			roundTripNs[int64(float64(rounds)*0.99)], roundTripNs[rounds-1], sum/rounds)
	} else {
		fmt.Printf("%s: rounds=%d timeouts=%d\n", role, rounds, timeouts)
	}
	return 0
}
