"""A thin command line over the services: `python -m nastavnik_desktop --help`.

Every command prints Russian messages; expected errors exit with code 1 (2 for bad usage)
and leave the database as it was. A command that opens the database takes its lock, as the
window does (`data/lock.py`), so it is refused while a window or another command has the file;
`info` only reads the file and runs regardless.

Longer than 600 lines because it is the one command line: each command is its parser lines and
a short handler over a service, side by side; the logic lives in the services.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from nastavnik_desktop import APP_NAME, __version__
from nastavnik_desktop.errors import NastavnikError
from nastavnik_desktop.text import size_text

if TYPE_CHECKING:
    from nastavnik_desktop.data.db import Database
    from nastavnik_desktop.services.info import ProgrammeLine
    from nastavnik_desktop.services.matching.apply import AppliedMatching
    from nastavnik_desktop.services.matching.run import MatchResult
    from nastavnik_desktop.services.monitoring import Growth, Kpi, KpiFigure, Line
    from nastavnik_desktop.services.programme import ProgrammeInfo

Command = Callable[[argparse.Namespace], int]


def _positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("нужно положительное число")
    return value


_METAVARS = {"db": "ФАЙЛ", "out": "ФАЙЛ", "date": "ДАТА", "number": "НОМЕР", "seed": "ЧИСЛО",
             "pupils": "ЧИСЛО", "teachers": "ЧИСЛО", "pairs": "ЧИСЛО", "sheet": "ЛИСТ"}
"""Russian names of the values an option takes where argparse would print its name in Latin
capitals («--db DB»); an option missing here gets «ЗНАЧЕНИЕ»."""


class _RussianHelpFormatter(argparse.HelpFormatter):
    """argparse's own words in Russian: «Использование:» and the values' names."""

    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        return _METAVARS.get(action.dest, "ЗНАЧЕНИЕ")

    def _get_default_metavar_for_positional(self, action: argparse.Action) -> str:
        return _METAVARS.get(action.dest, "ЗНАЧЕНИЕ")

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup],
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups,
                          "Использование: " if prefix is None else prefix)


_ERRORS: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.+,.+)", r"не указаны обязательные параметры: \1"),
    (r"the following arguments are required: (.+)", r"не указан обязательный параметр: \1"),
    (r"unrecognized arguments: (.+)", r"неизвестные параметры: \1"),
    (r"invalid choice: '(.*)' \(choose from (.+)\)", r"недопустимое значение «\1» (можно: \2)"),
    (r"invalid \w+ value: '(.*)'", r"недопустимое значение «\1»"),
    (r"expected one argument", "после параметра нужно значение"),
    (r"one of the arguments (.+) is required", r"нужен один из параметров: \1"),
    (r"not allowed with argument (.+)", r"нельзя указывать вместе с \1"),
)
"""argparse's English errors (Python's own wording) and their Russian."""


def _russian_error(message: str) -> str:
    found = re.fullmatch(r"argument (\S+): (.*)", message, re.DOTALL)
    prefix = ""
    if found:
        prefix, message = f"параметр {found[1]}: ", found[2]
    for english, russian in _ERRORS:
        if re.fullmatch(english, message, re.DOTALL):
            return prefix + re.sub(english, russian, message, flags=re.DOTALL)
    return prefix + message


class _RussianParser(argparse.ArgumentParser):
    """Usage errors in Russian (the subcommands' parsers are of this class too)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: ошибка: {_russian_error(message)}\n")


def _with_help(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser._optionals.title = "параметры"
    parser._positionals.title = "аргументы"
    parser.add_argument("-h", "--help", action="help", help="показать эту справку и выйти")
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _RussianParser(
        add_help=False, formatter_class=_RussianHelpFormatter,
        prog="python -m nastavnik_desktop",
        description=f"«{APP_NAME}» {__version__}: служебные команды. "
                    "Программа с окнами запускается командой `python main.py`.")
    _with_help(parser)
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}",
                        help="показать версию программы")
    sub = parser.add_subparsers(dest="command", metavar="КОМАНДА", title="команды")

    demo = _with_help(sub.add_parser(
        "demo", help="создать демонстрационную школу в новом файле базы", add_help=False,
        formatter_class=_RussianHelpFormatter))
    demo.add_argument("--db", type=Path, required=True, help="файл базы данных, который создать")
    demo.add_argument("--seed", type=int, default=2025, help="зерно генератора (одинаковое "
                      "зерно — одинаковая школа)")
    demo.add_argument("--pupils", type=_positive, help="число обучающихся (по умолчанию ~800)")
    demo.add_argument("--teachers", type=_positive, help="число педагогов и сотрудников "
                      "(по умолчанию ~60)")
    demo.add_argument("--pairs", type=_positive, help="число сформированных пар и групп "
                      "(по умолчанию 12–20; не больше одной на 5 обучающихся и не больше 2000)")
    demo.add_argument("--date", type=_date, help="на какую дату построить школу, ДД.ММ.ГГГГ "
                      "(по умолчанию сегодня)")
    demo.add_argument("--force", action="store_true", help="заменить существующий файл")
    demo.set_defaults(handler=_cmd_demo)

    info = _with_help(sub.add_parser(
        "info", help="версия схемы и число строк в каждой таблице", add_help=False,
        formatter_class=_RussianHelpFormatter))
    info.add_argument("--db", type=Path, required=True, help="файл базы данных")
    info.add_argument("--json", action="store_true", help="вывести в формате JSON")
    info.set_defaults(handler=_cmd_info)

    report = _with_help(sub.add_parser(
        "report", help="сформировать документ текущей программы в PDF", add_help=False,
        formatter_class=_RussianHelpFormatter))
    report.add_argument("kind", choices=sorted((*_REPORT_KINDS, _BLANK_REPORT)),
                        metavar="ДОКУМЕНТ",
                        help="roadmap — дорожная карта, order-launch — приказ о внедрении "
                             "целевой модели и назначении куратора, passport — паспорт "
                             "программы, bases — базы наставляемых и наставников (PDF; .xlsx — "
                             "только зашифрованный, с --password-file, и только с "
                             "согласием на обработку данных), pairs — список пар и групп, "
                             "order-pairs — приказ о закреплении пар и групп, plan — план "
                             "развития пары или группы (с --pair), journal — журнал встреч "
                             "пары или группы (с --pair), control — контрольный лист всех "
                             "пар и групп в работе, monitoring — отчёт о мониторинге (PDF "
                             "или таблица статистики .xlsx по расширению файла), "
                             "certificates — выданные сертификаты, грамоты и благодарственные "
                             "письма, awards-order — приказ о награждении, awards-register — "
                             "реестр выданных наград, cases — сборник кейсов, "
                             "questionnaire-blank — бланки анкеты (с --questionnaire)")
    report.add_argument("--db", type=Path, required=True, help="файл базы данных")
    report.add_argument("--out", type=Path, help="PDF-файл, который создать (для plan, "
                        "journal, control и monitoring по умолчанию — новый файл в папке "
                        "документов)")
    report.add_argument("--pair", type=int, metavar="НОМЕР",
                        help="номер пары или группы (для plan и journal)")
    report.add_argument("--layout", choices=("events", "stages"), default="events",
                        help="дорожная карта по мероприятиям (events) или по этапам (stages)")
    report.add_argument("--year", metavar="ГГГГ/ГГГГ",
                        help="учебный год программы (по умолчанию — текущей), например "
                             "2025/2026: документы прошлых лет (на конец того года, без "
                             "записи в реестр; приказы — под их номерами)")
    report.add_argument("--number", help="номер приказа (по умолчанию — номер уже изданного "
                        "приказа этого вида или следующий свободный номер года)")
    report.add_argument("--date", type=_date, help="дата документа ДД.ММ.ГГГГ "
                        "(по умолчанию сегодня); для control и monitoring — на какую дату")
    report.add_argument("--questionnaire", type=int, metavar="НОМЕР",
                        help="номер анкеты (для questionnaire-blank)")
    report.add_argument("--people", choices=("mentees", "mentors"),
                        help="бланки наставляемым (mentees) или наставникам (mentors) "
                             "программы (для questionnaire-blank; по умолчанию — тем, "
                             "кому адресована анкета)")
    report.add_argument("--round", type=int, metavar="НОМЕР",
                        help="бланки тем, кого ждёт опрос с этим номером "
                             "(для questionnaire-blank)")
    report.add_argument("--empty", action="store_true",
                        help="один пустой бланк без ФИО (для questionnaire-blank)")
    report.add_argument("--password-file", type=Path, metavar="ФАЙЛ",
                        help="файл с паролем (первая строка) для bases в .xlsx: файл "
                             "с именами уходит из школы только зашифрованным")
    report.set_defaults(handler=_cmd_report)

    load = _with_help(sub.add_parser(
        "import", help="загрузить людей или ответы на анкету из таблицы (.xlsx, .xls, .ods, "
        ".csv)", add_help=False, formatter_class=_RussianHelpFormatter))
    load.add_argument("kind", choices=_IMPORT_KINDS, metavar="ЧТО",
                      help="pupils — обучающиеся, staff — педагоги и сотрудники, mentees — "
                           "база наставляемых, mentors — база наставников текущей программы, "
                           "answers — ответы на анкету из выгрузки онлайн-формы (с "
                           "--questionnaire)")
    load.add_argument("file", type=Path, metavar="ФАЙЛ", help="таблица со списком людей или "
                      "с ответами")
    load.add_argument("--questionnaire", type=int, metavar="НОМЕР",
                      help="для answers: номер анкеты")
    load.add_argument("--round", type=int, metavar="НОМЕР", help="для answers: номер опроса "
                      "(по умолчанию последний опрос по этой анкете в текущей программе)")
    load.add_argument("--skip-unmatched", action="store_true",
                      help="для answers: пропустить строки, для которых не найден участник "
                           "(или найдено несколько), и загрузить остальные")
    load.add_argument("--db", type=Path, required=True, help="файл базы данных")
    load.add_argument("--sheet", help="имя листа (по умолчанию первый лист со списком)")
    load.add_argument("--duplicates", choices=("skip", "update"), default="skip",
                      help="кто уже есть в базе: skip — пропустить, update — обновить данные")
    load.set_defaults(handler=_cmd_import)

    match = _with_help(sub.add_parser(
        "match", help="подобрать наставнические пары и группы (этап 5)", add_help=False,
        formatter_class=_RussianHelpFormatter))
    match.add_argument("--db", type=Path, required=True, help="файл базы данных")
    match.add_argument("--objective", choices=("score", "coverage"), default="score",
                       help="score — наибольшая сумма оценок совместимости, coverage — "
                            "как можно больше наставляемых в парах")
    match.add_argument("--apply", action="store_true",
                       help="сохранить предложенные пары и группы (статус «сформирована»)")
    match.add_argument("--json", action="store_true", help="вывести в формате JSON")
    match.set_defaults(handler=_cmd_match)

    monitoring = _with_help(sub.add_parser(
        "monitoring", help="доля вовлечённых в наставничество (показатель 70 %%) на дату",
        add_help=False, formatter_class=_RussianHelpFormatter))
    monitoring.add_argument("--db", type=Path, required=True, help="файл базы данных")
    monitoring.add_argument("--date", type=_date, help="отчётная дата ДД.ММ.ГГГГ (по умолчанию "
                            "сегодня; для архивной программы — 31.08 её учебного года)")
    monitoring.add_argument("--json", action="store_true", help="вывести в формате JSON")
    monitoring.set_defaults(handler=_cmd_monitoring)

    restore = _with_help(sub.add_parser(
        "restore", help="восстановить базу из резервной копии", add_help=False,
        formatter_class=_RussianHelpFormatter,
        description="Заменяет базу копией. Текущая база сохраняется в папку резервных копий; "
                    "«Наставник», открывший эту базу, нужно сначала закрыть."))
    restore.add_argument("backup", type=Path, nargs="?", metavar="КОПИЯ",
                         help="файл резервной копии: архив .zip, сделанный командой backup "
                              "или в разделе «Обмен данными», либо автоматическая копия "
                              "(путь или имя файла в папке копий)")
    restore.add_argument("--db", type=Path, required=True, help="файл базы данных")
    restore.add_argument("--list", action="store_true",
                         help="показать резервные копии базы с датами")
    restore.add_argument("--password-file", type=Path, metavar="ФАЙЛ",
                         help="файл с паролем архива (первая строка), если архив защищён")
    restore.set_defaults(handler=_cmd_restore)

    backup = _with_help(sub.add_parser(
        "backup", help="сохранить резервную копию базы и её файлов в один архив .zip",
        add_help=False, formatter_class=_RussianHelpFormatter))
    backup.add_argument("--db", type=Path, required=True, help="файл базы данных")
    backup.add_argument("--out", type=Path, required=True, help="архив .zip, который создать")
    backup.add_argument("--password-file", type=Path, metavar="ФАЙЛ",
                        help="файл с паролем (первая строка): архив будет зашифрован AES-256")
    backup.set_defaults(handler=_cmd_backup)

    export = _with_help(sub.add_parser(
        "export", help="выгрузка для передачи за пределы школы", add_help=False,
        formatter_class=_RussianHelpFormatter))
    export.add_argument("what", choices=("municipality", "named"), metavar="ЧТО",
                        help="municipality — сводный отчёт для муниципалитета (без ФИО; .xlsx "
                             "или .csv по расширению файла), named — именные базы и список "
                             "пар (только с согласием, только зашифрованные: .xlsx или .zip)")
    export.add_argument("--db", type=Path, required=True, help="файл базы данных")
    export.add_argument("--out", type=Path, required=True, help="файл, который создать")
    export.add_argument("--date", type=_date, help="отчётная дата ДД.ММ.ГГГГ (по умолчанию "
                        "сегодня; для архивной программы — 31.08 её учебного года)")
    export.add_argument("--year", metavar="ГГГГ/ГГГГ",
                        help="учебный год программы (по умолчанию — текущей)")
    export.add_argument("--password-file", type=Path, metavar="ФАЙЛ",
                        help="файл с паролем (первая строка) для named")
    export.set_defaults(handler=_cmd_export)
    return parser


