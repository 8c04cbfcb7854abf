<?php

/**
 * Plugin Name:       homing
 * Description:       Records what visitors do on a real-estate site and delivers it, with the lead's email, to your CRM's collector. The script and its stub are served from this plugin's folder.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       homing
 *
 * homing.php: the plugin's entry: loads its parts and hooks them into WordPress.
 */

if (! defined('ABSPATH')) {
    exit;
}

define('HOMING_DIR', plugin_dir_path(__FILE__));
define('HOMING_FILE', __FILE__);

require_once HOMING_DIR . 'includes/settings.php';
require_once HOMING_DIR . 'includes/domain.php';
require_once HOMING_DIR . 'includes/tag.php';

// Before everything else a theme or plugin prints in <head>, so that no other tag reads a
// homing_email link parameter before the stub takes it out (SPEC §1).
add_action('wp_head', 'homing_print_tag', PHP_INT_MIN);
// WP Consent API: homing declares that it follows the visitor's consent.
add_filter('wp_consent_api_registered_' . plugin_basename(__FILE__), '__return_true');

if (is_admin()) {
    require_once HOMING_DIR . 'includes/admin-page.php';
    require_once HOMING_DIR . 'includes/test-event.php';
    add_action('admin_menu', 'homing_add_page');
    add_action('admin_init', 'homing_register_settings');
    add_action('admin_enqueue_scripts', 'homing_page_style');
    add_action('admin_post_homing_test', 'homing_send_test_event');
    add_filter('plugin_action_links_' . plugin_basename(__FILE__), 'homing_action_links');
}
