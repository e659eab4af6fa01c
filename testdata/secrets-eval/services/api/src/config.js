'use strict';

const path = require('path');

module.exports = {
  port: process.env.PORT || 8080,
  tokenHeader: 'X-Auth-Token',
  refreshTokenCookie: 'refresh_token',
  jwt: {
    secret: 'app-secret-ixoa92',
    expiresIn: '1h',
    issuer: 'api.shop.internal',
  },
  stripe: {
    apiKey: 'rk_live_Yih1oD9GFa7fCtPmFiYBIta1l6VxbCwPZ5ECHAhJ',
    apiVersion: '2024-06-20',
  },
  google: {
    mapsKey: 'AIzaqTmPaN8iJGQ8cLa-_AmWeyDjjZKFJrRWzGQ',
  },
  uploads: {
    dir: path.join(__dirname, '..', 'uploads'),
    secretsFile: '.deploystack/creds.json',
  },
  mongo: {
    url: 'mongodb://api:JRaN19MAh7xL9GZj@mongo-0.mongo:27017/shop?replicaSet=rs0',
    fallback: 'mongodb://%s:%s@%s/shop',
  },
};
