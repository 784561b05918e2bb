"""The dated plan: tasks laid out day by day from today to the interview.

One feature package, like ``accounts.stories``: ``layout.py`` places the tasks (pure,
no database), ``services.py`` stores them and their ticks, ``selectors.py`` reads what
the page, the calendar and the export show, ``calendar.py`` writes the ``.ics`` file.
``accounts.models`` imports the model so Django and its migrations find it.
"""
