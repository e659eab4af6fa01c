# expect: DKR203
from ubuntu as base
