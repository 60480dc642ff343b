package ringway

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Differential tests of the Go hot path (fastpath.go) against ringway.h through cgo (the C path kept in producer.go
// and consumer.go): the same random operations on two channels, one driven each way, must deliver the same messages,
// return the same results and leave byte-identical files.

// side is one channel and its handles, driven through either path.
type side struct {
	ch        *Channel
	producers []*Producer
	consumer  *Consumer
	goPath    bool
}

func (s *side) offer(p int, typeID int32, body []byte) error {
	if s.goPath {
		return s.producers[p].Offer(typeID, body)
	}
	return s.producers[p].offerC(typeID, body)
}

func (s *side) tryClaim(p int, typeID int32, length int) (int, []byte, error) {
	if s.goPath {
		return s.producers[p].TryClaim(typeID, length)
	}
	return s.producers[p].tryClaimC(typeID, length)
}

func (s *side) commit(p int, index int) error {
	if s.goPath {
		return s.producers[p].Commit(index)
	}
	return s.producers[p].commitC(index)
}

func (s *side) abort(p int, index int) error {
	if s.goPath {
		return s.producers[p].Abort(index)
	}
	return s.producers[p].abortC(index)
}

func (s *side) offerBatch(p int, batch *Batch) (int, error) {
	if s.goPath {
		return s.producers[p].OfferBatch(batch)
	}
	return s.producers[p].offerBatchC(batch)
}

func (s *side) poll(limit int) ([]message, int, error) {
	var got []message
	handler := func(typeID int32, body []byte) { got = append(got, message{typeID, bytes.Clone(body)}) }
	var n int
	var err error
	if s.goPath {
		n, err = s.consumer.Poll(handler, limit)
	} else {
		n, err = s.consumer.pollC(handler, limit)
	}
	return got, n, err
}

func (s *side) pollBatch(capacity int, limit int) ([]message, int, error) {
	batch := NewBatch(capacity)
	var n int
	var err error
	if s.goPath {
		n, err = s.consumer.PollBatch(batch, limit)
	} else {
		n, err = s.consumer.pollBatchC(batch, limit)
	}
	var got []message
	for typeID, body, ok := batch.Next(); ok; typeID, body, ok = batch.Next() {
		got = append(got, message{typeID, bytes.Clone(body)})
	}
	return got, n, err
}

func newSide(t *testing.T, kind RingKind, capacity int, producers int, goPath bool, clock Clock) *side {
	t.Helper()
	ch := create(t, kind, capacity)
	if clock != nil {
		if err := ch.SetClock(clock); err != nil {
			t.Fatal(err)
		}
	}
	s := &side{ch: ch, goPath: goPath}
	for range producers {
		s.producers = append(s.producers, mustProducer(t, ch))
	}
	s.consumer = mustConsumer(t, ch)
	return s
}

// requireSameResult fails unless both errors are nil, or both the same sentinel with the same detail (the file
// names of the two channels aside).
func requireSameResult(t *testing.T, step string, goSide, cSide *side, goErr, cErr error) {
	t.Helper()
	if (goErr == nil) != (cErr == nil) {
		t.Fatalf("%s: Go path returned %v, C path %v", step, goErr, cErr)
	}
	if goErr == nil {
		return
	}
	renamed := func(text string) string { return strings.ReplaceAll(text, goSide.ch.Path(), cSide.ch.Path()) }
	if renamed(goErr.Error()) != cErr.Error() {
		t.Fatalf("%s: Go path returned %v, C path %v", step, goErr, cErr)
	}
	var goDetail, cDetail *Error
	if errors.As(goErr, &goDetail) != errors.As(cErr, &cDetail) {
		t.Fatalf("%s: Go path returned %#v, C path %#v", step, goErr, cErr)
	}
	if goDetail != nil {
		renamedDetail := *goDetail
		renamedDetail.File = renamed(renamedDetail.File)
		renamedDetail.Message = renamed(renamedDetail.Message)
		if renamedDetail != *cDetail {
			t.Fatalf("%s: Go path returned %#v, C path %#v", step, *goDetail, *cDetail)
		}
	}
}

func requireSameMessages(t *testing.T, step string, goGot, cGot []message) {
	t.Helper()
	if len(goGot) != len(cGot) {
		t.Fatalf("%s: Go path delivered %d messages, C path %d", step, len(goGot), len(cGot))
	}
	for i := range goGot {
		if goGot[i].typeID != cGot[i].typeID || !bytes.Equal(goGot[i].body, cGot[i].body) {
			t.Fatalf("%s: message %d: Go path %d %x, C path %d %x", step, i, goGot[i].typeID, goGot[i].body,
				cGot[i].typeID, cGot[i].body)
		}
	}
}

// requireIdenticalFiles compares the two channel files byte for byte, but for the creation time and, when the real
// clock runs, the heartbeat words, which differ between two channels made one after the other.
func requireIdenticalFiles(t *testing.T, step string, goSide, cSide *side, realClock bool) {
	t.Helper()
	goFile, err := os.ReadFile(goSide.ch.Path())
	if err != nil {
		t.Fatal(err)
	}
	cFile, err := os.ReadFile(cSide.ch.Path())
	if err != nil {
		t.Fatal(err)
	}
	if len(goFile) != len(cFile) {
		t.Fatalf("%s: file lengths differ: %d %d", step, len(goFile), len(cFile))
	}
	ignored := [][2]int{{HeaderCreationTimeMsOffset, HeaderCreationTimeMsOffset + 8}}
	if realClock {
		ignored = append(ignored, [2]int{HeaderProducerHeartbeatMsOffset, HeaderProducerHeartbeatMsOffset + 8},
			[2]int{HeaderConsumerHeartbeatMsOffset, HeaderConsumerHeartbeatMsOffset + 8})
	}
	for _, span := range ignored {
		clear(goFile[span[0]:span[1]])
		clear(cFile[span[0]:span[1]])
	}
	if !bytes.Equal(goFile, cFile) {
		for i := range goFile {
			if goFile[i] != cFile[i] {
				t.Fatalf("%s: files differ first at file offset %d (ring index %d): Go path %x, C path %x", step, i,
					i-HeaderLength, goFile[i:min(i+16, len(goFile))], cFile[i:min(i+16, len(cFile))])
			}
		}
	}
}

// claimInProgress is one claim made on both sides, to be committed or aborted later.
type claimInProgress struct {
	producer int
	goIndex  int
	cIndex   int
}

// runDifferential drives both sides with the operations a seeded random source picks and checks them after each.
func runDifferential(t *testing.T, seed int64, kind RingKind, capacity int, operations int, realClock bool) {
	t.Helper()
	random := rand.New(rand.NewSource(seed))
	var clock Clock
	if !realClock {
		var nowMs atomic.Int64
		nowMs.Store(1_700_000_000_000)
		clock = func() int64 { return nowMs.Add(1) / 2 } // both sides read the clock equally often, so see the same
	}
	producers := 1
	if kind == MPSC {
		producers = 3
	}
	goSide := newSide(t, kind, capacity, producers, true, clock)
	var cClock Clock
	if !realClock {
		var nowMs atomic.Int64
		nowMs.Store(1_700_000_000_000)
		cClock = func() int64 { return nowMs.Add(1) / 2 }
	}
	cSide := newSide(t, kind, capacity, producers, false, cClock)
	maxLength := goSide.ch.MaxMessageLength()
	var claims []claimInProgress

	for op := range operations {
		step := fmt.Sprintf("seed=%d kind=%v capacity=%d operation=%d", seed, kind, capacity, op)
		if random.Intn(16) == 0 {
			// somebody announced a wait: the next wake must clear the flag and count itself on both sides alike
			offset := HeaderDataWaitersOffset
			if random.Intn(2) == 0 {
				offset = HeaderSpaceWaitersOffset
			}
			atomic.StoreInt32(goSide.producers[0].ring.headerInt32(offset), 1)
			atomic.StoreInt32(cSide.producers[0].ring.headerInt32(offset), 1)
		}
		p := random.Intn(producers)
		length := random.Intn(maxLength + 1)
		if random.Intn(8) == 0 {
			length = maxLength
		}
		typeID := int32(1 + random.Intn(1000))
		body := make([]byte, length)
		random.Read(body)
		switch choice := random.Intn(100); {
		case choice < 30:
			step += " offer"
			requireSameResult(t, step, goSide, cSide, goSide.offer(p, typeID, body), cSide.offer(p, typeID, body))
		case choice < 45 && len(claims) < 4:
			step += " tryClaim"
			goIndex, goClaimed, goErr := goSide.tryClaim(p, typeID, length)
			cIndex, cClaimed, cErr := cSide.tryClaim(p, typeID, length)
			requireSameResult(t, step, goSide, cSide, goErr, cErr)
			if goIndex != cIndex || len(goClaimed) != len(cClaimed) {
				t.Fatalf("%s: Go path claimed %d (%d bytes), C path %d (%d bytes)", step, goIndex, len(goClaimed),
					cIndex, len(cClaimed))
			}
			if goErr == nil {
				copy(goClaimed, body)
				copy(cClaimed, body)
				claims = append(claims, claimInProgress{p, goIndex, cIndex})
			}
		case choice < 60 && len(claims) > 0:
			k := random.Intn(len(claims))
			claim := claims[k]
			claims = append(claims[:k], claims[k+1:]...)
			if random.Intn(3) == 0 {
				step += " abort"
				requireSameResult(t, step, goSide, cSide, goSide.abort(claim.producer, claim.goIndex),
					cSide.abort(claim.producer, claim.cIndex))
			} else {
				step += " commit"
				requireSameResult(t, step, goSide, cSide, goSide.commit(claim.producer, claim.goIndex),
					cSide.commit(claim.producer, claim.cIndex))
			}
			if random.Intn(4) == 0 {
				step += " twice"
				requireSameResult(t, step, goSide, cSide, goSide.commit(claim.producer, claim.goIndex),
					cSide.commit(claim.producer, claim.cIndex))
			}
		case choice < 65:
			step += " offerBatch"
			goBatch, cBatch := NewBatch(0), NewBatch(0)
			for range 1 + random.Intn(5) {
				n := random.Intn(maxLength + 1)
				if random.Intn(10) == 0 {
					n = maxLength + 1 + random.Intn(8) // refused: stays first in the batch
				}
				b := make([]byte, n)
				random.Read(b)
				id := int32(random.Intn(20)) // 0 is refused
				_ = goBatch.Append(id, b)
				_ = cBatch.Append(id, b)
			}
			goOffered, goErr := goSide.offerBatch(p, goBatch)
			cOffered, cErr := cSide.offerBatch(p, cBatch)
			requireSameResult(t, step, goSide, cSide, goErr, cErr)
			if goOffered != cOffered || goBatch.Pending() != cBatch.Pending() {
				t.Fatalf("%s: Go path offered %d (%d pending), C path %d (%d pending)", step, goOffered,
					goBatch.Pending(), cOffered, cBatch.Pending())
			}
		case choice < 70:
			step += " invalid"
			badTypeID := int32(random.Intn(3)) - 1
			requireSameResult(t, step, goSide, cSide, goSide.offer(p, badTypeID, body), cSide.offer(p, badTypeID, body))
			index := random.Intn(capacity+16) - 8
			requireSameResult(t, step+" commit", goSide, cSide, goSide.commit(p, index), cSide.commit(p, index))
		case choice < 90:
			step += " poll"
			limit := 1 + random.Intn(6)
			goGot, goN, goErr := goSide.poll(limit)
			cGot, cN, cErr := cSide.poll(limit)
			requireSameResult(t, step, goSide, cSide, goErr, cErr)
			if goN != cN {
				t.Fatalf("%s: Go path polled %d, C path %d", step, goN, cN)
			}
			requireSameMessages(t, step, goGot, cGot)
		default:
			step += " pollBatch"
			batchCapacity := random.Intn(4 * (maxLength + 16))
			limit := 1 + random.Intn(6)
			goGot, goN, goErr := goSide.pollBatch(batchCapacity, limit)
			cGot, cN, cErr := cSide.pollBatch(batchCapacity, limit)
			requireSameResult(t, step, goSide, cSide, goErr, cErr)
			if goN != cN {
				t.Fatalf("%s: Go path polled %d, C path %d", step, goN, cN)
			}
			requireSameMessages(t, step, goGot, cGot)
		}
		requireIdenticalFiles(t, step, goSide, cSide, realClock)
		if goSide.consumer.Position() != cSide.consumer.Position() {
			t.Fatalf("%s: positions differ: Go path %d, C path %d", step, goSide.consumer.Position(),
				cSide.consumer.Position())
		}
	}
}

// differentialSeed is RINGWAY_DIFF_SEED when set (to replay a failure), else a new seed that the test logs.
func differentialSeed(t *testing.T) int64 {
	if text := os.Getenv("RINGWAY_DIFF_SEED"); text != "" {
		seed, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			t.Fatalf("RINGWAY_DIFF_SEED=%q: %v", text, err)
		}
		return seed
	}
	return time.Now().UnixNano()
}

