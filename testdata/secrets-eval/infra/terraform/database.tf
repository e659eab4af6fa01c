resource "random_password" "db" {
  length  = 24
  special = true
}

resource "azurerm_mssql_server" "main" {
  name                         = "shop-sql-${var.env}"
  resource_group_name          = azurerm_resource_group.main.name
  location                     = var.location
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = "Aa12345678"
}

resource "aws_db_instance" "orders" {
  identifier        = "orders-${var.env}"
  engine            = "postgres"
  instance_class    = "db.t3.medium"
  username          = "orders"
  password          = random_password.db.result
  kms_key_id        = aws_kms_key.db.arn
  storage_encrypted = true
}

resource "aws_db_instance" "legacy" {
  identifier = "legacy-reporting"
  engine     = "mysql"
  username   = "admin"
  password   = "SuperSecretDB2024!"
}

resource "aws_secretsmanager_secret_version" "api" {
  secret_id     = aws_secretsmanager_secret.api.id
  secret_string = "app-secret-vfzk-ZAzJNjWUX4"
}

resource "aws_iam_access_key" "ci" {
  user    = aws_iam_user.ci.name
  pgp_key = "keybase:shop_ops"
}

output "db_password" {
  value     = random_password.db.result
  sensitive = true
}
