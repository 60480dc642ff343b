//go:build linux

// Command crash_producer is the Go crash-test producer (docs/GUARANTEES.md), the twin of
// c-interop/programs/crash_producer.c and engine's CrashProducerMain: it sends SEQUENCE 0, 1, 2, ...
// (docs/CONFORMANCE.md, no END) into an existing channel until it is killed, alternating copy offers (even sequences)
// and in-place claims (odd), every eighth sequence from the fifth starting a batch of up to batchLength messages that
// OfferBatch writes as runs (LAYOUT 6.1 and 6.2 "Runs"), so that kills also land inside runs, and stores the count of
// committed messages in a progress file after each commit, and after a batch once all of it is written; before a batch
// it stores the count that will then be committed (the layout of io.ringway.testing.ProgressFile: int64 committedCount
// at 0, int64 stalled at 8, int64 offeringCount at 24). With a stall point it claims one more message after that many,
// marks itself stalled and sleeps without committing: the test kills it between claim and commit. With pauseEvery > 0,
// every pauseEvery-th message is claimed, then the producer stores sequence + 1 in the progress file's pausedSequence
// word (offset 16) and waits until the test clears it before it writes the body and commits: the test stops it there
// (SIGSTOP) and continues it after the consumer's unblock timeout has passed many times (layout 1.2, LAYOUT 7.1).
//
// Usage: crash_producer <channel file> <producerId> <progress file> <stallAfter, or -1> [pauseEvery]
//
// Exit status: never 0 (it runs until killed); 2 on bad arguments, 1 on any channel error.
package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	ringway "github.com/ringway-io/ringway/go-interop"
	"github.com/ringway-io/ringway/go-interop/internal/conformance"
)

// The progress file (ProgressFile.java): offsets and length.
const (
	progressCommittedCountOffset = 0
	progressStalledOffset        = 8
	progressPausedSequenceOffset = 16
	progressOfferingCountOffset  = 24
	progressLength               = 32
	// spinsPerYield: back-pressure spins between a heartbeat plus an OS-level yield, as the C producer does.
	spinsPerYield = 64
	// batchLength is the most messages one batch takes (CrashProducerMain.BATCH_LENGTH).
	batchLength = 5
)

func usage() {
	fmt.Fprintf(os.Stderr, "usage: %s <channel file> <producerId> <progress file> <stallAfter, or -1> [pauseEvery]\n",
		os.Args[0])
	os.Exit(2)
}

func main() {
	if len(os.Args) != 5 && len(os.Args) != 6 {
		usage()
	}
	producerID, err1 := strconv.ParseInt(os.Args[2], 10, 64)
	stallAfter, err2 := strconv.ParseInt(os.Args[4], 10, 64)
	if err1 != nil || err2 != nil {
		usage()
	}
	var pauseEvery int64
	if len(os.Args) == 6 {
		var err error
		if pauseEvery, err = strconv.ParseInt(os.Args[5], 10, 64); err != nil {
			usage()
		}
	}
	progress, err := mapProgress(os.Args[3])
	if err != nil {
		fmt.Fprintf(os.Stderr, "producer %d: cannot map progress file %s: %v\n", producerID, os.Args[3], err)
		os.Exit(2)
	}
	err = run(os.Args[1], producerID, stallAfter, pauseEvery, progress)
	fmt.Fprintf(os.Stderr, "producer %d: %v\n", producerID, err)
	os.Exit(1)
}

// progressWords are the words of the progress file shared with the crash and stall harnesses.
type progressWords struct {
	committedCount *int64
	stalled        *int64
	pausedSequence *int64
	offeringCount  *int64
}

// mapProgress maps the progress file shared with the harness and returns its words. The mapping stays for the life
// of the process; the page cache keeps what was stored after a SIGKILL.
func mapProgress(path string) (progressWords, error) {
	file, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return progressWords{}, err
	}
	defer file.Close()
	mapped, err := syscall.Mmap(int(file.Fd()), 0, progressLength, syscall.PROT_READ|syscall.PROT_WRITE,
		syscall.MAP_SHARED)
	if err != nil {
		return progressWords{}, err
	}
	// the mapping is page aligned, so every word is 8-byte aligned as sync/atomic needs
	return progressWords{(*int64)(unsafe.Pointer(&mapped[progressCommittedCountOffset])),
		(*int64)(unsafe.Pointer(&mapped[progressStalledOffset])),
		(*int64)(unsafe.Pointer(&mapped[progressPausedSequenceOffset])),
		(*int64)(unsafe.Pointer(&mapped[progressOfferingCountOffset]))}, nil
}

