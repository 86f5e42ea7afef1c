#!/usr/bin/env bash
# Takes the README's screenshots of the sample playbook with headless Chromium:
# the home page, a building block, a case study, the case-study index, the
# self-assessment and search at 390 px (a phone) and 1280 px, and the matrix at 1280 px.
#   bash scripts/screenshots.sh            # writes docs/static/screenshots/*.png
# Needs Chromium (apt-get install chromium) and a release build (it runs one).
set -euo pipefail
cd "$(dirname "$0")/.."
chromium=${PLACEBOOK_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$chromium" ] || { echo "Chromium not found: apt-get install chromium" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run --quiet --release -- -q build --output "$out/site"
mkdir -p docs/static/screenshots
shoot() { # name page width height
  local profile; profile=$(mktemp -d)
  "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --force-prefers-reduced-motion --virtual-time-budget=3000 \
    --window-size="$3,$4" --screenshot="docs/static/screenshots/$1.png" "file://$out/site/$2" >/dev/null 2>&1
  rm -rf "$profile"
  echo "docs/static/screenshots/$1.png"
}
for width in 390 1280; do
  height=$(( width == 390 ? 1500 : 1100 ))
  shoot "home-$width" index.html "$width" "$height"
  shoot "block-$width" building-blocks/shared-purpose/index.html "$width" "$height"
  shoot "case-study-$width" case-studies/sheffield-money/index.html "$width" "$height"
  shoot "case-studies-$width" case-studies/index.html "$width" "$height"
  shoot "diagnostic-$width" diagnostic/index.html "$width" "$height"
  shoot "search-$width" "search/index.html?q=community" "$width" "$height"
done
shoot matrix-1280 matrix/index.html 1280 1100
