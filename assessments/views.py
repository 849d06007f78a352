from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assessments.selectors import memberships_for_user, user_is_administrator


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The landing page: the user's organisations and what their role can do next."""
    memberships = list(memberships_for_user(user=request.user).order_by("organisation__name"))
    return render(
        request,
        "assessments/home.html",
        {"memberships": memberships, "is_administrator": user_is_administrator(user=request.user)},
    )
