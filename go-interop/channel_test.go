package ringway

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

type message struct {
	typeID int32
	body   []byte
}

func channelPath(t *testing.T) string {
	t.Helper()
	return filepath.Join(testDirectory(t), "test.ringway")
}

func create(t *testing.T, kind RingKind, capacity int) *Channel {
	t.Helper()
	ch, err := Create(channelPath(t), CreateOptions{Kind: kind, Capacity: capacity})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	t.Cleanup(func() { _ = ch.Close() })
	return ch
}

func mustProducer(t *testing.T, ch *Channel) *Producer {
	t.Helper()
	p, err := ch.Producer()
	if err != nil {
		t.Fatalf("producer: %v", err)
	}
	return p
}

func mustConsumer(t *testing.T, ch *Channel) *Consumer {
	t.Helper()
	c, err := ch.Consumer()
	if err != nil {
		t.Fatalf("consumer: %v", err)
	}
	return c
}

func pollAll(t *testing.T, c *Consumer) []message {
	t.Helper()
	var got []message
	for {
		n, err := c.Poll(func(typeID int32, body []byte) {
			got = append(got, message{typeID, bytes.Clone(body)})
		}, 64)
		if err != nil {
			t.Fatalf("poll: %v", err)
		}
		if n == 0 {
			return got
		}
	}
}

func body(i int) []byte {
	b := make([]byte, i%29)
	for j := range b {
		b[j] = byte(i + j)
	}
	return b
}

func requireCode(t *testing.T, err error, sentinel error, field string) *Error {
	t.Helper()
	if !errors.Is(err, sentinel) {
		t.Fatalf("error %v is not %v", err, sentinel)
	}
	var detail *Error
	if !errors.As(err, &detail) {
		t.Fatalf("error %v is not an *Error", err)
	}
	if detail.Field != field {
		t.Fatalf("field=%q, expected %q in %v", detail.Field, field, err)
	}
	return detail
}

func TestShouldDeliverOfferedMessagesInOrderWithTheirTypeIDsAndBodies(t *testing.T) {
	for _, kind := range []RingKind{SPSC, MPSC} {
		t.Run(kind.String(), func(t *testing.T) {
			ch := create(t, kind, 4096)
			p, c := mustProducer(t, ch), mustConsumer(t, ch)
			var sent []message
			for i := range 2000 {
				m := message{int32(i%7 + 1), body(i)}
				for {
					err := p.Offer(m.typeID, m.body)
					if err == nil {
						break
					}
					if !errors.Is(err, ErrRingFull) {
						t.Fatalf("offer %d: %v", i, err)
					}
					sent = compareDrained(t, c, sent)
				}
				sent = append(sent, m)
			}
			if rest := compareDrained(t, c, sent); len(rest) != 0 {
				t.Fatalf("%d messages never arrived", len(rest))
			}
			if ch.ProducerPosition() != ch.ConsumerPosition() {
				t.Fatalf("tail=%d head=%d after draining", ch.ProducerPosition(), ch.ConsumerPosition())
			}
		})
	}
}

// compareDrained polls everything and checks it is the head of sent; returns what has not arrived.
func compareDrained(t *testing.T, c *Consumer, sent []message) []message {
	t.Helper()
	got := pollAll(t, c)
	if len(got) == 0 {
		t.Fatalf("ring full but nothing to poll")
	}
	for i, m := range got {
		if i >= len(sent) || m.typeID != sent[i].typeID || !bytes.Equal(m.body, sent[i].body) {
			t.Fatalf("message %d: got %v", i, m)
		}
	}
	return sent[len(got):]
}

func TestShouldCommitAMessageWrittenInPlaceThroughTheClaimedSlice(t *testing.T) {
	ch := create(t, SPSC, 1024)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	index, claimed, err := p.TryClaim(9, 12)
	if err != nil {
		t.Fatal(err)
	}
	if len(claimed) != 12 {
		t.Fatalf("claimed slice length %d", len(claimed))
	}
	if got := pollAll(t, c); len(got) != 0 {
		t.Fatalf("claimed message visible before commit: %v", got)
	}
	copy(claimed, "hello, ring!")
	if err := p.Commit(index); err != nil {
		t.Fatal(err)
	}
	got := pollAll(t, c)
	if len(got) != 1 || got[0].typeID != 9 || string(got[0].body) != "hello, ring!" {
		t.Fatalf("got %v", got)
	}
	requireCode(t, p.Commit(index), ErrClaimState, "length")
}

