#!/bin/sh
export AWS_SECRET_ACCESS_KEY="DUl2HYp6Lct/PgxCTk1GXo5Kbs9OfwBSj0FWn4Ja"  # expect: SEC102
