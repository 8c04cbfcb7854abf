<?php

/**
 * install.php: installs a test WordPress through its own functions: wp_install(), the plugin uploader
 * with the built zip, activate_plugin(); then the users and the listing page the tests visit.
 * Usage: php install.php <wordpress dir> <plugin zip>; prints the ids it made as JSON.
 */

define('WP_INSTALLING', true);
require $argv[1] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/class-wp-upgrader.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

$admin = wp_install('Harbourview Realty', 'admin', 'admin@example.com', false, '', 'admin-password')['user_id'];
wp_set_current_user($admin);
// Avatars come from gravatar.com, and the tests' pages load nothing from elsewhere.
update_option('show_avatars', 0);
kses_remove_filters();

$upgrader = new Plugin_Upgrader(new Automatic_Upgrader_Skin());
$installed = $upgrader->install($argv[2]);
if ($installed !== true) {
    fwrite(STDERR, 'install.php: the plugin uploader refused the zip: ' . print_r($upgrader->skin->get_upgrade_messages(), true));
    exit(1);
}
$activated = activate_plugin('homing/homing.php');
if (is_wp_error($activated)) {
    fwrite(STDERR, 'install.php: ' . $activated->get_error_message());
    exit(1);
}

wp_insert_user(array('user_login' => 'editor', 'user_pass' => 'editor-password', 'user_email' => 'editor@example.com', 'role' => 'editor'));
wp_insert_user(array('user_login' => 'subscriber', 'user_pass' => 'subscriber-password', 'user_email' => 'sub@example.com', 'role' => 'subscriber'));

$listing = wp_insert_post(array(
    'post_title' => '12 Harbour Lane',
    'post_status' => 'publish',
    'post_type' => 'post',
    'post_content' => file_get_contents(__DIR__ . '/listing.html'),
));
echo wp_json_encode(array('listing' => $listing));
