#!/usr/bin/env bash
# Builds .devgpu/ (ignored by git; carry it to the GPU machine): the Node binary of this machine, xz-compressed,
# and `vessel-lab generate` bundled with its worker into two files (esbuild, from node_modules). The bundle sits two
# folders below the repository root because the generator reads ../../package.json for its version.
#   bash models/train/gpu/bundle.sh        (from the repository root; about 30 s)
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
grep -qx '/.devgpu/' .git/info/exclude 2>/dev/null || echo '/.devgpu/' >> .git/info/exclude
mkdir -p .devgpu/bundle
banner="import{createRequire as __cr}from'module';const require=__cr(import.meta.url);"
for pair in "models/train/gpu/generate-entry.ts:cli.mjs" "src/cli/generateWorker.ts:generateWorker.mjs"; do
  npx esbuild "${pair%%:*}" --bundle --platform=node --format=esm --target=node20 --log-level=warning \
    --banner:js="$banner" --outfile=".devgpu/bundle/${pair##*:}"
done
node_bin="$(readlink -f "$(command -v node)")"
[ .devgpu/node.xz -nt "$node_bin" ] || xz -T0 -6 -c "$node_bin" > .devgpu/node.xz
du -sh .devgpu/*
