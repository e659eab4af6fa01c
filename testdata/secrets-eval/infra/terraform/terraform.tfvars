env      = "production"
location = "westeurope"

datadog_api_key     = "879b1071e00ae97b1d1a5a1cce954b34"
datadog_app_key     = "d6b2e1fd822002ae792de53b32d6fe54e816040e"
cloudflare_zone_id  = "60e5ccf9dae45c5faf4032c354c87332"
cloudflare_api_token = "8Mv6eZjh36LIZehL4-8JAlrIRXZOrdZgaksM-oz6"
fastly_api_key      = "uwp0XX-2sM1bI9LvKw7zQ3b0cTFkKl7f"
okta_org_name       = "shop-corp"
okta_api_token      = "00ETjenWInaRvMWG5iXaC0zgHzQ_3AOU7vSE9KaGYm"
newrelic_account_id = 6498583
newrelic_api_key    = "NRAK-QFS7IJARAVDLZXQ39EWZ08M2W11"
