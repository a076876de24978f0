#!/usr/bin/env bash
# End-to-end test of n8n-nodes-switchboard inside a real n8n 2.41.1 on Node 24, against a real
# relay. Needs the relay and the package built (the workspace's `pnpm build`). The first run
# installs Node 24 and n8n under ~/.cache/switchboard (about 5 minutes); later runs take < 1 min.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
package_dir="$(dirname "$here")"
repo="$(cd "$package_dir/../.." && pwd)"

for built in "$repo/relay/dist/main.js" "$package_dir/dist/nodes/ClarkyTrigger/ClarkyTrigger.node.js"; do
  [ -f "$built" ] || { echo "[e2e] ${built#"$repo/"} is missing: run \`npx pnpm@10.34.9 build\` first" >&2; exit 1; }
done

# The relay runs on the machine's Node (its native SQLite addon was built for it); n8n on Node 24.
relay_node="$(command -v node)"
echo "[e2e] preparing Node 24 and n8n 2.41.1 (cached under ${SWITCHBOARD_CACHE:-$HOME/.cache/switchboard})"
node_bin="$("$repo/scripts/ensure-node.sh" 24.21.0)"
n8n_dir="$("$here/install-n8n.sh" "$node_bin" 2.41.1)"

exec "$node_bin/node" "$here/e2e.mjs" --n8n-dir "$n8n_dir" --node-bin "$node_bin" --relay-node "$relay_node" --repo "$repo" "$@"
