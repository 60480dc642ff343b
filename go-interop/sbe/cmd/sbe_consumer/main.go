// Command sbe_consumer reads SBE messages of schemas/market-data.xml from a channel and prints each as the listing
// of schemas/golden/README.md, decoded with the Go codecs that the codec module generates: the Go end of the
// Java->Go SBE test (go-interop/src/test/java/io/ringway/gointerop/SbeJavaToGoTest.java).
//
// Usage: sbe_consumer <channel file> <message count> [timeoutSeconds (default 120)]
//
// Output: for each message, "message <n> typeId=<id>", its listing lines, then "---"; finally "DONE: messages=<n>".
// Exit status: 0 when count messages were decoded; 1 on a channel or decoding error or timeout; 2 on bad arguments.
package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"

	ringway "github.com/ringway-io/ringway/go-interop"
	sbeinterop "github.com/ringway-io/ringway/go-interop/sbe"
)

func main() {
	if len(os.Args) != 3 && len(os.Args) != 4 {
		fmt.Fprintf(os.Stderr, "usage: %s <channel file> <message count> [timeoutSeconds]\n", os.Args[0])
		os.Exit(2)
	}
	count, err := strconv.Atoi(os.Args[2])
	timeoutSeconds := 120
	if len(os.Args) == 4 {
		timeoutSeconds, err = strconv.Atoi(os.Args[3])
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "usage: %s <channel file> <message count> [timeoutSeconds]\n", os.Args[0])
		os.Exit(2)
	}
	if err := run(os.Args[1], count, time.Duration(timeoutSeconds)*time.Second); err != nil {
		fmt.Fprintf(os.Stderr, "sbe_consumer: %v\n", err)
		os.Exit(1)
	}
}

func run(path string, count int, timeout time.Duration) error {
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

	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	decoded := 0
	var decodeErr error
	deadline := time.Now().Add(timeout)
	for decoded < count && decodeErr == nil {
		n, err := consumer.Poll(func(typeID int32, body []byte) {
			if decodeErr != nil {
				return
			}
			listing, err := sbeinterop.Decode(typeID, body)
			if err != nil {
				decodeErr = fmt.Errorf("message %d: %w", decoded, err)
				return
			}
			fmt.Fprintf(out, "message %d typeId=%d\n%s\n---\n", decoded, typeID, listing)
			decoded++
		}, 64)
		if err != nil {
			return err
		}
		if n == 0 {
			runtime.Gosched()
			if time.Now().After(deadline) {
				return fmt.Errorf("timed out after %s with %d of %d messages", timeout, decoded, count)
			}
		}
	}
	if decodeErr != nil {
		return decodeErr
	}
	fmt.Fprintf(out, "DONE: messages=%d\n", decoded)
	return nil
}
