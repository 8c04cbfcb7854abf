<?php

/**
 * other-tag.php: another plugin's tag in wp_head at the default priority, as analytics tags and pixels
 * print theirs; it notes the address it saw, to show that homing's stub ran before it.
 */

add_action('wp_head', static function (): void {
    echo "<script id=\"other-plugin\">window.otherPluginSaw = { url: location.href, homing: typeof window.homing };</script>\n";
});

// A developer's filter, as the README shows it: on the tests' pages asked for it, a faster flush.
add_filter('homing_tag_attributes', static function (array $attributes): array {
    if (isset($_GET['homing_test_filter'])) {
        $attributes['data-flush-interval'] = '1000';
    }
    return $attributes;
});

// A strict-CSP site's choice: the stub as a file (on the tests' pages asked for it).
add_filter('homing_stub_inline', static fn (): bool => ! isset($_GET['homing_test_stub_file']));