_REPORT_KINDS = {"roadmap": "roadmap", "order-launch": "order_launch", "passport": "passport",
                 "bases": "bases", "pairs": "pairs", "order-pairs": "order_pairs", "plan": "plan",
                 "journal": "journal", "control": "control", "monitoring": "monitoring",
                 "certificates": "certificates", "awards-order": "order_awards",
                 "awards-register": "awards_register", "cases": "cases"}
_BLANK_REPORT = "questionnaire-blank"
_PAIR_REPORTS = ("plan", "journal")
_DEFAULT_OUT_REPORTS = ("plan", "journal", "control", "monitoring")
_IMPORT_KINDS = ("pupils", "staff", "mentees", "mentors", "answers")


def _date(text: str) -> dt.date:
    try:
        return dt.datetime.strptime(text.strip(), "%d.%m.%Y").date()
    except ValueError:
        raise argparse.ArgumentTypeError("дата записывается как ДД.ММ.ГГГГ") from None


def _no_database(path: Path) -> str | None:
    """Why `path` holds no database to work on, or None. Commands on an existing base neither
    create one in a missing file nor write a schema into a 0-byte one (only to refuse it)."""
    if not path.exists():
        return f"Файл базы данных «{path}» не найден."
    if path.is_file() and path.stat().st_size == 0:
        return (f"Файл «{path}» пуст (0 байт): базы данных в нём нет, он не изменён. Укажите "
                "файл базы «Наставника».")
    return None


