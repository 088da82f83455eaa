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
  grep -qx '/.devgpu/' .git/info/exclude 2>/dev/null || echo '/.devgpu/' >> .git/info/exclude
fi
mkdir -p "$DEST/bundle"
banner="import{createRequire as __cr}from'module';const require=__cr(import.meta.url);"
for pair in "models/train/gpu/generate-entry.ts:cli.mjs" "src/cli/generateWorker.ts:generateWorker.mjs"; do
  npx esbuild "${pair%%:*}" --bundle --platform=node --format=esm --target=node20 --log-level=warning \
    --banner:js="$banner" --outfile="$DEST/bundle/${pair##*:}"
done
if [ "${NODE:-1}" != 0 ]; then
  node_bin="$(readlink -f "$(command -v node)")"
  [ "$DEST/node.xz" -nt "$node_bin" ] || xz -T0 -6 -c "$node_bin" > "$DEST/node.xz"
fi
du -sh "$DEST"/*
