"""Photos that show no one: the volunteer blurs parts of a photo on the phone before it goes
(static/js/blur.js), and the photo the server stores is blurred there and sharp elsewhere.

The photo is a checkerboard of 8-pixel squares: every edge in it is as sharp as an edge can
be. Sharpness is measured as edge energy, the mean difference between neighbouring pixels."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat
from playwright.sync_api import Browser, Locator, Page, expect

from signalen.models import Signal

from ..conftest import World
from .helpers import assert_accessible, controlled, log_in, until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIZARD = "/signalen/nieuw/"
# The blurring's script, fetched through the service worker as the page fetches it.
SERVER_ANSWERS = """() => fetch(document.querySelector("[data-blur-script]").dataset.blurScript,
                                {cache: "no-store"}).then(r => r.ok, () => false)"""
SIZE = (1200, 900)  # within 2048 px: the phone and the server keep this size
SQUARE = 8


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    right: int
    bottom: int

    def inner(self, margin: int) -> Box:
        """Away from the edges, where a pixel or two of rounding between the screen and
        the photo does not matter."""
        return Box(self.left + margin, self.top + margin, self.right - margin, self.bottom - margin)

    def overlaps(self, other: Box) -> bool:
        return not (
            self.right <= other.left
            or other.right <= self.left
            or self.bottom <= other.top
            or other.bottom <= self.top
        )


def checkerboard() -> Image.Image:
    image = Image.new("RGB", SIZE, (255, 255, 255))
    for y in range(0, SIZE[1], SQUARE):
        for x in range((y // SQUARE) % 2 * SQUARE, SIZE[0], 2 * SQUARE):
            image.paste((0, 0, 0), (x, y, x + SQUARE, y + SQUARE))
    return image


def edge_energy(image: Image.Image, box: Box) -> float:
    gray = image.convert("L").crop((box.left, box.top, box.right, box.bottom))
    right = ImageChops.difference(gray.crop((1, 0, gray.width, gray.height)),
                                  gray.crop((0, 0, gray.width - 1, gray.height)))  # fmt: skip
    down = ImageChops.difference(gray.crop((0, 1, gray.width, gray.height)),
                                 gray.crop((0, 0, gray.width, gray.height - 1)))  # fmt: skip
    return (ImageStat.Stat(right).mean[0] + ImageStat.Stat(down).mean[0]) / 2


def stored_photo() -> Image.Image:
    (photo,) = Signal.objects.latest("pk").photos.all()
    with photo.image.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


def fill_report(page: Page) -> None:
    page.get_by_role("button", name="Geen acuut gevaar: verder").click()
    page.get_by_label("Inbraakrisico").check()
    page.get_by_role("button", name="Verder").first.click()
    page.get_by_label("Straat").fill("Molenweg")
    page.locator("fieldset:not([hidden])").get_by_role("button", name="Verder").click()
    page.get_by_label("Wat zag je?").fill("Ladder tegen de achtergevel, raam erboven open.")


def previews(page: Page) -> Locator:
    return page.get_by_role("list", name="Foto's").get_by_role("listitem")


def choose(page: Page, photo: Path) -> None:
    """The photo chosen: it shows with the question."""
    page.get_by_label("Foto's (niet verplicht, hoogstens 5)").set_input_files(str(photo))
    expect(previews(page).get_by_role("img", name="Foto 1")).to_be_visible()
    expect(previews(page).get_by_text("Staan er mensen of kentekens op?")).to_be_visible()


def open_blur(page: Page) -> Locator:
    previews(page).get_by_role("button", name="Maak delen onherkenbaar").click()
    dialog = page.get_by_role("dialog", name="Delen van foto 1 onherkenbaar maken")
    expect(dialog).to_be_visible()
    return dialog


def on_photo(canvas: Locator, fx: float, fy: float) -> tuple[float, float]:
    """A point on the canvas as the page has it, at fractions of the photo's width and height."""
    shown = canvas.bounding_box()
    assert shown is not None
    return shown["x"] + fx * shown["width"], shown["y"] + fy * shown["height"]


def in_photo(fx0: float, fy0: float, fx1: float, fy1: float) -> Box:
    width, height = SIZE
    return Box(round(fx0 * width), round(fy0 * height), round(fx1 * width), round(fy1 * height))


def drag_with_mouse(page: Page, canvas: Locator, start, end) -> None:
    page.mouse.move(*on_photo(canvas, *start))
    page.mouse.down()
    page.mouse.move(*on_photo(canvas, *end), steps=8)
    page.mouse.up()


