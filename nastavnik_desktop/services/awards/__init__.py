"""Awards of stage 7: certificates of participants, грамоты of the best, letters of thanks.

`register` is the one writer of `certificate` rows: issue a batch with registry numbers (each
nomination checked against its person), print again (same number), annul and restore. `paper`
turns the register into documents (the awards themselves, the printable register) and keeps
the design of each kind of paper. `order` is the order «О награждении».
"""
