// Command ping_pong is one side of a cross-process ping-pong over two SPSC channels: Ringway's ping-pong program in
// Go, for the wakeup tests (parked, strict), the benchmark's round-trip rows (spin or blocking, --samples) and by
// hand. Its Java and C twins (io.ringway.cli.PingPong, c-interop/programs/ping_pong.c) take the same arguments and
// print the same lines, so any ping plays any pong. The contract, written once: docs/PING_PONG.md.
//
// Usage:
//
//	ping_pong ping|pong <inbound file> <outbound file> <rounds> <warmupRounds>
//	    spin|busySpin|yielding|backoff|blocking [--timeout-ms N] [--strict] [--length N] [--samples FILE] [--ready]
//	    [--rate N]
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
	_ "unsafe" // for go:linkname

	ringway "github.com/ringway-io/ringway/go-interop"
)

const (
	pingTypeID             = 7
	minCapacity            = 64 * 1024
	minLength              = 8
	maxLength              = 64 * 1024
	maxConsecutiveTimeouts = 10
	defaultTimeoutMs       = 5000
	// a spinning wait reads the clock (for its timeout) once per this many empty polls, never per poll
	spinPollsPerClockRead = 4096
	openRetry             = 2 * time.Second
	exitWrongMessage      = 1
	exitBadArguments      = 2
	exitPeerGone          = 3
	usage                 = "ping|pong <inbound file> <outbound file> <rounds> <warmupRounds> " +
		"spin|busySpin|yielding|backoff|blocking [--timeout-ms N] [--strict] [--length N] [--samples FILE] [--ready] " +
		"[--rate N] [--membarrier-wakeups]"
)

// maxRatePerSecond is the highest --rate: one round per nanosecond, the clock's unit.
const maxRatePerSecond = int64(time.Second)

// options is the command line of docs/PING_PONG.md.
type options struct {
	role         string
	inbound      string
	outbound     string
	rounds       int64
	warmupRounds int64
	spin         bool
	strategy     ringway.WaitStrategy
	timeout      time.Duration
	strict       bool
	length       int
	samples      string
	ready        bool
	// ratePerSecond (ping): rounds per second, each timed from its intended send time; 0: back to back, timed from
	// the send
	ratePerSecond int64
	// membarrierWakeups: this side's consumer promises membarrier wakeups (LAYOUT 9.8), so that the peer's producer
	// skips its wake check's full fence
	membarrierWakeups bool
}

func main() {
	opts, err := parseOptions(os.Args[1:])
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\nusage: %s %s\n", os.Args[0], err, os.Args[0], usage)
		os.Exit(exitBadArguments)
	}
	// parked waits block their thread in FUTEX_WAIT: keep this goroutine on one thread, as the C and Java sides
	runtime.LockOSThread()
	os.Exit(run(opts))
}

