#!/bin/sh
curl -X POST -d '{"text":"deployed"}' https://hooks.slack.com/services/T0FAKEDKRY5/B0FAKEDINSX/DKRYfmt07ELSZgnu18FMTaho  # expect: SEC108
