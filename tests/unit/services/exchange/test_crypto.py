"""The password of a file for outside and the encryption: the rule, and reading back refused
in Russian with a wrong password."""

from __future__ import annotations

import io
import zipfile

import msoffcrypto
import pytest
from openpyxl import Workbook, load_workbook

from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.services.exchange import crypto

PASSWORD = "Пароль-для-флешки"


def _plain_xlsx() -> bytes:
    book = Workbook()
    book.active["A1"] = "Иванов Иван Иванович"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("password", "repeat", "says"), [
    ("", "", "Введите пароль"),
    ("   \t    ", "   \t    ", "Введите пароль"),
    ("1234567", "1234567", f"не меньше {crypto.MIN_PASSWORD_LENGTH} знаков"),
    ("длинный-пароль", "длинный-парол", "не совпадают"),
    ("длинный-пароль", "Длинный-пароль", "не совпадают"),
])
def test_a_short_empty_or_mismatched_password_has_a_problem(password: str, repeat: str,
                                                            says: str) -> None:
    problem = crypto.password_problem(password, repeat)
    assert problem is not None and says in problem


def test_a_long_password_typed_twice_is_fine() -> None:
    assert crypto.password_problem("12345678", "12345678") is None
    assert crypto.password_problem(PASSWORD, PASSWORD) is None
    assert str(crypto.MIN_PASSWORD_LENGTH) in crypto.PASSWORD_RULE


def test_the_encrypted_workbook_opens_only_with_its_password() -> None:
    data = crypto.encrypt_xlsx(_plain_xlsx(), PASSWORD)
    assert msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted()
    with pytest.raises(zipfile.BadZipFile):  # an encrypted workbook is no zip
        load_workbook(io.BytesIO(data))
    with pytest.raises(crypto.WrongPassword, match="Пароль не подходит"):
        crypto.decrypt_xlsx(data, PASSWORD.upper())
    plain = crypto.decrypt_xlsx(data, PASSWORD)
    assert load_workbook(io.BytesIO(plain)).active["A1"].value == "Иванов Иван Иванович"


def test_reading_a_plain_or_broken_file_as_encrypted_is_refused_in_russian() -> None:
    with pytest.raises(NastavnikError, match="не зашифрован"):
        crypto.decrypt_xlsx(_plain_xlsx(), PASSWORD)
    with pytest.raises(NastavnikError, match="повреждён"):
        crypto.decrypt_xlsx(b"not an office file at all", PASSWORD)
    with pytest.raises(NastavnikError, match="повреждён"):
        crypto.read_aes_zip(b"PK\x03\x04 broken", PASSWORD)
    with pytest.raises(NastavnikError):
        crypto.encrypt_xlsx(_plain_xlsx(), "")


def test_the_aes_zip_opens_only_with_its_password() -> None:
    data = crypto.aes_zip({"база.xlsx": b"\x00" * 1000, "manifest.json": b"{}"}, PASSWORD)
    with pytest.raises(crypto.WrongPassword, match="Пароль не подходит"):
        crypto.read_aes_zip(data, "другой-пароль")
    with pytest.raises(crypto.WrongPassword, match="защищён паролем"):
        crypto.read_aes_zip(data, None)
    assert crypto.read_aes_zip(data, PASSWORD) == {"база.xlsx": b"\x00" * 1000,
                                                   "manifest.json": b"{}"}


def test_a_zip_without_a_password_reads_as_it_is() -> None:
    data = crypto.aes_zip({"a.txt": b"abc"}, None)
    assert crypto.read_aes_zip(data, None) == {"a.txt": b"abc"}
