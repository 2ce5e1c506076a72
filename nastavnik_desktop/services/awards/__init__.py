"""Awards of stage 7: certificates of participants, грамоты of the best, letters of thanks.

`register` is the one writer of `certificate` rows: issue a batch with registry numbers, print
again (same number), annul. `paper` turns the register into documents (the awards themselves,
the printable register).
"""
