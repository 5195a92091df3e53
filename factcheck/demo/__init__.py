"""The demo desk: users, settings, two articles and claims in every state (``flask demo load``)."""
