# Python 2 code: the print statement is a syntax error in Python 3.
import sys

print "usage: tool FILE"  # expect: PY500
sys.exit(2)
