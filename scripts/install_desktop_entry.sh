#!/bin/sh
# Adds HDF Field to the desktop's application menu for the current user, pointing at this
# folder (run it again after moving the folder). Shipped in the Linux bundle by build.spec.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
mkdir -p "$apps" "$icons"
cp "$here/hdf-field.png" "$icons/hdf-field.png"
sed -e "s|^Exec=.*|Exec=\"$here/hdf-field\" gui|" -e "s|^Icon=.*|Icon=hdf-field|" \
    "$here/hdf-field.desktop" > "$apps/hdf-field.desktop"
chmod 644 "$apps/hdf-field.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
echo "installed $apps/hdf-field.desktop"
