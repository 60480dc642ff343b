package ringway_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	ringway "github.com/ringway-io/ringway/go-interop"
)

// A producer and the consumer on one channel (in real use they are two processes: one Create, the other Open).
func Example() {
	dir, _ := os.MkdirTemp("", "ringway-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "orders.ringway")

	ch, err := ringway.Create(path, ringway.CreateOptions{Kind: ringway.SPSC, Capacity: 1 << 16})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ch.Close()
	producer, _ := ch.Producer()
	consumer, _ := ch.Consumer()

	if err := producer.Offer(1, []byte("copied in")); err != nil {
		fmt.Println(err)
	}
	index, claimed, err := producer.TryClaim(2, 8) // zero-copy: claimed views the mapped ring
	if err == nil {
		binary.LittleEndian.PutUint64(claimed, 42)
		_ = producer.Commit(index)
	}

	n, _ := consumer.Poll(func(typeID int32, body []byte) {
		if typeID == 2 {
			fmt.Println("type 2:", binary.LittleEndian.Uint64(body))
		} else {
			fmt.Printf("type %d: %s\n", typeID, body)
		}
	}, 10)
	fmt.Println("delivered", n)

	_, err = ringway.Open(filepath.Join(dir, "missing.ringway"), ringway.OpenOptions{})
	var detail *ringway.Error
	if errors.Is(err, ringway.ErrFileNotFound) && errors.As(err, &detail) {
		fmt.Println("field:", detail.Field)
	}
	// Output:
	// type 1: copied in
	// type 2: 42
	// delivered 2
	// field: file
}

// A consumer parked on the channel's futex until a producer (here a goroutine; usually another process, in Java, C or
// Go) commits, and a wait that ends with its context.
func ExampleConsumer_PollWait() {
	dir, _ := os.MkdirTemp("", "ringway-example")
	defer os.RemoveAll(dir)
	ch, err := ringway.Create(filepath.Join(dir, "events.ringway"), ringway.CreateOptions{Kind: ringway.SPSC,
		Capacity: 1 << 16})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ch.Close()
	consumer, _ := ch.Consumer()
	consumer.SetWaitStrategy(ringway.WaitBlocking()) // park at once: no CPU while waiting
	producer, _ := ch.Producer()

	sent := make(chan error)
	go func() { sent <- producer.OfferWait(context.Background(), 1, []byte("wake up")) }()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	n, err := consumer.PollWait(ctx, func(typeID int32, body []byte) { fmt.Printf("type %d: %s\n", typeID, body) }, 16)
	fmt.Println("delivered", n, err, <-sent)

	short, cancelShort := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancelShort()
	n, err = consumer.PollWait(short, func(int32, []byte) {}, 16)
	fmt.Println("delivered", n, errors.Is(err, context.DeadlineExceeded))
	// Output:
	// type 1: wake up
	// delivered 1 <nil> <nil>
	// delivered 0 true
}