@contextlib.contextmanager
def _programme_database(path: Path, year: str | None = None
                        ) -> Iterator[tuple[Database, ProgrammeInfo]]:
    """The base at `path` (backed up as on every open) and its current programme — or that of
    the school `year` — closed afterwards; a missing or empty file, or a base without a
    programme, is refused in Russian (main prints it and returns 1)."""
    from nastavnik_desktop.data.db import open_database
    from nastavnik_desktop.paths import backup_dir_for
    from nastavnik_desktop.services.programme import current_programme, programme_of_year

    if (missing := _no_database(path)) is not None:
        raise NastavnikError(missing)
    db = open_database(path, backup_dir=backup_dir_for(path))
    try:
        programme = current_programme(db) if year is None else programme_of_year(db, year)
        if programme is None:
            raise NastavnikError("В базе нет программы наставничества: сначала пройдите этап 1.")
        yield db, programme
    finally:
        db.close()


def _cmd_demo(args: argparse.Namespace) -> int:
    from nastavnik_desktop.services.workspace import create_demo_workspace

    if args.db.exists() and not args.force:
        print(f"Файл «{args.db}» уже существует. Укажите другой файл или добавьте --force, "
              "чтобы заменить его демонстрационной школой.", file=sys.stderr)
        return 1
    path = create_demo_workspace(args.db, today=args.date or dt.date.today(), seed=args.seed,
                                 pupils=args.pupils, teachers=args.teachers,
                                 pairs=args.pairs)
    from nastavnik_desktop.services.info import database_info

    info = database_info(path)
    print(f"Демонстрационная школа создана: {path}")
    print(f"Людей: {info.tables.get('person', 0)}.")
    for programme in info.programmes:
        print(f"{_programme_state(programme)}, пар и групп: {programme.pairs}.")
    return 0


