#!/bin/sh
# flagstore pre-commit hook (installed by `flagstore init`, committed so the team shares it).
# Runs the repository's gates and the critical-flag block on what is staged.
# Finds flagstore: the one that ran `flagstore init` here (git config flagstore.bin),
# else the project's node_modules, else one on PATH.
bin=$(git config --get flagstore.bin 2>/dev/null)
if [ -n "$bin" ] && [ -f "$bin" ]; then
  exec node "$bin" gate pre-commit
fi
top=$(git rev-parse --show-toplevel)
if [ -x "$top/node_modules/.bin/flagstore" ]; then
  exec "$top/node_modules/.bin/flagstore" gate pre-commit
fi
if command -v flagstore >/dev/null 2>&1; then
  exec flagstore gate pre-commit
fi
echo "flagstore: not found; install it (npm install -g flagstore) and run: flagstore init" >&2
echo "(emergency only: git commit --no-verify skips every pre-commit check)" >&2
exit 1
