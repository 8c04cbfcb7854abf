<?php

/**
 * cf7.php: Contact Form 7 (copied from its released code at test time) made active, with an inquiry form
 * on a listing page, through CF7's own functions.
 */

function homing_test_add_cf7_listing(): array
{
    $plugin = 'contact-form-7/wp-contact-form-7.php';
    $activated = activate_plugin($plugin);
    if (is_wp_error($activated)) {
        return array('error' => $activated->get_error_message());
    }
    wp_set_current_user(1);
    $form = wpcf7_save_contact_form(array(
        'title' => 'Inquiry',
        'form' => "<label> Your name [text* your-name autocomplete:name] </label>\n"
            . "<label> Your email [email* your-email autocomplete:email] </label>\n"
            . "<label> Your message [textarea your-message] </label>\n[submit \"Ask about this home\"]",
        'mail' => array('subject' => 'Inquiry', 'sender' => 'site@example.com', 'body' => '[your-message]', 'recipient' => 'agent@example.com'),
    ));
    kses_remove_filters();
    $jsonld = '<script type="application/ld+json">{"@context":"https://schema.org","@type":"RealEstateListing",'
        . '"name":"48 Alder Street","identifier":"HV-0048","offers":{"@type":"Offer","price":525000,"priceCurrency":"USD"}}</script>';
    $post = wp_insert_post(array(
        'post_title' => '48 Alder Street',
        'post_status' => 'publish',
        'post_content' => "<!-- wp:html -->\n" . $jsonld . "\n<!-- /wp:html -->\n"
            . '<!-- wp:shortcode -->[contact-form-7 id="' . $form->id() . '" title="Inquiry"]<!-- /wp:shortcode -->',
    ));
    return array('post' => $post, 'form' => $form->id());
}
