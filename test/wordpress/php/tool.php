<?php

/**
 * tool.php: what a test does to its WordPress from outside a browser, through WordPress's own functions.
 * Usage: php tool.php <wordpress dir> <command> [json argument]; prints a JSON answer.
 */

require $argv[1] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once __DIR__ . '/cf7.php';

$arg = json_decode($argv[3] ?? 'null', true);
$commands = array(
    'set-settings' => static fn () => update_option('homing_settings', array_merge(get_option('homing_settings', array()) ?: array(), $arg)),
    'settings' => static fn () => get_option('homing_settings', null),
    'deactivate' => static fn () => deactivate_plugins('homing/homing.php'),
    'activate' => static fn () => activate_plugin('homing/homing.php'),
    'uninstall' => static fn () => uninstall_plugin('homing/homing.php'),
    'activate-plugin' => static fn () => activate_plugin($arg),
    'deactivate-plugin' => static fn () => deactivate_plugins($arg),
    'cookie-domain' => static fn () => homing_test_cookie_domain($arg['host'], $arg['typed']),
    'add-cf7-listing' => static fn () => homing_test_add_cf7_listing(),
);
/** What the settings page suggests and keeps for a site at https://<host>/ when the owner types each domain. */
function homing_test_cookie_domain(string $host, array $typed): array
{
    add_filter('home_url', static fn () => 'https://' . $host . '/');
    $kept = array();
    foreach ($typed as $domain) {
        $kept[ $domain ] = ! is_wp_error(homing_check_cookie_domain($domain));
    }
    return array('suggested' => homing_suggested_cookie_domain(), 'kept' => $kept);
}

if (! isset($commands[ $argv[2] ])) {
    fwrite(STDERR, 'tool.php: no command ' . $argv[2]);
    exit(1);
}
echo wp_json_encode($commands[ $argv[2] ]());