// run sends until the process is killed; it returns only with the channel error that stopped it.
func run(path string, producerID int64, stallAfter int64, pauseEvery int64, progress progressWords) error {
	channel, err := ringway.Open(path, ringway.OpenOptions{})
	if err != nil {
		return err
	}
	producer, err := channel.Producer()
	if err != nil {
		return err
	}
	scratch := make([]byte, conformance.MaxSequenceLength)
	batch := ringway.NewBatch(batchLength * ringway.RecordLength(conformance.MaxSequenceLength))
	spins := 0
	for sequence := int64(0); ; sequence++ {
		length := conformance.SequenceLength(sequence)
		if sequence == stallAfter {
			for {
				_, _, err := producer.TryClaim(conformance.SequenceTypeID, length)
				if !errors.Is(err, ringway.ErrRingFull) {
					if err != nil {
						return err
					}
					break
				}
				waitForSpace(producer, &spins)
			}
			// SYNC POINT: read by the crash harness (ProgressFile.isStalled) before it kills this process
			atomic.StoreInt64(progress.stalled, 1)
			for {
				time.Sleep(time.Hour) // holds the claim until SIGKILL
			}
		}
		if pauseEvery > 0 && sequence%pauseEvery == pauseEvery-1 {
			index, body, err := producer.TryClaim(conformance.SequenceTypeID, length)
			for errors.Is(err, ringway.ErrRingFull) {
				waitForSpace(producer, &spins)
				index, body, err = producer.TryClaim(conformance.SequenceTypeID, length)
			}
			if err != nil {
				return err
			}
			// SYNC POINT: read by the stall harness (ProgressFile.pausedSequence), which stops this process here
			atomic.StoreInt64(progress.pausedSequence, sequence+1)
			for atomic.LoadInt64(progress.pausedSequence) != 0 {
				time.Sleep(100 * time.Microsecond)
			}
			// the late body write and commit of a producer stopped between claim and commit
			conformance.EncodeSequence(body, producerID, sequence)
			if err := producer.Commit(index); err != nil {
				return err
			}
		} else if sequence%8 == 4 {
			// a batch that ends before the next stall or pause point, written as runs; committed once OfferBatch has
			// written all of it
			count := batchCount(sequence, stallAfter, pauseEvery)
			// SYNC POINT: read by the crash harness after this process is killed (ProgressFile.mayHaveCommittedCount):
			// a run commits several messages at once, so up to this many may be committed before committedCount says so
			atomic.StoreInt64(progress.offeringCount, sequence+count)
			batch.Reset()
			for i := range count {
				conformance.EncodeSequence(scratch, producerID, sequence+i)
				if err := batch.Append(conformance.SequenceTypeID,
					scratch[:conformance.SequenceLength(sequence+i)]); err != nil {
					return err
				}
			}
			for batch.Pending() > 0 {
				if _, err := producer.OfferBatch(batch); err != nil {
					if !errors.Is(err, ringway.ErrRingFull) {
						return err
					}
					waitForSpace(producer, &spins)
				}
			}
			sequence += count - 1
		} else if sequence&1 == 0 {
			conformance.EncodeSequence(scratch, producerID, sequence)
			for {
				err := producer.Offer(conformance.SequenceTypeID, scratch[:length])
				if err == nil {
					break
				}
				if !errors.Is(err, ringway.ErrRingFull) {
					return err
				}
				waitForSpace(producer, &spins)
			}
		} else {
			for {
				index, body, err := producer.TryClaim(conformance.SequenceTypeID, length)
				if errors.Is(err, ringway.ErrRingFull) {
					waitForSpace(producer, &spins)
					continue
				}
				if err != nil {
					return err
				}
				conformance.EncodeSequence(body, producerID, sequence)
				if err := producer.Commit(index); err != nil {
					return err
				}
				break
			}
		}
		// SYNC POINT: read by the crash harness after this process is killed (ProgressFile.committedCount); a
		// sequentially consistent store, at least the release the harness's acquire load pairs with
		atomic.StoreInt64(progress.committedCount, sequence+1)
	}
}

// batchCount is how many messages from sequence one batch takes: up to batchLength, none of them a stall or pause
// point after the first (CrashProducerMain.batchLength).
func batchCount(sequence, stallAfter, pauseEvery int64) int64 {
	count := int64(1)
	for ; count < batchLength; count++ {
		next := sequence + count
		if next == stallAfter || pauseEvery > 0 && next%pauseEvery == pauseEvery-1 {
			break
		}
	}
	return count
}

// waitForSpace beats the heartbeat and yields the OS thread now and then, so that the consumer runs on a busy
// machine (runtime.Gosched would not yield the thread: this program has one goroutine).
func waitForSpace(producer *ringway.Producer, spins *int) {
	*spins++
	if *spins%spinsPerYield == 0 {
		producer.Heartbeat()
		_, _, _ = syscall.Syscall(syscall.SYS_SCHED_YIELD, 0, 0, 0)
	}
}
