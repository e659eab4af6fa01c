<?php
define( 'DB_NAME', 'wp_blog' );
define( 'DB_PASSWORD', 'Bl0gPass!' );  // expect: SEC146
define( 'AUTH_KEY',  '5V0Qnnx15u61RxmMCSGC#@VE9zxJgvnWdHbS3hdr3W' );  // expect: SEC146
define( 'NONCE_SALT', 'pL2Dv5vvKWlhefK1jPz0CQig5rAm3t!;hEkJMAPae7cVeCKvB7Q8' );  // expect: SEC146
