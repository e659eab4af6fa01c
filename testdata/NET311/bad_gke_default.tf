# GKE without master authorized networks: the public control-plane endpoint accepts any
# address. Private nodes alone do not make the endpoint private.
resource "google_container_cluster" "primary" { # expect: NET311
  name     = "primary"
  location = "europe-west1"

  remove_default_node_pool = true
  initial_node_count       = 1
  networking_mode          = "VPC_NATIVE"
}

resource "google_container_cluster" "private_nodes" { # expect: NET311
  name     = "private-nodes"
  location = "europe-west1"

  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = false
    master_ipv4_cidr_block  = "172.16.0.0/28"
  }
}
