module github.com/ringway-io/ringway/examples/two-process/go

go 1.22

require github.com/ringway-io/ringway/go-interop v0.0.0

require golang.org/x/sys v0.30.0 // indirect

// Until the module is published, build against the copy in this repository. Outside it, drop this line and
// require a published version instead (go get github.com/ringway-io/ringway/go-interop@<version>).
replace github.com/ringway-io/ringway/go-interop => ../../../go-interop
