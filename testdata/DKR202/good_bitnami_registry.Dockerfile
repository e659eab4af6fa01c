FROM docker.io/bitnami/postgresql:16
