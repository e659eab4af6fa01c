#!/bin/sh
TOKEN_FILE=/tmp/t
echo "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmaXh0dXJlIiwibmFtZSI6IkZha2UgVXNlciJ9.DKRYfmt07CJQXelsz6BIPWdkry5AHOVcjqx4-GNUbip" > "$TOKEN_FILE"  # expect: SEC122
