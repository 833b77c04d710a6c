"""How light what WeasyPrint paints is: relative luminance (as WCAG measures contrast) of a colour, an image or a
gradient, and contrast between two of them."""
from __future__ import annotations

import io

Shade = tuple[float, float, float]  # the lowest and the highest luminance painted, and the highest opacity


def shade(ink, alpha: float, images: dict) -> Shade | None:
    """What ink painted with alpha shows; None when it paints nothing. An image, a gradient or an SVG whose
    colours are not all one is given the span of its luminances (0 to 1 when unknown), so that it is judged as
    opaque wherever it is not wholly transparent; images keeps raster images already looked at."""
    from tinycss2.color4 import Color
    from weasyprint.images import Gradient, RasterImage

    if isinstance(ink, Color):
        return None if not ink.alpha else (luminance(ink),) * 2 + (ink.alpha * alpha,)
    if isinstance(ink, Gradient):
        stops = [color for color in ink.colors if color.alpha]
        if not stops:
            return None
        lightness = [luminance(color) for color in stops]
        return min(lightness), max(lightness), max(color.alpha for color in stops) * alpha
    if isinstance(ink, RasterImage):
        if id(ink) not in images:
            images[id(ink)] = (ink, _raster(ink))  # the image is kept, so that its id is not reused
        found = images[id(ink)][1]
        return None if found is None else (found[0], found[1], found[2] * alpha)
    return 0.0, 1.0, alpha  # an SVG: its colours are not looked at


def _raster(image) -> Shade | None:
    """The luminances and opacity of a raster image's pixels, from its channels' extremes (luminance grows
    with each channel); None when every pixel is transparent."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(image.image_data.data)) as pixels:
            (red, green, blue, alpha) = pixels.convert("RGBA").getextrema()
    except (OSError, ValueError):
        return 0.0, 1.0, 1.0
    if alpha[1] == 0:
        return None
    low = _rgb(red[0] / 255, green[0] / 255, blue[0] / 255)
    return low, _rgb(red[1] / 255, green[1] / 255, blue[1] / 255), alpha[1] / 255


def over(lightness: float | None, alpha: float, ground: float | None) -> float | None:
    """What a colour painted with alpha over ground shows (blended as light, which the eye adds); None where an
    image is in it, unless painted over it opaquely."""
    alpha = min(max(alpha, 0.0), 1.0)
    if lightness is None or (ground is None and alpha < 1):
        return None
    return lightness if ground is None else alpha * lightness + (1 - alpha) * ground


def contrast(one: float, other: float) -> float:
    return (max(one, other) + 0.05) / (min(one, other) + 0.05)


def luminance(color) -> float:
    """Relative luminance (0 black to 1 white) of a colour as WeasyPrint paints it."""
    key = (color.space, tuple(color.coordinates))
    if key not in _LUMINANCES:  # a document has a handful of colours and thousands of pieces of text
        _LUMINANCES[key] = _luminance_of(color)
    return _LUMINANCES[key]


_LUMINANCES: dict[tuple, float] = {}


def _luminance_of(color) -> float:
    space, channels = color.space, tuple(color.coordinates)
    if space in ("srgb", "hsl", "hwb"):
        channels = color.to("srgb").coordinates
    elif space in ("xyz-d65", "xyz-d50"):
        return min(max(channels[1], 0.0), 1.0)
    elif space in ("lab", "lch", "oklab", "oklch"):
        lightness = color.to("lab").coordinates[0]
        return min(max(((lightness + 16) / 116) ** 3 if lightness > 8 else lightness / 903.3, 0.0), 1.0)
    elif len(channels) == 4:  # device-cmyk, or a CMYK profile
        cyan, magenta, yellow, black = channels
        channels = ((1 - cyan) * (1 - black), (1 - magenta) * (1 - black), (1 - yellow) * (1 - black))
    red, green, blue = (tuple(channels) + (0.0, 0.0, 0.0))[:3]  # other spaces: WeasyPrint paints them as sRGB
    return _rgb(red, green, blue)


def _rgb(red: float, green: float, blue: float) -> float:
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def _linear(channel: float) -> float:
    channel = min(max(channel, 0.0), 1.0)
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4