func parseOptions(args []string) (options, error) {
	strategies := map[string]ringway.WaitStrategy{
		"spin":     ringway.WaitBusySpin(),
		"busySpin": ringway.WaitBusySpin(),
		"yielding": ringway.WaitYielding(),
		"backoff":  ringway.WaitBackoffDefault(),
		"blocking": ringway.WaitBlocking(),
	}
	var opts options
	if len(args) < 6 || (args[0] != "ping" && args[0] != "pong") {
		return opts, errors.New("missing arguments or role not ping or pong")
	}
	opts.role, opts.inbound, opts.outbound = args[0], args[1], args[2]
	var ok bool
	if opts.strategy, ok = strategies[args[5]]; !ok {
		return opts, fmt.Errorf("unknown wait: field=wait found=%s", args[5])
	}
	opts.spin = args[5] == "spin"
	var roundsErr, warmupErr error
	opts.rounds, roundsErr = strconv.ParseInt(args[3], 10, 64)
	opts.warmupRounds, warmupErr = strconv.ParseInt(args[4], 10, 64)
	if err := errors.Join(roundsErr, warmupErr); err != nil {
		return opts, err
	}
	timeoutMs, length := int64(defaultTimeoutMs), int64(minLength)
	for i := 6; i < len(args); i++ {
		hasValue := i+1 < len(args)
		var err error
		switch {
		case args[i] == "--strict":
			opts.strict = true
		case args[i] == "--ready":
			opts.ready = true
		case args[i] == "--membarrier-wakeups":
			opts.membarrierWakeups = true
		case args[i] == "--timeout-ms" && hasValue:
			i++
			timeoutMs, err = strconv.ParseInt(args[i], 10, 64)
		case args[i] == "--length" && hasValue:
			i++
			length, err = strconv.ParseInt(args[i], 10, 64)
		case args[i] == "--samples" && hasValue:
			i++
			opts.samples = args[i]
		case args[i] == "--rate" && hasValue:
			i++
			if opts.ratePerSecond, err = strconv.ParseInt(args[i], 10, 64); err == nil && opts.ratePerSecond <= 0 {
				err = fmt.Errorf("invalid value: field=--rate found=%d expected=>0", opts.ratePerSecond)
			}
		default:
			return opts, fmt.Errorf("unknown option or missing value: found=%s", args[i])
		}
		if err != nil {
			return opts, err
		}
	}
	if opts.rounds < 0 || opts.warmupRounds < 0 || timeoutMs <= 0 || timeoutMs > int64(time.Duration(1<<63-1)/
		time.Millisecond) || length < minLength || length > maxLength || opts.ratePerSecond > maxRatePerSecond {
		return opts, fmt.Errorf("invalid values: found=rounds %d warmupRounds %d --timeout-ms %d --length %d "+
			"--rate %d expected=rounds >= 0, warmupRounds >= 0, --timeout-ms > 0, --length in [%d, %d], --rate "+
			"(when given) in [1, %d]", opts.rounds, opts.warmupRounds, timeoutMs, length, opts.ratePerSecond,
			minLength, maxLength, maxRatePerSecond)
	}
	opts.timeout = time.Duration(timeoutMs) * time.Millisecond
	opts.length = int(length)
	return opts, nil
}

// channelCapacity is the capacity of docs/PING_PONG.md: 64 KiB, or the power of two of at least 64 times the length.
func channelCapacity(length int) int {
	capacity := minCapacity
	for capacity < 64*length {
		capacity *= 2
	}
	return capacity
}