def _cmd_info(args: argparse.Namespace) -> int:
    from nastavnik_desktop.services.info import database_info

    info = database_info(args.db)
    if args.json:
        data = asdict(info) | {"up_to_date": info.up_to_date}
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"База данных: {info.path}")
    state = "актуальна" if info.up_to_date else f"будет обновлена до {info.head_revision}"
    print(f"Версия схемы: {info.revision} ({state})")
    for programme in info.programmes:
        print(f"{_programme_state(programme)}: пар и групп {programme.pairs}")
    width = max((len(name) for name in info.tables), default=0)
    for name, count in info.tables.items():
        print(f"  {name:<{width}}  {count}")
    return 0


def _programme_state(programme: ProgrammeLine) -> str:
    """«Программа 2026/2027» or «Программа 2025/2026 (в архиве)»."""
    archived = " (в архиве)" if programme.status == "archived" else ""
    return f"Программа {programme.school_year}{archived}"


def _cmd_report(args: argparse.Namespace) -> int:
    from nastavnik_desktop.data.enums import ProgrammeStatus
    from nastavnik_desktop.services.documents import default_output_path, issue_document
    from nastavnik_desktop.services.monitoring import default_reporting_date

    if args.out is None and args.kind not in _DEFAULT_OUT_REPORTS:
        print("Укажите файл, который создать: --out ФАЙЛ.pdf", file=sys.stderr)
        return 1
    if args.kind == _BLANK_REPORT:
        return _questionnaire_blank(args)
    with _programme_database(args.db, args.year) as (db, programme):
        kind = _REPORT_KINDS[args.kind]
        if args.kind in _PAIR_REPORTS and not _pair_known(db, programme.id, args.pair):
            return 1
        if (args.kind == "monitoring" or programme.status is ProgrammeStatus.ARCHIVED) \
                and args.date is None:  # as the command monitoring; a past year: its end
            args.date = default_reporting_date(programme, dt.date.today())
        if args.out is None:
            args.out = default_output_path(db, programme.id, kind, issued_on=args.date,
                                           pair_id=args.pair)
        if args.kind == "monitoring" and args.out.suffix.lower() == ".xlsx":
            kind = "monitoring_table"  # the statistics of the report, registered as well
        if args.kind == "bases" and args.out.suffix.lower() == ".xlsx":
            from nastavnik_desktop.services.exchange.named import NamedKind

            return _export_named(args, db, programme.id, (NamedKind.BASES,))
        if programme.status is ProgrammeStatus.ARCHIVED:  # printed as the window prints it
            db = db.read_only_view()
        issued = issue_document(db, programme.id, kind, args.out, number=args.number,
                                issued_on=args.date, layout=args.layout, pair_id=args.pair)
    print(f"Документ «{issued.title}» сохранён: {issued.file_path}")
    return 0


