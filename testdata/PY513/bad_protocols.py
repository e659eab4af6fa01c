import ftplib  # expect: PY513
import telnetlib  # expect: PY513
import urllib.request

from pysnmp.hlapi import CommunityData


def connect(host: str, url: str):
    t = telnetlib.Telnet(host)  # expect: PY513
    f = ftplib.FTP(host)  # expect: PY513
    page = urllib.request.urlopen(url)  # expect: PY513
    auth = CommunityData("public", mpModel=0)  # expect: PY513
    return t, f, page, auth
