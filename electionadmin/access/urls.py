from django.urls import path

from . import otp

app_name = "access"
urlpatterns = [
    path("", otp.verify, name="verify"),
    path("dang-ky/", otp.enrol, name="enrol"),
]
