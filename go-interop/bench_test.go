package ringway

import (
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// Benchmarks of the cost per message, with and without batching: one op is one 32-byte message, moved in rounds
// of benchRound messages on one goroutine (producer then consumer), so that the difference between two benchmarks
// is the difference of the call pattern, not of thread scheduling. Run them interleaved with scripts/bench.sh
// (README.md, "Cost per message").

const (
	benchRound    = 256
	benchBody     = 32
	benchCapacity = 1 << 20
)

func benchChannel(b *testing.B) (*Producer, *Consumer) {
	b.Helper()
	return benchChannelOf(b, SPSC)
}

func benchChannelOf(b *testing.B, kind RingKind, options ...ConsumerOption) (*Producer, *Consumer) {
	b.Helper()
	ch, err := Create(filepath.Join(b.TempDir(), "bench.ringway"), CreateOptions{Kind: kind, Capacity: benchCapacity})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = ch.Close() })
	p, err := ch.Producer()
	if err != nil {
		b.Fatal(err)
	}
	c, err := ch.Consumer(options...)
	if err != nil {
		b.Fatal(err)
	}
	return p, c
}

func benchRounds(b *testing.B, send func(n int), receive func(n int)) {
	b.ReportAllocs()
	b.SetBytes(benchBody)
	b.ResetTimer()
	for done := 0; done < b.N; done += benchRound {
		n := min(benchRound, b.N-done)
		send(n)
		receive(n)
	}
}