func TestShouldWriteTheSameBytesAndDeliverTheSameMessagesThroughTheGoAndTheCPath(t *testing.T) {
	seed := differentialSeed(t)
	t.Logf("seed=%d (replay with RINGWAY_DIFF_SEED=%d)", seed, seed)
	for i, capacity := range []int{MinCapacity, 256, 1024, 4096} {
		for _, kind := range []RingKind{SPSC, MPSC} {
			for _, realClock := range []bool{false, true} {
				name := fmt.Sprintf("%v/%d/realClock=%v", kind, capacity, realClock)
				t.Run(name, func(t *testing.T) {
					runDifferential(t, seed+int64(i), kind, capacity, 1500, realClock)
				})
			}
		}
	}
}

// corruptions are impossible records written at the consumer's head, one per check of LAYOUT 7 step 2.2.
var corruptions = []struct {
	name           string
	length, typeID int32
	field          string
}{
	{"length below the header", 4, 1, "length"},
	{"length past the end of the data area", 1 << 20, 1, "length"},
	{"type id zero", 16, 0, "typeId"},
	{"type id below padding", 16, -7, "typeId"},
	{"body above maxMessageLength", 8 + 200, 1, "length"},
}

func TestShouldReportACorruptRecordAsTheCPathDoes(t *testing.T) {
	for _, kind := range []RingKind{SPSC, MPSC} {
		for _, corruption := range corruptions {
			t.Run(fmt.Sprintf("%v/%s", kind, corruption.name), func(t *testing.T) {
				goSide := newSide(t, kind, 1024, 1, true, nil)
				cSide := newSide(t, kind, 1024, 1, false, nil)
				for _, s := range []*side{goSide, cSide} {
					if err := s.offer(0, 5, []byte("before")); err != nil {
						t.Fatal(err)
					}
					// write the bad record after the good one, then publish its length last, as a writer would
					r := &s.producers[0].ring
					index := int32(AlignedLength(RecordHeaderLength + len("before")))
					*r.recordTypeID(index) = corruption.typeID
					atomic.StoreInt32(r.recordLength(index), corruption.length)
				}
				goGot, goN, goErr := goSide.poll(10)
				cGot, cN, cErr := cSide.poll(10)
				if goN != 1 || goErr != nil {
					t.Fatalf("first poll: delivered %d, %v; expected the message before the corrupt record", goN, goErr)
				}
				requireSameResult(t, "first poll", goSide, cSide, goErr, cErr)
				requireSameMessages(t, "first poll", goGot, cGot)
				if cN != goN {
					t.Fatalf("first poll: Go path %d, C path %d", goN, cN)
				}
				_, _, goErr = goSide.poll(10)
				_, _, cErr = cSide.poll(10)
				requireCode(t, goErr, ErrCorruptRecord, corruption.field)
				requireSameResult(t, "second poll", goSide, cSide, goErr, cErr)
				_, _, goErr = goSide.pollBatch(4096, 10)
				_, _, cErr = cSide.pollBatch(4096, 10)
				requireSameResult(t, "poll batch", goSide, cSide, goErr, cErr)
				if goSide.consumer.Position() != cSide.consumer.Position() {
					t.Fatalf("the head moved: Go path %d, C path %d", goSide.consumer.Position(),
						cSide.consumer.Position())
				}
			})
		}
	}
}

