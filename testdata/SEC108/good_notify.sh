#!/bin/sh
curl -X POST -d '{"text":"deployed"}' "$SLACK_WEBHOOK_URL"
# docs: https://hooks.slack.com/services/T000/B000/XXXX
