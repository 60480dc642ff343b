package ringway

import (
	"errors"

	"github.com/ringway-io/ringway/go-interop/internal/detail"
)

// Code is a ringway.h result code (ringway_result_t): 0 is success, every failure is negative.
type Code int32

// The result codes of ringway.h. Each failure has a sentinel error below for errors.Is.
const (
	CodeOK                 Code = 0
	CodeRingFull           Code = -1
	CodeInvalidArgument    Code = -2
	CodeIO                 Code = -3
	CodeFileExists         Code = -4
	CodeFileNotFound       Code = -5
	CodeInvalidFile        Code = -6
	CodeNotInitialised     Code = -7
	CodeUnsupportedVersion Code = -8
	CodeUnexpectedChannel  Code = -9
	CodeLeaseTaken         Code = -10
	CodeMessageLength      Code = -11
	CodeTypeID             Code = -12
	CodeClaimState         Code = -13
	CodeCorruptRecord      Code = -14
	CodeClosed             Code = -15
)

// Sentinel errors, one per ringway.h result code. Test with errors.Is(err, ringway.ErrLeaseTaken); every *Error
// unwraps to the sentinel of its code.
var (
	// ErrRingFull is back-pressure: the ring has no room for the message now; try again later. It is returned
	// bare (not as an *Error) so that a full ring costs no allocation.
	ErrRingFull           = errors.New("ringway: ring full (back-pressure): try again later")
	ErrInvalidArgument    = errors.New("ringway: invalid argument")
	ErrIO                 = errors.New("ringway: system call failed")
	ErrFileExists         = errors.New("ringway: channel file already exists")
	ErrFileNotFound       = errors.New("ringway: no such channel file")
	ErrInvalidFile        = errors.New("ringway: not a valid channel file")
	ErrNotInitialised     = errors.New("ringway: channel file not initialised")
	ErrUnsupportedVersion = errors.New("ringway: unsupported layout major version")
	ErrUnexpectedChannel  = errors.New("ringway: channel differs from what the caller expects")
	ErrLeaseTaken         = errors.New("ringway: channel role already taken by a live process")
	ErrMessageLength      = errors.New("ringway: message length out of range")
	ErrTypeID             = errors.New("ringway: invalid message type id")
	ErrClaimState         = errors.New("ringway: not a claim in progress")
	ErrCorruptRecord      = errors.New("ringway: corrupt record in the ring")
	ErrClosed             = errors.New("ringway: handle closed")
	errUnknownCode        = errors.New("ringway: unknown result code")
)

var sentinels = map[Code]error{
	CodeRingFull:           ErrRingFull,
	CodeInvalidArgument:    ErrInvalidArgument,
	CodeIO:                 ErrIO,
	CodeFileExists:         ErrFileExists,
	CodeFileNotFound:       ErrFileNotFound,
	CodeInvalidFile:        ErrInvalidFile,
	CodeNotInitialised:     ErrNotInitialised,
	CodeUnsupportedVersion: ErrUnsupportedVersion,
	CodeUnexpectedChannel:  ErrUnexpectedChannel,
	CodeLeaseTaken:         ErrLeaseTaken,
	CodeMessageLength:      ErrMessageLength,
	CodeTypeID:             ErrTypeID,
	CodeClaimState:         ErrClaimState,
	CodeCorruptRecord:      ErrCorruptRecord,
	CodeClosed:             ErrClosed,
}

// Sentinel returns the sentinel error of a failure code (an unknown-code error for codes ringway.h does not define).
func (c Code) Sentinel() error {
	if err, ok := sentinels[c]; ok {
		return err
	}
	return errUnknownCode
}

// Error is a failure with the detail ringway.h keeps in the handle: the same key=value text and field names as
// Java's ChannelFileException, e.g. "channel file too short: file=/dev/shm/x field=fileLength found=512
// expected=>=4096". It unwraps to the sentinel of its Code, so errors.Is(err, ErrInvalidFile) works.
type Error struct {
	Code     Code
	Reason   string // what is wrong, e.g. "channel file too short"
	File     string // the channel file
	Field    string // the field as LAYOUT.md names it, e.g. "capacity"
	Found    string // the value found
	Expected string // the value expected
	Message  string // the whole detail line
}

func (e *Error) Error() string {
	if e.Message == "" {
		return e.Code.Sentinel().Error()
	}
	return "ringway: " + e.Message
}

// Unwrap returns the sentinel of the code.
func (e *Error) Unwrap() error {
	return e.Code.Sentinel()
}

// newError parses ringway.h's detail line "<reason>: file=<file> field=<field> found=<found> expected=<expected>".
// The field is known separately, which anchors the split even when the file name contains spaces.
func newError(code Code, message string, field string) *Error {
	e := &Error{Code: code, Message: message, Field: field}
	reason, file, found, expected, ok := detail.Split(message, field)
	if !ok {
		e.Reason = message
		return e
	}
	e.Reason, e.File, e.Found, e.Expected = reason, file, found, expected
	return e
}

// errorOf turns a negative result into an error; ring full stays the bare sentinel.
func errorOf(result int, message string, field string) error {
	code := Code(result)
	if code == CodeRingFull {
		return ErrRingFull
	}
	if message == "" {
		return &Error{Code: code, Reason: code.Sentinel().Error()}
	}
	return newError(code, message, field)
}
