#!/usr/bin/env bash
# Shows that two placebook binaries write byte-identical sites: the sample playbook,
# the `good` test fixture and (when ../shared/bench/gen_corpus.py is there) a generated
# corpus of 1,000 case studies. Only the manifest (`.placebook`) may differ.
#
#   scripts/same-output.sh OLD_BINARY NEW_BINARY [CORPUS_SIZE]
#
# Build the old binary from an earlier commit first, e.g.
#   git worktree add /tmp/pb-old <commit> && cargo build --manifest-path /tmp/pb-old/Cargo.toml
set -euo pipefail
old=$1 new=$2 n=${3:-1000}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sites=("sample:.:https://example.org/pb/" "good:tests/fixtures/good:")
gen=../shared/bench/gen_corpus.py
if [ -f "$gen" ]; then
  python3 "$gen" --n "$n" --layout placebook --out "$work/corpus" >/dev/null
  sites+=("corpus:$work/corpus:https://example.org/")
else
  echo "note: $gen not found; the generated corpus is not compared" >&2
fi
status=0
for entry in "${sites[@]}"; do
  IFS=: read -r name root base <<<"${entry/https:/https§}"
  base=${base/https§/https:}
  args=(build --root "$root")
  [ -n "$base" ] && args+=(--base-url "$base")
  for which in old new; do
    bin=$old; [ "$which" = new ] && bin=$new
    "$bin" "${args[@]}" --output "$work/$name-$which" >"$work/$name-$which.log" 2>&1 ||
      { echo "$name: the $which binary failed to build it"; cat "$work/$name-$which.log"; exit 1; }
  done
  if diff -r -x .placebook "$work/$name-old" "$work/$name-new" >"$work/$name.diff"; then
    echo "$name: identical ($(find "$work/$name-new" -type f | wc -l) files)"
  else
    echo "$name: DIFFERENT"; head -40 "$work/$name.diff"; status=1
  fi
done
exit $status
