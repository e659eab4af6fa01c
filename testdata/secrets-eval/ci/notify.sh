#!/bin/sh
# Posts the deploy result to the team channel.
STATUS="${1:-success}"
SLACK_HOOK="https://hooks.slack.com/services/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"
payload=$(printf '{"text": "deploy %s"}' "$STATUS")
curl -s -X POST -H 'Content-type: application/json' --data "$payload" "$SLACK_HOOK"
