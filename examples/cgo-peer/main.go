// Command cgo-peer shows where cgo lives now that the Go module is pure Go: in a program of yours that calls the C
// library ringway.h (c-interop/include) through cgo, here as the producer, on the same channel as a pure-Go peer, the
// Go module's consumer. The two share nothing but the file: each follows docs/LAYOUT.md, so the C producer's commits
// wake the parked Go consumer (LAYOUT 9) as a C or Java consumer would be woken.
//
//	go run . [channel path] [messages]
package main

/*
#cgo CFLAGS: -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror -I${SRCDIR}/../../c-interop/include
#include "ringway.h"
#include <stdio.h>
#include <stdlib.h>

// Opens the channel, attaches a producer and offers count messages "hello <i> from C", waiting up to a second for
// space each (ringway_producer_offer_wait). Returns the number offered, or a negative result with the detail in error.
static int produce_from_c(const char *path, int count, char *error, size_t error_length)
{
    ringway_channel_t channel;
    ringway_producer_t producer;
    if (ringway_channel_open(&channel, path, NULL) < 0)
    {
        snprintf(error, error_length, "%s", ringway_channel_last_error(&channel));
        return -1;
    }
    int result = ringway_producer_attach(&producer, &channel);
    if (result < 0)
    {
        snprintf(error, error_length, "%s", ringway_producer_last_error(&producer));
        ringway_channel_close(&channel);
        return result;
    }
    int offered = 0;
    for (; offered < count; offered++)
    {
        char body[64];
        const int length = snprintf(body, sizeof(body), "hello %d from C", offered);
        result = ringway_producer_offer_wait(&producer, 1, body, length, INT64_C(1000000000));
        if (result < 0)
        {
            snprintf(error, error_length, "%s", ringway_producer_last_error(&producer));
            break;
        }
    }
    ringway_producer_close(&producer);
    ringway_channel_close(&channel);
    return result < 0 ? result : offered;
}
*/
import "C"

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"
	"unsafe"

	ringway "github.com/ringway-io/ringway/go-interop"
)

// run creates the channel at path, starts the C producer in its own thread (a cgo call blocks only its own), and
// receives count messages with the Go consumer, parked on the futex while the ring is empty.
func run(path string, count int) ([]string, error) {
	ch, err := ringway.Create(path, ringway.CreateOptions{Kind: ringway.SPSC, Capacity: 1 << 12,
		ReplaceExisting: true})
	if err != nil {
		return nil, err
	}
	defer ch.Delete()
	consumer, err := ch.Consumer()
	if err != nil {
		return nil, err
	}
	consumer.SetWaitStrategy(ringway.WaitBlocking())

	produced := make(chan error, 1)
	go func() {
		cPath := C.CString(path)
		defer C.free(unsafe.Pointer(cPath))
		var detail [512]C.char
		if n := C.produce_from_c(cPath, C.int(count), &detail[0], C.size_t(len(detail))); n < 0 {
			produced <- fmt.Errorf("C producer: %s", C.GoString(&detail[0]))
			return
		}
		produced <- nil
	}()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var received []string
	for len(received) < count {
		_, err := consumer.PollWait(ctx, func(typeID int32, body []byte) {
			received = append(received, string(body))
		}, count-len(received))
		if err != nil {
			return received, err
		}
	}
	return received, <-produced
}

func main() {
	path := "/tmp/cgo-peer.ringway"
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	count := 10
	if len(os.Args) > 2 {
		n, err := strconv.Atoi(os.Args[2])
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "messages: %q is not a positive number\n", os.Args[2])
			os.Exit(2)
		}
		count = n
	}
	received, err := run(path, count)
	for _, message := range received {
		fmt.Println("Go consumer received:", message)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("cgo-peer: %d messages from the C producer (cgo) to the Go consumer (pure Go)\n", len(received))
}
