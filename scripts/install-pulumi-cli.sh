#!/usr/bin/env bash
# Builds the Pulumi CLI and its Python language host from the Go module proxy, at the release the
# project pins, into a per-version cache outside the repo. A second run costs nothing.
#
# Why build: the machines reach package registries only, and the Pulumi CLI is published as Go
# modules there. Why a wrapper module: the CLI's go.mod carries replace directives, which
# `go install module@version` refuses; as dependencies of another module they are ignored.
#
# Usage: scripts/install-pulumi-cli.sh            -> prints the bin directory on stdout
# Env:   PULUMI_VERSION (default from pulumi-version.txt), PULUMI_CLI_CACHE (default ~/.cache/activity-schemas)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
PULUMI_VERSION=${PULUMI_VERSION:-$(sed -n 's/^version=//p' "$here/pulumi-version.txt")}
LANGHOST_SDK=${LANGHOST_SDK:-$(sed -n 's/^language_host_sdk=//p' "$here/pulumi-version.txt")}
CACHE=${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/activity-schemas}
OUT="$CACHE/pulumi-v$PULUMI_VERSION"

log() { echo "install-pulumi-cli: $*" >&2; }

# 1. A pulumi on PATH at the pinned version is used as it is.
if command -v pulumi >/dev/null 2>&1 && [ "$(pulumi version 2>/dev/null)" = "v$PULUMI_VERSION" ]; then
  dir=$(dirname "$(command -v pulumi)")
  if [ -x "$dir/pulumi-language-python" ] && [ -x "$dir/pulumi-resource-pulumi-python" ]; then
    echo "$dir"; exit 0
  fi
fi

# 2. The cache, when it already holds this version.
if [ -x "$OUT/bin/pulumi" ] && [ "$("$OUT/bin/pulumi" version 2>/dev/null)" = "v$PULUMI_VERSION" ] \
   && [ -x "$OUT/bin/pulumi-language-python" ] && [ -x "$OUT/bin/pulumi-language-python-host" ] \
   && [ -x "$OUT/bin/pulumi-language-python-exec" ] \
   && [ -x "$OUT/bin/pulumi-resource-pulumi-python" ]; then
  echo "$OUT/bin"; exit 0
fi

# 3. Build it.
command -v go >/dev/null 2>&1 || { log "no Go toolchain on PATH; install Go >= 1.25.11 or put pulumi v$PULUMI_VERSION on PATH"; exit 1; }
log "building pulumi v$PULUMI_VERSION into $OUT (first time only; several minutes on two cores)"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
start=$(date +%s)
work=$(mktemp -d)
mkdir -p "$CACHE"
build_log="$CACHE/build-v$PULUMI_VERSION.log"
log "the Go toolchain's output goes to $build_log"
exec 3>&2 2>"$build_log"   # the go commands below write their chatter to stderr: keep it in the log
trap 'status=$?; exec 2>&3; rm -rf "$work"; [ $status -eq 0 ] || { echo "install-pulumi-cli: failed; last lines of $build_log:" >&2; tail -n 20 "$build_log" >&2; }' EXIT
cd "$work"
go mod init example.invalid/pulumi-cli-build >/dev/null 2>&1
go mod edit -go=1.25.11
go mod edit -replace=github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
go mod edit -replace=golang.org/x/text=golang.org/x/text@v0.39.0
go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$PULUMI_VERSION" >&2
go get "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" >&2
go mod tidy >&2
tmp_out="$OUT.partial"
rm -rf "$tmp_out"; mkdir -p "$tmp_out/bin"
go build -trimpath -tags osusergo,grpcnotrace \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
  -o "$tmp_out/bin/" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2

# The Python language host. Its own module (sdk/python/cmd/pulumi-language-python/v3) is not
# served by the module proxy this project can reach, at any version; the same program lived as a
# package of the sdk/v3 module until v3.79.0, which the proxy serves. The language host only runs
# the program with the project's Python; the engine, the Python SDK and the dynamic-provider
# server are the pinned release.
mkdir "$work/langhost"; cd "$work/langhost"
go mod init example.invalid/pulumi-langhost-build >/dev/null 2>&1
go get "github.com/pulumi/pulumi/sdk/v3@$LANGHOST_SDK" >&2
printf '//go:build tools\npackage tools\n\nimport _ "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python"\n' > tools.go
go mod tidy >&2
go build -trimpath -ldflags "-s -w" -o "$tmp_out/bin/pulumi-language-python-host" \
  github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python >&2
cd "$work"
# That host takes the virtualenv as a command-line flag, which today's engine no longer passes (it
# sends Pulumi.yaml's runtime options over gRPC). The wrapper reads the option itself and hands
# the host the virtualenv's python, so `pulumi up` in a project with `virtualenv:` works as usual.
install -m 0755 "$here/pulumi-language-python-wrapper.sh" "$tmp_out/bin/pulumi-language-python"
sdk_dir=$(go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)
install -m 0755 "$sdk_dir/python/cmd/pulumi-language-python-exec" "$tmp_out/bin/"
install -m 0755 "$sdk_dir/python/dist/pulumi-resource-pulumi-python" "$tmp_out/bin/"
got=$("$tmp_out/bin/pulumi" version)
[ "$got" = "v$PULUMI_VERSION" ] || { log "built pulumi reports '$got', expected v$PULUMI_VERSION"; exit 1; }
rm -rf "$OUT"; mv "$tmp_out" "$OUT"
exec 2>&3
log "built pulumi $got in $(( $(date +%s) - start ))s"
echo "$OUT/bin"