// openOrCreate opens the channel, or creates it when absent; it waits a bounded time for a peer that is creating it.
func openOrCreate(path string, capacity int) (*ringway.Channel, error) {
	deadline := time.Now().Add(openRetry)
	for {
		channel, err := ringway.Open(path, ringway.OpenOptions{})
		if errors.Is(err, ringway.ErrFileNotFound) {
			channel, err = ringway.Create(path, ringway.CreateOptions{Kind: ringway.SPSC, Capacity: capacity})
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

// side is one side: its handles, the message it sends and what its handler last received.
type side struct {
	opts     *options
	out      *ringway.Channel
	consumer *ringway.Consumer
	producer *ringway.Producer
	message  []byte
	// pong, not strict: the handler sends each round back; echoErr is what that send returned
	echoesInHandler bool
	round           int64
	received        int64
	echoErr         error
	timeouts        int64
	handler         func(typeID int32, body []byte)
}

// promise ends the output line of docs/PING_PONG.md: with --membarrier-wakeups, whether this side's consumer
// promised them.
func (s *side) promise() string {
	if !s.opts.membarrierWakeups {
		return ""
	}
	return " membarrierWakeups=" + strconv.FormatBool(s.consumer.MembarrierWakeups())
}

// errExit ends a side with an exit code of docs/PING_PONG.md, its message already printed.
type errExit int

func (e errExit) Error() string { return "exit " + strconv.Itoa(int(e)) }

func run(opts options) int {
	fail := func(err error) int {
		fmt.Fprintf(os.Stderr, "%s: %v\n", opts.role, err)
		return exitWrongMessage
	}
	capacity := channelCapacity(opts.length)
	in, err := openOrCreate(opts.inbound, capacity)
	if err != nil {
		return fail(err)
	}
	defer in.Close()
	out, err := openOrCreate(opts.outbound, capacity)
	if err != nil {
		return fail(err)
	}
	defer out.Close()
	var consumerOptions []ringway.ConsumerOption
	if opts.membarrierWakeups {
		consumerOptions = append(consumerOptions, ringway.MembarrierWakeups)
	}
	consumer, err := in.Consumer(consumerOptions...)
	if err != nil {
		return fail(err)
	}
	defer consumer.Close()
	producer, err := out.Producer()
	if err != nil {
		return fail(err)
	}
	defer producer.Close()
	consumer.SetWaitStrategy(opts.strategy)
	producer.SetWaitStrategy(opts.strategy)
	s := &side{opts: &opts, out: out, consumer: consumer, producer: producer, message: make([]byte, opts.length),
		echoesInHandler: opts.role == "pong" && !opts.strict}
	// The handler takes the round number of a message of the contract's type and length (else received stays -1).
	// The pong (unless strict) sends it back from here, before its poll releases the message's space: the echo's
	// stores then do not queue behind the store of the consumer position, whose cache line the ping's producer may
	// hold (docs/PING_PONG.md).
	s.handler = func(typeID int32, body []byte) {
		if typeID == pingTypeID && len(body) == opts.length {
			s.received = int64(binary.LittleEndian.Uint64(body))
			if s.echoesInHandler && s.received == s.round {
				s.echoErr = s.send(s.round)
			}
		}
	}
	if opts.ready {
		fmt.Println("READY")
	}
	if opts.role == "ping" {
		err = s.ping()
	} else {
		err = s.pong()
	}
	var exit errExit
	if errors.As(err, &exit) {
		return int(exit)
	}
	if err != nil {
		return fail(err)
	}
	return 0
}

// send sends round, after (strict) waiting until the receiver has announced that it is parking.
func (s *side) send(round int64) error {
	for s.opts.strict {
		if dataWaiters, _ := s.out.WaitersFlags(); dataWaiters {
			break
		}
		runtime.Gosched()
	}
	binary.LittleEndian.PutUint64(s.message, uint64(round))
	for {
		err := s.producer.OfferWaitTimeout(pingTypeID, s.message, s.opts.timeout)
		if !errors.Is(err, ringway.ErrRingFull) {
			return err
		}
	}
}

// receive is one wait for the next message: 1 when one was delivered, 0 when the wait timed out. spin reads no clock
// until spinPollsPerClockRead polls have found nothing, so a round trip that finds its echo within them costs polls
// only.
func (s *side) receive() (int, error) {
	if !s.opts.spin {
		return s.consumer.PollWaitTimeout(s.handler, 1, s.opts.timeout)
	}
	emptyPolls, hasDeadline := 0, false
	var deadlineNs int64
	for {
		n, err := s.consumer.Poll(s.handler, 1)
		if n != 0 || err != nil {
			return n, err
		}
		if emptyPolls++; emptyPolls == spinPollsPerClockRead {
			emptyPolls = 0
			nowNs := monotonicNs()
			if !hasDeadline {
				deadlineNs, hasDeadline = nowNs+int64(s.opts.timeout), true
			} else if nowNs-deadlineNs >= 0 {
				return 0, nil
			}
		}
	}
}

// receiveRound waits for the message of round; a wait that times out is counted and retried.
func (s *side) receiveRound(round int64) error {
	s.round, s.received, s.echoErr = round, -1, nil
	for consecutive := 0; ; {
		n, err := s.receive()
		if err != nil {
			return err
		}
		if n > 0 {
			break
		}
		s.timeouts++
		if consecutive++; consecutive >= maxConsecutiveTimeouts {
			fmt.Fprintf(os.Stderr, "%s: peer gone: no message for %d waits of %d ms in round %d (timeouts=%d)\n",
				s.opts.role, consecutive, s.opts.timeout.Milliseconds(), round, s.timeouts)
			return errExit(exitPeerGone)
		}
	}
	if s.received != round {
		fmt.Fprintf(os.Stderr, "%s: wrong message: field=round found=%d expected=%d (type id %d, %d-byte body)\n",
			s.opts.role, s.received, round, pingTypeID, s.opts.length)
		return errExit(exitWrongMessage)
	}
	return s.echoErr
}

func (s *side) pong() error {
	for round := int64(0); round < s.opts.warmupRounds+s.opts.rounds; round++ {
		if err := s.receiveRound(round); err != nil {
			return err
		}
		// strict: the receiver's waiters flag is awaited here, not while this side's own wait may hold its flag
		if !s.echoesInHandler {
			if err := s.send(round); err != nil {
				return err
			}
		}
	}
	fmt.Printf("pong: rounds=%d timeouts=%d%s\n", s.opts.rounds, s.timeouts, s.promise())
	return nil
}

// monotonicNs is CLOCK_MONOTONIC in nanoseconds, one vDSO read: the clock the Java and C pings time their rounds with
// (System.nanoTime, clock_gettime). The ping reads it at both ends of a round rather than time.Now and time.Since,
// which read the wall clock too and build a Time: an empty interval (mean of 2,000,000 below their p99, pinned) was
// 25.5 ns timed with time.Now and time.Since, 23.7 with two monotonicNs reads and 23.0 with two clock_gettime reads
// in C, so the Go ping counted about 2 ns per round trip that the C and Java pings do not (benchmarks/README "The
// Go ping's clock").
//
//go:linkname monotonicNs runtime.nanotime
func monotonicNs() int64

// intendedSend is the schedule of --rate (docs/PING_PONG.md): round is due at start + round * 10^9 / rate
// nanoseconds, in integer arithmetic that neither overflows nor accumulates rounding (each due time is the floor of
// the exact one).
func intendedSend(startNs, round, ratePerSecond int64) int64 {
	second := int64(time.Second)
	return startNs + round/ratePerSecond*second + round%ratePerSecond*second/ratePerSecond
}

// roundStart is when to time a round from: now, or with --rate its intended send time, spinning until then (a late
// round goes at once), so that a stall counts against every round it delays (coordinated omission corrected).
// Warm-up rounds are due from the first round, measured rounds from the first measured round (*scheduleStartNs is reset
// there), so that no lateness of the warm-up carries over into the measurement.
func (s *side) roundStart(scheduleStartNs *int64, round int64) int64 {
	if s.opts.ratePerSecond == 0 {
		return monotonicNs()
	}
	if round == s.opts.warmupRounds {
		*scheduleStartNs = monotonicNs()
	}
	scheduled := round
	if round >= s.opts.warmupRounds {
		scheduled -= s.opts.warmupRounds
	}
	dueNs := intendedSend(*scheduleStartNs, scheduled, s.opts.ratePerSecond)
	for monotonicNs()-dueNs < 0 {
	}
	return dueNs
}

// residentRoundTrips is the ping's record of round trips, every page of it written now: a new slice's pages are
// mapped at their first write, so a minor page fault landed in every 512th measured round (one 4 KiB page of int64s):
// that round ran p50 180 ns against 151 for the others (Go ping, C pong, 1,000,000 round trips). The JVM zeroes a Java
// ping's array when it allocates it.
func residentRoundTrips(rounds int64) []int64 {
	roundTripNs := make([]int64, rounds)
	for i := range roundTripNs {
		roundTripNs[i] = -1 // every round overwrites its entry
	}
	return roundTripNs
}

func (s *side) ping() error {
	rounds := s.opts.rounds
	roundTripNs := residentRoundTrips(rounds)
	scheduleStartNs := monotonicNs()
	for round := int64(0); round < s.opts.warmupRounds+rounds; round++ {
		startNs := s.roundStart(&scheduleStartNs, round)
		if err := s.send(round); err != nil {
			return err
		}
		if err := s.receiveRound(round); err != nil {
			return err
		}
		endNs := monotonicNs()
		if round >= s.opts.warmupRounds {
			roundTripNs[round-s.opts.warmupRounds] = endNs - startNs
		}
	}
	if s.opts.samples != "" {
		bytes := make([]byte, 0, 8*rounds)
		for _, ns := range roundTripNs {
			bytes = binary.LittleEndian.AppendUint64(bytes, uint64(ns))
		}
		if err := os.WriteFile(s.opts.samples, bytes, 0o644); err != nil {
			return fmt.Errorf("cannot write the samples: %w", err)
		}
	}
	if rounds == 0 {
		fmt.Printf("ping: rounds=0 timeouts=%d%s\n", s.timeouts, s.promise())
		return nil
	}
	slices.Sort(roundTripNs)
	sum := int64(0)
	for _, ns := range roundTripNs {
		sum += ns
	}
	fmt.Printf("ping: rounds=%d timeouts=%d p50Ns=%d p90Ns=%d p99Ns=%d maxNs=%d meanNs=%d%s\n", rounds, s.timeouts,
		roundTripNs[int64(float64(rounds)*0.50)], roundTripNs[int64(float64(rounds)*0.90)],
		roundTripNs[int64(float64(rounds)*0.99)], roundTripNs[rounds-1], sum/rounds, s.promise())
	return nil
}
