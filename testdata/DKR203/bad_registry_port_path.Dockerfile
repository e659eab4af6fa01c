# expect: DKR203
FROM registry.example.com:5000/team/app AS app
