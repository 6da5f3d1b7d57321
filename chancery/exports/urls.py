from django.urls import path

from . import views
from .formats import FORMATS

app_name = "exports"

urlpatterns = [
    path("exports/", views.exports_index, name="index"),
    path("exports/index.json", views.exports_manifest, name="manifest"),
    # The full exports keep their names ("exports:csv"); the CC0 ones are "exports:csv-cc0" …
    *(
        path(f"exports/{fmt.filename}", views.EXPORT_VIEWS[name], name=name)
        for name, fmt in FORMATS.items()
    ),
]
