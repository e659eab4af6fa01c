terraform {
  backend "s3" {
    bucket = "fake-state"
    key    = "prod/terraform.tfstate"
  }
}
