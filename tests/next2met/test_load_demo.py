import pytest
from django.core.management import CommandError, call_command


@pytest.mark.django_db
def test_load_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing to load demo content"):
        call_command("load_demo")
