from django.http import HttpResponse
def home(request): return HttpResponse("")
article_list = article_detail = healthz = home
