resource "aws_security_group" "nfs" {
  ingress {
    from_port   = 2049
    to_port     = 2049
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "google_compute_firewall" "kubelet" {
  name          = "kubelet"
  network       = "default"
  source_ranges = ["10.0.0.0/8"]
  allow {
    protocol = "tcp"
    ports    = ["10250"]
  }
}
