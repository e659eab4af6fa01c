client = anthropic.Anthropic(api_key="sk-ant-api03-FAKEDKRYfmt07CJQXelsz6BIPWdkry5AHOVcjqx4-GNUbipw3_FMTahov29ELSZgnu18ELSZgnu18DKRYfmt07CJQXels")  # expect: SEC115
