"""Django settings for the storefront project."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# SECURITY WARNING: keep the secret key used in production secret!
SECRET_KEY = "django-insecure-UqOlE-ycVvSyIRnomH7H!x3#DaYugS13ti5u9Byp7K%q@vvn4qh"

DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = ["shop.internal", "localhost"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "storefront",
        "USER": "storefront",
        "PASSWORD": "pass1234",
        "HOST": os.environ.get("DB_HOST", "db"),
        "PORT": "5432",
    },
    "analytics": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "analytics",
        "USER": "readonly",
        "PASSWORD": os.environ["ANALYTICS_DB_PASSWORD"],
    },
}

EMAIL_HOST = "smtp.mailgun.org"
EMAIL_HOST_USER = "postmaster@mg.shop.internal"
EMAIL_HOST_PASSWORD = "59fd9090da7cc064635fd82cfa711633-381fbbd5-8b8fe165"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
SESSION_COOKIE_NAME = "storefront_session"
CSRF_COOKIE_NAME = "csrftoken"
PASSWORD_RESET_TIMEOUT = 259200
STRIPE_PUBLISHABLE_KEY = "pk_live_OPdxf646xcjfX0SEfRPS4AFt"
STRIPE_SECRET_KEY = "sk_live_kq7QwHXNhJ3gHxiSmxcZTFRk"
STRIPE_WEBHOOK_SECRET = "whsec_Idtzrt9t8Af1hTs24WRegy3RloMIxktD"
SENTRY_DSN = "https://d73d140ae55603b05ac58e3833e94fb7@o999284.ingest.sentry.io/2237304"
CACHE_KEY_PREFIX = "storefront"
