resource "azurerm_kubernetes_cluster" "aks" {
  name                = "aks"
  location            = "westeurope"
  resource_group_name = "rg"
  dns_prefix          = "aks"
  api_server_access_profile {
    authorized_ip_ranges = ["0.0.0.0/0"] # expect: NET311
  }
}
