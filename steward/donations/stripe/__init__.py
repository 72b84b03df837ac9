"""The Stripe boundary: `client` is the only module that imports the stripe SDK (Decimal and currency in, minor
units inside); `webhooks` stores signed events and dispatches them to the donations services; `tasks` runs the
processing on a worker and repairs what failed."""
