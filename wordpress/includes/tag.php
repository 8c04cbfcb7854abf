<?php

/**
 * tag.php: what a visitor's page carries in <head>: the stub, the script tag, the consent bridge.
 */

if (! defined('ABSPATH')) {
    exit;
}

/*
 * Calls the WP Consent API's choice into homing: on load, and whenever the visitor changes it
 * (the `wp_listen_for_consent_change` event carries { category: 'allow' | 'deny' }).
 */
const HOMING_CONSENT_BRIDGE = '(function(c){function s(){if(typeof wp_has_consent=="function")homing(wp_has_consent(c)?"optIn":"optOut")}'
    . 'document.addEventListener("wp_listen_for_consent_change",function(e){var v=e.detail&&e.detail[c];if(v)homing(v=="allow"?"optIn":"optOut")});'
    . 'document.readyState=="loading"?document.addEventListener("DOMContentLoaded",s):s()})(%s);';

/** Prints the stub and the tag, first thing in <head>, on the pages a visitor sees. */
function homing_print_tag(): void
{
    $settings = homing_settings();
    if ($settings['key'] === '' || $settings['endpoint'] === '' || ! homing_is_visitor_page() || homing_is_excluded_user($settings)) {
        return;
    }
    homing_print_stub();
    $attributes = apply_filters('homing_tag_attributes', homing_tag_attributes($settings), $settings);
    wp_print_script_tag(is_array($attributes) ? $attributes : homing_tag_attributes($settings));
    if (homing_has_consent_api()) {
        $bridge = sprintf(HOMING_CONSENT_BRIDGE, wp_json_encode($settings['consent_category']));
        wp_print_inline_script_tag($bridge, array('id' => 'homing-consent'));
    }
}

/*
 * Inline by default: no request holds up the page (SPEC §1: one short inline script). A site whose
 * Content-Security-Policy allows no inline script without a nonce returns false from the
 * homing_stub_inline filter and gets the file, with its integrity hash.
 */
function homing_print_stub(): void
{
    if (! apply_filters('homing_stub_inline', true)) {
        $sri = homing_sri('homing.stub.js');
        wp_print_script_tag(array('src' => homing_asset_url('homing.stub.js'), 'integrity' => $sri, 'crossorigin' => 'anonymous', 'id' => 'homing-stub'));
        return;
    }
    $stub = file_get_contents(HOMING_DIR . 'assets/homing.stub.js');
    if ($stub !== false) {
        wp_print_inline_script_tag($stub, array('id' => 'homing-stub'));
    }
}

/** A file of assets/, its hash in the address, so that a browser never holds an old file under a new integrity. */
function homing_asset_url(string $file): string
{
    return plugins_url('assets/' . $file, HOMING_FILE) . '?ver=' . rawurlencode(substr(homing_sri($file), 7, 12));
}

/** The script tag's attributes: the same for every visitor of a page, so a full-page cache may keep it. */
function homing_tag_attributes(array $settings): array
{
    $attributes = array(
        'async' => true,
        'src' => homing_asset_url('homing.min.js'),
        'integrity' => homing_sri('homing.min.js'),
        'crossorigin' => 'anonymous',
        'id' => 'homing',
        'data-key' => $settings['key'],
        'data-endpoint' => $settings['endpoint'],
        'data-environment' => wp_get_environment_type(),
    );
    $parts = $settings['autocapture'];
    if (count($parts) < count(HOMING_AUTOCAPTURE_PARTS)) {
        $attributes['data-autocapture'] = $parts ? implode(' ', $parts) : 'off';
    }
    if ($settings['bots'] === 'allow') {
        $attributes['data-bots'] = 'allow';
    }
    if ($settings['consent'] === 'required' || homing_has_consent_api()) {
        $attributes['data-consent'] = 'required';
    }
    if ($settings['cookie_domain'] !== '') {
        $attributes['data-cookie-domain'] = $settings['cookie_domain'];
    }
    return $attributes;
}

/** `sha384-…` of a file in assets/, as the build wrote it in assets/sri.json. */
function homing_sri(string $file): string
{
    static $hashes = null;
    if ($hashes === null) {
        $json = file_get_contents(HOMING_DIR . 'assets/sri.json');
        $hashes = is_string($json) ? json_decode($json, true) : array();
    }
    return is_array($hashes) && isset($hashes[ $file ]) ? (string) $hashes[ $file ] : '';
}

function homing_has_consent_api(): bool
{
    return function_exists('wp_has_consent');
}

/** Not wp-admin, the login page, REST, feeds, embeds, the Customizer's preview or an AMP page. */
function homing_is_visitor_page(): bool
{
    $is_amp = ( function_exists('amp_is_request') && amp_is_request() )
        || ( function_exists('is_amp_endpoint') && is_amp_endpoint() );
    return ! is_admin() && ! is_feed() && ! is_embed() && ! is_customize_preview() && ! $is_amp
        && ! ( defined('REST_REQUEST') && REST_REQUEST ) && ! wp_doing_ajax()
        && ( $GLOBALS['pagenow'] ?? '' ) !== 'wp-login.php';
}

/*
 * A logged-in user's pages are not kept by page caches (they bypass the cache on WordPress's
 * login cookie), so leaving the tag out for them changes no page a visitor is served.
 */
function homing_is_excluded_user(array $settings): bool
{
    if (! is_user_logged_in()) {
        return false;
    }
    return (bool) array_intersect((array) wp_get_current_user()->roles, $settings['exclude_roles']);
}
