resource "google_compute_firewall" "ftp" {
  name    = "ftp"
  network = "default"
  allow { # expect: NET305
    protocol = "tcp"
    ports    = ["20-21"]
  }
}
