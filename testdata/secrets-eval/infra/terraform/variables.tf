variable "env" {
  type    = string
  default = "staging"
}

variable "db_password" {
  description = "Master password for the reporting database"
  type        = string
  sensitive   = true
}

variable "datadog_api_key" {
  type      = string
  default   = ""
  sensitive = true
}

variable "api_token_secret_name" {
  type    = string
  default = "prod/api/token"
}

variable "vpn_psk" {
  type    = string
  default = "CHANGE_ME"
}
