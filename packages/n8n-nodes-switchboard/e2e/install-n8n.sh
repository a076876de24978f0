#!/usr/bin/env bash
# Prints the folder holding a working n8n install (its node_modules/.bin/n8n), installing it once.
# Usage: e2e/install-n8n.sh <node bin dir> [n8n version, default 2.41.1]
#
# Recipe (docs/development.md, "n8n"): a plain `npm install n8n` fails here (a native module
# downloads from the internet at install), so install with --ignore-scripts (about 4 min, 2.9 GB)
# and then build the two native modules n8n needs from the Node headers (about 1 min). The install
# lives under ~/.cache/switchboard (or $SWITCHBOARD_CACHE), outside the repository, and is only
# trusted once the marker file exists: a half-finished install is thrown away and redone.
set -euo pipefail
node_bin="${1:?usage: install-n8n.sh <node bin dir> [version]}"
version="${2:-2.41.1}"
cache="${SWITCHBOARD_CACHE:-$HOME/.cache/switchboard}"
dir="$cache/n8n-$version"
marker="$dir/.switchboard-install-complete"

if [ -f "$marker" ] && [ -x "$dir/node_modules/.bin/n8n" ]; then
  echo "$dir"
  exit 0
fi

log() { echo "install-n8n: $*" >&2; }
export PATH="$node_bin:$PATH"
node_dir="$(cd "$node_bin/.." && pwd)"
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
printf '{\n  "name": "switchboard-e2e-n8n",\n  "private": true\n}\n' >package.json

started=$(date +%s)
log "installing n8n@$version into $dir with Node $(node --version) (about 4 minutes, 2.9 GB)..."
npm install "n8n@$version" --ignore-scripts --no-audit --no-fund --loglevel=error >&2
log "installed in $(($(date +%s) - started)) s; building sqlite3 and isolated-vm against $node_dir (about 1 minute)..."
npm_config_nodedir="$node_dir" npm rebuild sqlite3 isolated-vm --loglevel=error >&2
node -e 'require("sqlite3"); require("isolated-vm")' >&2
date -u +%FT%TZ >"$marker"
log "done in $(($(date +%s) - started)) s"
echo "$dir"
