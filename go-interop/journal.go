package ringway

// Journal reading (docs/LAYOUT.md section 14).
//
// The body the handler gets is a slice of the segment's read-only mapping: no copy per record. The format is small
// (LAYOUT 14.8 is one table of checks), and the checks below follow ringway_journal.h's and Java's JournalReader one for one, with the same fields and error text; the
// cross-language tests run this reader, the C one and Java's on the same journals. The memory orders of LAYOUT 1 are
// sync/atomic loads on the mapping (committedEnd and segmentState with acquire; Go's atomics are stronger).

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"sync/atomic"
	"syscall"
	"unsafe"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// DefaultIdlePollsPerLengthCheck is how many idle polls pass between two checks of the segment's length
// (SetIdlePollsPerLengthCheck).
const DefaultIdlePollsPerLengthCheck = layout.DefaultIdlePollsPerLengthCheck

// JournalSegmentFileName is the name of the segment whose first record has this index (LAYOUT 14.1).
func JournalSegmentFileName(firstIndex int64) string {
	return fmt.Sprintf("%020d%s", firstIndex, layout.JournalSegmentSuffix)
}

// ParseJournalSegmentFileName returns the first index a segment name says, and false for any other name (a
// "*.tmp-<pid>" file, a name of other digits, or a number that does not fit an int64).
func ParseJournalSegmentFileName(name string) (int64, bool) {
	if len(name) != layout.JournalSegmentNameDigits+len(layout.JournalSegmentSuffix) ||
		name[layout.JournalSegmentNameDigits:] != layout.JournalSegmentSuffix {
		return 0, false
	}
	for i := 0; i < layout.JournalSegmentNameDigits; i++ {
		if name[i] < '0' || name[i] > '9' {
			return 0, false
		}
	}
	value, err := strconv.ParseInt(name[:layout.JournalSegmentNameDigits], 10, 64)
	if err != nil {
		return 0, false
	}
	return value, true
}

// JournalHandler receives one record during Poll. The body is a slice of the segment's read-only mapping, valid until
// the reader moves to another segment or closes: copy what you keep.
type JournalHandler func(index int64, timestampNs int64, typeID int32, body []byte)

// journalSegment is one mapped, validated segment.
type journalSegment struct {
	path             string
	file             *os.File
	data             []byte // the whole file, mapped PROT_READ
	segmentLength    int64
	firstIndex       int64
	dataOffset       int64
	indexSpacing     int32
	indexEntryCount  int32
	maxMessageLength int32
	journalID        int64
	waitHeader       []byte // the header page mapped a second time, read-write, on the first park (LAYOUT 14.9)
	waitUnwritable   bool   // the file could not be opened for writing: waits sleep instead of parking
}

// JournalReader reads a journal: every record in index order across its segments, following the tail as the writer
// appends (LAYOUT 14.8). It never writes to the journal. A JournalReader belongs to one goroutine at a time.
type JournalReader struct {
	dir                     string
	journalID               int64
	segment                 *journalSegment
	readOffset              int64 // file offset of the next record
	committedEnd            int64 // the segment's committedEnd as last loaded
	nextIndex               int64
	lastTimestampNs         int64
	skipBelowIndex          int64 // after a seek: records below it are checked and passed over
	skipBeforeTimestampNs   int64 // after a time seek: records before it are checked and passed over
	idlePolls               int
	idlePollsPerLengthCheck int
	closed                  bool
	allowOtherOwner         bool         // as the JournalOptions it was opened with: checked at every segment
	waitStrategy            WaitStrategy // how PollWait waits at the tail
	hasWaitStrategy         bool         // false: WaitBackoffDefault's counts
	segmentMoves            int64        // moves to another segment: a re-check that moved must not park on the old slot
	parkCount               int64
	parkTimeoutCount        int64
}

func journalError(code Code, reason, file, field string, found, expected any) *Error {
	foundText := fmt.Sprint(found)
	expectedText := fmt.Sprint(expected)
	return &Error{
		Code: code, Reason: reason, File: file, Field: field, Found: foundText, Expected: expectedText,
		Message: fmt.Sprintf("%s: file=%s field=%s found=%s expected=%s", reason, file, field, foundText,
			expectedText),
	}
}

func hex64(value int64) string {
	return fmt.Sprintf("0x%X", uint64(value))
}

