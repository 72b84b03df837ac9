from django.urls import path

from . import views

app_name = "donations"

urlpatterns = [
    path("receipts/<str:token>/", views.receipt_download, name="receipt_download"),
    path("statements/<str:token>/", views.statement_download, name="statement_download"),
    path("staff/receipts/<int:receipt_id>/", views.staff_receipt_download, name="staff_receipt_download"),
    path(
        "staff/statements/<int:constituent_id>/<int:tax_year>/",
        views.staff_statement_download,
        name="staff_statement_download",
    ),
]
