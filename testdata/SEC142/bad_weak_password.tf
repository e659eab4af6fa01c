resource "azurerm_mssql_server" "sql" {
  name                         = "sql-app"
  administrator_login          = "sqladmin"
  administrator_login_password = "Aa12345678" # expect: SEC142
}
