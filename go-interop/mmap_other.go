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
