//go:build cgo

package ctwin_test

import (
	"testing"

	ringway "github.com/ringway-io/ringway/go-interop"
	"github.com/ringway-io/ringway/go-interop/internal/ctwin"
)

// goLayout is every layout offset, size and value of the Go module, by the name ctwin gives ringway.h's.
var goLayout = map[string]int64{
	"DefaultIdlePollsPerLengthCheck":    ringway.DefaultIdlePollsPerLengthCheck,
	"HeaderBackPressureCountOffset":     ringway.HeaderBackPressureCountOffset,
	"HeaderCapacityOffset":              ringway.HeaderCapacityOffset,
	"HeaderConsumerHeartbeatMsOffset":   ringway.HeaderConsumerHeartbeatMsOffset,
	"HeaderConsumerLeaseOffset":         ringway.HeaderConsumerLeaseOffset,
	"HeaderConsumerPidOffset":           ringway.HeaderConsumerPidOffset,
	"HeaderCreationTimeMsOffset":        ringway.HeaderCreationTimeMsOffset,
	"HeaderCreatorPidOffset":            ringway.HeaderCreatorPidOffset,
	"HeaderDataSequenceOffset":          ringway.HeaderDataSequenceOffset,
	"HeaderDataWaitersOffset":           ringway.HeaderDataWaitersOffset,
	"HeaderHeaderLengthOffset":          ringway.HeaderHeaderLengthOffset,
	"HeaderLayoutVersionOffset":         ringway.HeaderLayoutVersionOffset,
	"HeaderLength":                      ringway.HeaderLength,
	"HeaderMagicOffset":                 ringway.HeaderMagicOffset,
	"HeaderMaxMessageLengthOffset":      ringway.HeaderMaxMessageLengthOffset,
	"HeaderMessagesConsumedOffset":      ringway.HeaderMessagesConsumedOffset,
	"HeaderPendingHeadPositionOffset":   ringway.HeaderPendingHeadPositionOffset,
	"HeaderProducerHeartbeatMsOffset":   ringway.HeaderProducerHeartbeatMsOffset,
	"HeaderProducerLeaseOffset":         ringway.HeaderProducerLeaseOffset,
	"HeaderProducerPidOffset":           ringway.HeaderProducerPidOffset,
	"HeaderPidNamespaceOffset":          ringway.HeaderPidNamespaceOffset,
	"HeaderProducerSlotsOffset":         ringway.HeaderProducerSlotsOffset,
	"HeaderRingKindOffset":              ringway.HeaderRingKindOffset,
	"HeaderSchemaIDOffset":              ringway.HeaderSchemaIDOffset,
	"HeaderSchemaVersionOffset":         ringway.HeaderSchemaVersionOffset,
	"HeaderSpaceSequenceOffset":         ringway.HeaderSpaceSequenceOffset,
	"HeaderSpaceWaitersOffset":          ringway.HeaderSpaceWaitersOffset,
	"HeaderTrailerLengthOffset":         ringway.HeaderTrailerLengthOffset,
	"HeaderUnblockedRecordCountOffset":  ringway.HeaderUnblockedRecordCountOffset,
	"HeaderWakeCountOffset":             ringway.HeaderWakeCountOffset,
	"JournalCommittedEndOffset":         ringway.JournalCommittedEndOffset,
	"JournalCreationTimeMsOffset":       ringway.JournalCreationTimeMsOffset,
	"JournalDataOffsetOffset":           ringway.JournalDataOffsetOffset,
	"JournalDataSequenceOffset":         ringway.JournalDataSequenceOffset,
	"JournalDataWaitersOffset":          ringway.JournalDataWaitersOffset,
	"JournalEntryLength":                ringway.JournalEntryLength,
	"JournalEntryRecordOffsetOffset":    ringway.JournalEntryRecordOffsetOffset,
	"JournalEntryTimestampOffset":       ringway.JournalEntryTimestampOffset,
	"JournalFirstIndexOffset":           ringway.JournalFirstIndexOffset,
	"JournalHeaderLength":               ringway.JournalHeaderLength,
	"JournalHeaderLengthOffset":         ringway.JournalHeaderLengthOffset,
	"JournalIDOffset":                   ringway.JournalIDOffset,
	"JournalIndexEntryCountOffset":      ringway.JournalIndexEntryCountOffset,
	"JournalIndexSpacingOffset":         ringway.JournalIndexSpacingOffset,
	"JournalMagic":                      ringway.JournalMagic,
	"JournalMagicOffset":                ringway.JournalMagicOffset,
	"JournalMaxIndexSpacing":            ringway.JournalMaxIndexSpacing,
	"JournalMaxMessageLengthOffset":     ringway.JournalMaxMessageLengthOffset,
	"JournalMaxSegmentLength":           ringway.JournalMaxSegmentLength,
	"JournalNextIndexOffset":            ringway.JournalNextIndexOffset,
	"JournalPageLength":                 ringway.JournalPageLength,
	"JournalRecordAlignment":            ringway.JournalRecordAlignment,
	"JournalRecordHeaderLength":         ringway.JournalRecordHeaderLength,
	"JournalRecordIndexOffset":          ringway.JournalRecordIndexOffset,
	"JournalRecordLengthOffset":         ringway.JournalRecordLengthOffset,
	"JournalRecordTimestampOffset":      ringway.JournalRecordTimestampOffset,
	"JournalRecordTypeIDOffset":         ringway.JournalRecordTypeIDOffset,
	"JournalSchemaIDOffset":             ringway.JournalSchemaIDOffset,
	"JournalSchemaVersionOffset":        ringway.JournalSchemaVersionOffset,
	"JournalSegmentLengthOffset":        ringway.JournalSegmentLengthOffset,
	"JournalSegmentNameDigits":          ringway.JournalSegmentNameDigits,
	"JournalSegmentOpen":                ringway.JournalSegmentOpen,
	"JournalSegmentSealed":              ringway.JournalSegmentSealed,
	"JournalSegmentStateOffset":         ringway.JournalSegmentStateOffset,
	"JournalSourceCommittedEnd0Offset":  ringway.JournalSourceCommittedEnd0Offset,
	"JournalSourceCommittedEnd1Offset":  ringway.JournalSourceCommittedEnd1Offset,
	"JournalSourceCreationTimeMsOffset": ringway.JournalSourceCreationTimeMsOffset,
	"JournalSourceCreatorPidOffset":     ringway.JournalSourceCreatorPidOffset,
	"JournalSourcePosition0Offset":      ringway.JournalSourcePosition0Offset,
	"JournalSourcePosition1Offset":      ringway.JournalSourcePosition1Offset,
	"JournalVersion":                    ringway.JournalVersion,
	"JournalVersionOffset":              ringway.JournalVersionOffset,
	"JournalWakeCountOffset":            ringway.JournalWakeCountOffset,
	"JournalWriterLeaseOffset":          ringway.JournalWriterLeaseOffset,
	"JournalWriterPidOffset":            ringway.JournalWriterPidOffset,
	"LayoutVersion":                     ringway.LayoutVersion,
	"Magic":                             ringway.Magic,
	"MaxCapacity":                       ringway.MaxCapacity,
	"MinCapacity":                       ringway.MinCapacity,
	"NoClaimFloorPosition":              ringway.NoClaimFloorPosition,
	"PaddingTypeID":                     ringway.PaddingTypeID,
	"ProducerSlotClaimFloorOffset":      ringway.ProducerSlotClaimFloorOffset,
	"ProducerSlotCount":                 ringway.ProducerSlotCount,
	"ProducerSlotLength":                ringway.ProducerSlotLength,
	"ProducerSlotTokenOffset":           ringway.ProducerSlotTokenOffset,
	"RecordAlignment":                   ringway.RecordAlignment,
	"RecordHeaderLength":                ringway.RecordHeaderLength,
	"RecordLengthOffset":                ringway.RecordLengthOffset,
	"RecordTypeIDOffset":                ringway.RecordTypeIDOffset,
	"SlotLength":                        ringway.SlotLength,
	"TrailerConsumerHeartbeatOffset":    ringway.TrailerConsumerHeartbeatOffset,
	"TrailerCorrelationCounterOffset":   ringway.TrailerCorrelationCounterOffset,
	"TrailerHeadCachePositionOffset":    ringway.TrailerHeadCachePositionOffset,
	"TrailerHeadPositionOffset":         ringway.TrailerHeadPositionOffset,
	"TrailerLength":                     ringway.TrailerLength,
	"TrailerTailPositionOffset":         ringway.TrailerTailPositionOffset,
}

func TestEveryCStructOffsetSeenThroughCgoShouldEqualTheGoConstant(t *testing.T) {
	offsets := ctwin.LayoutOffsets()
	for name, cOffset := range offsets {
		goValue, ok := goLayout[name]
		if !ok {
			t.Errorf("C offset %s has no Go constant", name)
			continue
		}
		if int64(cOffset) != goValue {
			t.Errorf("%s: C struct says %d, Go constant %d", name, cOffset, goValue)
		}
	}
	if len(offsets) < 60 {
		t.Errorf("only %d offsets compared", len(offsets))
	}
}

func TestNamedSizesAndValuesShouldEqualRingwayH(t *testing.T) {
	for name, cValue := range ctwin.Constants() {
		goValue, ok := goLayout[name]
		if !ok || goValue != cValue {
			t.Errorf("%s: ringway.h %d, Go %d (known: %v)", name, cValue, goValue, ok)
		}
	}
}
