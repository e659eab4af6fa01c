# a fragment with no FROM: nothing to say
ARG VERSION=1
