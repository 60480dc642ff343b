// Command throughput is the Go side of the benchmark's one-way throughput rows (Ringway Go->Go): one SPSC channel,
// a producer process and a consumer process, both in pure Go on the mapping (go-interop, no cgo call). It follows
// the contract of the benchmark's throughput programs (io.ringway.bench.throughput.ThroughputArgs), as
// RingwayThroughput (Java) and c/ringway_throughput.c do:
//
//	throughput [--membarrier-wakeups] consume <channel file> <warmup> <count> <length> <out>
//	    creates the channel (SPSC, 4 MiB as the Java row), attaches its consumer (promising membarrier wakeups,
//	    LAYOUT 9.8, with the option: the producer's wake check then skips its full fence), prints READY, polls
//	    batches of up to pollLimit until
//	    warmup + count messages arrived in order, writes "messages=.. bytes=.. nanos=.." of the timed ones (the clock
//	    runs from the first message after the warm-up to the last) to <out>, and deletes the channel.
//	throughput [--batch N] produce <channel file> <warmup> <count> <length>
//	    offers warmup + count messages of length bytes whose first 8 bytes are the sequence (little-endian),
//	    spinning while the ring is full. With --batch N (N >= 1) it appends N messages at a time to a Batch and
//	    offers them with OfferBatch (on SPSC one claim and one commit per run of records, LAYOUT 6.1 "Runs", and one
//	    wake check per call), offering the rest again while the ring is full.
//
// Both sides spin without yielding, as the Java, C and Aeron rows do.
package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"

	ringway "github.com/ringway-io/ringway/go-interop"
)

const (
	// capacity is the Java row's channel (RingwayThroughput.CAPACITY) and the Aeron row's 4 MiB terms
	capacity  = 4 * 1024 * 1024
	pollLimit = 256
	typeID    = 1
	usage     = "usage: throughput [--membarrier-wakeups] consume <channel file> <warmup> <count> <length> <out> | throughput [--batch N] produce <channel file> <warmup> <count> <length>"
	// membarrierOption makes the consumer promise membarrier wakeups
	membarrierOption = "--membarrier-wakeups"
	// batchOption makes the producer offer batches of N messages with OfferBatch
	batchOption = "--batch"
	// maxBatch bounds N: a batch of N messages of up to maxLength bytes is one buffer
	maxBatch    = 1 << 16
	maxLength   = 64 * 1024
	sequenceLen = 8
)

func main() {
	args := os.Args[1:]
	membarrier := len(args) > 0 && args[0] == membarrierOption
	if membarrier {
		args = args[1:]
	}
	batchSize := 0 // 0: one Offer per message
	if len(args) > 0 && args[0] == batchOption {
		text := ""
		if len(args) > 1 {
			text = args[1]
		}
		size, err := strconv.Atoi(text)
		if err != nil || size < 1 || size > maxBatch {
			fmt.Fprintf(os.Stderr, "invalid arguments: field=%s found=%q expected=1 to %d (messages per OfferBatch)\n",
				batchOption, text, maxBatch)
			os.Exit(2)
		}
		batchSize = size
		args = args[min(2, len(args)):]
	}
	consume := len(args) == 6 && args[0] == "consume" && batchSize == 0 // batches are the producer's
	produce := len(args) == 5 && args[0] == "produce"
	if !consume && !produce {
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(2)
	}
	warmup, errWarmup := strconv.ParseInt(args[2], 10, 64)
	count, errCount := strconv.ParseInt(args[3], 10, 64)
	length, errLength := strconv.Atoi(args[4])
	if errWarmup != nil || errCount != nil || errLength != nil || warmup < 0 || count <= 0 || length < sequenceLen ||
		length > maxLength {
		fmt.Fprintf(os.Stderr, "invalid arguments: field=warmup found=%s expected=>=0, field=count found=%s "+
			"expected=>0, field=length found=%s expected=%d to %d\n", args[2], args[3], args[4], sequenceLen,
			maxLength)
		os.Exit(2)
	}
	// the spinning goroutine keeps one OS thread, pinned with its process by the harness
	runtime.LockOSThread()
	var err error
	if consume {
		err = runConsumer(args[1], warmup, count, length, args[5], membarrier)
	} else {
		err = runProducer(args[1], warmup+count, length, batchSize)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "throughput: %v\n", err)
		os.Exit(1)
	}
}

