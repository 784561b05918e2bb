"""Mock interviews: a timed sequence of questions answered one at a time, then a transcript.

One feature package (models, services, selectors, forms, views, urls) like
``accounts.stories``; ``accounts.models`` imports the models so migrations find them.
The whole state lives on the server, so a reload or a lost connection resumes the mock.
"""
