FROM registry.example.com/hardened/python:3.12
