#!/usr/bin/env bash
# Browser tests of the admin page: real headless Chromium (Debian's package, driven by
# playwright-core), a real relay process and a real receiver. Writes docs/screenshots/*.png.
set -euo pipefail
cd "$(dirname "$0")/../../.."
if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Debian chromium (playwright's own browser download does not work here)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
echo "== $(chromium --version 2>/dev/null)"
npx --yes pnpm@10.34.9 --filter @switchboard/relay run build
npx --yes pnpm@10.34.9 --filter admin-ui run typecheck
npx --yes pnpm@10.34.9 --filter admin-ui run build
node --test --test-concurrency=1 --test-timeout=180000 packages/admin-ui/e2e/
