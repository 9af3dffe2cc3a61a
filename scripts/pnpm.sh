#!/bin/sh
# Runs the pnpm version pinned in package.json without relying on corepack
# (its signature check fails on some machines) or on a global install.
set -e
version=$(node -p "require('./package.json').packageManager.split('@')[1]")
if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$version" ]; then
  exec pnpm "$@"
fi
exec npx --yes "pnpm@$version" "$@"