func offerBatchOf(b *testing.B, p *Producer, batch *Batch, body []byte, n int) {
	batch.Reset()
	for range n {
		if err := batch.Append(1, body); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := p.OfferBatch(batch); err != nil {
		b.Fatal(err)
	}
}

func pollBatchOf(b *testing.B, c *Consumer, batch *Batch, n int) {
	batch.Reset()
	if got, err := c.PollBatch(batch, n); err != nil || got != n {
		b.Fatalf("polled %d of %d: %v", got, n, err)
	}
}

// BenchmarkOfferPerMessage: Offer per message; the drain is one PollBatch per round.
func BenchmarkOfferPerMessage(b *testing.B) {
	p, c := benchChannel(b)
	benchmarkOfferPerMessage(b, p, c)
}

// BenchmarkOfferPerMessageMembarrierWakeups: the same, with a consumer that promised membarrier wakeups (LAYOUT
// 9.8): the commit is a release store and the wake check has no fence of its own.
func BenchmarkOfferPerMessageMembarrierWakeups(b *testing.B) {
	p, c := benchChannelOf(b, SPSC, MembarrierWakeups)
	benchmarkOfferPerMessage(b, p, c)
}

func benchmarkOfferPerMessage(b *testing.B, p *Producer, c *Consumer) {
	body := make([]byte, benchBody)
	out := NewBatch(2 * benchRound * c.MaxRecordLength())
	benchRounds(b, func(n int) {
		for range n {
			if err := p.Offer(1, body); err != nil {
				b.Fatal(err)
			}
		}
	}, func(n int) { pollBatchOf(b, c, out, n) })
}

// BenchmarkOfferWaitTimeoutPerMessage: the same with OfferWaitTimeout, the call of the spinning ping-pong
// (cmd/ping_pong): the ring never fills, so this is its first offer's path.
func BenchmarkOfferWaitTimeoutPerMessage(b *testing.B) {
	p, c := benchChannel(b)
	body := make([]byte, benchBody)
	out := NewBatch(2 * benchRound * c.MaxRecordLength())
	benchRounds(b, func(n int) {
		for range n {
			if err := p.OfferWaitTimeout(1, body, time.Second); err != nil {
				b.Fatal(err)
			}
		}
	}, func(n int) { pollBatchOf(b, c, out, n) })
}

// BenchmarkOfferBatchPerRound: Append per message in Go, one OfferBatch per round; the same drain.
func BenchmarkOfferBatchPerRound(b *testing.B) {
	p, c := benchChannel(b)
	body := make([]byte, benchBody)
	in := NewBatch(benchRound * RecordLength(benchBody))
	out := NewBatch(2 * benchRound * c.MaxRecordLength())
	benchRounds(b, func(n int) { offerBatchOf(b, p, in, body, n) }, func(n int) { pollBatchOf(b, c, out, n) })
}

// BenchmarkPollPerMessage: one OfferBatch per round; Poll calls from C into Go once per message.
func BenchmarkPollPerMessage(b *testing.B) {
	p, c := benchChannel(b)
	body := make([]byte, benchBody)
	in := NewBatch(benchRound * RecordLength(benchBody))
	var received int
	handler := func(typeID int32, body []byte) { received += len(body) }
	benchRounds(b, func(n int) { offerBatchOf(b, p, in, body, n) }, func(n int) {
		if got, err := c.Poll(handler, n); err != nil || got != n {
			b.Fatalf("polled %d of %d: %v", got, n, err)
		}
	})
}

// BenchmarkOfferPollOneMessage: one Offer and one Poll of one message per op, the per-message work of each side of a
// spinning ping-pong without the other process (Offer's offerSPSC and the poll of one in pollBeating).
func BenchmarkOfferPollOneMessage(b *testing.B) {
	p, c := benchChannel(b)
	body := make([]byte, benchBody)
	var received int
	handler := func(typeID int32, body []byte) { received += len(body) }
	b.ReportAllocs()
	b.SetBytes(benchBody)
	b.ResetTimer()
	for range b.N {
		if err := p.Offer(1, body); err != nil {
			b.Fatal(err)
		}
		if got, err := c.Poll(handler, 1); err != nil || got != 1 {
			b.Fatalf("polled %d of 1: %v", got, err)
		}
	}
}

// BenchmarkPollBatchPerRound: one OfferBatch per round; one PollBatch per round, read with Next.
func BenchmarkPollBatchPerRound(b *testing.B) {
	p, c := benchChannel(b)
	body := make([]byte, benchBody)
	in := NewBatch(benchRound * RecordLength(benchBody))
	out := NewBatch(2 * benchRound * c.MaxRecordLength())
	var received int
	benchRounds(b, func(n int) { offerBatchOf(b, p, in, body, n) }, func(n int) {
		pollBatchOf(b, c, out, n)
		for _, body, ok := out.Next(); ok; _, body, ok = out.Next() {
			received += len(body)
		}
	})
}

// BenchmarkTryClaimCommitPerMessage: the zero-copy path, two calls per message (TryClaim, Commit).
func BenchmarkTryClaimCommitPerMessage(b *testing.B) {
	p, c := benchChannel(b)
	out := NewBatch(2 * benchRound * c.MaxRecordLength())
	benchRounds(b, func(n int) {
		for range n {
			index, claimed, err := p.TryClaim(1, benchBody)
			if errors.Is(err, ErrRingFull) || err != nil {
				b.Fatal(err)
			}
			claimed[0] = 1
			if err := p.Commit(index); err != nil {
				b.Fatal(err)
			}
		}
	}, func(n int) { pollBatchOf(b, c, out, n) })
}

// BenchmarkMpscOfferPerMessage: Offer per message on an MPSC channel (one producer: the CAS is uncontended), so
// that the cost of the layout 1.2 claim floor (a load of the tail and two stores to the producer's own slot per
// message, LAYOUT 6.2 steps 0 and 5) shows against a revision without it; the same drain.
func BenchmarkMpscOfferPerMessage(b *testing.B) {
	p, c := benchChannelOf(b, MPSC)
	body := make([]byte, benchBody)
	out := NewBatch(2 * benchRound * c.MaxRecordLength())
	benchRounds(b, func(n int) {
		for range n {
			if err := p.Offer(1, body); err != nil {
				b.Fatal(err)
			}
		}
	}, func(n int) { pollBatchOf(b, c, out, n) })
}

// BenchmarkMpscTryClaimCommitPerMessage: the zero-copy path on an MPSC channel, as BenchmarkMpscOfferPerMessage.
func BenchmarkMpscTryClaimCommitPerMessage(b *testing.B) {
	p, c := benchChannelOf(b, MPSC)
	out := NewBatch(2 * benchRound * c.MaxRecordLength())
	benchRounds(b, func(n int) {
		for range n {
			index, claimed, err := p.TryClaim(1, benchBody)
			if err != nil {
				b.Fatal(err)
			}
			claimed[0] = 1
			if err := p.Commit(index); err != nil {
				b.Fatal(err)
			}
		}
	}, func(n int) { pollBatchOf(b, c, out, n) })
}