def drag_with_finger(page: Page, canvas: Locator, start, end) -> None:
    """A real touch, as a phone's screen sends it (pointer events of type "touch")."""
    cdp = page.context.new_cdp_session(page)

    def touch(kind: str, *points: tuple[float, float]) -> None:
        touch_points = [{"x": x, "y": y} for x, y in points]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": touch_points})

    (x0, y0), (x1, y1) = on_photo(canvas, *start), on_photo(canvas, *end)
    touch("touchStart", (x0, y0))
    for step in range(1, 9):
        touch("touchMove", (x0 + (x1 - x0) * step / 8, y0 + (y1 - y0) * step / 8))
    touch("touchEnd")
    cdp.detach()


def assert_blurred_only_in(image: Image.Image, blurred: list[Box], sharp: list[Box]) -> None:
    assert image.size == SIZE
    original = edge_energy(checkerboard(), Box(0, 0, *SIZE))
    for box in blurred:
        energy = edge_energy(image, box.inner(12))
        assert energy < 0.05 * original, f"{box} is not blurred: {energy:.1f} of {original:.1f}"
    for box in sharp:
        assert not any(box.overlaps(other) for other in blurred)
        energy = edge_energy(image, box)
        assert energy > 0.8 * original, f"{box} is not sharp: {energy:.1f} of {original:.1f}"


def test_a_region_blurred_with_a_finger_is_blurred_in_the_photo_that_was_queued_and_sent(
    browser: Browser, live_server, world: World, tmp_path
):
    """On a phone with a touch screen, the connection coming and going. Blurring loads once
    photos are chosen: without a connection, and never loaded before, the photo says it does
    not work now, and the button works once the connection is back. Sent without a
    connection, the report waits in the send queue with the blurred photo, and that is the
    photo that arrives."""
    photo = tmp_path / "street.png"
    checkerboard().save(photo, "PNG")
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    log_in(page, live_server.url, world.volunteer.email)
    controlled(page)
    page.goto(f"{live_server.url}{WIZARD}")  # opened once with a connection: kept
    before = Signal.objects.count()

    context.set_offline(True)
    page.goto(f"{live_server.url}{WIZARD}")  # from the phone's copy
    fill_report(page)
    choose(page, photo)
    no_connection = previews(page).get_by_text("Onherkenbaar maken lukt nu niet")
    expect(no_connection).to_be_visible()
    previews(page).get_by_role("button", name="Maak delen onherkenbaar").click()  # again
    expect(no_connection).to_be_visible()
    expect(page.get_by_role("dialog")).to_be_hidden()

    context.set_offline(False)
    until(lambda: page.evaluate(SERVER_ANSWERS), "the service worker reaching the server")
    dialog = open_blur(page)
    expect(no_connection).to_be_hidden()
    canvas = dialog.get_by_role("img", name="Foto 1")
    drag_with_finger(page, canvas, (0.1, 0.15), (0.45, 0.6))
    expect(dialog.get_by_text("Delen onherkenbaar gemaakt: 1.")).to_be_visible()
    assert_accessible(page)
    context.set_offline(True)
    dialog.get_by_role("button", name="Klaar").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_text("Delen onherkenbaar gemaakt: 1. Alleen deze versie")).to_be_visible()
    expect(page.get_by_role("button", name="Maak delen onherkenbaar")).to_be_focused()
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.get_by_role("heading", name="Verstuurd zodra je bereik hebt")).to_be_visible()

    context.set_offline(False)
    until(lambda: Signal.objects.count() == before + 1, "the signal arriving", 45)
    assert_blurred_only_in(
        stored_photo(),
        blurred=[in_photo(0.1, 0.15, 0.45, 0.6)],
        sharp=[in_photo(0.55, 0.1, 0.95, 0.9), in_photo(0.05, 0.7, 0.5, 0.95)],
    )
    context.close()


