#!/usr/bin/env bash
set -euo pipefail

REGISTRY=registry.shop.internal
export VAULT_ADDR=https://vault.shop.internal:8200
export VAULT_DEV_ROOT_TOKEN_ID="AwgmBIuY6dnPqF2o7EljYUJF"
export CLIENT_SECRET_ID="545758cc-5e12-44dd-aede-403c7433dfa4"
export ROLE_ID="11228159-f6f8-4946-b094-d9ea354e1cbf"

docker login "$REGISTRY" -u deploy -p 'deploy2023'
curl -fsS -u admin:AdminPassword123 "https://nexus.shop.internal/service/rest/v1/status"
curl -fsS -u "$NEXUS_USER:$NEXUS_PASSWORD" "https://nexus.shop.internal/repository/raw/"
mysql -h db.internal -u root -p"$MYSQL_ROOT_PASSWORD" shop < migrations/latest.sql
printf 'postgres://%s:%s@%s/%s\n' "$DB_USER" "$DB_PASS" "$DB_HOST" "$DB_NAME" > .pgurl
git push origin refs/heads/main:refs/heads/release

curl -s -X POST "https://api.telegram.org/bot7639448252:AAKoJ46bfHRo7mD0aAU3_lWK85DD2YlNteg/sendMessage" -d chat_id=-1005244966658 -d text="deployed"
