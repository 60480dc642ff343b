//go:build !unix

package ringway

import (
	"errors"
	"runtime"
)

// No journal reader outside Unix yet (Windows has channels, channelfile_windows.go, but the journal's files, owner
// checks and followers' futexes are Unix's): OpenJournal says so, naming the platform.

func journalPlatformSupported(dir string) error {
	return journalError(CodeIO, "journal files are not supported on this platform yet", dir, "platform",
		runtime.GOOS+"/"+runtime.GOARCH, "linux or another unix")
}

const (
	protRead             = 1
	protWrite            = 2
	openNoFollowNonBlock = 0
)

var errNoMmap = errors.New("not supported on this platform yet")

func mmapShared(fd uintptr, length int, prot int) ([]byte, error) { return nil, errNoMmap }

func munmap(mapped []byte) error { return errNoMmap }

type fileStatus struct {
	mode uint32
	uid  uint32
}

const (
	fileTypeMask      = 0o170000
	fileTypeRegular   = 0o100000
	fileTypeDirectory = 0o040000
	fileTypeSymlink   = 0o120000
)

func fstatFile(fd uintptr) (fileStatus, error) { return fileStatus{}, errNoMmap }

func statPath(path string, followSymlinks bool) (fileStatus, error) { return fileStatus{}, errNoMmap }
