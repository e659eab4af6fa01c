FROM alpine:3.20
# expect: DKR217
RUN chmod 777 /app
# expect: DKR217
RUN chmod -R 0666 /data
# expect: DKR217
RUN chmod o+w /srv
# expect: DKR217
RUN chmod a+rwx /srv
# expect: DKR217
RUN chmod +w /srv
# expect: DKR217
RUN chmod u+x,o=rw /srv/run.sh
# expect: DKR217
RUN chmod 777 /tmp
# expect: DKR217
RUN chmod 1777 /tmp /app
# expect: DKR217
RUN find /app -type d -exec chmod 777 {} \;
# expect: DKR217
RUN chmod 2777 /shared