func (s *journalSegment) int32At(offset int64) int32 {
	return atomic.LoadInt32((*int32)(unsafe.Pointer(&s.data[offset])))
}

func (s *journalSegment) int64At(offset int64) int64 {
	return atomic.LoadInt64((*int64)(unsafe.Pointer(&s.data[offset])))
}

func (s *journalSegment) close() {
	if s.waitHeader != nil {
		_ = munmap(s.waitHeader)
		s.waitHeader = nil
	}
	if s.data != nil {
		_ = munmap(s.data)
		s.data = nil
	}
	if s.file != nil {
		_ = s.file.Close()
		s.file = nil
	}
}

func (s *journalSegment) headerError(field string, found, expected any) *Error {
	return journalError(CodeInvalidFile, "bad journal segment header", s.path, field, found, expected)
}

// openJournalSegment opens, maps (PROT_READ) and validates the segment named after firstIndex, in the order of the
// table of LAYOUT 14.8.
func openJournalSegment(dir string, firstIndex int64, allowOtherOwner bool) (*journalSegment, error) {
	path := filepath.Join(dir, JournalSegmentFileName(firstIndex))
	// LAYOUT 14.1: O_NOFOLLOW (a segment is never reached through a symlink) and O_NONBLOCK (a FIFO must not hang
	// the open); the type and owner are read from the descriptor
	file, err := os.OpenFile(path, os.O_RDONLY|openNoFollowNonBlock, 0)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, journalError(CodeFileNotFound, "journal segment missing", path, "file", "absent", "present")
		}
		if errors.Is(err, syscall.ELOOP) {
			return nil, journalError(CodeInvalidFile, "not a regular journal segment file", path, "fileType",
				"symlink", "regular file")
		}
		return nil, journalError(CodeIO, "cannot open journal segment", path, "file", "open: "+errnoText(err),
			"a readable regular file")
	}
	status, err := fstatFile(file.Fd())
	if err != nil {
		file.Close()
		return nil, journalError(CodeIO, "cannot stat journal segment", path, "fileLength", err, "a length")
	}
	if status.mode&fileTypeMask != fileTypeRegular {
		file.Close()
		kind := "special file"
		if status.mode&fileTypeMask == fileTypeDirectory {
			kind = "directory"
		}
		return nil, journalError(CodeInvalidFile, "not a regular journal segment file", path, "fileType", kind,
			"regular file")
	}
	if euid := uint32(os.Geteuid()); status.uid != euid && !allowOtherOwner {
		file.Close()
		return nil, journalError(CodeInvalidFile, "journal segment belongs to another user", path, "owner",
			fmt.Sprintf("uid %d", status.uid), fmt.Sprintf("uid %d (or allow other owners)", euid))
	}
	stat, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, journalError(CodeIO, "cannot stat journal segment", path, "fileLength", err, "a length")
	}
	fileLength := stat.Size()
	if fileLength < layout.JournalHeaderLength+layout.JournalPageLength {
		file.Close()
		return nil, journalError(CodeInvalidFile, "journal segment too short", path, "fileLength", fileLength,
			fmt.Sprintf(">=%d", layout.JournalHeaderLength+layout.JournalPageLength))
	}
	if fileLength > layout.JournalMaxSegmentLength || fileLength%layout.JournalPageLength != 0 {
		file.Close()
		return nil, journalError(CodeInvalidFile, "bad journal segment length", path, "fileLength", fileLength,
			fmt.Sprintf("a multiple of %d <= %d", layout.JournalPageLength, layout.JournalMaxSegmentLength))
	}
	data, err := mmapShared(file.Fd(), int(fileLength), protRead)
	if err != nil {
		file.Close()
		return nil, journalError(CodeIO, "cannot map journal segment", path, "fileLength", err,
			fmt.Sprintf("%d bytes mapped", fileLength))
	}
	s := &journalSegment{path: path, file: file, data: data, segmentLength: fileLength}
	if err := s.validate(firstIndex); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

