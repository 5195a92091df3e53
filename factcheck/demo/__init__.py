"""The demo desk (``flask demo load``): users, settings, articles and claims in every state,
an outlet with its inbox, pasted pages, feed subscriptions, a webhook, API tokens and saved
views."""
