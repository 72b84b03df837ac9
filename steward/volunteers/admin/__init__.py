"""The volunteers domain's Wagtail admin, split by subject: volunteer profiles, opportunities, shifts (and their
roster), sign-ups, hours, the constituent page's volunteering section and the dashboard panel; the viewsets that
register them, their forms and listing filters. Writes go through steward.volunteers.services."""
