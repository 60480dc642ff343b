//go:build !linux && !windows

package ringway

import "runtime"

// osYield yields to this process's goroutines only, until the platform is ported (futex_linux.go, wakeups_windows.go).
func osYield() { runtime.Gosched() }
