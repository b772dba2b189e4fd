#!/usr/bin/env bash
# Runs everywhere, proven (issue 10). Called by .ci/run after both `npm ci`s; exits non-zero on any
# failure. What it does:
#   1. installs Debian's chromium when /usr/bin/chromium is missing (never a downloaded browser);
#   2. bundles the portable suite once (test/portable/ -> .tmp/portable/suite.mjs, one ESM file);
#   3. runs it on Node 20 (the machine's, under vitest), Node 22 and 24 (npm binaries in
#      tools/runtimes), Deno, Bun, workerd and headless Chromium, two at a time, beside the
#      tarball test and the docs build; and the CA handler (certkit/server) served over real HTTP
#      by Deno.serve, Bun.serve, workerd and certkit/node, each enrolling with EST and the JSON
#      API (test/runtimes/serve-runtimes.test.ts);
#   4. checks every runtime passed and printed the same outcome digest (same answers everywhere);
#   5. the tests of test/runtimes/ (Node 24's ML-DSA; the CA handler on Deno/Bun/workerd/Node),
#      which need these binaries;
#   6. size budgets (scripts/size.mjs), publint and attw on the packed tarball, TSDoc coverage.
# Logs: .tmp/portable/logs/<job>.log (the tail is printed when a job fails).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
started=$SECONDS
LOGS=.tmp/portable/logs
RESULTS=.tmp/portable/results
rm -rf "$LOGS" "$RESULTS"
mkdir -p "$LOGS" "$RESULTS"

fail() { echo "ci-runtimes: $*" >&2; exit 1; }