func TestShouldSkipAnAbortedClaim(t *testing.T) {
	ch := create(t, MPSC, 1024)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	index, _, err := p.TryClaim(3, 8)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Offer(4, []byte("after")); err != nil {
		t.Fatal(err)
	}
	if err := p.Abort(index); err != nil {
		t.Fatal(err)
	}
	got := pollAll(t, c)
	if len(got) != 1 || got[0].typeID != 4 || string(got[0].body) != "after" {
		t.Fatalf("got %v", got)
	}
	requireCode(t, p.Abort(index), ErrClaimState, "length")
}

func TestShouldReturnErrRingFullWhenTheRingHasNoRoom(t *testing.T) {
	ch := create(t, SPSC, 64)
	p := mustProducer(t, ch)
	payload := make([]byte, ch.MaxMessageLength())
	offered := 0
	var err error
	for ; offered < 100; offered++ {
		if err = p.Offer(1, payload); err != nil {
			break
		}
	}
	if err != ErrRingFull {
		t.Fatalf("expected the bare ErrRingFull, got %v after %d", err, offered)
	}
	// 64-byte ring, 8-byte bodies take 16 bytes each, and SPSC keeps 8 bytes free: 3 fit
	if offered != 3 {
		t.Fatalf("offered %d before back-pressure, expected 3", offered)
	}
	if ch.BackPressureCount() != 1 {
		t.Fatalf("backPressureCount=%d", ch.BackPressureCount())
	}
	if _, _, err := p.TryClaim(1, 8); err != ErrRingFull {
		t.Fatalf("claim on a full ring: %v", err)
	}
}

func TestShouldRefuseAMessageLongerThanMaxMessageLengthNamingBothLengths(t *testing.T) {
	ch := create(t, MPSC, 1024)
	p := mustProducer(t, ch)
	detail := requireCode(t, p.Offer(1, make([]byte, 129)), ErrMessageLength, "length")
	if detail.Found != "129" || !strings.HasPrefix(detail.Expected, "0..128") || detail.File != ch.Path() {
		t.Fatalf("detail %+v", detail)
	}
	_, _, err := p.TryClaim(1, 129)
	requireCode(t, err, ErrMessageLength, "length")
	if err := p.Offer(1, make([]byte, 128)); err != nil {
		t.Fatalf("max length refused: %v", err)
	}
}

func TestShouldRefuseATypeIDBelowOne(t *testing.T) {
	ch := create(t, SPSC, 1024)
	p := mustProducer(t, ch)
	for _, typeID := range []int32{0, -1, -7} {
		requireCode(t, p.Offer(typeID, nil), ErrTypeID, "typeId")
	}
}

