<?php

/**
 * settings.php: the plugin's one option, its defaults, and the checks every saved value passes.
 */

if (! defined('ABSPATH')) {
    exit;
}

const HOMING_OPTION = 'homing_settings';
const HOMING_AUTOCAPTURE_PARTS = array('pageviews', 'forms', 'properties', 'clicks');
const HOMING_CONSENT_MODES = array('granted', 'required');
const HOMING_CONSENT_CATEGORIES = array('statistics', 'marketing');
const HOMING_BOT_MODES = array('filter', 'allow');
// SPEC §4: the collector's own limits leave a key no longer than this in practice.
const HOMING_MAX_KEY = 200;

/** The settings as saved, with defaults for whatever is missing. */
function homing_settings(): array
{
    $saved = get_option(HOMING_OPTION, array());
    return array_merge(homing_defaults(), is_array($saved) ? $saved : array());
}

function homing_defaults(): array
{
    return array(
        'key' => '',
        'endpoint' => '',
        'cookie_domain' => '',
        'consent' => 'granted',
        'consent_category' => 'statistics',
        'autocapture' => HOMING_AUTOCAPTURE_PARTS,
        'bots' => 'filter',
        'exclude_roles' => array('administrator', 'editor'),
    );
}

/** Whether this environment may send to a plain-http endpoint (a developer's own machine). */
function homing_is_development(): bool
{
    return in_array(wp_get_environment_type(), array('local', 'development'), true);
}

/**
 * The Settings API's sanitize callback: each value is checked on its own; a refused one keeps
 * its saved value and says why in an admin notice.
 */
function homing_sanitize_settings($input): array
{
    $old = homing_settings();
    $input = is_array($input) ? $input : array();
    $out = $old;
    foreach (homing_field_checks() as $field => $check) {
        $result = $check($input[ $field ] ?? null);
        if (is_wp_error($result)) {
            add_settings_error(HOMING_OPTION, 'homing_' . $field, $result->get_error_message(), 'error');
            continue;
        }
        $out[ $field ] = $result;
    }
    return $out;
}

/** One check a field: each returns the value to store or a WP_Error whose message the admin reads. */
function homing_field_checks(): array
{
    return array(
        'key' => 'homing_check_key',
        'endpoint' => 'homing_check_endpoint',
        'cookie_domain' => 'homing_check_cookie_domain',
        'consent' => static fn ($v) => homing_one_of($v, HOMING_CONSENT_MODES, 'granted'),
        'consent_category' => static fn ($v) => homing_one_of($v, HOMING_CONSENT_CATEGORIES, 'statistics'),
        'autocapture' => static fn ($v) => homing_some_of($v, HOMING_AUTOCAPTURE_PARTS),
        'bots' => static fn ($v) => homing_one_of($v, HOMING_BOT_MODES, 'filter'),
        'exclude_roles' => static fn ($v) => homing_some_of($v, array_keys(wp_roles()->get_names())),
    );
}

function homing_check_key($value)
{
    $key = trim((string) $value);
    if (strpos($key, 'sk_') === 0) {
        return new WP_Error('homing', __('That is a secret key (sk_…): it must never be put in web pages. Paste the publishable site key (pk_…) instead; the key was not changed.', 'homing'));
    }
    if (strlen($key) > HOMING_MAX_KEY || preg_match('/[\s\x00-\x1f\x7f]/', $key)) {
        return new WP_Error('homing', sprintf(__('The site key must be one word of at most %d characters; the key was not changed.', 'homing'), HOMING_MAX_KEY));
    }
    return $key;
}

function homing_check_endpoint($value)
{
    $url = trim((string) $value);
    if ($url === '') {
        return '';
    }
    $scheme = wp_parse_url($url, PHP_URL_SCHEME);
    $host = wp_parse_url($url, PHP_URL_HOST);
    $http_ok = homing_is_development();
    if (! $host || ! ( $scheme === 'https' || ( $scheme === 'http' && $http_ok ) ) || esc_url_raw($url) !== $url) {
        return new WP_Error('homing', $http_ok
            ? __('The endpoint must be a full http:// or https:// address; it was not changed.', 'homing')
            : __('The endpoint must be a full https:// address (plain http is taken only on a development site, see wp_get_environment_type()); it was not changed.', 'homing'));
    }
    return $url;
}

function homing_check_cookie_domain($value)
{
    $domain = strtolower(trim((string) $value, " \t\n\r\0\x0B."));
    if ($domain === '' || homing_covers_site($domain)) {
        return $domain;
    }
    return new WP_Error('homing', sprintf(
        __('The cookie domain must be this site\'s own domain or a parent of it (%s); it was not changed.', 'homing'),
        homing_site_host()
    ));
}

function homing_one_of($value, array $allowed, string $fallback): string
{
    return in_array($value, $allowed, true) ? $value : $fallback;
}

function homing_some_of($value, array $allowed): array
{
    return array_values(array_intersect($allowed, is_array($value) ? $value : array()));
}
