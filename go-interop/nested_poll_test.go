package ringway

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// A handler that polls its own consumer (a nested poll) would read again from the head its poll has not stored yet
// and, when the nested poll returned, the outer poll would move the head back to its own: every read entry refuses it
// (CodeInvalidArgument) and changes nothing. Polling another consumer from a handler stays allowed.

// outerPolls are the polls that call a handler: the ones a nested poll can be made from.
var outerPolls = []struct {
	name string
	poll func(c *Consumer, handler Handler) (int, error)
}{
	{"Poll", func(c *Consumer, handler Handler) (int, error) { return c.Poll(handler, 10) }},
	{"PollWaitTimeout", func(c *Consumer, handler Handler) (int, error) {
		return c.PollWaitTimeout(handler, 10, time.Second)
	}},
	{"PollWait", func(c *Consumer, handler Handler) (int, error) {
		return c.PollWait(context.Background(), handler, 10)
	}},
}

// nestedPolls are every read entry of a consumer, as a handler of the same consumer would call them; inner is their
// handler, which a refused poll never calls.
func nestedPolls(c *Consumer, inner Handler, batch *Batch) []struct {
	name string
	poll func() (int, error)
} {
	shortContext := func() (context.Context, context.CancelFunc) {
		return context.WithTimeout(context.Background(), 10*time.Millisecond)
	}
	return []struct {
		name string
		poll func() (int, error)
	}{
		{"Poll", func() (int, error) { return c.Poll(inner, 10) }},
		{"Poll limit 0", func() (int, error) { return c.Poll(inner, 0) }},
		{"PollWaitTimeout 0", func() (int, error) { return c.PollWaitTimeout(inner, 10, 0) }},
		{"PollWaitTimeout", func() (int, error) { return c.PollWaitTimeout(inner, 10, time.Millisecond) }},
		{"PollWait", func() (int, error) {
			ctx, cancel := shortContext()
			defer cancel()
			return c.PollWait(ctx, inner, 10)
		}},
		{"PollWait limit 0", func() (int, error) { return c.PollWait(context.Background(), inner, 0) }},
		{"PollBatch", func() (int, error) { return c.PollBatch(batch, 10) }},
		{"PollBatchWait", func() (int, error) {
			ctx, cancel := shortContext()
			defer cancel()
			return c.PollBatchWait(ctx, batch, 10)
		}},
	}
}

// consumerState is what a refused nested poll must leave as it found it.
type consumerState struct {
	headPosition, headPositionWord, pendingHeadPositionWord int64
	messagesConsumed, messagesConsumedWord                  int64
	heartbeatWord, clockReads                               int64
	dataWaiters                                             int32
	isPolling, hasPanic                                     bool
}

func stateOf(c *Consumer, clockReads *atomic.Int64) consumerState {
	r := &c.ring
	return consumerState{
		headPosition:            c.headPosition,
		headPositionWord:        atomic.LoadInt64(r.headPosition()),
		pendingHeadPositionWord: atomic.LoadInt64(r.headerInt64(layout.HeaderPendingHeadPositionOffset)),
		messagesConsumed:        c.messagesConsumed,
		messagesConsumedWord:    atomic.LoadInt64(r.headerInt64(layout.HeaderMessagesConsumedOffset)),
		heartbeatWord:           atomic.LoadInt64(r.headerInt64(layout.HeaderConsumerHeartbeatMsOffset)),
		clockReads:              clockReads.Load(),
		dataWaiters:             atomic.LoadInt32(r.headerInt32(layout.HeaderDataWaitersOffset)),
		isPolling:               c.isPolling(),
		hasPanic:                c.panic != nil,
	}
}

// requireNestedPollRefused checks that err is the refusal of a nested poll of the channel at path.
func requireNestedPollRefused(t *testing.T, what string, n int, err error, path string) {
	t.Helper()
	var detail *Error
	if !errors.As(err, &detail) {
		t.Fatalf("%s: (%d, %v), want the refusal of a nested poll", what, n, err)
	}
	want := Error{Code: CodeInvalidArgument, Reason: "poll inside a poll handler", File: path, Field: "consumer",
		Found: "polling", Expected: "a poll after the handler returns",
		Message: "poll inside a poll handler: file=" + path +
			" field=consumer found=polling expected=a poll after the handler returns"}
	if *detail != want || n != 0 || !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("%s: (%d, %+v), want (0, %+v)", what, n, *detail, want)
	}
	// the detail line says what the fields say, as ringway.h's detail, parsed, would
	if parsed := newError(want.Code, want.Message, want.Field); *parsed != want {
		t.Fatalf("%s: the detail line parses as %+v, want %+v", what, *parsed, want)
	}
}

