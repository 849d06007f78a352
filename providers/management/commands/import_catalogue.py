from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from providers.services import catalogue_import


class Command(BaseCommand):
    help = (
        "Import providers and offerings from a CSV or XLSX file in the catalogue layout. "
        "All rows or none: nothing is written unless every row is valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="A .csv (UTF-8) or .xlsx file.")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report, but write nothing.")

    def handle(self, *args, file: Path, dry_run: bool, **options) -> None:
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        if file.stat().st_size > settings.IMPORT_MAX_BYTES:
            raise CommandError(f"{file} is larger than IMPORT_MAX_BYTES ({settings.IMPORT_MAX_BYTES} bytes).")
        report = catalogue_import(content=file.read_bytes(), filename=file.name, dry_run=dry_run)
        if not report.ok:
            for error in report.errors:
                where = f"row {error.row}" if error.row else "file"
                column = f", column {error.column}" if error.column else ""
                self.stderr.write(f"{where}{column}: {error.message}")
            raise CommandError(f"{file.name}: {len(report.errors)} problem(s); nothing was written.")
        for column in report.ignored_columns:
            self.stderr.write(f"Ignored column not in the layout: {column}")
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {report.rows} rows from {file.name}: "
                f"providers {report.providers_created} created, {report.providers_updated} updated, "
                f"{report.providers_unchanged} unchanged; "
                f"offerings {report.offerings_created} created, {report.offerings_updated} updated, "
                f"{report.offerings_unchanged} unchanged." + (" Dry run: nothing was written." if dry_run else "")
            )
        )
