// Command market_data_consumer is the Go consumer of `ringway demo`, the twin of c/market_data_consumer.c: it reads
// MarketDataIncrementalRefresh messages (schemas/market-data.xml, decoded with the generated Go codecs), checks that
// each update's sequence (entries[0].rptSeq / 10) is one more than the last, measures latency from transactTimeNs
// (the producer's CLOCK_MONOTONIC, shared by every process on the host) to arrival, and prints one JSON line of
// cumulative figures every report interval.
//
// Usage: market_data_consumer <channel file> <flow name> <report interval ms> <run seconds>
// Exit status: 0 after the run time, 1 on a channel error, 2 on bad arguments.
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
	"bytes"
	"fmt"
	"math/bits"
	"os"
	"strconv"
	"time"

	ringway "github.com/ringway-io/ringway/go-interop"
	md "io.ringway/codec/io_ringway_codec_marketdata"
)

// A log-linear histogram: 16 sub-buckets per power of two, so a percentile is within 1/16 of the true value.
const (
	subBucketBits   = 4
	subBuckets      = 1 << subBucketBits
	buckets         = 64 * subBuckets
	sbeHeaderLength = 8
)

type stats struct {
	received      int64
	sequenceGaps  int64
	decodeErrors  int64
	lastSequence  int64
	maxLatencyNs  int64
	latencyCounts [buckets]int64
}

func bucketOf(value uint64) int {
	if value < subBuckets {
		return int(value)
	}
	msb := 63 - bits.LeadingZeros64(value)
	shift := msb - subBucketBits
	return (msb-subBucketBits+1)*subBuckets + int((value>>uint(shift))&(subBuckets-1))
}

func bucketLowerBound(bucket int) int64 {
	if bucket < subBuckets {
		return int64(bucket)
	}
	msb := bucket/subBuckets + subBucketBits - 1
	return int64(subBuckets+bucket%subBuckets) << uint(msb-subBucketBits)
}

func (s *stats) percentile(fraction float64) int64 {
	wanted := int64(fraction*float64(s.received) + 0.5)
	var seen int64
	for bucket, count := range s.latencyCounts {
		seen += count
		if seen >= wanted && seen > 0 {
			return bucketLowerBound(bucket)
		}
	}
	return 0
}

func (s *stats) onMessage(marshaller *md.SbeGoMarshaller, typeID int32, body []byte) {
	arrivalNs := int64(C.monotonic_ns())
	var header md.MessageHeader
	var refresh md.MarketDataIncrementalRefresh
	reader := bytes.NewReader(body)
	if len(body) < sbeHeaderLength || header.Decode(marshaller, reader, 0) != nil ||
		header.SchemaId != refresh.SbeSchemaId() || header.TemplateId != refresh.SbeTemplateId() ||
		int32(header.TemplateId) != typeID || len(body) < sbeHeaderLength+int(header.BlockLength) ||
		refresh.Decode(marshaller, reader, header.Version, header.BlockLength, true) != nil ||
		len(refresh.Entries) == 0 {
		s.decodeErrors++
		return
	}
	sequence := int64(refresh.Entries[0].RptSeq) / 10
	if s.received > 0 && sequence != s.lastSequence+1 {
		s.sequenceGaps++
	}
	s.lastSequence = sequence
	latencyNs := arrivalNs - int64(refresh.TransactTimeNs)
	if latencyNs < 0 {
		latencyNs = 0
	}
	if latencyNs > s.maxLatencyNs {
		s.maxLatencyNs = latencyNs
	}
	s.latencyCounts[bucketOf(uint64(latencyNs))]++
	s.received++
}

func (s *stats) report(flow string) {
	fmt.Printf("{\"flow\":%q,\"received\":%d,\"p50Ns\":%d,\"p99Ns\":%d,\"maxNs\":%d,\"sequenceGaps\":%d,"+
		"\"decodeErrors\":%d}\n", flow, s.received, s.percentile(0.50), s.percentile(0.99), s.maxLatencyNs,
		s.sequenceGaps, s.decodeErrors)
}

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintf(os.Stderr, "usage: %s <channel file> <flow name> <report interval ms> <run seconds>\n", os.Args[0])
		os.Exit(2)
	}
	path, flow := os.Args[1], os.Args[2]
	intervalMs, err1 := strconv.ParseInt(os.Args[3], 10, 64)
	runSeconds, err2 := strconv.ParseInt(os.Args[4], 10, 64)
	if err1 != nil || err2 != nil || intervalMs <= 0 || runSeconds <= 0 {
		fmt.Fprintf(os.Stderr, "%s: report interval and run seconds must be positive integers\n", flow)
		os.Exit(2)
	}
	if err := consume(path, flow, time.Duration(intervalMs)*time.Millisecond,
		time.Duration(runSeconds)*time.Second); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", flow, err)
		os.Exit(1)
	}
}

func consume(path, flow string, interval, run time.Duration) error {
	channel, err := ringway.Open(path, ringway.OpenOptions{})
	if err != nil {
		return err
	}
	defer channel.Close()
	consumer, err := channel.Consumer()
	if err != nil {
		return err
	}
	defer consumer.Close()

	marshaller := md.NewSbeGoMarshaller()
	var s stats
	handler := func(typeID int32, body []byte) { s.onMessage(marshaller, typeID, body) }
	// spin a little, yield a little, then park on the channel's futex until the producer commits (LAYOUT.md 9)
	consumer.SetWaitStrategy(ringway.WaitBackoffDefault())
	start := time.Now()
	nextReport := start.Add(interval)
	for {
		untilReport := time.Until(nextReport)
		if untilReport < 0 {
			untilReport = 0
		}
		if _, err := consumer.PollWaitTimeout(handler, 256, untilReport); err != nil {
			return err
		}
		if now := time.Now(); !now.Before(nextReport) {
			s.report(flow)
			nextReport = nextReport.Add(interval)
			if now.Sub(start) >= run {
				return nil
			}
		}
	}
}
