// Command sequence_consumer is the Go conformance consumer (docs/CONFORMANCE.md): it reads a channel until
// producerCount producers have sent their END, checking per producer that sequences start at 0 and increase by
// exactly 1, every body length and filler byte, and END's count and checksum. It takes the same arguments and prints
// the same one-line summary as c-interop's ringway_sequence_consumer and engine's SequenceConsumerMain.
//
// Usage: sequence_consumer <channel file> <producerCount> [timeoutSeconds (default 300)] [single|batch]
//
//	single (default): Poll, one handler call per message; batch: PollBatch, many messages per call.
//
// Exit status: 0 only when everything verified; 1 on a violation, channel error or timeout; 2 on bad arguments.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"

	ringway "github.com/ringway-io/ringway/go-interop"
	"github.com/ringway-io/ringway/go-interop/internal/conformance"
)

func main() {
	usage := func() {
		fmt.Fprintf(os.Stderr, "usage: %s <channel file> <producerCount> [timeoutSeconds] [single|batch]\n", os.Args[0])
		os.Exit(2)
	}
	if len(os.Args) < 3 || len(os.Args) > 5 {
		usage()
	}
	producerCount, err := strconv.Atoi(os.Args[2])
	if err != nil || producerCount < 1 {
		usage()
	}
	timeout := 300 * time.Second
	if len(os.Args) >= 4 {
		seconds, err := strconv.Atoi(os.Args[3])
		if err != nil {
			usage()
		}
		timeout = time.Duration(seconds) * time.Second
	}
	mode := "single"
	if len(os.Args) == 5 {
		mode = os.Args[4]
	}
	if mode != "single" && mode != "batch" {
		usage()
	}
	os.Exit(run(os.Args[1], producerCount, timeout, mode))
}

func run(path string, producerCount int, timeout time.Duration, mode string) int {
	channel, err := ringway.Open(path, ringway.OpenOptions{})
	if err != nil {
		fmt.Fprintf(os.Stderr, "consumer: %v\n", err)
		return 1
	}
	defer channel.Close()
	consumer, err := channel.Consumer()
	if err != nil {
		fmt.Fprintf(os.Stderr, "consumer: %v\n", err)
		return 1
	}
	defer consumer.Close()

	verifier := conformance.NewVerifier()
	batch := ringway.NewBatch(max(64<<10, 4*consumer.MaxRecordLength()))
	deadline := time.Now().Add(timeout)
	status := 0
	idlePolls := 0
	for !verifier.AllEnded(producerCount) && verifier.FirstError() == nil {
		var delivered int
		if mode == "batch" {
			batch.Reset()
			delivered, err = consumer.PollBatch(batch, 1024)
			for typeID, body, ok := batch.Next(); ok; typeID, body, ok = batch.Next() {
				verifier.OnMessage(typeID, body)
			}
		} else {
			delivered, err = consumer.Poll(verifier.OnMessage, 256)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "consumer: %v\n", err)
			status = 1
			break
		}
		if delivered == 0 {
			idlePolls++
			if idlePolls%64 == 0 {
				runtime.Gosched()
				if time.Now().After(deadline) {
					_, ended := verifier.Producers()
					fmt.Fprintf(os.Stderr, "consumer: timed out after %s with %d of %d producers ended\n", timeout,
						ended, producerCount)
					status = 1
					break
				}
			}
		}
	}
	if err := verifier.FirstError(); err != nil {
		fmt.Fprintf(os.Stderr, "consumer: conformance violation: %v\n", err)
		status = 1
	}
	verdict := "VERIFIED"
	if status != 0 {
		verdict = "FAILED"
	}
	seen, ended := verifier.Producers()
	fmt.Printf("%s: producers=%d ended=%d messages=%d sequences=%d backPressure=%d\n", verdict, seen, ended,
		verifier.Messages(), verifier.Sequences(), channel.BackPressureCount())
	return status
}
