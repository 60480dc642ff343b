package ringway

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// The channel file: its mapping, the header checks of LAYOUT 10.3 (ringway_channel_validate_) and the error detail
// shared by every platform. Creating, opening and mapping files is per platform: channelfile_linux.go,
// channelfile_windows.go, and channelfile_other.go until other platforms are ported.

// pathMaxLength is RINGWAY_PATH_MAX_LENGTH: a channel path must be shorter (C keeps it in a fixed buffer, and the error texts are the same).
const pathMaxLength = 4096

// channelFile is one mapping of a channel file: the three areas of LAYOUT 2 and the values the header fixed.
type channelFile struct {
	path             string
	platformFile             // the open file (channelfile_<platform>.go), kept for checkLength and Status
	wakeups          wakeups // what parked waiters sleep on (LAYOUT 9; wakeups_<platform>.go)
	mapped           []byte
	header           unsafe.Pointer // file offset 0: the header page (LAYOUT 3)
	data             unsafe.Pointer // file offset layout.HeaderLength: the ring data area (LAYOUT 5)
	trailer          unsafe.Pointer // file offset layout.HeaderLength + capacity: the trailer (LAYOUT 4)
	kind             RingKind
	capacity         int32
	maxMessageLength int32
}

func (f *channelFile) headerInt32(offset int) *int32 { return (*int32)(unsafe.Add(f.header, offset)) }
func (f *channelFile) headerInt64(offset int) *int64 { return (*int64)(unsafe.Add(f.header, offset)) }
func (f *channelFile) trailerInt64(offset int) *int64 {
	return (*int64)(unsafe.Add(f.trailer, offset))
}

// bind sets the areas from the mapping and the capacity (ringway_channel_bind_).
func (f *channelFile) bind() {
	f.header = unsafe.Pointer(&f.mapped[0])
	f.data = unsafe.Add(f.header, layout.HeaderLength)
	f.trailer = unsafe.Add(f.header, layout.HeaderLength+int(f.capacity))
	f.maxMessageLength = f.capacity / 8
	f.wakeups.bind(f.header)
}

// fileError is ringway_set_error_detail_: the one-line detail "<reason>: file=<path> field=<field> found=<found>
// expected=<expected>" with its parts.
func fileError(code Code, path, field, reason, found, expected string) *Error {
	return &Error{Code: code, Reason: reason, File: path, Field: field, Found: found, Expected: expected,
		Message: fmt.Sprintf("%s: file=%s field=%s found=%s expected=%s", reason, path, field, found, expected)}
}

// strerror is C's strerror(errno) text for an errno: Go's table holds glibc's messages, lower-cased at the start.
func strerror(err error) string {
	text := err.Error()
	if text == "" {
		return text
	}
	return strings.ToUpper(text[:1]) + text[1:]
}

// epochMs is CLOCK_REALTIME in milliseconds (ringway_epoch_ms_): creationTimeMs and the date of a status only.
func epochMs() int64 {
	return time.Now().UnixMilli()
}

func isValidCapacity(capacity int32) bool {
	return capacity >= MinCapacity && capacity <= MaxCapacity && capacity&(capacity-1) == 0
}

// checkPath is ringway_channel_set_path_.
func checkPath(path string) error {
	if path == "" {
		return fileError(CodeInvalidArgument, "(none)", "file", "no channel file path", "(none)", "a path")
	}
	if len(path) >= pathMaxLength {
		return fileError(CodeInvalidArgument, "(too long)", "file", "channel file path too long",
			fmt.Sprintf("%d bytes", len(path)), fmt.Sprintf("<%d bytes", pathMaxLength))
	}
	return nil
}

