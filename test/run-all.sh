#!/usr/bin/env bash
# The whole test suite, as CI runs it: type-check, build, bring up the lab
# hosts the integration tests need, run every test, and take the lab down
# again (also when tests fail). Ends with the line `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."

npm run --silent typecheck || exit 1
npm run --silent build || exit 1

hosts=${LAB_HOSTS:-22}
trap 'bash test/lab/down.sh' EXIT
bash test/lab/up.sh "$hosts" || exit 1

tap=$(mktemp)
npx ava --tap "$@" | tee "$tap"
rc=${PIPESTATUS[0]}
passed=$(sed -n 's/^# pass //p' "$tap")
failed=$(sed -n 's/^# fail //p' "$tap")
rm -f "$tap"
echo "${passed:-0} passed, ${failed:-0} failed"
exit "$rc"
