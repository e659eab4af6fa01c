resource "aws_db_instance" "app" {
  engine   = "postgres"
  username = "app"
  password = "Tr0ub4dor&3xQ" # expect: SEC142
}
