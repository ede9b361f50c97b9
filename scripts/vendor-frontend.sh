#!/usr/bin/env bash
# Rebuild the vendored front end from package.json / package-lock.json.
#
# Node.js is needed only to run this script. Its outputs are committed, so
# running Joined Up and its tests needs no Node.js:
#
#   src/joinedup/core/static/joinedup/govuk/joinedup.css          (Sass build of frontend/joinedup.scss)
#   src/joinedup/core/static/joinedup/govuk/govuk-frontend.min.js (GOV.UK Frontend ES module bundle)
#   src/joinedup/core/static/joinedup/govuk/assets/images/        (favicon.svg, Joined Up's own)
#   src/joinedup/core/static/joinedup/govuk/LICENSE.txt           (GOV.UK Frontend, MIT)
#   src/joinedup/core/static/joinedup/htmx/                       (htmx.min.js and its licence)
#   src/joinedup/core/static/joinedup/vega/                       (vega, vega-lite and vega-embed
#                                                                  browser builds, for charts.js,
#                                                                  each with LICENSE-<name>.txt)
#   tests/browser/vendor/axe.min.js                               (axe-core, for accessibility tests)
#   tests/browser/vendor/LICENSE-axe-core.txt                     (axe-core, MPL-2.0 + bundled MIT)
#
# To upgrade: change the pinned versions in package.json, run `npm install`
# once to update package-lock.json, then run this script and review the diff.
# It is idempotent: a second run leaves the working tree unchanged.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

govuk_version=6.6.0
axe_version=4.14.1
htmx_version=2.0.11
vega_version=6.4.0
vega_lite_version=6.5.0
vega_embed_version=7.3.0

static_dir="$root/src/joinedup/core/static/joinedup/govuk"
images_dir="$static_dir/assets/images"
axe_dir="$root/tests/browser/vendor"

