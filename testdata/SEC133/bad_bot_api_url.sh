#!/bin/sh
# notify the release channel
curl -s "https://api.telegram.org/bot5839201746:AADKRYfmt07CJQXelsz6BIPWdkry5AHOVcj/sendMessage" -d chat_id=42 -d text=done  # expect: SEC133
