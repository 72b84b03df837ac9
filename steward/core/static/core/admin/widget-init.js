/* Starts the admin's choosers and date pickers from their data blocks (see steward/core/admin_widgets.py): the
 * Content-Security-Policy runs no inline script, so each widget carries
 * <script type="application/json" data-steward-widget>{"starter": …, "new": …, "args": […]}</script>. */
(function () {
  "use strict";
  // The starters Wagtail's widgets name, and nothing else.
  var CONSTRUCTORS = ["Chooser", "PageChooser", "ImageChooser", "DocumentChooser", "SnippetChooser"];
  var FUNCTIONS = ["initDateChooser", "initDateTimeChooser", "initTimeChooser", "createTaskChooser"];

  function start(block) {
    if (block.dataset.stewardStarted) return;
    // A block inside a <template> (an inline panel's empty form) starts once the admin has copied it out.
    if (block.closest("template")) return;
    block.dataset.stewardStarted = "true";
    var spec;
    try {
      spec = JSON.parse(block.textContent);
    } catch (error) {
      console.error("A widget's set-up could not be read", error);
      return;
    }
    var known = spec.new ? CONSTRUCTORS : FUNCTIONS;
    var starter = window[spec.starter];
    if (known.indexOf(spec.starter) === -1 || typeof starter !== "function") {
      console.error("Unknown widget starter: " + spec.starter);
      return;
    }
    var args = Array.isArray(spec.args) ? spec.args : [];
    if (spec.new) {
      new (Function.prototype.bind.apply(starter, [null].concat(args)))();
    } else {
      starter.apply(window, args);
      closeOnEscape(document.getElementById(args[0]));
    }
  }

  // A date picker left open covers the buttons under its field: Escape closes it, as it does a menu.
  function closeOnEscape(input) {
    if (!input || !window.jQuery) return;
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") window.jQuery(input).datetimepicker("hide");
    });
  }

  function startAll(root) {
    var blocks = root.querySelectorAll ? root.querySelectorAll("script[data-steward-widget]") : [];
    Array.prototype.forEach.call(blocks, start);
  }

  function watch() {
    startAll(document);
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        Array.prototype.forEach.call(mutation.addedNodes, function (node) {
          if (node.nodeType !== 1) return;
          if (node.matches("script[data-steward-widget]")) start(node);
          else startAll(node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  // Loaded in the page's head, before the widgets' own scripts (the form's media): start once all have run.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
