from django.test import RequestFactory

from hiring.views import server_error


def test_server_error_page_renders_without_touching_the_database():
    # No django_db mark: any query here would raise, so this proves the page needs no database.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "<h1>Something went wrong on our side.</h1>" in response.content.decode()
