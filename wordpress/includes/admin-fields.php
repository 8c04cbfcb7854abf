<?php

/**
 * admin-fields.php: the settings form's fields, each value escaped as it is printed.
 */

if (! defined('ABSPATH')) {
    exit;
}

function homing_input(string $name, string $value, string $type, string $describe): void
{
    printf(
        '<input type="%1$s" class="regular-text code" id="homing-%2$s" name="%3$s[%2$s]" value="%4$s" aria-describedby="homing-%2$s-help" autocomplete="off" spellcheck="false">',
        esc_attr($type),
        esc_attr($name),
        esc_attr(HOMING_OPTION),
        esc_attr($value)
    );
    echo '<p class="description" id="homing-' . esc_attr($name) . '-help">' . wp_kses($describe, array('code' => array())) . '</p>';
}

function homing_field_key(): void
{
    homing_input('key', homing_settings()['key'], 'text', __('The publishable site key from your collector, <code>pk_…</code>. A secret key (<code>sk_…</code>) is refused: it would be readable in every page.', 'homing'));
}

function homing_field_endpoint(): void
{
    homing_input('endpoint', homing_settings()['endpoint'], 'url', __('The batch endpoint, for example <code>https://collect.example.com/v1/events/batch</code>.', 'homing'));
}

function homing_field_cookie_domain(): void
{
    $suggested = homing_suggested_cookie_domain();
    $help = __('Leave empty if all your pages are on this one host.', 'homing') . ' '
        . __('If listings live on another host of your domain (an IDX vendor\'s <code>search.agent.com</code> beside <code>www.agent.com</code>), name the domain they share,', 'homing') . ' '
        . __('so that a visitor who browses one and writes on the other arrives as one lead.', 'homing');
    if ($suggested !== '') {
        /* translators: %s: a domain such as agent.com */
        $help .= ' ' . sprintf(__('For this site that is most likely <code>%s</code>.', 'homing'), esc_html($suggested));
    }
    homing_input('cookie_domain', homing_settings()['cookie_domain'], 'text', $help);
}

/** A group of radio buttons or checkboxes in a fieldset, its legend the field's label. */
function homing_choices(string $name, string $legend, array $choices, array $checked, bool $many): void
{
    echo '<fieldset><legend class="screen-reader-text">' . esc_html($legend) . '</legend>';
    foreach ($choices as $value => $label) {
        printf(
            '<label><input type="%1$s" name="%2$s[%3$s]%4$s" value="%5$s"%6$s> %7$s</label><br>',
            $many ? 'checkbox' : 'radio',
            esc_attr(HOMING_OPTION),
            esc_attr($name),
            $many ? '[]' : '',
            esc_attr($value),
            checked(in_array($value, $checked, true), true, false),
            esc_html($label)
        );
    }
    echo '</fieldset>';
}

function homing_field_consent(): void
{
    $s = homing_settings();
    homing_choices('consent', __('Consent', 'homing'), array(
        'granted' => __('Record visits (visitors can still opt out; Global Privacy Control is honoured)', 'homing'),
        'required' => __('Record nothing until the visitor agrees (your consent banner calls homing(\'optIn\'))', 'homing'),
    ), array($s['consent']), false);
    $api = homing_has_consent_api() ? __('The WP Consent API is active: the visitor\'s choice for this category decides.', 'homing')
        : __('If the WP Consent API plugin is active, the visitor\'s choice for this category decides.', 'homing');
    echo '<p class="description">' . esc_html($api) . '</p>';
    homing_choices('consent_category', __('Consent category', 'homing'), array(
        'statistics' => __('Statistics', 'homing'),
        'marketing' => __('Marketing', 'homing'),
    ), array($s['consent_category']), false);
}

function homing_field_autocapture(): void
{
    homing_choices('autocapture', __('Autocapture', 'homing'), array(
        'pageviews' => __('Page views', 'homing'),
        'forms' => __('Forms and inquiries', 'homing'),
        'properties' => __('Listings viewed and saved', 'homing'),
        'clicks' => __('Documents and tagged clicks', 'homing'),
    ), homing_settings()['autocapture'], true);
}

function homing_field_bots(): void
{
    homing_choices('bots', __('Bots', 'homing'), array(
        'filter' => __('Leave out crawlers and automated browsers', 'homing'),
        'allow' => __('Record them too (for testing)', 'homing'),
    ), array(homing_settings()['bots']), false);
}

function homing_field_exclude_roles(): void
{
    echo '<p class="description">' . esc_html__('Logged-in users of these roles are not recorded, so your own visits stay out of the CRM.', 'homing') . '</p>';
    $roles = array_map('translate_user_role', wp_roles()->get_names());
    homing_choices('exclude_roles', __('Do not track', 'homing'), $roles, homing_settings()['exclude_roles'], true);
}
