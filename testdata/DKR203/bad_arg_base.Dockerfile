ARG BASE=python
# expect: DKR203
FROM ${BASE}
