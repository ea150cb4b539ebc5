from django import template

from home.fragments import cached_fragment, fragment_key

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name: str, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        key = fragment_key(self.name, context)
        if key is None:
            return self.nodelist.render(context)
        return cached_fragment(key, lambda: self.nodelist.render(context), context["request"])


@register.tag
def fragment(parser, token):
    """{% fragment "header" %}…{% endfragment %}: kept between renderings when it may be
    (home/fragments.py says when, and what makes it out of date)."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1] not in ('"header"', '"footer"', '"head"', '"body"'):
        raise template.TemplateSyntaxError(
            'Use {% fragment "header" %}, "footer", "head" or "body".'
        )
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(bits[1].strip('"'), nodelist)
