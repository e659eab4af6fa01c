FROM alpine:3.20
RUN chmod 1777 /tmp
RUN chmod 1777 /var/tmp
RUN chmod 755 /app && chmod -R 750 /data
RUN chmod o-w /srv && chmod u+w /srv && chmod g+w /srv
RUN chmod 0775 /shared
RUN echo "chmod 777 /app"
