from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="list"),
    path("articles/<int:pk>/<slug:slug>/", views.article_detail, name="detail"),
    path("articles/<int:pk>/", views.article_detail, name="detail_short"),
    path("articles/<int:pk>/<slug:slug>/capture/", views.article_capture, name="capture"),
    path("articles/<int:pk>/<slug:slug>/capture/page/", views.article_capture_page,
         name="capture_page"),
    path("articles/<int:pk>/<slug:slug>/capture/raw/", views.article_capture_raw,
         name="capture_raw"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
    path("people/", views.actor_index, {"kind": "person"}, name="people"),
    path("countries/", views.actor_index, {"kind": "country"}, name="countries"),
    path("organizations/", views.actor_index, {"kind": "organization"}, name="organizations"),
    path("equipment/", views.actor_index, {"kind": "equipment"}, name="equipment"),
    path("events/", views.event_list, name="events"),
    path("events/<slug:slug>/", views.event_detail, name="event"),
    path("aid/", views.aid_ledger, name="aid"),
    path("healthz", views.healthz, name="healthz"),
]
