// Package layout is the byte layout of Ringway's files, docs/LAYOUT.md (normative), as constants: the channel file
// (header page, ring trailer, records, MPSC producer slots) and the journal segment (section 14). The ringway
// package addresses the mapped files with them; its layout_test.go checks every one against LAYOUT.md's tables, and
// ctwin/ against ringway.h's structs. They are internal: a user of the module needs none of them.
package layout

// Header page (LAYOUT 3): file offsets, each group in its own 128-byte slot.
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+---------------------------------------------------------------+
//	|                      magic "RINGWAY\0" (8)                    |  0   identity slot
//	+-------------------------------+-------------------------------+
//	|        layoutVersion          |          ringKind             |  8
//	+-------------------------------+-------------------------------+
//	|        headerLength           |          capacity             |  16
//	+-------------------------------+-------------------------------+
//	|        maxMessageLength       |          trailerLength        |  24
//	+-------------------------------+-------------------------------+
//	|                      creationTimeMs (8)                       |  32
//	+---------------------------------------------------------------+
//	|                      creatorPid (8)                           |  40
//	+-------------------------------+-------------------------------+
//	|        schemaId               |          schemaVersion        |  48
//	+-------------------------------+-------------------------------+
//	|                      pidNamespace (8)                         |  56  (layout 1.3)
//	+---------------------------------------------------------------+
//	|        dataSequence           |          dataWaiters          |  128 data-available wait slot
//	+-------------------------------+-------------------------------+
//	|        spaceSequence          |          spaceWaiters         |  256 space-available wait slot
//	+-------------------------------+-------------------------------+
//	|   producerLease (8) | producerHeartbeatMs (8) | producerPid (8)|  384 producer slot
//	+---------------------------------------------------------------+
//	|   consumerLease (8) | consumerHeartbeatMs (8) | consumerPid (8)|  512 consumer slot
//	+---------------------------------------------------------------+
//	|   backPressureCount (8) | wakeCount (8)                       |  640 producer counter slot
//	+---------------------------------------------------------------+
//	|   messagesConsumed (8)                                        |  768 consumer counter slot
//	|   unblockedRecordCount (8)                                    |  776
//	|   pendingHeadPosition (8)                                     |  784
//	+---------------------------------------------------------------+  reserved to 1024
//	|   producer slot 0: token (8) | claimFloorPosition (8)         |  1024 MPSC producer slots (LAYOUT 3.1):
//	|                    reserved to 64                             |       48 slots of 64 bytes,
//	+---------------------------------------------------------------+       slot k at 1024 + 64 k
//	|   producer slot 1 ... producer slot 47                        |  1088 .. 4095
//	+---------------------------------------------------------------+
const (
	HeaderMagicOffset               = 0
	HeaderLayoutVersionOffset       = 8
	HeaderRingKindOffset            = 12
	HeaderHeaderLengthOffset        = 16
	HeaderCapacityOffset            = 20
	HeaderMaxMessageLengthOffset    = 24
	HeaderTrailerLengthOffset       = 28
	HeaderCreationTimeMsOffset      = 32
	HeaderCreatorPidOffset          = 40
	HeaderSchemaIDOffset            = 48
	HeaderSchemaVersionOffset       = 52
	HeaderPidNamespaceOffset        = 56
	HeaderChannelIDOffset           = 64
	HeaderDataSequenceOffset        = 128
	HeaderDataWaitersOffset         = 132
	HeaderSpaceSequenceOffset       = 256
	HeaderSpaceWaitersOffset        = 260
	HeaderProducerLeaseOffset       = 384
	HeaderProducerHeartbeatMsOffset = 392
	HeaderProducerPidOffset         = 400
	HeaderConsumerLeaseOffset       = 512
	HeaderConsumerHeartbeatMsOffset = 520
	HeaderConsumerPidOffset         = 528
	// HeaderConsumerMembarrierLeaseOffset: consumerLease of a consumer that promised membarrier wakeups (LAYOUT 9.8)
	HeaderConsumerMembarrierLeaseOffset = 536
	HeaderBackPressureCountOffset       = 640
	HeaderWakeCountOffset               = 648
	HeaderMessagesConsumedOffset        = 768
	HeaderUnblockedRecordCountOffset    = 776
	HeaderPendingHeadPositionOffset     = 784

	// HeaderLength is the length of the header page; the ring data starts at this file offset.
	HeaderLength = 4096
	// SlotLength is the length of one header slot and of one trailer slot.
	SlotLength = 128

	// HeaderProducerSlotsOffset is the file offset of MPSC producer slot 0 (layout 1.2, LAYOUT 3.1); slot k is at
	// HeaderProducerSlotsOffset + k * ProducerSlotLength.
	HeaderProducerSlotsOffset = 1024
	// ProducerSlotLength is the length of one MPSC producer slot.
	ProducerSlotLength = 64
	// ProducerSlotCount is the number of MPSC producer slots: they fill the header page to its end.
	ProducerSlotCount = (HeaderLength - HeaderProducerSlotsOffset) / ProducerSlotLength
	// ProducerSlotTokenOffset (slot-relative) holds the owning process's lease token, 0 when the slot is free.
	ProducerSlotTokenOffset = 0
	// ProducerSlotClaimFloorOffset (slot-relative) holds a position at or below the owner's oldest claim in
	// progress, NoClaimFloorPosition when there is none.
	ProducerSlotClaimFloorOffset = 8
	// NoClaimFloorPosition is the claim floor of a slot whose owner has no claim in progress (INT64_MAX).
	NoClaimFloorPosition = 1<<63 - 1
)