def _questionnaire_blank(args: argparse.Namespace) -> int:
    from nastavnik_desktop.services.questionnaires import questionnaires
    from nastavnik_desktop.services.questionnaires.paper import (
        PaperChoice,
        PaperPeople,
        default_people,
        write_blanks,
    )
    from nastavnik_desktop.text import ru_plural

    if args.questionnaire is None:
        print("Укажите номер анкеты: --questionnaire НОМЕР.", file=sys.stderr)
        return 1
    if sum((args.people is not None, args.round is not None, args.empty)) > 1:
        print("Выберите что-то одно: --people, --round или --empty.", file=sys.stderr)
        return 1
    with _programme_database(args.db) as (db, programme):
        known = {info.id: info for info in questionnaires(db, programme_id=programme.id)}
        if args.questionnaire not in known:
            print(f"Анкета с номером {args.questionnaire} не найдена. Анкеты программы:",
                  file=sys.stderr)
            for number, info in known.items():
                print(f"  {number:>5}  {info.title}", file=sys.stderr)
            return 1
        asked = known[args.questionnaire]
        choice = (PaperChoice(PaperPeople.EMPTY) if args.empty
                  else PaperChoice(PaperPeople.ROUND, round_id=args.round)
                  if args.round is not None
                  else PaperChoice(PaperPeople(args.people) if args.people
                                   else default_people(asked.audience)))
        result = write_blanks(db, programme.id, args.questionnaire, choice, args.out,
                              separate_process=False)
    count = max(result.people, 1)
    blanks = f"{count} {ru_plural(count, 'бланк', 'бланка', 'бланков')}"
    print(f"Бланки анкеты «{asked.title}» сохранены ({blanks}): {result.path}")
    return 0


def _pair_known(db: Database, programme_id: int, pair_id: int | None) -> bool:
    """Whether the programme has the pair; if not, says so with the list of its pairs."""
    from nastavnik_desktop.services.pair_paper import UNKNOWN_PAIR, pair_numbers

    pairs = pair_numbers(db, programme_id)
    if any(number == pair_id for number, _label in pairs):
        return True
    print("Укажите номер пары или группы: --pair НОМЕР." if pair_id is None
          else UNKNOWN_PAIR.format(pair_id=pair_id), file=sys.stderr)
    if pairs:
        print("Пары и группы программы:", file=sys.stderr)
        for number, label in pairs:
            print(f"  {number:>5}  {label}", file=sys.stderr)
    else:
        print("В программе пока нет пар и групп: сформируйте их на этапе 5.", file=sys.stderr)
    return False


def _cmd_import(args: argparse.Namespace) -> int:
    from nastavnik_desktop.data.db import open_database
    from nastavnik_desktop.paths import backup_dir_for
    from nastavnik_desktop.services.importing import (
        Duplicates,
        ImportKind,
        commit_import,
        prepare_import,
    )

    if args.kind == "answers":
        return _cmd_import_answers(args)
    if (missing := _no_database(args.db)) is not None:
        print(missing, file=sys.stderr)
        return 1
    db = open_database(args.db, backup_dir=backup_dir_for(args.db))
    try:
        preview = prepare_import(db, args.file, ImportKind(args.kind), sheet=args.sheet)
        for line in (*preview.notices, *map(str, preview.warnings)):
            print(line)
        if preview.errors:
            print(f"Ошибки в файле «{preview.file_name}» ({len(preview.errors)}), база не "
                  "изменена. Исправьте эти строки и повторите:", file=sys.stderr)
            for problem in preview.errors:
                print(f"  {problem}", file=sys.stderr)
            return 1
        result = commit_import(db, preview, duplicates=Duplicates(args.duplicates))
    finally:
        db.close()
    print(result.summary)
    return 0