func (s *journalSegment) validate(expectedFirstIndex int64) error {
	if magic := s.int64At(layout.JournalMagicOffset); magic != layout.JournalMagic {
		return journalError(CodeInvalidFile, "not a Ringway journal segment", s.path, "magic", hex64(magic),
			hex64(layout.JournalMagic))
	}
	// SYNC POINT: pairs with the creator's release store of journalVersion, its last before the rename (14.5)
	version := s.int32At(layout.JournalVersionOffset)
	if major := int32(uint32(version) >> 16); major != layout.JournalMajorVersion {
		return journalError(CodeUnsupportedVersion, "unsupported journal version", s.path, "journalVersion.major",
			major, layout.JournalMajorVersion)
	}
	if headerLength := s.int32At(layout.JournalHeaderLengthOffset); headerLength != layout.JournalHeaderLength {
		return s.headerError("headerLength", headerLength, layout.JournalHeaderLength)
	}
	if segmentLength := s.int64At(layout.JournalSegmentLengthOffset); segmentLength != s.segmentLength {
		return s.headerError("segmentLength", segmentLength, fmt.Sprintf("%d (the file's length)", s.segmentLength))
	}
	s.firstIndex = s.int64At(layout.JournalFirstIndexOffset)
	s.dataOffset = s.int64At(layout.JournalDataOffsetOffset)
	s.indexSpacing = s.int32At(layout.JournalIndexSpacingOffset)
	s.indexEntryCount = s.int32At(layout.JournalIndexEntryCountOffset)
	s.maxMessageLength = s.int32At(layout.JournalMaxMessageLengthOffset)
	s.journalID = s.int64At(layout.JournalIDOffset)
	if s.firstIndex != expectedFirstIndex {
		return s.headerError("firstIndex", s.firstIndex, expectedFirstIndex)
	}
	if spacing := s.indexSpacing; spacing < 1 || spacing > layout.JournalMaxIndexSpacing || spacing&(spacing-1) != 0 {
		return s.headerError("indexSpacing", spacing, fmt.Sprintf("a power of two in [1, %d]", layout.JournalMaxIndexSpacing))
	}
	if s.indexEntryCount < 1 {
		return s.headerError("indexEntryCount", s.indexEntryCount, ">=1")
	}
	if want := layout.JournalDataOffset(s.indexEntryCount); s.dataOffset != want {
		return s.headerError("dataOffset", s.dataOffset, want)
	}
	if s.dataOffset >= s.segmentLength {
		return s.headerError("dataOffset", s.dataOffset, fmt.Sprintf("<%d (segmentLength)", s.segmentLength))
	}
	if maxBody := s.segmentLength - s.dataOffset - layout.JournalRecordHeaderLength; s.maxMessageLength < 0 ||
		int64(s.maxMessageLength) > maxBody {
		return s.headerError("maxMessageLength", s.maxMessageLength, fmt.Sprintf("0..%d", maxBody))
	}
	_, err := s.committedEndAcquire(s.dataOffset)
	return err
}

// committedEndAcquire loads committedEnd and checks it against [previous, segmentLength] and 8-byte alignment.
func (s *journalSegment) committedEndAcquire(previous int64) (int64, error) {
	// SYNC POINT: pairs with the writer's release store of committedEnd (LAYOUT 14.4 step 4)
	end := s.int64At(layout.JournalCommittedEndOffset)
	if end < previous || end > s.segmentLength || end&(layout.JournalRecordAlignment-1) != 0 {
		return 0, s.headerError("committedEnd", end, fmt.Sprintf("a multiple of 8 in [%d, %d]", previous,
			s.segmentLength))
	}
	return end, nil
}

// entryRecordOffset is the file offset of index entry k's record when the entry is meaningful below committedEnd
// and the record there has the index the entry promises; otherwise -1.
func (s *journalSegment) entryRecordOffset(k int32, committedEnd int64) int64 {
	if k < 0 || k >= s.indexEntryCount {
		return -1
	}
	recordOffset := s.int64At(layout.JournalHeaderLength + int64(k)*layout.JournalEntryLength + layout.JournalEntryRecordOffsetOffset)
	if recordOffset < s.dataOffset || recordOffset > committedEnd-layout.JournalRecordHeaderLength ||
		recordOffset&(layout.JournalRecordAlignment-1) != 0 {
		return -1
	}
	if s.int64At(recordOffset+layout.JournalRecordIndexOffset) != s.firstIndex+int64(k)*int64(s.indexSpacing) {
		return -1
	}
	return recordOffset
}

