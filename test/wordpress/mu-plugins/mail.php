<?php

/**
 * mail.php: the test site's mail is taken as sent, as an SMTP plugin would take it (there is no mail server here).
 */

add_filter('pre_wp_mail', '__return_true');
