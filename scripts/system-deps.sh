#!/usr/bin/env bash
# Installs (or names) the system libraries Steward needs that pip cannot install:
# WeasyPrint's Pango and HarfBuzz-subset libraries and a font. Usage: scripts/system-deps.sh [--browser]
set -euo pipefail

# Noto fonts: receipts and reports print names in Thai, Chinese (Traditional and Simplified) and Mongolian
# Cyrillic. poppler-utils (pdffonts, pdftotext, pdftoppm): to look at the PDFs Steward renders.
debian_packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core fonts-noto-cjk
  poppler-utils)
if [[ "${1:-}" == "--browser" ]]; then
  debian_packages+=(chromium)
fi

have_library() { ldconfig -p 2>/dev/null | grep -q "$1"; }

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for package in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if ((${#missing[@]})); then
    if [[ $(id -u) -eq 0 ]]; then apt=(apt-get); elif command -v sudo >/dev/null 2>&1; then apt=(sudo apt-get); else
      echo "Steward needs these system packages; install them and run again: apt-get install ${missing[*]}" >&2
      exit 1
    fi
    echo "Installing system packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
elif [[ "$(uname)" == "Darwin" ]]; then
  if ! command -v brew >/dev/null 2>&1 || ! brew list pango >/dev/null 2>&1; then
    if command -v brew >/dev/null 2>&1; then brew install pango harfbuzz; else
      echo "Steward needs Pango and HarfBuzz for PDFs: install Homebrew, then 'brew install pango harfbuzz'." >&2
      exit 1
    fi
  fi
else
  have_library libpango-1.0 || { echo "Steward needs the Pango library (libpango-1.0) for PDFs." >&2; exit 1; }
fi
