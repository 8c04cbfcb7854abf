<?php

/**
 * domain.php: the site's host, and the cookie domain suggested for it (SPEC §8).
 */

if (! defined('ABSPATH')) {
    exit;
}

/*
 * Public suffixes of two labels in the markets homing serves, so that www.agent.co.uk suggests
 * agent.co.uk and not co.uk. Without the whole Public Suffix List a suggestion may still be
 * wrong, so it is only ever a suggestion: the site owner types the domain.
 */
const HOMING_TWO_LABEL_SUFFIXES = array(
    'co.uk', 'org.uk', 'me.uk', 'com.au', 'net.au', 'co.nz', 'com.br', 'com.mx', 'co.za',
    'co.in', 'com.sg', 'com.hk', 'co.jp', 'com.tr', 'com.ar', 'co.il', 'com.my', 'ae.org',
);

function homing_site_host(): string
{
    return strtolower((string) wp_parse_url(home_url(), PHP_URL_HOST));
}

/** Whether a cookie on $domain reaches this site: it is the site's host or a parent of it, never a bare suffix. */
function homing_covers_site(string $domain): bool
{
    $host = homing_site_host();
    if (strpos($domain, '.') === false || in_array($domain, HOMING_TWO_LABEL_SUFFIXES, true)) {
        return false;
    }
    return $host === $domain || substr($host, -strlen('.' . $domain)) === '.' . $domain;
}

/** The registrable domain this site most likely has (agent.com for www.agent.com), or '' for an address such as an IP. */
function homing_suggested_cookie_domain(): string
{
    $host = homing_site_host();
    if (filter_var($host, FILTER_VALIDATE_IP) || strpos($host, '.') === false) {
        return '';
    }
    $labels = explode('.', $host);
    $take = in_array(implode('.', array_slice($labels, -2)), HOMING_TWO_LABEL_SUFFIXES, true) ? 3 : 2;
    return implode('.', array_slice($labels, -$take));
}
