module github.com/ringway-io/ringway/benchmarks/go

go 1.22

require github.com/ringway-io/ringway/go-interop v0.0.0

require golang.org/x/sys v0.30.0 // indirect

// the Go module of this repository, not a published version
replace github.com/ringway-io/ringway/go-interop => ../../go-interop
