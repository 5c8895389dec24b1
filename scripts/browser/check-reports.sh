#!/usr/bin/env bash
# The HTML reports in a real browser (docs/reports.md, "Tested in a browser"): runs a tiny grid
# (scripts/browser/tiny-grid.json), writes its run report and its comparison report (the sdv and
# synthcity cells split into two runs, joined again with --compare), loads each in headless Chromium and
# fails when
#   - Chromium logs a console message of level warning or error (a broken page, a blocked request),
#   - a named section is missing from the DOM Chromium built (--dump-dom),
#   - the page refers to anything outside itself (the page's Content-Security-Policy blocks any request,
#     and Chromium logs the refusal as a console error),
#   - the PDF is not written;
# and writes a PNG screenshot of each (phone and desktop widths) under results/browser-check/ to look at.
# Needs a built synthbench (SYNTHBENCH, default .build/debug/synthbench) and chromium (scripts/setup.sh --browser).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${SYNTHBENCH:-.build/debug/synthbench}
out=results/browser-check
chromium=${SYNTHBENCH_CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
[ -x "$bin" ] || { echo "check-reports: no synthbench at $bin; build it first (swift build)" >&2; exit 2; }
[ -n "$chromium" ] || { echo "check-reports: no Chromium; install it with apt-get install chromium (or scripts/setup.sh --browser)" >&2; exit 2; }
rm -rf "$out"
mkdir -p "$out"

echo "check-reports: running the tiny grid" >&2
"$bin" run scripts/browser/tiny-grid.json --out "$out/run" >"$out/run.log" 2>&1 || { cat "$out/run.log" >&2; exit 1; }
# the same cells as two runs, one per backend, for the cross-run comparison report
for b in sdv synthcity; do
  mkdir -p "$out/run-$b/cells"
  cp "$out/run/environment.json" "$out/run-$b/"
  cp "$out"/run/cells/*__"$b"__*.json "$out/run-$b/cells/"
done
"$bin" report "$out/run" --out "$out/run.html" --pdf
"$bin" report "$out/run-synthcity" --compare "$out/run-sdv" --out "$out/comparison.html"

# headless, and none of Chromium's own background traffic (updates, sync, metrics)
quiet=(--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update
       --disable-sync --disable-domain-reliability --disable-default-apps --no-default-browser-check)
failures=0
check() {   # check NAME HTML
  local name=$1 page=$2 profile log dom
  profile=$(mktemp -d) log="$out/$name.console.log" dom="$out/$name.dom.html"
  "$chromium" "${quiet[@]}" --user-data-dir="$profile" --enable-logging=stderr --v=0 --dump-dom "file://$PWD/$page" >"$dom" 2>"$log" || { echo "FAIL $name: chromium exited $?" >&2; failures=$((failures + 1)); }
  # console messages (CONSOLE lines at any level) and requests that left the file
  if grep -E 'CONSOLE|Uncaught|Refused to|net::ERR' "$log" >&2; then
    echo "FAIL $name: console messages or failed requests (above)" >&2; failures=$((failures + 1))
  fi
  for id in summary figures cells comparison failures environment privacy; do
    grep -q "<section id=\"$id\"" "$dom" || { echo "FAIL $name: section #$id missing from the DOM" >&2; failures=$((failures + 1)); }
  done
  local svgs
  svgs=$(grep -o '<svg ' "$dom" | wc -l)
  [ "$svgs" -ge 3 ] || { echo "FAIL $name: $svgs inline SVG figure(s), expected at least 3" >&2; failures=$((failures + 1)); }
  if grep -Eo '(src|href)="https?:[^"]*"' "$dom" >&2; then
    echo "FAIL $name: external references (above)" >&2; failures=$((failures + 1))
  fi
  for width in 390 1280; do
    "$chromium" "${quiet[@]}" --user-data-dir="$profile" --hide-scrollbars --window-size="$width,2400" --screenshot="$PWD/$out/$name-$width.png" "file://$PWD/$page" >/dev/null 2>&1
    [ -s "$out/$name-$width.png" ] || { echo "FAIL $name: no screenshot at width $width" >&2; failures=$((failures + 1)); }
  done
  rm -rf "$profile"
  echo "checked $name: $(grep -c '<tr' "$dom") table rows, $svgs figures; screenshots $out/$name-{390,1280}.png" >&2
}
check run "$out/run.html"
check comparison "$out/comparison.html"
head -c 5 "$out/run.pdf" | grep -q '%PDF-' || { echo "FAIL run: $out/run.pdf is not a PDF" >&2; failures=$((failures + 1)); }

# Negative control: a copy with an external image and a renamed section must fail both checks.
before=$failures
sed -e 's|<main>|<main><img src="https://example.invalid/x.png">|' -e 's|<section id="privacy"|<section id="privacy-renamed"|' \
  "$out/run.html" >"$out/control.html"
check control "$out/control.html" 2>"$out/control.log" || true
if [ $((failures - before)) -lt 2 ] || ! grep -q 'Content Security Policy' "$out/control.log" || ! grep -q 'section #privacy missing' "$out/control.log"; then
  cat "$out/control.log" >&2
  echo "FAIL negative control: a page with an external image and a missing section was not caught" >&2
  failures=$((before + 1))
else
  echo "negative control caught: the external image (console) and the missing section" >&2
  failures=$before
fi

if [ "$failures" -gt 0 ]; then
  echo "check-reports: $failures failure(s)" >&2
  exit 1
fi
echo "check-reports: both reports load cleanly in $("$chromium" --version 2>/dev/null | head -1)" >&2
