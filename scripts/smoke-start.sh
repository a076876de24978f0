#!/usr/bin/env bash
# The README's first command, checked as a newcomer would run it: `pnpm start` on a fresh data
# folder must give a ready relay whose /admin serves the admin page (not the "not built" 404).
# Runs on a free port with a throwaway data folder; stops the relay afterwards. Used by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
data="$(mktemp -d)"
log="$data/start.log"
SWITCHBOARD_PORT="$port" SWITCHBOARD_DATA_DIR="$data/data" setsid npx --yes pnpm@10.34.9 start >"$log" 2>&1 &
pid=$!
cleanup() { kill -- -"$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
for _ in $(seq 1 240); do
  if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "smoke-start: pnpm start exited early:" >&2; tail -40 "$log" >&2; exit 1; fi
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null || { echo "smoke-start: the relay was not ready within 120 s" >&2; tail -40 "$log" >&2; exit 1; }
page="$(curl -fsS "http://127.0.0.1:$port/admin/")" || { echo "smoke-start: GET /admin/ failed (is the admin page built by pnpm start?)" >&2; exit 1; }
grep -q '<div id="app"\|<script type="module"' <<<"$page" || { echo "smoke-start: /admin/ did not serve the admin page:" >&2; head -c 500 <<<"$page" >&2; exit 1; }
grep -q "admin API key" "$log" || { echo "smoke-start: the first start printed no admin key:" >&2; tail -20 "$log" >&2; exit 1; }
echo "smoke-start: pnpm start gave a ready relay on :$port with its admin page"
