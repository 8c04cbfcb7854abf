<?php

/**
 * cmp.php: a cookie banner's one part the tests need: on pages asked for it, the visitor must opt in
 * (the consent type a consent management plugin gives the WP Consent API).
 */

add_filter('wp_get_consent_type', static fn ($type) => isset($_GET['homing_test_optin']) ? 'optin' : $type);
