"""Commissioning pages: the public contracts register and contract pages (with the golden thread
back to the need), the lead provider's KPI returns, the commissioner's validation, variations and
extension decisions, and "Your contracts" for a provider."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from joinedup.core.access import request_viewer
from joinedup.core.forms import posted
from joinedup.core.pagination import other_pages_query, page_of

from ..choices import KpiReturnStatus, OptionDecision, PartyRole, Route
from ..forms import contracts as forms
from ..queries import contracts as queries
from ..queries import procurement as procurement_queries
from ..services import contracts as services


@require_GET
def contract_list(request: HttpRequest) -> HttpResponse:
    """The contracts register: every contract the viewer may see, filtered."""
    viewer = request_viewer(request)
    form = forms.RegisterFilterForm(request.GET or None)
    filters = form.filters() if form.is_valid() else queries.RegisterFilters()
    today = timezone.localdate()
    page = page_of(request, queries.register(viewer, filters, on=today))
    context = {
        "form": form,
        "page": page,
        "query": other_pages_query(request),
        "today": today,
        "filtered": any(form.cleaned_data.values()) if form.is_bound and form.is_valid() else False,
    }
    return render(request, "commissioning/contracts/contract_list.html", context)


@login_required
@require_GET
def contract_mine(request: HttpRequest) -> HttpResponse:
    """ "Your contracts": those in which the viewer's organisation is a party."""
    viewer = request_viewer(request)
    contracts = list(queries.contracts_of(viewer))
    awaiting = (
        list(queries.returns_awaiting_validation()) if queries.is_commissioner(viewer) else []
    )
    context = {"contracts": contracts, "awaiting": awaiting, "today": timezone.localdate()}
    return render(request, "commissioning/contracts/contract_mine.html", context)