// countingClock makes ch's clock count its reads; consumers and producers attached after it read it.
func countingClock(t *testing.T, ch *Channel) *atomic.Int64 {
	t.Helper()
	var reads atomic.Int64
	if err := ch.SetClock(func() int64 { return reads.Add(1) }); err != nil {
		t.Fatal(err)
	}
	return &reads
}

// channelWithThreeMessages creates a channel of kind with a counting clock, attaches its producer and consumer and
// offers messages 1, 2 and 3 (type id and one-byte body each the number).
func channelWithThreeMessages(t *testing.T, kind RingKind) (*Channel, *atomic.Int64, *Producer, *Consumer) {
	t.Helper()
	ch := create(t, kind, 4096)
	clockReads := countingClock(t, ch)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	for i := 1; i <= 3; i++ {
		if err := p.Offer(int32(i), []byte{byte(i)}); err != nil {
			t.Fatal(err)
		}
	}
	return ch, clockReads, p, c
}

func TestShouldRefuseAPollOfTheSameConsumerFromInsideItsHandlerAndDeliverEveryMessageOnce(t *testing.T) {
	for _, outer := range outerPolls {
		for _, kind := range []RingKind{SPSC, MPSC} {
			t.Run(fmt.Sprintf("%s/%v", outer.name, kind), func(t *testing.T) {
				ch, clockReads, p, c := channelWithThreeMessages(t, kind)
				batch := NewBatch(4 * c.MaxRecordLength())
				var innerDelivered []byte
				nested := nestedPolls(c, func(_ int32, b []byte) { innerDelivered = append(innerDelivered, b[0]) }, batch)
				var delivered []message
				refusals := 0
				n, err := outer.poll(c, func(typeID int32, b []byte) {
					delivered = append(delivered, message{typeID, []byte{b[0]}})
					for _, poll := range nested {
						what := fmt.Sprintf("%s in the handler of message %d", poll.name, typeID)
						before := stateOf(c, clockReads)
						n, err := poll.poll()
						requireNestedPollRefused(t, what, n, err, ch.Path())
						if after := stateOf(c, clockReads); after != before {
							t.Fatalf("%s changed the consumer: %+v, was %+v", what, after, before)
						}
						refusals++
					}
				})
				if n != 3 || err != nil {
					t.Fatalf("outer %s: (%d, %v), want (3, nil)", outer.name, n, err)
				}
				for i, m := range delivered {
					if m.typeID != int32(i+1) || m.body[0] != byte(i+1) {
						t.Fatalf("delivered %v, want messages 1, 2, 3 once in order", delivered)
					}
				}
				if len(delivered) != 3 || len(innerDelivered) != 0 || batch.Pending() != 0 || batch.Len() != 0 {
					t.Fatalf("delivered %v, by nested polls %v, into their batch %d; want 3 messages, none nested",
						delivered, innerDelivered, batch.Pending())
				}
				if refusals != 3*len(nested) {
					t.Fatalf("%d nested polls refused, want %d", refusals, 3*len(nested))
				}
				if c.Position() != ch.ProducerPosition() || ch.ConsumerPosition() != ch.ProducerPosition() ||
					ch.MessagesConsumed() != 3 {
					t.Fatalf("position %d (file %d), messagesConsumed %d; want the producer's %d and 3", c.Position(),
						ch.ConsumerPosition(), ch.MessagesConsumed(), ch.ProducerPosition())
				}
				if c.isPolling() {
					t.Fatal("the consumer still polling after its poll returned")
				}
				if err := p.Offer(4, []byte{4}); err != nil {
					t.Fatal(err)
				}
				if got := pollAll(t, c); len(got) != 1 || got[0].typeID != 4 || got[0].body[0] != 4 {
					t.Fatalf("the poll after the handler returned delivered %v, want message 4", got)
				}
				if c.Position() != ch.ProducerPosition() {
					t.Fatalf("position %d after message 4, want %d", c.Position(), ch.ProducerPosition())
				}
			})
		}
	}
}

