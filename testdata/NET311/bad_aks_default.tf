# AKS with neither authorized IP ranges nor a private cluster: the API server takes
# connections from any address (the provider's and Azure's default).
resource "azurerm_kubernetes_cluster" "platform" { # expect: NET311
  name                = "aks-platform"
  location            = azurerm_resource_group.platform.location
  resource_group_name = azurerm_resource_group.platform.name
  dns_prefix          = "platform"
  kubernetes_version  = "1.29"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }
}

# An access profile that lists no range restricts nothing.
resource "azurerm_kubernetes_cluster" "batch" {
  name                = "aks-batch"
  location            = "westeurope"
  resource_group_name = "rg-batch"
  dns_prefix          = "batch"

  api_server_access_profile {
    authorized_ip_ranges = [] # expect: NET311
  }

  default_node_pool {
    name       = "default"
    node_count = 1
    vm_size    = "Standard_D2s_v5"
  }
}
