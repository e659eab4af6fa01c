provider "gitlab" {
  token = var.gitlab_token
}
