#!/usr/bin/env bash
# What a newcomer does, in a place where nothing but the repository exists: clone it into an
# empty temp folder (no ../shared beside it), `npm ci`, `npm test`, `npm run demo`, `npm pack`,
# install the tarball globally into a temp prefix, and drive a flag's lifecycle with the
# installed binary in a new repository. Uncommitted changes of this checkout (tracked files and
# new files git does not ignore) are carried into the clone, so CI tests what is there.
# The last line is the plain test summary: `vitest: N passed, N failed, N skipped`.
set -euo pipefail
export NO_COLOR=1
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/flagstore-fresh-XXXXXX")
report="$work/vitest.json"
# Always the last line, whatever failed: the plain test summary.
summary() {
node -e '
const fs = require("fs");
const path = process.argv[1];
const r = fs.existsSync(path)
? JSON.parse(fs.readFileSync(path, "utf8"))
: { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0 };
console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' "$report"
}
trap 'status=$?; rm -rf "$work/prefix" "$work/newcomer-repo"; summary; rm -rf "$work"; exit $status' EXIT
clone="$work/flagstore"
step() { printf '\n== %s\n' "$*"; }

step "clone into $clone (nothing beside it)"
git clone -q --no-hardlinks "$src" "$clone"
if ! git -C "$src" diff --quiet HEAD; then
echo "carrying the checkout's uncommitted changes into the clone"
git -C "$src" diff HEAD --binary | git -C "$clone" apply --whitespace=nowarn
fi
git -C "$src" ls-files --others --exclude-standard -z >"$work/untracked"
if [ -s "$work/untracked" ]; then
  (cd "$src" && tar -cf - --null -T "$work/untracked") | tar -xf - -C "$clone"
fi
test ! -e "$work/shared"
cd "$clone"

step 'npm ci'
npm ci --no-audit --no-fund

step 'npm test'
timer=()
if [ -x /usr/bin/time ]; then timer=(/usr/bin/time -f 'npm test: %e s wall, %U s user + %S s sys CPU'); fi
"${timer[@]}" npm test -- --reporter=default --reporter=json --outputFile="$report"

step 'npm run demo'
npm run demo >"$work/demo.log" || { cat "$work/demo.log"; exit 1; }
tail -n 5 "$work/demo.log"

step 'npm pack, then a global install of the tarball into a temp prefix'
tarball=$(npm pack --silent | tail -n 1)
prefix="$work/prefix"
npm install -g --prefix "$prefix" --no-audit --no-fund "$clone/$tarball"
bin="$prefix/bin/flagstore"
# The installed copy must not reach back into the clone.
rm -rf "$clone/dist" "$clone/node_modules"

step 'lifecycle with the installed binary'
repo="$work/newcomer-repo"
mkdir "$repo"
cd "$repo"
git init -q -b main
git config user.email ci@example.com
git config user.name CI
"$bin" --version
"$bin" init
git add -A
git commit -q -m 'set up flagstore'
"$bin" agents add backend.api --description 'REST handlers and serializers'
id=$("$bin" --json create change --by @db.schema --to @backend.api \
  --change 'The users table gained a preferences JSON column for personalisation settings.' \
  --action 'Update the user loaders and serializers to read and return the preferences column; add tests for null values and for large documents.' |
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).flag.id))')
echo "created $id"
"$bin" list --for @backend.api
"$bin" lock "$id" --by @backend.api
"$bin" complete "$id" --by @backend.api --notes 'Loaders and serializers read the column.'
git add -A
git commit -q -m 'The flag is done (the installed hook runs on this commit)'
"$bin" show "$id" | head -n 3
test -z "$(git status --porcelain)"
echo 'lifecycle: ok'
