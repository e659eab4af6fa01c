# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.40.0"
  constraints = "~> 5.40"
  hashes = [
    "h1:Wiz0dQk7FcoOKpYqNp8O4fg5b5egNWaP+CZ2JLpr9+r=",
    "zh:4573292f91eef1d6d77cb7a4b927b18099bc488f126d3aa8fc8deced42030bf8",
    "zh:35deac7b54333aecff694abbb01b5635d426997c2595e9122116a44b78c08854",
  ]
}
