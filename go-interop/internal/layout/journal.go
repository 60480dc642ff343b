package layout

// Segment header (LAYOUT 14.2): file offsets.
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+---------------------------------------------------------------+
//	|                      magic "RWJOURNL" (8)                     |  0   identity (creator)
//	+-------------------------------+-------------------------------+
//	|        journalVersion         |          headerLength         |  8
//	+-------------------------------+-------------------------------+
//	|   segmentLength (8) | firstIndex (8) | dataOffset (8)         |  16
//	+-------------------------------+-------------------------------+
//	|        indexSpacing           |          indexEntryCount      |  40
//	+-------------------------------+-------------------------------+
//	|        schemaId               |          schemaVersion        |  48
//	+-------------------------------+-------------------------------+
//	|        maxMessageLength       |          (reserved)           |  56
//	+-------------------------------+-------------------------------+
//	|   journalId (8) | creationTimeMs (8) | sourceCreationTimeMs (8) |  64
//	|   sourceCreatorPid (8)                                        |  88
//	+---------------------------------------------------------------+
//	|   committedEnd (8) | sourcePosition (8) | nextIndex (8)       |  128 writer slot
//	|        segmentState           |                               |  152
//	+---------------------------------------------------------------+
//	|   writerLease (8) | writerPid (8)                             |  256 writer lease slot
//	+---------------------------------------------------------------+  reserved to 4096
const (
	JournalMagicOffset                = 0
	JournalVersionOffset              = 8
	JournalHeaderLengthOffset         = 12
	JournalSegmentLengthOffset        = 16
	JournalFirstIndexOffset           = 24
	JournalDataOffsetOffset           = 32
	JournalIndexSpacingOffset         = 40
	JournalIndexEntryCountOffset      = 44
	JournalSchemaIDOffset             = 48
	JournalSchemaVersionOffset        = 52
	JournalMaxMessageLengthOffset     = 56
	JournalIDOffset                   = 64
	JournalCreationTimeMsOffset       = 72
	JournalSourceCreationTimeMsOffset = 80
	JournalSourceCreatorPidOffset     = 88
	JournalCommittedEndOffset         = 128
	JournalNextIndexOffset            = 144
	JournalSegmentStateOffset         = 152
	JournalSourcePosition0Offset      = 160
	JournalSourceCommittedEnd0Offset  = 168
	JournalSourcePosition1Offset      = 176
	JournalSourceCommittedEnd1Offset  = 184
	JournalWriterLeaseOffset          = 256
	JournalWriterPidOffset            = 264
	// follower wait slot (LAYOUT 14.9, journal 1.1): followers park on dataSequence, the writer wakes them
	JournalDataSequenceOffset = 384
	JournalDataWaitersOffset  = 388
	JournalWakeCountOffset    = 392

	// JournalHeaderLength is the length of a segment header; the index area starts at this file offset.
	JournalHeaderLength = 4096
	// JournalPageLength: the index area is padded to, and segment lengths are, multiples of it.
	JournalPageLength = 4096
)

// Index entry k (LAYOUT 14.2), at file offset JournalHeaderLength + k * JournalEntryLength: it describes the record
// with index firstIndex + k * indexSpacing.
const (
	JournalEntryRecordOffsetOffset = 0
	JournalEntryTimestampOffset    = 8
	JournalEntryLength             = 16
)

// Journal record (LAYOUT 14.3): offsets from the record start, an 8-byte-aligned file offset in
// [dataOffset, committedEnd).
//
//	+-------------------------------+-------------------------------+
//	|        length (header incl.)  |          typeId (>= 1)        |  +0
//	+-------------------------------+-------------------------------+
//	|                      index (8)                                |  +8
//	+---------------------------------------------------------------+
//	|                      timestampNs (8)                          |  +16
//	+---------------------------------------------------------------+
//	|                      body (length - 24 bytes)                ...  +24
const (
	JournalRecordLengthOffset    = 0
	JournalRecordTypeIDOffset    = 4
	JournalRecordIndexOffset     = 8
	JournalRecordTimestampOffset = 16
	JournalRecordHeaderLength    = 24
	JournalRecordAlignment       = 8
)

// Journal identity values (LAYOUT 14).
const (
	// JournalMagic is the ASCII bytes "RWJOURNL" read as a little-endian int64.
	JournalMagic        = 0x4C4E52554F4A5752
	JournalMajorVersion = 1
	JournalMinorVersion = 1 // 1.1: 1.0 plus the follower wait slot (LAYOUT 14.9)
	// JournalVersion is major << 16 | minor.
	JournalVersion          = JournalMajorVersion<<16 | JournalMinorVersion
	JournalMaxSegmentLength = 1 << 30
	JournalMaxIndexSpacing  = 65536
	JournalSegmentOpen      = 0
	JournalSegmentSealed    = 1
	// JournalSegmentNameDigits: a segment is named after its first record's index as exactly this many digits.
	JournalSegmentNameDigits = 20
	JournalSegmentSuffix     = ".rwj"
	// DefaultIdlePollsPerLengthCheck is how many idle polls pass between two checks of the segment's length.
	DefaultIdlePollsPerLengthCheck = 64
)

// JournalDataOffset is 4096 + align(indexEntryCount * 16, 4096): where a segment's records start (LAYOUT 14.2).
func JournalDataOffset(indexEntryCount int32) int64 {
	indexLength := int64(indexEntryCount) * JournalEntryLength
	return JournalHeaderLength + (indexLength+JournalPageLength-1)&^(JournalPageLength-1)
}
