//go:build !linux && !windows

package ringway

import (
	"runtime"
)

// Other platforms (macOS) build but have no channels yet: futexes, /proc liveness and fallocate are Linux's, and
// named events, GetProcessTimes and DACLs Windows's (LAYOUT 8, 9.7, 10.2). Create, Open and PathFor say so; nothing
// else can run without a channel.

type platformFile struct{}

func unsupportedPlatform(path string) *Error {
	return fileError(CodeIO, path, "platform", "not supported on this platform yet", runtime.GOOS+"/"+runtime.GOARCH,
		"linux or windows")
}

func createFile(path string, kind RingKind, capacity int32, fileMode uint32, schemaID, schemaVersion int32,
	replaceExisting bool) (*channelFile, error) {
	return nil, unsupportedPlatform(path)
}

func openFile(path string, expectedKind RingKind, expectedCapacity int32, allowOtherOwner, followSymlinks bool) (
	*channelFile, error) {
	return nil, unsupportedPlatform(path)
}

func (f *channelFile) length() int64 { return -1 }

func (f *channelFile) checkLength() error { return unsupportedPlatform(f.path) }

func (f *channelFile) close() error { return nil }

func deleteFile(path string) error { return unsupportedPlatform(path) }

func pathFor(name string) (string, error) { return "", unsupportedPlatform("(none)") }

func currentPidNamespace() int64 { return 0 }
