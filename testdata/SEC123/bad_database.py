DATABASE_URL = "postgresql://app:Zq8vK2mW9pLx@db.internal:5432/app"  # expect: SEC123
CACHE_URL = "redis://:Lq7vR2mKd9Xw@cache.internal:6379/0"  # expect: SEC123
