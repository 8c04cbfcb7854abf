// site.js: the site's own behaviour (menu, search results, saved homes, save buttons); no tracking code: homing's
// autocapture reads the pages' JSON-LD, data-homing-* attributes, result URLs and forms.
import { LISTINGS } from './data.js';
import { card } from './cards.js';
import { findListings, readCriteria } from './criteria.js';
import { isSaved, savedIds, toggleSaved } from './saved-store.js';

const $ = (s) => document.querySelector(s);

function menu() {
  const button = $('.menu'), nav = $('#nav');
  button.addEventListener('click', () => {
    const open = nav.classList.toggle('open');
    button.setAttribute('aria-expanded', String(open));
  });
}

function savedCount() {
  const n = savedIds().length, badge = $('[data-saved-count]');
  badge.textContent = String(n);
  badge.hidden = n === 0;
}

function fillForm(form, criteria) {
  for (const [k, v] of Object.entries(criteria)) if (form.elements[k]) form.elements[k].value = String(v);
}

function searchPage() {
  const criteria = readCriteria(location.search);
  fillForm($('#search'), criteria);
  const found = findListings(criteria);
  $('[data-results]').innerHTML = found.map((l) => card(l, { marked: true })).join('');
  $('[data-result-count]').textContent = found.length + (found.length === 1 ? ' home' : ' homes') + ' for sale';
  $('[data-empty]').hidden = found.length > 0;
}

function savedPage() {
  const homes = savedIds().map((id) => LISTINGS.find((l) => l.id === id)).filter(Boolean);
  $('[data-saved]').innerHTML = homes.map(card).join('');
  $('[data-empty]').hidden = homes.length > 0;
}

function saveButtons() {
  for (const button of document.querySelectorAll('[data-homing-save]')) {
    const id = button.dataset.homingProperty;
    const show = (on) => {
      button.setAttribute('aria-pressed', String(on));
      button.querySelector('span').textContent = on ? 'Saved' : 'Save';
    };
    show(isSaved(id));
    button.addEventListener('click', () => { show(toggleSaved(id)); savedCount(); });
  }
}

/**
 * The demo has no form backend: the form is sent, as a site's script would, to a page of the site that
 * answers 200 (the static server takes GET only), and the thank-you line shows once it is answered.
 */
function forms() {
  for (const form of document.querySelectorAll('#inquiry, #contact')) {
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      form.querySelector('[type=submit]').disabled = true;
      fetch(location.pathname + '?' + new URLSearchParams(new FormData(form))).finally(() => { form.querySelector('.sent').hidden = false; });
    });
  }
}

/** Empty criteria stay out of the results URL: `?location=Seabrook`, not `?location=Seabrook&type=&…`. */
function searchForms() {
  for (const form of document.querySelectorAll('.search-form')) {
    form.addEventListener('submit', () => {
      for (const field of form.elements) if (field.name && !field.value) field.disabled = true;
      setTimeout(() => { for (const field of form.elements) field.disabled = false; });
    });
  }
}

menu();
searchForms();
savedCount();
saveButtons();
forms();
if (document.body.dataset.page === 'search') searchPage();
if (document.body.dataset.page === 'saved') savedPage();
