#!/bin/sh
# Создаёт ярлык «Наставник» в меню программ и на рабочем столе для папки, где лежит этот файл.
# Запуск: ./make-shortcut.sh  (права администратора не нужны)
set -e
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$apps"
sed -e "s|^Exec=.*|Exec=\"$here/nastavnik\"|" -e "s|^Icon=.*|Icon=$here/nastavnik.png|" \
    "$here/nastavnik.desktop" > "$apps/nastavnik.desktop"
chmod +x "$apps/nastavnik.desktop"
desktop=$(xdg-user-dir DESKTOP 2>/dev/null || echo "$HOME/Desktop")
if [ -d "$desktop" ]; then
    cp "$apps/nastavnik.desktop" "$desktop/nastavnik.desktop"
    chmod +x "$desktop/nastavnik.desktop"
fi
echo "Ярлык «Наставник» создан: меню программ${desktop:+ и рабочий стол}."