func (s *journalSegment) entryTimestamp(k int32) int64 {
	return s.int64At(layout.JournalHeaderLength + int64(k)*layout.JournalEntryLength + layout.JournalEntryTimestampOffset)
}

// JournalOptions relaxes what OpenJournalWithOptions accepts (LAYOUT 14.1). By default the journal directory and
// every segment must belong to this process's effective uid, the directory must not be a symlink and no other user
// may write it (group or other write bit), and no segment may be a symlink.
type JournalOptions struct {
	AllowOtherOwner bool // accept a directory and segments of another user, and a directory other users may write
	FollowSymlinks  bool // follow a symlink at the directory's path (never at a segment's)
}

// OpenJournal opens the journal in dir read-only, positioned at its first record, with the default JournalOptions.
// The directory and each segment are checked as LAYOUT 14.1 says and the first segment is validated (LAYOUT 14.8);
// errors are *Error values naming the file, field, found and expected, which unwrap to ErrFileNotFound (no directory,
// or no segment in it: field "segments"), ErrInvalidFile (also a refused directory or segment: fields directory,
// owner, fileType), ErrUnsupportedVersion or ErrIO.
func OpenJournal(dir string) (*JournalReader, error) {
	return OpenJournalWithOptions(dir, JournalOptions{})
}

// OpenJournalWithOptions is OpenJournal with options.
func OpenJournalWithOptions(dir string, options JournalOptions) (*JournalReader, error) {
	r := &JournalReader{dir: dir, idlePollsPerLengthCheck: DefaultIdlePollsPerLengthCheck,
		allowOtherOwner: options.AllowOtherOwner}
	if err := journalPlatformSupported(dir); err != nil {
		return nil, err
	}
	if err := checkJournalDirectory(dir, options); err != nil {
		return nil, err
	}
	if err := r.SeekStart(); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// checkJournalDirectory checks the journal directory as a reader does (LAYOUT 14.1): lstat (stat when following
// symlinks), a directory, owned by this process's effective uid and writable by no other user unless other owners are
// allowed.
func checkJournalDirectory(dir string, options JournalOptions) error {
	status, err := statPath(dir, options.FollowSymlinks)
	if err != nil {
		if errors.Is(err, syscall.ENOENT) {
			return journalError(CodeFileNotFound, "not a journal directory", dir, "directory", "absent", "a directory")
		}
		return journalError(CodeIO, "not a journal directory", dir, "directory", errnoText(err), "a directory")
	}
	switch status.mode & fileTypeMask {
	case fileTypeSymlink:
		return journalError(CodeInvalidFile, "journal directory is a symlink", dir, "directory", "symlink",
			"a directory (or ask to follow symlinks)")
	case fileTypeDirectory:
	default:
		return journalError(CodeInvalidFile, "not a journal directory", dir, "directory", "not a directory",
			"a directory")
	}
	euid := uint32(os.Geteuid())
	if status.uid != euid && !options.AllowOtherOwner {
		return journalError(CodeInvalidFile, "journal directory belongs to another user", dir, "owner",
			fmt.Sprintf("uid %d", status.uid), fmt.Sprintf("uid %d (or allow other owners)", euid))
	}
	if status.mode&0o22 != 0 && !options.AllowOtherOwner {
		return journalError(CodeInvalidFile, "journal directory is writable by other users (they could plant or swap "+
			"segments)", dir, "directory", fmt.Sprintf("mode 0%o", status.mode&0o7777),
			"no group or other write bit (or allow other owners)")
	}
	return nil
}

// errnoText is the system's text of an error, as C's strerror gives it.
func errnoText(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		text := errno.Error()
		if text != "" && text[0] >= 'a' && text[0] <= 'z' {
			text = string(text[0]-'a'+'A') + text[1:]
		}
		return text
	}
	return err.Error()
}

// segments lists the directory's segment first indexes, ascending; other names are ignored.
func (r *JournalReader) segments() ([]int64, error) {
	entries, err := os.ReadDir(r.dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, journalError(CodeFileNotFound, "not a journal directory", r.dir, "directory", "absent",
				"a directory")
		}
		return nil, journalError(CodeIO, "not a journal directory", r.dir, "directory", err, "a directory")
	}
	var firstIndexes []int64
	for _, entry := range entries {
		if firstIndex, ok := ParseJournalSegmentFileName(entry.Name()); ok {
			firstIndexes = append(firstIndexes, firstIndex)
		}
	}
	if len(firstIndexes) == 0 {
		return nil, journalError(CodeFileNotFound, "no journal segments", r.dir, "segments", 0,
			">=1 file named <20 digits>"+layout.JournalSegmentSuffix)
	}
	sort.Slice(firstIndexes, func(i, j int) bool { return firstIndexes[i] < firstIndexes[j] })
	return firstIndexes, nil
}

