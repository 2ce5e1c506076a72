"""The password of a file that leaves the school, and the encryption.

- `password_problem(password, repeat)` — the one rule of such a password (typed twice, long
  enough); None when it is fine. A password is never stored.
- `encrypt_xlsx` / `decrypt_xlsx` — ECMA-376 agile encryption (msoffcrypto-tool): Excel and
  LibreOffice ask for the password and open it.
- `aes_zip` / `read_aes_zip` — an AES-256 zip (pyzipper, WinZip AES; 7-Zip opens it).
"""

from __future__ import annotations

import io

MIN_PASSWORD_LENGTH = 8


def password_problem(password: str, repeat: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Пароль слишком короткий: нужно не меньше {MIN_PASSWORD_LENGTH} знаков."
    if password != repeat:
        return "Пароли не совпадают: введите один и тот же пароль дважды."
    return None


def encrypt_xlsx(plain: bytes, password: str) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt(password, out)
    return out.getvalue()


def decrypt_xlsx(data: bytes, password: str) -> bytes:
    import msoffcrypto

    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    office.load_key(password=password)
    out = io.BytesIO()
    office.decrypt(out)
    return out.getvalue()


def aes_zip(members: dict[str, bytes], password: str | None) -> bytes:
    import pyzipper

    out = io.BytesIO()
    encryption = pyzipper.WZ_AES if password else None
    with pyzipper.AESZipFile(out, "w", compression=pyzipper.ZIP_DEFLATED,
                             encryption=encryption) as archive:
        if password:
            archive.setpassword(password.encode("utf-8"))
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def read_aes_zip(data: bytes, password: str | None) -> dict[str, bytes]:
    import pyzipper

    with pyzipper.AESZipFile(io.BytesIO(data)) as archive:
        if password:
            archive.setpassword(password.encode("utf-8"))
        return {name: archive.read(name) for name in archive.namelist()}
