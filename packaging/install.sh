#!/bin/sh
# Устанавливает «Наставник» без интернета из папки wheels рядом с этим файлом
# и создаёт ярлык в меню программ и на рабочем столе. Нужен Python 3.11 или новее.
#   ./install.sh            — установить или обновить (данные не затрагиваются)
set -e
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Нужен Python 3.11 или новее (команда python3). Установите его из пакетов системы." >&2
    exit 1
fi
app="${XDG_DATA_HOME:-$HOME/.local/share}/nastavnik-app"
if ! "$python" -m venv "$app/venv"; then
    echo "Не удалось создать окружение Python: установите пакет python3-venv." >&2
    exit 1
fi
"$app/venv/bin/python" -m pip install --no-index --find-links "$here/wheels" --upgrade \
    nastavnik-desktop
cp "$here/nastavnik.png" "$app/nastavnik.png"
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$apps"
cat > "$apps/nastavnik.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=Наставник
Comment=Целевая модель наставничества в школе
Exec="$app/venv/bin/nastavnik-gui"
Icon=$app/nastavnik.png
Terminal=false
Categories=Office;Education;
DESKTOP
chmod +x "$apps/nastavnik.desktop"
desktop=$(xdg-user-dir DESKTOP 2>/dev/null || echo "$HOME/Desktop")
if [ -d "$desktop" ]; then
    cp "$apps/nastavnik.desktop" "$desktop/nastavnik.desktop"
    chmod +x "$desktop/nastavnik.desktop"
fi
echo "«Наставник» установлен: $app/venv/bin/nastavnik-gui (ярлык — в меню программ)."
