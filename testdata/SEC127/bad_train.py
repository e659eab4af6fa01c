login(token="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")  # expect: SEC127
