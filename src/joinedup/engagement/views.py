from django.shortcuts import render


def consultation_list(request):
    return render(request, "engagement/consultation_list.html", {})
