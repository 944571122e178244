#!/usr/bin/env bash
# One-time (and idempotent) set-up of doithoai on Debian/Ubuntu, as root or
# with sudo: system packages, the virtualenv at .venv/, Python dependencies
# and the embedded default ASR model. Fast when everything is already there.
#
#   scripts/setup.sh          # what running doithoai needs
#   scripts/setup.sh --test   # plus what the test suite needs
set -euo pipefail
cd "$(dirname "$0")/.."

with_test=0
[ "${1:-}" = "--test" ] && with_test=1

say() { printf '\033[1m[doithoai setup]\033[0m %s\n' "$*"; }

# --- system packages ---------------------------------------------------------
apt_pkgs=(ffmpeg espeak-ng)
command -v python3 >/dev/null || apt_pkgs+=(python3)
python3 -c 'import venv, ensurepip' 2>/dev/null || apt_pkgs+=(python3-venv)
if [ "$with_test" = 1 ]; then
  apt_pkgs+=(libreoffice-writer-nogui fonts-liberation2 poppler-utils sox openssl)
  # Web app tests: real servers (tests/servers.py starts its own, on free
  # ports) and Debian's Chromium driven by playwright (tests/browser.py).
  apt_pkgs+=(postgresql redis-server chromium)
fi
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  say "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- virtualenv and Python dependencies -------------------------------------
if [ ! -x .venv/bin/python ]; then
  say "creating .venv"
  python3 -m venv .venv
fi
spec="."
[ "$with_test" = 1 ] && spec=".[test,speakers,convert]"
stamp=".venv/.doithoai-deps"
want="$(sha256sum pyproject.toml | cut -d' ' -f1) $spec"
have="$(cat "$stamp" 2>/dev/null || true)"
# The test set is a superset: after it, plain set-up has nothing to do.
if [ "$have" != "$want" ] && ! { [ "$spec" = "." ] && [ "${have%% *}" = "${want%% *}" ]; }; then
  say "installing Python dependencies (first time takes a few minutes)"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1
  if ! .venv/bin/python -m pip install -q -e "$spec" > .venv/pip.log 2>&1; then
    cat .venv/pip.log >&2
    say "pip install failed (log: .venv/pip.log)"
    exit 1
  fi
  echo "$want" > "$stamp"
fi

# --- embedded default model ---------------------------------------------------
.venv/bin/doithoai models setup
