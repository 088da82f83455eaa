#!/usr/bin/env bash
# Builds .devgpu/ (ignored by git; carry it to the GPU machine): the Node binary of this machine, xz-compressed,
# and `vessel-lab generate` bundled with its worker into two files (esbuild, from node_modules). The bundle sits two
# folders below the repository root because the generator reads ../../package.json for its version.
#   bash models/train/gpu/bundle.sh        (from the repository root; about 30 s)
# DEST (default .devgpu) names another folder (the bundle reads DEST/../package.json); NODE=0 leaves Node out.
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
DEST=${DEST:-.devgpu}
if [ "$DEST" = .devgpu ]; then
  exclude="$(git rev-parse --git-path info/exclude)"  # a worktree's too
  mkdir -p "$(dirname "$exclude")"
  grep -qx '/.devgpu/' "$exclude" 2>/dev/null || echo '/.devgpu/' >> "$exclude"
fi
mkdir -p "$DEST/bundle"
banner="import{createRequire as __cr}from'module';const require=__cr(import.meta.url);"
for pair in "models/train/gpu/generate-entry.ts:cli.mjs" "src/cli/generateWorker.ts:generateWorker.mjs"; do
  npx esbuild "${pair%%:*}" --bundle --platform=node --format=esm --target=node20 --log-level=warning \
    --banner:js="$banner" --outfile="$DEST/bundle/${pair##*:}"
done
if [ "${NODE:-1}" != 0 ]; then
  node_bin="$(readlink -f "$(command -v node)")"
  stamp="$(node --version) $(stat -c %s "$node_bin")"  # another Node binary, even an older file, is packed again
  if [ ! -f "$DEST/node.xz" ] || [ "$(cat "$DEST/node.stamp" 2>/dev/null)" != "$stamp" ]; then
    xz -T0 -6 -c "$node_bin" > "$DEST/node.xz" && echo "$stamp" > "$DEST/node.stamp"
  fi
fi
du -sh "$DEST"/*
