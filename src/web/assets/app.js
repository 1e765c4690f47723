// Small progressive enhancements; every page works without this script.
(function () {
  'use strict';
  // Fields marked data-normalize: normalise as people type (full-width → half-width,
  // lower → upper case, every hyphen or dash → "-", spaces removed).
  var DASHES = /[\u2010-\u2015\u2212\u30FC\uFF70\uFE58\uFE63\uFF0D\u002D\u00AD\u2043]/g;
  function normalize(value) {
    return value.normalize('NFKC').toUpperCase().replace(DASHES, '-').replace(/\s+/g, '');
  }
  document.addEventListener('change', function (event) {
    var el = event.target;
    if (el && el.matches && el.matches('input[data-normalize]')) el.value = normalize(el.value);
  });
  // Move focus to the error summary so screen readers announce it.
  document.addEventListener('DOMContentLoaded', function () {
    var summary = document.querySelector('.error-summary');
    if (summary && summary.focus) summary.focus();
    // Buttons with data-print print the page.
    document.querySelectorAll('[data-print]').forEach(function (button) {
      button.addEventListener('click', function () { window.print(); });
    });
  });
})();
