from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import rich_text, streamfield

from faq.models import FAQPage


def make_faq_page(parent, **kwargs):
    kwargs.setdefault("title", "Frequently asked questions")
    kwargs.setdefault("slug", "faq")
    kwargs.setdefault("introduction", "What people ask us most.")
    kwargs.setdefault(
        "body",
        [
            section(
                "Joining",
                [
                    ("Who can join?", "who-can-join", "<p>City officials.</p>"),
                    ("How do we join?", "how-do-we-join", "<p>Send an enquiry.</p>"),
                ],
                anchor="joining",
            ),
            section(
                "Funding",
                [("Who funds the network?", "who-funds", "<p>Several governments.</p>")],
                anchor="funding",
            ),
        ],
    )
    page = FAQPage(**kwargs)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def section(heading, questions, anchor=""):
    """A section as stored: `questions` are (question, anchor, answer HTML) triples."""
    return (
        "section",
        {
            "heading": heading,
            "anchor": anchor,
            "questions": [
                {"question": text, "anchor": question_anchor, "answer": RichText(answer)}
                for text, question_anchor, answer in questions
            ],
        },
    )


def list_block(items):
    """ListBlock form data, the list counterpart of Wagtail's `streamfield` helper."""
    data = {
        str(index): {"value": item, "deleted": "", "order": str(index), "id": ""}
        for index, item in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def body_form_data(sections):
    """FAQ body form data from (heading, anchor, [(question, anchor, answer HTML)])."""
    return streamfield(
        [
            (
                "section",
                {
                    "heading": heading,
                    "anchor": anchor,
                    "questions": list_block(
                        [
                            {
                                "question": text,
                                "anchor": question_anchor,
                                "answer": rich_text(answer),
                            }
                            for text, question_anchor, answer in questions
                        ]
                    ),
                },
            )
            for heading, anchor, questions in sections
        ]
    )
