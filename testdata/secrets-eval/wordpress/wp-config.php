<?php
/**
 * The base configuration for WordPress
 */

// ** Database settings - You can get this info from your web host ** //
define( 'DB_NAME', 'wp_blog' );
define( 'DB_USER', 'wp_blog' );
define( 'DB_PASSWORD', 'Bl0gPass!' );
define( 'DB_HOST', 'localhost' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

define( 'AUTH_KEY',         'LJHYwbTjgQ7KLPPEXHvO#@vjd6WuLO441VSr6K81qT)(idaWeFtbltUeJ0tdGMaI' );
define( 'SECURE_AUTH_KEY',  'FCWf45mIzTWsqPc8vugmy6r4^&vAvnY+saepC0MItAhTzb3x5L0sdhPr' );
define( 'LOGGED_IN_KEY',    '6aCNTCizdAH2NL55PoaV351ZuG1u4O!;TJHKGFRfDHm6nTFvpzNh4eVb' );
define( 'NONCE_KEY',        '2ikkCr79LDE1+/LWAjNsecYXs2%$pFBJn7jXmlkDw2gwGVQbeYN4ltsD' );
define( 'AUTH_SALT',        '6BuLKR3DZFRLWyzpJnUXeg}{+zfsmsh/0o5qFEaNilHW31a9X9jRu7hX' );
define( 'SECURE_AUTH_SALT', '80eAJbh1OyHF0U6gxSPtjb899fhL3zn1yeaNLqHG:7zSRrAraXqmtgg' );

$table_prefix = 'wp_';
define( 'WP_DEBUG', false );
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
