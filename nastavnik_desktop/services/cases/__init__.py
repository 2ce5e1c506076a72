"""The school's collection of cases: successful practices of a pair or a form (stage 7).

`collection` is the one writer of `practice_case` and `case_photo` rows (photos are copied into
the data folder; a photo is attached only when the people of the case consent to publication);
`paper` builds the booklet.
"""