// Ring trailer (LAYOUT 4): offsets from the trailer start, file offset HeaderLength + capacity.
//
//	+------------------+------------------------------+
//	| 0   .. 127       | unused                       |
//	| 128 .. 255       | tailPosition (int64)         |  producers
//	| 256 .. 383       | headCachePosition (int64)    |  producers
//	| 384 .. 511       | headPosition (int64)         |  consumer
//	| 512 .. 639       | correlationCounter (int64)   |  anyone
//	| 640 .. 767       | consumerHeartbeat (int64)    |  unused by Ringway (Agrona's)
//	+------------------+------------------------------+ 768
const (
	TrailerTailPositionOffset       = 128
	TrailerHeadCachePositionOffset  = 256
	TrailerHeadPositionOffset       = 384
	TrailerCorrelationCounterOffset = 512
	TrailerConsumerHeartbeatOffset  = 640
	TrailerLength                   = 768
)

// Records (LAYOUT 5): offsets from the record start, an 8-byte-aligned index of the ring data area.
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+---------------------------------------------------------------+
//	|R|                      length (int32)                         |  +0   negative while being written (0 in SPSC offers and runs)
//	+-+-------------------------------------------------------------+
//	|                      typeId (int32)                           |  +4   >= 1, or -1 for padding
//	+---------------------------------------------------------------+
//	|                      body (length - 8 bytes)                 ...  +8
//	+---------------------------------------------------------------+
const (
	RecordLengthOffset = 0
	RecordTypeIDOffset = 4
	RecordHeaderLength = 8
	RecordAlignment    = 8
	PaddingTypeID      = -1
)

// Line-start padding (LAYOUT 6.1 step 5a, SPSC only): a successful SPSC claim (a record, or a run at its end) that
// ends LineStartPaddingLineOffset bytes into a CacheLineLength-byte line is followed by a padding record of
// LineStartPaddingLength bytes (typeId -1, length 8) when the head the claim holds leaves room for it and the next
// header, so that the next record starts a line instead of leaving its header alone in the last 8 bytes of this one.
//
//	line offset 0                                               56        64 = offset 0 of the next line
//	+-----------------------------------------------------------+---------+------------------------
//	| ... the claim's record (or run), ending at line offset 56 | padding | the next header ...
//	+-----------------------------------------------------------+---------+------------------------
const (
	CacheLineLength            = 64
	LineStartPaddingLength     = RecordHeaderLength
	LineStartPaddingLineOffset = CacheLineLength - LineStartPaddingLength
)

// Identity values (LAYOUT 3).
const (
	// Magic is the ASCII bytes "RINGWAY\0" read as a little-endian int64.
	Magic              = 0x00594157474E4952
	LayoutMajorVersion = 1
	LayoutMinorVersion = 5
	// LayoutVersion is major << 16 | minor.
	LayoutVersion = LayoutMajorVersion<<16 | LayoutMinorVersion
	MinCapacity   = 64
	MaxCapacity   = 1 << 30
)

// AlignedLength is align(x, 8) of LAYOUT 5: the space a record of recordLength bytes occupies.
func AlignedLength(recordLength int) int {
	return (recordLength + RecordAlignment - 1) &^ (RecordAlignment - 1)
}

// FileLength is HeaderLength + capacity + TrailerLength: the file length a channel of that capacity needs.
func FileLength(capacity int) int64 {
	return int64(HeaderLength) + int64(capacity) + int64(TrailerLength)
}