func (r *JournalReader) moveTo(firstIndex int64) error {
	next, err := openJournalSegment(r.dir, firstIndex, r.allowOtherOwner)
	if err != nil {
		return err
	}
	if r.segment == nil && r.journalID == 0 {
		r.journalID = next.journalID
	} else if next.journalID != r.journalID {
		next.close()
		return journalError(CodeInvalidFile, "segment of another journal", next.path, "journalId",
			hex64(next.journalID), hex64(r.journalID))
	}
	if r.segment != nil {
		r.segment.close()
	}
	r.segment = next
	r.segmentMoves++
	r.readOffset = next.dataOffset
	r.committedEnd = next.dataOffset
	r.nextIndex = next.firstIndex
	r.lastTimestampNs = minInt64
	r.idlePolls = 0
	return nil
}

const (
	minInt64 = -1 << 63
	maxInt64 = 1<<63 - 1
)

// startFromEntry positions the reader at index entry `entry`, or the last meaningful one before it, or the start.
func (r *JournalReader) startFromEntry(entry int32) error {
	s := r.segment
	end, err := s.committedEndAcquire(r.committedEnd)
	if err != nil {
		return err
	}
	r.committedEnd = end
	// meaningful entries are a prefix of the index area (written in index order): binary search it
	low, high := int32(0), entry
	for low < high {
		mid := low + (high-low+1)/2
		if s.entryRecordOffset(mid, end) >= 0 {
			low = mid
		} else {
			high = mid - 1
		}
	}
	if recordOffset := s.entryRecordOffset(low, end); low > 0 && recordOffset >= 0 {
		r.readOffset = recordOffset
		r.nextIndex = s.firstIndex + int64(low)*int64(s.indexSpacing)
	} else {
		r.readOffset = s.dataOffset
		r.nextIndex = s.firstIndex
	}
	r.lastTimestampNs = minInt64
	return nil
}

func (r *JournalReader) closedError() error {
	return journalError(CodeClosed, "journal reader closed", r.dir, "directory", "closed", "open")
}

// SeekStart positions the reader at the journal's first record.
func (r *JournalReader) SeekStart() error {
	if r.closed {
		return r.closedError()
	}
	firstIndexes, err := r.segments()
	if err != nil {
		return err
	}
	if err := r.moveTo(firstIndexes[0]); err != nil {
		return err
	}
	r.skipBelowIndex = firstIndexes[0]
	r.skipBeforeTimestampNs = minInt64
	return nil
}

// SeekIndex positions the reader so that the next record delivered is the one with this index (LAYOUT 14.8): the
// segment with the largest firstIndex <= index, then its sparse index, then Poll passes over the records before it.
// When the journal does not hold the index yet, the reader delivers it once it is appended. An index before the
// journal's first record is ErrInvalidArgument (field "index").
func (r *JournalReader) SeekIndex(index int64) error {
	if r.closed {
		return r.closedError()
	}
	firstIndexes, err := r.segments()
	if err != nil {
		return err
	}
	if index < firstIndexes[0] {
		return journalError(CodeInvalidArgument, "index before the journal's first record", r.dir, "index", index,
			fmt.Sprintf(">=%d", firstIndexes[0]))
	}
	s := sort.Search(len(firstIndexes), func(i int) bool { return firstIndexes[i] > index }) - 1
	if err := r.moveTo(firstIndexes[s]); err != nil {
		return err
	}
	entry := (index - r.segment.firstIndex) / int64(r.segment.indexSpacing)
	if last := int64(r.segment.indexEntryCount - 1); entry > last {
		entry = last
	}
	if err := r.startFromEntry(int32(entry)); err != nil {
		return err
	}
	r.skipBelowIndex = index
	r.skipBeforeTimestampNs = minInt64
	return nil
}

