resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
}

resource "aws_default_security_group" "emptied" {
  vpc_id  = aws_vpc.other.id
  ingress = []
  egress  = []
}
