<?php

/**
 * uninstall.php: deleting the plugin removes everything it stored: its settings and any test answer kept.
 */

if (! defined('WP_UNINSTALL_PLUGIN')) {
    exit;
}

delete_option('homing_settings');
delete_metadata('user', 0, 'homing_test_answer', '', true);
