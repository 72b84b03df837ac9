/* A batch's entry grid (steward/donations/admin/batch_grid.py): one row per gift, entered from the keyboard.
 *
 * Started from the page's JSON data block #batch-grid-config (the admin's Content-Security-Policy runs no inline
 * script). Without this script the page's table and its form work as before. In a row, Enter moves to the next
 * field as Tab does and saves on the last one; the donor field is a combobox (ARIA 1.2) over the staff-only
 * donor search; a saved row opens a fresh one with the focus on its donor. The server answers each save with the
 * row and the batch's figures, or its errors per field, shown on the row. */
(function () {
  "use strict";

  var FIELDS = ["constituent", "amount", "gift_date", "fund", "method", "reference"];
  var LABELS = {
    constituent: "Donor",
    amount: "Amount",
    gift_date: "Received",
    fund: "Fund",
    method: "Method",
    reference: "Cheque number",
  };
  var uid = 0;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else node.setAttribute(key, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(child);
    });
    return node;
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, data) {
    var body = new FormData();
    Object.keys(data).forEach(function (key) {
      body.append(key, data[key]);
    });
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return { errors: { __all__: ["The server could not save this row (" + response.status + ")."] } };
        })
        .then(function (json) {
          return { ok: response.ok, status: response.status, json: json };
        });
    });
  }

  function Grid(root, config) {
    this.root = root;
    this.config = config;
    this.table = root.querySelector("table");
    this.tbody = this.table.querySelector("tbody");
    this.status = document.querySelector("[data-grid-status]");
    this.rows = config.rows.slice();
    this.last = { gift_date: config.default_date, fund: "", method: config.default_method };
    root.classList.add("batch-grid--enhanced");
    // Every gift of an open batch is pending: the grid gives the status column's room to the row's actions.
    var headRow = this.table.querySelector("thead tr");
    headRow.removeChild(headRow.lastElementChild);
    headRow.appendChild(el("th", { scope: "col", text: "Actions" }));
    var hint = document.querySelector("[data-grid-hint]");
    if (hint) hint.hidden = false;
    this.render();
  }

  Grid.prototype.announce = function (message) {
    if (this.status) this.status.textContent = message;
  };

  Grid.prototype.render = function () {
    var self = this;
    this.tbody.textContent = "";
    this.rows.forEach(function (row) {
      self.tbody.appendChild(self.displayRow(row));
    });
    this.entry = this.editRow(null);
    this.tbody.appendChild(this.entry.tr);
  };

  Grid.prototype.figures = function (figures) {
    ["summary", "difference", "entered", "balance"].forEach(function (name) {
      var node = document.querySelector("[data-figure=" + name + "]");
      if (node) node.textContent = figures[name];
    });
    var difference = document.querySelector("[data-figure=difference]");
    if (difference) difference.setAttribute("data-balances", figures.balances ? "true" : "false");
  };

  Grid.prototype.displayRow = function (row) {
    var self = this;
    var tr = el("tr", { "data-gift": String(row.id) });
    tr.appendChild(el("td", {}, [el("a", { href: row.url, text: row.constituent_label })]));
    tr.appendChild(el("td", { text: row.amount_label }));
    tr.appendChild(el("td", { text: row.gift_date_label }));
    tr.appendChild(el("td", { text: row.fund_label }));
    tr.appendChild(el("td", { text: row.method_label }));
    tr.appendChild(el("td", { text: row.reference }));
    var actions = el("td", { className: "batch-grid__actions" });
    if (row.save_url) {
      var described = row.amount_label + " from " + row.constituent_label;
      var edit = el("button", {
        type: "button",
        className: "button button-small button-secondary",
        text: "Edit",
        "aria-label": "Edit the gift of " + described,
      });
      var remove = el("button", {
        type: "button",
        className: "button button-small button-secondary no",
        text: "Remove",
        "aria-label": "Remove the gift of " + described,
      });
      edit.addEventListener("click", function () {
        var editing = self.editRow(row);
        tr.replaceWith(editing.tr);
        editing.focus("constituent");
      });
      remove.addEventListener("click", function () {
        self.remove(row, tr);
      });
      actions.appendChild(edit);
      actions.appendChild(document.createTextNode(" "));
      actions.appendChild(remove);
    }
    tr.appendChild(actions);
    return tr;
  };

  Grid.prototype.remove = function (row, tr) {
    var self = this;
    if (!window.confirm("Remove the gift of " + row.amount_label + " from " + row.constituent_label + "?")) return;
    post(row.remove_url, {}).then(function (answer) {
      if (!answer.ok) {
        var message = (answer.json.errors && answer.json.errors.__all__) || ["The gift was not removed."];
        self.announce(message.join(" "));
        window.alert(message.join(" "));
        return;
      }
      self.rows = self.rows.filter(function (other) {
        return other.id !== row.id;
      });
      tr.remove();
      self.figures(answer.json.figures);
      self.announce("Gift of " + row.amount_label + " from " + row.constituent_label + " removed.");
      self.entry.focus("constituent");
    });
  };

  /* A row of inputs: the entry row (row null) or a gift entered before, being corrected. */
  Grid.prototype.editRow = function (row) {
    var self = this;
    var n = ++uid;
    var editing = { row: row, inputs: {}, errors: {}, donor: row ? String(row.constituent) : "" };
    var tr = el("tr", { className: "batch-grid__edit", "data-entry": row ? "edit" : "new" });
    editing.tr = tr;

    function cell(name, control) {
      var error = el("p", { className: "error-message batch-grid__error", id: "grid-" + n + "-" + name + "-error", hidden: true });
      editing.errors[name] = error;
      editing.inputs[name] = control.input || control;
      var td = el("td", { className: "batch-grid__cell batch-grid__cell--" + name }, [control.node || control, error]);
      tr.appendChild(td);
    }

    // The donor: a combobox over the donor search.
    var listId = "grid-" + n + "-donors";
    var donor = el("input", {
      type: "text",
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": listId,
      "aria-label": LABELS.constituent + " (name, email or number)",
      autocomplete: "off",
      spellcheck: "false",
      className: "batch-grid__donor",
      value: row ? row.constituent_label : "",
    });
    var list = el("ul", { role: "listbox", id: listId, className: "batch-grid__options", "aria-label": "Matching donors", hidden: true });
    var combobox = el("div", { className: "batch-grid__combobox" }, [donor, list]);
    cell("constituent", { node: combobox, input: donor });
    this.combobox(editing, donor, list);

    var amount = el("input", {
      type: "text",
      inputmode: "decimal",
      "aria-label": LABELS.amount + " (" + this.config.currency + ")",
      className: "batch-grid__amount",
      value: row ? row.amount : "",
    });
    cell("amount", amount);
    // A text field, not type=date: a date input's day, month and year each take a Tab, which breaks the row's flow.
    var date = el("input", {
      type: "text",
      inputmode: "numeric",
      placeholder: "YYYY-MM-DD",
      "aria-label": LABELS.gift_date + " (year-month-day)",
      className: "batch-grid__date",
      value: row ? row.gift_date : this.last.gift_date,
    });
    cell("gift_date", date);
    var fund = el("select", { "aria-label": LABELS.fund });
    var fundChosen = row ? String(row.fund) : String(this.last.fund || "");
    fund.appendChild(el("option", { value: "", text: "Choose a fund" }));
    var fundKnown = false;
    this.config.funds.forEach(function (choice) {
      var selected = String(choice[0]) === fundChosen;
      fundKnown = fundKnown || selected;
      fund.appendChild(el("option", { value: String(choice[0]), text: choice[1], selected: selected }));
    });
    if (row && !fundKnown) fund.appendChild(el("option", { value: String(row.fund), text: row.fund_label, selected: true }));
    cell("fund", fund);
    var method = el("select", { "aria-label": LABELS.method });
    var methodChosen = row ? row.method : this.last.method;
    this.config.methods.forEach(function (choice) {
      method.appendChild(el("option", { value: choice[0], text: choice[1], selected: choice[0] === methodChosen }));
    });
    cell("method", method);
    var reference = el("input", { type: "text", "aria-label": LABELS.reference, value: row ? row.reference : "" });
    cell("reference", reference);

    var save = el("button", { type: "button", className: "button button-small", text: row ? "Save" : "Add" });
    save.setAttribute("aria-label", row ? "Save the changes to this gift" : "Add this gift");
    var actions = el("td", { className: "batch-grid__actions" }, [save]);
    if (row) {
      var cancel = el("button", { type: "button", className: "button button-small button-secondary", text: "Cancel" });
      cancel.addEventListener("click", function () {
        var shown = self.displayRow(row);
        tr.replaceWith(shown);
        shown.querySelector("button").focus();
      });
      actions.appendChild(document.createTextNode(" "));
      actions.appendChild(cancel);
    }
    var rowError = el("p", { className: "error-message batch-grid__row-error", hidden: true });
    actions.appendChild(rowError);
    editing.rowError = rowError;
    tr.appendChild(actions);
    save.addEventListener("click", function () {
      self.save(editing);
    });

    // Enter moves on as Tab does; on the last field it saves the row.
    FIELDS.forEach(function (name, index) {
      editing.inputs[name].addEventListener("keydown", function (event) {
        if (event.key !== "Enter" || event.defaultPrevented) return;
        event.preventDefault();
        if (index === FIELDS.length - 1) self.save(editing);
        else editing.inputs[FIELDS[index + 1]].focus();
      });
    });

    editing.focus = function (name) {
      editing.inputs[name].focus();
      if (editing.inputs[name].select && editing.inputs[name].type === "text") editing.inputs[name].select();
    };
    return editing;
  };

  Grid.prototype.combobox = function (editing, input, list) {
    var self = this;
    var results = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0 && list.children[index]) {
        input.setAttribute("aria-activedescendant", list.children[index].id);
        list.children[index].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }
    function choose(index) {
      var donor = results[index];
      if (!donor) return;
      editing.donor = String(donor.id);
      input.value = donor.name;
      close();
      self.clearError(editing, "constituent");
    }
    function show(found) {
      results = found;
      list.textContent = "";
      if (!found.length) {
        list.appendChild(el("li", { role: "option", "aria-disabled": "true", "aria-selected": "false", id: list.id + "-none", text: "No donor matches." }));
      }
      found.forEach(function (donor, index) {
        var option = el("li", { role: "option", id: list.id + "-" + index, "aria-selected": "false", text: donor.label });
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the field
          choose(index);
          editing.inputs.amount.focus();
        });
        list.appendChild(option);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(found.length ? 0 : -1);
    }
    function search() {
      var query = input.value.trim();
      if (!query) {
        close();
        return;
      }
      var ticket = ++asked;
      fetch(self.config.search_url + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (json) {
          if (ticket === asked && document.activeElement === input) show(json.results || []);
        });
    }

    input.addEventListener("input", function () {
      editing.donor = "";
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) search();
        else highlight(Math.min(active + 1, results.length - 1));
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      } else if (event.key === "Enter" && open) {
        // Enter takes the highlighted donor, then moves on (the row's own Enter handler).
        if (active >= 0) choose(active);
        else {
          event.preventDefault();
          return;
        }
      } else if (event.key === "Tab" && open && active >= 0) {
        choose(active);
      }
    });
    input.addEventListener("blur", function () {
      setTimeout(close, 100);
    });
  };

  Grid.prototype.clearError = function (editing, name) {
    var input = editing.inputs[name];
    editing.errors[name].hidden = true;
    editing.errors[name].textContent = "";
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
  };

  Grid.prototype.showErrors = function (editing, errors) {
    var self = this;
    var first = null;
    FIELDS.forEach(function (name) {
      self.clearError(editing, name);
      var messages = errors[name];
      if (!messages) return;
      var error = editing.errors[name];
      error.textContent = messages.join(" ");
      error.hidden = false;
      editing.inputs[name].setAttribute("aria-invalid", "true");
      editing.inputs[name].setAttribute("aria-describedby", error.id);
      first = first || name;
    });
    var other = [];
    Object.keys(errors).forEach(function (key) {
      if (FIELDS.indexOf(key) === -1) other = other.concat(errors[key]);
    });
    editing.rowError.textContent = other.join(" ");
    editing.rowError.hidden = !other.length;
    this.announce("The gift was not saved: " + Object.keys(errors).map(function (key) {
      return errors[key].join(" ");
    }).join(" "));
    if (first) editing.focus(first);
  };

  Grid.prototype.save = function (editing) {
    var self = this;
    if (editing.saving) return;
    editing.saving = true;
    var data = {
      constituent: editing.donor,
      amount: editing.inputs.amount.value.trim(),
      gift_date: editing.inputs.gift_date.value,
      fund: editing.inputs.fund.value,
      method: editing.inputs.method.value,
      reference: editing.inputs.reference.value,
    };
    var url = editing.row ? editing.row.save_url : this.config.create_url;
    post(url, data).then(
      function (answer) {
        editing.saving = false;
        if (!answer.ok) {
          self.showErrors(editing, answer.json.errors || { __all__: ["The gift was not saved."] });
          return;
        }
        var row = answer.json.row;
        self.figures(answer.json.figures);
        var shown = self.displayRow(row);
        if (editing.row) {
          self.rows = self.rows.map(function (other) {
            return other.id === row.id ? row : other;
          });
          editing.tr.replaceWith(shown);
          self.announce("Gift of " + row.amount_label + " from " + row.constituent_label + " saved.");
        } else {
          self.rows.push(row);
          self.tbody.insertBefore(shown, self.entry.tr);
          // A fresh row, keeping the date, fund and method of the one just entered.
          self.last = { gift_date: data.gift_date || self.config.default_date, fund: data.fund, method: data.method };
          var fresh = self.editRow(null);
          self.entry.tr.replaceWith(fresh.tr);
          self.entry = fresh;
          self.announce("Gift of " + row.amount_label + " from " + row.constituent_label + " added.");
        }
        self.entry.focus("constituent");
      },
      function () {
        editing.saving = false;
        self.showErrors(editing, { __all__: ["The server could not be reached; the gift was not saved."] });
      }
    );
  };

  function start() {
    var data = document.getElementById("batch-grid-config");
    var root = document.querySelector("[data-batch-grid]");
    if (!data || !root || root.dataset.started) return;
    root.dataset.started = "true";
    var config;
    try {
      config = JSON.parse(data.textContent);
    } catch (error) {
      console.error("The batch grid's set-up could not be read", error);
      return;
    }
    if (config.editable) new Grid(root, config);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
