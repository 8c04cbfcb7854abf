<?php

/**
 * other-tag.php: another plugin's tag in wp_head at the default priority, as analytics tags and pixels
 * print theirs; it notes the address it saw, to show that homing's stub ran before it.
 */

add_action('wp_head', static function (): void {
    echo "<script id=\"other-plugin\">window.otherPluginSaw = { url: location.href, homing: typeof window.homing };</script>\n";
});
