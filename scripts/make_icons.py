"""Draw the cluster's icons into cluster/static/icons/: a red rounded square with a white
government building (pediment with a red star, four columns, steps). Run once; the files are
committed: .venv/bin/python scripts/make_icons.py"""

from pathlib import Path

from PIL import Image, ImageDraw

RED = "#b5121b"
WHITE = "#ffffff"
SIZE = 512  # the drawing's own units
OUT = Path(__file__).resolve().parents[1] / "cluster" / "static" / "icons"


def star(cx, cy, outer, inner):
    from math import cos, pi, sin

    points = []
    for n in range(10):
        radius = outer if n % 2 == 0 else inner
        angle = -pi / 2 + n * pi / 5
        points.append((round(cx + radius * cos(angle), 1), round(cy + radius * sin(angle), 1)))
    return points


# (kind, coordinates) in the 512 drawing; the same shapes make the PNGs and the SVG.
ROOF = [(88, 212), (256, 100), (424, 212)]
STAR = star(256, 174, 26, 10.5)
RECTS = [
    (108, 222, 404, 248),  # architrave
    *[(x, 258, x + 36, 372) for x in (132, 204, 272, 344)],  # columns
    (100, 382, 412, 404),  # steps
    (80, 412, 432, 436),
]
RADIUS = 104


def draw_png(size, radius=RADIUS):
    scale = 4  # drawn large and scaled down: smooth edges without anti-aliasing of its own
    big = size * scale
    factor = big / SIZE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=radius * factor, fill=RED)
    draw.polygon([(x * factor, y * factor) for x, y in ROOF], fill=WHITE)
    draw.polygon([(x * factor, y * factor) for x, y in STAR], fill=RED)
    for x0, y0, x1, y1 in RECTS:
        draw.rectangle((x0 * factor, y0 * factor, x1 * factor - 1, y1 * factor - 1), fill=WHITE)
    return image.resize((size, size), Image.LANCZOS)


def svg():
    def points(shape):
        return " ".join(f"{x:g},{y:g}" for x, y in shape)

    rects = "".join(
        f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="{WHITE}"/>' for x0, y0, x1, y1 in RECTS
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}">'
        f'<rect width="{SIZE}" height="{SIZE}" rx="{RADIUS}" fill="{RED}"/>'
        f'<polygon points="{points(ROOF)}" fill="{WHITE}"/><polygon points="{points(STAR)}" fill="{RED}"/>'
        f"{rects}</svg>\n"
    )


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size in (("apple-touch-icon.png", 180), ("icon-192.png", 192), ("icon-512.png", 512)):
        if name == "apple-touch-icon.png":  # iOS rounds the corners itself and draws transparency black
            draw_png(size, radius=0).convert("RGB").save(OUT / name, optimize=True)
        else:
            draw_png(size).save(OUT / name, optimize=True)
    draw_png(256).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    (OUT / "icon.svg").write_text(svg(), encoding="utf-8")
    print(f"图标已生成：{OUT}")


if __name__ == "__main__":
    main()
