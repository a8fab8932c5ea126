#!/usr/bin/python3
"""serve_browser.py URL YEAR SHA0 OUTDIR FIXTURES HOLD -- xxgk serve's pages in headless Chromium
(issue 15, deliverable 4), driven by python3-selenium and chromium-driver.

The server is started holding its first read of a year until the file HOLD exists: the first
page shows that its year is being read, how far, and then itself (issue 15, item 5). Then the
way a county office uses it: upload the shipped fixtures (and one file that
is not a report) on 上传 and see each file's outcome and the refusal; find seed
000 (分水镇) on 总览 and open its 单位 page; see its （七）总计 error (the
document prints 0 0 0 0 0 0 2, DOMAIN.md) with the blamed cell marked in table 3
and its source line on hover; set the finding to 已整改 with a name and a note;
reload and see it kept; download the review workbook from 总览 and find the
change in it (python3-openpyxl); see 统计 with its SVG funnel plots, flagged
bodies linking to their pages. A screenshot of each page goes to OUTDIR.
Prints one line per failure and exits 1 if any check failed."""
import base64
import glob
import os
import sys
import time

import openpyxl
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

url, year, sha0, outdir, fixtures, hold = sys.argv[1:7]
failures = []


def check(what, cond):
    if not cond:
        failures.append(what)
        print("FAIL:", what, flush=True)


opts = webdriver.ChromeOptions()
for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
          "--window-size=1280,1600", "--lang=zh-CN", "--no-first-run", "--disable-extensions"):
    opts.add_argument(a)
downloads = os.path.join(outdir, "downloads")
os.makedirs(downloads, exist_ok=True)
opts.add_experimental_option("prefs", {"download.default_directory": downloads,
                                       "download.prompt_for_download": False})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
wait = WebDriverWait(driver, 120)


def nav(hash_):
    """Opens url + hash_ after clearing the page's ready mark, so that ready() waits for the new
    page even when only the query changes (same path, same mark). The same hash again is no
    navigation at all: the mark stays."""
    driver.execute_script("if (document.body && location.hash !== arguments[0]) document.body.dataset.ready = ''",
                          hash_[1:])
    driver.get(url + hash_)


def ready(path):
    """Waits until the page says it has drawn `path` (body[data-ready])."""
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") in (path, "error"))
    return driver.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == path


def shot(name):
    # the whole page, not only the window (DevTools: capture beyond the viewport)
    h = driver.execute_script("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")
    png = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": 1280, "height": min(max(h, 800), 8000), "scale": 1}})
    with open(os.path.join(outdir, name), "wb") as f:
        f.write(base64.b64decode(png["data"]))


