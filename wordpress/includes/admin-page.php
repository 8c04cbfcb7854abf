<?php

/**
 * admin-page.php: Settings → homing: the form (Settings API), its fields, and the test link.
 */

if (! defined('ABSPATH')) {
    exit;
}

const HOMING_PAGE = 'homing';

function homing_add_page(): void
{
    add_options_page(__('homing', 'homing'), __('homing', 'homing'), 'manage_options', HOMING_PAGE, 'homing_render_page');
}

/*
 * WordPress greys <code> in a field's description below the 4.5:1 contrast WCAG asks of text
 * (#646970 on rgba(0,0,0,.07), found by axe-core); the page's own text colour passes.
 */
function homing_page_style(string $hook): void
{
    if ($hook === 'settings_page_' . HOMING_PAGE) {
        wp_add_inline_style('common', '.settings_page_homing .description code { color: #1d2327; }');
    }
}

function homing_action_links(array $links): array
{
    $url = admin_url('options-general.php?page=' . HOMING_PAGE);
    array_unshift($links, '<a href="' . esc_url($url) . '">' . esc_html__('Settings', 'homing') . '</a>');
    return $links;
}

/** Fields of the form: name → [label, renderer]; the renderers are in admin-fields.php. */
function homing_fields(): array
{
    return array(
        'key' => array(__('Site key', 'homing'), 'homing_field_key'),
        'endpoint' => array(__('Endpoint', 'homing'), 'homing_field_endpoint'),
        'cookie_domain' => array(__('Cookie domain', 'homing'), 'homing_field_cookie_domain'),
        'consent' => array(__('Consent', 'homing'), 'homing_field_consent'),
        'autocapture' => array(__('Autocapture', 'homing'), 'homing_field_autocapture'),
        'bots' => array(__('Bots', 'homing'), 'homing_field_bots'),
        'exclude_roles' => array(__('Do not track', 'homing'), 'homing_field_exclude_roles'),
    );
}

function homing_register_settings(): void
{
    require_once HOMING_DIR . 'includes/admin-fields.php';
    register_setting(HOMING_PAGE, HOMING_OPTION, array(
        'type' => 'array',
        'sanitize_callback' => 'homing_sanitize_settings',
        'default' => homing_defaults(),
        'show_in_rest' => false,
    ));
    add_settings_section('homing_main', '', '__return_false', HOMING_PAGE);
    $grouped = array('consent', 'autocapture', 'bots', 'exclude_roles');
    foreach (homing_fields() as $name => list($label, $render)) {
        $args = in_array($name, $grouped, true) ? array() : array('label_for' => 'homing-' . $name);
        add_settings_field('homing_' . $name, $label, $render, HOMING_PAGE, 'homing_main', $args);
    }
}

function homing_render_page(): void
{
    if (! current_user_can('manage_options')) {
        return;
    }
    echo '<div class="wrap"><h1>' . esc_html__('homing', 'homing') . '</h1>';
    $about = __('homing records what visitors do on this site and sends it, with the lead\'s email once they give it, to your collector.', 'homing')
        . ' ' . __('Forms need nothing: inquiries sent through your form plugin are recorded as they are.', 'homing');
    echo '<p>' . esc_html($about) . '</p>';
    homing_render_test_answer();
    echo '<form method="post" action="options.php">';
    settings_fields(HOMING_PAGE);
    do_settings_sections(HOMING_PAGE);
    submit_button();
    echo '</form>';
    $test = wp_nonce_url(admin_url('admin-post.php?action=homing_test'), 'homing_test');
    echo '<h2>' . esc_html__('Test the setup', 'homing') . '</h2>';
    echo '<p>' . esc_html__('Sends one test event (homing_test, with your email) from this server to the endpoint with the saved key, and shows the collector\'s answer.', 'homing') . '</p>';
    echo '<p><a class="button" href="' . esc_url($test) . '">' . esc_html__('Send a test event', 'homing') . '</a></p></div>';
}

/** The answer of the last test this user sent, shown once. */
function homing_render_test_answer(): void
{
    $answer = get_user_meta(get_current_user_id(), 'homing_test_answer', true);
    if (! is_array($answer)) {
        return;
    }
    delete_user_meta(get_current_user_id(), 'homing_test_answer');
    $ok = $answer['status'] >= 200 && $answer['status'] < 300;
    echo '<div class="notice notice-' . ( $ok ? 'success' : 'error' ) . '" role="status" id="homing-test-answer"><p>';
    echo esc_html($ok ? __('The collector took the test event.', 'homing') : __('The test event did not go through.', 'homing')) . ' ';
    echo esc_html($answer['status'] ? sprintf(__('Answer: HTTP %d', 'homing'), $answer['status']) : __('No answer', 'homing'));
    echo '</p><pre style="white-space:pre-wrap;overflow-wrap:anywhere">' . esc_html($answer['body']) . '</pre></div>';
}
