<?php
define( 'MAILER_PASSWORD', 'M4iler!pw' );  // expect: SEC140
define( 'MAILER_HOST', 'smtp.internal' );
