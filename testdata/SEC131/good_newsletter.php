<?php
$mailchimp->setConfig(['apiKey' => getenv('MAILCHIMP_API_KEY')]);
