//go:build cgo

package ctwin_test

import (
	"testing"

	ringway "github.com/ringway-io/ringway/go-interop"
	"github.com/ringway-io/ringway/go-interop/ctwin"
	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// goLayout is every layout offset, size and value of the Go module, by the name ctwin gives ringway.h's.
var goLayout = map[string]int64{
	"DefaultIdlePollsPerLengthCheck":    ringway.DefaultIdlePollsPerLengthCheck,
	"HeaderBackPressureCountOffset":     layout.HeaderBackPressureCountOffset,
	"HeaderCapacityOffset":              layout.HeaderCapacityOffset,
	"HeaderConsumerHeartbeatMsOffset":   layout.HeaderConsumerHeartbeatMsOffset,
	"HeaderConsumerLeaseOffset":         layout.HeaderConsumerLeaseOffset,
	"HeaderConsumerPidOffset":           layout.HeaderConsumerPidOffset,
	"HeaderCreationTimeMsOffset":        layout.HeaderCreationTimeMsOffset,
	"HeaderCreatorPidOffset":            layout.HeaderCreatorPidOffset,
	"HeaderDataSequenceOffset":          layout.HeaderDataSequenceOffset,
	"HeaderDataWaitersOffset":           layout.HeaderDataWaitersOffset,
	"HeaderHeaderLengthOffset":          layout.HeaderHeaderLengthOffset,
	"HeaderLayoutVersionOffset":         layout.HeaderLayoutVersionOffset,
	"HeaderLength":                      layout.HeaderLength,
	"HeaderMagicOffset":                 layout.HeaderMagicOffset,
	"HeaderMaxMessageLengthOffset":      layout.HeaderMaxMessageLengthOffset,
	"HeaderMessagesConsumedOffset":      layout.HeaderMessagesConsumedOffset,
	"HeaderPendingHeadPositionOffset":   layout.HeaderPendingHeadPositionOffset,
	"HeaderProducerHeartbeatMsOffset":   layout.HeaderProducerHeartbeatMsOffset,
	"HeaderProducerLeaseOffset":         layout.HeaderProducerLeaseOffset,
	"HeaderProducerPidOffset":           layout.HeaderProducerPidOffset,
	"HeaderPidNamespaceOffset":          layout.HeaderPidNamespaceOffset,
	"HeaderChannelIDOffset":             layout.HeaderChannelIDOffset,
	"HeaderProducerSlotsOffset":         layout.HeaderProducerSlotsOffset,
	"HeaderRingKindOffset":              layout.HeaderRingKindOffset,
	"HeaderSchemaIDOffset":              layout.HeaderSchemaIDOffset,
	"HeaderSchemaVersionOffset":         layout.HeaderSchemaVersionOffset,
	"HeaderSpaceSequenceOffset":         layout.HeaderSpaceSequenceOffset,
	"HeaderSpaceWaitersOffset":          layout.HeaderSpaceWaitersOffset,
	"HeaderTrailerLengthOffset":         layout.HeaderTrailerLengthOffset,
	"HeaderUnblockedRecordCountOffset":  layout.HeaderUnblockedRecordCountOffset,
	"HeaderWakeCountOffset":             layout.HeaderWakeCountOffset,
	"JournalCommittedEndOffset":         layout.JournalCommittedEndOffset,
	"JournalCreationTimeMsOffset":       layout.JournalCreationTimeMsOffset,
	"JournalDataOffsetOffset":           layout.JournalDataOffsetOffset,
	"JournalDataSequenceOffset":         layout.JournalDataSequenceOffset,
	"JournalDataWaitersOffset":          layout.JournalDataWaitersOffset,
	"JournalEntryLength":                layout.JournalEntryLength,
	"JournalEntryRecordOffsetOffset":    layout.JournalEntryRecordOffsetOffset,
	"JournalEntryTimestampOffset":       layout.JournalEntryTimestampOffset,
	"JournalFirstIndexOffset":           layout.JournalFirstIndexOffset,
	"JournalHeaderLength":               layout.JournalHeaderLength,
	"JournalHeaderLengthOffset":         layout.JournalHeaderLengthOffset,
	"JournalIDOffset":                   layout.JournalIDOffset,
	"JournalIndexEntryCountOffset":      layout.JournalIndexEntryCountOffset,
	"JournalIndexSpacingOffset":         layout.JournalIndexSpacingOffset,
	"JournalMagic":                      layout.JournalMagic,
	"JournalMagicOffset":                layout.JournalMagicOffset,
	"JournalMaxIndexSpacing":            layout.JournalMaxIndexSpacing,
	"JournalMaxMessageLengthOffset":     layout.JournalMaxMessageLengthOffset,
	"JournalMaxSegmentLength":           layout.JournalMaxSegmentLength,
	"JournalNextIndexOffset":            layout.JournalNextIndexOffset,
	"JournalPageLength":                 layout.JournalPageLength,
	"JournalRecordAlignment":            layout.JournalRecordAlignment,
	"JournalRecordHeaderLength":         layout.JournalRecordHeaderLength,
	"JournalRecordIndexOffset":          layout.JournalRecordIndexOffset,
	"JournalRecordLengthOffset":         layout.JournalRecordLengthOffset,
	"JournalRecordTimestampOffset":      layout.JournalRecordTimestampOffset,
	"JournalRecordTypeIDOffset":         layout.JournalRecordTypeIDOffset,
	"JournalSchemaIDOffset":             layout.JournalSchemaIDOffset,
	"JournalSchemaVersionOffset":        layout.JournalSchemaVersionOffset,
	"JournalSegmentLengthOffset":        layout.JournalSegmentLengthOffset,
	"JournalSegmentNameDigits":          layout.JournalSegmentNameDigits,
	"JournalSegmentOpen":                layout.JournalSegmentOpen,
	"JournalSegmentSealed":              layout.JournalSegmentSealed,
	"JournalSegmentStateOffset":         layout.JournalSegmentStateOffset,
	"JournalSourceCommittedEnd0Offset":  layout.JournalSourceCommittedEnd0Offset,
	"JournalSourceCommittedEnd1Offset":  layout.JournalSourceCommittedEnd1Offset,
	"JournalSourceCreationTimeMsOffset": layout.JournalSourceCreationTimeMsOffset,
	"JournalSourceCreatorPidOffset":     layout.JournalSourceCreatorPidOffset,
	"JournalSourcePosition0Offset":      layout.JournalSourcePosition0Offset,
	"JournalSourcePosition1Offset":      layout.JournalSourcePosition1Offset,
	"JournalVersion":                    layout.JournalVersion,
	"JournalVersionOffset":              layout.JournalVersionOffset,
	"JournalWakeCountOffset":            layout.JournalWakeCountOffset,
	"JournalWriterLeaseOffset":          layout.JournalWriterLeaseOffset,
	"JournalWriterPidOffset":            layout.JournalWriterPidOffset,
	"LayoutVersion":                     layout.LayoutVersion,
	"Magic":                             layout.Magic,
	"MaxCapacity":                       ringway.MaxCapacity,
	"MinCapacity":                       ringway.MinCapacity,
	"NoClaimFloorPosition":              layout.NoClaimFloorPosition,
	"PaddingTypeID":                     layout.PaddingTypeID,
	"ProducerSlotClaimFloorOffset":      layout.ProducerSlotClaimFloorOffset,
	"ProducerSlotCount":                 layout.ProducerSlotCount,
	"ProducerSlotLength":                layout.ProducerSlotLength,
	"ProducerSlotTokenOffset":           layout.ProducerSlotTokenOffset,
	"RecordAlignment":                   layout.RecordAlignment,
	"RecordHeaderLength":                layout.RecordHeaderLength,
	"RecordLengthOffset":                layout.RecordLengthOffset,
	"RecordTypeIDOffset":                layout.RecordTypeIDOffset,
	"SlotLength":                        layout.SlotLength,
	"TrailerConsumerHeartbeatOffset":    layout.TrailerConsumerHeartbeatOffset,
	"TrailerCorrelationCounterOffset":   layout.TrailerCorrelationCounterOffset,
	"TrailerHeadCachePositionOffset":    layout.TrailerHeadCachePositionOffset,
	"TrailerHeadPositionOffset":         layout.TrailerHeadPositionOffset,
	"TrailerLength":                     layout.TrailerLength,
	"TrailerTailPositionOffset":         layout.TrailerTailPositionOffset,
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
