Stripe.api_key = "sk_live_FAKEDKRYfmt07ELSZgnu18FMTaho" # expect: SEC109
