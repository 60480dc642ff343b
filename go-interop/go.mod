module github.com/ringway-io/ringway/go-interop

go 1.22
