#!/bin/sh
export REGISTRY_PASSWORD='Lq7#vR2m!Kd9'  # expect: SEC140
