variable "aks_api_allowed_ranges" {
  type    = list(string)
  default = ["203.0.113.0/24"]
}

resource "azurerm_kubernetes_cluster" "private" {
  name                    = "aks-private"
  location                = "westeurope"
  resource_group_name     = "rg-private"
  dns_prefix              = "private"
  private_cluster_enabled = true

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }
}

resource "azurerm_kubernetes_cluster" "office_only" {
  name                = "aks-office"
  location            = "westeurope"
  resource_group_name = "rg-office"
  dns_prefix          = "office"

  api_server_access_profile {
    authorized_ip_ranges = var.aks_api_allowed_ranges
  }
}

resource "azurerm_kubernetes_cluster" "legacy_ranges" {
  name                            = "aks-legacy"
  location                        = "westeurope"
  resource_group_name             = "rg-legacy"
  dns_prefix                      = "legacy"
  api_server_authorized_ip_ranges = ["198.51.100.10/32"]
}

resource "google_container_cluster" "private_endpoint" {
  name     = "private-endpoint"
  location = "europe-west1"

  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = true
    master_ipv4_cidr_block  = "172.16.0.16/28"
  }
}

resource "google_container_cluster" "no_external_access" {
  name     = "no-external-access"
  location = "europe-west1"

  # present without cidr_blocks: no address outside Google Cloud may reach the endpoint
  master_authorized_networks_config {}
}

resource "google_container_cluster" "dns_endpoint_only" {
  name     = "dns-endpoint-only"
  location = "europe-west1"

  control_plane_endpoints_config {
    ip_endpoints_config {
      enabled = false
    }
  }
}
