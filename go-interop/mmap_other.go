//go:build !unix

package ringway

import "errors"

// No file mappings outside Unix yet: the journal reader's open says so.

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