log() { printf 'vendor-frontend: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

command -v npm >/dev/null || die "npm is required (Node.js 20+) to rebuild the vendored front end"

# --ignore-scripts: nothing here needs install scripts (sass's optional
# file watcher is not used for a one-off compile).
log "npm ci"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

installed_version() { node -p "require('./node_modules/$1/package.json').version"; }
[[ $(installed_version govuk-frontend) == "$govuk_version" ]] || die "govuk-frontend is not $govuk_version"
[[ $(installed_version axe-core) == "$axe_version" ]] || die "axe-core is not $axe_version"

govuk_dist="$root/node_modules/govuk-frontend/dist/govuk"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Replace $2 with $1 only if the content differs, so reruns do not touch
# modification times.
install_file() {
  local src=$1 dest=$2
  mkdir -p "$(dirname "$dest")"
  if [[ -f $dest ]] && cmp -s "$src" "$dest"; then
    return
  fi
  cp "$src" "$dest"
  chmod 0644 "$dest"
  log "wrote ${dest#"$root"/}"
}

# Remove files in directory $1 not listed in the remaining arguments.
prune_dir() {
  local dir=$1 f k keep
  shift
  [[ -d $dir ]] || return 0
  for f in "$dir"/* "$dir"/.[!.]*; do
    [[ -e $f ]] || continue
    keep=no
    for k in "$@"; do [[ $(basename "$f") == "$k" ]] && keep=yes; done
    if [[ $keep == no ]]; then
      rm -rf "$f"
      log "removed stale ${f#"$root"/}"
    fi
  done
}

# --- Images -----------------------------------------------------------------
# GOV.UK Frontend 6's favicon.ico, favicon.svg, govuk-icon-*.png,
# govuk-icon-mask.svg (and manifest.json, which only lists them) are all the
# GOV.UK crown, and govuk-crest.svg is the Royal Arms: none may be used by a
# non-GOV.UK service, so none is vendored. Joined Up ships a plain placeholder
# favicon in its brand colour instead; replace it when there is a real logo.
cat >"$tmp/favicon.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="4" fill="#00625e"/><g fill="none" stroke="#fff" stroke-width="3"><circle cx="12" cy="16" r="6.5"/><circle cx="20" cy="16" r="6.5"/></g></svg>
SVG
install_file "$tmp/favicon.svg" "$images_dir/favicon.svg"
prune_dir "$images_dir" favicon.svg

# --- CSS --------------------------------------------------------------------
log "sass frontend/joinedup.scss"
# Any Sass warning (e.g. a GOV.UK Frontend deprecation after an upgrade)
# fails the build so that it gets looked at.
node_modules/.bin/sass \
  --load-path=node_modules \
  --style=compressed \
  --no-source-map \
  frontend/joinedup.scss "$tmp/joinedup.css" 2>"$tmp/sass.log" \
  || { cat "$tmp/sass.log" >&2; die "sass failed"; }
if [[ -s $tmp/sass.log ]]; then
  cat "$tmp/sass.log" >&2
  die "sass printed warnings"
fi

css="$tmp/joinedup.css"
! grep -q '@font-face' "$css" || die "compiled CSS contains an @font-face rule"
! grep -q 'GDS Transport' "$css" || die "compiled CSS mentions GDS Transport"
grep -q '00625e' "$css" || die "compiled CSS lacks the Joined Up brand colour"
# Every url() must be relative to the stylesheet's directory and point at a
# file vendored there (data: URIs excepted).
while IFS= read -r ref; do
  target=${ref#url(}
  target=${target%)}
  target=${target//\"/}
  target=${target//\'/}
  case $target in
    data:*) continue ;;
    /* | *://*) die "compiled CSS has a non-relative URL: $ref" ;;
  esac
  [[ -f "$static_dir/${target%%[?#]*}" ]] || die "compiled CSS refers to a file that is not vendored: $ref"
done < <(grep -o 'url([^)]*)' "$css" || true)
install_file "$css" "$static_dir/joinedup.css"

# --- JavaScript -------------------------------------------------------------
# Drop the trailing sourceMappingURL comment: the .map is not vendored (it
# would 404 in browser dev tools, and Django's ManifestStaticFilesStorage
# fails collectstatic on a missing source map it can see).
sed -E 's@//# sourceMappingURL=[^[:space:]]*$@@' "$govuk_dist/govuk-frontend.min.js" >"$tmp/govuk-frontend.min.js"
! grep -q 'sourceMappingURL' "$tmp/govuk-frontend.min.js" || die "could not strip sourceMappingURL"
grep -q 'initAll' "$tmp/govuk-frontend.min.js" || die "govuk-frontend.min.js does not export initAll"
install_file "$tmp/govuk-frontend.min.js" "$static_dir/govuk-frontend.min.js"

# --- Licence ----------------------------------------------------------------
# The govuk-frontend npm package ships no licence file (package.json says
# MIT); this is LICENSE.txt from github.com/alphagov/govuk-frontend.
cat >"$tmp/LICENSE.txt" <<'LICENCE'
The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
LICENCE
[[ $(node -p "require('./node_modules/govuk-frontend/package.json').license") == MIT ]] \
  || die "govuk-frontend's licence is no longer MIT; update LICENSE.txt"
install_file "$tmp/LICENSE.txt" "$static_dir/LICENSE.txt"

prune_dir "$static_dir" joinedup.css govuk-frontend.min.js LICENSE.txt assets
prune_dir "$static_dir/assets" images

# --- htmx (partial page updates; every page also works without it) -----------
htmx_dir="$root/src/joinedup/core/static/joinedup/htmx"
[[ $(installed_version htmx.org) == "$htmx_version" ]] || die "htmx.org is not $htmx_version"
mkdir -p "$htmx_dir"
install_file node_modules/htmx.org/dist/htmx.min.js "$htmx_dir/htmx.min.js"
install_file node_modules/htmx.org/LICENSE "$htmx_dir/LICENSE.txt"

# --- Vega (charts drawn in the page from the server's Vega-Lite specs; see charts.js) ----
# vega-interpreter, the evaluator of Vega expressions that needs no eval (the CSP has no
# 'unsafe-eval'), is not vendored on its own: since version 2 it is published only as an ES
# module importing 'vega-util' by bare name, and vega-embed's browser build bundles it and
# uses it whenever it is called with {ast: true}.
vega_dir="$root/src/joinedup/core/static/joinedup/vega"
[[ $(installed_version vega) == "$vega_version" ]] || die "vega is not $vega_version"
[[ $(installed_version vega-lite) == "$vega_lite_version" ]] || die "vega-lite is not $vega_lite_version"
[[ $(installed_version vega-embed) == "$vega_embed_version" ]] || die "vega-embed is not $vega_embed_version"
grep -q 'Prevented interpretation of member' node_modules/vega-embed/build/vega-embed.min.js \
  || die "vega-embed.min.js no longer bundles vega-interpreter: vendor it and pass it as {expr}"

# The licence of each build and of the packages it depends on, grouped by identical text.
# Left out as not in the build: command-line tools (commander, iconv-lite, rw, yargs), type
# declarations, and Vega's own packages that a build takes from one loaded before it
# (vega-lite takes vega-util, vega-expression... from vega; vega-embed from both).
bundled_licences() {
  node - "$@" <<'JS'
const fs = require("fs");
const path = require("path");
const [name, ...loadedBefore] = process.argv.slice(2);
const tools = new Set(["commander", "iconv-lite", "rw", "yargs", "vega-typings"]);
function locate(dep, from) {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", dep);
    if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
    if (dir === path.dirname(dir)) throw new Error(`${dep} is not installed`);
  }
}
// Every package `dep` depends on, itself included, as "name version" -> [package.json, dir].
function closure(dep, from, found = new Map()) {
  const dir = locate(dep, from);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const key = `${pkg.name} ${pkg.version}`;
  if (tools.has(pkg.name) || pkg.name.startsWith("@types/") || found.has(key)) return found;
  found.set(key, [pkg, dir]);
  for (const next of Object.keys(pkg.dependencies || {}).sort()) closure(next, dir, found);
  return found;
}
const provided = new Set();
for (const other of loadedBefore) {
  for (const [pkg] of closure(other, process.cwd()).values()) {
    if (pkg.name.startsWith("vega")) provided.add(pkg.name);
  }
}
const groups = new Map();
for (const [key, [pkg, dir]] of closure(name, process.cwd())) {
  if (provided.has(pkg.name)) continue;
  const file = fs.readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  if (!file) throw new Error(`${key} has no licence file`);
  const text = fs.readFileSync(path.join(dir, file), "utf8").trim();
  groups.set(text, [...(groups.get(text) || []), `${key} (${pkg.license})`]);
}
console.log(`${name}.min.js is built from these packages, under these licences.\n`);
for (const [text, packages] of groups) console.log(`== ${packages.join(", ")}\n\n${text}\n`);
JS
}

for build in vega vega-lite vega-embed; do
  # As for GOV.UK Frontend: no source maps are vendored.
  sed -E 's@//# sourceMappingURL=[^[:space:]]*$@@' "node_modules/$build/build/$build.min.js" >"$tmp/$build.min.js"
  ! grep -q 'sourceMappingURL' "$tmp/$build.min.js" || die "could not strip sourceMappingURL from $build"
  install_file "$tmp/$build.min.js" "$vega_dir/$build.min.js"
done
bundled_licences vega >"$tmp/LICENSE-vega.txt"
bundled_licences vega-lite vega >"$tmp/LICENSE-vega-lite.txt"
bundled_licences vega-embed vega vega-lite >"$tmp/LICENSE-vega-embed.txt"
for build in vega vega-lite vega-embed; do
  install_file "$tmp/LICENSE-$build.txt" "$vega_dir/LICENSE-$build.txt"
done
prune_dir "$vega_dir" vega.min.js vega-lite.min.js vega-embed.min.js \
  LICENSE-vega.txt LICENSE-vega-lite.txt LICENSE-vega-embed.txt

# --- axe-core (browser tests only) -------------------------------------------
install_file node_modules/axe-core/axe.min.js "$axe_dir/axe.min.js"
# axe.min.js bundles third-party MIT code, so both notices travel with it.
{
  cat node_modules/axe-core/LICENSE
  printf '\n\n'
  cat node_modules/axe-core/LICENSE-3RD-PARTY.txt
} >"$tmp/LICENSE-axe-core.txt"
install_file "$tmp/LICENSE-axe-core.txt" "$axe_dir/LICENSE-axe-core.txt"

log "done"