func TestShouldRefuseASecondConsumerAndASecondSpscProducerWhileTheFirstIsOpen(t *testing.T) {
	ch := create(t, SPSC, 1024)
	first := mustConsumer(t, ch)
	other, err := Open(ch.Path(), OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, err = other.Consumer()
	detail := requireCode(t, err, ErrLeaseTaken, "consumerLease")
	if detail.Found == "" {
		t.Fatalf("no owner named: %+v", detail)
	}
	mustProducer(t, ch)
	_, err = other.Producer()
	requireCode(t, err, ErrLeaseTaken, "producerLease")

	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if c, err := other.Consumer(); err != nil || c == nil {
		t.Fatalf("consumer after the first closed: %v", err)
	}
}

func TestShouldAllowManyProducersOnMpsc(t *testing.T) {
	ch := create(t, MPSC, 1024)
	for range 3 {
		mustProducer(t, ch)
	}
}

func TestShouldRefuseToCreateOverAnExistingFile(t *testing.T) {
	ch := create(t, SPSC, 1024)
	_, err := Create(ch.Path(), CreateOptions{Kind: SPSC, Capacity: 1024})
	requireCode(t, err, ErrFileExists, "file")
}

func TestShouldRefuseAnInvalidCapacityAtCreate(t *testing.T) {
	for _, capacity := range []int{0, 32, 100, 3000} {
		_, err := Create(channelPath(t), CreateOptions{Kind: SPSC, Capacity: capacity})
		requireCode(t, err, ErrInvalidArgument, "capacity")
	}
}

func TestShouldReportAMissingFile(t *testing.T) {
	_, err := Open(channelPath(t), OpenOptions{})
	requireCode(t, err, ErrFileNotFound, "file")
}

func TestShouldNameFileFieldFoundAndExpectedForAFileTooShort(t *testing.T) {
	path := channelPath(t)
	if err := os.WriteFile(path, make([]byte, 512), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path, OpenOptions{})
	detail := requireCode(t, err, ErrInvalidFile, "fileLength")
	if detail.File != path || detail.Found != "512" || detail.Expected != ">=4096" {
		t.Fatalf("detail %+v", detail)
	}
	want := "channel file too short: file=" + path + " field=fileLength found=512 expected=>=4096"
	if detail.Message != want || err.Error() != "ringway: "+want {
		t.Fatalf("message %q, expected %q", err.Error(), want)
	}
}

// An empty file is what a creator leaves between its exclusive create and posix_fallocate (LAYOUT 10.3): an opener
// that waits for the creator (OpenOrCreate in examples/two-process/go) must see ErrNotInitialised, not a short file.
func TestShouldReportAnEmptyFileAsNotInitialisedYet(t *testing.T) {
	path := channelPath(t)
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path, OpenOptions{})
	requireCode(t, err, ErrNotInitialised, "fileLength")
}

