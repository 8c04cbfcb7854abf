// capture/plugins.ts: the form plugins' own words for a submission accepted or refused (SPEC §6.2), as data.

// Each is a DOM event or a jQuery event (jQuery's trigger() reaches only handlers added through jQuery), fired
// on the form, its wrapper or document; listened to both ways. From each plugin's released script or its docs.
export const ACCEPTED = [
  'wpcf7mailsent', // Contact Form 7 6.x, includes/js/index.js: DOM event on the form
  'forminator:form:submit:success', // Forminator, build/front: jQuery, on the form
  'frmFormComplete', // Formidable 6.x, js/formidable.js: jQuery, on document, the form as argument
  'wpformsAjaxSubmitSuccess', // WPForms, wpforms.js: jQuery, on the form
  'gform_confirmation_loaded', // Gravity Forms (docs.gravityforms.com): jQuery, on document, the form id as argument
  'nfFormSubmitResponse', // Ninja Forms 3: jQuery, on document
  'fluentform_submission_success', // Fluent Forms: jQuery (and DOM since its event bridge), on the form
  'submit_success', // Elementor Pro forms: jQuery, on the form
];
export const REFUSED = [
  'wpcf7invalid', 'wpcf7unaccepted', 'wpcf7spam', 'wpcf7aborted', 'wpcf7mailfailed', // Contact Form 7
  'forminator:form:submit:failed', // Forminator
  'frmFormErrors', // Formidable
  'wpformsAjaxSubmitFailed', // WPForms
  'fluentform_submission_failed', // Fluent Forms
];