// checkCreateArguments is the argument checks of ringway_channel_create, before anything touches the file system.
func checkCreateArguments(path string, kind RingKind, capacity int32) error {
	if err := checkPath(path); err != nil {
		return err
	}
	if kind != SPSC && kind != MPSC {
		return fileError(CodeInvalidArgument, path, "ringKind", "invalid ring kind", fmt.Sprint(int32(kind)),
			"1 (SPSC) or 2 (MPSC)")
	}
	if !isValidCapacity(capacity) {
		return fileError(CodeInvalidArgument, path, "capacity", "invalid capacity", fmt.Sprint(capacity),
			fmt.Sprintf("a power of two in [%d, %d]", MinCapacity, MaxCapacity))
	}
	return nil
}

// writeHeader is LAYOUT 10.2 steps 4 and 5 over a new, zeroed mapping of the whole file: every identity field, then
// layoutVersion last with release. The areas are bound first.
func (f *channelFile) writeHeader(kind RingKind, capacity int32, schemaID, schemaVersion int32) {
	f.kind = kind
	f.capacity = capacity
	f.bind()
	*f.headerInt64(layout.HeaderMagicOffset) = layout.Magic
	*f.headerInt32(layout.HeaderRingKindOffset) = int32(kind)
	*f.headerInt32(layout.HeaderHeaderLengthOffset) = layout.HeaderLength
	*f.headerInt32(layout.HeaderCapacityOffset) = capacity
	*f.headerInt32(layout.HeaderMaxMessageLengthOffset) = capacity / 8
	*f.headerInt32(layout.HeaderTrailerLengthOffset) = layout.TrailerLength
	*f.headerInt64(layout.HeaderCreationTimeMsOffset) = epochMs()
	*f.headerInt64(layout.HeaderCreatorPidOffset) = int64(os.Getpid())
	*f.headerInt32(layout.HeaderSchemaIDOffset) = schemaID
	*f.headerInt32(layout.HeaderSchemaVersionOffset) = schemaVersion
	*f.headerInt64(layout.HeaderPidNamespaceOffset) = currentPidNamespace()
	*f.headerInt64(layout.HeaderChannelIDOffset) = newChannelID()
	// SYNC POINT: pairs with the acquire load of layoutVersion when any process opens the file (LAYOUT 10.3)
	atomic.StoreInt32(f.headerInt32(layout.HeaderLayoutVersionOffset), layout.LayoutVersion)
}

// checkOpenLength is the first two rows of LAYOUT 10.3 (the file's length before it is mapped); it returns how much
// of the file to map: all of it, up to the longest file a valid header can describe.
func checkOpenLength(path string, fileLength int64) (int64, error) {
	if fileLength == 0 {
		// LAYOUT 10.3: what a creator leaves between its exclusive create and the reservation of the file's blocks
		return 0, fileError(CodeNotInitialised, path, "fileLength",
			"channel file not initialised (being created, or its creator died)", "0", fmt.Sprintf(">=%d", layout.HeaderLength))
	}
	if fileLength < layout.HeaderLength {
		return 0, fileError(CodeInvalidFile, path, "fileLength", "channel file too short", fmt.Sprint(fileLength),
			fmt.Sprintf(">=%d", layout.HeaderLength))
	}
	return min(fileLength, layout.FileLength(MaxCapacity)), nil
}

// validateAsExpected is validate (LAYOUT 10.3 from the header on) over the mapping f.mapped of a file of fileLength
// bytes, then the caller's expectations of ringway_open_options_t (0: anything).
func (f *channelFile) validateAsExpected(fileLength int64, expectedKind RingKind, expectedCapacity int32) error {
	f.header = unsafe.Pointer(&f.mapped[0])
	if err := f.validate(fileLength); err != nil {
		return err
	}
	if expectedKind != 0 && expectedKind != f.kind {
		return fileError(CodeUnexpectedChannel, f.path, "ringKind", "channel differs from what the caller expects",
			fmt.Sprint(int32(f.kind)), fmt.Sprint(int32(expectedKind)))
	}
	if expectedCapacity != 0 && expectedCapacity != f.capacity {
		return fileError(CodeUnexpectedChannel, f.path, "capacity", "channel differs from what the caller expects",
			fmt.Sprint(f.capacity), fmt.Sprint(expectedCapacity))
	}
	return nil
}

