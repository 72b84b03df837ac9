"""The public `siteTheme` query: the organisation's name, brand colours, font, logo and favicon."""

from django.db.models import QuerySet

from steward.site.models import OrganisationSettings
from tests.graphql.cms.conftest import make_image

THEME = """
query {
  siteTheme {
    organisationName primaryColour secondaryColour font
    logo { altText rendition(spec: "max-400x96") { url width height alt } }
    favicon { rendition(spec: "fill-64x64") { url width height } }
  }
}
"""


def _settings(**fields) -> OrganisationSettings:
    organisation = OrganisationSettings.load()
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.save()
    return organisation


def test_theme_has_the_defaults_before_staff_choose_anything(graphql):
    # given settings nobody has edited
    OrganisationSettings.load()
    # when an anonymous visitor asks for the theme
    theme = graphql(THEME).data["siteTheme"]
    # then it is the default look, with no logo or favicon
    assert theme == {
        "organisationName": "Steward Demo Society",
        "primaryColour": "#0b5cad",
        "secondaryColour": "#f2a93b",
        "font": "SYSTEM_SANS",
        "logo": None,
        "favicon": None,
    }


def test_theme_carries_what_staff_set_with_logo_and_favicon_renditions(graphql):
    # given a chosen name, colours (in capitals), the serif font, a wide logo and a square favicon
    logo = make_image(title="Society logo", width=800, height=200)
    favicon = make_image(title="Society icon", width=256, height=256)
    _settings(
        name="Riverside Walkers",
        primary_colour="#7A1F5C",
        secondary_colour="#C8E6C9",
        font="serif",
        logo=logo,
        favicon=favicon,
    )
    # when the theme is read
    theme = graphql(THEME).data["siteTheme"]
    # then the frontend gets them, colours normalised to lower case, images resized for the header and the tab
    assert theme["organisationName"] == "Riverside Walkers"
    assert (theme["primaryColour"], theme["secondaryColour"], theme["font"]) == ("#7a1f5c", "#c8e6c9", "SERIF")
    assert theme["logo"]["altText"] == "Society logo"
    assert (theme["logo"]["rendition"]["width"], theme["logo"]["rendition"]["height"]) == (384, 96)
    assert theme["logo"]["rendition"]["url"].startswith("/media/")
    assert (theme["favicon"]["rendition"]["width"], theme["favicon"]["rendition"]["height"]) == (64, 64)


def test_a_colour_saved_around_validation_never_reaches_the_page(graphql):
    # given colours written straight to the database (no form): CSS injection and a primary too light for white text
    settings = OrganisationSettings.load()
    QuerySet(OrganisationSettings).filter(pk=settings.pk).update(
        primary_colour="#ffff00", secondary_colour="red;}a{", font="comic-sans"
    )
    # when the theme is read
    theme = graphql(THEME).data["siteTheme"]
    # then the defaults stand in for what is not a safe value
    assert (theme["primaryColour"], theme["secondaryColour"], theme["font"]) == ("#0b5cad", "#f2a93b", "SYSTEM_SANS")


def test_theme_is_read_in_one_query_without_images(graphql, django_assert_num_queries):
    # given settings without images
    OrganisationSettings.load()
    # when the theme is read, then the settings row is the only query (logo and favicon are joined to it)
    with django_assert_num_queries(1):
        graphql("query { siteTheme { primaryColour logo { title } favicon { title } } }")


def test_theme_with_images_joins_them_to_the_settings_row(graphql, django_assert_num_queries):
    # given a logo and a favicon
    _settings(logo=make_image(title="Logo"), favicon=make_image(title="Icon"))
    # when their titles are read: still one query
    with django_assert_num_queries(1):
        theme = graphql("query { siteTheme { logo { title } favicon { title } } }").data["siteTheme"]
    assert theme == {"logo": {"title": "Logo"}, "favicon": {"title": "Icon"}}
