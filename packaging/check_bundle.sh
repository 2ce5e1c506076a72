#!/usr/bin/env bash
# CI's check of the installers (issue 17): build the bundle, start it offscreen from a folder
# outside the checkout on a fresh demo school (it must print «shown»), make a PDF through its
# command line, print the highest GLIBC_ its files need, then install the Linux wheelhouse
# offline into a fresh venv and print an order with it. Prints the bundle's size and start
# times. Needs the project's .venv (make venv).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen HOME="$work/home"
mkdir -p "$HOME"

.venv/bin/python packaging/build_bundle.py --dist "$work/dist"
cp -r "$work/dist/nastavnik" "$work/app"
cd "$work"
du -sh app
./app/nastavnik-cli demo --db "$work/demo.sqlite" --date 23.11.2026
start=$EPOCHREALTIME
shown=$(./app/nastavnik --db "$work/demo.sqlite" --quit-when-shown 2>/dev/null)
end=$EPOCHREALTIME
echo "bundle window: «$shown» in $(awk "BEGIN { printf \"%.2f\", $end - $start }") s"
[ "$shown" = "shown" ] || { echo "the bundle's window did not show" >&2; exit 1; }
./app/nastavnik-cli report pairs --db "$work/demo.sqlite" --out "$work/pairs.pdf"
# the text first, then grep: `grep -q` stops reading early, and with pipefail the writer's
# SIGPIPE would fail the check
pairs_text=$(pdftotext "$work/pairs.pdf" -)
grep -q "Список наставнических пар" <<< "$pairs_text" \
    || { echo "the bundle's PDF lacks its title" >&2; exit 1; }

"$root/.venv/bin/python" "$root/packaging/wheelhouse.py" --out "$work/wheelhouse" \
    --targets linux --python "$("$root/.venv/bin/python" -c 'import sys; print(*sys.version_info[:2], sep=".")')"
python=$("$root/.venv/bin/python" -c 'import sys; print(sys._base_executable)')
"$python" -m venv "$work/offline"
"$work/offline/bin/python" -m pip install --quiet --no-index \
    --find-links "$work/wheelhouse/wheels" nastavnik-desktop
"$work/offline/bin/nastavnik" report order-pairs --db "$work/demo.sqlite" --out "$work/order.pdf"
order_text=$(pdftotext "$work/order.pdf" -)
grep -q "ПРИКАЗ" <<< "$order_text" \
    || { echo "the order printed by the wheelhouse install lacks «ПРИКАЗ»" >&2; exit 1; }
echo "bundle and wheelhouse: OK"
