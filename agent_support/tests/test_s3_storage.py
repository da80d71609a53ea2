"""The production path: PDFs in a private S3 bucket (moto's S3 server on localhost), configured by
the settings block from the AWS_* environment, downloaded through short-lived signed URLs."""

import json
import os
import socket
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import requests
from django.urls import reverse
from moto.server import ThreadedMotoServer

from agent_support.models import BookingProcess, Supplier
from agent_support.tests.factories import pdf_bytes, pdf_upload
from agent_support.tests.forms_data import supplier_post

pytestmark = pytest.mark.django_db

BUCKET = "travault-private"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test-key", "AWS_SECRET_ACCESS_KEY": "test-secret"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint):
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="eu-west-2",
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def settings_from_environment(extra):
    """travault.settings evaluated in a fresh interpreter with the given environment variables."""
    env = {**os.environ, "DEBUG": "1", **extra}
    script = "import json; from travault import settings as s; print(json.dumps(s.STORAGES['default']))"
    output = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, check=True, text=True)
    return json.loads(output.stdout)


@pytest.fixture
def s3_storage(settings, s3_endpoint, bucket):
    default = settings_from_environment(
        {"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_ENDPOINT_URL": s3_endpoint, **CREDENTIALS}
    )
    settings.STORAGES = {**settings.STORAGES, "default": default}
    return bucket


def keys(bucket):
    return [item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_it_configures_a_private_s3_bucket_only_when_a_bucket_name_is_set():
    assert settings_from_environment({"AWS_STORAGE_BUCKET_NAME": ""})["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )
    s3 = settings_from_environment(
        {"AWS_STORAGE_BUCKET_NAME": "bucket", "AWS_S3_REGION_NAME": "eu-west-1", "AWS_QUERYSTRING_EXPIRE": "120"}
    )
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["OPTIONS"]["bucket_name"] == "bucket"
    assert s3["OPTIONS"]["region_name"] == "eu-west-1"
    assert s3["OPTIONS"]["default_acl"] is None
    assert s3["OPTIONS"]["querystring_auth"] is True
    assert s3["OPTIONS"]["querystring_expire"] == 120
    assert s3["OPTIONS"]["file_overwrite"] is False


def test_it_stores_the_pdf_under_the_agency_prefix_and_redirects_to_a_signed_url(
    s3_storage, s3_endpoint, consultant_client, agency
):
    response = consultant_client.post(
        reverse("agent_support:supplier-create"),
        supplier_post(processes=[{"title": "Groups", "order": "0", "pdf_file": pdf_upload("Group guide.pdf")}]),
    )
    assert response.status_code == 302
    process = BookingProcess.objects.get()
    assert keys(s3_storage) == [process.pdf.name]
    assert process.pdf.name.startswith(f"agent_support/{agency.uuid}/")
    assert s3_storage.get_object(Bucket=BUCKET, Key=process.pdf.name)["Body"].read() == pdf_bytes()

    download = consultant_client.get(reverse("agent_support:process-pdf", args=[process.uuid]))

    assert download.status_code == 302
    signed = urlsplit(download.url)
    query = parse_qs(signed.query)
    assert f"{signed.scheme}://{signed.netloc}" == s3_endpoint
    assert signed.path == f"/{BUCKET}/{process.pdf.name}"
    assert query["X-Amz-Expires"] == ["300"]
    assert query["X-Amz-Signature"]
    assert query["response-content-disposition"] == ['attachment; filename="Group_guide.pdf"']
    fetched = requests.get(download.url, timeout=5)
    assert fetched.content == pdf_bytes()
    assert fetched.headers["Content-Type"] == "application/pdf"


def test_it_leaves_no_object_when_the_form_is_refused(s3_storage, consultant_client):
    response = consultant_client.post(
        reverse("agent_support:supplier-create"),
        supplier_post(
            processes=[
                {"title": "Good", "order": "0", "pdf_file": pdf_upload()},
                {"title": "", "order": "1", "pdf_file": pdf_upload()},
            ]
        ),
    )

    assert response.status_code == 200
    assert not Supplier.objects.exists()
    assert keys(s3_storage) == []


def test_it_deletes_replaced_and_deleted_pdfs_from_the_bucket(
    s3_storage, admin_client, django_capture_on_commit_callbacks
):
    admin_client.post(
        reverse("agent_support:supplier-create"),
        supplier_post(processes=[{"title": "Groups", "order": "0", "pdf_file": pdf_upload()}]),
    )
    supplier = Supplier.objects.get()
    process = supplier.processes.get()
    first_key = process.pdf.name

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("agent_support:supplier-update", args=[supplier.uuid]),
            supplier_post(
                processes=[{"id": str(process.pk), "title": "Groups", "order": "0", "pdf_file": pdf_upload("v2.pdf")}],
                initial=1,
            ),
        )
    process.refresh_from_db()
    assert keys(s3_storage) == [process.pdf.name] != [first_key]

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("agent_support:supplier-delete", args=[supplier.uuid]))

    assert keys(s3_storage) == []
