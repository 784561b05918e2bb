import re

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from reversion.models import Version

from questions.models import Question, QuestionTip, Role
from questions.services.packs import pack_export
from questions.tests.factories import make_question, make_role, pack_text, totp_activate

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:questions_role_pack_import")


def upload(text: str, name: str = "pack.yaml") -> dict:
    return {"file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/yaml")}


def changed_pack(change) -> str:
    data = yaml.safe_load(pack_text())
    change(data)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def state() -> tuple:
    rows = Question.objects.order_by("slug").values_list("slug", "number", "text", "sample_answer_md")
    return list(rows), QuestionTip.objects.count(), Version.objects.count()


def hidden_source(html: str) -> str:
    return re.search(r'name="source" value="([^"]+)"', html).group(1)


def test_download_pack_is_exactly_the_export(curator_client, starter_content):
    role = Role.objects.get(slug="backend-developer")
    response = curator_client.get(reverse("admin:questions_role_pack_download", args=[role.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="backend-developer.yaml"'
    assert response.content.decode("utf-8") == pack_export(role=role) == pack_text()


def test_role_page_links_download_and_import(curator_client):
    role = make_role()
    html = curator_client.get(reverse("admin:questions_role_change", args=[role.pk])).content.decode()
    assert reverse("admin:questions_role_pack_download", args=[role.pk]) in html
    assert reverse("admin:questions_role_pack_import_into", args=[role.pk]) in html


def test_upload_previews_added_changed_removed_and_writes_nothing(curator_client, starter_content):
    def change(data):
        data["questions"][0]["sample_answer_md"] = "Reworded by the upload."
        data["questions"].pop()
        data["questions"].append({**data["questions"][1], "slug": "brand-new", "text": "New?", "number": 999})

    before = state()
    response = curator_client.post(IMPORT, upload(changed_pack(change)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview: nothing has been written yet" in html
    assert re.search(r'class="pack-added"><li>brand-new</li></ul>', html)
    assert "Questions changed (1)" in html and "Questions removed (1)" in html
    assert state() == before


def test_apply_writes_the_previewed_file_in_one_go(curator_client, curator, starter_content):
    text = changed_pack(lambda data: data["questions"][0].update(sample_answer_md="Reworded by the upload."))
    preview = curator_client.post(IMPORT, upload(text)).content.decode()
    response = curator_client.post(IMPORT, {"source": hidden_source(preview)})
    role = Role.objects.get(slug="backend-developer")
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:questions_role_change", args=[role.pk]
    )
    question = role.questions.get(number=1)
    assert question.sample_answer_md.strip() == "Reworded by the upload."
    assert Version.objects.get_for_object(question).first().revision.user == curator


def test_bad_file_lists_every_problem_with_its_location_and_changes_nothing(curator_client, starter_content):
    def break_it(data):
        data["questions"][0]["difficulty"] = "extreme"
        data["questions"][2]["skills"] = ["juggling"]
        del data["questions"][3]["sample_answer_md"]

    before = state()
    html = curator_client.post(IMPORT, upload(changed_pack(break_it))).content.decode()
    assert "Nothing was imported: the file has 3 problems." in html
    assert "questions[0].difficulty" in html and "questions[2].skills[0]" in html
    assert "questions[3].sample_answer_md: missing" in html
    assert 'name="source"' not in html
    assert state() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe not text", "not UTF-8 text"),
        (b"role: [unclosed", "not valid YAML"),
        (b"- just\n- a list\n", "expected a mapping"),
    ],
)
def test_unreadable_files_get_a_message_not_an_error(curator_client, content, message):
    response = curator_client.post(IMPORT, {"file": SimpleUploadedFile("x.yaml", content)})
    assert response.status_code == 200 and message in response.content.decode()


def test_apply_rechecks_and_is_all_or_nothing(curator_client, starter_content):
    """Between preview and apply another guide took a slug: apply refuses and writes nothing."""
    text = changed_pack(lambda data: data["questions"][0].update(text="Changed after preview?"))
    preview = curator_client.post(IMPORT, upload(text)).content.decode()
    slug = yaml.safe_load(text)["questions"][5]["slug"]
    sre = Role.objects.get(slug="site-reliability-engineer")
    Question.objects.filter(slug=slug).update(role=sre, number=900)
    before = state()
    html = curator_client.post(IMPORT, {"source": hidden_source(preview)}).content.decode()
    assert "already belongs to the &#x27;site-reliability-engineer&#x27; guide" in html
    assert state() == before


def test_damaged_apply_form_is_a_message(curator_client):
    html = curator_client.post(IMPORT, {"source": "not base64!"}).content.decode()
    assert "damaged on the way back" in html


def test_role_page_import_refuses_another_guides_pack(curator_client, starter_content):
    other = make_role(slug="mobile-developer")
    url = reverse("admin:questions_role_pack_import_into", args=[other.pk])
    html = curator_client.post(url, upload(pack_text())).content.decode()
    assert "this pack is for &#x27;backend-developer&#x27;, not for this guide" in html


def test_pack_import_needs_question_permissions(client, django_user_model):
    staff = django_user_model.objects.create_user("viewer", password="pw-long-enough-1", is_staff=True)
    totp_activate(staff)
    client.force_login(staff)
    assert client.get(IMPORT).status_code == 403
    role = make_question().role
    assert client.get(reverse("admin:questions_role_pack_download", args=[role.pk])).status_code == 403


def test_oversized_file_is_refused_with_a_message(curator_client):
    from questions.admin import PACK_MAX_BYTES

    response = curator_client.post(IMPORT, upload("#" * (PACK_MAX_BYTES + 1)))
    assert response.status_code == 200 and "packs are at most" in response.content.decode()


@pytest.mark.parametrize("path", ["/admin/questions/role/abc/pack/", "/admin/questions/role/abc/import-pack/"])
def test_a_malformed_guide_id_is_404(curator_client, path):
    assert curator_client.get(path).status_code == 404


def test_importing_needs_every_permission_the_import_uses(client, django_user_model):
    from django.contrib.auth.models import Permission

    from questions.admin import pack_import_permissions

    staff = django_user_model.objects.create_user("narrow", "narrow@example.com", "pw-long-enough-1", is_staff=True)
    granted = [name for name in pack_import_permissions() if "salaryband" not in name]
    staff.user_permissions.set(Permission.objects.filter(codename__in=[name.split(".")[1] for name in granted]))
    totp_activate(staff)
    client.force_login(staff)
    assert client.get("/admin/questions/role/import-pack/").status_code == 403
