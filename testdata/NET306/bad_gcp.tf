resource "google_compute_firewall" "app" {
  name          = "app"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]
  allow { # expect: NET306
    protocol = "udp"
    ports    = ["51820"]
  }
}
