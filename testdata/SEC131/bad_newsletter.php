<?php
$mailchimp->setConfig(['apiKey' => '369cf258be147ad047ad0369cf258be1-us21']); // expect: SEC131