def _cmd_import_answers(args: argparse.Namespace) -> int:
    from nastavnik_desktop.services.questionnaires import importing

    if args.questionnaire is None:
        print("Укажите анкету: --questionnaire НОМЕР.", file=sys.stderr)
        return 1
    with _programme_database(args.db) as (db, programme):
        round_id = importing.round_to_import(db, programme.id, args.questionnaire, args.round)
        source = importing.read_answers(db, round_id, args.file)
        plan = importing.plan_import(source, source.auto_mapping, today=dt.date.today())
        for line in importing.plan_lines(source, plan):
            print(line, file=sys.stderr if plan.errors or plan.review else sys.stdout)
        if plan.errors or (plan.review and not args.skip_unmatched):
            print("Ничего не загружено." + ("" if plan.errors else " Исправьте ФИО в этих "
                  "строках или повторите с --skip-unmatched, чтобы пропустить их."),
                  file=sys.stderr)
            return 1
        saved = importing.commit_import(db, plan, skip_review=args.skip_unmatched)
    print(f"Загружено: новых анкет {saved.added}, заменено {saved.replaced}, "
          f"без изменений: {saved.unchanged}.")
    return 0


def _cmd_match(args: argparse.Namespace) -> int:
    from nastavnik_desktop.services.matching.apply import apply_matching
    from nastavnik_desktop.services.matching.run import load_settings, run_matching

    with _programme_database(args.db) as (db, programme):
        result = run_matching(db, programme.id, load_settings(db), args.objective)
        applied = apply_matching(db, programme.id, result) if args.apply else None
    if args.json:
        print(json.dumps(_match_json(programme.school_year, result, applied),
                         ensure_ascii=False, indent=2))
    else:
        _print_match(programme.school_year, result, applied)
    return 0


def _cmd_monitoring(args: argparse.Namespace) -> int:
    from nastavnik_desktop.services.monitoring import default_reporting_date, growth, kpi

    with _programme_database(args.db) as (db, programme):
        on = args.date or default_reporting_date(programme, dt.date.today())
        figures = kpi(db, programme.id, on=on)
        grown = growth(db, programme.id, on=on)
    if args.json:
        print(json.dumps(_monitoring_json(programme.school_year, figures, grown),
                         ensure_ascii=False, indent=2))
    else:
        _print_monitoring(programme.school_year, figures, grown)
    return 0


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _monitoring_json(school_year: str, figures: Kpi, grown: Growth) -> dict[str, Any]:
    from nastavnik_desktop.data.enums import Audience
    from nastavnik_desktop.services.monitoring import form_summary

    def share(figure: KpiFigure) -> dict[str, Any]:
        return {"involved": figure.share.involved, "population": figure.share.population,
                "percent": _percent(figure.share.percent), "method": figure.method}

    def lines(rows: Iterable[Line]) -> list[dict[str, Any]]:
        return [{"label": r.label, "involved": r.involved, "mentors": r.mentors,
                 "mentees": r.mentees, "population": r.population,
                 "percent": _percent(r.percent)} for r in rows]

    return {
        "programme": school_year,
        "date": figures.on.isoformat(),
        "kpi": {"pupils": share(figures.pupils),
                "pupils_and_staff": share(figures.pupils_and_staff)},
        "by_form": [{"form": f.label, "pairs": f.pairs, "involved": f.involved,
                     "mentors": f.mentors, "mentees": f.mentees,
                     "entry_mean": _percent(f.entry.value), "exit_mean": _percent(f.exit.value),
                     "attendance_percent": _percent(f.attendance.percent)}
                    for f in form_summary(figures, grown)],
        "satisfaction": {key: {"mean": _percent(s.mean), "share_7_plus": _percent(s.share_7_plus),
                               "respondents": s.respondents}
                         for key, s in (("mentors", grown.satisfaction_of(Audience.MENTOR)),
                                        ("mentees", grown.satisfaction_of(Audience.MENTEE)))},
        "by_role": lines(figures.by_role),
        "by_category": lines(figures.by_category),
        "by_class": lines(figures.by_class),
        "by_age": lines(figures.by_age),
        "young_specialists": lines([figures.young_specialists])[0],
        "mentor_organisations": [{"organisation": o.name, "mentors": o.mentors}
                                 for o in figures.mentor_organisations],
    }


