"""The demo school's pupils and their families, and the adults around it: parents who
mentor, alumni, the external contour."""

from __future__ import annotations

import datetime as dt

from nastavnik_desktop.data.enums import PersonCategory, Sex
from nastavnik_desktop.demo.context import (
    NO_CONSENT_SHARE,
    Adult,
    DemoContext,
    Family,
    Name,
    Pupil,
    class_plan,
)
from nastavnik_desktop.services.people import persons


class PupilsAndFamilies(DemoContext):
    """Pupils by class with their families, parents, alumni and external people."""

    def _pupils(self) -> None:
        start = self.year_start.year
        count = self.options.pupils
        unsigned = max(3, round(NO_CONSENT_SHARE * count))
        without_consent = set(self.rng.sample(range(count), unsigned))
        for grade, class_name, size in class_plan(count):
            for _ in range(size):
                sex = self._sex(0.5)
                family = self._family_for(grade)
                held_back = 1 if self.rng.random() < 0.03 else 0
                first_birth = dt.date(start - 6 - grade - held_back, 3, 1)
                birth = first_birth + dt.timedelta(days=self.rng.randint(0, 364))
                boy = sex is Sex.MALE
                person = persons.create_person(self.session, persons.NewPerson(
                    last_name=family.surname.for_sex(sex),
                    first_name=self.rng.choice(self.book.boys).first if boy
                    else self.rng.choice(self.book.girls),
                    middle_name=family.father.son_patronymic if boy
                    else family.father.daughter_patronymic,
                    sex=sex, birth_date=birth, category=PersonCategory.PUPIL,
                    class_name=class_name, parent_name=family.contact.full,
                    parent_phone=family.phone))
                consent = self._add_consents(
                    person, given=len(self.pupils) not in without_consent,
                    publication_share=0.4, parent=family.contact)
                self.pupils.append(Pupil(person, grade, family, consent))
                self._add_person()

    def _family_for(self, grade: int) -> Family:
        """A new family, or (for about one pupil in nine) a brother's or sister's one."""
        if self.families and self.rng.random() < 0.11:
            family = self.rng.choice(self.families)
            if grade not in family.grades:
                family.grades.add(grade)
                return family
        surname = self.rng.choice(self.book.surnames)
        father = self.rng.choice(self.book.men)
        if self.rng.random() < 0.75:
            mother_surname = surname if self.rng.random() < 0.9 else None
            contact = self._adult_name(Sex.FEMALE, mother_surname)
        else:
            contact = Name(surname.male, father.first,
                            self.rng.choice(self.book.men).son_patronymic, Sex.MALE)
        family = Family(surname, father, contact, self._phone(), {grade})
        self.families.append(family)
        return family

    def _externals(self) -> None:
        n_parents, n_alumni, n_employees, _, n_students, _ = self._extra_counts()
        rng = self.rng
        for family in rng.sample(self.families, n_parents):
            organisation, jobs = rng.choice(self.words.enterprises)
            contact = family.contact
            age = max(family.grades) + 6 + rng.randint(22, 34)
            person = self._adult(contact, PersonCategory.PARENT, age,
                                 organisation=organisation, position=rng.choice(jobs),
                                 phone=family.phone)
            self.parents.append(person)
            self.parent_family[person.person] = family
        for _ in range(n_alumni):
            age = rng.randint(19, 32)
            if age < 23:
                organisation = rng.choice(self.words.universities)
                position = f"студент {age - 18} курса"
            else:
                organisation, jobs = rng.choice(self.words.enterprises)
                position = rng.choice(jobs)
            self.alumni.append(self._adult(
                self._adult_name(self._sex(0.5)), PersonCategory.ALUMNUS, age,
                organisation=organisation, position=position,
                notes=f"Выпуск {self.today.year - age + 18} года"))
        for _ in range(n_employees):
            organisation, jobs = rng.choice(self.words.enterprises)
            self.external.append(self._adult(
                self._adult_name(self._sex(0.55)), PersonCategory.EMPLOYEE,
                rng.randint(26, 55), organisation=organisation, position=rng.choice(jobs)))
        owner = self._adult_name(self._sex(0.6))
        self.external.append(self._adult(
            owner, PersonCategory.ENTREPRENEUR, rng.randint(30, 50),
            organisation=f"ИП {owner.last} {owner.first[0]}. {owner.middle[0]}.",
            position="индивидуальный предприниматель (кафе «Пекарня у реки»)"))
        self.external.append(self._adult(
            self._adult_name(self._sex(0.4)), PersonCategory.ENTREPRENEUR, rng.randint(35, 60),
            organisation="АНО «Волонтёрский центр «Доброе дело»»", position="руководитель"))
        for _ in range(n_students):
            age = rng.randint(18, 21)
            self.external.append(self._adult(
                self._adult_name(self._sex(0.5)), PersonCategory.STUDENT, age,
                organisation=rng.choice(self.words.universities),
                position=f"студент {age - 17} курса"))

    def _adult(self, name: Name, category: PersonCategory, age: int, *, organisation: str,
               position: str, phone: str = "", notes: str = "") -> Adult:
        person = persons.create_person(self.session, persons.NewPerson(
            last_name=name.last, first_name=name.first, middle_name=name.middle, sex=name.sex,
            birth_date=self._birth_for_age(age), category=category,
            organisation=organisation, position=position, phone=phone or self._phone(),
            notes=notes))
        consent = self._add_consents(person, given=self.rng.random() < 0.95,
                                     publication_share=0.5)
        self._add_person()
        return Adult(person, consent)

    def _revoke_one_consent(self) -> None:
        """One parent withdrew the consent of a pupil who is in no base."""
        in_bases = {m.person for profiles in self.mentees.values() for m in profiles}
        in_bases |= {m.person for profiles in self.mentors.values() for m in profiles}
        pupil = self.rng.choice([p for p in self.pupils
                                 if p.consent and p.person not in in_bases])
        consent = pupil.person.consents[0]
        consent.revoked_on = max(consent.given_on, self.timeline.at(0.3))
        pupil.consent = False
