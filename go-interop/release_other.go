//go:build !amd64

package ringway

import "sync/atomic"

// releaseStoreInt64 stores value into the word with release order (atomic.StoreInt64: STLR on arm64).
func releaseStoreInt64(word *int64, value int64) {
	atomic.StoreInt64(word, value)
}

// releaseStoreThenFence stores value into the word with release order and keeps every later store, plain ones
// included, behind it: LAYOUT's "store (release); release fence" (see the memory-order notes in fastpath.go for
// arm64).
func releaseStoreThenFence(word *int32, value int32) {
	atomic.SwapInt32(word, value)
	_ = atomic.LoadInt32(word)
}
