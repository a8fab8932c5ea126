/*
 * app.js — the pages of `xxgk serve` (总览, 单位, 统计, 上传), drawn from the
 * JSON API. No library, no network beyond this server. Every text that comes
 * from a report goes into the page as text (textContent), never as markup.
 */
"use strict";

const LEVELS = { province: "省级", city: "市级", county: "县级", town: "乡镇街道", department: "部门", unknown: "未知" };
const SEVERITY = { error: "错误", warning: "警告", info: "提示" };
const KINDS = {
  number: "印出的数字", blank: "空白（未填）", na: "“/”等（不适用）", absent: "原文没有这一项",
  inferred: "推算：原文缺失，由报告自身的勾稽关系唯一确定", unreadable: "无法辨认：不能不靠猜测读出"
};
const T3_ROWS = [
  ["new_received", "一、本年新收政府信息公开申请数量"], ["carried_over", "二、上年结转政府信息公开申请数量"],
  ["granted", "三、（一）予以公开"], ["partially_granted", "（二）部分公开"],
  ["denied_state_secret", "（三）不予公开 1.属于国家秘密"], ["denied_prohibited_by_law", "2.其他法律行政法规禁止公开"],
  ["denied_three_safeties", "3.危及“三安全一稳定”"], ["denied_third_party", "4.保护第三方合法权益"],
  ["denied_internal_affairs", "5.属于三类内部事务信息"], ["denied_process_info", "6.属于四类过程性信息"],
  ["denied_enforcement_files", "7.属于行政执法案卷"], ["denied_admin_query", "8.属于行政查询事项"],
  ["unable_no_info", "（四）无法提供 1.本机关不掌握相关政府信息"], ["unable_needs_creation", "2.没有现成信息需要另行制作"],
  ["unable_unclear", "3.补正后申请内容仍不明确"], ["not_processed_complaint", "（五）不予处理 1.信访举报投诉类申请"],
  ["not_processed_duplicate", "2.重复申请"], ["not_processed_publication", "3.要求提供公开出版物"],
  ["not_processed_excessive", "4.无正当理由大量反复申请"], ["not_processed_confirm", "5.要求行政机关确认或重新出具已获取信息"],
  ["other_overdue_correction", "（六）其他处理 1.申请人无正当理由逾期不补正"], ["other_overdue_fee", "2.申请人逾期未按收费通知缴纳费用"],
  ["other_reasons", "3.其他"], ["total_processed", "（七）总计"], ["carried_forward", "四、结转下年度继续办理"]
];
const T3_COLS = [["natural_person", "自然人"], ["commercial", "商业企业"], ["research", "科研机构"],
  ["social_org", "社会公益组织"], ["legal_service", "法律服务机构"], ["other_org", "其他"], ["total", "总计"]];
const T4_GROUPS = [["review", "行政复议"], ["litigation_direct", "行政诉讼（未经复议直接起诉）"], ["litigation_after_review", "行政诉讼（复议后起诉）"]];
const T4_COLS = [["upheld", "结果维持"], ["corrected", "结果纠正"], ["other", "其他结果"], ["pending", "尚未审结"], ["total", "总计"]];
const T2_2021 = [
  ["regulations", "规章", [["issued", "本年制发件数"], ["repealed", "本年废止件数"], ["valid", "现行有效件数"]]],
  ["normative_documents", "行政规范性文件", [["issued", "本年制发件数"], ["repealed", "本年废止件数"], ["valid", "现行有效件数"]]],
  ["licensing", "行政许可", [["decisions", "本年处理决定数量"]]],
  ["penalty", "行政处罚", [["decisions", "本年处理决定数量"]]],
  ["coercion", "行政强制", [["decisions", "本年处理决定数量"]]],
  ["fees", "行政事业性收费（万元）", [["amount", "本年收费金额"]]]
];
const T2_2019 = [
  ["regulations", "规章", [["made", "本年新制作数量"], ["published", "本年新公开数量"], ["total_published", "对外公开总数量"]]],
  ["normative_documents", "规范性文件", [["made", "本年新制作数量"], ["published", "本年新公开数量"], ["total_published", "对外公开总数量"]]],
  ["licensing", "行政许可", [["previous", "上一年项目数量"], ["change", "本年增/减"], ["decisions", "处理决定数量"]]],
  ["other_services", "其他对外管理服务事项", [["previous", "上一年项目数量"], ["change", "本年增/减"], ["decisions", "处理决定数量"]]],
  ["penalty", "行政处罚", [["previous", "上一年项目数量"], ["change", "本年增/减"], ["decisions", "处理决定数量"]]],
  ["coercion", "行政强制", [["previous", "上一年项目数量"], ["change", "本年增/减"], ["decisions", "处理决定数量"]]],
  ["fees", "行政事业性收费（万元）", [["previous", "上一年项目数量"], ["change", "本年增/减"]]],
  ["procurement", "政府集中采购", [["items", "采购项目数量"], ["amount", "采购总金额（元）"]]]
];
const FILTERS = [["", "全部单位"], ["errors", "有错误的"], ["open", "有待整改的"], ["late", "逾期发布的"], ["flags", "数据异常的"]];

