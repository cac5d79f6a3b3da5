#!/usr/bin/env bash
# Renders build/icon-src/icon.svg (drawn for this project) into the icon files electron-builder
# reads from build/. Run once after changing the SVG and commit the results: packaging machines
# then need none of these tools.
# Needs Debian's librsvg2-bin (rsvg-convert), imagemagick (convert, for .ico) and icnsutils
# (png2icns): apt-get install librsvg2-bin imagemagick icnsutils
set -euo pipefail
cd "$(dirname "$0")/.."

src=build/icon-src/icon.svg
# Some machines put a stand-in `convert` first on PATH; Debian's real one lives in /usr/bin.
convert_bin=/usr/bin/convert
for tool in rsvg-convert png2icns "$convert_bin"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "generate-icons: missing $tool" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

render() { rsvg-convert --width "$1" --height "$1" --format png "$src" --output "$2"; }

# Linux: electron-builder takes build/icons/NxN.png as the hicolor theme set.
mkdir -p build/icons
rm -f build/icons/*.png
for size in 16 32 48 64 128 256 512 1024; do
  render "$size" "build/icons/${size}x${size}.png"
done

# The 1024 px master that electron-builder falls back to.
cp build/icons/1024x1024.png build/icon.png

# Windows: one .ico with every size the shell asks for (256 is stored as PNG inside the .ico).
for size in 16 24 32 48 64 128 256; do render "$size" "$work/ico-$size.png"; done
"$convert_bin" "$work"/ico-16.png "$work"/ico-24.png "$work"/ico-32.png "$work"/ico-48.png \
  "$work"/ico-64.png "$work"/ico-128.png "$work"/ico-256.png build/icon.ico

# macOS: png2icns picks the icns slot from each PNG's size.
png2icns build/icon.icns build/icons/16x16.png build/icons/32x32.png build/icons/48x48.png \
  build/icons/128x128.png build/icons/256x256.png build/icons/512x512.png \
  build/icons/1024x1024.png >/dev/null

echo "generate-icons: wrote build/icon.png, build/icon.ico, build/icon.icns, build/icons/*.png"
