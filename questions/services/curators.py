"""Curator accounts: the Curators group and its permissions, and making a curator."""

from __future__ import annotations

from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission, User
from django.contrib.auth.password_validation import validate_password
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Q

from questions.models import Company, KeyPoint, Question, QuestionTip, Role, Skill
from questions.packs import registered_sections

CURATORS_GROUP = "Curators"
CURATOR_ACTIONS = ("view", "add", "change", "delete")
_MODERATED: list[Callable[[], type[models.Model]]] = []


def register_moderated_model(model: Callable[[], type[models.Model]]) -> None:
    """Add another app's model that curators moderate but no pack carries (candidates'
    salary reports), so this app never names it. Called from that app's ``ready()``."""
    if model not in _MODERATED:
        _MODERATED.append(model)


def curator_models() -> list[type[models.Model]]:
    """Every model curators may touch: what a guide is made of, which is what a content
    pack carries (role, skills, companies, questions with tips and key points, and every registered
    section, pay data and interview experiences included), and the contributions they
    moderate (``register_moderated_model``). Never users, groups or
    permissions: curators cannot hand out access.

    The one list: the Curators group, the pack upload's permission check and their tests
    read it; another app's models join it by registering a pack section, so this app
    never names them. Migrations ``questions.0002`` and ``compensation.0002`` granted the
    same set when they ran and keep their own frozen copy, as data migrations must.
    """
    return [
        Role,
        Skill,
        Company,
        Question,
        QuestionTip,
        KeyPoint,
        *(section.model() for section in registered_sections()),
        *(model() for model in _MODERATED),
    ]


def curators_group() -> Group:
    """The Curators group with its permissions, remade if someone deleted or emptied it."""
    group, _ = Group.objects.get_or_create(name=CURATORS_GROUP)
    wanted = Q()
    for model in curator_models():
        wanted |= Q(content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name)
    actions = f"^({'|'.join(CURATOR_ACTIONS)})_"
    group.permissions.add(*Permission.objects.filter(wanted, codename__regex=actions))
    return group


@transaction.atomic
def curator_make(*, email: str, password: str | None = None) -> tuple[User, bool]:
    """Create a curator, or promote an existing user to one; return (user, created).

    A curator is staff (may open admin) but never superuser: what they may do comes
    only from the Curators group made by migration ``questions.0002``. The username is
    the e-mail address, so the admin sign-in form and allauth's e-mail login agree.
    A new user without ``password`` gets an unusable one until they set it. Sign-in
    goes through allauth, which requires a verified address: the operator who runs
    ``make_curator`` vouches for it, so the address is recorded as verified and primary.
    """
    email = User.objects.normalize_email(email.strip())
    validate_email(email)
    group = curators_group()
    user = User.objects.filter(email__iexact=email).first() or User.objects.filter(username__iexact=email).first()
    created = user is None
    if created:
        user = User(username=email, email=email)
        user.set_unusable_password()
    if password is not None:
        validate_password(password, user)
        user.set_password(password)
    user.is_staff = True
    user.is_active = True
    user.save()
    user.groups.add(group)
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).update(primary=False)
    EmailAddress.objects.update_or_create(
        user=user, email__iexact=email, defaults={"email": email, "verified": True, "primary": True}
    )
    return user, created