func TestShouldLetAHandlerPollADifferentConsumer(t *testing.T) {
	for _, kind := range []RingKind{SPSC, MPSC} {
		t.Run(kind.String(), func(t *testing.T) {
			outerChannel, innerChannel := create(t, kind, 4096), create(t, kind, 4096)
			outerProducer, outerConsumer := mustProducer(t, outerChannel), mustConsumer(t, outerChannel)
			innerProducer, innerConsumer := mustProducer(t, innerChannel), mustConsumer(t, innerChannel)
			for i := 1; i <= 2; i++ {
				if err := outerProducer.Offer(1, []byte{byte(i)}); err != nil {
					t.Fatal(err)
				}
			}
			for i := 1; i <= 6; i++ {
				if err := innerProducer.Offer(1, []byte{byte(i)}); err != nil {
					t.Fatal(err)
				}
			}
			var outerSeen, innerSeen []byte
			inner := func(_ int32, b []byte) { innerSeen = append(innerSeen, b[0]) }
			batch := NewBatch(2 * innerConsumer.MaxRecordLength())
			n, err := outerConsumer.Poll(func(_ int32, b []byte) {
				outerSeen = append(outerSeen, b[0])
				if n, err := innerConsumer.Poll(inner, 1); n != 1 || err != nil {
					t.Errorf("Poll of another consumer: (%d, %v), want (1, nil)", n, err)
				}
				if n, err := innerConsumer.PollWaitTimeout(inner, 1, time.Second); n != 1 || err != nil {
					t.Errorf("PollWaitTimeout of another consumer: (%d, %v), want (1, nil)", n, err)
				}
				batch.Reset()
				if n, err := innerConsumer.PollBatch(batch, 1); n != 1 || err != nil {
					t.Errorf("PollBatch of another consumer: (%d, %v), want (1, nil)", n, err)
				}
				for _, body, ok := batch.Next(); ok; _, body, ok = batch.Next() {
					innerSeen = append(innerSeen, body[0])
				}
			}, 10)
			if n != 2 || err != nil || string(outerSeen) != "\x01\x02" {
				t.Fatalf("outer poll: (%d, %v), delivered %v; want 2 messages (1, 2)", n, err, outerSeen)
			}
			if string(innerSeen) != "\x01\x02\x03\x04\x05\x06" {
				t.Fatalf("the other consumer delivered %v, want 1 to 6 in order", innerSeen)
			}
			if innerConsumer.Position() != innerChannel.ProducerPosition() ||
				outerConsumer.Position() != outerChannel.ProducerPosition() {
				t.Fatalf("positions %d and %d, want the producers' %d and %d", outerConsumer.Position(),
					innerConsumer.Position(), outerChannel.ProducerPosition(), innerChannel.ProducerPosition())
			}
		})
	}
}

// The refused nested poll leaves the poll in progress as it was, so a panic of the handler after it is still
// recovered and raised again when the outer poll returns, the pass ending after the panicking message.
func TestShouldRaiseAgainAHandlerPanicAfterARefusedNestedPoll(t *testing.T) {
	for _, outer := range outerPolls {
		for _, kind := range []RingKind{SPSC, MPSC} {
			t.Run(fmt.Sprintf("%s/%v", outer.name, kind), func(t *testing.T) {
				ch := create(t, kind, 4096)
				p, c := mustProducer(t, ch), mustConsumer(t, ch)
				for i := 1; i <= 3; i++ {
					if err := p.Offer(1, []byte{byte(i)}); err != nil {
						t.Fatal(err)
					}
				}
				var seen, innerSeen []byte
				var nestedN int
				var nestedErr error
				func() {
					defer func() {
						if recovered := recover(); recovered != "boom" {
							t.Fatalf("recovered %v, want the handler's panic raised again", recovered)
						}
					}()
					_, _ = outer.poll(c, func(_ int32, b []byte) {
						seen = append(seen, b[0])
						if b[0] == 2 {
							nestedN, nestedErr = c.Poll(func(_ int32, b []byte) { innerSeen = append(innerSeen, b[0]) }, 10)
							panic("boom")
						}
					})
					t.Fatal("the outer poll returned normally")
				}()
				// the pass ended after message 2, as after any handler panic
				if want := int64(2 * RecordLength(1)); c.Position() != want || ch.ConsumerPosition() != want ||
					ch.MessagesConsumed() != 2 {
					t.Errorf("position %d (file %d), messagesConsumed %d; want %d (after message 2) and 2",
						c.Position(), ch.ConsumerPosition(), ch.MessagesConsumed(), want)
				}
				if string(seen) != "\x01\x02" || len(innerSeen) != 0 {
					t.Errorf("delivered %v, by the nested poll %v; want 1, 2 and none nested", seen, innerSeen)
				}
				if c.isPolling() || c.panic != nil {
					t.Error("the poll left its handler or its panic set")
				}
				requireNestedPollRefused(t, "Poll in the handler", nestedN, nestedErr, ch.Path())
				n, err := c.Poll(func(_ int32, b []byte) { seen = append(seen, b[0]) }, 10)
				if n != 1 || err != nil || string(seen) != "\x01\x02\x03" {
					t.Fatalf("next poll: (%d, %v), delivered %v; want message 3", n, err, seen)
				}
				if err := c.Close(); err != nil {
					t.Fatalf("close after the poll: %v", err)
				}
			})
		}
	}
}

