// The SBE side of go-interop: Go decodes SBE messages from Java and encodes the golden vectors. It is a module of its
// own because it needs the codec module's generated Go (build output in codec/target/generated-go), which the main
// module github.com/ringway-io/ringway/go-interop must not depend on.
module github.com/ringway-io/ringway/go-interop/sbe

go 1.22

require (
	github.com/ringway-io/ringway/go-interop v0.0.0
	io.ringway/codec v0.0.0
)

require golang.org/x/sys v0.30.0 // indirect

replace (
	github.com/ringway-io/ringway/go-interop => ../
	io.ringway/codec => ../../codec/target/generated-go
)
