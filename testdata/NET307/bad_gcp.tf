resource "google_compute_firewall" "range" {
  name    = "range"
  network = "default"
  allow { # expect: NET307
    protocol = "tcp"
    ports    = ["8000-8999"]
  }
}
