from django.core.management.base import BaseCommand

from joinedup.commissioning import demo as commissioning_demo
from joinedup.core import demo
from joinedup.engagement import demo as engagement_demo
from joinedup.governance import demo as governance_demo
from joinedup.outcomes import demo as outcomes_demo
from joinedup.programme import demo as programme_demo


class Command(BaseCommand):
    help = "Load the Jersey Care Model demo partnership (idempotent: a second run changes nothing)."

    def handle(self, *args, **options):
        result = demo.load()
        self.stdout.write(
            f"Demo loaded: {result['organisations']} organisations and "
            f"{result['personas']} personas added."
        )
        self.stdout.write(f"Demo sign-ins (username, password): {result['logins_file']}")
        governance = governance_demo.load()
        self.stdout.write(
            "Governance demo loaded: {bodies} bodies, {memberships} memberships, {people} people, "
            "{meetings} meetings, {agenda_items} agenda items, {papers} papers, "
            "{recommendations} recommendations, {responses} responses, {decisions} decisions, "
            "{actions} actions and {escalations} escalations added.".format(**governance)
        )
        programme = programme_demo.load()
        self.stdout.write(
            "Programme demo loaded: {Project} projects, {ReturnRound} return rounds, "
            "{MonthlyReturn} returns, {Risk} risks, {FinanceLine} finance lines, {Benefit} "
            "benefits and {Report} reports added.".format(**programme)
        )
        outcomes = outcomes_demo.load()
        self.stdout.write(
            f"Outcomes demo loaded: {outcomes['Indicator']} indicators, {outcomes['Subject']} "
            f"subjects, {outcomes['Observation']} observations, {outcomes['Plan']} plan figures, "
            f"{outcomes['ImportBatch']} imported files and {outcomes.get('RatingScheme', 0)} "
            "rating schemes added."
        )
        self.stdout.write(f"Outcomes real data: {outcomes['real_data']}")
        commissioning = commissioning_demo.load()
        self.stdout.write(
            "Commissioning demo loaded: "
            + (", ".join(f"{n} {name}" for name, n in commissioning.items()) or "nothing new")
            + "."
        )
        engagement = engagement_demo.load()
        self.stdout.write(
            "Engagement demo loaded: "
            + (", ".join(f"{n} {name}" for name, n in engagement.items()) or "nothing new")
            + "."
        )
