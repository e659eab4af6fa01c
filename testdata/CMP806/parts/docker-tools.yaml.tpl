# included by ../bad_include.yaml; not a name sechooks-compose checks on its own
services:
  dind-client:
    image: docker:27-cli
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
