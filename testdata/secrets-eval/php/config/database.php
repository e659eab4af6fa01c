<?php

return [
    'default' => env('DB_CONNECTION', 'mysql'),
    'connections' => [
        'mysql' => [
            'driver' => 'mysql',
            'host' => env('DB_HOST', '127.0.0.1'),
            'database' => env('DB_DATABASE', 'forge'),
            'username' => env('DB_USERNAME', 'forge'),
            'password' => env('DB_PASSWORD', ''),
        ],
        'legacy' => [
            'driver' => 'mysql',
            'host' => '10.20.0.15',
            'username' => 'legacy_ro',
            'password' => 'l3gacy_R0!',
        ],
    ],
    'redis' => [
        'default' => [
            'password' => env('REDIS_PASSWORD'),
        ],
    ],
];
