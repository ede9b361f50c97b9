"""Pages of engagement: consultations and their answer forms, results and their exports, the
officer's theming of free-text answers, "you said, we did", experience stories, the service user
advisory council's assurance of projects, and the partnership's self-assessment. Each page
starts with its access check; a consultation the viewer may not see is a 404."""

import contextlib
import csv
import secrets
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import slugify
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from joinedup.core.access import request_viewer
from joinedup.core.forms import posted
from joinedup.core.pagination import page_of

from . import access, links, queries, services
from .choices import QuestionKind, ResponseStatus, StorySource
from .forms import (
    AnswerThemesForm,
    AssuranceForm,
    ConsultationForm,
    LinkForm,
    PublishResultsForm,
    ResponseForm,
    SelfAssessmentForm,
    StaffStoryForm,
    StoryForm,
    ThemeForm,
    YouSaidWeDidForm,
    refuse,
)
from .models import Answer, AssessmentScore, Consultation, Theme, YouSaidWeDid

ANSWERS_PAGE = 25
FEED_SIZE = 50


def _token_key(consultation) -> str:
    return f"engagement.response.{consultation.pk}"


@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    now = timezone.now()
    consultations = list(access.visible_consultations(viewer).select_related("body"))
    context = {
        "open": [c for c in consultations if c.is_open(now)],
        "closed": [c for c in consultations if c.published_at and c.closes_at <= now],
        "upcoming": [c for c in consultations if c.published_at and c.opens_at > now],
        "drafts": [c for c in consultations if c.published_at is None],
        "is_officer": access.is_officer(viewer),
    }
    return render(request, "engagement/consultation_list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def consultation_create(request: HttpRequest) -> HttpResponse:
    """An officer writes a consultation and its questions; it is saved as a draft, which only
    officers see until it is published."""
    viewer = request_viewer(request)
    access.require_officer(viewer)
    form = ConsultationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = services.create_consultation(
                slug=_new_slug(data["title"]), title=data["title"], summary=data["summary"],
                audience=data["audience"], body=data["body"], identified=data["identified"],
                opens_at=data["opens_at"], closes_at=data["closes_at"],
                questions=data["questions"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            refuse(form, error)
        else:
            return redirect(consultation.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "engagement/consultation_form.html", {"form": form}, status=status)


def _new_slug(title: str) -> str:
    base = slugify(title)[:80] or "consultation"
    slug, number = base, 1
    while Consultation.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@require_POST
def consultation_publish(request: HttpRequest, slug: str) -> HttpResponse:
    """An officer publishes a draft: from its opening date, its audience can answer it."""
    viewer = request_viewer(request)
    access.require_officer(viewer)
    consultation = access.access_consultation(viewer, slug=slug)
    services.publish_consultation(consultation=consultation, by=request.user)
    return redirect(consultation.get_absolute_url())


@require_http_methods(["GET", "HEAD", "POST"])
def consultation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    consultation = access.access_consultation(viewer, slug=slug)
    person = _person(viewer)
    token = request.session.get(_token_key(consultation))
    draft = services.find_response(consultation=consultation, person=person, token=token)
    questions = list(consultation.questions.prefetch_related("options"))
    form = ResponseForm(posted(request), questions=questions, draft=draft)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") != "save"
        if not consultation.identified and not token:
            token = secrets.token_urlsafe(32)
        try:
            services.save_response(
                consultation=consultation, values=form.values(), submit=submit,
                person=person if consultation.identified else None, token=token,
            )  # fmt: skip
        except ValidationError as error:
            form.refuse(error)
        else:
            if not consultation.identified:
                request.session[_token_key(consultation)] = token
            if submit:
                return redirect("engagement:consultation_done", slug=consultation.slug)
            return redirect(f"{consultation.get_absolute_url()}?saved=1")
    context = {
        "consultation": consultation,
        "form": form,
        "open": consultation.is_open(),
        "answered": draft is not None and draft.status == ResponseStatus.SUBMITTED,
        "draft": draft,
        "saved": request.GET.get("saved") == "1",
        "must_sign_in": consultation.identified and person is None,
        "informs": _informs(viewer, consultation=consultation),
        "sees_results": access.sees_results(viewer, consultation),
        "is_officer": access.is_officer(viewer),
    }
    return render(request, "engagement/consultation_detail.html", context)


def _person(viewer):
    if viewer.person_id is None:
        return None
    from joinedup.core.models import Person

    return Person.objects.filter(pk=viewer.person_id).first()


def _informs(viewer, *, consultation=None, theme=None) -> list[dict]:
    pairs = queries.links_of(consultation=consultation, theme=theme)
    return [
        {"record": record, "url": links.url_of(record), "kind": record._meta.verbose_name}
        for record in links.records(pairs, viewer)
    ]


@require_GET
def consultation_done(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    consultation = access.access_consultation(viewer, slug=slug)
    return render(request, "engagement/consultation_done.html", {"consultation": consultation})


@require_http_methods(["GET", "HEAD", "POST"])
def consultation_results(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    consultation = access.access_results(viewer, slug=slug)
    is_officer = access.is_officer(viewer)
    form = PublishResultsForm(
        posted(request) if is_officer else None,
        initial={"summary": consultation.results_summary},
    )
    if request.method == "POST" and request.POST.get("action") == "close":
        access.require_officer(viewer)
        with contextlib.suppress(ValidationError):  # already closed: the page says so
            services.close_consultation(consultation=consultation, by=request.user)
        return redirect("engagement:consultation_results", slug=consultation.slug)
    if request.method == "POST":
        access.require_officer(viewer)
        if form.is_valid():
            try:
                services.publish_results(
                    consultation=consultation, summary=form.cleaned_data["summary"],
                    by=request.user,
                )  # fmt: skip
            except ValidationError as error:
                refuse(form, error)
            else:
                return redirect("engagement:consultation_results", slug=consultation.slug)
    themes = consultation.themes.all()
    context = {
        "consultation": consultation,
        "results": queries.results(consultation),
        "is_officer": is_officer,
        "form": form,
        "themes": themes if is_officer else themes.filter(outcome__published_at__isnull=False),
        "text_kind": QuestionKind.TEXT,
    }
    return render(request, "engagement/consultation_results.html", context)


@require_GET
def question_answers(request: HttpRequest, slug: str, question: str) -> HttpResponse:
    viewer = request_viewer(request)
    consultation = access.access_results(viewer, slug=slug)
    found = access.access_question(viewer, consultation, pk=question)
    page = page_of(request, queries.text_answers(found), per_page=ANSWERS_PAGE)
    is_officer = access.is_officer(viewer)
    themes = list(consultation.themes.all()) if is_officer else []
    rows = [
        (
            answer,
            AnswerThemesForm(
                themes=themes,
                prefix=f"a{answer.pk}",
                initial={"themes": [str(t.pk) for t in answer.themes.all()]},
            )
            if is_officer
            else None,
        )
        for answer in page.object_list
    ]
    context = {
        "consultation": consultation,
        "question": found,
        "page": page,
        "rows": rows,
        "is_officer": is_officer,
        "themes": themes,
        "offset": page.start_index() - 1 if rows else 0,
    }
    return render(request, "engagement/question_answers.html", context)


@require_POST
def answer_themes(request: HttpRequest, slug: str, answer: str) -> HttpResponse:
    viewer = request_viewer(request)
    access.require_officer(viewer)
    consultation = access.access_consultation(viewer, slug=slug)
    found = (
        Answer.objects.filter(pk=answer, question__consultation=consultation)
        .select_related("question")
        .first()
        if _is_uuid(answer)
        else None
    )
    if found is None:
        raise Http404("No such answer.")
    themes = list(consultation.themes.all())
    form = AnswerThemesForm(request.POST, themes=themes, prefix=f"a{found.pk}")
    if form.is_valid():
        chosen = [t for t in themes if str(t.pk) in form.cleaned_data["themes"]]
        services.set_answer_themes(answer=found, themes=chosen, by=request.user)
    page = request.POST.get("page", "1")
    page = page if page.isdigit() else "1"
    url = reverse("engagement:question_answers", args=[consultation.slug, found.question_id])
    return redirect(f"{url}?page={page}#answer-{found.pk}")


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@require_http_methods(["GET", "HEAD", "POST"])
def theme_list(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    access.require_officer(viewer)
    consultation = access.access_consultation(viewer, slug=slug)
    form = ThemeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.create_theme(consultation=consultation, by=request.user,
                                          **form.cleaned_data)  # fmt: skip
        except ValidationError as error:
            refuse(form, error)
        else:
            return redirect("engagement:theme_detail", slug=consultation.slug, theme=theme.pk)
    themes = consultation.themes.prefetch_related("outcome").all()
    context = {"consultation": consultation, "form": form, "themes": themes}
    return render(request, "engagement/theme_list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def theme_detail(request: HttpRequest, slug: str, theme: str) -> HttpResponse:
    viewer = request_viewer(request)
    access.require_officer(viewer)
    consultation = access.access_consultation(viewer, slug=slug)
    found = access.access_theme(viewer, consultation, pk=theme) if _is_uuid(theme) else None
    if found is None:
        raise Http404("No such theme.")
    outcome = YouSaidWeDid.objects.filter(theme=found).first()
    action = request.POST.get("action") if request.method == "POST" else None
    link_form = LinkForm(
        request.POST if action == "link" else None, choices=links.choices(links.INFORMS, viewer)
    )
    outcome_form = YouSaidWeDidForm(
        request.POST if action == "outcome" else None,
        choices=links.choices(links.LED_TO, viewer),
        initial=_outcome_initial(found, outcome),
    )
    if action == "link" and link_form.is_valid():
        record = links.resolve(link_form.cleaned_data["record"], links.INFORMS, viewer)
        if record is None:
            link_form.add_error("record", "Select a record from the list")
        else:
            services.link(record=record, theme=found, by=request.user)
            return redirect("engagement:theme_detail", slug=consultation.slug, theme=found.pk)
    if action == "outcome" and outcome_form.is_valid():
        data = outcome_form.cleaned_data
        led_to = links.resolve(data["led_to"], links.LED_TO, viewer) if data["led_to"] else None
        try:
            services.record_you_said_we_did(
                theme=found, you_said=data["you_said"], we_did=data["we_did"], led_to=led_to,
                publish=data["publish"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            refuse(outcome_form, error)
        else:
            return redirect("engagement:theme_detail", slug=consultation.slug, theme=found.pk)
    context = {
        "consultation": consultation,
        "theme": found,
        "outcome": outcome,
        "link_form": link_form,
        "outcome_form": outcome_form,
        "informs": _informs(viewer, theme=found),
        "answers": found.answers.filter(response__status=ResponseStatus.SUBMITTED)[:20],
        "answer_count": found.answers.count(),
    }
    return render(request, "engagement/theme_detail.html", context)


def _outcome_initial(theme: Theme, outcome) -> dict:
    if outcome is None:
        return {"you_said": theme.description}
    led_to = ""
    if outcome.led_to_type_id:
        led_to = f"{outcome.led_to_type.app_label}.{outcome.led_to_type.model}:{outcome.led_to_id}"
    return {"you_said": outcome.you_said, "we_did": outcome.we_did, "led_to": led_to,
            "publish": outcome.published_at is not None}  # fmt: skip


@require_safe
def consultation_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in {"csv", "xlsx"}:
        raise Http404("Results export as .csv or .xlsx.")
    viewer = request_viewer(request)
    consultation = access.access_results(viewer, slug=slug)
    questions = list(consultation.questions.prefetch_related("options"))
    header = queries.export_header(questions)
    rows = queries.export_rows(consultation, questions)
    filename = f"{consultation.slug}-results"
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        writer = csv.writer(response)
        writer.writerow(header)
        for row in rows:
            writer.writerow([_safe_cell(cell) for cell in row])
        return response
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Responses")
    sheet.append(header)
    for row in rows:
        sheet.append([_safe_cell(cell) for cell in row])
    out = BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _safe_cell(value):
    """Text a spreadsheet would take for a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@require_safe
def consultation_feed(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    feed = Atom1Feed(
        title=f"{settings.JOINEDUP_PARTNERSHIP_NAME}: open consultations",
        link=request.build_absolute_uri(reverse("engagement:consultation_list")),
        description="Consultations and surveys open for answers.",
        language="en-gb",
        author_name=settings.JOINEDUP_PARTNERSHIP_NAME,
        feed_url=request.build_absolute_uri(),
    )
    now = timezone.now()
    open_now = access.visible_consultations(viewer).open_at(now).order_by("-opens_at")
    for consultation in open_now[:FEED_SIZE]:
        feed.add_item(
            title=consultation.title,
            link=request.build_absolute_uri(consultation.get_absolute_url()),
            description=f"{consultation.summary}\n\nCloses {consultation.closes_at:%-d %B %Y}.",
            unique_id=f"urn:uuid:{consultation.pk}",
            pubdate=consultation.published_at,
            updateddate=consultation.published_at,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


@require_GET
def you_said_we_did(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    consultations = access.visible_consultations(viewer).values("pk")
    outcomes = (
        YouSaidWeDid.objects.filter(published_at__isnull=False)
        .filter(theme__consultation__in=consultations)
        .select_related("theme__consultation", "led_to_type")
        .order_by("-published_at")
    )
    page = page_of(request, outcomes)
    led_to = {
        (r._meta.label_lower, str(r.pk)): r
        for r in links.records(
            [(o.led_to_type_id, o.led_to_id) for o in page.object_list if o.led_to_type_id],
            viewer,
        )
    }
    rows = []
    for outcome in page.object_list:
        record = None
        if outcome.led_to_type_id:
            key = (
                f"{outcome.led_to_type.app_label}.{outcome.led_to_type.model}",
                outcome.led_to_id,
            )
            record = led_to.get(key)
        rows.append({"outcome": outcome, "record": record,
                     "kind": record._meta.verbose_name if record else "",
                     "url": links.url_of(record) if record else None})  # fmt: skip
    return render(request, "engagement/you_said_we_did.html", {"rows": rows, "page": page})


@require_http_methods(["GET", "HEAD", "POST"])
def story_list(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    is_officer = access.is_officer(viewer)
    if request.method == "POST":
        access.require_officer(viewer)
        story = access.visible_stories(viewer).filter(pk=request.POST.get("story")).first()
        if story is None:
            raise Http404("No such story.")
        services.publish_story(story=story, by=request.user)
        return redirect("engagement:story_list")
    stories = access.visible_stories(viewer).prefetch_related("projects", "themes")
    page = page_of(request, stories)
    return render(request, "engagement/story_list.html", {"page": page, "is_officer": is_officer})


@require_http_methods(["GET", "HEAD", "POST"])
def story_create(request: HttpRequest) -> HttpResponse:
    viewer = request_viewer(request)
    is_officer = access.is_officer(viewer)
    if is_officer:
        from joinedup.programme.access import visible_projects

        projects = list(visible_projects(viewer))
        themes = list(Theme.objects.filter(consultation__isnull=True))
        form = StaffStoryForm(posted(request), projects=projects, themes=themes)
    else:
        projects, themes = [], []
        form = StoryForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = [p for p in projects if str(p.pk) in data.get("projects", [])]
        tagged = [t for t in themes if str(t.pk) in data.get("themes", [])]
        try:
            services.record_story(
                title=data["title"], story=data["story"], service=data["service"],
                consent=data["consent"], projects=chosen, themes=tagged,
                source=StorySource.STAFF if is_officer else StorySource.PUBLIC,
                by=request.user if request.user.is_authenticated else None,
                publish=bool(data.get("publish")),
            )  # fmt: skip
        except ValidationError as error:
            refuse(form, error)
        else:
            return redirect(f"{reverse('engagement:story_list')}?shared=1")
    return render(request, "engagement/story_create.html", {"form": form, "is_officer": is_officer})


@require_GET
def assurance_list(request: HttpRequest) -> HttpResponse:
    from joinedup.programme.access import visible_projects

    viewer = request_viewer(request)
    projects = list(visible_projects(viewer).select_related("workstream"))
    latest = queries.latest_assurance(p.pk for p in projects)
    rows = [(project, latest.get(project.pk)) for project in projects]
    return render(request, "engagement/assurance_list.html", {"rows": rows})


@require_http_methods(["GET", "HEAD", "POST"])
def assurance_project(request: HttpRequest, slug: str) -> HttpResponse:
    from joinedup.programme.access import access_project

    viewer = request_viewer(request)
    project = access_project(viewer, slug=slug)
    bodies = list(access.assuring_bodies(viewer))
    form = AssuranceForm(posted(request), bodies=bodies) if bodies else None
    if request.method == "POST":
        if form is None:
            raise Http404("Page not found.")
        if form.is_valid():
            data = form.cleaned_data
            body = next(b for b in bodies if str(b.pk) == data["body"])
            try:
                services.record_assurance(
                    project=project, body=body, level=data["level"], evidence=data["evidence"],
                    reasons=data["reasons"], by=request.user,
                )  # fmt: skip
            except ValidationError as error:
                refuse(form, error)
            else:
                return redirect("engagement:assurance_project", slug=project.slug)
    history = project.assurances.select_related("body").order_by("-recorded_at")
    stories = access.visible_stories(viewer).filter(projects=project)
    context = {"project": project, "history": history, "form": form, "stories": stories}
    return render(request, "engagement/assurance_project.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def self_assessment(request: HttpRequest) -> HttpResponse:
    """The self-assessment compared over rounds: the report for the oversight board."""
    viewer = request_viewer(request)
    if not viewer.is_partner:
        raise Http404("Page not found.")
    rounds = list(access.visible_rounds(viewer))
    if request.method == "POST":
        access.require_officer(viewer)
        chosen = next((r for r in rounds if str(r.pk) == request.POST.get("round")), None)
        if chosen is None:
            raise Http404("No such self-assessment round.")
        with contextlib.suppress(ValidationError):  # the page shows no one has answered
            services.report_round(assessment_round=chosen, by=request.user)
        return redirect("engagement:self_assessment")
    table, respondents = queries.domain_scores(rounds)
    context = {
        "rounds": rounds,
        "table": table,
        "respondents": [respondents.get(r.pk, 0) for r in rounds],
        "answerable": [r for r in rounds if access.may_answer_round(viewer, r)],
        "is_officer": access.is_officer(viewer),
    }
    return render(request, "engagement/self_assessment.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def self_assessment_answer(request: HttpRequest, pk: str) -> HttpResponse:
    viewer = request_viewer(request)
    if not _is_uuid(pk):
        raise Http404("No such self-assessment round.")
    assessment_round = access.access_round(viewer, pk=pk)
    if not access.may_answer_round(viewer, assessment_round):
        raise Http404("This round is not open to you.")
    person = _person(viewer)
    earlier = AssessmentScore.objects.filter(round=assessment_round, person=person)
    initial = {}
    for score in earlier:
        initial[f"s_{score.statement}"] = str(score.score)
        initial[f"c_{score.statement}"] = score.comment
    form = SelfAssessmentForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        scores, comments = form.scores()
        try:
            services.record_self_assessment(
                assessment_round=assessment_round, person=person, scores=scores,
                comments=comments, by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            refuse(form, error)
        else:
            return redirect("engagement:self_assessment")
    context = {
        "round": assessment_round,
        "form": form,
        "groups": queries.statements_by_domain(),
    }
    return render(request, "engagement/self_assessment_answer.html", context)
