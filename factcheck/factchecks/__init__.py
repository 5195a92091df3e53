"""Other fact-checkers' published reviews: reading their ClaimReview markup and importing it.

See :mod:`factcheck.factchecks.parsing` (the formats accepted) and
:mod:`factcheck.factchecks.importing` (how a review is stored or updated by its URL).
"""