// Closing the consumer or its channel from inside a handler of its poll would unmap the ring under the poll loop and
// release the lease while the poll still reads and stores the head: Consumer.Close, Channel.Close and Channel.Delete
// refuse it (CodeInvalidArgument, the detail Java and ringway.h give) and close nothing.

// requireCloseInHandlerRefused checks that err is the refusal of a close made from inside a poll handler of the
// channel at path.
func requireCloseInHandlerRefused(t *testing.T, what string, err error, path string) {
	t.Helper()
	var detail *Error
	if !errors.As(err, &detail) {
		t.Fatalf("%s: %v, want the refusal of a close inside a poll handler", what, err)
	}
	want := Error{Code: CodeInvalidArgument, Reason: "close inside a poll handler", File: path, Field: "file",
		Found: "polling", Expected: "closed after the poll returns",
		Message: "close inside a poll handler: file=" + path +
			" field=file found=polling expected=closed after the poll returns"}
	if *detail != want || !errors.Is(err, ErrInvalidArgument) {
		t.Fatalf("%s: %+v, want %+v", what, *detail, want)
	}
	// the detail line says what the fields say, as ringway.h's detail, parsed, would
	if parsed := newError(want.Code, want.Message, want.Field); *parsed != want {
		t.Fatalf("%s: the detail line parses as %+v, want %+v", what, *parsed, want)
	}
}

// openState is what a refused close must leave open: the mapping, the handles, their leases and the file.
type openState struct {
	file                                   *channelFile
	channelConsumer                        *Consumer
	consumerAttached, producerAttached     bool
	holdsConsumerLease, holdsProducerLease bool
	consumerLeaseWord, producerLeaseWord   int64
	producerSlotTokenWord                  int64
	fileExists                             bool
}

func openStateOf(ch *Channel, p *Producer, c *Consumer) openState {
	state := openState{file: ch.file, channelConsumer: ch.consumer, consumerAttached: c.attached,
		producerAttached: p.attached, holdsConsumerLease: ch.holdsConsumerLease,
		holdsProducerLease: ch.holdsProducerLease || p.holdsLease}
	if ch.file != nil {
		state.consumerLeaseWord = atomic.LoadInt64(ch.file.headerInt64(layout.HeaderConsumerLeaseOffset))
		state.producerLeaseWord = atomic.LoadInt64(ch.file.headerInt64(layout.HeaderProducerLeaseOffset))
		if p.slot != nil {
			state.producerSlotTokenWord = atomic.LoadInt64(slotToken(p.slot))
		}
	}
	_, err := os.Stat(ch.Path())
	state.fileExists = err == nil
	return state
}

// requireSecondConsumerRefused checks that the consumer lease is still held: a second consumer, through the same
// handle or another, gets ErrLeaseTaken.
func requireSecondConsumerRefused(t *testing.T, what string, ch *Channel) {
	t.Helper()
	if second, err := ch.Consumer(); !errors.Is(err, ErrLeaseTaken) {
		t.Fatalf("%s: a second consumer on the same handle: (%v, %v), want ErrLeaseTaken", what, second, err)
	}
	other, err := Open(ch.Path(), OpenOptions{})
	if err != nil {
		t.Fatalf("%s: open another handle: %v", what, err)
	}
	defer other.Close()
	if second, err := other.Consumer(); !errors.Is(err, ErrLeaseTaken) {
		t.Fatalf("%s: a second consumer on another handle: (%v, %v), want ErrLeaseTaken", what, second, err)
	}
}

