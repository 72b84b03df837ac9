"""The Stripe boundary: `client` is the only module that imports the stripe SDK (Decimal and currency in, minor
units inside). What Stripe tells Steward is handled above it: steward/donations/stripe_events.py (the event log
and its handlers), views.stripe_webhook (the HTTP endpoint) and reconcile.py."""