let session = null;

/* ---- small helpers ---- */

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function svg(tag, attrs, ...children) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function num(v) {
  if (v === null || v === undefined) return "—";
  return Number.isInteger(v) ? v.toLocaleString("zh-CN") : (Math.round(v * 100) / 100).toLocaleString("zh-CN");
}

/* An ISO 8601 UTC moment in the browser's own time: "2026/12/3 11:08:00". */
function when(at) {
  const d = new Date(at || "");
  return isNaN(d) ? (at || "") : d.toLocaleString("zh-CN", { hour12: false });
}

function pct(v) {
  return v === null || v === undefined ? "—" : (v * 100).toFixed(1) + "%";
}

/* The route being shown: a page left while its year is read stops asking. */
let routeSeq = 0;

/* "正在读取 2024 年度的数据（35%）": what a page shows while the server reads its year (202 with
   `loading`), asking again each second until it is there. */
function showLoading(l) {
  const bar = el("progress", { max: 100, value: l.percent });
  show(el("div", { id: "loading", role: "status", class: "loading" },
    el("p", {}, "正在读取 " + l.year + " 年度的数据（" + l.percent + "%）……"),
    bar,
    el("p", { class: "hint" }, "服务器启动或上传、审核之后，第一次打开一个年度要先读取这一年的全部报告；读完后各页即开。")));
}

async function api(path, opts) {
  opts = opts || {};
  const headers = {};
  if (opts.method === "POST") headers["X-CSRF-Token"] = session ? session.csrf : "";
  if (opts.json) headers["Content-Type"] = "application/json";
  const seq = routeSeq;
  for (;;) {
    const r = await fetch(path, { method: opts.method || "GET", headers, body: opts.json ? JSON.stringify(opts.json) : opts.body, credentials: "same-origin" });
    let data = null;
    try { data = await r.json(); } catch (e) { data = { error: "服务器返回的不是 JSON（HTTP " + r.status + "）" }; }
    if (r.status === 202 && data && data.loading && !opts.method) {
      if (seq !== routeSeq) throw new Error("已离开此页");
      showLoading(data.loading);
      document.body.dataset.ready = "loading";
      await new Promise((done) => setTimeout(done, 1000));
      if (seq !== routeSeq) throw new Error("已离开此页");
      continue;
    }
    if (!r.ok) throw new Error(data && data.error ? data.error : "HTTP " + r.status);
    return data;
  }
}

