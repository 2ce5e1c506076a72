"""The demo school itself and its staff: administration, teachers and other posts."""

from __future__ import annotations

from nastavnik_desktop.data.enums import PersonCategory
from nastavnik_desktop.data.models import School
from nastavnik_desktop.demo.context import Adult, DemoContext, apportion
from nastavnik_desktop.services.people import persons


class SchoolAndStaff(DemoContext):
    """The school's requisites and its staff."""

    def _school(self) -> School:
        rng = self.rng
        number = rng.choice(self.words.school_numbers)
        digits = [6, 4] + [rng.randint(0, 9) for _ in range(7)]
        control = sum(w * d for w, d in zip((2, 4, 10, 3, 5, 9, 4, 6, 8), digits,
                                            strict=True)) % 11 % 10
        school = School(
            full_name="Муниципальное бюджетное общеобразовательное учреждение "
                      f"«Средняя общеобразовательная школа № {number}»",
            short_name=f"МБОУ «СОШ № {number}»",
            address=f"4129{rng.randint(10, 99)}, {self.words.region}, г. {self.words.town}, "
                    f"ул. {rng.choice(self.words.streets)}, д. {rng.randint(1, 60)}",
            municipality=self.words.municipality,
            founder=self.words.founder, settlement=f"г. {self.words.town}",
            phone=f"+7 (84562) {rng.randint(2, 5)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
            email=f"sosh{number}@prirechensk-edu.ru",
            inn="".join(map(str, [*digits, control])),
        )
        self.session.add(school)
        return school

    def _staff(self) -> None:
        rng = self.rng
        teaching = self.options.teachers - len(self.words.admin_staff)
        counts = apportion(teaching, [w for _, _, w, _ in self.words.teaching_staff])
        posts = [(pos, subj, share) for (pos, subj, _, share), n in
                 zip(self.words.teaching_staff, counts, strict=True) for _ in range(n)]
        rng.shuffle(posts)
        young = set(rng.sample(range(len(posts)), max(2, round(0.12 * self.options.teachers))))
        for position, subject, male_share in self.words.admin_staff:
            self._add_staff(position, subject, male_share, rng.randint(15, 35))
        for i, (position, subject, male_share) in enumerate(posts):
            experience = rng.randint(0, 3) if i in young else round(rng.triangular(4, 40, 20))
            self._add_staff(position, subject, male_share, experience)

    def _add_staff(self, position: str, subject: str, male_share: float, experience: int) -> None:
        name = self._adult_name(self._sex(male_share))
        age = 22 + experience + self.rng.randint(0, 2 if experience <= 3 else 6)
        person = persons.create_person(self.session, persons.NewPerson(
            last_name=name.last, first_name=name.first, middle_name=name.middle, sex=name.sex,
            birth_date=self._birth_for_age(age), category=PersonCategory.STAFF,
            position=position, subject=subject, experience_years=experience,
            phone=self._phone()))
        consent = self._add_consents(person, given=self.rng.random() < 0.97,
                                     publication_share=0.5)
        self.staff.append(Adult(person, consent))
        self._add_person()
