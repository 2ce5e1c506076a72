"""Matching mentees to mentors (stage 5), read top-down:

- `session`: the curator's matching session — propose, reject, forbid, choose by hand, re-run,
  keep (what the stage 5 wizard drives);
- `run`: one run — load the candidates, score them, solve, and the proposals with their reasons;
- `load`: who may be matched, from the database (`records`: the plain records it returns);
- `scoring`: the settings, the score of every pair and its explanation (`criteria`: the
  criteria on whole arrays);
- `solver`: the exact optimum (scipy's `linear_sum_assignment`) and its quality;
- `apply`: the kept proposals become pairs and groups, through `services.pairs.writer`.

Qt-free; numpy and scipy are imported only when a run needs them.
"""
