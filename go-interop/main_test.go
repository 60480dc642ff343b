package ringway

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// childRoles are the roles in which the test binary runs as a child process of a multi-process test (the test
// binary started again, os.Args[0]): the name of the environment variable that selects the role, and the function
// that plays it with the variable's value, returning the exit code. Test files register theirs in init.
var childRoles = map[string]func(value string) int{}

func TestMain(m *testing.M) {
	for variable, play := range childRoles {
		if value := os.Getenv(variable); value != "" {
			os.Exit(play(value))
		}
	}
	os.Exit(m.Run())
}

// testDirectory is tb.TempDir, removed entry by entry with os.Remove before TempDir's own cleanup finds it gone: under
// Wine 8.0, Go's os.RemoveAll fails on files ("unlinkat ...: Invalid function": the delete-by-handle call it makes
// is not implemented there), where os.Remove works. Elsewhere it changes nothing.
func testDirectory(tb testing.TB) string {
	tb.Helper()
	directory := tb.TempDir()
	tb.Cleanup(func() {
		var paths []string
		_ = filepath.WalkDir(directory, func(path string, _ fs.DirEntry, err error) error {
			if err == nil && path != directory {
				paths = append(paths, path)
			}
			return nil
		})
		for index := len(paths) - 1; index >= 0; index-- { // children before their directories
			_ = os.Remove(paths[index])
		}
		// and the directory, and TempDir's directory of the test when that is now empty (RemoveAll fails on those too)
		_ = os.Remove(directory)
		_ = os.Remove(filepath.Dir(directory))
	})
	return directory
}