@require_GET
def contract_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    contract = queries.access_contract(viewer, slug=slug)
    context = {
        "contract": contract,
        "status": contract.status_on(timezone.localdate()),
        "is_lead": queries.is_lead(viewer, contract),
        "is_commissioner": queries.is_commissioner(viewer),
        "sees_all_returns": queries.sees_all_returns(viewer, contract),
        "ocds_url": queries.url_of("ocds_process", ocid=contract.process.ocid),
        "is_partnership": contract.process.route == Route.PARTNERSHIP_AGREEMENT,
        **queries.contract_page(viewer, contract),
    }
    return render(request, "commissioning/contracts/contract_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def kpi_return_create(request: HttpRequest, slug: str) -> HttpResponse:
    """The lead provider submits a figure for one of the contract's KPIs and a period."""
    viewer = request_viewer(request)
    contract = queries.access_contract(viewer, slug=slug)
    kpis = queries.kpis_of(contract)
    if request.method == "POST":
        # Anyone outside the lead provider is refused, and the attempt recorded as a breach.
        services.check_return_submitter(contract=contract, by=request.user)
    queries.require_lead(viewer, contract)
    form = forms.KpiReturnForm(posted(request), kpis=kpis)
    if request.method == "POST" and form.is_valid():
        submitted = _submit(form, contract, request)
        if submitted is not None:
            messages.success(
                request,
                f"Your return for {submitted.kpi.indicator.name} is submitted for validation.",
            )
            return redirect("commissioning:contract_detail", slug=contract.slug)
    status = 400 if request.method == "POST" else 200
    context = {"contract": contract, "form": form, "kpis": kpis}
    return render(request, "commissioning/contracts/kpi_return_form.html", context, status=status)


def _submit(form, contract, request):
    data = form.cleaned_data
    return forms.run_service(
        form,
        lambda: services.submit_kpi_return(
            contract=contract,
            kpi=data["kpi"],
            period=data["period"],
            value=data["value"],
            numerator=data["numerator"],
            denominator=data["denominator"],
            commentary=data["commentary"],
            by=request.user,
        ),  # fmt: skip
    )


@login_required
@require_http_methods(["GET", "POST"])
def kpi_return_review(request: HttpRequest, return_id) -> HttpResponse:
    """A KPI return: seen by the contract's parties and the commissioners; a commissioner
    validates it (it becomes an outcomes observation) or returns it with a reason."""
    viewer = request_viewer(request)
    kpi_return = queries.access_kpi_return(viewer, return_id=return_id)
    contract = kpi_return.contract
    may_review = queries.is_commissioner(viewer) and kpi_return.status == KpiReturnStatus.SUBMITTED
    if request.method == "POST" and not may_review:
        raise PermissionDenied("Only a commissioner reviews a return awaiting validation.")
    form = forms.ReviewForm(posted(request))
    if request.method == "POST" and form.is_valid():
        validating = form.cleaned_data["decision"] == "validate"
        done = forms.run_service(
            form,
            lambda: (
                services.validate_kpi_return(kpi_return=kpi_return, by=request.user)
                if validating
                else services.return_kpi_return(
                    kpi_return=kpi_return, reason=form.cleaned_data["reason"], by=request.user
                )
            ),
        )
        if done is not None:
            messages.success(
                request,
                "The return is validated and recorded on the outcomes dashboard."
                if validating
                else "The return is sent back to the provider with your reason.",
            )
            return redirect("commissioning:contract_detail", slug=contract.slug)
    status = 400 if request.method == "POST" else 200
    context = {"kpi_return": kpi_return, "contract": contract, "form": form,
               "may_review": may_review}  # fmt: skip
    return render(request, "commissioning/contracts/kpi_return_review.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def contract_from_award(request: HttpRequest, slug: str, award_id) -> HttpResponse:
    """The commissioner makes the contract of a final award: its bid's lead is the lead
    provider, its consortium the sub-contractors; refused while the standstill runs."""
    viewer = request_viewer(request)
    process = procurement_queries.access_managed_process(viewer, slug)
    award = process.awards.select_related("lot").filter(pk=award_id).first()
    if award is None:
        raise Http404("No such award.")
    form = forms.ContractFromAwardForm(posted(request), initial={"title": process.title})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contract = forms.run_service(form, lambda: services.create_contract_from_award(
            award=award, title=data["title"], starts_on=data["starts_on"],
            initial_ends_on=data["initial_ends_on"], options=form.options(), by=request.user,
        ))  # fmt: skip
        if contract is not None:
            messages.success(request, f"The contract is made: {contract.title}.")
            return redirect("commissioning:contract_detail", slug=contract.slug)
    status = 400 if request.method == "POST" else 200
    context = {"process": process, "award": award, "form": form}
    return render(
        request, "commissioning/contracts/contract_from_award.html", context, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def variation_create(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = request_viewer(request)
    contract = queries.access_contract(viewer, slug=slug)
    queries.require_commissioner(viewer, "vary a contract")
    form = forms.VariationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = forms.run_service(
            form,
            lambda: services.record_variation(
                contract=contract,
                description=data["description"],
                reason=data["reason"],
                varied_on=data["varied_on"],
                value_change=data["value_change"],
                by=request.user,
            ),  # fmt: skip
        )
        if done is not None:
            messages.success(request, "The variation is recorded.")
            return redirect("commissioning:contract_detail", slug=contract.slug)
    status = 400 if request.method == "POST" else 200
    context = {"contract": contract, "form": form}
    return render(request, "commissioning/contracts/variation_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def option_decide(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    viewer = request_viewer(request)
    contract = queries.access_contract(viewer, slug=slug)
    option = contract.options.filter(number=number).first()
    if option is None:
        raise Http404("No such option.")
    queries.require_commissioner(viewer, "decide an extension")
    if option.decision != OptionDecision.PENDING:
        messages.info(request, f"Option {number} is already decided.")
        return redirect("commissioning:contract_detail", slug=contract.slug)
    form = forms.OptionDecisionForm(posted(request), initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        exercising = data["decision"] == "exercise"
        done = forms.run_service(
            form,
            lambda: services.decide_extension(
                option=option,
                exercise=exercising,
                reason=data["reason"],
                decided_on=data["decided_on"],
                by=request.user,
            ),  # fmt: skip
        )
        if done is not None:
            contract.refresh_from_db(fields=["ends_on"])
            messages.success(
                request,
                f"Option {number} is exercised: the contract now ends on "
                f"{contract.ends_on:%-d %B %Y}."
                if exercising
                else f"Option {number} is declined.",
            )
            return redirect("commissioning:contract_detail", slug=contract.slug)
    status = 400 if request.method == "POST" else 200
    context = {"contract": contract, "option": option, "form": form}
    return render(request, "commissioning/contracts/option_decide.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    """A commissioner records a partner joining a partnership agreement."""
    viewer = request_viewer(request)
    contract = queries.access_contract(viewer, slug=slug)
    queries.require_commissioner(viewer, "add a partnership member")
    if contract.process.route != Route.PARTNERSHIP_AGREEMENT:
        raise Http404("Only a partnership agreement has members.")
    form = forms.MemberForm(posted(request), contract=contract)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = forms.run_service(
            form,
            lambda: services.add_member(
                contract=contract,
                organisation=data["organisation"],
                joined_on=data["joined_on"],
                by=request.user,
            ),  # fmt: skip
        )
        if done is not None:
            messages.success(request, f"{done.organisation} has joined the partnership.")
            return redirect("commissioning:contract_detail", slug=contract.slug)
    status = 400 if request.method == "POST" else 200
    context = {"contract": contract, "form": form}
    return render(request, "commissioning/contracts/member_add.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def member_opt_out(request: HttpRequest, slug: str, party_id) -> HttpResponse:
    """A commissioner records a partnership member opting out, with the date and reason."""
    viewer = request_viewer(request)
    contract = queries.access_contract(viewer, slug=slug)
    party = (
        contract.parties.filter(pk=party_id, role=PartyRole.MEMBER)
        .select_related("organisation")
        .first()
    )
    if party is None:
        raise Http404("No such partnership member.")
    queries.require_commissioner(viewer, "record a member opting out")
    form = forms.OptOutForm(posted(request), initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = forms.run_service(
            form,
            lambda: services.record_opt_out(
                party=party, on=data["on"], reason=data["reason"], by=request.user
            ),
        )
        if done is not None:
            messages.success(request, f"{party.organisation} has opted out of the partnership.")
            return redirect("commissioning:contract_detail", slug=contract.slug)
    status = 400 if request.method == "POST" else 200
    context = {"contract": contract, "party": party, "form": form}
    return render(request, "commissioning/contracts/member_opt_out.html", context, status=status)
