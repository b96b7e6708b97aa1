from django.urls import path

from feedback import views

urlpatterns = [
    path("phieu/", views.vote, name="vote"),
    path("phieu/y-kien/", views.add_comment, name="vote-comment"),
]
