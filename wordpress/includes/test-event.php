<?php

/**
 * test-event.php: "Send a test event": one event from this server to the endpoint, and the answer kept to show.
 */

if (! defined('ABSPATH')) {
    exit;
}

// The collector's answer is shown, cut to this many characters.
const HOMING_MAX_ANSWER = 2000;

function homing_send_test_event(): void
{
    if (! current_user_can('manage_options')) {
        wp_die(esc_html__('You may not send test events.', 'homing'), 403);
    }
    check_admin_referer('homing_test');
    $settings = homing_settings();
    $answer = $settings['key'] === '' || $settings['endpoint'] === ''
        ? array('status' => 0, 'body' => __('Save a site key and an endpoint first.', 'homing'))
        : homing_post_test_event($settings);
    update_user_meta(get_current_user_id(), 'homing_test_answer', $answer);
    wp_safe_redirect(admin_url('options-general.php?page=homing'));
    exit;
}

/** POSTs one event as SPEC §4 has it; a request from a server carries no Origin, so the key alone is judged. */
function homing_post_test_event(array $settings): array
{
    $user = wp_get_current_user();
    $event = array(
        'event' => 'homing_test',
        'identify' => array('email' => $user->user_email),
        'properties' => array(
            'pageUrl' => admin_url('options-general.php?page=homing'),
            'context' => array('library' => array('name' => 'homing-wordpress', 'version' => '0.1.0')),
        ),
        'timestamp' => gmdate('Y-m-d\TH:i:s.000\Z'),
        'messageId' => 'homing-test-' . wp_generate_uuid4(),
    );
    $response = wp_remote_post($settings['endpoint'], array(
        'timeout' => 10,
        'headers' => array(
            'Authorization' => 'Bearer ' . $settings['key'],
            'Content-Type' => 'application/json',
        ),
        'body' => wp_json_encode(array('events' => array($event))),
    ));
    if (is_wp_error($response)) {
        return array('status' => 0, 'body' => $response->get_error_message());
    }
    $body = (string) wp_remote_retrieve_body($response);
    return array(
        'status' => (int) wp_remote_retrieve_response_code($response),
        'body' => mb_substr($body, 0, HOMING_MAX_ANSWER),
    );
}
