/*
 * The hotline console: a hash-routed page over the REST API
 * (docs/API.md). Everything the API answers was written, in the end,
 * by a peer: it goes into the page as text (textContent, attribute
 * values), never as markup. The CSRF token is kept in memory only.
 */
"use strict";

(function () {

const API = "/api/v1";
const POLL_MS = 5000;

const st = {
	user: null,
	role: null,
	csrf: null,
	skew: 0,		/* server's now minus ours, in ms */
	timers: [],		/* cleared on every page change */
	gen: 0,			/* the page's generation: late answers are dropped */
	keepFlash: false,	/* the next page change keeps the message shown */
};

const EXPECTATIONS = ["nothing", "contact-source-site",
	"contact-target-site", "contact-sender", "investigate", "block-host",
	"block-network", "block-port", "rate-limit-host",
	"rate-limit-network", "rate-limit-port", "redirect-traffic",
	"honeypot", "upgrade-software", "rebuild-asset", "harden-asset",
	"remediate-other", "status-triage", "status-new-info",
	"watch-and-report", "training", "defined-coa", "other"];
const CATEGORIES = ["ransomware", "ddos", "intrusion", "supply-chain",
	"phishing", "scanning", "other"];
const SEVERITIES = ["low", "medium", "high", "critical"];
const SECTORS = ["", "energy", "finance", "health", "government",
	"telecom", "transport", "other"];
const IOC_TYPES = ["ipv4", "ipv6", "cidr", "domain", "url", "email",
	"sha256", "sha1", "md5"];
const TLPS = ["clear", "green", "amber", "amber+strict", "red"];
/* proto.c's names, so that a filter is one the API takes. */
const STATES = ["", "queued", "delivered", "received", "overdue",
	"escalated", "answered-interim", "answered-final", "withdrawn",
	"answered"];
const TYPES = ["", "request", "response", "notice", "query", "ping",
	"pong", "escalation", "contact-check", "contact-ack"];

/* el("tag", {attr: value, on: {event: fn}}, child...): children are text or nodes. */
function el(tag, attrs, ...kids) {
	const e = document.createElement(tag);
	for (const [k, v] of Object.entries(attrs || {})) {
		if (v === undefined || v === null || v === false)
			continue;
		if (k === "on") {
			for (const [ev, fn] of Object.entries(v))
				e.addEventListener(ev, fn);
		} else if (k === "class") {
			e.className = v;
		} else if (k === "text") {
			e.textContent = String(v);
		} else if (k === "value") {
			e.value = v;
		} else if (v === true) {
			e.setAttribute(k, "");
		} else {
			e.setAttribute(k, String(v));
		}
	}
	for (const c of kids.flat()) {
		if (c === undefined || c === null || c === false)
			continue;
		e.append(c instanceof Node ? c : document.createTextNode(String(c)));
	}
	return e;
}

function $(id) { return document.getElementById(id); }

function officer() { return st.role === "officer" || st.role === "admin"; }

function flash(msg, ok) {
	const f = $("flash");
	f.textContent = msg || "";
	f.className = ok ? "flash ok" : "flash";
	f.hidden = !msg;
}

class ApiError extends Error {
	constructor(status, problem) {
		const slug = problem && typeof problem.type === "string" ?
		    problem.type.replace(/^.*[\/:]/, "") : "";
		super((problem && (problem.detail || problem.title)) ||
		    ("HTTP " + status));
		this.status = status;
		this.slug = slug;
	}
}

/* A call to the API: JSON in, JSON (or nothing) out; refusals throw ApiError. */
async function api(method, path, body) {
	const h = { "Accept": "application/json" };
	const init = { method, headers: h, credentials: "same-origin",
		cache: "no-store" };
	if (method !== "GET") {
		if (st.csrf)
			h["X-CSRF-Token"] = st.csrf;
		if (body !== undefined) {
			h["Content-Type"] = "application/json";
			init.body = JSON.stringify(body);
		}
	}
	const r = await fetch(API + path, init);
	let data = null;
	const ct = r.headers.get("Content-Type") || "";
	if (r.status !== 204 && /json/.test(ct)) {
		try {
			data = await r.json();
		} catch (e) {
			data = null;
		}
	}
	if (!r.ok) {
		if (r.status === 401 && path !== "/session") {
			st.user = st.role = st.csrf = null;
			showNav();
			location.hash = "#/login";
		}
		throw new ApiError(r.status, data);
	}
	return data;
}

function fail(e) {
	flash(e instanceof ApiError ?
	    (e.slug ? e.slug + ": " : "") + e.message : String(e));
}

/* Times: RFC 3339 from the API, shown as UTC to the second. */
function when(s) {
	if (!s)
		return "";
	const t = Date.parse(s);
	if (isNaN(t))
		return String(s);
	return new Date(t).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

function span(s) {
	const neg = s < 0;
	s = Math.abs(Math.trunc(s));
	const d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600),
	    m = Math.floor(s % 3600 / 60), sec = s % 60;
	let t;
	if (d > 0)
		t = d + "d " + h + "h " + m + "m " + sec + "s";
	else if (h > 0)
		t = h + "h " + m + "m " + sec + "s";
	else
		t = m + "m " + sec + "s";
	return neg ? "late " + t : "in " + t;
}

function tlpClass(t) {
	return "tlp tlp-" + String(t || "").toLowerCase().replace(/[^a-z]+/g, "-");
}

function tlpBadge(t, banner) {
	if (!t)
		return "";
	const s = "TLP:" + String(t).toUpperCase();
	return el(banner ? "div" : "span", { class: tlpClass(t) +
	    (banner ? " banner" : ""), text: s,
	    role: banner ? "note" : null,
	    "aria-label": banner ? "Marked " + s : null });
}

function msgLink(id, label) {
	return el("a", { href: "#/msg/" + encodeURIComponent(id),
	    class: "mono", text: label || String(id).slice(0, 12) });
}

function table(cols, rows, rowAttrs) {
	const head = el("tr", {}, cols.map(c => el("th", { scope: "col",
	    text: c[0] })));
	const body = rows.map(r => el("tr", rowAttrs ? rowAttrs(r) : {},
	    cols.map(c => { const v = c[1](r); return el("td",
	    { class: c[2] || null }, v instanceof Node ? v : text(v)); })));
	return el("table", {}, el("thead", {}, head), el("tbody", {}, body));
}

function text(v) {
	if (v === undefined || v === null)
		return "";
	if (typeof v === "object")
		return JSON.stringify(v);
	return String(v);
}

function fields(pairs) {
	const dl = el("dl", { class: "fields" });
	for (const [k, v] of pairs) {
		if (v === undefined || v === null || v === "")
			continue;
		dl.append(el("dt", { text: k }), el("dd", {},
		    v instanceof Node ? v : text(v)));
	}
	return dl;
}

/* A labelled input: [label element, control]. */
function labelled(label, ctl) {
	const id = "f-" + Math.random().toString(36).slice(2, 10);
	ctl.id = id;
	return [el("label", { for: id, text: label }), ctl];
}

/* A select of options; "" is shown as none (a filter's: any). */
function select(name, options, value, none) {
	return el("select", { name }, options.map(o => el("option",
	    { value: o, selected: o === value,
	    text: o === "" ? none || "(any)" : o })));
}

/* A generic view of a JSON value, for the report and status. */
function tree(v) {
	if (Array.isArray(v)) {
		if (v.length === 0)
			return el("span", { class: "empty", text: "none" });
		if (v.every(x => x && typeof x === "object" && !Array.isArray(x))) {
			const keys = [...new Set(v.flatMap(x => Object.keys(x)))];
			return table(keys.map(k => [k, r => r[k]]), v);
		}
		return el("span", { text: v.map(text).join(", ") });
	}
	if (v && typeof v === "object")
		return fields(Object.entries(v).map(([k, x]) =>
		    [k, x && typeof x === "object" ? tree(x) : x]));
	return el("span", { text: text(v) });
}

/* Pages. */

function page(title, ...kids) {
	const m = $("main");
	m.replaceChildren(el("h1", { text: title }), ...kids);
	document.title = title + " — hotline console";
}

function every(ms, fn) {
	st.timers.push(setInterval(fn, ms));
}

function showNav() {
	const on = !!st.user;
	$("nav").hidden = !on;
	$("logout").hidden = !on;
	$("who").textContent = on ? st.user + " (" + st.role + ")" : "";
	for (const a of document.querySelectorAll("[data-officer]"))
		a.hidden = !officer();
}

function loginPage() {
	const name = el("input", { name: "name", autocomplete: "username",
	    required: true });
	const pw = el("input", { name: "password", type: "password",
	    autocomplete: "current-password", required: true });
	const f = el("form", { class: "grid panel login", id: "login-form" },
	    labelled("Name", name), labelled("Password", pw),
	    el("div", { class: "wide actions" },
	    el("button", { type: "submit", text: "Log in" })));
	f.addEventListener("submit", async ev => {
		ev.preventDefault();
		try {
			const s = await api("POST", "/session",
			    { name: name.value, password: pw.value });
			pw.value = "";
			session(s);
			flash("");
			location.hash = "#/queue";
		} catch (e) {
			pw.value = "";
			fail(e);
		}
	});
	page("Log in", f);
	name.focus();
}

function session(s) {
	st.user = s.user;
	st.role = s.role;
	st.csrf = s.csrf;
	showNav();
}

function tickCountdowns() {
	const now = Date.now() + st.skew;
	for (const c of document.querySelectorAll(".countdown[data-due]")) {
		const left = (Date.parse(c.dataset.due) - now) / 1000;
		c.textContent = span(left);
		const row = c.closest("tr");
		if (row)
			row.classList.toggle("late", left < 0);
	}
}

async function queuePage(gen) {
	const wrap = el("div", { id: "queue" });
	page("Attention queue", el("p", { class: "muted", id: "queue-now" }),
	    wrap);
	async function load() {
		let q;
		try {
			q = await api("GET", "/attention");
		} catch (e) {
			return fail(e);
		}
		if (gen !== st.gen)
			return;
		const srv = Date.parse(q.now);
		if (!isNaN(srv))
			st.skew = srv - Date.now();
		$("queue-now").textContent = (q.count || 0) + " item(s) as of " +
		    when(q.now);
		const items = Array.isArray(q.items) ? q.items : [];
		if (items.length === 0) {
			wrap.replaceChildren(el("p", { class: "empty",
			    text: "Nothing needs attention." }));
			return;
		}
		const open = it => { if (it.msg) location.hash = "#/msg/" +
		    encodeURIComponent(it.msg); };
		wrap.replaceChildren(table([
			["Due", it => it.due ? el("span", { class: "countdown",
			    "data-due": it.due, title: when(it.due) + " (" +
			    (it.due_is || "") + ")" }) : ""],
			["Kind", it => it.kind],
			["Peer", it => it.peer],
			["Type", it => it.type],
			["TLP", it => tlpBadge(it.tlp)],
			["Subject", it => it.msg ? msgLink(it.msg, it.subject ||
			    String(it.msg).slice(0, 12)) : text(it.subject)],
			["What", it => it.detail],
			["Since", it => when(it.since)],
		], items, it => ({ class: "item" + (it.late ? " late" : ""),
		    "data-kind": it.kind, "data-msg": it.msg || null,
		    on: { click: ev => { if (ev.target.tagName !== "A")
		    open(it); } } })));
		tickCountdowns();
	}
	await load();
	every(POLL_MS, load);
	every(1000, tickCountdowns);
}

const FILTERS = ["state", "type", "peer", "since", "overdue", "pings"];

async function listPage(dir, gen, params) {
	const form = el("form", { class: "filters", id: "filters" },
	    el("label", {}, "State", select("state", STATES, params.get("state") || "")),
	    el("label", {}, "Type", select("type", TYPES, params.get("type") || "")),
	    el("label", {}, "Peer", el("input", { name: "peer",
	    value: params.get("peer") || "", size: 14 })),
	    el("label", {}, "Since (RFC 3339)", el("input", { name: "since",
	    value: params.get("since") || "", size: 20,
	    placeholder: "2026-12-01T00:00:00Z" })),
	    el("label", { class: "inline" }, el("input", { type: "checkbox",
	    name: "overdue", checked: params.get("overdue") === "1" }), "Overdue"),
	    el("label", { class: "inline" }, el("input", { type: "checkbox",
	    name: "pings", checked: params.get("pings") === "1" }), "Pings"),
	    el("button", { type: "submit", text: "Filter" }));
	form.addEventListener("submit", ev => {
		ev.preventDefault();
		const p = new URLSearchParams();
		for (const k of FILTERS) {
			const c = form.elements[k];
			if (c.type === "checkbox") {
				if (c.checked)
					p.set(k, "1");
			} else if (c.value) {
				p.set(k, c.value);
			}
		}
		const qs = p.toString();
		location.hash = "#/" + dir + (qs ? "?" + qs : "");
	});
	const wrap = el("div", { id: "list" });
	page(dir === "in" ? "Inbox" : "Outbox", form, wrap);
	const p = new URLSearchParams();
	p.set("dir", dir);
	for (const k of FILTERS)
		if (params.get(k))
			p.set(k, params.get(k));
	let r;
	try {
		r = await api("GET", "/messages?" + p.toString());
	} catch (e) {
		return fail(e);
	}
	if (gen !== st.gen)
		return;
	const rows = Array.isArray(r.messages) ? r.messages : [];
	if (rows.length === 0) {
		wrap.replaceChildren(el("p", { class: "empty", text: "No messages." }));
		return;
	}
	wrap.replaceChildren(table([
		["Id", m => msgLink(m.id)],
		["Created", m => when(m.created)],
		["Peer", m => m.peer],
		["Type", m => m.type],
		["Tier", m => m.tier],
		["TLP", m => tlpBadge(m.tlp)],
		["State", m => text(m.state) + (m.late ? " (late)" : "") +
		    (m.read === false ? " (unread)" : "")],
		["Deadline", m => when(m.deadline)],
		["Subject", m => m.subject],
		["Reply to", m => m.reply_to ? msgLink(m.reply_to) : ""],
	], rows, m => ({ class: "item" + (m.late ? " late" : ""),
	    on: { click: ev => { if (ev.target.tagName !== "A")
	    location.hash = "#/msg/" + encodeURIComponent(m.id); } } })));
}

function indicatorTable(list) {
	return table([
		["Type", i => i.type],
		["Value", i => i.value, "mono"],
		["Count", i => i.count],
		["First seen", i => when(i.first_seen)],
		["Last seen", i => when(i.last_seen)],
	], list);
}

function findingTable(list) {
	return table([
		["Type", f => f.indicator && f.indicator.type],
		["Value", f => f.indicator && f.indicator.value, "mono"],
		["Count", f => f.count],
		["First seen", f => when(f.first_seen)],
		["Last seen", f => when(f.last_seen)],
		["Where", f => Array.isArray(f.where) ? f.where.join("; ") :
		    text(f.where)],
	], list);
}

const OWED_TYPES = ["request", "query"];

async function messagePage(id, gen) {
	let m;
	page("Message");
	try {
		m = await api("GET", "/messages/" + encodeURIComponent(id));
	} catch (e) {
		return fail(e);
	}
	if (gen !== st.gen)
		return;
	const env = m.envelope && typeof m.envelope === "object" ? m.envelope : {};
	const body = env.body && typeof env.body === "object" ? env.body : {};
	const kids = [tlpBadge(m.tlp || env.tlp, true)];
	kids.push(el("section", { "aria-labelledby": "h-fields" },
	    el("h2", { id: "h-fields", text: "Fields" }), fields([
		["Id", el("span", { class: "mono", text: m.id })],
		["Direction", m.dir === "in" ? "received from" : "sent to"],
		["Peer", m.peer],
		["Type", m.type],
		["Tier", m.tier],
		["Seq", m.seq],
		["Created", when(m.created)],
		["Stored", when(m.stored)],
		["State", text(m.state) + (m.late ? " (late)" : "")],
		["Deadline", when(m.deadline)],
		["Subject", m.subject],
		["Reply to", m.reply_to ? msgLink(m.reply_to) : ""],
		["Log leaf", m.leaf],
	])));
	const prose = [
		["Summary", body.summary], ["Status", body.status],
		["Category", body.category], ["Severity", body.severity],
		["Sector", body.sector],
		["Observed", body.observed ? when(body.observed.start) + " – " +
		    when(body.observed.end) : ""],
		["Expectations", Array.isArray(body.expectations) ?
		    body.expectations.join(", ") : ""],
		["Actions", Array.isArray(body.actions) ?
		    body.actions.join(", ") : ""],
		["Declined", body.declined], ["Reason", body.reason],
		["Note", body.note], ["Acknowledged by", body.by],
	];
	kids.push(el("section", { "aria-labelledby": "h-body" },
	    el("h2", { id: "h-body", text: "Body" }), fields(prose)));
	if (Array.isArray(body.indicators))
		kids.push(el("section", { "aria-labelledby": "h-ind" },
		    el("h2", { id: "h-ind", text: "Indicators (" +
		    body.indicators.length + ")" }),
		    indicatorTable(body.indicators)));
	if (Array.isArray(body.findings))
		kids.push(el("section", { "aria-labelledby": "h-find" },
		    el("h2", { id: "h-find", text: "Findings (" +
		    body.findings.length + ")" }), findingTable(body.findings)));
	const answers = Array.isArray(m.answers) ? m.answers : [];
	kids.push(el("section", { "aria-labelledby": "h-ans", id: "answers" },
	    el("h2", { id: "h-ans", text: "Answers" }),
	    answers.length === 0 ? el("p", { class: "empty", text: "None." }) :
	    table([
		["Id", a => msgLink(a.id)],
		["Direction", a => a.dir],
		["Created", a => when(a.created)],
		["State", a => a.state],
		["TLP", a => tlpBadge(a.tlp)],
	    ], answers, a => ({ class: "answer", "data-id": a.id }))));
	kids.push(el("section", { "aria-labelledby": "h-rcpt" },
	    el("h2", { id: "h-rcpt", text: "Receipt" }),
	    m.receipt ? el("pre", { text: JSON.stringify(m.receipt, null, 2) }) :
	    el("p", { class: "empty", text: "No receipt kept." })));
	const owed = m.dir === "in" && OWED_TYPES.includes(m.type) &&
	    m.state !== "answered-final" && m.state !== "withdrawn";
	if (owed && officer())
		kids.push(answerForm(m));
	if (m.dir === "out" && OWED_TYPES.includes(m.type) && officer() &&
	    m.state !== "withdrawn" && m.state !== "answered-final")
		kids.push(outActions(m));
	if (m.dir === "in" && m.type === "contact-check" &&
	    m.state === "received" && officer())
		kids.push(ackForm(m));
	page(m.subject ? m.subject : "Message " + String(m.id).slice(0, 12),
	    ...kids);
}

/* A contact check received: a person says they are there. */
function ackForm(m) {
	const note = el("input", { name: "note", size: 40 });
	const f = el("form", { class: "actions", id: "ack-form" },
	    ...labelled("Note (optional)", note),
	    el("button", { type: "submit", id: "ack", text: "Acknowledge" }));
	f.addEventListener("submit", async ev => {
		ev.preventDefault();
		try {
			await api("POST", "/messages/" + encodeURIComponent(m.id) +
			    "/ack", note.value !== "" ? { note: note.value } : {});
			flash("Acknowledged.", true);
			route();
		} catch (e) {
			fail(e);
		}
	});
	return el("section", { "aria-labelledby": "h-ack" },
	    el("h2", { id: "h-ack", text: "Contact check" }),
	    el("p", { text: "A person at " + m.peer + " asks whether " +
	    "someone is at this desk: acknowledge it by " +
	    when(m.deadline) + "." }), f);
}

function outActions(m) {
	const reason = el("input", { name: "reason", size: 40 });
	const wd = el("form", { class: "actions", id: "withdraw-form" },
	    ...labelled("Withdraw, because", reason),
	    el("button", { type: "submit", class: "secondary", text: "Withdraw" }));
	wd.addEventListener("submit", async ev => {
		ev.preventDefault();
		try {
			await api("POST", "/messages/" + encodeURIComponent(m.id) +
			    "/withdraw", { reason: reason.value });
			flash("Withdrawn.", true);
			route();
		} catch (e) {
			fail(e);
		}
	});
	const esc = el("button", { type: "button", class: "secondary",
	    id: "escalate", text: "Escalate",
	    on: { click: async () => {
		try {
			await api("POST", "/messages/" + encodeURIComponent(m.id) +
			    "/escalate", {});
			flash("Escalated.", true);
			route();
		} catch (e) {
			fail(e);
		}
	    } } });
	return el("section", { "aria-labelledby": "h-act" },
	    el("h2", { id: "h-act", text: "Actions" }), wd,
	    el("div", { class: "actions" }, esc));
}

/* The findings from a textarea: hotline match --json output or a bare array. */
function parseFindings(s) {
	s = s.trim();
	if (s === "")
		return undefined;
	let v = JSON.parse(s);
	if (v && !Array.isArray(v) && typeof v === "object")
		v = v.findings;
	if (!Array.isArray(v))
		throw new Error("findings: give hotline match --json output or a findings array");
	return v;
}

function readFile(input) {
	return new Promise((ok, no) => {
		const f = input.files && input.files[0];
		if (!f)
			return no(new Error("no file chosen"));
		const r = new FileReader();
		r.onload = () => ok(String(r.result));
		r.onerror = () => no(r.error || new Error("cannot read " + f.name));
		r.readAsText(f);
	});
}

function answerForm(m) {
	const interim = el("input", { type: "radio", name: "status",
	    value: "interim", id: "st-interim", checked: true });
	const final = el("input", { type: "radio", name: "status",
	    value: "final", id: "st-final" });
	/* Findings alone make a body of their own (as hotline reply does). */
	const summary = el("textarea", { name: "summary" });
	const findings = el("textarea", { name: "findings", class: "code",
	    placeholder: "hotline match --json output, or a findings array" });
	const file = el("input", { type: "file", name: "findings-file",
	    accept: ".json,application/json" });
	file.addEventListener("change", async () => {
		try {
			findings.value = await readFile(file);
		} catch (e) {
			fail(e);
		}
	});
	const f = el("form", { class: "grid panel", id: "answer-form" },
	    el("span", { text: "Answer" }),
	    el("fieldset", {}, el("legend", { text: "Kind" }),
	    el("label", { class: "inline", for: "st-interim" }, interim, "Interim"),
	    " ",
	    el("label", { class: "inline", for: "st-final" }, final, "Final")),
	    ...labelled("Summary", summary),
	    ...labelled("Findings (JSON)", findings),
	    ...labelled("Load findings from a file", file),
	    el("div", { class: "wide actions" },
	    el("button", { type: "submit", text: "Send answer" })));
	f.addEventListener("submit", async ev => {
		ev.preventDefault();
		const req = { final: final.checked };
		try {
			const fs = parseFindings(findings.value);
			if (fs !== undefined)
				req.findings = fs;
		} catch (e) {
			return flash(String(e.message || e));
		}
		if (summary.value.trim() !== "")
			req.body = { summary: summary.value };
		try {
			const r = await api("POST", "/messages/" +
			    encodeURIComponent(m.id) + "/reply", req);
			flash("Answer " + String(r && r.id || "").slice(0, 12) +
			    " sent.", true);
			route();
		} catch (e) {
			fail(e);
		}
	});
	return el("section", { "aria-labelledby": "h-answer" },
	    el("h2", { id: "h-answer", text: "Answer this " + m.type }), f);
}

function indicatorRow(tbody, v) {
	v = v || {};
	const type = select("ioc-type", IOC_TYPES, v.type || "ipv4");
	type.setAttribute("aria-label", "Indicator type");
	const value = el("input", { name: "ioc-value", size: 40,
	    value: v.value || "", "aria-label": "Indicator value" });
	const count = el("input", { name: "ioc-count", size: 6,
	    inputmode: "numeric", value: v.count !== undefined ?
	    String(v.count) : "", "aria-label": "Count" });
	const tr = el("tr", { class: "ioc" });
	tr.dataset.first = v.first_seen || "";
	tr.dataset.last = v.last_seen || "";
	tr.append(el("td", {}, type), el("td", {}, value), el("td", {}, count),
	    el("td", {}, el("button", { type: "button", class: "secondary",
	    text: "Remove", "aria-label": "Remove indicator",
	    on: { click: () => tr.remove() } })));
	tbody.append(tr);
	return value;
}

function composePage() {
	if (!officer()) {
		page("Compose", el("p", { class: "empty",
		    text: "A viewer cannot send." }));
		return;
	}
	const to = el("input", { name: "to", required: true, size: 20 });
	const type = select("type", ["request", "query", "notice"], "request");
	const subject = el("input", { name: "subject", size: 50 });
	const deadline = el("input", { name: "deadline", size: 24,
	    placeholder: "72h or 2026-12-04T00:00:00Z" });
	const tlp = select("tlp", TLPS, "amber");
	const category = select("category", CATEGORIES, "scanning");
	const severity = select("severity", SEVERITIES, "medium");
	const sector = select("sector", SECTORS, "", "(none)");
	const summary = el("textarea", { name: "summary" });
	const obsStart = el("input", { name: "observed-start", size: 24,
	    placeholder: "2026-12-01T00:00:00Z" });
	const obsEnd = el("input", { name: "observed-end", size: 24,
	    placeholder: "2026-12-01T01:00:00Z" });
	const tbody = el("tbody", { id: "ioc-rows" });
	const iocs = el("table", {}, el("thead", {}, el("tr", {},
	    el("th", { text: "Type" }), el("th", { text: "Value" }),
	    el("th", { text: "Count" }), el("th", { text: "" }))), tbody);
	indicatorRow(tbody);
	const add = el("button", { type: "button", class: "secondary",
	    id: "ioc-add", text: "Add indicator",
	    on: { click: () => indicatorRow(tbody).focus() } });
	const exp = el("fieldset", { class: "expect" },
	    el("legend", { text: "Expectations" }),
	    EXPECTATIONS.map(x => el("label", { class: "inline" },
	    el("input", { type: "checkbox", name: "expect", value: x,
	    checked: x === "investigate" }), x)));
	const file = el("input", { type: "file", name: "import-file",
	    accept: ".json,.xml,.csv,.txt" });
	const imp = el("button", { type: "button", class: "secondary",
	    id: "import", text: "Import into the form" });
	const fill = b => {
		if (typeof b.summary === "string")
			summary.value = b.summary;
		if (b.category)
			category.value = b.category;
		if (b.severity)
			severity.value = b.severity;
		if (b.sector)
			sector.value = b.sector;
		if (b.tlp && TLPS.includes(b.tlp))
			tlp.value = b.tlp;
		if (b.observed) {
			obsStart.value = b.observed.start || "";
			obsEnd.value = b.observed.end || "";
		}
		if (Array.isArray(b.indicators)) {
			tbody.replaceChildren();
			for (const i of b.indicators)
				indicatorRow(tbody, i);
		}
		if (Array.isArray(b.expectations))
			for (const c of exp.querySelectorAll("input"))
				c.checked = b.expectations.includes(c.value);
	};
	imp.addEventListener("click", async () => {
		try {
			const data = await readFile(file);
			const r = await api("POST", "/import",
			    { format: "auto", data });
			fill(r && r.body && typeof r.body === "object" ? r.body : r || {});
			flash("Imported " + tbody.children.length +
			    " indicator(s)" + (r && typeof r.lacks === "string" ?
			    "; the body lacks " + r.lacks : "") +
			    ": check the form before sending.", true);
		} catch (e) {
			fail(e);
		}
	});
	const f = el("form", { class: "grid panel", id: "compose-form" },
	    ...labelled("To (peer)", to), ...labelled("Type", type),
	    ...labelled("Subject", subject), ...labelled("Deadline", deadline),
	    ...labelled("TLP", tlp), ...labelled("Category", category),
	    ...labelled("Severity", severity), ...labelled("Sector", sector),
	    ...labelled("Summary", summary),
	    ...labelled("Observed from", obsStart),
	    ...labelled("Observed until", obsEnd),
	    el("div", { class: "wide" }, el("h2", { text: "Indicators" }), iocs,
	    el("div", { class: "actions" }, add)),
	    el("div", { class: "wide" }, exp),
	    ...labelled("Import a STIX or MISP file", file),
	    el("div", { class: "wide actions" }, imp,
	    el("button", { type: "submit", text: "Send" })));
	f.addEventListener("submit", async ev => {
		ev.preventDefault();
		const body = {};
		if (summary.value.trim())
			body.summary = summary.value;
		if (type.value === "request") {
			body.category = category.value;
			body.severity = severity.value;
			if (sector.value)
				body.sector = sector.value;
			if (obsStart.value || obsEnd.value)
				body.observed = { start: obsStart.value,
				    end: obsEnd.value };
			body.expectations = [...exp.querySelectorAll("input:checked")]
			    .map(c => c.value);
		}
		const list = [];
		for (const tr of tbody.querySelectorAll("tr.ioc")) {
			const v = tr.querySelector("[name=ioc-value]").value.trim();
			if (!v)
				continue;
			const i = { type: tr.querySelector("[name=ioc-type]").value,
			    value: v };
			const c = tr.querySelector("[name=ioc-count]").value.trim();
			if (c !== "")
				i.count = Number(c);
			if (tr.dataset.first)
				i.first_seen = tr.dataset.first;
			if (tr.dataset.last)
				i.last_seen = tr.dataset.last;
			list.push(i);
		}
		if (list.length > 0 || type.value === "request")
			body.indicators = list;
		const req = { to: to.value.trim(), type: type.value, tlp: tlp.value,
		    body };
		if (subject.value.trim())
			req.subject = subject.value.trim();
		if (deadline.value.trim())
			req.deadline = deadline.value.trim();
		try {
			const r = await api("POST", "/messages", req);
			if (r && r.id) {
				st.keepFlash = true;
				location.hash = "#/msg/" + encodeURIComponent(r.id);
			}
			flash("Sent " + String(r && r.id || "").slice(0, 12) + ".", true);
		} catch (e) {
			fail(e);
		}
	});
	page("Compose", f);
}

async function peersPage(gen) {
	const wrap = el("div", { id: "peers" });
	page("Peers", wrap);
	let r;
	try {
		r = await api("GET", "/peers");
	} catch (e) {
		return fail(e);
	}
	if (gen !== st.gen)
		return;
	const peers = Array.isArray(r.peers) ? r.peers : [];
	if (peers.length === 0) {
		wrap.replaceChildren(el("p", { class: "empty", text: "No peers pinned." }));
		return;
	}
	const cols = [
		["Party", p => p.party],
		["State", p => p.state],
		["Tier", p => p.tier],
		["Endpoint", p => p.endpoint, "mono"],
		["Link", p => el("span", { class: "link-" +
		    (["up", "down"].includes(p.link) ? p.link : "unknown"),
		    text: p.link || "unknown" })],
		["Last ping", p => when(p.last_ping)],
		["RTT", p => p.rtt_ms !== undefined && p.rtt_ms !== null ?
		    p.rtt_ms + " ms" : ""],
	];
	if (officer())
		cols.push(["", p => el("button", { type: "button",
		    class: "secondary", text: "Ping", "aria-label": "Ping " + p.party,
		    on: { click: async () => {
			try {
				await api("POST", "/peers/" +
				    encodeURIComponent(p.party) + "/ping", {});
				flash("Ping sent to " + p.party + ".", true);
			} catch (e) {
				fail(e);
			}
		    } } })]);
	wrap.replaceChildren(table(cols, peers));
}

async function reportPage(gen, params) {
	const peer = el("input", { name: "peer", size: 14,
	    value: params.get("peer") || "" });
	const since = el("input", { name: "since", size: 22,
	    value: params.get("since") || "" });
	const until = el("input", { name: "until", size: 22,
	    value: params.get("until") || "" });
	const form = el("form", { class: "filters" },
	    el("label", {}, "Peer", peer), el("label", {}, "Since", since),
	    el("label", {}, "Until", until),
	    el("button", { type: "submit", text: "Show" }));
	form.addEventListener("submit", ev => {
		ev.preventDefault();
		const p = new URLSearchParams();
		for (const c of [peer, since, until])
			if (c.value)
				p.set(c.name, c.value);
		const qs = p.toString();
		location.hash = "#/report" + (qs ? "?" + qs : "");
	});
	const p = new URLSearchParams();
	for (const k of ["peer", "since", "until"])
		if (params.get(k))
			p.set(k, params.get(k));
	const qs = p.toString() ? "?" + p.toString() : "";
	const wrap = el("div", { id: "report" });
	const chart = el("img", { class: "chart", src: API + "/report.svg" + qs,
	    alt: "The report's chart" });
	/* A daemon that draws no chart answers 501 (docs/API.md). */
	chart.addEventListener("error", () => chart.replaceWith(el("p",
	    { class: "empty", id: "no-chart", text: "No chart from this daemon." })));
	page("Report", form, chart, wrap);
	let r;
	try {
		r = await api("GET", "/report" + qs);
	} catch (e) {
		return fail(e);
	}
	if (gen !== st.gen)
		return;
	const peers = Array.isArray(r.peers) ? r.peers : [];
	const rest = Object.assign({}, r);
	delete rest.peers;
	wrap.replaceChildren(el("h2", { text: "The numbers" }), tree(rest),
	    ...peers.map(reportPeer));
}

/* A number of the report: a count, or {n, p50, p90} of a duration. */
function metric(v) {
	if (v && typeof v === "object" && !Array.isArray(v) && "n" in v)
		return "n " + text(v.n) + (v.p50 !== null && v.p50 !== undefined ?
		    ", p50 " + text(v.p50) + ", p90 " + text(v.p90) : "");
	return text(v);
}

/* One peer's numbers, each direction a column. */
function reportPeer(p) {
	const dirs = ["in", "out"].filter(d => p[d] && typeof p[d] === "object");
	const keys = [...new Set(dirs.flatMap(d => Object.keys(p[d])))];
	const other = Object.entries(p).filter(([k]) => k !== "peer" &&
	    !dirs.includes(k));
	return el("section", { class: "report-peer" },
	    el("h2", { text: text(p.peer) }),
	    other.length > 0 ? fields(other.map(([k, v]) => [k, metric(v)])) : "",
	    table([["Number", k => k]].concat(dirs.map(d =>
	    [d === "in" ? "Asked of us" : "Asked by us", k => metric(p[d][k])])),
	    keys));
}

async function auditPage(gen, params) {
	const wrap = el("div", { id: "audit" });
	page("Audit trail", wrap);
	const p = new URLSearchParams();
	p.set("limit", "50");
	for (const k of ["before", "actor", "action"])
		if (params.get(k))
			p.set(k, params.get(k));
	let r;
	try {
		r = await api("GET", "/audit?" + p.toString());
	} catch (e) {
		return fail(e);
	}
	if (gen !== st.gen)
		return;
	const rows = Array.isArray(r.entries) ? r.entries : [];
	if (rows.length === 0) {
		wrap.replaceChildren(el("p", { class: "empty", text: "No entries." }));
		return;
	}
	wrap.replaceChildren(table([
		["When", e => when(e.at)],
		["Who", e => e.actor],
		["Via", e => e.via],
		["Action", e => e.action],
		["Target", e => e.target, "mono"],
		["Detail", e => e.detail],
	], rows));
	const last = rows[rows.length - 1];
	if (rows.length >= 50 && last && last.id !== undefined) {
		const n = new URLSearchParams(p);
		n.delete("limit");
		n.set("before", String(last.id));
		wrap.append(el("p", { class: "pager" }, el("a",
		    { href: "#/audit?" + n.toString(), text: "Older entries" })));
	}
}

/* The router: #/page[/id][?query]. */
async function route() {
	for (const t of st.timers)
		clearInterval(t);
	st.timers = [];
	const gen = ++st.gen;
	const h = location.hash.replace(/^#\/?/, "");
	const [path, qs] = h.split("?");
	const parts = path.split("/");
	const params = new URLSearchParams(qs || "");
	const name = parts[0] || "queue";
	for (const a of document.querySelectorAll("#nav a"))
		a.classList.toggle("current", a.dataset.page === name);
	if (!st.user && name !== "login") {
		location.hash = "#/login";
		return;
	}
	switch (name) {
	case "login": return loginPage();
	case "queue": return queuePage(gen);
	case "in": case "out": return listPage(name, gen, params);
	case "msg": return messagePage(decodeURIComponent(parts[1] || ""), gen);
	case "compose": return composePage();
	case "peers": return peersPage(gen);
	case "report": return reportPage(gen, params);
	case "audit": return auditPage(gen, params);
	default: page("Not found", el("p", { text: "No such page." }));
	}
}

async function start() {
	$("logout").addEventListener("click", async () => {
		try {
			await api("DELETE", "/session");
		} catch (e) {
			/* Gone already: logged out all the same. */
		}
		st.user = st.role = st.csrf = null;
		showNav();
		location.hash = "#/login";
	});
	window.addEventListener("hashchange", () => {
		if (!st.keepFlash)
			flash("");
		st.keepFlash = false;
		route();
	});
	try {
		session(await api("GET", "/session"));
	} catch (e) {
		/* No session yet: the login page. */
	}
	const want = st.user ? (location.hash === "#/login" ? "#/queue" :
	    location.hash || "#/queue") : "#/login";
	if (want !== location.hash)
		location.hash = want;	/* hashchange routes */
	else
		route();
}

document.addEventListener("DOMContentLoaded", start);

})();
