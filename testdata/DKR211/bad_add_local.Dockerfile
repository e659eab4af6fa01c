FROM alpine:3.20
# expect: DKR211
ADD app.py /app/
# expect: DKR211
ADD --chown=app:app ["conf/", "/etc/app/"]
# expect: DKR211
ADD a.txt b.json /data/
