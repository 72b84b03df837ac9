/*
 * The segment builder: edits a segment's conditions without code and keeps the JSON in the form's textarea
 * (the value that is submitted and validated by the server) in step with it.
 *
 * A group holds conditions and groups and matches all, any, none or not all of them; a condition tests one
 * field (chosen from the list the server sends) with options edited by inputs of their kind, and may be negated.
 * The count of constituents who match is asked of the server as the conditions change; its messages for
 * conditions that are not complete yet are shown in place of the count.
 */
(function () {
  "use strict";

  var MATCHES = [
    ["all", "all of"],
    ["any", "any of"],
    ["none", "none of"],
    ["notall", "not all of"],
  ];
  var DATE_MODES = [
    ["", "any date"],
    ["date", "the date"],
    ["today", "today"],
    ["after", "days after today"],
    ["before", "days before today"],
    ["fy_start", "the start of this fiscal year"],
    ["last_fy_start", "the start of last fiscal year"],
  ];
  var CHECKBOX_LIMIT = 30;
  var COUNT_DELAY_MS = 400;
  var uid = 0;

  function nextId(prefix) {
    uid += 1;
    return "sb-" + prefix + "-" + uid;
  }

  function h(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === undefined || value === null || value === false) return;
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else if (value === true) node.setAttribute(key, "");
      else node.setAttribute(key, value);
    });
    for (var i = 2; i < arguments.length; i += 1) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function labelled(text, input, className) {
    return h("label", { className: "segment-builder__option " + (className || "") }, h("span", { text: text }), input);
  }

  function select(options, value, attrs) {
    var node = h("select", attrs);
    options.forEach(function (option) {
      node.appendChild(h("option", { value: option[0], text: option[1], selected: option[0] === value }));
    });
    return node;
  }

  // ---------------------------------------------------------------------------------------------------------
  // The model: JSON in, JSON out
  // ---------------------------------------------------------------------------------------------------------

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  /** A builder item from a JSON condition; throws on a shape the builder cannot show. */
  function fromJson(node) {
    if (!isObject(node)) throw new Error("not an object");
    var keys = Object.keys(node);
    if (keys.length === 1 && keys[0] === "not") {
      var inner = fromJson(node.not);
      inner.negate = !inner.negate;
      return inner;
    }
    if (keys.length === 1 && (keys[0] === "all" || keys[0] === "any") && Array.isArray(node[keys[0]])) {
      return { type: "group", match: keys[0], negate: false, children: node[keys[0]].map(fromJson) };
    }
    if (typeof node.field === "string") {
      var params = {};
      keys.forEach(function (key) {
        if (key !== "field") params[key] = node[key];
      });
      return { type: "condition", negate: false, field: node.field, params: params };
    }
    throw new Error("not a condition");
  }

  /** The JSON of a builder item. */
  function toJson(item) {
    var out;
    if (item.type === "group") {
      out = {};
      out[item.match] = item.children.map(toJson);
    } else {
      out = { field: item.field };
      Object.keys(item.params).forEach(function (key) {
        var value = item.params[key];
        var empty = value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
        if (!empty) out[key] = value;
      });
    }
    return item.negate ? { not: out } : out;
  }

  function groupMatch(group) {
    if (!group.negate) return group.match;
    return group.match === "any" ? "none" : "notall";
  }

  function setGroupMatch(group, match) {
    group.match = match === "any" || match === "none" ? "any" : "all";
    group.negate = match === "none" || match === "notall";
  }

  function defaultParams(spec) {
    var params = {};
    Object.keys(spec.params).forEach(function (name) {
      var param = spec.params[name];
      if (param.kind === "yes_no" && spec.required.indexOf(name) !== -1) params[name] = true;
      if (param.kind === "choice" && spec.required.indexOf(name) !== -1) params[name] = param.choices[0][0];
    });
    return params;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Option editors: each returns a node and calls `set(value)` (undefined: not given) as it changes
  // ---------------------------------------------------------------------------------------------------------

  function dateEditor(param, value, set) {
    var mode = "";
    var days = "";
    var date = "";
    if (typeof value === "string") {
      var relative = /^today(?:([+-])(\d+))?$/.exec(value);
      if (relative && relative[1]) {
        mode = relative[1] === "+" ? "after" : "before";
        days = relative[2];
      } else if (relative) mode = "today";
      else if (value === "fy_start" || value === "last_fy_start") mode = value;
      else {
        mode = "date";
        date = value;
      }
    }
    var modeSelect = select(DATE_MODES, mode, { "aria-label": param.label });
    var dateInput = h("input", { type: "date", value: date, "aria-label": param.label + ": date" });
    var daysInput = h("input", {
      type: "number", min: "0", max: "99999", step: "1", value: days, className: "segment-builder__days",
      "aria-label": param.label + ": number of days",
    });
    function update() {
      var chosen = modeSelect.value;
      dateInput.hidden = chosen !== "date";
      daysInput.hidden = chosen !== "after" && chosen !== "before";
      if (chosen === "") set(undefined);
      else if (chosen === "date") set(dateInput.value || undefined);
      else if (chosen === "after" || chosen === "before") {
        set(daysInput.value === "" ? undefined : "today" + (chosen === "after" ? "+" : "-") + daysInput.value);
      } else set(chosen);
    }
    [modeSelect, dateInput, daysInput].forEach(function (input) {
      input.addEventListener("input", update);
      input.addEventListener("change", update);
    });
    dateInput.hidden = mode !== "date";
    daysInput.hidden = mode !== "after" && mode !== "before";
    return h(
      "span",
      { className: "segment-builder__option" },
      h("span", { text: param.label }),
      modeSelect,
      dateInput,
      daysInput,
    );
  }

  function numberEditor(param, value, set) {
    var input = h("input", {
      type: "number", step: "any", value: value === undefined ? "" : String(value), inputmode: "decimal",
    });
    input.addEventListener("input", function () {
      set(input.value === "" ? undefined : input.value);
    });
    return labelled(param.label, input);
  }

  function yesNoEditor(param, value, set) {
    var input = select(
      [["true", "yes"], ["false", "no"]],
      value === false ? "false" : "true",
      {},
    );
    input.addEventListener("change", function () {
      set(input.value === "true");
    });
    return labelled(param.label, input);
  }

  function choiceEditor(param, value, set, required) {
    var options = required ? param.choices : [["", "—"]].concat(param.choices);
    var input = select(options, value === undefined ? "" : value, {});
    input.addEventListener("change", function () {
      set(input.value === "" ? undefined : input.value);
    });
    return labelled(param.label, input);
  }

  function checkboxes(param, options, chosen, onChange) {
    var fieldset = h("fieldset", { className: "segment-builder__checkboxes" }, h("legend", { text: param.label }));
    options.forEach(function (option) {
      var box = h("input", { type: "checkbox", value: option[0], checked: chosen.indexOf(option[0]) !== -1 });
      box.addEventListener("change", onChange);
      fieldset.appendChild(h("label", {}, box, " " + option[1]));
    });
    return fieldset;
  }

  function checked(fieldset) {
    return Array.prototype.slice
      .call(fieldset.querySelectorAll("input[type=checkbox]:checked"))
      .map(function (box) {
        return box.value;
      });
  }

  function choicesEditor(param, value, set) {
    var chosen = Array.isArray(value) ? value : [];
    var fieldset = checkboxes(param, param.choices, chosen, function () {
      set(checked(fieldset));
    });
    return fieldset;
  }

  function splitTexts(text) {
    return text
      .split(",")
      .map(function (item) {
        return item.trim();
      })
      .filter(Boolean);
  }

  function textsEditor(param, value, set, suggestions) {
    var chosen = Array.isArray(value) ? value.slice() : [];
    var known = (suggestions[param.suggestions] || []).slice(0, CHECKBOX_LIMIT);
    var listed = suggestions[param.suggestions] && suggestions[param.suggestions].length <= CHECKBOX_LIMIT;
    var knownValues = known.map(function (option) {
      return option[0];
    });
    var others = listed
      ? chosen.filter(function (item) {
          return knownValues.indexOf(item) === -1;
        })
      : chosen;
    var wrapper = h("span", { className: "segment-builder__texts" });
    var fieldset = null;
    var listId = null;
    if (listed && known.length) {
      fieldset = checkboxes(param, known, chosen, update);
      wrapper.appendChild(fieldset);
    } else if ((suggestions[param.suggestions] || []).length) {
      listId = nextId("list");
      var datalist = h("datalist", { id: listId });
      suggestions[param.suggestions].forEach(function (option) {
        datalist.appendChild(h("option", { value: option[0], label: option[1] }));
      });
      wrapper.appendChild(datalist);
    }
    var input = h("input", { type: "text", value: others.join(", "), list: listId });
    input.addEventListener("input", update);
    var text = fieldset ? "Others, separated by commas" : param.label + ", separated by commas";
    wrapper.appendChild(labelled(text, input));
    function update() {
      var values = (fieldset ? checked(fieldset) : []).concat(splitTexts(input.value));
      set(values.filter(function (item, index) {
        return values.indexOf(item) === index;
      }));
    }
    return wrapper;
  }

  // ---------------------------------------------------------------------------------------------------------
  // The builder
  // ---------------------------------------------------------------------------------------------------------

  function Builder(container, schema, textarea) {
    this.container = container;
    this.schema = schema;
    this.textarea = textarea;
    this.form = textarea.form;
    this.countTimer = null;
    this.countRequest = 0;
    this.fieldOptions = this.buildFieldOptions();
  }

  Builder.prototype.buildFieldOptions = function () {
    var sections = {};
    var order = [];
    Object.keys(this.schema.fields).forEach(function (name) {
      var spec = this.schema.fields[name];
      if (!sections[spec.section]) {
        sections[spec.section] = [];
        order.push(spec.section);
      }
      sections[spec.section].push([name, spec.label]);
    }, this);
    return order.map(function (section) {
      return [section, sections[section]];
    });
  };

  /** Reads the textarea; false when its JSON cannot be shown in the builder. */
  Builder.prototype.load = function () {
    var raw = this.textarea.value.trim();
    try {
      var item = raw ? fromJson(JSON.parse(raw)) : { type: "group", match: "all", negate: false, children: [] };
      this.root = item.type === "group" ? item : { type: "group", match: "all", negate: false, children: [item] };
      return true;
    } catch (error) {
      return false;
    }
  };

  Builder.prototype.changed = function () {
    this.textarea.value = JSON.stringify(toJson(this.root), null, 2);
    this.scheduleCount();
  };

  Builder.prototype.render = function () {
    var tree = this.container.querySelector("[data-builder-tree]");
    tree.replaceChildren(this.renderGroup(this.root, null));
    this.scheduleCount();
  };

  Builder.prototype.renderGroup = function (group, parent) {
    var self = this;
    var box = h("div", { className: "segment-builder__group", role: "group", "data-builder-group": "" });
    var matchSelect = select(MATCHES, groupMatch(group), { "aria-label": "Match" });
    matchSelect.addEventListener("change", function () {
      setGroupMatch(group, matchSelect.value);
      self.changed();
    });
    var header = h(
      "div",
      { className: "segment-builder__group-header" },
      h("span", { text: parent ? "People who match" : "Everyone who matches" }),
      matchSelect,
      h("span", { text: "these conditions" }),
    );
    if (parent) {
      header.appendChild(
        h("button", {
          type: "button", className: "button button-small button-secondary no", text: "Remove group",
          onclick: function () {
            parent.children.splice(parent.children.indexOf(group), 1);
            self.changed();
            self.render();
          },
        }),
      );
    }
    box.setAttribute("aria-label", parent ? "Group of conditions" : "Conditions");
    box.appendChild(header);
    var list = h("ol", { className: "segment-builder__children" });
    group.children.forEach(function (child) {
      var entry = child.type === "group" ? self.renderGroup(child, group) : self.renderCondition(child, group);
      list.appendChild(h("li", {}, entry));
    });
    if (!group.children.length) {
      list.appendChild(
        h("li", { className: "segment-builder__empty" },
          parent ? "This group is empty: add a condition." : "No conditions yet: the segment holds everyone."),
      );
    }
    box.appendChild(list);
    box.appendChild(
      h(
        "div",
        { className: "segment-builder__actions" },
        h("button", {
          type: "button", className: "button button-small button-secondary", text: "Add a condition",
          onclick: function () {
            group.children.push({ type: "condition", negate: false, field: "", params: {} });
            self.changed();
            self.render();
            self.focusLast(group);
          },
        }),
        h("button", {
          type: "button", className: "button button-small button-secondary", text: "Add a group",
          onclick: function () {
            group.children.push({ type: "group", match: "any", negate: false, children: [] });
            self.changed();
            self.render();
          },
        }),
      ),
    );
    group.node = box;
    return box;
  };

  Builder.prototype.focusLast = function (group) {
    var selects = group.node.querySelectorAll(":scope > ol > li:last-child [data-builder-field]");
    if (selects.length) selects[0].focus();
  };

  Builder.prototype.renderCondition = function (condition, parent) {
    var self = this;
    var box = h("div", { className: "segment-builder__condition", "data-builder-condition": "" });
    var fieldSelect = h("select", { "aria-label": "What to test", "data-builder-field": "" });
    fieldSelect.appendChild(h("option", { value: "", text: "Choose what to test…", selected: !condition.field }));
    this.fieldOptions.forEach(function (section) {
      var optgroup = h("optgroup", { label: section[0] });
      section[1].forEach(function (option) {
        optgroup.appendChild(h("option", { value: option[0], text: option[1], selected: option[0] === condition.field }));
      });
      fieldSelect.appendChild(optgroup);
    });
    if (condition.field && !this.schema.fields[condition.field]) {
      fieldSelect.appendChild(h("option", { value: condition.field, text: condition.field + " (unknown)", selected: true }));
    }
    fieldSelect.addEventListener("change", function () {
      condition.field = fieldSelect.value;
      var spec = self.schema.fields[condition.field];
      condition.params = spec ? defaultParams(spec) : {};
      self.changed();
      var fresh = self.renderCondition(condition, parent);
      box.replaceWith(fresh);
      fresh.querySelector("[data-builder-field]").focus();
    });
    var negate = h("input", { type: "checkbox", checked: condition.negate });
    negate.addEventListener("change", function () {
      condition.negate = negate.checked;
      self.changed();
    });
    var remove = h("button", {
      type: "button", className: "button button-small button-secondary no", text: "Remove",
      "aria-label": "Remove this condition",
      onclick: function () {
        parent.children.splice(parent.children.indexOf(condition), 1);
        self.changed();
        self.render();
      },
    });
    box.appendChild(
      h(
        "div",
        { className: "segment-builder__condition-header" },
        h("label", { className: "segment-builder__negate" }, negate, " Not"),
        fieldSelect,
        remove,
      ),
    );
    var spec = this.schema.fields[condition.field];
    if (spec) {
      var options = h("div", { className: "segment-builder__options" });
      Object.keys(spec.params).forEach(function (name) {
        options.appendChild(self.renderParam(condition, spec, name));
      });
      box.appendChild(options);
    }
    return box;
  };

  Builder.prototype.renderParam = function (condition, spec, name) {
    var self = this;
    var param = spec.params[name];
    var value = condition.params[name];
    var required = spec.required.indexOf(name) !== -1;
    function set(newValue) {
      if (newValue === undefined) delete condition.params[name];
      else condition.params[name] = newValue;
      self.changed();
    }
    if (param.kind === "date") return dateEditor(param, value, set);
    if (param.kind === "number") return numberEditor(param, value, set);
    if (param.kind === "yes_no") return yesNoEditor(param, value, set);
    if (param.kind === "choice") return choiceEditor(param, value, set, required);
    if (param.kind === "choices") return choicesEditor(param, value, set);
    return textsEditor(param, value, set, this.schema.suggestions);
  };

  // ---------------------------------------------------------------------------------------------------------
  // The live count
  // ---------------------------------------------------------------------------------------------------------

  Builder.prototype.scheduleCount = function () {
    var self = this;
    clearTimeout(this.countTimer);
    this.countTimer = setTimeout(function () {
      self.count();
    }, COUNT_DELAY_MS);
  };

  Builder.prototype.count = function () {
    var self = this;
    var output = this.container.querySelector("[data-builder-count]");
    var token = this.form && this.form.querySelector("input[name=csrfmiddlewaretoken]");
    var request = (this.countRequest += 1);
    var conditions;
    try {
      conditions = JSON.parse(this.textarea.value);
    } catch (error) {
      output.replaceChildren(h("span", { className: "error-message", text: "The JSON is not valid yet." }));
      return;
    }
    output.setAttribute("aria-busy", "true");
    fetch(this.schema.countUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.value : "" },
      body: JSON.stringify({ conditions: conditions }),
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (result) {
        if (request !== self.countRequest) return;
        output.removeAttribute("aria-busy");
        if (result.ok) {
          output.replaceChildren(h("strong", { "data-builder-count-value": result.body.count, text: result.body.text }));
          return;
        }
        var list = h("ul", { className: "segment-builder__problems" });
        (result.body.errors || ["These conditions cannot be counted."]).forEach(function (message) {
          list.appendChild(h("li", { className: "error-message", text: message }));
        });
        output.replaceChildren(h("span", { text: "Not complete yet:" }), list);
      })
      .catch(function () {
        if (request !== self.countRequest) return;
        output.removeAttribute("aria-busy");
        output.replaceChildren(
          h("span", { className: "error-message", text: "The count could not be fetched. " }),
          h("button", {
            type: "button", className: "button button-small button-secondary", text: "Try again",
            onclick: function () {
              self.count();
            },
          }),
        );
      });
  };

  // ---------------------------------------------------------------------------------------------------------
  // Start
  // ---------------------------------------------------------------------------------------------------------

  function start(container) {
    if (container.hasAttribute("data-builder-started")) return;
    container.setAttribute("data-builder-started", "");
    var schemaNode = document.getElementById(container.getAttribute("data-schema-id"));
    var source = container.querySelector("[data-builder-source]");
    var textarea = source.querySelector("textarea");
    var builder = new Builder(container, JSON.parse(schemaNode.textContent), textarea);
    var notice = h("p", { className: "help-block help-warning", hidden: true, "data-builder-notice": "",
      text: "These conditions cannot be shown in the builder until their JSON is valid: edit it below." });
    var tree = h("div", { "data-builder-tree": "" });
    var count = h("p", { className: "segment-builder__count", role: "status", "aria-live": "polite",
      "data-builder-count": "" });
    var json = h("details", { className: "segment-builder__json-editor" }, h("summary", { text: "Edit as JSON" }));
    container.insertBefore(h("div", { className: "segment-builder__ui" }, notice, tree, count), source);
    container.insertBefore(json, source);
    json.appendChild(source);

    function show() {
      var loaded = builder.load();
      notice.hidden = loaded;
      tree.hidden = !loaded;
      if (loaded) builder.render();
      else {
        json.open = true;
        builder.scheduleCount();
      }
    }
    textarea.addEventListener("change", show);
    show();
  }

  function startAll() {
    document.querySelectorAll("[data-segment-builder]").forEach(start);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startAll);
  else startAll();
})();
