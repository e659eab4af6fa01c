from slack_sdk import WebClient

client = WebClient(token="xoxb-2950134867-3961045872309-FAKEDKRYfmt07ELSZgnu18FM")  # expect: SEC107
