#!/usr/bin/env bash
# Offline validation of the Zapier app (issue #5), as `zapier-platform push` would check it:
#   1. schema check on the machine's Node 20 (zapier-platform-core's own validate command);
#   2. under Node 22 (the CLI's minimum), with zapier-platform-cli@19.1.0 cached outside the repo:
#      `zapier-platform validate --without-style` in the package, then
#      `zapier-platform build --skip-dep-install --skip-validation` in a staged copy with a flat
#      `npm install --omit=dev` of the runtime dependencies (see "Why a staged build" below);
#   3. the built zip unzipped and loaded with Node 22, one trigger's perform run on a signed request.
# Needs the npm registry once (Node 22, the CLI, the staged dependencies); later runs use the cache.
#
# Why a staged build: in the pnpm workspace, `build --skip-dep-install` succeeds, but the zip then
# mirrors the workspace (index.js symlinked to packages/zapier-switchboard/, node_modules/.pnpm)
# and carries dangling symlinks to dev-only packages (jest, typescript, nock). The staged copy
# gives the flat npm layout `zapier-platform push` itself produces (it runs `npm install
# --production` in a copy), with only runtime dependencies.
set -euo pipefail

pkg="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$pkg/../.." && pwd)"
cache="${SWITCHBOARD_CACHE:-$HOME/.cache/switchboard}"
cli_version="19.1.0"
node22_version="22.23.3"
export DISABLE_ZAPIER_ANALYTICS=1

step() { printf '\n== %s\n' "$*"; }
die() { printf 'ci-validate: %s\n' "$*" >&2; exit 1; }

cd "$pkg"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

step "build the app (tsc -p tsconfig.build.json) with Node $(node --version)"
node_modules/.bin/tsc -p tsconfig.build.json

step "schema check on Node $(node --version): createAppHandler(app)({command: 'validate'})"
node -e '
  const zapier = require("zapier-platform-core");
  zapier.createAppHandler(require("./index.js"))({ command: "validate", calledFromCli: true }).then(({ results }) => {
    if (results.length > 0) { console.error(JSON.stringify(results, null, 2)); process.exit(1); }
    console.log("schema: no errors");
  }, (err) => { console.error(err); process.exit(1); });
'

step "Node $node22_version for the Zapier CLI"
node22_bin="$("$root/scripts/ensure-node.sh" "$node22_version")"
run22() { PATH="$node22_bin:$PATH" "$@"; }
run22 node --version

step "zapier-platform-cli@$cli_version (cached in $cache/zapier-cli-$cli_version)"
cli_dir="$cache/zapier-cli-$cli_version"
if [ ! -f "$cli_dir/.complete" ]; then
  rm -rf "$cli_dir.partial" "$cli_dir"
  mkdir -p "$cli_dir.partial"
  run22 npm install --prefix "$cli_dir.partial" --no-audit --no-fund --loglevel=error "zapier-platform-cli@$cli_version"
  touch "$cli_dir.partial/.complete"
  mv "$cli_dir.partial" "$cli_dir"
fi
zapier="$cli_dir/node_modules/.bin/zapier-platform"
run22 "$zapier" --version

step "zapier-platform validate --without-style (in $pkg)"
run22 "$zapier" validate --without-style

step "stage a flat copy with its runtime dependencies"
deps_key="$(node -e '
  const p = require("./package.json");
  const text = JSON.stringify({ dependencies: p.dependencies, overrides: { "get-intrinsic": "1.3.0" } });
  console.log(require("node:crypto").createHash("sha256").update(text).digest("hex").slice(0, 16));
')"
stage="$cache/zapier-stage-$deps_key"
# The staged package.json: the package's identity and runtime dependencies, no scripts (so build
# runs no `_zapier-build`), and npm's form of the workspace's get-intrinsic override (ENVIRONMENT.md).
node -e '
  const p = require("./package.json");
  const staged = { name: p.name, version: p.version, description: p.description, license: p.license, private: true,
    main: p.main, dependencies: p.dependencies, overrides: { "get-intrinsic": "1.3.0" } };
  process.stdout.write(JSON.stringify(staged, null, 2) + "\n");
' > "$work/package.json"
if [ ! -f "$stage/node_modules/.switchboard-deps-complete" ]; then
  rm -rf "$stage"
  mkdir -p "$stage"
  cp "$work/package.json" "$stage/package.json"
  (cd "$stage" && run22 npm install --omit=dev --no-audit --no-fund --loglevel=error)
  touch "$stage/node_modules/.switchboard-deps-complete"
fi
mv "$work/package.json" "$stage/package.json"
rm -rf "$stage/dist" "$stage/src" "$stage/build" "$stage/index.js" "$stage/README.md" "$stage/tsconfig.json" "$stage/tsconfig.build.json"
cp -R "$pkg/dist" "$pkg/src" "$pkg/index.js" "$pkg/README.md" "$pkg/tsconfig.json" "$pkg/tsconfig.build.json" "$stage/"
printf 'node_modules/\nbuild/\n' > "$stage/.gitignore"
echo "staged in $stage"

step "zapier-platform build --skip-dep-install --skip-validation (in the staged copy)"
(cd "$stage" && run22 "$zapier" build --skip-dep-install --skip-validation)
mkdir -p "$pkg/build"
cp "$stage/build/build.zip" "$stage/build/source.zip" "$pkg/build/"
unzip -l "$pkg/build/build.zip" | tail -1

step "load the built zip with Node $node22_version and run the New Event trigger's perform"
unzipped="$work/unzipped"
unzip -q "$pkg/build/build.zip" -d "$unzipped"
[ -f "$unzipped/index.js" ] && [ -f "$unzipped/zapierwrapper.js" ] || die "build.zip lacks index.js or zapierwrapper.js at its root"
NODE_ENV=test run22 node "$pkg/scripts/smoke-built-app.cjs" "$unzipped"

step "ok: schema, CLI validate, CLI build and the built app's perform all passed (build/build.zip)"
