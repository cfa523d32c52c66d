#!/usr/bin/env bash
# One pinned virtual environment per anchor, under bench/impact/.envs/ (git-ignored).
# None of these packages is a dependency of mixroom; the benchmark calls each one in a
# subprocess with its own interpreter. Pins from ../shared/reference/impact.md §4.2.
#   bash bench/impact/setup_envs.sh [anchor ...]     (default: every anchor)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ENVS="$HERE/.envs"
PYTHON="${PYTHON:-python3.11}"
declare -A PINS=(
  [statsmodels]="statsmodels==0.15.0 pandas==2.3.* numpy<2.5"
  [bsts]="bsts-causalimpact==1.7.0 numpy<2.5 pandas"
  [pycausalimpact]="pycausalimpact==0.1.1 pandas==2.3.* statsmodels==0.14.6 numpy<2.5"
  [causalpy]="CausalPy==0.9.0"
)
anchors=("$@")
[ ${#anchors[@]} -gt 0 ] || anchors=(statsmodels bsts pycausalimpact causalpy)
mkdir -p "$ENVS"
for anchor in "${anchors[@]}"; do
  env="$ENVS/$anchor"
  if [ -x "$env/bin/python" ] && [ -f "$env/.done" ]; then echo "$anchor: ready"; continue; fi
  "$PYTHON" -m venv "$env"
  # shellcheck disable=SC2086
  "$env/bin/pip" install -q --disable-pip-version-check ${PINS[$anchor]} && touch "$env/.done" \
    && echo "$anchor: installed" || echo "$anchor: FAILED (the benchmark will skip it)"
done