func TestShouldReportAFileNotInitialisedYet(t *testing.T) {
	path := channelPath(t)
	if err := os.WriteFile(path, make([]byte, layout.FileLength(1024)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path, OpenOptions{})
	requireCode(t, err, ErrNotInitialised, "layoutVersion")
}

func TestShouldRefuseAChannelOfAnotherKindOrCapacityThanExpected(t *testing.T) {
	ch := create(t, SPSC, 1024)
	_, err := Open(ch.Path(), OpenOptions{ExpectedKind: MPSC})
	requireCode(t, err, ErrUnexpectedChannel, "ringKind")
	_, err = Open(ch.Path(), OpenOptions{ExpectedCapacity: 2048})
	requireCode(t, err, ErrUnexpectedChannel, "capacity")
	opened, err := Open(ch.Path(), OpenOptions{ExpectedKind: SPSC, ExpectedCapacity: 1024})
	if err != nil {
		t.Fatal(err)
	}
	defer opened.Close()
	if opened.Kind() != SPSC || opened.Capacity() != 1024 || opened.MaxMessageLength() != 128 {
		t.Fatalf("kind=%v capacity=%d max=%d", opened.Kind(), opened.Capacity(), opened.MaxMessageLength())
	}
}

func TestShouldRecordTheSbeSchemaGivenAtCreate(t *testing.T) {
	ch, err := Create(channelPath(t), CreateOptions{Kind: MPSC, Capacity: 1024, SchemaID: 1001, SchemaVersion: 2})
	if err != nil {
		t.Fatal(err)
	}
	ch.Close()
	opened, err := Open(ch.Path(), OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer opened.Close()
	if opened.SchemaID() != 1001 || opened.SchemaVersion() != 2 {
		t.Fatalf("schemaId=%d schemaVersion=%d", opened.SchemaID(), opened.SchemaVersion())
	}
}

func TestShouldRefuseAnUnsupportedMajorVersionNamingIt(t *testing.T) {
	ch := create(t, SPSC, 1024)
	path := ch.Path()
	ch.Close()
	patchInt32(t, path, layout.HeaderLayoutVersionOffset, 2<<16)
	_, err := Open(path, OpenOptions{})
	detail := requireCode(t, err, ErrUnsupportedVersion, "layoutVersion.major")
	if !strings.HasPrefix(detail.Found, "2 ") || detail.Expected != "1" {
		t.Fatalf("detail %+v", detail)
	}
}

func TestShouldReturnErrClosedFromHandlesOfAClosedChannel(t *testing.T) {
	ch := create(t, SPSC, 1024)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	if err := ch.Close(); err != nil {
		t.Fatal(err)
	}
	requireCode(t, p.Offer(1, nil), ErrClosed, "file")
	_, err := c.Poll(func(int32, []byte) {}, 1)
	requireCode(t, err, ErrClosed, "file")
	_, err = ch.Producer()
	requireCode(t, err, ErrClosed, "file")
	if err := ch.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}
}

func TestShouldKeepUnreadMessagesForTheNextConsumer(t *testing.T) {
	ch := create(t, MPSC, 1024)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	for i := range 5 {
		if err := p.Offer(1, body(i)); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := c.Poll(func(int32, []byte) {}, 2); n != 2 || err != nil {
		t.Fatalf("poll: %d %v", n, err)
	}
	c.Close()
	reopened, err := Open(ch.Path(), OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	got := pollAll(t, mustConsumer(t, reopened))
	if len(got) != 3 || !bytes.Equal(got[0].body, body(2)) {
		t.Fatalf("got %v", got)
	}
	if reopened.MessagesConsumed() != 5 {
		t.Fatalf("messagesConsumed=%d", reopened.MessagesConsumed())
	}
}

func TestShouldDeliverEveryMessageInOrderPerProducerFromConcurrentGoroutinesOnMpsc(t *testing.T) {
	const producers, perProducer = 4, 20000
	ch := create(t, MPSC, 4096)
	c := mustConsumer(t, ch)
	var wg sync.WaitGroup
	errs := make(chan error, producers)
	for id := range producers {
		p := mustProducer(t, ch)
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b [16]byte
			for sequence := range perProducer {
				binary.LittleEndian.PutUint64(b[0:], uint64(id))
				binary.LittleEndian.PutUint64(b[8:], uint64(sequence))
				var err error
				if sequence%2 == 0 {
					err = offerSpinning(p, b[:])
				} else {
					err = claimSpinning(p, b[:])
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	next := make([]uint64, producers)
	received := 0
	for received < producers*perProducer {
		n, err := c.Poll(func(typeID int32, body []byte) {
			id := binary.LittleEndian.Uint64(body[0:])
			sequence := binary.LittleEndian.Uint64(body[8:])
			if sequence != next[id] {
				t.Errorf("producer %d: sequence %d, expected %d", id, sequence, next[id])
			}
			next[id] = sequence + 1
		}, 256)
		if err != nil {
			t.Fatal(err)
		}
		received += n
		select {
		case err := <-errs:
			t.Fatal(err)
		default:
		}
	}
	wg.Wait()
	for id, n := range next {
		if n != perProducer {
			t.Fatalf("producer %d: %d messages", id, n)
		}
	}
}

func offerSpinning(p *Producer, b []byte) error {
	for {
		err := p.Offer(1, b)
		if !errors.Is(err, ErrRingFull) {
			return err
		}
	}
}

func claimSpinning(p *Producer, b []byte) error {
	for {
		index, claimed, err := p.TryClaim(1, len(b))
		if errors.Is(err, ErrRingFull) {
			continue
		}
		if err != nil {
			return err
		}
		copy(claimed, b)
		return p.Commit(index)
	}
}

// A handler panic ends the poll after that message, which counts as consumed: the panic is raised again when the poll
// returns, messagesConsumed counts it, producers parked for space are woken, and the messages after it are delivered
// by the next poll (as after a Java handler that throws: PollFailureTest; C: ringway_consumer_stop_poll). A poll of
// one message (the spinning poll's) has a path of its own in pollBeating, hence both limits.
func TestShouldDeliverTheRestOfAPollAfterAHandlerPanicOnTheNextPoll(t *testing.T) {
	polls := map[string]func(c *Consumer, handler Handler, limit int) (int, error){
		"Poll": func(c *Consumer, handler Handler, limit int) (int, error) { return c.Poll(handler, limit) },
		"PollWaitTimeout": func(c *Consumer, handler Handler, limit int) (int, error) {
			return c.PollWaitTimeout(handler, limit, time.Second)
		},
		"PollWait": func(c *Consumer, handler Handler, limit int) (int, error) {
			return c.PollWait(context.Background(), handler, limit)
		},
	}
	// messages 1..5 in the channel; the handler panics at message panicAt
	cases := []struct{ limit, panicAt int }{{limit: 10, panicAt: 2}, {limit: 1, panicAt: 1}}
	for name, poll := range polls {
		for _, kind := range []RingKind{SPSC, MPSC} {
			for _, tc := range cases {
				t.Run(fmt.Sprintf("%s/%v/limit %d", name, kind, tc.limit), func(t *testing.T) {
					ch := create(t, kind, 4096)
					p, c := mustProducer(t, ch), mustConsumer(t, ch)
					for i := 1; i <= 5; i++ {
						if err := p.Offer(1, []byte{byte(i)}); err != nil {
							t.Fatal(err)
						}
					}
					// as a producer parked for space leaves it (LAYOUT 9.1)
					atomic.StoreInt32(c.ring.headerInt32(layout.HeaderSpaceWaitersOffset), 1)
					var seen []byte
					func() {
						defer func() {
							if recovered := recover(); recovered != "boom" {
								t.Fatalf("recovered %v", recovered)
							}
						}()
						_, _ = poll(c, func(_ int32, b []byte) {
							seen = append(seen, b[0])
							if int(b[0]) == tc.panicAt {
								panic("boom")
							}
						}, tc.limit)
						t.Fatal("the poll returned normally")
					}()
					if want := "\x01\x02\x03\x04\x05"[:tc.panicAt]; string(seen) != want {
						t.Fatalf("delivered %v before the panic, want %v", seen, []byte(want))
					}
					if consumed := ch.MessagesConsumed(); consumed != int64(tc.panicAt) {
						t.Fatalf("messagesConsumed %d after the panic, want %d", consumed, tc.panicAt)
					}
					if head, want := atomic.LoadInt64(c.ring.headPosition()), int64(tc.panicAt*RecordLength(1)); head != want {
						t.Fatalf("headPosition %d after the panic, want %d (after the handler's message)", head, want)
					}
					if wakes := ch.WakeCount(); wakes != 1 {
						t.Fatalf("wakeCount %d: the producer parked for space was not woken", wakes)
					}
					want := min(tc.limit, 5-tc.panicAt)
					n, err := poll(c, func(_ int32, b []byte) { seen = append(seen, b[0]) }, tc.limit)
					if n != want || err != nil || string(seen) != "\x01\x02\x03\x04\x05"[:tc.panicAt+want] {
						t.Fatalf("next poll: %d %v, delivered %v, want %d more", n, err, seen, want)
					}
				})
			}
		}
	}
}

// A handler that panics in the poll's second pass, the one from index 0 after the end of the data area (LAYOUT 7
// step 4): that pass ends at the message, whose bytes an MPSC consumer has zeroed, and the next poll delivers the rest.
func TestShouldDeliverTheRestAfterAHandlerPanicInThePassAfterTheWrap(t *testing.T) {
	for _, kind := range []RingKind{SPSC, MPSC} {
		t.Run(kind.String(), func(t *testing.T) {
			const capacity = 1024
			ch := create(t, kind, capacity)
			p, c := mustProducer(t, ch), mustConsumer(t, ch)
			for range 7 { // 7 records of 128 aligned bytes, delivered: the head at index 896
				if err := p.Offer(1, make([]byte, 120)); err != nil {
					t.Fatal(err)
				}
			}
			if n, err := c.Poll(func(int32, []byte) {}, 10); n != 7 || err != nil {
				t.Fatalf("first poll: %d, %v; want 7", n, err)
			}
			// 1 at index 896 to the end of the data area, then 2 at index 0 and 3 at index 128
			for i := 1; i <= 3; i++ {
				if err := p.Offer(1, bytes.Repeat([]byte{byte(i)}, 120)); err != nil {
					t.Fatal(err)
				}
			}
			var seen []byte
			func() {
				defer func() {
					if recovered := recover(); recovered != "boom" {
						t.Fatalf("recovered %v", recovered)
					}
				}()
				_, _ = c.Poll(func(_ int32, b []byte) {
					seen = append(seen, b[0])
					if b[0] == 2 {
						panic("boom")
					}
				}, 10)
				t.Fatal("the poll returned normally")
			}()
			if string(seen) != "\x01\x02" || ch.MessagesConsumed() != 9 {
				t.Fatalf("delivered %v, messagesConsumed %d before the panic; want [1 2], 9", seen,
					ch.MessagesConsumed())
			}
			ring := mappedRing(ch)
			headPosition := int64(binary.LittleEndian.Uint64(ring[capacity+layout.TrailerHeadPositionOffset:]))
			if headPosition != capacity+128 {
				t.Fatalf("headPosition %d after the panic, want %d (after message 2)", headPosition, capacity+128)
			}
			if kind == MPSC {
				requireBytes(t, "message 2, consumed and zeroed", ring, 0, 128, 0)
			}
			n, err := c.Poll(func(_ int32, b []byte) { seen = append(seen, b[0]) }, 10)
			if n != 1 || err != nil || string(seen) != "\x01\x02\x03" {
				t.Fatalf("next poll: %d %v, delivered %v; want 1 more (3)", n, err, seen)
			}
		})
	}
}

func TestShouldRefuseAPollWithoutAHandler(t *testing.T) {
	ch := create(t, SPSC, 1024)
	_, err := mustConsumer(t, ch).Poll(nil, 1)
	requireCode(t, err, ErrInvalidArgument, "handler")
}

func TestShouldReportACorruptRecordAndNotMovePastIt(t *testing.T) {
	ch := create(t, SPSC, 1024)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	if err := p.Offer(1, []byte("good")); err != nil {
		t.Fatal(err)
	}
	if err := p.Offer(1, []byte("bad")); err != nil {
		t.Fatal(err)
	}
	// the second record starts at index 16: make its length larger than the data area
	patchInt32(t, ch.Path(), layout.HeaderLength+16+layout.RecordLengthOffset, 5000)
	n, err := c.Poll(func(int32, []byte) {}, 10)
	if n != 1 || err != nil {
		t.Fatalf("first poll: %d %v", n, err)
	}
	for range 2 {
		_, err = c.Poll(func(int32, []byte) { t.Fatal("delivered a corrupt record") }, 10)
		detail := requireCode(t, err, ErrCorruptRecord, "length")
		if detail.Found != "5000" {
			t.Fatalf("detail %+v", detail)
		}
	}
	if c.Position() != 16 {
		t.Fatalf("consumer moved to %d", c.Position())
	}
}

// patchInt32 writes through the file, as a hostile or broken peer would; the mapping sees it.
func patchInt32(t *testing.T, path string, offset int, value int32) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], uint32(value))
	if _, err := f.WriteAt(b[:], int64(offset)); err != nil {
		t.Fatal(err)
	}
}

func TestShouldDeliverMessagesAcrossTheEndOfTheDataArea(t *testing.T) {
	for _, kind := range []RingKind{SPSC, MPSC} {
		t.Run(kind.String(), func(t *testing.T) {
			ch := create(t, kind, 256)
			p, c := mustProducer(t, ch), mustConsumer(t, ch)
			for round := range 50 {
				for i := range 3 {
					if err := p.Offer(int32(i+1), body(round*3+i)); err != nil {
						t.Fatalf("round %d: %v", round, err)
					}
				}
				got := pollAll(t, c)
				if len(got) != 3 {
					t.Fatalf("round %d: got %d messages", round, len(got))
				}
				for i, m := range got {
					if !bytes.Equal(m.body, body(round*3+i)) {
						t.Fatalf("round %d message %d: %v", round, i, m)
					}
				}
			}
		})
	}
}

func TestShouldOfferAWholeBatchInOneCallAndResumeAfterBackPressure(t *testing.T) {
	ch := create(t, MPSC, 1024)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	batch := NewBatch(256)
	var sent []message
	for i := range 200 {
		m := message{int32(i%3 + 1), body(i)}
		if err := batch.Append(m.typeID, m.body); err != nil {
			t.Fatal(err)
		}
		sent = append(sent, m)
	}
	var got []message
	calls := 0
	for batch.Pending() > 0 {
		calls++
		n, err := p.OfferBatch(batch)
		if err != nil && !errors.Is(err, ErrRingFull) {
			t.Fatal(err)
		}
		if err == nil && batch.Pending() != 0 {
			t.Fatalf("nil error with %d pending", batch.Pending())
		}
		if errors.Is(err, ErrRingFull) && n == 0 && len(got) == len(sent)-batch.Pending() && calls > 1000 {
			t.Fatal("no progress")
		}
		got = append(got, pollAll(t, c)...)
	}
	if calls < 2 {
		t.Fatalf("a 1 KiB ring took 200 messages in one call: the test did not exercise back-pressure")
	}
	if len(got) != len(sent) {
		t.Fatalf("got %d of %d", len(got), len(sent))
	}
	for i := range sent {
		if got[i].typeID != sent[i].typeID || !bytes.Equal(got[i].body, sent[i].body) {
			t.Fatalf("message %d: %v, expected %v", i, got[i], sent[i])
		}
	}
}

func TestShouldStopABatchAtARefusedMessageAndKeepIt(t *testing.T) {
	ch := create(t, SPSC, 1024)
	p := mustProducer(t, ch)
	batch := NewBatch(0)
	_ = batch.Append(1, []byte("ok"))
	_ = batch.Append(0, []byte("bad type"))
	_ = batch.Append(1, []byte("after"))
	n, err := p.OfferBatch(batch)
	if n != 1 {
		t.Fatalf("offered %d", n)
	}
	requireCode(t, err, ErrTypeID, "typeId")
	if typeID, b, ok := batch.Next(); !ok || typeID != 0 || string(b) != "bad type" || batch.Pending() != 1 {
		t.Fatalf("refused message not first: %d %q %v pending=%d", typeID, b, ok, batch.Pending())
	}
}

func TestShouldCopyPolledMessagesIntoABatchInOrder(t *testing.T) {
	ch := create(t, SPSC, 1<<14)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	var sent []message
	for i := range 300 {
		m := message{int32(i%5 + 1), body(i)}
		if err := p.Offer(m.typeID, m.body); err != nil {
			t.Fatal(err)
		}
		sent = append(sent, m)
	}
	batch := NewBatch(4 * c.MaxRecordLength())
	var got []message
	for len(got) < len(sent) {
		batch.Reset()
		n, err := c.PollBatch(batch, 1000)
		if err != nil || n == 0 {
			t.Fatalf("poll batch: %d %v after %d", n, err, len(got))
		}
		if batch.Pending() != n {
			t.Fatalf("pending %d, polled %d", batch.Pending(), n)
		}
		for typeID, b, ok := batch.Next(); ok; typeID, b, ok = batch.Next() {
			got = append(got, message{typeID, bytes.Clone(b)})
		}
	}
	for i := range sent {
		if got[i].typeID != sent[i].typeID || !bytes.Equal(got[i].body, sent[i].body) {
			t.Fatalf("message %d: %v, expected %v", i, got[i], sent[i])
		}
	}
	if n, _ := c.PollBatch(batch, 10); n != 0 {
		t.Fatalf("polled %d from an empty ring", n)
	}
}

func TestShouldTakeNothingFromTheRingWhenTheBatchHasNoRoomForTheLargestMessage(t *testing.T) {
	ch := create(t, SPSC, 1024)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	if err := p.Offer(1, []byte("x")); err != nil {
		t.Fatal(err)
	}
	small := NewBatch(c.MaxRecordLength() - 1)
	if n, err := c.PollBatch(small, 10); n != 0 || err != nil {
		t.Fatalf("polled %d into a batch too small: %v", n, err)
	}
	if got := pollAll(t, c); len(got) != 1 {
		t.Fatalf("the message was lost: %v", got)
	}
}

func TestShouldMapEveryResultCodeToItsSentinel(t *testing.T) {
	for code := CodeRingFull; code >= CodeClosed; code-- {
		err := errorOf(int(code), "reason: file=/x field=f found=1 expected=2", "f")
		if !errors.Is(err, code.Sentinel()) {
			t.Fatalf("code %d: %v is not %v", code, err, code.Sentinel())
		}
		for other := CodeRingFull; other >= CodeClosed; other-- {
			if other != code && errors.Is(err, other.Sentinel()) {
				t.Fatalf("code %d also matches %d", code, other)
			}
		}
	}
}
