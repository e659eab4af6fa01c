DSN = "postgres://app:%s@db.internal:5432/app"
URL = "https://deploy:{token}@git.internal/repo.git"
