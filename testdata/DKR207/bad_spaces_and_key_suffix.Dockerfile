FROM php:8.3-fpm
# values with spaces are secrets too
# expect: DKR207
ENV DB_PASSWORD="this is it"
# expect: DKR207
ENV MAIL_PASSWORD correct horse battery staple
# expect: DKR207
ENV APP_ENV=production DB_ROOT_PASSWORD="S3cure Pass 2024!"
# a name that only ends in KEY, with a value that can be nothing but a key
# expect: DKR207
ARG CTF_KEY=TRwzX8q!Qc2TmK
# expect: DKR207
ENV APP_KEY=base64:q3Xh9LmZ2vR7tW4pK8sN1cF6yB0dG5jA=
