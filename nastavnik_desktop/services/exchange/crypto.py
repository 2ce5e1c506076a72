"""The password of a file that leaves the school, and the encryption.

- `password_problem(password, repeat)` — the one rule of such a password (typed twice, long
  enough, not only spaces); None when it is fine. A password is never stored nor logged: it is
  passed as an argument and dropped.
- `encrypt_xlsx` / `decrypt_xlsx` — ECMA-376 agile encryption (msoffcrypto-tool): Excel and
  LibreOffice ask for the password and open it.
- `aes_zip` / `read_aes_zip` — an AES-256 zip (pyzipper, WinZip AES; 7-Zip opens it).

Reading back with a wrong password, or a file that is not such a file, raises `WrongPassword`
/ `NastavnikError` with a Russian message — never the library's English one.
"""

from __future__ import annotations

import io
import zipfile

from nastavnik_desktop.errors import NastavnikError

MIN_PASSWORD_LENGTH = 8

PASSWORD_RULE = (f"Пароль — не короче {MIN_PASSWORD_LENGTH} знаков; его нужно ввести дважды. "
                 "Программа его не запоминает: сообщите его получателю отдельно от файла "
                 "(не на той же флешке и не в том же письме).")
"""The rule as the password dialog shows it."""


class WrongPassword(NastavnikError):
    """The password does not open the file."""


def password_problem(password: str, repeat: str) -> str | None:
    """What is wrong with a password typed twice, or None."""
    if not password.strip():
        return "Введите пароль."
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Пароль слишком короткий: нужно не меньше {MIN_PASSWORD_LENGTH} знаков."
    if password != repeat:
        return "Пароли не совпадают: введите один и тот же пароль дважды."
    return None


def encrypt_xlsx(plain: bytes, password: str) -> bytes:
    """`plain` (.xlsx bytes) encrypted with `password` (ECMA-376 agile, AES-256)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    if not password:
        raise NastavnikError("Файл с именами не шифруется пустым паролем.")
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt(password, out)
    return out.getvalue()


def decrypt_xlsx(data: bytes, password: str) -> bytes:
    """The plain .xlsx of an encrypted one; `WrongPassword` when the password does not fit."""
    import msoffcrypto
    from msoffcrypto.exceptions import DecryptionError, FileFormatError, InvalidKeyError

    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        if not office.is_encrypted():
            raise NastavnikError("Этот файл не зашифрован паролем.")
        office.load_key(password=password)
        out = io.BytesIO()
        office.decrypt(out)
    except (InvalidKeyError, DecryptionError) as exc:
        raise WrongPassword("Пароль не подходит к этому файлу. Проверьте раскладку "
                            "клавиатуры и Caps Lock и введите пароль ещё раз.") from exc
    except (FileFormatError, OSError, ValueError, KeyError) as exc:
        raise NastavnikError("Файл повреждён или это не зашифрованная книга Excel.") from exc
    return out.getvalue()


def aes_zip(members: dict[str, bytes], password: str | None) -> bytes:
    """A zip of `members` (name → bytes); AES-256 encrypted when a password is given."""
    import pyzipper

    out = io.BytesIO()
    encryption = pyzipper.WZ_AES if password else None
    with pyzipper.AESZipFile(out, "w", compression=pyzipper.ZIP_DEFLATED,
                             encryption=encryption) as archive:
        if password:
            archive.setpassword(password.encode("utf-8"))
            archive.setencryption(pyzipper.WZ_AES, nbits=256)
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def read_aes_zip(data: bytes, password: str | None) -> dict[str, bytes]:
    """The members of a zip (name → bytes); `WrongPassword` when an encrypted member does not
    open with `password` (or no password was given for it)."""
    import pyzipper

    try:
        with pyzipper.AESZipFile(io.BytesIO(data)) as archive:
            if password:
                archive.setpassword(password.encode("utf-8"))
            return {name: archive.read(name) for name in archive.namelist()}
    except RuntimeError as exc:  # pyzipper: «Bad password» / «… is encrypted, password required»
        if password:
            raise WrongPassword("Пароль не подходит к этому архиву. Проверьте раскладку "
                                "клавиатуры и Caps Lock и введите пароль ещё раз.") from exc
        raise WrongPassword("Архив защищён паролем: введите пароль.") from exc
    except (pyzipper.BadZipFile, pyzipper.LargeZipFile, zipfile.BadZipFile, EOFError, OSError,
            ValueError) as exc:
        raise NastavnikError("Архив повреждён или это не zip-архив.") from exc