def test_regions_blurred_with_the_mouse_and_the_keyboard_are_blurred_in_the_stored_photo(
    browser: Browser, live_server, world: World, tmp_path
):
    """At a desk: one rectangle dragged with the mouse, one dragged by mistake and undone,
    and the keyboard's box moved to the right and made taller; the page opened again in
    between, from the draft."""
    photo = tmp_path / "street.png"
    checkerboard().save(photo, "PNG")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in(page, live_server.url, world.volunteer.email)
    page.goto(f"{live_server.url}{WIZARD}")
    fill_report(page)
    choose(page, photo)
    dialog = open_blur(page)
    canvas = dialog.get_by_role("img", name="Foto 1")

    drag_with_mouse(page, canvas, (0.6, 0.05), (0.9, 0.25))  # the wrong place
    expect(dialog.get_by_text("Delen onherkenbaar gemaakt: 1.")).to_be_visible()
    dialog.get_by_role("button", name="Ongedaan maken").click()
    expect(dialog.get_by_text("Delen onherkenbaar gemaakt")).to_be_hidden()
    drag_with_mouse(page, canvas, (0.05, 0.1), (0.35, 0.6))

    # The keyboard's box: a third of the photo's height, in the middle, at 450-750 by
    # 300-600; a step is a twentieth of the height (45 px).
    dialog.get_by_role("button", name="Met het toetsenbord").click()
    expect(dialog.get_by_text("Verplaats het vak met de pijltjestoetsen.")).to_be_visible()
    expect(dialog.get_by_role("button", name="Maak dit vak onherkenbaar")).to_be_focused()
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    for _ in range(2):
        page.keyboard.press("Shift+ArrowDown")
    page.keyboard.press("Enter")
    expect(dialog.get_by_text("Delen onherkenbaar gemaakt: 2.")).to_be_visible()
    assert_accessible(page)
    dialog.get_by_role("button", name="Klaar").click()
    expect(page.get_by_text("Delen onherkenbaar gemaakt: 2. Alleen deze versie")).to_be_visible()

    # The draft on the device holds the blurred copy, not the original.
    page.wait_for_timeout(1000)  # the draft is saved a moment after the change
    page.reload()
    expect(page.get_by_text("Wat je eerder invulde, staat er weer")).to_be_visible()
    page.get_by_role("button", name="Geen acuut gevaar: verder").click()
    page.get_by_role("button", name="Verder").first.click()
    page.locator("fieldset:not([hidden])").get_by_role("button", name="Verder").click()
    expect(previews(page).get_by_role("img", name="Foto 1")).to_be_visible()
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.get_by_text("Dank je! Je signaal is doorgegeven.")).to_be_visible()

    assert_blurred_only_in(
        stored_photo(),
        blurred=[in_photo(0.05, 0.1, 0.35, 0.6), Box(810, 300, 1110, 690)],
        sharp=[in_photo(0.6, 0.05, 0.9, 0.25), Box(420, 720, 780, 880)],
    )
    context.close()


def test_the_photo_limits_hold_with_the_previews(page: Page, live_server, world: World, tmp_path):
    """Six photos are one too many: the server's answer says so beside them, until another
    choice. A care category takes the photos away (previews and all), and they do not come
    back with another category."""
    photos = []
    for number in range(6):
        photos.append(tmp_path / f"photo-{number}.png")
        checkerboard().resize((120, 90)).save(photos[-1], "PNG")
    log_in(page, live_server.url, world.volunteer.email)
    page.goto(f"{live_server.url}{WIZARD}")
    fill_report(page)
    field = page.get_by_label("Foto's (niet verplicht, hoogstens 5)")
    field.set_input_files([str(p) for p in photos])
    expect(previews(page)).to_have_count(6)
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.get_by_text("Je foto's zijn er nog.")).to_be_visible()
    expect(previews(page)).to_have_count(6)
    expect(page.get_by_text("Hoogstens vijf foto's.")).to_be_visible()
    field.set_input_files([str(p) for p in photos[:2]])
    expect(previews(page)).to_have_count(2)
    expect(page.get_by_text("Hoogstens vijf foto's.")).to_be_hidden()

    for _step in range(2):
        page.locator("fieldset:not([hidden])").get_by_role("button", name="Terug").click()
    page.get_by_label("Zorgen om een bewoner").check()
    page.get_by_label("Inbraakrisico").check()
    page.get_by_role("button", name="Verder").first.click()
    page.locator("fieldset:not([hidden])").get_by_role("button", name="Verder").click()
    expect(field).to_be_visible()
    expect(previews(page)).to_have_count(0)
    expect(page.get_by_text("Foto's klaar om te versturen")).to_be_hidden()
    page.get_by_role("button", name="Signaal versturen").click()
    expect(page.get_by_text("Dank je! Je signaal is doorgegeven.")).to_be_visible()
    assert Signal.objects.latest("pk").photos.count() == 0
