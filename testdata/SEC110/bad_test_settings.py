STRIPE_KEY = "sk_test_FAKEDKRYfmt07ELSZgnu18FMTaho"  # expect: SEC110
