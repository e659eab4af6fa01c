import os

PASSWORD = os.environ["DB_PASSWORD"]
SECRET_KEY = settings.SECRET_KEY
API_KEY = get_secret("api-key")
PASSWORD_MIN_LENGTH = "12"
TOKEN_URL = "https://auth.internal/oauth/token"
password_placeholder = "your_password_here"
if password == "Tr0ub4dor&3xQ":
    pass
