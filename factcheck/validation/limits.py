"""The largest values the desk stores, in one place: forms, converters and the README agree.

Integer columns are PostgreSQL ``integer`` (32 bits); SQLite and PostgreSQL ``bigint`` hold 64
bits. Text columns without a declared length (``Text``) still get a documented maximum, so a
pasted megabyte of Markdown cannot make every page view slow.
"""

#: Largest whole number a form or query string may carry into an ``integer`` column.
MAX_INT_COLUMN = 2**31 - 1
#: Largest id a path may name. Ids are ``integer`` columns, and SQLAlchemy binds the lookup as
#: ``%(pk)s::INTEGER`` on PostgreSQL, so a larger number is an error there, not "no row".
MAX_PATH_ID = MAX_INT_COLUMN
#: An article's text: about a megabyte of plain text (a long report, pasted whole).
ARTICLE_TEXT_MAX = 1_000_000
#: A verdict's explanation, a methodology note or any other Markdown field: about 3,000 words,
#: which the Markdown parser renders well within the page's time budget.
MARKDOWN_MAX = 20_000
#: Any other multi-line text (notes, excerpts, comments, summaries).
LONG_TEXT_MAX = 50_000
#: Any other single-line text that no column bounds (tags, passwords, reasons).
SHORT_TEXT_MAX = 1_000
