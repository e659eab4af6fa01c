#!/bin/sh
curl -u deploy:Lq7#vR2m!Kd9 https://artifacts.internal/upload  # expect: SEC143
curl -H "Authorization: Bearer DINSXchmrw16BGLQVafkpuz49EJOTYdi" https://api.internal/v1/me  # expect: SEC143
