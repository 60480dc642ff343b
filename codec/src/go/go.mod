// Copied by the codec build to codec/target/generated-go/go.mod, so that the Go codecs SBE generates
// there form one Go module. Use it from another module with a replace directive (codec/README.md).
module io.ringway/codec

go 1.21
