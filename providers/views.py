from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from providers.models import Provider


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    providers = Provider.objects.filter(is_active=True).order_by("name")[:50]
    return render(request, "providers/catalogue.html", {"providers": providers})
