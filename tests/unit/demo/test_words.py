"""The demo's word lists live in resources/demo/ and hold what the builder draws from."""

from __future__ import annotations

import dataclasses

from nastavnik_desktop import paths
from nastavnik_desktop.data.enums import MeetingKind
from nastavnik_desktop.demo.context import ROLE_MODELS
from nastavnik_desktop.demo.words import demo_words, name_book

WORD_FILES = ("town.json", "staff.json", "profiles.json", "programme.json",
              "male_names.txt", "female_names.txt", "surnames.txt")


def test_every_word_list_is_a_resource_file() -> None:
    for name in WORD_FILES:
        assert paths.resource("demo", name).is_file(), name


def test_no_word_list_is_empty() -> None:
    words = demo_words()
    for field in dataclasses.fields(words):
        assert getattr(words, field.name), field.name
    book = name_book()
    assert book.men and book.boys and book.women and book.girls and book.surnames


def test_every_form_of_the_demo_has_its_topics_goals_and_tasks() -> None:
    words = demo_words()
    for code in ROLE_MODELS:
        assert words.work_topics[code] and words.plan_goals[code]
        assert len(words.plan_tasks[code]) >= 3, code  # a plan draws three tasks
    assert set(words.meeting_topics) == {MeetingKind.ACQUAINTANCE, MeetingKind.TRIAL,
                                         MeetingKind.PLANNING, MeetingKind.FINAL}


def test_the_staff_posts_have_weights_and_shares_of_men() -> None:
    words = demo_words()
    assert all(0 <= men <= 1 for _, _, men in words.admin_staff)
    assert all(weight > 0 and 0 <= men <= 1 for _, _, weight, men in words.teaching_staff)
    positions = [position for position, _, _ in words.admin_staff]
    assert positions[0] == "Директор"  # the builder takes the first for the director
    # The programme's team takes these two from the administration.
    assert {"педагог-психолог", "заместитель директора по ВР"} <= set(positions)
