resource "aws_eks_cluster" "private" {
  name     = "a"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids              = ["subnet-1"]
    endpoint_public_access  = false
    endpoint_private_access = true
  }
}

resource "aws_eks_cluster" "restricted" {
  name     = "b"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  vpc_config {
    subnet_ids          = ["subnet-1"]
    public_access_cidrs = ["203.0.113.0/24"]
  }
}

resource "google_container_cluster" "gke" {
  name     = "gke"
  location = "europe-west1"
  master_authorized_networks_config {
    cidr_blocks {
      cidr_block   = "10.0.0.0/8"
      display_name = "vpn"
    }
  }
}

resource "azurerm_kubernetes_cluster" "aks" {
  name                = "aks"
  location            = "westeurope"
  resource_group_name = "rg"
  dns_prefix          = "aks"
  api_server_access_profile {
    authorized_ip_ranges = ["198.51.100.0/24"]
  }
}