func TestShouldRefuseClosingTheConsumerOrItsChannelFromInsideAHandlerAndCloseAfterThePoll(t *testing.T) {
	for _, outer := range outerPolls {
		for _, kind := range []RingKind{SPSC, MPSC} {
			t.Run(fmt.Sprintf("%s/%v", outer.name, kind), func(t *testing.T) {
				ch, clockReads, p, c := channelWithThreeMessages(t, kind)
				closes := []struct {
					name  string
					close func() error
				}{
					{"Consumer.Close", c.Close},
					{"Channel.Close", ch.Close},
					{"Channel.Delete", ch.Delete},
				}
				opened := openStateOf(ch, p, c)
				if opened.file == nil || !opened.holdsConsumerLease || opened.consumerLeaseWord != ch.consumerLeaseToken ||
					!opened.fileExists {
					t.Fatalf("before the poll: %+v, want the channel mapped, its consumer lease held", opened)
				}
				var delivered []message
				refusals := 0
				n, err := outer.poll(c, func(typeID int32, b []byte) {
					delivered = append(delivered, message{typeID, []byte{b[0]}})
					for _, closing := range closes {
						what := fmt.Sprintf("%s in the handler of message %d", closing.name, typeID)
						before := stateOf(c, clockReads)
						requireCloseInHandlerRefused(t, what, closing.close(), ch.Path())
						if after := openStateOf(ch, p, c); after != opened {
							t.Fatalf("%s closed something: %+v, was %+v", what, after, opened)
						}
						if after := stateOf(c, clockReads); after != before {
							t.Fatalf("%s changed the consumer: %+v, was %+v", what, after, before)
						}
						refusals++
					}
					requireSecondConsumerRefused(t, fmt.Sprintf("in the handler of message %d", typeID), ch)
				})
				if n != 3 || err != nil {
					t.Fatalf("outer %s: (%d, %v), want (3, nil)", outer.name, n, err)
				}
				for i, m := range delivered {
					if m.typeID != int32(i+1) || m.body[0] != byte(i+1) {
						t.Fatalf("delivered %v, want messages 1, 2, 3 once in order", delivered)
					}
				}
				if len(delivered) != 3 || refusals != 3*len(closes) {
					t.Fatalf("delivered %v, %d closes refused; want 3 messages and %d", delivered, refusals,
						3*len(closes))
				}
				if c.Position() != ch.ProducerPosition() || ch.ConsumerPosition() != ch.ProducerPosition() ||
					ch.MessagesConsumed() != 3 {
					t.Fatalf("position %d (file %d), messagesConsumed %d; want the producer's %d and 3", c.Position(),
						ch.ConsumerPosition(), ch.MessagesConsumed(), ch.ProducerPosition())
				}
				if c.isPolling() {
					t.Fatal("the consumer still polling after its poll returned")
				}
				if after := openStateOf(ch, p, c); after != opened {
					t.Fatalf("after the poll: %+v, was %+v", after, opened)
				}
				requireSecondConsumerRefused(t, "after the poll", ch)
				if err := p.Offer(4, []byte{4}); err != nil {
					t.Fatalf("the producer after the refused closes: %v", err)
				}
				if got := pollAll(t, c); len(got) != 1 || got[0].typeID != 4 || got[0].body[0] != 4 {
					t.Fatalf("the poll after the handler returned delivered %v, want message 4", got)
				}
				if c.Position() != ch.ProducerPosition() {
					t.Fatalf("position %d after message 4, want %d", c.Position(), ch.ProducerPosition())
				}
				if err := c.Close(); err != nil {
					t.Fatalf("Consumer.Close after the poll: %v", err)
				}
				// the lease is free now: a consumer on another handle takes it and resumes after message 4
				other, err := Open(ch.Path(), OpenOptions{})
				if err != nil {
					t.Fatal(err)
				}
				next, err := other.Consumer()
				if err != nil {
					t.Fatalf("a consumer after Consumer.Close: %v, want the lease", err)
				}
				if next.Position() != ch.ProducerPosition() {
					t.Fatalf("a consumer after Consumer.Close at %d, want %d", next.Position(), ch.ProducerPosition())
				}
				if err := other.Close(); err != nil {
					t.Fatal(err)
				}
				if err := ch.Close(); err != nil || ch.file != nil || p.attached {
					t.Fatalf("Channel.Close after the poll: %v, mapped %v, producer attached %v; want all closed", err,
						ch.file != nil, p.attached)
				}
			})
		}
	}
}
