DATABASES = {"default": {"USER": "app", "PASSWORD": "Tr0ub4dor&3xQ"}}  # expect: SEC140
SECRET_KEY = "DQdq3GTgt6JWjw9MZmzCPcp2FSfs5IVi"  # expect: SEC140
