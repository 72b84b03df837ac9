"""Write the GraphQL SDL (the frontend's contract) to steward/graphql/schema.graphql, or check it is current."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

SDL_PATH = Path(__file__).resolve().parents[2] / "schema.graphql"


class Command(BaseCommand):
    help = "Export the GraphQL schema as SDL to steward/graphql/schema.graphql (sorted, stable)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; exit non-zero if the committed SDL differs from the live schema (for CI).",
        )
        parser.add_argument("--path", type=Path, default=SDL_PATH, help=f"Where the SDL lives (default: {SDL_PATH}).")

    def handle(self, *args: Any, **options: Any) -> None:
        from steward.graphql.schema import schema_sdl

        path: Path = options["path"]
        sdl = schema_sdl()
        if options["check"]:
            committed = path.read_text(encoding="utf-8") if path.exists() else None
            if committed != sdl:
                state = "is missing" if committed is None else "is stale: it differs from the live schema"
                raise CommandError(
                    f"{path} {state}. Run `python manage.py export_schema` and commit the result "
                    "(the frontend regenerates its types from it)."
                )
            self.stdout.write(self.style.SUCCESS(f"{path} is up to date."))
            return
        path.write_text(sdl, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {path}."))
