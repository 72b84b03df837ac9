"""Demo volunteering for `manage.py seed_demo`: skills, interests, opportunities with past and coming shifts (some
full with a waitlist), volunteer profiles, sign-ups and hours (roster-recorded and waiting for approval).

Written through the services where the rules matter (shifts, sign-ups, check-in/out, reported hours), so the
demo obeys them; past shifts are given their sign-ups with `now` set before the shift.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from steward.members.models import Constituent

from . import services
from .models import HoursEntry, Interest, Opportunity, Shift, ShiftReminder, Signup, Skill

SKILLS = ["First aid", "Driving licence", "Cooking", "Gardening", "Teaching", "Translation", "Carpentry", "IT support"]
INTERESTS = ["Food security", "Environment", "Children and youth", "Elderly care", "Events", "Animal welfare"]
OPPORTUNITIES = [
    # title, location, online, background check, skills, time zone, start hour, length (hours), capacity
    ("Food bank sorting", "12 Market Street, Leeds", False, False, ["Cooking"], "Europe/London", 9, 3, 6),
    ("Community garden", "Lumpini Park gate 3, Bangkok", False, False, ["Gardening"], "Asia/Bangkok", 7, 3, 8),
    ("Homework club", "Riverside Library, Brooklyn", False, True, ["Teaching"], "America/New_York", 15, 2, 4),
    ("Phone befriending", "", True, True, ["Translation"], "Asia/Taipei", 18, 1, 3),
    ("Ger district clean-up", "Bayanzürkh, Ulaanbaatar", False, False, [], "Asia/Ulaanbaatar", 10, 4, 10),
]
VOLUNTEERS = 60


@dataclass
class VolunteerDemoSummary:
    opportunities: int = 0
    shifts: int = 0
    signups: int = 0
    hours_entries: int = 0


def demo_volunteers_build(
    *, today: dt.date, seed: int = 1913, progress: Callable[[str], None] | None = None
) -> VolunteerDemoSummary:
    """Write the demo volunteering (one transaction), replacing an earlier run's opportunities and shifts."""
    rng = random.Random(f"steward-demo:{seed}:volunteers")  # noqa: S311 (demo data, not security)
    summary = VolunteerDemoSummary()
    people = list(
        Constituent.objects.filter(kind=Constituent.Kind.INDIVIDUAL, deceased=False, merged_into__isnull=True)
        .filter(emails__is_primary=True)
        .order_by("pk")[: VOLUNTEERS * 3]
    )
    if not people:
        return summary
    volunteers = rng.sample(people, min(VOLUNTEERS, len(people)))
    with transaction.atomic():
        _delete_earlier_run()
        skills = {name: Skill.objects.get_or_create(name=name)[0] for name in SKILLS}
        interests = [Interest.objects.get_or_create(name=name)[0] for name in INTERESTS]
        for index, person in enumerate(volunteers):
            passed = index % 3 != 0
            services.volunteer_profile_save(
                constituent=person,
                skills=rng.sample(list(skills.values()), rng.randint(0, 3)),
                interests=rng.sample(interests, rng.randint(1, 2)),
                languages=rng.choice(["English", "English, Thai", "Mongolian, English", "Mandarin, English"]),
                availability=rng.sample(["sat-morning", "sun-morning", "wed-evening", "mon-afternoon"], 2),
                emergency_contact_name=rng.choice(["Sam", "Alex", "Noi", "Bat", "Mei"]) + " (family)",
                emergency_contact_relationship=rng.choice(["Partner", "Parent", "Sibling", "Friend"]),
                background_check_status="passed" if passed else rng.choice(["not_started", "pending"]),
                background_check_expires_on=today + dt.timedelta(days=rng.randint(60, 700)) if passed else None,
                waiver_signed_on=today - dt.timedelta(days=rng.randint(10, 400)),
                minimum_age_confirmed=True,
            )
        cleared = [person for index, person in enumerate(volunteers) if index % 3 != 0]
        for title, location, online, check, wanted, zone, hour, length, capacity in OPPORTUNITIES:
            opportunity = Opportunity.objects.create(
                title=title,
                description=f"<p>Join us for {title.lower()}. No experience needed: we show you what to do.</p>",
                location=location,
                is_online=online,
                requires_background_check=check,
            )
            opportunity.skills_wanted.set([skills[name] for name in wanted])
            summary.opportunities += 1
            pool = cleared if check else volunteers
            for week in range(-4, 5):
                day = today + dt.timedelta(days=7 * week + rng.randint(0, 2))
                start = dt.datetime.combine(day, dt.time(hour))
                shift = services.shift_create(
                    opportunity=opportunity,
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=length),
                    time_zone=zone,
                    capacity=capacity,
                )
                summary.shifts += 1
                # Every other coming shift is oversubscribed, so its waitlist has people on it.
                wanted_people = capacity + 2 if week > 0 and week % 2 == 0 else rng.randint(1, capacity)
                before = shift.starts_at - dt.timedelta(days=3)
                for person in rng.sample(pool, min(wanted_people, len(pool))):
                    try:
                        signup = services.signup_create(shift=shift, constituent=person, source="demo", now=before)
                    except ValidationError:
                        continue  # an overlap with another demo shift: the rules hold in the demo too
                    summary.signups += 1
                    if week < 0 and signup.status == Signup.Status.SIGNED_UP:
                        summary.hours_entries += _past_shift(rng, signup, shift)
    if progress:
        progress(f"  {'volunteer shifts':<28}{summary.shifts:>10,}")
    return summary


def _past_shift(rng: random.Random, signup: Signup, shift: Shift) -> int:
    """What happened on a past shift: most came (roster hours, or hours they reported), some did not."""
    roll = rng.random()
    if roll < 0.1:
        services.signup_set_status(signup=signup, status=Signup.Status.NO_SHOW)
        return 0
    if roll < 0.7:
        services.signup_check_in(signup=signup, at=shift.starts_at + dt.timedelta(minutes=rng.randint(-10, 15)))
        services.signup_check_out(signup=signup, at=shift.ends_at - dt.timedelta(minutes=rng.randint(0, 30)))
        return 1
    hours = min(shift.duration_hours, Decimal(rng.choice(["1.5", "2", "2.5", "3", "4"])))
    services.hours_report(signup=signup, hours=hours, note=rng.choice(["", "Stayed to tidy up."]))
    return 1


def _delete_earlier_run() -> None:
    """Remove the previous demo's opportunities (and their shifts, sign-ups, hours) so a rerun does not pile up."""
    titles = [row[0] for row in OPPORTUNITIES]
    HoursEntry.objects.filter(opportunity__title__in=titles).delete()
    ShiftReminder.objects.filter(signup__shift__opportunity__title__in=titles).delete()
    Signup.objects.filter(shift__opportunity__title__in=titles).delete()
    Opportunity.objects.filter(title__in=titles).delete()
