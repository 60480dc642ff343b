module github.com/ringway-io/ringway/examples/sbe-messages/go

go 1.22

require (
	github.com/ringway-io/ringway/go-interop v0.0.0
	io.ringway/codec v0.0.0
)

require golang.org/x/sys v0.30.0 // indirect

// Until the module is published, build against the copy in this repository; the Go codecs are build output of the
// codec module (mvn -B -pl codec package), never committed.
replace (
	github.com/ringway-io/ringway/go-interop => ../../../go-interop
	io.ringway/codec => ../../../codec/target/generated-go
)