echo "== runtimes: toolchain"
# The machine's Node: the first `node` on PATH that is not a registry binary under node_modules
# (npm scripts and npx put node_modules/.bin, whose `node` is Node 24, first on PATH).
NODE20=""
while IFS= read -r n; do
  case "$n" in */node_modules/*) continue ;; esac
  NODE20=$n
  break
done < <(type -ap node)
[ -n "$NODE20" ] || fail "no system node on PATH"
NODE22=tools/runtimes/node_modules/node22/bin/node
NODE24=tools/runtimes/node_modules/node24/bin/node
DENO=tools/runtimes/node_modules/.bin/deno
BUN=tools/runtimes/node_modules/.bin/bun
for b in "$NODE22" "$NODE24" "$DENO" "$BUN" tools/runtimes/node_modules/.bin/workerd; do
  [ -x "$b" ] || fail "$b is missing (npm ci --prefix tools/runtimes installs it)"
done
if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || fail "apt-get install chromium failed"
fi
echo "node (system) $("$NODE20" --version) at $NODE20; node22 $("$NODE22" --version); node24 $("$NODE24" --version)"
echo "$("$DENO" --version | head -1); bun $("$BUN" --version); workerd $(tools/runtimes/node_modules/.bin/workerd --version 2>&1 | head -1)"
echo "$(/usr/bin/chromium --version 2>/dev/null | head -1)"

echo "== runtimes: bundle"
"$NODE20" scripts/portable/bundle.mjs || fail "bundling the portable suite failed"

# Jobs: label and command. Run two at a time (the CI machine has 2 cores).
declare -a LABELS=(node20-vitest node22 node24 deno bun workerd chromium tarball docs runtime-tests)
declare -A CMD=(
  [node20-vitest]="$NODE20 node_modules/vitest/vitest.mjs run --config scripts/portable/vitest.config.mjs"
  [node22]="$NODE22 scripts/portable/run-fs.mjs node22"
  [node24]="$NODE24 scripts/portable/run-fs.mjs node24"
  [deno]="$DENO run --allow-read --allow-write=.tmp --allow-env scripts/portable/run-fs.mjs deno"
  [bun]="$BUN scripts/portable/run-fs.mjs bun"
  [workerd]="$NODE20 scripts/portable/run-workerd.mjs"
  [chromium]="$NODE20 scripts/portable/run-chromium.mjs"
  # The CA handler on Deno.serve, Bun.serve, workerd and certkit/node, enrolling over HTTP.
  # The tarball test under the machine's Node (the engines floor: CJS entry points require the
  # ESM-only @noble packages through require(esm)); --reporter keeps .tmp/vitest-results.json.
  [tarball]="$NODE20 node_modules/vitest/vitest.mjs run test/package-tarball.test.ts --reporter=default"
  # The docs build, into .tmp so the working tree's docs/api is left alone; warnings are errors.
  # test/runtimes/: ML-DSA certificates against Node 24's X509Certificate (OpenSSL 3.5), and the
  # CA handler served by Deno.serve, Bun.serve, workerd and Node: they need tools/runtimes.
  [runtime-tests]="$NODE20 node_modules/vitest/vitest.mjs run --config test/runtimes/vitest.config.mjs"
  [docs]="$NODE20 tools/dev/node_modules/typedoc/bin/typedoc --out .tmp/docs-api"
)
declare -A PIDS=() START=() STATUS=() TOOK=()

finish_one() {
  local pid=$1 code=$2 label
  for label in "${!PIDS[@]}"; do
    if [ "${PIDS[$label]}" = "$pid" ]; then
      STATUS[$label]=$code
      TOOK[$label]=$((SECONDS - START[$label]))
      unset "PIDS[$label]"
      if [ "$code" = 0 ]; then
        echo "ok   $label (${TOOK[$label]} s) $(sed 's/\x1b\[[0-9;]*m//g' "$LOGS/$label.log" | grep -E '[0-9]+ passed' | tail -1)"
      else
        echo "FAIL $label (${TOOK[$label]} s, exit $code); last lines of $LOGS/$label.log:"
        tail -25 "$LOGS/$label.log" | sed 's/^/     /'
      fi
      return
    fi
  done
}

wait_any() {
  local pid code
  wait -n -p pid
  code=$?
  finish_one "$pid" "$code"
}

echo "== runtimes: run (2 at a time)"
for label in "${LABELS[@]}"; do
  while [ "${#PIDS[@]}" -ge 2 ]; do wait_any; done
  START[$label]=$SECONDS
  # shellcheck disable=SC2086
  ( exec ${CMD[$label]} ) >"$LOGS/$label.log" 2>&1 &
  PIDS[$label]=$!
done
while [ "${#PIDS[@]}" -gt 0 ]; do wait_any; done

failures=0
for label in "${LABELS[@]}"; do
  [ "${STATUS[$label]:-1}" = 0 ] || failures=$((failures + 1))
done

echo "== runtimes: same answers everywhere"
"$NODE20" scripts/portable/report.mjs || failures=$((failures + 1))

echo "== size"
"$NODE20" scripts/size.mjs || failures=$((failures + 1))

echo "== publint and attw (the tarball packed by the tarball test)"
tgz=$(ls .tmp/pack/certkit-*.tgz 2>/dev/null | head -1)
if [ -z "$tgz" ] || [ ! -d .tmp/pack/stage/dist ]; then
  echo "FAIL no packed tarball in .tmp/pack (the tarball job failed)"
  failures=$((failures + 1))
else
  tools/runtimes/node_modules/.bin/publint --strict .tmp/pack/stage || failures=$((failures + 1))
  # node16 profile: the package needs Node >= 20.19 ("engines"), so node10 resolution of the
  # subpath exports is out of scope.
  tools/runtimes/node_modules/.bin/attw --profile node16 --format table-flipped --no-emoji --no-color "$tgz" || failures=$((failures + 1))
fi

echo "== TSDoc on every public export"
# Every public export has TSDoc with an @example (issue 10); a gap fails CI.
"$NODE20" scripts/check-tsdoc.mjs || failures=$((failures + 1))

echo "== runtimes, size, package: $failures failure(s) in $((SECONDS - started)) s"
[ "$failures" = 0 ]
