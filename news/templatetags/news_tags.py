from django import template

register = template.Library()


@register.filter
def width_srcset(responsive_image):
    """A `srcset` for the renditions of `{% srcset_image … as name %}`, one per width: an
    original smaller than the largest size gives renditions of equal width, and a srcset
    must not repeat a width."""
    by_width = {}
    for rendition in responsive_image.renditions:
        by_width.setdefault(rendition.width, rendition)
    return ", ".join(f"{rendition.url} {width}w" for width, rendition in by_width.items())
