#!/usr/bin/env bash
# Builds the C and Go programs of `ringway demo` into the directory given (default: target/demo-bin here).
# Needs gcc, Go, and the generated codecs of the codec module (codec/target/generated-c and generated-go), which
# `cli/ringway` builds on its first run. Usage: examples/cross-language-demo/build.sh [output directory]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$here/target/demo-bin}"
mkdir -p "$out"

generated_c="$root/codec/target/generated-c"
if [[ ! -d "$generated_c" ]]; then
    echo "demo build: generated C codecs missing: $generated_c (build them: mvn -pl codec package -DskipTests)" >&2
    exit 1
fi

cc="${CC:-gcc}"
cflags=(-O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -pedantic -I"$root/c-interop/include")
"$cc" "${cflags[@]}" -I"$generated_c" "$here/c/market_data_consumer.c" -o "$out/market_data_consumer_c"
"$cc" "${cflags[@]}" -I"$root/c-interop/programs" "$root/c-interop/programs/sequence_producer.c" \
    -o "$out/sequence_producer_c"


if ! command -v go >/dev/null 2>&1; then
    echo "demo build: Go not found: install Go >= 1.22 (apt-get install golang-go, or https://go.dev/dl)" >&2
    exit 1
fi
generated_go="$root/codec/target/generated-go"
if [[ ! -d "$generated_go" ]]; then
    echo "demo build: generated Go codecs missing: $generated_go (build them: mvn -pl codec package -DskipTests)" >&2
    exit 1
fi
export GOTOOLCHAIN=local GOFLAGS=-mod=mod
(cd "$here/go" && go build -o "$out/market_data_consumer_go" ./market_data_consumer)
(cd "$root/go-interop" && go build -o "$out/sequence_producer_go" ./cmd/sequence_producer)
echo "demo build: Go programs in $out" >&2
