"""Notifications: the desk's bell and the e-mail that tells people about their claims.

- ``creating``: made by the operations layer in the transaction of the event that causes them
  (assigned, sent back, mentioned, published, corrected) and by the daily round (due
  tomorrow, overdue); each sends its e-mail at once, waits for the daily digest, or neither,
  as its recipient chose (``preferences``).
- ``daily``: the round Huey's scheduler runs every hour (``jobs``): due and overdue
  notifications once per due date, and the daily digests once per person and day.
- ``mentions``: ``@name`` in comments, and the names the comment box offers.
- ``views``: the bell's list page, marking read, the e-mail choices and the people lookup.
"""
