package ringway

/*
#include "bridge.h"
*/
import "C"

import "unsafe"

// cLayoutOffsets returns the offsets of ringway.h's layout structs as cgo sees them, keyed like the Go constants,
// for layout_test.go (test files cannot use cgo).
func cLayoutOffsets() map[string]uintptr {
	var header C.ringway_header_page_t
	var trailer C.ringway_trailer_t
	var record C.ringway_record_header_t
	var segment C.ringway_journal_segment_header_t
	var entry C.ringway_journal_index_entry_t
	var journalRecord C.ringway_journal_record_header_t
	var slot C.ringway_producer_slot_t
	return map[string]uintptr{
		"HeaderProducerSlotsOffset":         unsafe.Offsetof(header.producer_slots),
		"ProducerSlotLength":                unsafe.Sizeof(slot),
		"ProducerSlotTokenOffset":           unsafe.Offsetof(slot.token),
		"ProducerSlotClaimFloorOffset":      unsafe.Offsetof(slot.claim_floor_position),
		"HeaderMagicOffset":                 unsafe.Offsetof(header.magic),
		"HeaderLayoutVersionOffset":         unsafe.Offsetof(header.layout_version),
		"HeaderRingKindOffset":              unsafe.Offsetof(header.ring_kind),
		"HeaderHeaderLengthOffset":          unsafe.Offsetof(header.header_length),
		"HeaderCapacityOffset":              unsafe.Offsetof(header.capacity),
		"HeaderMaxMessageLengthOffset":      unsafe.Offsetof(header.max_message_length),
		"HeaderTrailerLengthOffset":         unsafe.Offsetof(header.trailer_length),
		"HeaderCreationTimeMsOffset":        unsafe.Offsetof(header.creation_time_ms),
		"HeaderCreatorPidOffset":            unsafe.Offsetof(header.creator_pid),
		"HeaderSchemaIDOffset":              unsafe.Offsetof(header.schema_id),
		"HeaderSchemaVersionOffset":         unsafe.Offsetof(header.schema_version),
		"HeaderPidNamespaceOffset":          unsafe.Offsetof(header.pid_namespace),
		"HeaderDataSequenceOffset":          unsafe.Offsetof(header.data_sequence),
		"HeaderDataWaitersOffset":           unsafe.Offsetof(header.data_waiters),
		"HeaderSpaceSequenceOffset":         unsafe.Offsetof(header.space_sequence),
		"HeaderSpaceWaitersOffset":          unsafe.Offsetof(header.space_waiters),
		"HeaderProducerLeaseOffset":         unsafe.Offsetof(header.producer_lease),
		"HeaderProducerHeartbeatMsOffset":   unsafe.Offsetof(header.producer_heartbeat_ms),
		"HeaderProducerPidOffset":           unsafe.Offsetof(header.producer_pid),
		"HeaderConsumerLeaseOffset":         unsafe.Offsetof(header.consumer_lease),
		"HeaderConsumerHeartbeatMsOffset":   unsafe.Offsetof(header.consumer_heartbeat_ms),
		"HeaderConsumerPidOffset":           unsafe.Offsetof(header.consumer_pid),
		"HeaderBackPressureCountOffset":     unsafe.Offsetof(header.back_pressure_count),
		"HeaderWakeCountOffset":             unsafe.Offsetof(header.wake_count),
		"HeaderMessagesConsumedOffset":      unsafe.Offsetof(header.messages_consumed),
		"HeaderUnblockedRecordCountOffset":  unsafe.Offsetof(header.unblocked_record_count),
		"HeaderPendingHeadPositionOffset":   unsafe.Offsetof(header.pending_head_position),
		"HeaderLength":                      unsafe.Sizeof(header),
		"TrailerTailPositionOffset":         unsafe.Offsetof(trailer.tail_position),
		"TrailerHeadCachePositionOffset":    unsafe.Offsetof(trailer.head_cache_position),
		"TrailerHeadPositionOffset":         unsafe.Offsetof(trailer.head_position),
		"TrailerCorrelationCounterOffset":   unsafe.Offsetof(trailer.correlation_counter),
		"TrailerConsumerHeartbeatOffset":    unsafe.Offsetof(trailer.consumer_heartbeat),
		"TrailerLength":                     unsafe.Sizeof(trailer),
		"RecordLengthOffset":                unsafe.Offsetof(record.length),
		"RecordTypeIDOffset":                unsafe.Offsetof(record.type_id),
		"RecordHeaderLength":                unsafe.Sizeof(record),
		"JournalMagicOffset":                unsafe.Offsetof(segment.magic),
		"JournalVersionOffset":              unsafe.Offsetof(segment.journal_version),
		"JournalHeaderLengthOffset":         unsafe.Offsetof(segment.header_length),
		"JournalSegmentLengthOffset":        unsafe.Offsetof(segment.segment_length),
		"JournalFirstIndexOffset":           unsafe.Offsetof(segment.first_index),
		"JournalDataOffsetOffset":           unsafe.Offsetof(segment.data_offset),
		"JournalIndexSpacingOffset":         unsafe.Offsetof(segment.index_spacing),
		"JournalIndexEntryCountOffset":      unsafe.Offsetof(segment.index_entry_count),
		"JournalSchemaIDOffset":             unsafe.Offsetof(segment.schema_id),
		"JournalSchemaVersionOffset":        unsafe.Offsetof(segment.schema_version),
		"JournalMaxMessageLengthOffset":     unsafe.Offsetof(segment.max_message_length),
		"JournalIDOffset":                   unsafe.Offsetof(segment.journal_id),
		"JournalCreationTimeMsOffset":       unsafe.Offsetof(segment.creation_time_ms),
		"JournalSourceCreationTimeMsOffset": unsafe.Offsetof(segment.source_creation_time_ms),
		"JournalSourceCreatorPidOffset":     unsafe.Offsetof(segment.source_creator_pid),
		"JournalCommittedEndOffset":         unsafe.Offsetof(segment.committed_end),
		"JournalSourcePosition0Offset":      unsafe.Offsetof(segment.source_position_0),
		"JournalSourceCommittedEnd0Offset":  unsafe.Offsetof(segment.source_committed_end_0),
		"JournalSourcePosition1Offset":      unsafe.Offsetof(segment.source_position_1),
		"JournalSourceCommittedEnd1Offset":  unsafe.Offsetof(segment.source_committed_end_1),
		"JournalNextIndexOffset":            unsafe.Offsetof(segment.next_index),
		"JournalSegmentStateOffset":         unsafe.Offsetof(segment.segment_state),
		"JournalWriterLeaseOffset":          unsafe.Offsetof(segment.writer_lease),
		"JournalWriterPidOffset":            unsafe.Offsetof(segment.writer_pid),
		"JournalDataSequenceOffset":         unsafe.Offsetof(segment.data_sequence),
		"JournalDataWaitersOffset":          unsafe.Offsetof(segment.data_waiters),
		"JournalWakeCountOffset":            unsafe.Offsetof(segment.wake_count),
		"JournalEntryRecordOffsetOffset":    unsafe.Offsetof(entry.record_offset),
		"JournalEntryTimestampOffset":       unsafe.Offsetof(entry.timestamp_ns),
		"JournalEntryLength":                unsafe.Sizeof(entry),
		"JournalRecordLengthOffset":         unsafe.Offsetof(journalRecord.length),
		"JournalRecordTypeIDOffset":         unsafe.Offsetof(journalRecord.type_id),
		"JournalRecordIndexOffset":          unsafe.Offsetof(journalRecord.index),
		"JournalRecordTimestampOffset":      unsafe.Offsetof(journalRecord.timestamp_ns),
		"JournalRecordHeaderLength":         unsafe.Sizeof(journalRecord),
	}
}

