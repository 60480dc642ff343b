package ringway

import "testing"

// LAYOUT 10.3 reads H, then T, then H again: the consumer may free records and a producer fill them between the reads.

func TestShouldAcceptAFullRingsTailReadAfterTheConsumerFreedARecordAndAProducerFilledIt(t *testing.T) {
	// H read as 0; the consumer frees a 16-byte record and a producer claims it; T read as C + 16; H read as 16
	if err := checkPositions("live.ringway", 0, 64+16, 16, 64); err != nil {
		t.Fatalf("a valid live snapshot was refused: %v", err)
	}
}

func TestShouldRefuseATailBeyondTheLaterHeadPlusCapacityNamingBothBounds(t *testing.T) {
	detail := requireCode(t, checkPositions("live.ringway", 0, 64+24, 16, 64), ErrInvalidFile, "tailPosition")
	if detail.Found != "88" || detail.Expected != "a multiple of 8 in [headPosition 0, headPosition + capacity 80]" {
		t.Fatalf("found=%s expected=%s", detail.Found, detail.Expected)
	}
}

func TestShouldRefuseATailBehindTheEarlierHead(t *testing.T) {
	requireCode(t, checkPositions("live.ringway", 64, 56, 64, 64), ErrInvalidFile, "tailPosition")
}