// firstTimestamp is the timestamp of the first record of a segment (index entry 0), MaxInt64 when it has none.
func (r *JournalReader) firstTimestamp(firstIndex int64) (int64, error) {
	candidate, err := openJournalSegment(r.dir, firstIndex, r.allowOtherOwner)
	if err != nil {
		return 0, err
	}
	defer candidate.close()
	end, err := candidate.committedEndAcquire(candidate.dataOffset)
	if err != nil {
		return 0, err
	}
	if candidate.entryRecordOffset(0, end) < 0 {
		return maxInt64, nil
	}
	return candidate.entryTimestamp(0), nil
}

// SeekTime positions the reader at the first record whose timestamp is at or after timestampNs (LAYOUT 14.8): a
// binary search of the segments by their first record's timestamp, then of the index entries, then a scan that Poll
// makes. When there is no such record yet, the reader delivers the next one appended at or after that time.
func (r *JournalReader) SeekTime(timestampNs int64) error {
	if r.closed {
		return r.closedError()
	}
	firstIndexes, err := r.segments()
	if err != nil {
		return err
	}
	// the last segment whose first record is before the time: the record sought is there or later
	low, high := 0, len(firstIndexes)-1
	for low < high {
		mid := (low + high + 1) / 2
		first, err := r.firstTimestamp(firstIndexes[mid])
		if err != nil {
			return err
		}
		if first < timestampNs {
			low = mid
		} else {
			high = mid - 1
		}
	}
	if err := r.moveTo(firstIndexes[low]); err != nil {
		return err
	}
	s := r.segment
	end, err := s.committedEndAcquire(s.dataOffset)
	if err != nil {
		return err
	}
	r.committedEnd = end
	lowEntry, highEntry := int32(0), s.indexEntryCount-1
	for lowEntry < highEntry {
		mid := lowEntry + (highEntry-lowEntry+1)/2
		if s.entryRecordOffset(mid, end) >= 0 && s.entryTimestamp(mid) < timestampNs {
			lowEntry = mid
		} else {
			highEntry = mid - 1
		}
	}
	if err := r.startFromEntry(lowEntry); err != nil {
		return err
	}
	r.skipBelowIndex = r.nextIndex
	r.skipBeforeTimestampNs = timestampNs
	return nil
}

// SeekEnd positions the reader after the last committed record: only records appended from now on are delivered.
func (r *JournalReader) SeekEnd() error {
	if r.closed {
		return r.closedError()
	}
	firstIndexes, err := r.segments()
	if err != nil {
		return err
	}
	last := firstIndexes[len(firstIndexes)-1]
	if err := r.moveTo(last); err != nil {
		return err
	}
	// the hint nextIndex (plain) picks the index entry to start from; the records after it are checked
	entry := int64(0)
	if hint := r.segment.int64At(layout.JournalNextIndexOffset); hint > last {
		entry = (hint - last) / int64(r.segment.indexSpacing)
	}
	if lastEntry := int64(r.segment.indexEntryCount - 1); entry > lastEntry {
		entry = lastEntry
	}
	if err := r.startFromEntry(int32(entry)); err != nil {
		return err
	}
	r.skipBelowIndex = maxInt64
	r.skipBeforeTimestampNs = minInt64
	if _, err := r.Poll(nil, maxInt32); err != nil {
		return err
	}
	r.skipBelowIndex = r.nextIndex
	return nil
}

const maxInt32 = 1<<31 - 1

// Poll delivers up to limit committed records, in index order, to handler, moving across segments as it goes
// (LAYOUT 14.5, 14.8), and returns how many it delivered. It returns 0 at the tail: call again to follow it. While
// idle at the committedEnd of an open segment it re-checks the segment's length every SetIdlePollsPerLengthCheck
// polls. After a seek, records before the target are checked but not delivered. A nil handler passes records over.
//
// When the next record fails a check, Poll delivers the records before it and returns their count; the next Poll
// returns ErrCorruptRecord (an *Error naming the file, the record's offset, the field and the values) and the
// reader stays before it. A bad, missing or truncated segment is ErrInvalidFile or ErrFileNotFound. A segment
// truncated under the mapping (which raises SIGBUS on access) is reported as ErrInvalidFile, field fileLength,
// instead of crashing the process: Poll reads the mapping with debug.SetPanicOnFault.
func (r *JournalReader) Poll(handler JournalHandler, limit int) (delivered int, err error) {
	if r.closed || r.segment == nil {
		return 0, r.closedError()
	}
	previous := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(previous)
		if recovered := recover(); recovered != nil {
			if _, isFault := recovered.(interface{ Addr() uintptr }); !isFault {
				panic(recovered)
			}
			delivered, err = 0, r.truncatedError()
		}
	}()
	return r.poll(handler, limit)
}

