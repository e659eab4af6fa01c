"""Summarise incident notes with Amazon Bedrock (run by hand)."""
import json
import os

import boto3

BEDROCK_API_KEY = "ABSKQmVkcm9ja0FQSUtleS03dmdxLWF0LTQ1OTIzODY2NDE2NDpqSlRwRitCRkwwZnpFdE1vVGFUQ05mVEZwN3ZhMTJtVXJpd1JqbmVYdW9LUA=="
MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0"


def summarise(text: str) -> str:
    os.environ.setdefault("AWS_BEARER_TOKEN_BEDROCK", BEDROCK_API_KEY)
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    body = json.dumps({"messages": [{"role": "user", "content": text}], "max_tokens": 400})
    response = client.invoke_model(modelId=MODEL_ID, body=body)
    return json.loads(response["body"].read())["content"][0]["text"]
