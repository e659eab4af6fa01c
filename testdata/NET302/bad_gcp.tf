resource "google_compute_firewall" "rdp" {
  name          = "rdp"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]

  allow { # expect: NET302
    protocol = "tcp"
    ports    = ["3389"]
  }
}