func (r *JournalReader) poll(handler JournalHandler, limit int) (int, error) {
	delivered := 0
	var err error
	for delivered < limit {
		s := r.segment
		if r.readOffset == r.committedEnd {
			if r.committedEnd, err = s.committedEndAcquire(r.committedEnd); err != nil {
				break
			}
			if r.readOffset == r.committedEnd {
				// SYNC POINT: pairs with the writer's release store of segmentState (LAYOUT 14.5 step 2)
				if s.int32At(layout.JournalSegmentStateOffset) == layout.JournalSegmentSealed {
					// the writer may have committed more between the loads above, then sealed: after the
					// acquire of the state, committedEnd is final (LAYOUT 14.5)
					if r.committedEnd, err = s.committedEndAcquire(r.committedEnd); err != nil {
						break
					}
					if r.readOffset != r.committedEnd {
						continue
					}
					if err = r.nextSegment(); err != nil {
						break
					}
					continue
				}
				if delivered == 0 {
					if r.idlePolls++; r.idlePolls >= r.idlePollsPerLengthCheck {
						r.idlePolls = 0
						err = r.checkLength()
					}
				}
				break
			}
		}
		var record checkedRecord
		if record, err = r.checkRecord(); err != nil {
			// a truncated file reads as zeros past its new end (in the last page): say truncation (LAYOUT 14.8)
			err = r.truncatedOr(err)
			break
		}
		at := r.readOffset
		if r.nextIndex >= r.skipBelowIndex && record.timestampNs >= r.skipBeforeTimestampNs {
			r.skipBeforeTimestampNs = minInt64
			if handler != nil {
				end := at + int64(record.length)
				handler(r.nextIndex, record.timestampNs, record.typeID, s.data[at+layout.JournalRecordHeaderLength:end:end])
			}
			delivered++
		}
		r.lastTimestampNs = record.timestampNs
		r.readOffset += record.alignedLength
		r.nextIndex++
	}
	if delivered > 0 {
		r.idlePolls = 0
		return delivered, nil
	}
	return 0, err
}

// checkedRecord holds a record's fields as checkRecord read them: another process with write access could change the
// bytes after the check, so Poll uses these values and never reads the header again.
type checkedRecord struct {
	length        int32
	typeID        int32
	timestampNs   int64
	alignedLength int64
}

// checkRecord checks the committed record at the read offset (LAYOUT 14.8).
func (r *JournalReader) checkRecord() (checkedRecord, error) {
	s := r.segment
	at := r.readOffset
	room := r.committedEnd - at
	corrupt := func(field string, found, expected any) error {
		return journalError(CodeCorruptRecord, fmt.Sprintf("corrupt journal record at offset=%d", at), s.path, field,
			found, expected)
	}
	if room < layout.JournalRecordHeaderLength {
		return checkedRecord{}, corrupt("committedEnd", r.committedEnd,
			fmt.Sprintf(">=%d (a whole record header)", at+layout.JournalRecordHeaderLength))
	}
	length := s.int32At(at + layout.JournalRecordLengthOffset)
	if length < layout.JournalRecordHeaderLength || int64(length) > room {
		return checkedRecord{}, corrupt("length", length, fmt.Sprintf("%d..%d (header length to committedEnd)",
			layout.JournalRecordHeaderLength, room))
	}
	if length-layout.JournalRecordHeaderLength > s.maxMessageLength {
		return checkedRecord{}, corrupt("length", length, fmt.Sprintf("<=%d (maxMessageLength + header)",
			int64(s.maxMessageLength)+layout.JournalRecordHeaderLength))
	}
	typeID := s.int32At(at + layout.JournalRecordTypeIDOffset)
	if typeID < 1 {
		return checkedRecord{}, corrupt("typeId", typeID, ">=1")
	}
	if index := s.int64At(at + layout.JournalRecordIndexOffset); index != r.nextIndex {
		return checkedRecord{}, corrupt("index", index, r.nextIndex)
	}
	timestampNs := s.int64At(at + layout.JournalRecordTimestampOffset)
	if timestampNs < r.lastTimestampNs {
		return checkedRecord{}, corrupt("timestampNs", timestampNs, fmt.Sprintf(">=%d (the previous record's)",
			r.lastTimestampNs))
	}
	alignedLength := (int64(length) + layout.JournalRecordAlignment - 1) &^ (layout.JournalRecordAlignment - 1)
	return checkedRecord{length, typeID, timestampNs, alignedLength}, nil
}