// truncatedError is the failure of checkLength (LAYOUT 11.1) for a file now fileLength bytes long.
func (f *channelFile) truncatedError(fileLength int64) error {
	requiredLength := layout.FileLength(int(f.capacity))
	if fileLength < requiredLength {
		return fileError(CodeInvalidFile, f.path, "fileLength", "channel file truncated while mapped",
			fmt.Sprint(fileLength), fmt.Sprintf(">=%d (4096 + capacity %d + trailer 768)", requiredLength, f.capacity))
	}
	return nil
}

func notInitialisedError(path string) *Error {
	return fileError(CodeNotInitialised, path, "layoutVersion",
		"channel file not initialised (being created, or its creator died)", "0", fmt.Sprintf("0x%x", layout.LayoutVersion))
}

// validate is ringway_channel_validate_ (LAYOUT 10.3 from the header on), over a mapping of fileLength bytes whose
// header page is mapped; on success the areas are bound.
func (f *channelFile) validate(fileLength int64) error {
	path := f.path
	// SYNC POINT: pairs with the creator's release store of layoutVersion, written last in create
	layoutVersion := atomic.LoadInt32(f.headerInt32(layout.HeaderLayoutVersionOffset))
	magic := *f.headerInt64(layout.HeaderMagicOffset)
	if magic != layout.Magic {
		if magic == 0 && layoutVersion == 0 {
			return notInitialisedError(path)
		}
		return fileError(CodeInvalidFile, path, "magic", "not a Ringway channel file", fmt.Sprintf("0x%x", uint64(magic)),
			fmt.Sprintf("0x%x", uint64(layout.Magic)))
	}
	if layoutVersion == 0 {
		return notInitialisedError(path)
	}
	majorVersion := int32(uint32(layoutVersion) >> 16)
	if majorVersion != layout.LayoutMajorVersion {
		return fileError(CodeUnsupportedVersion, path, "layoutVersion.major", "unsupported layout major version",
			fmt.Sprintf("%d (layoutVersion=0x%x)", majorVersion, uint32(layoutVersion)), fmt.Sprint(layout.LayoutMajorVersion))
	}
	headerLength := *f.headerInt32(layout.HeaderHeaderLengthOffset)
	if headerLength != layout.HeaderLength {
		return fileError(CodeInvalidFile, path, "headerLength", "invalid header field", fmt.Sprint(headerLength),
			fmt.Sprint(layout.HeaderLength))
	}
	kind := *f.headerInt32(layout.HeaderRingKindOffset)
	if RingKind(kind) != SPSC && RingKind(kind) != MPSC {
		return fileError(CodeInvalidFile, path, "ringKind", "unknown ring kind", fmt.Sprint(kind), "1 (SPSC) or 2 (MPSC)")
	}
	capacity := *f.headerInt32(layout.HeaderCapacityOffset)
	if !isValidCapacity(capacity) {
		return fileError(CodeInvalidFile, path, "capacity", "invalid ring capacity", fmt.Sprint(capacity),
			fmt.Sprintf("a power of two in [%d, %d]", MinCapacity, MaxCapacity))
	}
	trailerLength := *f.headerInt32(layout.HeaderTrailerLengthOffset)
	if trailerLength != layout.TrailerLength {
		return fileError(CodeInvalidFile, path, "trailerLength", "invalid header field", fmt.Sprint(trailerLength),
			fmt.Sprint(layout.TrailerLength))
	}
	maxMessageLength := *f.headerInt32(layout.HeaderMaxMessageLengthOffset)
	if maxMessageLength != capacity/8 {
		return fileError(CodeInvalidFile, path, "maxMessageLength", "invalid header field", fmt.Sprint(maxMessageLength),
			fmt.Sprint(capacity/8))
	}
	requiredLength := layout.FileLength(int(capacity))
	if fileLength < requiredLength {
		return fileError(CodeInvalidFile, path, "fileLength", "ring trailer lies beyond the end of the channel file",
			fmt.Sprint(fileLength), fmt.Sprintf(">=%d (4096 + capacity %d + trailer 768)", requiredLength, capacity))
	}
	// before any lease: a peer in another pid namespace would take live owners for dead ones (LAYOUT 8)
	filePidNamespace := *f.headerInt64(layout.HeaderPidNamespaceOffset)
	if ownPidNamespace := currentPidNamespace(); filePidNamespace != 0 && ownPidNamespace != 0 &&
		filePidNamespace != ownPidNamespace {
		return fileError(CodeInvalidFile, path, "pidNamespace", "channel file shared across pid namespaces",
			fmt.Sprint(uint64(filePidNamespace)), fmt.Sprintf("%d (every process of a channel must share one pid "+
				"namespace and /proc)", uint64(ownPidNamespace)))
	}

	f.kind = RingKind(kind)
	f.capacity = capacity
	f.bind()

	// a live channel moves both positions while they are read: H, then T, then H again (LAYOUT 10.3)
	headBefore := atomic.LoadInt64(f.trailerInt64(layout.TrailerHeadPositionOffset))
	tailPosition := atomic.LoadInt64(f.trailerInt64(layout.TrailerTailPositionOffset))
	headAfter := atomic.LoadInt64(f.trailerInt64(layout.TrailerHeadPositionOffset))
	return checkPositions(path, headBefore, tailPosition, headAfter, capacity)
}

