package main

import (
	"encoding/binary"
	"math/big"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The fixed-rate ping of docs/PING_PONG.md (--rate N): round i is due at start + i / N and timed from then, so that a
// late round's delay counts against it (coordinated omission corrected). No assertion on time: the accounting is
// checked through a property every corrected run has and a run timed from the actual send does not.

func TestShouldParseTheRate(t *testing.T) {
	opts, err := parseOptions([]string{"ping", "in", "out", "10", "5", "spin", "--rate", "100000", "--length", "32"})
	if err != nil || opts.ratePerSecond != 100_000 || opts.length != 32 {
		t.Fatalf("found=%+v err=%v expected=rate 100000, length 32", opts, err)
	}
	if opts, err = parseOptions([]string{"ping", "in", "out", "10", "5", "spin"}); err != nil || opts.ratePerSecond != 0 {
		t.Fatalf("found=%+v err=%v expected=rate 0 without --rate", opts, err)
	}
}

func TestShouldRejectARateThatIsNotPositiveOrAboveOnePerNanosecond(t *testing.T) {
	for _, rate := range []string{"0", "-1", "1000000001", "fast"} {
		if _, err := parseOptions([]string{"ping", "in", "out", "10", "5", "spin", "--rate", rate}); err == nil {
			t.Errorf("--rate %s: accepted, expected an error", rate)
		}
	}
}

func TestShouldScheduleEachRoundAtTheFloorOfStartPlusRoundOverRate(t *testing.T) {
	random := rand.New(rand.NewSource(21))
	startNs := 1_000*int64(time.Second) + 7
	for i := 0; i < 10_000; i++ {
		rate := 1 + random.Int63n(maxRatePerSecond)
		round := random.Int63n(1 << 40)
		exact := new(big.Int).Div(new(big.Int).Mul(big.NewInt(round), big.NewInt(int64(time.Second))),
			big.NewInt(rate)).Int64()
		if found := intendedSend(startNs, round, rate) - startNs; found != exact {
			t.Fatalf("round %d rate %d: found=%d expected=%d", round, rate, found, exact)
		}
	}
}

// At one round per nanosecond every round is late, and a round timed from its due time (end_i - start - i) can fall
// by at most 1 ns from one round to the next, however the round trips vary: the echo of round i never comes before
// that of round i - 1. Rounds timed from their actual send are independent round trips and break this within a few
// rounds.
func TestShouldTimeEveryRoundOfAFixedRateRunFromItsIntendedSendTime(t *testing.T) {
	const rounds = 2_000
	dir := t.TempDir()
	ping, pong, samples := filepath.Join(dir, "ping.ringway"), filepath.Join(dir, "pong.ringway"),
		filepath.Join(dir, "samples.bin")
	side := func(args ...string) options {
		opts, err := parseOptions(args)
		if err != nil {
			t.Fatal(err)
		}
		return opts
	}
	pongDone := make(chan int, 1)
	// 500 warm-up rounds: the measured rounds' schedule starts afresh after them
	go func() { pongDone <- run(side("pong", ping, pong, "2000", "500", "yielding")) }()
	if exit := run(side("ping", pong, ping, "2000", "500", "yielding", "--rate", "1000000000", "--samples",
		samples)); exit != 0 {
		t.Fatalf("ping exit=%d expected=0", exit)
	}
	if exit := <-pongDone; exit != 0 {
		t.Fatalf("pong exit=%d expected=0", exit)
	}
	bytes, err := os.ReadFile(samples)
	if err != nil || len(bytes) != 8*rounds {
		t.Fatalf("samples: length=%d err=%v expected=%d", len(bytes), err, 8*rounds)
	}
	previous := int64(binary.LittleEndian.Uint64(bytes))
	if previous <= 0 {
		t.Fatalf("round 0: %d ns", previous)
	}
	for round := 1; round < rounds; round++ {
		sample := int64(binary.LittleEndian.Uint64(bytes[8*round:]))
		if sample < previous-1 {
			t.Fatalf("round %d: %d ns after %d ns", round, sample, previous)
		}
		previous = sample
	}
}
