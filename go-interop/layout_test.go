package ringway

import (
	"bufio"
	"encoding/binary"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// layoutRow is one row of an offset table in docs/LAYOUT.md: columns offset | size | type | field | constant.
type layoutRow struct {
	section  string
	offset   int
	size     int
	field    string
	constant string
}

// goConstants maps the Java descriptor constant that LAYOUT.md's "constant" column names to the Go constant.
var goConstants = map[string]struct {
	name  string
	value int
}{
	"HeaderDescriptor.MAGIC_OFFSET":                     {"HeaderMagicOffset", layout.HeaderMagicOffset},
	"HeaderDescriptor.LAYOUT_VERSION_OFFSET":            {"HeaderLayoutVersionOffset", layout.HeaderLayoutVersionOffset},
	"HeaderDescriptor.RING_KIND_OFFSET":                 {"HeaderRingKindOffset", layout.HeaderRingKindOffset},
	"HeaderDescriptor.HEADER_LENGTH_OFFSET":             {"HeaderHeaderLengthOffset", layout.HeaderHeaderLengthOffset},
	"HeaderDescriptor.CAPACITY_OFFSET":                  {"HeaderCapacityOffset", layout.HeaderCapacityOffset},
	"HeaderDescriptor.MAX_MESSAGE_LENGTH_OFFSET":        {"HeaderMaxMessageLengthOffset", layout.HeaderMaxMessageLengthOffset},
	"HeaderDescriptor.TRAILER_LENGTH_OFFSET":            {"HeaderTrailerLengthOffset", layout.HeaderTrailerLengthOffset},
	"HeaderDescriptor.CREATION_TIME_MS_OFFSET":          {"HeaderCreationTimeMsOffset", layout.HeaderCreationTimeMsOffset},
	"HeaderDescriptor.CREATOR_PID_OFFSET":               {"HeaderCreatorPidOffset", layout.HeaderCreatorPidOffset},
	"HeaderDescriptor.PID_NAMESPACE_OFFSET":             {"HeaderPidNamespaceOffset", layout.HeaderPidNamespaceOffset},
	"HeaderDescriptor.CHANNEL_ID_OFFSET":                {"HeaderChannelIDOffset", layout.HeaderChannelIDOffset},
	"HeaderDescriptor.SCHEMA_ID_OFFSET":                 {"HeaderSchemaIDOffset", layout.HeaderSchemaIDOffset},
	"HeaderDescriptor.SCHEMA_VERSION_OFFSET":            {"HeaderSchemaVersionOffset", layout.HeaderSchemaVersionOffset},
	"HeaderDescriptor.DATA_SEQUENCE_OFFSET":             {"HeaderDataSequenceOffset", layout.HeaderDataSequenceOffset},
	"HeaderDescriptor.DATA_WAITERS_OFFSET":              {"HeaderDataWaitersOffset", layout.HeaderDataWaitersOffset},
	"HeaderDescriptor.SPACE_SEQUENCE_OFFSET":            {"HeaderSpaceSequenceOffset", layout.HeaderSpaceSequenceOffset},
	"HeaderDescriptor.SPACE_WAITERS_OFFSET":             {"HeaderSpaceWaitersOffset", layout.HeaderSpaceWaitersOffset},
	"HeaderDescriptor.PRODUCER_LEASE_OFFSET":            {"HeaderProducerLeaseOffset", layout.HeaderProducerLeaseOffset},
	"HeaderDescriptor.PRODUCER_HEARTBEAT_MS_OFFSET":     {"HeaderProducerHeartbeatMsOffset", layout.HeaderProducerHeartbeatMsOffset},
	"HeaderDescriptor.PRODUCER_PID_OFFSET":              {"HeaderProducerPidOffset", layout.HeaderProducerPidOffset},
	"HeaderDescriptor.CONSUMER_LEASE_OFFSET":            {"HeaderConsumerLeaseOffset", layout.HeaderConsumerLeaseOffset},
	"HeaderDescriptor.CONSUMER_HEARTBEAT_MS_OFFSET":     {"HeaderConsumerHeartbeatMsOffset", layout.HeaderConsumerHeartbeatMsOffset},
	"HeaderDescriptor.CONSUMER_PID_OFFSET":              {"HeaderConsumerPidOffset", layout.HeaderConsumerPidOffset},
	"HeaderDescriptor.CONSUMER_MEMBARRIER_LEASE_OFFSET": {"HeaderConsumerMembarrierLeaseOffset", layout.HeaderConsumerMembarrierLeaseOffset},
	"HeaderDescriptor.BACK_PRESSURE_COUNT_OFFSET":       {"HeaderBackPressureCountOffset", layout.HeaderBackPressureCountOffset},
	"HeaderDescriptor.WAKE_COUNT_OFFSET":                {"HeaderWakeCountOffset", layout.HeaderWakeCountOffset},
	"HeaderDescriptor.MESSAGES_CONSUMED_OFFSET":         {"HeaderMessagesConsumedOffset", layout.HeaderMessagesConsumedOffset},
	"HeaderDescriptor.UNBLOCKED_RECORD_COUNT_OFFSET":    {"HeaderUnblockedRecordCountOffset", layout.HeaderUnblockedRecordCountOffset},
	"HeaderDescriptor.PENDING_HEAD_POSITION_OFFSET":     {"HeaderPendingHeadPositionOffset", layout.HeaderPendingHeadPositionOffset},
	"HeaderDescriptor.HEADER_LENGTH":                    {"HeaderLength", layout.HeaderLength},
	"HeaderDescriptor.SLOT_LENGTH":                      {"SlotLength", layout.SlotLength},
	"HeaderDescriptor.PRODUCER_SLOTS_OFFSET":            {"HeaderProducerSlotsOffset", layout.HeaderProducerSlotsOffset},
	"HeaderDescriptor.PRODUCER_SLOT_LENGTH":             {"ProducerSlotLength", layout.ProducerSlotLength},
	"HeaderDescriptor.PRODUCER_SLOT_COUNT":              {"ProducerSlotCount", layout.ProducerSlotCount},
	"HeaderDescriptor.PRODUCER_SLOT_TOKEN_OFFSET":       {"ProducerSlotTokenOffset", layout.ProducerSlotTokenOffset},
	"HeaderDescriptor.PRODUCER_SLOT_CLAIM_FLOOR_OFFSET": {"ProducerSlotClaimFloorOffset", layout.ProducerSlotClaimFloorOffset},
	"TrailerDescriptor.TAIL_POSITION_OFFSET":            {"TrailerTailPositionOffset", layout.TrailerTailPositionOffset},
	"TrailerDescriptor.HEAD_CACHE_POSITION_OFFSET":      {"TrailerHeadCachePositionOffset", layout.TrailerHeadCachePositionOffset},
	"TrailerDescriptor.HEAD_POSITION_OFFSET":            {"TrailerHeadPositionOffset", layout.TrailerHeadPositionOffset},
	"TrailerDescriptor.CORRELATION_COUNTER_OFFSET":      {"TrailerCorrelationCounterOffset", layout.TrailerCorrelationCounterOffset},
	"TrailerDescriptor.CONSUMER_HEARTBEAT_OFFSET":       {"TrailerConsumerHeartbeatOffset", layout.TrailerConsumerHeartbeatOffset},
	"TrailerDescriptor.TRAILER_LENGTH":                  {"TrailerLength", layout.TrailerLength},
	"RecordDescriptor.LENGTH_OFFSET":                    {"RecordLengthOffset", layout.RecordLengthOffset},
	"RecordDescriptor.TYPE_ID_OFFSET":                   {"RecordTypeIDOffset", layout.RecordTypeIDOffset},
	"RecordDescriptor.HEADER_LENGTH":                    {"RecordHeaderLength", layout.RecordHeaderLength},
	"RecordDescriptor.ALIGNMENT":                        {"RecordAlignment", layout.RecordAlignment},
	"JournalDescriptor.MAGIC_OFFSET":                    {"JournalMagicOffset", layout.JournalMagicOffset},
	"JournalDescriptor.JOURNAL_VERSION_OFFSET":          {"JournalVersionOffset", layout.JournalVersionOffset},
	"JournalDescriptor.HEADER_LENGTH_OFFSET":            {"JournalHeaderLengthOffset", layout.JournalHeaderLengthOffset},
	"JournalDescriptor.SEGMENT_LENGTH_OFFSET":           {"JournalSegmentLengthOffset", layout.JournalSegmentLengthOffset},
	"JournalDescriptor.FIRST_INDEX_OFFSET":              {"JournalFirstIndexOffset", layout.JournalFirstIndexOffset},
	"JournalDescriptor.DATA_OFFSET_OFFSET":              {"JournalDataOffsetOffset", layout.JournalDataOffsetOffset},
	"JournalDescriptor.INDEX_SPACING_OFFSET":            {"JournalIndexSpacingOffset", layout.JournalIndexSpacingOffset},
	"JournalDescriptor.INDEX_ENTRY_COUNT_OFFSET":        {"JournalIndexEntryCountOffset", layout.JournalIndexEntryCountOffset},
	"JournalDescriptor.SCHEMA_ID_OFFSET":                {"JournalSchemaIDOffset", layout.JournalSchemaIDOffset},
	"JournalDescriptor.SCHEMA_VERSION_OFFSET":           {"JournalSchemaVersionOffset", layout.JournalSchemaVersionOffset},
	"JournalDescriptor.MAX_MESSAGE_LENGTH_OFFSET":       {"JournalMaxMessageLengthOffset", layout.JournalMaxMessageLengthOffset},
	"JournalDescriptor.JOURNAL_ID_OFFSET":               {"JournalIDOffset", layout.JournalIDOffset},
	"JournalDescriptor.CREATION_TIME_MS_OFFSET":         {"JournalCreationTimeMsOffset", layout.JournalCreationTimeMsOffset},
	"JournalDescriptor.SOURCE_CREATION_TIME_MS_OFFSET":  {"JournalSourceCreationTimeMsOffset", layout.JournalSourceCreationTimeMsOffset},
	"JournalDescriptor.SOURCE_CREATOR_PID_OFFSET":       {"JournalSourceCreatorPidOffset", layout.JournalSourceCreatorPidOffset},
	"JournalDescriptor.COMMITTED_END_OFFSET":            {"JournalCommittedEndOffset", layout.JournalCommittedEndOffset},
	"JournalDescriptor.SOURCE_POSITION_0_OFFSET":        {"JournalSourcePosition0Offset", layout.JournalSourcePosition0Offset},
	"JournalDescriptor.SOURCE_COMMITTED_END_0_OFFSET":   {"JournalSourceCommittedEnd0Offset", layout.JournalSourceCommittedEnd0Offset},
	"JournalDescriptor.SOURCE_POSITION_1_OFFSET":        {"JournalSourcePosition1Offset", layout.JournalSourcePosition1Offset},
	"JournalDescriptor.SOURCE_COMMITTED_END_1_OFFSET":   {"JournalSourceCommittedEnd1Offset", layout.JournalSourceCommittedEnd1Offset},
	"JournalDescriptor.NEXT_INDEX_OFFSET":               {"JournalNextIndexOffset", layout.JournalNextIndexOffset},
	"JournalDescriptor.SEGMENT_STATE_OFFSET":            {"JournalSegmentStateOffset", layout.JournalSegmentStateOffset},
	"JournalDescriptor.WRITER_LEASE_OFFSET":             {"JournalWriterLeaseOffset", layout.JournalWriterLeaseOffset},
	"JournalDescriptor.WRITER_PID_OFFSET":               {"JournalWriterPidOffset", layout.JournalWriterPidOffset},
	"JournalDescriptor.DATA_SEQUENCE_OFFSET":            {"JournalDataSequenceOffset", layout.JournalDataSequenceOffset},
	"JournalDescriptor.DATA_WAITERS_OFFSET":             {"JournalDataWaitersOffset", layout.JournalDataWaitersOffset},
	"JournalDescriptor.WAKE_COUNT_OFFSET":               {"JournalWakeCountOffset", layout.JournalWakeCountOffset},
	"JournalDescriptor.ENTRY_RECORD_OFFSET_OFFSET":      {"JournalEntryRecordOffsetOffset", layout.JournalEntryRecordOffsetOffset},
	"JournalDescriptor.ENTRY_TIMESTAMP_OFFSET":          {"JournalEntryTimestampOffset", layout.JournalEntryTimestampOffset},
	"JournalDescriptor.ENTRY_LENGTH":                    {"JournalEntryLength", layout.JournalEntryLength},
	"JournalDescriptor.RECORD_LENGTH_OFFSET":            {"JournalRecordLengthOffset", layout.JournalRecordLengthOffset},
	"JournalDescriptor.RECORD_TYPE_ID_OFFSET":           {"JournalRecordTypeIDOffset", layout.JournalRecordTypeIDOffset},
	"JournalDescriptor.RECORD_INDEX_OFFSET":             {"JournalRecordIndexOffset", layout.JournalRecordIndexOffset},
	"JournalDescriptor.RECORD_TIMESTAMP_OFFSET":         {"JournalRecordTimestampOffset", layout.JournalRecordTimestampOffset},
	"JournalDescriptor.RECORD_HEADER_LENGTH":            {"JournalRecordHeaderLength", layout.JournalRecordHeaderLength},
}

// layoutDocument finds docs/LAYOUT.md above this module; outside the repository (a module fetched with go get)
// there is none, and the layout tests skip.
func layoutDocument(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for ; ; dir = filepath.Dir(dir) {
		candidate := filepath.Join(dir, "docs", "LAYOUT.md")
		if _, err := os.Stat(candidate); err == nil {
			return candidate
		}
		if filepath.Dir(dir) == dir {
			t.Skip("docs/LAYOUT.md not found above the module: not in the Ringway repository")
		}
	}
}

// readLayoutTables reads every table whose header row starts offset | size | type | field | constant, as Java's
// LayoutSpecTest does.
func readLayoutTables(t *testing.T) []layoutRow {
	t.Helper()
	f, err := os.Open(layoutDocument(t))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []layoutRow
	section := ""
	inOffsetTable := false
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		line := scanner.Text()
		if strings.HasPrefix(line, "#") {
			section = line
		}
		if !strings.HasPrefix(line, "|") {
			inOffsetTable = false
			continue
		}
		cells := splitCells(line[1:])
		if len(cells) >= 5 && cells[0] == "offset" && cells[4] == "constant" {
			inOffsetTable = true
			continue
		}
		if !inOffsetTable || strings.HasPrefix(cells[0], "---") {
			continue
		}
		offset, err1 := strconv.Atoi(cells[0])
		size, err2 := strconv.Atoi(cells[1])
		if err1 != nil || err2 != nil {
			t.Fatalf("LAYOUT.md %s: offset or size not a number in %q", section, line)
		}
		rows = append(rows, layoutRow{section, offset, size, cells[3], cells[4]})
	}
	if err := scanner.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// splitCells splits a table row at | not preceded by a backslash (LAYOUT.md escapes | inside cells as \|).
func splitCells(row string) []string {
	var cells []string
	start := 0
	for i := 0; i < len(row); i++ {
		if row[i] == '|' && (i == 0 || row[i-1] != '\\') {
			cells = append(cells, strings.TrimSpace(row[start:i]))
			start = i + 1
		}
	}
	if rest := strings.TrimSpace(row[start:]); rest != "" {
		cells = append(cells, rest)
	}
	return cells
}

func TestEveryOffsetInTheLayoutTablesShouldEqualItsGoConstant(t *testing.T) {
	rows := readLayoutTables(t)
	if len(rows) < 30 {
		t.Fatalf("expected the header, trailer and record tables; read %d rows", len(rows))
	}
	for _, row := range rows {
		constant, ok := goConstants[row.constant]
		if !ok {
			t.Errorf("LAYOUT.md %s: %s (%s) has no Go constant in goConstants", row.section, row.field, row.constant)
			continue
		}
		if constant.value != row.offset {
			t.Errorf("LAYOUT.md %s: %s is %d, Go %s is %d", row.section, row.field, row.offset, constant.name,
				constant.value)
		}
	}
}

func TestEveryGoLayoutConstantShouldBeDocumentedInTheLayoutTables(t *testing.T) {
	documented := map[string]bool{}
	for _, row := range readLayoutTables(t) {
		documented[row.constant] = true
	}
	for javaName, constant := range goConstants {
		if !documented[javaName] {
			t.Errorf("Go %s (%s) is not in a docs/LAYOUT.md offset table", constant.name, javaName)
		}
	}
}

func TestHeaderFieldsShouldBeAlignedAndNotStraddleASlot(t *testing.T) {
	for _, row := range readLayoutTables(t) {
		if !strings.HasPrefix(row.constant, "HeaderDescriptor.") || !strings.HasSuffix(row.constant, "_OFFSET") {
			continue
		}
		if strings.HasPrefix(row.constant, "HeaderDescriptor.PRODUCER_SLOT") {
			// the producer slots (LAYOUT 3.1) are a region of their own: slot-relative fields inside one slot
			if row.size > 0 && (row.offset%row.size != 0 || row.offset+row.size > layout.ProducerSlotLength) {
				t.Errorf("%s at %d size %d: unaligned or past the end of a producer slot", row.field, row.offset,
					row.size)
			}
			continue
		}
		if row.offset+row.size > layout.HeaderProducerSlotsOffset {
			t.Errorf("%s at %d size %d: overlaps the producer slots", row.field, row.offset, row.size)
		}
		if row.offset%row.size != 0 || row.offset/layout.SlotLength != (row.offset+row.size-1)/layout.SlotLength {
			t.Errorf("%s at %d size %d: unaligned or straddles a slot", row.field, row.offset, row.size)
		}
	}
}

func TestACreatedFileShouldHoldTheIdentityAtTheDocumentedOffsets(t *testing.T) {
	ch := create(t, MPSC, 2048)
	ch.Close()
	file, err := os.ReadFile(ch.Path())
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(file)) != layout.FileLength(2048) {
		t.Fatalf("file length %d, expected %d", len(file), layout.FileLength(2048))
	}
	checks := []struct {
		field  string
		offset int
		size   int
		want   int64
	}{
		{"magic", layout.HeaderMagicOffset, 8, layout.Magic},
		{"layoutVersion", layout.HeaderLayoutVersionOffset, 4, layout.LayoutVersion},
		{"ringKind", layout.HeaderRingKindOffset, 4, int64(MPSC)},
		{"headerLength", layout.HeaderHeaderLengthOffset, 4, layout.HeaderLength},
		{"capacity", layout.HeaderCapacityOffset, 4, 2048},
		{"maxMessageLength", layout.HeaderMaxMessageLengthOffset, 4, 2048 / 8},
		{"trailerLength", layout.HeaderTrailerLengthOffset, 4, layout.TrailerLength},
		{"creatorPid", layout.HeaderCreatorPidOffset, 8, int64(os.Getpid())},
	}
	for _, check := range checks {
		var got int64
		for i := check.size - 1; i >= 0; i-- {
			got = got<<8 | int64(file[check.offset+i])
		}
		if got != check.want {
			t.Errorf("%s at %d: %d, expected %d", check.field, check.offset, got, check.want)
		}
	}
}

func TestEveryCreatedFileShouldHoldARandomNonZeroChannelID(t *testing.T) {
	ids := make([]uint64, 2)
	for i := range ids {
		ch := create(t, SPSC, 1024)
		ch.Close()
		file, err := os.ReadFile(ch.Path())
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = binary.LittleEndian.Uint64(file[layout.HeaderChannelIDOffset:])
		if ids[i] == 0 {
			t.Fatalf("channelId of %s is 0, expected a random non-zero id", ch.Path())
		}
	}
	if ids[0] == ids[1] {
		t.Fatalf("two created files share channelId %#x", ids[0])
	}
}