func TestShouldRefuseBadClaimsAsTheCPathDoes(t *testing.T) {
	for _, kind := range []RingKind{SPSC, MPSC} {
		goSide := newSide(t, kind, 1024, 1, true, nil)
		cSide := newSide(t, kind, 1024, 1, false, nil)
		goIndex, _, _ := goSide.tryClaim(0, 3, 10)
		cIndex, _, _ := cSide.tryClaim(0, 3, 10)
		for _, index := range []int{-1, 0, 3, 7, goIndex + 8, 1024, 1 << 40, goIndex} {
			requireSameResult(t, fmt.Sprintf("%v commit %d", kind, index), goSide, cSide, goSide.commit(0, index),
				cSide.commit(0, index))
		}
		requireSameResult(t, "commit twice", goSide, cSide, goSide.commit(0, goIndex), cSide.commit(0, cIndex))
		requireSameResult(t, "abort after commit", goSide, cSide, goSide.abort(0, goIndex), cSide.abort(0, cIndex))
		requireCode(t, goSide.abort(0, goIndex), ErrClaimState, "length")
		requireCode(t, goSide.commit(0, 1<<40), ErrClaimState, "index")
	}
}

func TestShouldWakeAParkedConsumerFromTheGoPathAndClearTheFlag(t *testing.T) {
	ch := create(t, SPSC, 1024)
	p, c := mustProducer(t, ch), mustConsumer(t, ch)
	c.SetWaitStrategy(WaitBlocking())
	delivered := make(chan int, 1)
	go func() {
		n, _ := c.PollWaitTimeout(func(int32, []byte) {}, 1, 20*time.Second)
		delivered <- n
	}()
	for data, _ := ch.WaitersFlags(); !data; data, _ = ch.WaitersFlags() {
		time.Sleep(time.Millisecond) // until the consumer announced its wait
	}
	wakes := ch.WakeCount()
	if err := p.Offer(1, []byte("wake")); err != nil {
		t.Fatal(err)
	}
	if n := <-delivered; n != 1 {
		t.Fatalf("delivered %d", n)
	}
	if got := ch.WakeCount(); got != wakes+1 {
		t.Fatalf("wakeCount=%d, expected %d: the Go commit did not wake", got, wakes+1)
	}
}

func TestShouldRefuseToClaimAtAMisalignedTailInsteadOfWritingThere(t *testing.T) {
	for _, kind := range []RingKind{SPSC, MPSC} {
		ch := create(t, kind, 1024)
		p := mustProducer(t, ch)
		atomic.StoreInt64(p.ring.tailPosition(), 3)
		requireCode(t, p.Offer(1, []byte("x")), ErrCorruptRecord, "tailPosition")
		_, _, err := p.TryClaim(1, 1)
		requireCode(t, err, ErrCorruptRecord, "tailPosition")
		if got := atomic.LoadInt64(p.ring.tailPosition()); got != 3 {
			t.Fatalf("%v: tailPosition=%d after a refused claim, expected 3", kind, got)
		}
	}
}