func runConsumer(path string, warmup, count int64, length int, out string, membarrier bool) error {
	channel, err := ringway.Create(path, ringway.CreateOptions{Kind: ringway.SPSC, Capacity: capacity})
	if err != nil {
		return err
	}
	defer channel.Delete()
	var options []ringway.ConsumerOption
	if membarrier {
		options = append(options, ringway.MembarrierWakeups)
	}
	consumer, err := channel.Consumer(options...)
	if err != nil {
		return err
	}
	defer consumer.Close()
	if membarrier && !consumer.MembarrierWakeups() {
		fmt.Fprintln(os.Stderr, "throughput: membarrier wakeups refused by this kernel: the producer keeps its fence")
	}
	total := warmup + count
	var received int64
	var start, end time.Time
	var orderErr error
	handler := func(_ int32, body []byte) {
		if len(body) < sequenceLen {
			if orderErr == nil {
				orderErr = fmt.Errorf("message too short: field=length found=%d expected=>=%d", len(body), sequenceLen)
			}
			return
		}
		sequence := int64(binary.LittleEndian.Uint64(body))
		if sequence != received && orderErr == nil {
			orderErr = fmt.Errorf("message out of order: field=sequence found=%d expected=%d", sequence, received)
		}
		received++
		if received == warmup+1 {
			start = time.Now()
		}
		if received == total {
			end = time.Now()
		}
	}
	fmt.Println("READY")
	for received < total && orderErr == nil {
		if _, err := consumer.Poll(handler, pollLimit); err != nil {
			return err
		}
	}
	if orderErr != nil {
		return orderErr
	}
	// the first timed message starts the clock: count - 1 intervals, as the Java programs count them
	timed := count - 1
	result := fmt.Sprintf("messages=%d bytes=%d nanos=%d\n", timed, timed*int64(length), end.Sub(start).Nanoseconds())
	return os.WriteFile(out, []byte(result), 0o600)
}

func runProducer(path string, total int64, length int, batchSize int) error {
	channel, err := ringway.Open(path, ringway.OpenOptions{ExpectedKind: ringway.SPSC})
	if err != nil {
		return err
	}
	defer channel.Close()
	producer, err := channel.Producer()
	if err != nil {
		return err
	}
	defer producer.Close()
	if batchSize > 0 {
		return produceBatches(producer, total, length, batchSize)
	}
	body := make([]byte, length)
	for sequence := int64(0); sequence < total; sequence++ {
		binary.LittleEndian.PutUint64(body, uint64(sequence))
		for {
			err := producer.Offer(typeID, body)
			if err == nil {
				break
			}
			if !errors.Is(err, ringway.ErrRingFull) {
				return err
			}
		}
	}
	return nil
}

// produceBatches offers the messages batchSize at a time with OfferBatch; when the ring fills, what it did not take
// stays pending in the batch and is offered again.
func produceBatches(producer *ringway.Producer, total int64, length int, batchSize int) error {
	body := make([]byte, length)
	batch := ringway.NewBatch(batchSize * ringway.RecordLength(length))
	for sequence := int64(0); sequence < total; {
		batch.Reset()
		for i := 0; i < batchSize && sequence < total; i++ {
			binary.LittleEndian.PutUint64(body, uint64(sequence))
			if err := batch.Append(typeID, body); err != nil {
				return err
			}
			sequence++
		}
		for batch.Pending() > 0 {
			if _, err := producer.OfferBatch(batch); err != nil && !errors.Is(err, ringway.ErrRingFull) {
				return err
			}
		}
	}
	return nil
}
