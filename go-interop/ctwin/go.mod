module github.com/ringway-io/ringway/go-interop/ctwin

go 1.22

require github.com/ringway-io/ringway/go-interop v0.0.0

// the Go module of this repository, not a published version
replace github.com/ringway-io/ringway/go-interop => ../