def _print_monitoring(school_year: str, figures: Kpi, grown: Growth) -> None:
    from nastavnik_desktop.data.enums import Audience
    from nastavnik_desktop.services.monitoring import (
        TARGET_PERCENT,
        form_summary,
        percent_text,
        score_text,
    )

    def share(title: str, figure: KpiFigure) -> None:
        value = figure.share
        shown = (percent_text(value.percent) if value.percent is None else
                 f"{percent_text(value.percent)} ({value.involved} из {value.population})")
        print(f"{title}: {shown}")
        print(f"  Методика: {figure.method}")

    def line(row: Line) -> str:
        text = f"  {row.label}: {row.involved}"
        if row.population is not None:
            text += f" из {row.population} ({percent_text(row.percent)})"
        return text

    print(f"Вовлечённость в наставничество, программа {school_year}, "
          f"на {figures.on:%d.%m.%Y} (целевое значение — не менее {TARGET_PERCENT} %)")
    share("Обучающиеся", figures.pupils)
    share("Обучающиеся и педагогические работники", figures.pupils_and_staff)
    print("\nПо формам наставничества:")
    forms = form_summary(figures, grown)
    for form in forms:
        print(f"  «{form.label}»: пар и групп {form.pairs}, наставников {form.mentors}, "
              f"наставляемых {form.mentees}; средний балл на входе — {form.entry.text}, "
              f"на выходе — {form.exit.text}; посещаемость встреч — "
              f"{percent_text(form.attendance.percent)}")
    if not forms:
        print("  пар и групп на эту дату нет")
    print("\nУдовлетворённость (итоговые анкеты, шкала 1–10):")
    for title, audience in (("Наставники", Audience.MENTOR), ("Наставляемые", Audience.MENTEE)):
        found = grown.satisfaction_of(audience)
        if found.respondents == 0:
            print(f"  {title}: нет данных (итоговых анкет нет)")
        else:
            print(f"  {title}: средний балл {score_text(found.mean)}, оценку 7 и выше дали "
                  f"{percent_text(found.share_7_plus)} (ответили {found.respondents})")
    if grown.note:
        print(f"  {grown.note}")
    for title, rows in (("По ролям", figures.by_role), ("По категориям", figures.by_category),
                        ("По возрасту (обучающиеся)", figures.by_age),
                        ("По классам", figures.by_class)):
        print(f"\n{title}:")
        for row in rows:
            print(line(row))
    print("\nМолодые специалисты (стаж 0–3 года) в роли наставляемых:")
    print(line(figures.young_specialists))
    if figures.mentor_organisations:
        print("\nОрганизации, предоставившие наставников:")
        for organisation in figures.mentor_organisations:
            print(f"  {organisation.name}: {organisation.mentors}")


def _cmd_restore(args: argparse.Namespace) -> int:
    from nastavnik_desktop.paths import backup_dir_for
    from nastavnik_desktop.services.backups import (
        available_backups,
        reason_label,
        restore_backup,
    )

    if args.list:
        folder = backup_dir_for(args.db)
        backups = available_backups(args.db)
        if not backups:
            print(f"Резервных копий базы «{args.db}» в папке «{folder}» нет.")
            return 0
        print(f"Резервные копии базы «{args.db}» (папка «{folder}»), новые сверху:")
        for backup in backups:
            size = size_text(backup.path.stat().st_size)
            print(f"  {backup.taken_at:%d.%m.%Y %H:%M:%S}  {backup.path.name}  "
                  f"({size}, {reason_label(backup) or 'копия'})")
        print(f"Восстановить: nastavnik restore --db \"{args.db}\" ФАЙЛ_КОПИИ")
        return 0
    if args.backup is None:
        print("Укажите файл резервной копии или --list, чтобы увидеть список копий.",
              file=sys.stderr)
        return 1
    if args.backup.suffix.lower() == ".zip":
        from nastavnik_desktop.services.backup_archive import restore_archive

        restored = restore_archive(args.db, args.backup,
                                   password=_read_password(args.password_file, required=False))
    else:
        restored = restore_backup(args.db, args.backup)
    print(f"База «{restored.db_path}» восстановлена из копии «{restored.backup.name}».")
    if restored.set_aside is not None:
        print(f"Прежняя база сохранена как «{restored.set_aside}».")
    return 0


def _read_password(path: Path | None, *, required: bool) -> str | None:
    """The first line of a password file (its end of line dropped); refused when missing."""
    if path is None:
        if required:
            raise NastavnikError(
                "Файл с именами уходит из школы только зашифрованным: укажите файл с паролем "
                "--password-file ФАЙЛ (пароль — в первой строке).")
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise NastavnikError(f"Файл с паролем «{path}» не удалось прочитать.",
                             details=str(exc)) from exc
    except UnicodeDecodeError as exc:
        raise NastavnikError(f"Файл с паролем «{path}» — не текст в UTF-8.") from exc
    lines = text.splitlines()
    return lines[0] if lines else ""


