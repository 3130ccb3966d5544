#!/usr/bin/env bash
# scripts/build-release.sh SRC OUT — the release build, the same steps the Dockerfile runs:
#   1. build stage: the project's files copied from SRC into OUT.build, esbuild installed (at the
#      lockfile's version), `npm run build` (scripts/build.mjs) writes dist/;
#   2. runtime: OUT gets only what runs (package files, bin/, dist/, the spec, the docs page, the
#      sample data) and `npm ci --omit=dev` installs the production dependencies, building
#      better-sqlite3 for this Node;
#   3. the build stage is removed. Start the result with `node dist/server/src/main.js` in OUT.
# Runs as any user that can write OUT (the test runs it as `nobody`). NPM_CONFIG_CACHE is honoured.
# ENRICH_NATIVE_CACHE=DIR (optional, used by the test to skip the ~80 s native compile): a directory
# of better-sqlite3 addons named by version and Node ABI; a hit is copied in, a miss is built and saved.
set -euo pipefail

SRC=$(cd "${1:?usage: build-release.sh SRC OUT}" && pwd)
OUT=${2:?usage: build-release.sh SRC OUT}
BUILD="$OUT.build"
NPM_FLAGS=(--no-audit --no-fund --prefer-offline --loglevel=error)
started=$(date +%s)

rm -rf "$OUT" "$BUILD"
mkdir -p "$OUT" "$BUILD"

echo "== build stage ($BUILD)"
# The files the project tracks (a git checkout) or, in a Docker build context, everything but the
# installed and built trees.
if git -C "$SRC" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git -C "$SRC" ls-files -z --cached --others --exclude-standard | (cd "$SRC" && xargs -0 tar -cf - --no-recursion) | tar -xf - -C "$BUILD"
else
  tar -C "$SRC" --exclude=./node_modules --exclude=./dist --exclude=./.git --exclude=./client/dist \
    --exclude='./data/*.db*' --exclude=./.enrich-dev-key -cf - . | tar -xf - -C "$BUILD"
fi
# The build only transpiles (the type check is CI's `npm run lint:ts`), so the build stage installs
# esbuild, at the lockfile's version, instead of all ~1,100 development packages — and the three
# runtime packages the Studio's browser bundle (dist/studio/studio.js) inlines.
build_packages=$(node -p "const lock = require('$BUILD/package-lock.json').packages; ['esbuild', 'openapi-fetch', 'cockatiel', 'email-providers'].map((name) => name + '@' + lock['node_modules/' + name].version).join(' ')")
# shellcheck disable=SC2086 # one word per package
npm install --prefix "$BUILD/.tools" --no-save --no-package-lock "${NPM_FLAGS[@]}" $build_packages
ln -s .tools/node_modules "$BUILD/node_modules"
(cd "$BUILD" && node scripts/build.mjs)

echo "== runtime ($OUT)"
(cd "$BUILD" && tar -cf - package.json package-lock.json .npmrc bin dist openapi/enrich.yaml server/static data/sample) | tar -xf - -C "$OUT"
cd "$OUT"
addon_version=$(node -p "require('./package-lock.json').packages['node_modules/better-sqlite3'].version")
cached_addon="${ENRICH_NATIVE_CACHE:-}/better-sqlite3-$addon_version-abi$(node -p process.versions.modules).node"
addon=node_modules/better-sqlite3/build/Release/better_sqlite3.node
if [ -n "${ENRICH_NATIVE_CACHE:-}" ] && [ -f "$cached_addon" ]; then
  npm ci --omit=dev --ignore-scripts "${NPM_FLAGS[@]}"
  mkdir -p "$(dirname "$addon")" && cp "$cached_addon" "$addon"
  echo "better-sqlite3 $addon_version: addon taken from $cached_addon"
else
  npm ci --omit=dev "${NPM_FLAGS[@]}"
  if [ -n "${ENRICH_NATIVE_CACHE:-}" ]; then mkdir -p "$ENRICH_NATIVE_CACHE" && cp "$addon" "$cached_addon"; fi
fi
# The native addon must load here, or the server would fail at its first store access.
node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"
rm -rf "$BUILD"
echo "== release in $OUT ($(du -sh "$OUT" | cut -f1), $(( $(date +%s) - started )) s): cd $OUT && NODE_ENV=production ENRICH_API_KEYS=tenant:key node dist/server/src/main.js"
