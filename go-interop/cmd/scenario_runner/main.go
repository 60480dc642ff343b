// Command scenario_runner runs a scripted scenario (docs/CONFORMANCE.md, "Scripted scenarios") on an existing channel
// file, as one process that is both the producer and the consumer, and prints its trace on stdout. Java's
// ScenarioRunner and c-interop's ringway_scenario_runner run the same scripts; ScenarioConformanceTest compares the
// three traces and files.
//
// Usage: scenario_runner <channel file> <scenario file>
//
// Exit status: 0 when every step ran (whatever it returned); 1 when the channel cannot be used; 2 on bad arguments or
// an unknown step.
package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	ringway "github.com/ringway-io/ringway/go-interop"
)

const (
	fnvOffsetBasis = 0xcbf29ce484222325
	fnvPrime       = 0x100000001b3
)

// handlerFailure is what the scenario's handler panics with on purpose (poll-fail).
type handlerFailure struct{}

type runner struct {
	path     string
	channel  *ringway.Channel
	producer *ringway.Producer
	consumer *ringway.Consumer
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintf(os.Stderr, "usage: %s <channel file> <scenario file>\n", os.Args[0])
		os.Exit(2)
	}
	script, err := os.ReadFile(os.Args[2])
	if err != nil {
		fmt.Fprintf(os.Stderr, "scenario: %v\n", err)
		os.Exit(2)
	}
	ch, err := ringway.Open(os.Args[1], ringway.OpenOptions{})
	if err != nil {
		fmt.Fprintf(os.Stderr, "scenario: %v\n", err)
		os.Exit(1)
	}
	r := &runner{path: os.Args[1], channel: ch}
	status := 0
	for _, line := range strings.Split(string(script), "\n") {
		words := strings.Fields(line)
		if len(words) == 0 || strings.HasPrefix(words[0], "#") {
			continue
		}
		if err := r.step(words); err != nil {
			fmt.Fprintf(os.Stderr, "scenario: step %q: %v\n", line, err)
			status = 2
			break
		}
	}
	_ = ch.Close()
	os.Exit(status)
}

func (r *runner) step(words []string) error {
	switch {
	case words[0] == "channel":
		// the channel's kind and capacity, for whoever creates the file
	case (words[0] == "offer" && len(words) == 4) || (words[0] == "offer-wait" && len(words) == 5):
		p, err := r.ensureProducer()
		if err != nil {
			return err
		}
		body := seeded(atoi(words[2]), atoi(words[3]))
		if words[0] == "offer" {
			printProduced("offer", p.Offer(int32(atoi(words[1])), body))
		} else {
			printProduced("offer", p.OfferWaitTimeout(int32(atoi(words[1])), body, time.Duration(atoi64(words[4]))))
		}
	case words[0] == "claim" && len(words) == 5:
		p, err := r.ensureProducer()
		if err != nil {
			return err
		}
		index, body, err := p.TryClaim(int32(atoi(words[1])), atoi(words[2]))
		if err != nil {
			printProduced("claim", err)
			return nil
		}
		copy(body, seeded(atoi(words[2]), atoi(words[3])))
		if words[4] == "commit" {
			printProduced("claim", p.Commit(index))
		} else {
			printProduced("claim", p.Abort(index))
		}
	case words[0] == "poll" && len(words) == 2:
		return r.poll(atoi(words[1]), 0, -1)
	case words[0] == "poll-fail" && len(words) == 3:
		return r.poll(atoi(words[1]), atoi(words[2]), -1)
	case words[0] == "poll-wait" && len(words) == 3:
		return r.poll(atoi(words[1]), 0, atoi64(words[2]))
	case words[0] == "poke32" && len(words) == 3:
		return poke(r.path, atoi64(words[1]), binary.LittleEndian.AppendUint32(nil, uint32(int32(atoi64(words[2])))))
	case words[0] == "poke64" && len(words) == 3:
		return poke(r.path, atoi64(words[1]), binary.LittleEndian.AppendUint64(nil, uint64(atoi64(words[2]))))
	default:
		return errors.New("unknown or malformed step")
	}
	return nil
}

func (r *runner) ensureProducer() (*ringway.Producer, error) {
	if r.producer == nil {
		p, err := r.channel.Producer()
		if err != nil {
			return nil, err
		}
		r.producer = p
	}
	return r.producer, nil
}

// poll polls once (timeoutNs < 0) or waits up to timeoutNs; failAt > 0 makes the handler panic on that message.
func (r *runner) poll(limit, failAt int, timeoutNs int64) (err error) {
	if r.consumer == nil {
		if r.consumer, err = r.channel.Consumer(); err != nil {
			return err
		}
	}
	seen := 0
	handler := func(typeID int32, body []byte) {
		hash := uint64(fnvOffsetBasis)
		for _, b := range body {
			hash ^= uint64(b)
			hash *= fnvPrime
		}
		fmt.Printf("msg type=%d length=%d fnv=%016x\n", typeID, len(body), hash)
		if seen++; seen == failAt {
			fmt.Println("failed")
			panic(handlerFailure{})
		}
	}
	defer func() {
		if recovered := recover(); recovered != nil {
			if _, ours := recovered.(handlerFailure); !ours {
				panic(recovered)
			}
		}
	}()
	var pollErr error
	if timeoutNs < 0 {
		_, pollErr = r.consumer.Poll(handler, limit)
	} else {
		_, pollErr = r.consumer.PollWaitTimeout(handler, limit, time.Duration(timeoutNs))
	}
	var detail *ringway.Error
	if errors.As(pollErr, &detail) {
		fmt.Printf("error=%s\n", detail.Field)
	} else if pollErr != nil {
		return pollErr
	}
	return nil
}

func printProduced(step string, err error) {
	var detail *ringway.Error
	switch {
	case err == nil:
		fmt.Printf("%s ok\n", step)
	case errors.Is(err, ringway.ErrRingFull):
		fmt.Printf("%s full\n", step)
	case errors.As(err, &detail):
		fmt.Printf("%s error=%s\n", step, detail.Field)
	default:
		fmt.Printf("%s error=%v\n", step, err)
	}
}

// seeded is the body of "offer/claim TYPE LENGTH SEED": byte i is (SEED + i) mod 256.
func seeded(length, seed int) []byte {
	body := make([]byte, length)
	for i := range body {
		body[i] = byte(seed + i)
	}
	return body
}

func poke(path string, offset int64, value []byte) error {
	file, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	_, err = file.WriteAt(value, offset)
	return errors.Join(err, file.Close())
}

func atoi(word string) int {
	value, err := strconv.Atoi(word)
	if err != nil {
		panic(fmt.Sprintf("not a number: %q", word))
	}
	return value
}

func atoi64(word string) int64 {
	value, err := strconv.ParseInt(word, 10, 64)
	if err != nil {
		panic(fmt.Sprintf("not a number: %q", word))
	}
	return value
}
