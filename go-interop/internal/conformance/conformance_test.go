package conformance

import (
	"strings"
	"testing"
)

func send(v *Verifier, producerID int64, sequences []int64, count int64, corrupt func(body []byte)) {
	checksum := uint64(FnvOffsetBasis)
	body := make([]byte, MaxSequenceLength)
	for _, sequence := range sequences {
		length := EncodeSequence(body, producerID, sequence)
		checksum = Checksum(checksum, body[:length])
		if corrupt != nil {
			corrupt(body[:length])
		}
		v.OnMessage(SequenceTypeID, body[:length])
	}
	end := make([]byte, EndLength)
	EncodeEnd(end, producerID, count, checksum)
	v.OnMessage(EndTypeID, end)
}

func TestShouldMatchTheFnv1aReferenceValues(t *testing.T) {
	if got := Checksum(FnvOffsetBasis, []byte("a")); got != 0xaf63dc4c8601ec8c {
		t.Fatalf("fnv1a64(a) = %x", got)
	}
	if got := Checksum(FnvOffsetBasis, nil); got != FnvOffsetBasis {
		t.Fatalf("fnv1a64() = %x", got)
	}
}

func TestShouldEncodeTheDocumentedSequenceBody(t *testing.T) {
	body := make([]byte, MaxSequenceLength)
	length := EncodeSequence(body, 3, 43)
	if length != 18 || body[0] != 3 || body[8] != 43 || body[16] != 43 || body[17] != 44 {
		t.Fatalf("length=%d body=%v", length, body[:length])
	}
}

func TestShouldVerifyInterleavedProducersSendingInOrder(t *testing.T) {
	v := NewVerifier()
	send(v, 1, []int64{0, 1, 2}, 3, nil)
	send(v, 2, []int64{0, 1}, 2, nil)
	if v.FirstError() != nil || !v.AllEnded(2) || v.Received(1) != 3 || v.Sequences() != 5 {
		t.Fatalf("error=%v received=%d sequences=%d", v.FirstError(), v.Received(1), v.Sequences())
	}
}

func TestShouldReportALostSequence(t *testing.T) {
	v := NewVerifier()
	send(v, 1, []int64{0, 2}, 2, nil)
	if v.FirstError() == nil || !strings.Contains(v.FirstError().Error(), "field=sequence found=2 expected=1") {
		t.Fatalf("error=%v", v.FirstError())
	}
}

func TestShouldReportACorruptFillerByteAndAChecksumMismatch(t *testing.T) {
	v := NewVerifier()
	send(v, 1, []int64{0, 1, 2, 3}, 4, func(body []byte) {
		if len(body) > FillerOffset {
			body[len(body)-1]++
		}
	})
	if v.FirstError() == nil || !strings.Contains(v.FirstError().Error(), "filler byte") {
		t.Fatalf("error=%v", v.FirstError())
	}
}

func TestShouldReportAWrongCount(t *testing.T) {
	v := NewVerifier()
	send(v, 1, []int64{0, 1}, 3, nil)
	if v.FirstError() == nil || !strings.Contains(v.FirstError().Error(), "field=count") {
		t.Fatalf("error=%v", v.FirstError())
	}
}
