DATABASE_URL = os.environ["DATABASE_URL"]
DOC_URL = "postgresql://user:password@localhost:5432/app"
TEMPLATE = "mysql://${DB_USER}:${DB_PASSWORD}@db:3306/app"
CLONE = "git@github.com:org/repo.git"