try:
    # ---- the first page while the server reads its year ----
    nav("/#/overview")
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") in ("loading", "error"))
    text = driver.find_element(By.ID, "main").text
    check("while the year is read the page says so: " + text, "正在读取" in text and "%" in text)
    check("with a progress bar", len(driver.find_elements(By.CSS_SELECTOR, "#loading progress")) == 1)
    shot("serve-loading.png")
    open(hold, "w").close()
    check("then it draws the overview by itself", ready("/overview"))

    # ---- 上传 ----
    nav("/#/upload")
    check("upload page drawn", ready("/upload"))
    bad = os.path.join(outdir, "扫描件.png")
    with open(bad, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    files = sorted(glob.glob(fixtures + "/seeds/*.txt")) + sorted(glob.glob(fixtures + "/corpus/*.txt")) + [bad]
    driver.find_element(By.ID, "files").send_keys("\n".join(files))
    wait.until(lambda d: "审核完成" in d.find_element(By.ID, "upload-status").text
               or "没有完成" in d.find_element(By.ID, "upload-status").text)
    status = driver.find_element(By.ID, "upload-status").text
    check("upload finished and checked: " + status, "审核完成" in status)
    rows = driver.find_elements(By.CSS_SELECTOR, "#upload-results tbody tr")
    check("a result row per file (%d rows, %d files)" % (len(rows), len(files)), len(rows) == len(files))
    refused = driver.find_element(By.ID, "refused").text
    check("the PNG is listed as refused with a reason: " + refused, "扫描件.png" in refused and "：" in refused)
    check("progress bar full", driver.find_element(By.ID, "progress").get_attribute("value")
          == driver.find_element(By.ID, "progress").get_attribute("max"))
    shot("serve-upload.png")

    # ---- 总览 ----
    nav("/#/overview?region=420984&year=" + year)
    check("overview drawn", ready("/overview"))
    text = driver.find_element(By.ID, "main").text
    check("overview names 汉川市", "汉川市" in text)
    link = driver.find_element(By.CSS_SELECTOR, "#bodies a.unit-link[href='#/unit/%s']" % sha0)
    check("seed 000 listed as 分水镇", link.text == "分水镇")
    row = link.find_element(By.XPATH, "ancestor::tr")
    check("its errors counted on the row", int(row.find_elements(By.TAG_NAME, "td")[4].text) >= 1)
    nav("/#/overview?year=" + year)
    ready("/overview")
    shot("serve-overview.png")
    # paged on the server: 50 rows of the year, and the next 50 a click away
    rows = driver.find_elements(By.CSS_SELECTOR, "#bodies tbody tr")
    pager = driver.find_element(By.CSS_SELECTOR, "p.pager").text
    check("the year's first page is 50 rows (%d) of more: %s" % (len(rows), pager),
          len(rows) == 50 and pager.startswith("第 1–50 个"))
    first = rows[0].text
    driver.find_element(By.XPATH, "//p[@class='pager']/button[text()='下一页']").click()
    check("下一页 draws the next page", ready("/overview"))
    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "p.pager").text.startswith("第 51–"))
    rows = driver.find_elements(By.CSS_SELECTOR, "#bodies tbody tr")
    check("with other rows", 0 < len(rows) <= 50 and rows[0].text != first)
    nav("/#/overview?region=420984&year=" + year)
    ready("/overview")
    driver.find_element(By.CSS_SELECTOR, "#bodies a.unit-link[href='#/unit/%s']" % sha0).click()

    # ---- 单位 ----
    check("unit page drawn", ready("/unit/" + sha0))
    findings = driver.find_element(By.ID, "findings")
    cards = [c for c in findings.find_elements(By.CSS_SELECTOR, "li.finding") if "（七）总计行" in c.text]
    check("the （七）总计 error is listed", len(cards) == 1)
    card = cards[0]
    check("it is an error, open", "sev-error" in card.get_attribute("class") and "st-open" in card.get_attribute("class"))
    cell = driver.find_element(By.CSS_SELECTOR, "#t3 td[data-path='applications.total_processed.total']")
    check("（七）总计 printed as 2", cell.text == "2")
    check("its source line on hover: " + (cell.get_attribute("title") or ""), "原文第" in (cell.get_attribute("title") or ""))
    blamed = driver.find_elements(By.CSS_SELECTOR, "#t3 td.culprit")
    check("the blamed cell is marked in table 3", len(blamed) >= 1)
    shot("serve-unit.png")
    Select(card.find_element(By.CSS_SELECTOR, "select.status")).select_by_visible_text("已整改")
    who = card.find_element(By.CSS_SELECTOR, "input.who")
    who.clear()
    who.send_keys("李四")
    card.find_element(By.CSS_SELECTOR, "input.note").send_keys("总计行已按各列之和更正")
    card.find_element(By.CSS_SELECTOR, "button.save").click()
    wait.until(lambda d: "已保存" in card.find_element(By.CSS_SELECTOR, ".said").text
               or "没有保存" in card.find_element(By.CSS_SELECTOR, ".said").text)
    said = card.find_element(By.CSS_SELECTOR, ".said").text
    check("status saved: " + said, "已保存" in said and "李四" in said and "已整改" in said)
    driver.refresh()
    ready("/unit/" + sha0)
    card = [c for c in driver.find_elements(By.CSS_SELECTOR, "#findings li.finding") if "（七）总计行" in c.text][0]
    check("after a reload the status is kept",
          Select(card.find_element(By.CSS_SELECTOR, "select.status")).first_selected_option.text == "已整改"
          and "李四" in card.find_element(By.CSS_SELECTOR, ".said").text)
    shot("serve-unit-status.png")

    # ---- the workbook, downloaded from 总览 ----
    nav("/#/overview?region=420984&year=" + year)
    ready("/overview")
    for f in glob.glob(downloads + "/*"):
        os.remove(f)
    driver.find_element(By.ID, "dl-workbook").click()
    deadline = time.monotonic() + 120
    got = []
    while time.monotonic() < deadline:
        got = [f for f in glob.glob(downloads + "/*.xlsx")]
        if got and not glob.glob(downloads + "/*.crdownload"):
            break
        time.sleep(0.2)
    check("the workbook was downloaded", len(got) == 1)
    if got:
        ws = openpyxl.load_workbook(got[0])["问题清单"]
        head = [c.value for c in ws[1]]
        rows = [dict(zip(head, [c.value for c in r])) for r in ws.iter_rows(min_row=2)]
        hit = [r for r in rows if r.get("状态") == "已整改" and r.get("处理人") == "李四"]
        check("the workbook holds the change (已整改, 李四)", len(hit) == 1 and "总计" in str(hit[0].get("说明")))

    # ---- 统计: reached from the overview by name, then the whole year ----
    nav("/#/overview?region=420984&year=" + year)
    ready("/overview")
    driver.find_element(By.ID, "to-stats").click()
    check("统计 of a region opens from its overview", ready("/stats"))
    check("and names the region: " + driver.find_element(By.TAG_NAME, "h2").text,
          "汉川市" in driver.find_element(By.TAG_NAME, "h2").text)
    nav("/#/stats?year=2024")
    check("stats drawn", ready("/stats"))
    charts = driver.find_elements(By.CSS_SELECTOR, "svg.funnel")
    check("funnel plots drawn (%d)" % len(charts), len(charts) >= 1)
    flagged = driver.find_elements(By.CSS_SELECTOR, "svg.funnel a.flag-link")
    outliers = driver.find_elements(By.CSS_SELECTOR, "#outliers li a")
    check("flagged bodies are listed and linked", len(outliers) >= 1)
    check("every flagged point is a link to its page", all(a.get_attribute("href").startswith("#/unit/") for a in flagged))
    shot("serve-stats.png")
    if outliers:
        href = outliers[0].get_attribute("href")
        outliers[0].click()
        check("a flagged body's link opens its page", ready("/unit/" + href.split("#/unit/")[1]))
    logs = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    check("no errors in the browser console: %s" % logs, not logs)
finally:
    driver.quit()

print("%d failed" % len(failures))
sys.exit(1 if failures else 0)
