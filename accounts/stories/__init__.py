"""The STAR story bank: a candidate's own stories and the questions each one answers.

Kept as one feature package (models, services, selectors, forms, views) so it grows
without crowding the rest of ``accounts``; ``accounts.models`` imports the models so
Django and its migrations find them.
"""
