#!/usr/bin/env bash
# The Neovim screenshots of docs/editors.md, taken from the real editor: Neovim with
# editors/nvim/init.lua in an xterm under Xvfb, on demo.feat (a spec with one error), each
# captured with ImageMagick's import once nvim.lua has put the editor in the state it shows.
#
#   bash editors/screenshots/nvim.sh [OUT_DIR]      # default docs/images
#
# Needs Debian's neovim, xvfb, xterm and imagemagick, and a built featc (npm install): the
# server is bin/featc.js unless FEATC_SHOT_SERVER names another launcher.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mkdir -p "${1:-$repo/docs/images}" && cd "${1:-$repo/docs/images}" && pwd)
server=${FEATC_SHOT_SERVER:-$repo/bin/featc.js}
display=:${FEATC_SHOT_DISPLAY:-91}
work=$(mktemp -d)
Xvfb "$display" -screen 0 1100x700x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 1
mkdir -p "$work/research"
cp "$repo/editors/screenshots/demo.feat" "$work/research/demo.feat"
for shot in diagnostic hover preview; do
  rm -f "$work/ready"
  (
    cd "$work/research"
    DISPLAY=$display FEATC_SHOT=$shot FEATC_CACHE_DIR=${FEATC_CACHE_DIR:-$repo/.featc} FEATC_SHOT_READY=$work/ready FEATC_SHOT_SERVER=$server \
      XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_STATE_HOME=$work/state XDG_CACHE_HOME=$work/cache \
      exec xterm -geometry 92x32+0+0 -tn xterm-256color -fa 'DejaVu Sans Mono' -fs 11 \
      -bg '#1c1c1c' -fg '#d0d0d0' -xrm 'XTerm*cursorBlink: false' -e \
      nvim -i NONE --cmd 'lua vim.g.featc_cmd = { "node", os.getenv("FEATC_SHOT_SERVER"), "lsp" }' \
      -u "$repo/editors/nvim/init.lua" -c "luafile $repo/editors/screenshots/nvim.lua" demo.feat
  ) &
  xterm=$!
  for _ in $(seq 1 600); do
    [ -e "$work/ready" ] && break
    sleep 0.1
  done
  [ -e "$work/ready" ] || { echo "nvim.sh: $shot: the editor was not ready within 60 s" >&2; exit 1; }
  sleep 0.5
  # The screen's black border around the xterm is trimmed away.
  DISPLAY=$display import -window root -trim +repage "PNG8:$out/nvim-$shot.png"
  kill "$xterm" 2>/dev/null || true
  wait "$xterm" 2>/dev/null || true
  echo "$out/nvim-$shot.png: $(stat -c %s "$out/nvim-$shot.png") bytes"
done
