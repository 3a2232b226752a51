from django.urls import URLPattern, URLResolver

app_name = "beds"

urlpatterns: list[URLPattern | URLResolver] = []
