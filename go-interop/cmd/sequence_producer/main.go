// Command sequence_producer is the Go conformance producer (docs/CONFORMANCE.md): it sends SEQUENCE 0 .. count-1
// then END into an existing channel, spinning on back-pressure. The Go twin of c-interop's
// ringway_sequence_producer and engine's SequenceProducerMain.
//
// Usage: sequence_producer <channel file> <producerId> <count> [single|batch]
//
//	single (default): one call per message, alternating Offer (even sequences) and TryClaim+Commit (odd);
//	batch: messages packed into a Batch and sent with OfferBatch, up to 256 per call.
//
// Exit status: 0 when every message was written, 2 on bad arguments, 1 on any channel error.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"

	ringway "github.com/ringway-io/ringway/go-interop"
	"github.com/ringway-io/ringway/go-interop/internal/conformance"
)

const batchMessages = 256

func main() {
	if len(os.Args) != 4 && len(os.Args) != 5 {
		fmt.Fprintf(os.Stderr, "usage: %s <channel file> <producerId> <count> [single|batch]\n", os.Args[0])
		os.Exit(2)
	}
	producerID, err1 := strconv.ParseInt(os.Args[2], 10, 64)
	count, err2 := strconv.ParseInt(os.Args[3], 10, 64)
	mode := "single"
	if len(os.Args) == 5 {
		mode = os.Args[4]
	}
	if err1 != nil || err2 != nil || count < 0 || (mode != "single" && mode != "batch") {
		fmt.Fprintf(os.Stderr, "usage: %s <channel file> <producerId> <count> [single|batch]\n", os.Args[0])
		os.Exit(2)
	}
	if err := run(os.Args[1], producerID, count, mode); err != nil {
		fmt.Fprintf(os.Stderr, "producer %d: %v\n", producerID, err)
		os.Exit(1)
	}
}

func run(path string, producerID int64, count int64, mode string) error {
	channel, err := ringway.Open(path, ringway.OpenOptions{})
	if err != nil {
		return err
	}
	defer channel.Close()
	producer, err := channel.Producer()
	if err != nil {
		return err
	}
	defer producer.Close()

	var checksum uint64
	if mode == "batch" {
		checksum, err = sendBatched(producer, producerID, count)
	} else {
		checksum, err = sendSingly(producer, producerID, count)
	}
	if err != nil {
		return err
	}
	end := make([]byte, conformance.EndLength)
	conformance.EncodeEnd(end, producerID, count, checksum)
	spins := 0
	for {
		err := producer.Offer(conformance.EndTypeID, end)
		if !errors.Is(err, ringway.ErrRingFull) {
			return err
		}
		waitForSpace(&spins)
	}
}

func sendSingly(producer *ringway.Producer, producerID int64, count int64) (uint64, error) {
	scratch := make([]byte, conformance.MaxSequenceLength)
	checksum := uint64(conformance.FnvOffsetBasis)
	spins := 0
	for sequence := int64(0); sequence < count; sequence++ {
		length := conformance.SequenceLength(sequence)
		if sequence&1 == 0 {
			conformance.EncodeSequence(scratch, producerID, sequence)
			for {
				err := producer.Offer(conformance.SequenceTypeID, scratch[:length])
				if err == nil {
					break
				}
				if !errors.Is(err, ringway.ErrRingFull) {
					return 0, err
				}
				waitForSpace(&spins)
			}
			checksum = conformance.Checksum(checksum, scratch[:length])
			continue
		}
		for {
			index, body, err := producer.TryClaim(conformance.SequenceTypeID, length)
			if errors.Is(err, ringway.ErrRingFull) {
				waitForSpace(&spins)
				continue
			}
			if err != nil {
				return 0, err
			}
			conformance.EncodeSequence(body, producerID, sequence)
			checksum = conformance.Checksum(checksum, body)
			if err := producer.Commit(index); err != nil {
				return 0, err
			}
			break
		}
	}
	return checksum, nil
}

func sendBatched(producer *ringway.Producer, producerID int64, count int64) (uint64, error) {
	scratch := make([]byte, conformance.MaxSequenceLength)
	checksum := uint64(conformance.FnvOffsetBasis)
	batch := ringway.NewBatch(batchMessages * ringway.RecordLength(conformance.MaxSequenceLength))
	spins := 0
	for sequence := int64(0); sequence < count; {
		batch.Reset()
		for ; sequence < count && batch.Pending() < batchMessages; sequence++ {
			length := conformance.EncodeSequence(scratch, producerID, sequence)
			checksum = conformance.Checksum(checksum, scratch[:length])
			if err := batch.Append(conformance.SequenceTypeID, scratch[:length]); err != nil {
				return 0, err
			}
		}
		for batch.Pending() > 0 {
			if _, err := producer.OfferBatch(batch); err != nil {
				if !errors.Is(err, ringway.ErrRingFull) {
					return 0, err
				}
				waitForSpace(&spins)
			}
		}
	}
	return checksum, nil
}

// waitForSpace lets the consumer run on a busy machine.
func waitForSpace(spins *int) {
	*spins++
	if *spins%64 == 0 {
		runtime.Gosched()
	}
}
