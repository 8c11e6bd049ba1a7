// The demo page's buttons open the support widget, optionally asking the card's question.
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target.closest('button.ask, button.open-chat') : null;
    var widget = window.walletSupportWidget;
    if (!target || !widget) return;
    var question = target.getAttribute('data-question');
    if (question) widget.ask(question);
    else widget.open();
  });
})();
