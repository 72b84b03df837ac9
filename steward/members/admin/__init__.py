"""The members domain's Wagtail admin, split by subject: constituents (and the constituent page's sections),
memberships, relationships, interactions and tasks, custom fields, the dashboard panel; the viewsets that
register them, their forms and listing filters."""
