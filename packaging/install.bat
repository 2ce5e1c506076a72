@echo off
rem Устанавливает «Наставник» без интернета из папки wheels рядом с этим файлом
rem и создаёт ярлык на рабочем столе. Нужен Python 3.11 или новее (python.org).
chcp 65001 >nul
setlocal
set "HERE=%~dp0"
set "APP=%LOCALAPPDATA%\nastavnik-app"
where py >nul 2>nul && (set "PY=py -3") || (set "PY=python")
%PY% -c "import sys; sys.exit(sys.version_info < (3, 11))" || (
  echo Нужен Python 3.11 или новее: установите его с python.org и запустите снова.
  exit /b 1
)
%PY% -m venv "%APP%\venv" || (echo Не удалось создать окружение Python. & exit /b 1)
"%APP%\venv\Scripts\python.exe" -m pip install --no-index --find-links "%HERE%wheels" --upgrade nastavnik-desktop || (
  echo Установка не удалась: сообщите текст выше тому, кто дал вам эту папку.
  exit /b 1
)
powershell -NoProfile -Command "$s = (New-Object -ComObject WScript.Shell).CreateShortcut([Environment]::GetFolderPath('Desktop') + '\Наставник.lnk'); $s.TargetPath = '%APP%\venv\Scripts\nastavnik-gui.exe'; $s.WorkingDirectory = '%APP%'; $s.Save()"
echo «Наставник» установлен; ярлык — на рабочем столе.
endlocal
