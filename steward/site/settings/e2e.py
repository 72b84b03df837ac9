"""The browser tests' Django (frontend/e2e): development settings, with mail written to files the tests read.

DATABASE_URL points at a fresh SQLite file the test run migrates and seeds; FRONTEND_URL at the built frontend
(it makes the emailed links and is trusted for CSRF); E2E_MAIL_DIR is where each email lands as a file.
"""

from .dev import *  # noqa: F403
from .dev import env

DEBUG = True  # runserver serves /media/ (CMS image renditions) only in DEBUG
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env.str("E2E_MAIL_DIR")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; test data only
# Every browser test pays from the same address (the frontend's, 127.0.0.1): the run's payments stand for many
# people's, so the card-testing limits per address (tested in tests/donations) are set above what one run makes.
CARD_TESTING_MAX_STARTS_PER_IP = 200
CARD_TESTING_MAX_FAILURES_PER_IP = 50
