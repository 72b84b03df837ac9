import pytest

from steward.site.models import ContentPage, NewsIndexPage
from tests.graphql.cms.conftest import add_page, restrict

MENU = "query { menu { title path } }"


def test_menu_lists_live_public_in_menu_children_of_the_site_root(graphql, home):
    # given children of the home page: in the menu, not in it, a draft, a restricted one, and a grandchild
    about = add_page(home, ContentPage(title="About", slug="about", show_in_menus=True))
    add_page(home, NewsIndexPage(title="News", slug="news", show_in_menus=True))
    add_page(home, ContentPage(title="Privacy", slug="privacy", show_in_menus=False))
    add_page(home, ContentPage(title="Coming soon", slug="soon", show_in_menus=True), live=False)
    restrict(add_page(home, ContentPage(title="Board", slug="board", show_in_menus=True)))
    add_page(about, ContentPage(title="Team", slug="team", show_in_menus=True))
    # when the frontend asks for the menu
    menu = graphql(MENU).data["menu"]
    # then it gets the live, public, in-menu top-level pages in tree order
    assert menu == [{"title": "About", "path": "/about/"}, {"title": "News", "path": "/news/"}]


@pytest.mark.parametrize("size", [1, 6])
def test_menu_runs_in_a_constant_number_of_queries(graphql, home, django_assert_num_queries, size):
    # given `size` menu pages
    for index in range(size):
        add_page(home, ContentPage(title=f"Section {index}", slug=f"section-{index}", show_in_menus=True))
    # when the menu is read: 1 (site) + 1 (its root page) + 1 (view restrictions) + 1 (the menu pages)
    with django_assert_num_queries(4):
        menu = graphql(MENU).data["menu"]
    # then the query count does not depend on the number of entries
    assert len(menu) == size