// cConstants returns ringway.h's named sizes and values, for layout_test.go.
func cConstants() map[string]int64 {
	return map[string]int64{
		"SlotLength":           C.RINGWAY_SLOT_LENGTH,
		"ProducerSlotCount":    C.RINGWAY_PRODUCER_SLOT_COUNT,
		"NoClaimFloorPosition": C.RINGWAY_NO_CLAIM_FLOOR_POSITION,
		"RecordAlignment":      C.RINGWAY_RECORD_ALIGNMENT,
		"PaddingTypeID":        C.RINGWAY_PADDING_TYPE_ID,
		"Magic":                C.RINGWAY_MAGIC,
		"LayoutVersion":        C.RINGWAY_LAYOUT_VERSION,
		"MinCapacity":          C.RINGWAY_MIN_CAPACITY,
		"MaxCapacity":          C.RINGWAY_MAX_CAPACITY,
		"HeaderLength":         C.RINGWAY_HEADER_LENGTH,
		"TrailerLength":        C.RINGWAY_TRAILER_LENGTH,
		"RecordHeaderLength":   C.RINGWAY_RECORD_HEADER_LENGTH,

		"JournalMagic":                   C.RINGWAY_JOURNAL_MAGIC,
		"JournalVersion":                 C.RINGWAY_JOURNAL_VERSION,
		"JournalHeaderLength":            C.RINGWAY_JOURNAL_HEADER_LENGTH,
		"JournalPageLength":              C.RINGWAY_JOURNAL_PAGE_LENGTH,
		"JournalMaxSegmentLength":        C.RINGWAY_JOURNAL_MAX_SEGMENT_LENGTH,
		"JournalMaxIndexSpacing":         C.RINGWAY_JOURNAL_MAX_INDEX_SPACING,
		"JournalSegmentOpen":             C.RINGWAY_JOURNAL_SEGMENT_OPEN,
		"JournalSegmentSealed":           C.RINGWAY_JOURNAL_SEGMENT_SEALED,
		"JournalSegmentNameDigits":       C.RINGWAY_JOURNAL_SEGMENT_NAME_DIGITS,
		"JournalRecordAlignment":         C.RINGWAY_JOURNAL_RECORD_ALIGNMENT,
		"DefaultIdlePollsPerLengthCheck": C.RINGWAY_JOURNAL_DEFAULT_IDLE_POLLS_PER_LENGTH_CHECK,
	}
}

// ringBounds returns the address range of the mapped ring data area, for tests that check a body lies inside it.
func (ch *Channel) ringBounds() (start uintptr, end uintptr) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.c == nil {
		return 0, 0
	}
	start = uintptr(unsafe.Pointer(ch.c.ring_data))
	return start, start + uintptr(ch.c.capacity)
}
