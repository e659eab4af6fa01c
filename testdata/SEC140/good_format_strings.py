"""Format strings and templates under secret-looking names are not secrets (#15 class 10)."""
import os

password = "{password}"
db_password = f"{prefix}-{suffix}"
token = "Bearer %s"
api_key = "${API_KEY_FROM_ENV}"
secret_path = "config/secrets/creds.json"
password_prompt = "password for the %s account"
login_password = "Password: %(pw)s"
connect_password = os.environ["DB_PASSWORD"]
