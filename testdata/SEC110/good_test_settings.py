STRIPE_KEY = os.environ.get("STRIPE_TEST_KEY", "")
