from slack_sdk import WebClient

client = WebClient(token="xoxb-1234567890-2345678901234-FAKEDKRYfmt07ELSZgnu18FM")  # expect: SEC107
