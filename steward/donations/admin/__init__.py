"""The donations admin (Wagtail), a module per subject; wagtail_hooks.py registers it."""
