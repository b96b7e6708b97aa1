"""The farmers' addresses: /hoi-dap/gui/ asks, /hoi-dap/<token>/ follows one question."""
from django.urls import path

from questions import views

urlpatterns = [
    path("hoi-dap/gui/", views.ask, name="ask-officer"),
    path("hoi-dap/<str:token>/", views.status, name="question-status"),
    path("hoi-dap/<str:token>/anh.jpg", views.photo, name="question-photo"),
    path("hoi-dap/<str:token>/qr.svg", views.qr, name="question-qr"),
]
