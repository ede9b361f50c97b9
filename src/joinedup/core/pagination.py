"""Page-number pagination shared by pages: a page out of range is a clear 404."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest

PAGE_SIZE = 25


def page_of(request: HttpRequest, items, *, per_page: int = PAGE_SIZE) -> Page:
    paginator = Paginator(items, per_page, allow_empty_first_page=True)
    number = request.GET.get("page", "1")
    try:
        return paginator.page(number)
    except PageNotAnInteger as exc:
        raise Http404(f"'{number}' is not a page number.") from exc
    except EmptyPage as exc:
        raise Http404(
            f"There is no page {number}: there {'is' if paginator.num_pages == 1 else 'are'} "
            f"{paginator.num_pages} page{'' if paginator.num_pages == 1 else 's'}."
        ) from exc


def other_pages_query(request: HttpRequest) -> str:
    """The current query string without `page`, for links to other pages."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