// checkPositions is the position rows of LAYOUT 10.3, for positions read in the order the spec gives: H, then T,
// then H again. H only grows, so at the instant T was read the head lay between the two reads, and a valid channel
// satisfies headBefore <= T <= headAfter + capacity however far its consumer and producers moved meanwhile; of a
// file nobody moves, both heads are the same value.
func checkPositions(path string, headBefore, tailPosition, headAfter int64, capacity int32) error {
	if headBefore < 0 || headBefore&(layout.RecordAlignment-1) != 0 {
		return fileError(CodeInvalidFile, path, "headPosition", "invalid consumer position", fmt.Sprint(headBefore),
			fmt.Sprintf("a non-negative multiple of %d", layout.RecordAlignment))
	}
	if tailPosition&(layout.RecordAlignment-1) != 0 || tailPosition < headBefore ||
		int64(uint64(tailPosition)-uint64(headAfter)) > int64(capacity) {
		return fileError(CodeInvalidFile, path, "tailPosition", "invalid producer position", fmt.Sprint(tailPosition),
			fmt.Sprintf("a multiple of %d in [headPosition %d, headPosition + capacity %d]", layout.RecordAlignment,
				headBefore, int64(uint64(headAfter)+uint64(capacity))))
	}
	return nil
}

// newChannelID is ringway_new_channel_id_: a random non-zero channelId (LAYOUT 3, layout 1.4), which names the
// file's kernel objects where wakeups need names. crypto/rand does not fail on the platforms Go supports.
func newChannelID() int64 {
	var bytes [8]byte
	for {
		if _, err := rand.Read(bytes[:]); err != nil {
			panic("ringway: crypto/rand failed: " + err.Error())
		}
		if id := int64(binary.LittleEndian.Uint64(bytes[:])); id != 0 {
			return id
		}
	}
}

// reservationError is create's error when the file's length cannot be backed (LAYOUT 10.2 step 2), in ringway.h's
// words; medium is "file system" (Linux) or "volume" (Windows).
func reservationError(path, found string, fileLength int64, capacity int32, medium string) *Error {
	return fileError(CodeIO, path, "fileLength", "cannot reserve space for channel file (the file was removed)", found,
		fmt.Sprintf("%d bytes reserved (4096 + capacity %d + trailer 768): free space on its %s, or use a smaller "+
			"capacity", fileLength, capacity, medium))
}
