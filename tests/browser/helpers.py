"""What the browser tests share: logging staff in, the captcha, the ORM beside Playwright."""

from concurrent.futures import ThreadPoolExecutor

from captcha.models import CaptchaStore


def in_thread(function, *args):
    """The ORM refuses to run beside Playwright's event loop: ask it from another thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def captcha_answer(hashkey):
    return CaptchaStore.objects.get(hashkey=hashkey).response


def solve_captcha(page):
    page.fill("input[name=captcha_1]", in_thread(captcha_answer, page.input_value("input[name=captcha_0]")))


def login(browser, admin, username):
    """A staff member's desktop page, logged in (factories' password "pw")."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(f"{admin}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(f"{admin}/")
    return page
