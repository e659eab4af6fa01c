client = anthropic.Anthropic()  # reads ANTHROPIC_API_KEY
