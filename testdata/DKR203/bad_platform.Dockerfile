# expect: DKR203
FROM --platform=$BUILDPLATFORM node AS x
RUN npm ci
