from tests.test_browser import *  # noqa
def test_dbg(page, site_url, watch):
    open_page(page, site_url + "/")
    open_search(page)
    search(page, "Dakhnovsky")
    print("\nRESULTS", page.locator(".md-search-result__meta").inner_text())
    for h in page.locator(".md-search-result__item > a").all():
        print("  ", h.get_attribute("href"))
    page.locator(".md-search-result__item > a").first.click()
    page.wait_for_load_state("networkidle")
    print("URL", page.url)
    for u in watch.requests: print("REQ", u)
    print(watch.console_errors, watch.failed)