function params() {
  const h = location.hash.replace(/^#/, "");
  const [path, query] = h.split("?");
  return { path: path || "/overview", q: new URLSearchParams(query || "") };
}

function go(path, q) {
  const s = q ? new URLSearchParams(Object.entries(q).filter(([, v]) => v !== "" && v !== null && v !== undefined)).toString() : "";
  location.hash = "#" + path + (s ? "?" + s : "");
}

function show(...nodes) {
  const m = document.getElementById("main");
  m.replaceChildren(...nodes.flat().filter(Boolean));
}

function failure(e) {
  return el("p", { class: "error", role: "alert" }, "出错了：", e.message);
}

function yearSelect(current, onchange) {
  const s = el("select", { id: "year", "aria-label": "年度", onchange: () => onchange(s.value) });
  for (const y of session.years) s.append(el("option", { value: y.year, selected: y.year === current }, y.year + " 年度（" + y.reports + " 份）"));
  if (!session.years.length) s.append(el("option", { value: "" }, "还没有报告"));
  return s;
}

function downloadLink(href, text, id) {
  return el("a", { class: "button", href, id, download: "" }, text);
}

/* ---- 总览 ---- */

async function overview(q) {
  const region = q.get("region") || "";
  const year = q.get("year") || (session.years[0] ? session.years[0].year : "");
  const sort = q.get("sort") || "code";
  const only = q.get("only") || "";
  const name = q.get("q") || "";
  const offset = Number(q.get("offset") || 0);
  const state = { region, year, sort, only, q: name, offset: offset || "" };
  const nav = (over) => go("/overview", Object.assign({}, state, { offset: "" }, over));
  if (!session.years.length) {
    show(el("h2", {}, "总览"), el("p", { class: "empty" }, "数据库里还没有报告。请先到", el("a", { href: "#/upload" }, "上传"), "页面上传年度报告。"));
    return;
  }
  const d = await api("/api/overview?" + new URLSearchParams({ region, year, sort, only, q: name, offset, limit: 50 }));
  const crumbs = el("nav", { class: "crumbs", "aria-label": "地区" }, el("a", { href: "#", onclick: (e) => { e.preventDefault(); nav({ region: "" }); } }, "全部地区"));
  if (region) {
    const names = d.region_name ? d.region_name.split("·") : [];
    const lens = [2, 4, 6, 9];
    names.forEach((n, i) => {
      crumbs.append(" › ");
      const code = region.slice(0, lens[i]);
      crumbs.append(code === region ? el("strong", {}, n) : el("a", { href: "#", onclick: (e) => { e.preventDefault(); nav({ region: code }); } }, n));
    });
  }
  const search = el("input", { type: "search", id: "search", placeholder: "按单位名称查找", value: name, "aria-label": "按单位名称查找" });
  const filter = el("select", { id: "filter", "aria-label": "筛选", onchange: () => nav({ only: filter.value }) },
    FILTERS.map(([v, t]) => el("option", { value: v, selected: v === only }, t)));
  const form = el("form", { class: "toolbar", onsubmit: (e) => { e.preventDefault(); nav({ q: search.value.trim() }); } },
    el("label", {}, "年度 ", yearSelect(Number(year || d.year), (y) => nav({ year: y }))),
    el("label", {}, "筛选 ", filter), search, el("button", { type: "submit" }, "查找"));

  const facts = el("div", { class: "facts" },
    fact("报告", d.reports, "份"), fact("有错误", d.with_errors, "份", d.with_errors ? "bad" : ""),
    fact("逾期发布", d.late, "份", d.late ? "bad" : ""), fact("发布日期不明", d.date_unknown, "份"),
    fact("数据异常", d.flagged, "个单位", d.flagged ? "warn" : ""),
    d.summary ? fact("缺报", d.summary.missing, "个单位", d.summary.missing ? "bad" : "") : null);

  const parts = [el("h2", {}, "总览：", d.region_name || "全部地区", " · ", d.year, " 年度"), crumbs, form, facts];
  if (d.unchecked > 0) {
    const btn = el("button", { id: "run-check", onclick: async () => { btn.disabled = true; btn.textContent = "正在审核……"; try { await api("/api/check", { method: "POST" }); route(); } catch (e) { btn.replaceWith(failure(e)); } } }, "现在审核");
    parts.push(el("p", { class: "notice" }, "有 ", d.unchecked, " 份报告上传后还没有审核，下面的错误数不含它们。", btn));
  }
  const dl = el("p", { class: "downloads" }, downloadLink("/api/download/workbook?" + new URLSearchParams({ region, year: d.year }), "下载审核结果表（Excel）", "dl-workbook"));
  if ([2, 4, 6].includes(region.length)) dl.append(" ", downloadLink("/api/download/county?" + new URLSearchParams({ region, year: d.year }), "下载审查情况通报（PDF）", "dl-county"));
  else dl.append(el("span", { class: "hint" }, " 选择一个省、市或县后可下载审查情况通报（PDF）。"));
  dl.append(" ", el("a", { href: "#/stats?" + new URLSearchParams({ region, year: d.year }), id: "to-stats" }, "本地区统计（数据异常、漏斗图）"));
  parts.push(dl);
  if (d.summary && d.summary.missing_names.length) {
    parts.push(el("details", { class: "missing" }, el("summary", {}, "缺报单位（往年有报告、本年度没有）：", d.summary.missing, " 个"),
      el("ul", {}, d.summary.missing_names.map((n) => el("li", {}, n)))));
  }
  if (d.children.length) {
    parts.push(el("h3", {}, "下级地区"));
    parts.push(el("table", { class: "grid", id: "regions" },
      el("thead", {}, el("tr", {}, el("th", {}, "地区"), el("th", { class: "n" }, "有报告的单位"), el("th", { class: "n" }, "缺报"))),
      el("tbody", {}, d.children.map((c) => el("tr", {},
        el("td", {}, el("a", { href: "#", onclick: (e) => { e.preventDefault(); nav({ region: c.code }); } }, c.name.split("·").pop())),
        el("td", { class: "n" }, c.bodies), el("td", { class: "n" + (c.missing ? " bad" : "") }, c.missing))))));
  }
  const head = (key, label, cls) => {
    const active = sort.replace("-", "") === key;
    const next = active && !sort.startsWith("-") ? "-" + key : (key === "code" || key === "published" ? key : "-" + key);
    return el("th", { class: cls || "", "aria-sort": active ? (sort.startsWith("-") ? "descending" : "ascending") : null },
      el("a", { href: "#", title: "按此列排序", onclick: (e) => { e.preventDefault(); nav({ sort: next }); } }, label, active ? (sort.startsWith("-") ? " ▼" : " ▲") : ""));
  };
  parts.push(el("h3", {}, "单位（", d.total, "）"));
  if (!d.bodies.length) parts.push(el("p", { class: "empty" }, "没有符合条件的单位。"));
  else parts.push(el("table", { class: "grid", id: "bodies" },
    el("thead", {}, el("tr", {}, head("code", "单位"), el("th", {}, "层级"), head("published", "发布日期"),
      head("late", "发布情况"), head("errors", "错误", "n"), head("open", "待整改", "n"), el("th", { class: "n" }, "警告"), head("flags", "数据异常", "n"))),
    el("tbody", {}, d.bodies.map((b) => el("tr", {},
      el("td", {}, el("a", { href: "#/unit/" + b.sha256, class: "unit-link" }, b.name || "（未识别单位名称）"), el("div", { class: "sub" }, b.region || "地区未确定")),
      el("td", {}, LEVELS[b.level] || b.level),
      el("td", {}, b.published || el("span", { class: "muted" }, "未注明")),
      el("td", { class: b.publication === "late" ? "bad" : "" }, b.publication === "late" ? "逾期 " + b.days_late + " 天" : b.publication === "on_time" ? "按时" : el("span", { class: "muted" }, "无法判断")),
      el("td", { class: "n" + (b.errors ? " bad" : "") }, b.errors), el("td", { class: "n" + (b.open ? " bad" : "") }, b.open),
      el("td", { class: "n" }, b.warnings), el("td", { class: "n" + (b.flags ? " warn" : "") }, b.flags))))));
  if (d.total > 50) {
    const pager = el("p", { class: "pager" }, "第 ", offset + 1, "–", Math.min(offset + 50, d.total), " 个，共 ", d.total, " 个 ");
    if (offset > 0) pager.append(el("button", { onclick: () => go("/overview", Object.assign({}, state, { offset: Math.max(0, offset - 50) })) }, "上一页"));
    if (offset + 50 < d.total) pager.append(el("button", { onclick: () => go("/overview", Object.assign({}, state, { offset: offset + 50 })) }, "下一页"));
    parts.push(pager);
  }
  show(parts);
}

function fact(label, value, unit, cls) {
  return el("div", { class: "fact " + (cls || "") }, el("div", { class: "v" }, num(value)), el("div", { class: "l" }, label, "（", unit, "）"));
}

/* ---- 单位 ---- */

function cellWhere(c) {
  if (!c) return "";
  const parts = [];
  if (c.page) parts.push("第 " + c.page + " 页" + (c.x !== undefined ? "，位置 " + Math.round(c.x) + "," + Math.round(c.y) : ""));
  else if (c.table !== undefined && c.row !== undefined) parts.push("Word 表格 " + c.table + " 第 " + c.row + " 行第 " + c.col + " 列");
  else if (c.line) parts.push("原文第 " + c.line + " 行" + (c.column ? "第 " + c.column + " 格" : ""));
  if (c.raw !== undefined && c.raw !== "") parts.push("印为“" + c.raw + "”");
  return parts.join("，");
}

function valueCell(report, path, value, marked) {
  const c = report.cells[path];
  const kind = c ? c.kind : (value === null || value === undefined ? "absent" : "number");
  const shown = value !== null && value !== undefined ? num(value) : kind === "blank" ? "空" : kind === "na" ? "/" : kind === "unreadable" ? "?" : "—";
  const blame = marked.get(path);
  const title = KINDS[kind] + (c ? "。" + cellWhere(c) : "") +
    (blame ? "。最可能有误" + (blame.settled ? "：按其他各项应为 " + num(blame.suggested) : "") : "");
  return el("td", { class: "n cell-" + kind + (marked.has(path) ? " culprit" : ""), title, "data-path": path, tabindex: "0" }, shown);
}

function tables(report, marked) {
  const out = [];
  const t2 = report.template === "2019" ? T2_2019 : T2_2021;
  const rows2 = [];
  for (const [item, label, cols] of t2) {
    const v = report.active[item] || {};
    rows2.push(el("tr", {}, el("th", { scope: "row" }, label), cols.map(([k, cl]) => [el("td", { class: "colname" }, cl), valueCell(report, "active." + item + "." + k, v[k], marked)])));
  }
  out.push(el("p", { class: "legend" }, "下面三张表照原文读出。格子说明（鼠标停在格子上可看它在原文的位置）：",
    ["number", "inferred", "blank", "na", "unreadable", "absent"].map((k) => el("span", { class: "cell-" + k + " sample", title: KINDS[k] }, { number: "数字", inferred: "推算", blank: "空白", na: "不适用", unreadable: "无法辨认", absent: "原文没有" }[k])),
    el("span", { class: "culprit sample" }, "最可能有误")));
  out.push(el("h3", {}, "表二 主动公开政府信息情况", report.template === "2019" ? "（2019 年旧格式）" : ""), el("table", { class: "grid t2", id: "t2" }, el("tbody", {}, rows2)));
  out.push(el("h3", {}, "表三 收到和处理政府信息公开申请情况"),
    el("table", { class: "grid t3", id: "t3" },
      el("thead", {}, el("tr", {}, el("th", {}, ""), T3_COLS.map(([, l]) => el("th", { class: "n" }, l)))),
      el("tbody", {}, T3_ROWS.map(([row, label]) => el("tr", { class: row === "total_processed" ? "total" : "" }, el("th", { scope: "row" }, label),
        T3_COLS.map(([col]) => valueCell(report, "applications." + row + "." + col, (report.applications[row] || {})[col], marked)))))));
  out.push(el("h3", {}, "表四 政府信息公开行政复议、行政诉讼情况"),
    el("table", { class: "grid t4", id: "t4" },
      el("thead", {}, el("tr", {}, el("th", {}, ""), T4_COLS.map(([, l]) => el("th", { class: "n" }, l)))),
      el("tbody", {}, T4_GROUPS.map(([g, label]) => el("tr", {}, el("th", { scope: "row" }, label),
        T4_COLS.map(([col]) => valueCell(report, "reviews." + g + "." + col, (report.reviews[g] || {})[col], marked)))))));
  return out;
}

function findingCard(f, sha) {
  const x = f.finding;
  const who = el("input", { type: "text", class: "who", maxlength: 30, value: localStorage.getItem("xxgk.who") || "", placeholder: "处理人姓名", "aria-label": "处理人" });
  const note = el("input", { type: "text", class: "note", maxlength: 300, value: f.note || "", placeholder: "处理说明（可不填）", "aria-label": "处理说明" });
  const status = el("select", { class: "status", "aria-label": "状态" }, session.statuses.map((s) => el("option", { value: s.name, selected: s.name === x.status }, s.label)));
  const said = el("span", { class: "said", role: "status" }, f.who ? "上次由 " + f.who + " 于 " + when(f.at) + " 设为“" + f.status_label + "”" : "");
  const save = el("button", { type: "submit", class: "save" }, "保存状态");
  const form = el("form", { class: "status-form", onsubmit: async (e) => {
    e.preventDefault();
    if (!who.value.trim()) { said.textContent = "请先填写处理人姓名。"; who.focus(); return; }
    localStorage.setItem("xxgk.who", who.value.trim());
    save.disabled = true;
    try {
      const r = await api("/api/status", { method: "POST", json: { id: x.id, status: status.value, who: who.value.trim(), note: note.value.trim() } });
      said.textContent = "已保存：" + r.who + " 于 " + when(r.at) + " 设为“" + r.label + "”";
      card.className = "finding sev-" + x.severity + " st-" + r.status;
    } catch (err) { said.textContent = "没有保存：" + err.message; }
    save.disabled = false;
  } }, el("label", {}, "状态 ", status), who, note, save, said);
  const card = el("li", { class: "finding sev-" + x.severity + " st-" + x.status, id: "f-" + x.id },
    el("div", { class: "head" }, el("span", { class: "badge" }, SEVERITY[x.severity] || x.severity), " ", x.message),
    x.fix ? el("div", { class: "fix" }, x.fix) : null,
    x.line ? el("div", { class: "sub" }, "原文第 ", x.line, " 行 · 规则 ", x.rule, " · 编号 ", x.id) : el("div", { class: "sub" }, "规则 ", x.rule, " · 编号 ", x.id),
    form);
  return card;
}

async function unit(sha) {
  const d = await api("/api/report?sha=" + encodeURIComponent(sha));
  const r = d.report;
  const marked = new Map();
  for (const b of d.blamed) marked.set(b.path, b);
  const pub = d.publication === "late" ? el("span", { class: "bad" }, "逾期 ", d.days_late, " 天（时限 ", d.deadline, "）")
    : d.publication === "on_time" ? el("span", {}, "按时（时限 ", d.deadline, "）") : el("span", { class: "muted" }, "无法判断");
  const parts = [
    el("p", { class: "crumbs" }, el("a", { href: "#/overview?" + new URLSearchParams({ region: (r.agency.region_code || "").slice(0, 6), year: r.year }) }, "‹ 返回总览")),
    el("h2", {}, r.agency.name || "（未识别单位名称）", " · ", r.year, " 年度报告"),
    el("dl", { class: "meta" },
      el("dt", {}, "地区"), el("dd", {}, d.region_name || "未确定"),
      el("dt", {}, "层级"), el("dd", {}, LEVELS[r.agency.level] || r.agency.level),
      el("dt", {}, "格式"), el("dd", {}, r.template === "2019" ? "2019 年旧格式（国办公开办函〔2019〕60号）" : "2021 年新格式（国办公开办函〔2021〕30号）"),
      el("dt", {}, "发布日期"), el("dd", {}, r.published || "未注明", "，", pub),
      el("dt", {}, "原文件"), el("dd", {}, r.source.name || "", "（", r.source.format, "，SHA-256 ", r.source.sha256.slice(0, 12), "…）")),
    el("p", { class: "downloads" }, downloadLink("/api/download/agency?sha=" + r.source.sha256, "下载审查意见（PDF）", "dl-agency"))
  ];
  if (d.unchecked > 0) parts.push(el("p", { class: "notice" }, "这份报告上传后还没有审核：请到总览点“现在审核”。"));
  const errors = d.findings.filter((f) => f.finding.severity === "error").length;
  parts.push(el("h3", {}, "审核发现的问题（", d.findings.length, " 项，其中错误 ", errors, " 项）"));
  if (!d.findings.length) parts.push(el("p", { class: "empty" }, "没有发现问题。"));
  else parts.push(el("ol", { class: "findings", id: "findings" }, d.findings.map((f) => findingCard(f, r.source.sha256))));
  if (d.flags.length) {
    parts.push(el("h3", {}, "与同级单位相比异常的数据"));
    parts.push(el("ul", { class: "flags" }, d.flags.map((f) => el("li", {}, f.message))));
  }
  if (r.warnings && r.warnings.length) {
    parts.push(el("details", { class: "warnings" }, el("summary", {}, "读取时的提示（", r.warnings.length, " 条）"),
      el("ul", {}, r.warnings.map((w) => el("li", {}, w.line ? "第 " + w.line + " 行：" : "", w.message)))));
  }
  parts.push(...tables(r, marked));
  parts.push(el("h3", {}, "与上一年度相比"));
  if (!d.previous) parts.push(el("p", { class: "empty" }, "数据库里没有这个单位上一年度的报告。"));
  else {
    const diff = d.previous.diff;
    const changed = diff.cells.filter((c) => c.a !== c.b);
    parts.push(el("p", {}, "对比 ", el("a", { href: "#/unit/" + d.previous.sha256 }, d.previous.year, " 年度报告"), "：", diff.cells_compared, " 个格子中有 ", changed.length, " 个不同。"));
    if (changed.length) parts.push(el("table", { class: "grid", id: "yoy" },
      el("thead", {}, el("tr", {}, el("th", {}, "表"), el("th", {}, "行"), el("th", {}, "列"), el("th", { class: "n" }, d.previous.year), el("th", { class: "n" }, r.year), el("th", { class: "n" }, "变化"))),
      el("tbody", {}, changed.slice(0, 200).map((c) => el("tr", {}, el("td", {}, c.table), el("td", {}, c.row), el("td", {}, c.column),
        el("td", { class: "n" }, c.a === null ? "（" + c.kind_a + "）" : num(c.a)), el("td", { class: "n" }, c.b === null ? "（" + c.kind_b + "）" : num(c.b)),
        el("td", { class: "n" }, c.delta === null ? "" : (c.delta > 0 ? "+" : "") + num(c.delta)))))));
  }
  show(parts);
}

/* ---- 统计 ---- */

function funnelChart(f) {
  const W = 640, H = 360, L = 64, R = 16, T = 34, B = 52;
  const xs = f.points.map((p) => p.total).concat(f.limits.map((l) => l[0]));
  const x0 = Math.log10(Math.max(1, Math.min(...xs))), x1 = Math.log10(Math.max(...xs) * 1.05);
  const rates = f.points.map((p) => p.events / p.total);
  const yMax = Math.min(1, Math.max(f.target * 2, ...rates, ...f.limits.map((l) => l[4]).filter((v) => v !== null && v < 1)) * 1.08 || 1);
  const X = (n) => L + (Math.log10(n) - x0) / (x1 - x0 || 1) * (W - L - R);
  const Y = (p) => T + (1 - Math.min(p, yMax) / yMax) * (H - T - B);
  const line = (idx, cls) => svg("polyline", { class: cls, points: f.limits.filter((l) => l[idx] !== null).map((l) => X(l[0]).toFixed(1) + "," + Y(l[idx]).toFixed(1)).join(" ") });
  const g = svg("svg", { viewBox: "0 0 " + W + " " + H, class: "funnel", role: "img", "aria-label": f.label + "漏斗图：" + f.group });
  g.append(svg("text", { x: L, y: 18, class: "title" }, f.label, " · ", f.group, "（", f.points_total, " 个单位",
    f.points.length < f.points_total ? "，图上画出全部超限单位和其余的均匀抽样，共 " + f.points.length + " 个" : "", "）"));
  g.append(svg("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, class: "axis" }), svg("line", { x1: L, y1: T, x2: L, y2: H - B, class: "axis" }));
  // y: a step of 1, 2 or 5 × 10^k percent giving 4–8 ticks; x: 1, 2, 5 × 10^k on the log axis
  const raw = yMax * 100 / 5, mag = 10 ** Math.floor(Math.log10(raw)), step = [1, 2, 5, 10].map((m) => m * mag).find((v) => v >= raw) / 100;
  for (let p = 0; p <= yMax + 1e-9; p += step) {
    g.append(svg("line", { x1: L, x2: W - R, y1: Y(p), y2: Y(p), class: "grid" }));
    g.append(svg("text", { x: L - 6, y: Y(p) + 4, class: "tick", "text-anchor": "end" }, +(p * 100).toFixed(1) + "%"));
  }
  for (let e = Math.floor(x0); e <= Math.ceil(x1); e++)
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (Math.log10(v) < x0 || Math.log10(v) > x1) continue;
      g.append(svg("text", { x: X(v), y: H - B + 16, class: "tick", "text-anchor": "middle" }, num(v)));
      g.append(svg("line", { x1: X(v), x2: X(v), y1: H - B, y2: H - B + 4, class: "axis" }));
    }
  g.append(svg("text", { x: (L + W - R) / 2, y: H - 12, class: "label", "text-anchor": "middle" }, "办理申请总数（件，对数刻度）；不足 " + f.min_total + " 件的单位不评"));
  g.append(svg("text", { x: 14, y: (T + H - B) / 2, class: "label", transform: "rotate(-90 14 " + (T + H - B) / 2 + ")", "text-anchor": "middle" }, f.label));
  g.append(line(3, "lim998"), line(4, "lim998"), line(1, "lim95"), line(2, "lim95"));
  g.append(svg("line", { x1: L, x2: W - R, y1: Y(f.target), y2: Y(f.target), class: "target" }));
  for (const p of f.points) {
    const dot = svg("circle", { cx: X(p.total).toFixed(1), cy: Y(p.events / p.total).toFixed(1), r: p.flagged ? 5 : 3, class: p.flagged ? "flagged" : "dot" },
      svg("title", {}, p.name + "：" + pct(p.events / p.total) + "（" + num(p.events) + "/" + num(p.total) + "）" + (p.flagged ? "，超出控制限" : "")));
    if (p.flagged) {
      const a = svg("a", { href: "#/unit/" + p.sha256, class: "flag-link" }, dot);
      g.append(a);
    } else g.append(dot);
  }
  return el("figure", { class: "chart" }, g,
    el("figcaption", {}, "实线：95% 控制限；虚线：99.8% 控制限；横线：同级合计比例 ", pct(f.target), "。红点为超出控制限的单位（点击查看）。数据来源：本库已审核的年度报告。"));
}

async function stats(q) {
  const region = q.get("region") || "";
  const year = q.get("year") || (session.years[0] ? session.years[0].year : "");
  if (!session.years.length) { show(el("h2", {}, "统计"), el("p", { class: "empty" }, "还没有报告。")); return; }
  const [d, o] = await Promise.all([api("/api/stats?" + new URLSearchParams({ region, year })), api("/api/outliers?" + new URLSearchParams({ region, year }))]);
  const regionInput = el("input", { type: "text", id: "region", class: "wide", value: region, placeholder: "地区代码，如 3208；不填为全部地区", pattern: "[0-9]{0,9}", "aria-label": "地区代码" });
  const parts = [el("h2", {}, "统计 · ", d.region_name || "全部地区", " · ", d.year, " 年度"),
    el("form", { class: "toolbar", onsubmit: (e) => { e.preventDefault(); go("/stats", { region: regionInput.value.trim(), year }); } },
      el("label", {}, "年度 ", yearSelect(d.year, (y) => go("/stats", { region, year: y }))), regionInput, el("button", { type: "submit" }, "查看")),
    el("p", { class: "hint" }, "每个单位只和数据库里所有同级同类单位比较（乡镇街道和乡镇街道比，县公安局和县公安局比）；地区只决定列出哪些单位。从",
      el("a", { href: "#/overview?" + new URLSearchParams({ region, year: d.year }) }, "总览"), "点下级地区，再点“本地区统计”，不必记地区代码。")];
  parts.push(el("h3", {}, "数据异常的单位（", o.flags.length, "）"));
  if (!o.flags.length) parts.push(el("p", { class: "empty" }, "没有单位的数据明显偏离同级单位。"));
  else parts.push(el("ul", { class: "flags", id: "outliers" }, o.flags.map((f) => el("li", {}, el("a", { href: "#/unit/" + f.sha256 }, f.name), "：", f.message))));
  parts.push(el("h3", {}, "比例的漏斗图"));
  if (!d.funnels.length) parts.push(el("p", { class: "empty" }, "没有哪一组有足够的单位（每个单位至少 30 件申请）画漏斗图。"));
  for (const f of d.funnels) parts.push(funnelChart(f));
  parts.push(el("h3", {}, "各同级组的分布"));
  for (const g of d.groups) {
    parts.push(el("h4", {}, g.name, "（本组 ", g.size, " 个单位，所选地区 ", g.in_region, " 个）"));
    parts.push(el("table", { class: "grid dist" },
      el("thead", {}, el("tr", {}, ["项目", "单位数", "最小", "下四分位", "中位数", "上四分位", "最大"].map((h, i) => el("th", { class: i ? "n" : "" }, h)))),
      el("tbody", {}, g.figures.map((f) => el("tr", {}, el("td", {}, f.label, "（", f.unit, "）"), [f.n, f.min, f.q1, f.median, f.q3, f.max].map((v) => el("td", { class: "n" }, num(v))))))));
  }
  show(parts);
}

/* ---- 上传 ---- */

const ACCEPT = /\.(txt|md|markdown|html?|pdf|docx|zip)$/i;

async function entryFiles(entry, prefix, out) {
  if (entry.isFile) {
    await new Promise((ok) => entry.file((f) => { out.push({ file: f, name: prefix + f.name }); ok(); }, ok));
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) {
      const batch = await new Promise((ok) => reader.readEntries(ok, () => ok([])));
      if (!batch.length) break;
      for (const e of batch) await entryFiles(e, prefix + entry.name + "/", out);
    }
  }
}

function upload() {
  const list = el("tbody", {});
  const bar = el("progress", { id: "progress", max: 1, value: 0 });
  const status = el("p", { id: "upload-status", role: "status" }, "还没有选择文件。");
  const refusedBox = el("div", { id: "refused" });
  const files = el("input", { type: "file", id: "files", multiple: true, accept: ".txt,.md,.html,.htm,.pdf,.docx,.zip" });
  const folder = el("input", { type: "file", id: "folder", webkitdirectory: true, multiple: true });
  const drop = el("div", { class: "drop", id: "drop", tabindex: "0" }, "把年度报告文件、文件夹或 zip 压缩包拖到这里", el("br"), el("span", { class: "hint" }, "支持 .txt .html .pdf .docx 和 .zip；单个文件不超过 64 MB"));
  let busy = false;

  async function send(items) {
    if (busy) return;
    busy = true;
    list.replaceChildren();
    refusedBox.replaceChildren();
    const refused = [];
    let done = 0, loaded = 0, unchanged = 0;
    bar.max = items.length || 1;
    bar.value = 0;
    const row = (name, outcome, detail, cls) => list.append(el("tr", { class: cls }, el("td", {}, name), el("td", {}, outcome), el("td", {}, detail)));
    for (const it of items) {
      status.textContent = "正在上传并读取第 " + (done + 1) + " 个，共 " + items.length + " 个：" + it.name;
      if (!ACCEPT.test(it.name)) {
        refused.push([it.name, "不是年度报告的文件类型（请用 .txt .html .pdf .docx 或 .zip；.doc/.wps 请先另存为 .docx）"]);
        row(it.name, "拒收", refused[refused.length - 1][1], "bad");
      } else if (it.file.size > session.max_upload) {
        refused.push([it.name, "超过 64 MB 上限"]);
        row(it.name, "拒收", "超过 64 MB 上限", "bad");
      } else {
        try {
          const r = await api("/api/upload?name=" + encodeURIComponent(it.name), { method: "POST", body: it.file });
          for (const f of r.files) {
            const shown = r.files.length > 1 || f.name !== r.name ? it.name + " › " + f.name : it.name;
            if (f.outcome === "refused") { refused.push([shown, f.reason]); row(shown, "拒收", f.reason, "bad"); }
            else {
              if (f.outcome === "unchanged") unchanged++; else loaded++;
              row(shown, f.outcome === "unchanged" ? "已有，未变" : "已载入", (f.agency || "（未识别单位）") + " · " + f.year + " 年度", "");
            }
          }
        } catch (e) {
          refused.push([it.name, e.message]);
          row(it.name, "拒收", e.message, "bad");
        }
      }
      done++;
      bar.value = done;
    }
    status.textContent = "上传完成：新载入 " + loaded + " 份，已有未变 " + unchanged + " 份，拒收 " + refused.length + " 个。正在审核……";
    if (refused.length) refusedBox.replaceChildren(el("div", { class: "refusals", role: "alert" }, el("h3", {}, "被拒收的文件（", refused.length, "）"),
      el("ul", {}, refused.map(([n, why]) => el("li", {}, el("strong", {}, n), "：", why)))));
    try {
      const c = await api("/api/check", { method: "POST" });
      session = await api("/api/session");
      status.replaceChildren("上传完成：新载入 " + loaded + " 份，已有未变 " + unchanged + " 份，拒收 " + refused.length + " 个。审核完成：共 " + c.reports + " 份报告，待整改错误 " + c.errors + " 项。",
        el("a", { href: "#/overview", id: "to-overview" }, "去总览查看"));
    } catch (e) { status.textContent += " 审核没有完成：" + e.message; }
    busy = false;
  }

  files.addEventListener("change", () => send([...files.files].map((f) => ({ file: f, name: f.name }))));
  folder.addEventListener("change", () => send([...folder.files].filter((f) => !f.name.startsWith(".")).map((f) => ({ file: f, name: f.webkitRelativePath || f.name }))));
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", async (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const out = [];
    const entries = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
    if (entries.length) for (const en of entries) await entryFiles(en, "", out);
    else for (const f of e.dataTransfer.files) out.push({ file: f, name: f.name });
    send(out.filter((x) => !x.name.split("/").pop().startsWith(".")));
  });
  show(el("h2", {}, "上传年度报告"),
    el("p", {}, "上传后自动读取表格、存入数据库并审核。同一文件重复上传不会重复计入。"),
    drop,
    el("p", { class: "pickers" }, el("label", {}, "选择文件：", files), " ", el("label", {}, "选择文件夹：", folder)),
    bar, status, refusedBox,
    el("table", { class: "grid", id: "upload-results" }, el("thead", {}, el("tr", {}, el("th", {}, "文件"), el("th", {}, "结果"), el("th", {}, "单位或原因"))), list));
}

/* ---- routing ---- */

async function route() {
  const seq = ++routeSeq;
  const { path, q } = params();
  for (const a of document.querySelectorAll("header nav a")) a.classList.toggle("here", path.startsWith(a.getAttribute("href").slice(1)) || (path.startsWith("/unit") && a.id === "nav-overview"));
  try {
    if (!session) session = await api("/api/session");
    document.getElementById("db").textContent = "数据库：" + session.database + "（" + session.reports + " 份报告）";
    if (path.startsWith("/unit/")) await unit(path.slice(6));
    else if (path === "/stats") await stats(q);
    else if (path === "/upload") upload();
    else await overview(q);
    document.body.dataset.ready = path;
  } catch (e) {
    if (seq !== routeSeq) return;   /* left while its year was read: the new route shows */
    show(failure(e));
    document.body.dataset.ready = "error";
  }
}

window.addEventListener("hashchange", () => { document.body.dataset.ready = ""; route(); });
route();