def _export_named(args: argparse.Namespace, db: Database, programme_id: int,
                  kinds: tuple[Any, ...]) -> int:
    from nastavnik_desktop.services.exchange.named import export_named
    from nastavnik_desktop.text import count_phrase

    password = _read_password(args.password_file, required=True)
    assert password is not None
    plan = export_named(db, programme_id, args.out, kinds, today=args.date or dt.date.today(),
                        password=password)
    print(f"Зашифрованный файл сохранён: {args.out} "
          f"({count_phrase(plan.included, 'человек', 'человека', 'человек')}).")
    if plan.left_out_count:
        print(f"Не включены — нет согласия на обработку персональных данных: "
              f"{count_phrase(plan.left_out_count, 'человек', 'человека', 'человек')}.")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from nastavnik_desktop.services.exchange.named import NamedKind

    with _programme_database(args.db, args.year) as (db, programme):
        if args.what == "named":
            return _export_named(args, db, programme.id, (NamedKind.BASES, NamedKind.PAIRS))
        from nastavnik_desktop.files import atomic_write
        from nastavnik_desktop.services.exchange.municipality import (
            municipality_csv,
            municipality_report,
            municipality_xlsx,
        )
        from nastavnik_desktop.services.monitoring import default_reporting_date

        on = args.date or default_reporting_date(programme, dt.date.today())
        report = municipality_report(db, programme.id, on=on)
        data = (municipality_csv(report) if args.out.suffix.lower() == ".csv"
                else municipality_xlsx(report))
        with atomic_write(args.out) as stream:
            stream.write(data)
    print(f"Отчёт для муниципалитета на {on:%d.%m.%Y} сохранён: {args.out}")
    return 0


def _cmd_backup(args: argparse.Namespace) -> int:
    from nastavnik_desktop.services.backup_archive import create_archive

    if (missing := _no_database(args.db)) is not None:
        raise NastavnikError(missing)
    password = _read_password(args.password_file, required=False)
    info = create_archive(args.db, args.out, password=password)
    print(f"Резервная копия сохранена: {info.path} ({size_text(info.size)}"
          f"{', зашифрована' if info.encrypted else ''}).")
    return 0


def _match_json(school_year: str, result: MatchResult,
                applied: AppliedMatching | None) -> dict[str, Any]:
    report = result.quality
    return {
        "programme": school_year,
        "objective": result.objective,
        "pairs": [{"mentee": p.mentee_name, "mentee_class": p.mentee_class,
                   "mentee_profile_id": p.mentee_profile_id, "mentor": p.mentor_name,
                   "mentor_profile_id": p.mentor_profile_id, "form": p.form_name,
                   "score": p.score, "explanation": p.explanation.text,
                   "matched": [r.criterion.value for r in p.explanation.matched],
                   "unmatched": [r.criterion.value for r in p.explanation.unmatched]}
                  for p in result.proposals],
        "unmatched": [{"mentee": u.mentee_name, "mentee_profile_id": u.mentee_profile_id,
                       "form": u.form_name, "reason": u.reason} for u in result.unmatched],
        "quality": {"total": round(report.total, 1), "mean": report.mean,
                    "lowest": report.lowest, "matched": report.matched,
                    "unmatched": report.unmatched, "groups": result.groups,
                    "mentors_used": result.mentors_used, "places_left": result.places_left},
        "applied": None if applied is None else {
            "pairs": applied.pairs, "groups": applied.groups, "mentees": applied.mentees,
            "pair_ids": list(applied.pair_ids)},
    }


def _print_match(school_year: str, result: MatchResult, applied: AppliedMatching | None) -> None:
    from nastavnik_desktop.text import count_phrase

    def number(value: float | None) -> str:
        return f"{value or 0:.1f}".replace(".", ",")

    def mentees(n: int) -> str:
        return count_phrase(n, "наставляемый", "наставляемых", "наставляемых")

    goal = ("наибольшая сумма оценок" if result.objective == "score"
            else "как можно больше наставляемых в парах")
    print(f"Подбор пар, программа {school_year} (цель — {goal})")
    form = None
    for p in result.proposals:
        if p.form_name != form:
            form = p.form_name
            print(f"\n«{form}»")
        mentee = f"{p.mentee_name} ({p.mentee_class})" if p.mentee_class else p.mentee_name
        print(f"  {mentee} ← {p.mentor_name}: {number(p.score)}")
        print(f"      {p.explanation.text}")
    if result.unmatched:
        print(f"\nБез наставника: {mentees(len(result.unmatched))}")
        for u in result.unmatched:
            print(f"  {u.mentee_name} («{u.form_name}»): {u.reason}")
    report = result.quality
    summary = f"\nИтого: {mentees(report.matched)} в парах и группах"
    if report.matched:
        summary += f", средняя оценка {number(report.mean)}, наименьшая {number(report.lowest)}"
    print(f"{summary}; свободных мест у наставников: {result.places_left}.")
    if applied is None:
        print("Пары не сохранены: чтобы закрепить их, повторите команду с --apply.")
    else:
        print(f"Сохранено: пар {applied.pairs}, групп {applied.groups} "
              f"({mentees(applied.mentees)}).")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Command | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    try:
        return handler(args)
    except NastavnikError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Прервано.", file=sys.stderr)
        return 130
