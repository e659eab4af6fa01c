resource "google_container_cluster" "gke" {
  name     = "gke"
  location = "europe-west1"
  master_authorized_networks_config {
    cidr_blocks { # expect: NET311
      cidr_block   = "0.0.0.0/0"
      display_name = "everyone"
    }
  }
}
