"""The reports domain's Wagtail admin, split by subject: segments (the builder's live count, members and export),
the export history, the board pack and its scheduled sendings, the dashboard charts; the viewsets and admin URLs
that register them and their forms."""
