resource "aws_security_group" "range" {
  ingress {
    from_port   = 8000
    to_port     = 8099
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 1000
    to_port     = 5000
    protocol    = "tcp"
    cidr_blocks = ["192.168.0.0/16"]
  }
}
