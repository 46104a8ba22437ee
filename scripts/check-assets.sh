#!/usr/bin/env bash
# Fails if the committed assets in cornerstone/govuk/static differ from a fresh build, i.e. someone
# changed frontend/ (or the packages) without running `make assets` and committing the result.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/build-assets.sh

changes="$(git status --porcelain -- cornerstone/govuk/static)"
if [[ -n "$changes" ]]; then
  echo >&2
  echo "check-assets: the built assets differ from the committed ones:" >&2
  echo "$changes" >&2
  echo "check-assets: run 'make assets' and commit cornerstone/govuk/static." >&2
  exit 1
fi
echo "check-assets: the committed assets match a fresh build."
