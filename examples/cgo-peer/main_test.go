package main

import (
	"fmt"
	"path/filepath"
	"testing"
)

func TestTheGoConsumerShouldReceiveEveryMessageTheCProducerOffersInOrder(t *testing.T) {
	const count = 2000 // far more than the 4 KiB ring holds: the C producer waits for space, the Go consumer parks
	received, err := run(filepath.Join(t.TempDir(), "cgo-peer.ringway"), count)
	if err != nil {
		t.Fatal(err)
	}
	if len(received) != count {
		t.Fatalf("received %d messages, expected %d", len(received), count)
	}
	for i, message := range received {
		if expected := fmt.Sprintf("hello %d from C", i); message != expected {
			t.Fatalf("message %d: %q, expected %q", i, message, expected)
		}
	}
}
