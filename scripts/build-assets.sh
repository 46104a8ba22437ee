#!/usr/bin/env bash
# Builds Cornerstone's front-end assets into cornerstone/govuk/static/govuk/ (committed, so the
# demo needs no Node). Run from anywhere: `make assets` or `bash scripts/build-assets.sh`.
#
# - installs the exact packages in frontend/package-lock.json (npm ci);
# - compiles frontend/scss/cornerstone.scss with Dart Sass to cornerstone.css;
# - copies the GOV.UK Frontend and MoJ Frontend ES module builds, frontend/js/init.js that starts
#   them, our own favicon and web manifest, and only the MoJ images the stylesheet refers to.
#
# No fonts are copied: Cornerstone is not a GOV.UK service and uses a system font stack, not GDS
# Transport. No crown images are copied either. The output is deterministic: running it twice
# gives identical bytes (scripts/check-assets.sh relies on that).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FRONTEND="$ROOT/frontend"
OUT="$ROOT/cornerstone/govuk/static/govuk"
GOVUK="$FRONTEND/node_modules/govuk-frontend/dist/govuk"
MOJ="$FRONTEND/node_modules/@ministryofjustice/frontend/moj"

command -v npm >/dev/null 2>&1 || { echo "build-assets: npm is needed (install Node.js 20 or newer)." >&2; exit 1; }

echo "build-assets: installing the pinned packages (npm ci)"
# --ignore-scripts: no package needs an install script (Dart Sass is plain JavaScript).
install_packages() { (cd "$FRONTEND" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error); }
install_packages
# Once in CI, npm ci reported success but left the sass package empty; install once more if so.
if [ ! -x "$FRONTEND/node_modules/.bin/sass" ]; then
  echo "build-assets: npm ci left Dart Sass incomplete; installing again" >&2
  install_packages
fi

# Start from an empty folder so that nothing stale survives a rebuild.
rm -rf "$OUT"
mkdir -p "$OUT/images"

echo "build-assets: compiling frontend/scss/cornerstone.scss"
# MoJ Frontend loads GOV.UK Frontend as "node_modules/govuk-frontend/...", hence the second load
# path. --quiet-deps: the libraries' own deprecation notices are not ours to fix (one GOV.UK
# Frontend warning about MoJ Frontend's alert component still shows; it is harmless).
(cd "$FRONTEND" && node_modules/.bin/sass \
  --style=compressed --no-source-map --quiet-deps \
  --load-path=node_modules --load-path=. \
  scss/cornerstone.scss "$OUT/cornerstone.css")

# GOV.UK Frontend's footer styles point at the crown crest for the "© Crown copyright" link. We
# never use that class and do not ship the crest, so drop the reference: a url() to a missing file
# would also break collectstatic with the manifest storage used in production.
sed -i 's|url("images/govuk-crest.svg")|none|g' "$OUT/cornerstone.css"

echo "build-assets: copying scripts and images"
# The source map comments point at files we do not ship; drop them.
strip_source_map() { sed 's|//# sourceMappingURL=[^ ]*$||' "$1" > "$2"; }
strip_source_map "$GOVUK/govuk-frontend.min.js" "$OUT/govuk-frontend.min.js"
strip_source_map "$MOJ/moj-frontend.min.js" "$OUT/moj-frontend.min.js"
cp "$FRONTEND/js/init.js" "$OUT/init.js"
cp "$FRONTEND/manifest.json" "$OUT/manifest.json"
cp "$FRONTEND/images/"*.svg "$OUT/images/"

# Every image the stylesheet refers to must be shipped: copy the MoJ ones, then check.
for image in $(grep -o 'url([^)]*)' "$OUT/cornerstone.css" | sed -E 's/^url\("?//; s/"?\)$//' | sort -u); do
  case "$image" in
    data:*) continue ;;
    images/*) ;;
    *) echo "build-assets: unexpected url($image) in cornerstone.css" >&2; exit 1 ;;
  esac
  name="${image#images/}"
  if [[ ! -f "$OUT/images/$name" ]]; then
    if [[ -f "$MOJ/assets/images/$name" ]]; then
      cp "$MOJ/assets/images/$name" "$OUT/images/$name"
    else
      echo "build-assets: cornerstone.css refers to $image, which no package provides" >&2
      exit 1
    fi
  fi
done

if grep -q "GDS Transport\|@font-face" "$OUT/cornerstone.css"; then
  echo "build-assets: cornerstone.css still declares the GDS Transport font" >&2
  exit 1
fi

chmod 644 "$OUT"/*.* "$OUT"/images/*
echo "build-assets: done: $(cd "$ROOT" && find cornerstone/govuk/static/govuk -type f | sort | tr '\n' ' ')"
