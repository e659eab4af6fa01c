"""The pre-commit gate must fail on a planted key (AWS documentation example pair)."""
PLANTED_KEY_ID = "AKIAIOSFODNN7EXAMPLE"  # expect: SEC139
PLANTED_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  # expect: SEC139