// nextSegment continues, at the committedEnd of a sealed segment, with the one named after its nextIndex.
func (r *JournalReader) nextSegment() error {
	// plain: stored before the release of segmentState, which the caller has acquired
	sealedNextIndex := r.segment.int64At(layout.JournalNextIndexOffset)
	if sealedNextIndex != r.nextIndex {
		return journalError(CodeInvalidFile, "sealed segment's record count disagrees", r.segment.path, "nextIndex",
			sealedNextIndex, r.nextIndex)
	}
	lastTimestampNs := r.lastTimestampNs
	if err := r.moveTo(sealedNextIndex); err != nil {
		return err
	}
	r.lastTimestampNs = lastTimestampNs
	return nil
}

func (r *JournalReader) checkLength() error {
	stat, err := r.segment.file.Stat()
	if err != nil {
		return journalError(CodeIO, "cannot stat journal segment", r.segment.path, "fileLength", err, "a length")
	}
	if stat.Size() != r.segment.segmentLength {
		return journalError(CodeInvalidFile, "journal segment changed length while mapped", r.segment.path,
			"fileLength", stat.Size(), r.segment.segmentLength)
	}
	return nil
}

func (r *JournalReader) truncatedError() error {
	length := int64(-1)
	if stat, err := r.segment.file.Stat(); err == nil {
		length = stat.Size()
	}
	end := r.committedEnd
	if r.readOffset > end {
		end = r.readOffset
	}
	return journalError(CodeInvalidFile, "journal segment truncated while mapped", r.segment.path, "fileLength",
		length, fmt.Sprintf(">=%d (committedEnd)", end))
}

// truncatedOr re-reads the segment's length (fstat) before a record that failed its check is reported: when it is
// below committedEnd, the error is the truncation (LAYOUT 14.8).
func (r *JournalReader) truncatedOr(corruption error) error {
	if stat, err := r.segment.file.Stat(); err == nil && stat.Size() < r.committedEnd {
		return journalError(CodeInvalidFile, "journal segment truncated while mapped", r.segment.path, "fileLength",
			stat.Size(), fmt.Sprintf(">=%d (committedEnd)", r.committedEnd))
	}
	return corruption
}

// CheckNotTruncated re-reads the length of the segment being read (fstat) and returns an ErrInvalidFile *Error
// (field fileLength, found the length, expected at least committedEnd) when it no longer holds every committed record
// (LAYOUT 14.8): bytes a handler read from the mapping before this call were the records' bytes only if it returns
// nil. A caller that forwards records copies each one, calls this, then publishes the copy.
func (r *JournalReader) CheckNotTruncated() error {
	if r.closed || r.segment == nil {
		return r.closedError()
	}
	return r.truncatedOr(nil)
}

// SetIdlePollsPerLengthCheck sets how many idle polls pass between two checks of the segment's length (>= 1).
func (r *JournalReader) SetIdlePollsPerLengthCheck(polls int) {
	r.idlePollsPerLengthCheck = max(polls, 1)
}

// NextIndex is the index of the next record the reader reads.
func (r *JournalReader) NextIndex() int64 {
	return r.nextIndex
}

// JournalID is the journal's journalId (LAYOUT 14.2).
func (r *JournalReader) JournalID() int64 {
	return r.journalID
}

// SegmentPath is the segment file being read.
func (r *JournalReader) SegmentPath() string {
	if r.segment == nil {
		return ""
	}
	return r.segment.path
}

// Close unmaps the segment being read. Closing twice does nothing.
func (r *JournalReader) Close() error {
	if r.segment != nil {
		r.segment.close()
		r.segment = nil
	}
	r.closed = true
	return nil
}
