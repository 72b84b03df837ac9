"""The SDL contract: committed and current, sorted, and every public field described."""

from enum import Enum

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType

from steward.graphql.cms.types import HeadingLevelEnum
from steward.graphql.management.commands.export_schema import SDL_PATH
from steward.graphql.members import types as member_types
from steward.graphql.schema import schema, schema_sdl
from steward.members.models import (
    ConsentRecord,
    Constituent,
    ContactKind,
    EmailSuppression,
    Membership,
    MembershipLevel,
    MembershipTerm,
)
from steward.site.blocks import HeadingBlock

# Types that strawberry and strawberry-django define (their fields are theirs to describe).
LIBRARY_TYPES = {"PageInfo", "Node", "OperationInfo", "OperationMessage", "OperationMessageKind"}
LIBRARY_FIELDS = {"AND", "OR", "NOT", "DISTINCT"}  # strawberry-django's filter combinators


def test_the_committed_sdl_is_the_live_schema():
    # given the SDL file the frontend generates its types from
    committed = SDL_PATH.read_text(encoding="utf-8")
    # then it is exactly what the live schema prints (run `python manage.py export_schema` if not)
    assert committed == schema_sdl()


def test_the_sdl_is_sorted():
    # given the printed schema
    names = [line.split()[1] for line in schema_sdl().splitlines() if line.startswith(("type ", "input ", "enum "))]
    # then its types come in alphabetical order, so diffs only show real changes
    assert names == sorted(names)


def test_export_schema_check_passes_on_the_committed_file(capsys):
    # when CI checks the committed SDL
    call_command("export_schema", "--check")
    # then it says so
    assert "is up to date" in capsys.readouterr().out


def test_export_schema_check_fails_clearly_on_a_stale_file(tmp_path):
    # given an SDL file from an older schema
    stale = tmp_path / "schema.graphql"
    stale.write_text("type Query { ok: Boolean! }\n", encoding="utf-8")
    # when CI checks it
    with pytest.raises(CommandError) as error:
        call_command("export_schema", "--check", "--path", str(stale))
    # then it fails, saying what to run
    assert "is stale" in str(error.value)
    assert "python manage.py export_schema" in str(error.value)


def test_export_schema_writes_the_sdl(tmp_path):
    # given no SDL file yet
    target = tmp_path / "schema.graphql"
    with pytest.raises(CommandError, match="is missing"):
        call_command("export_schema", "--check", "--path", str(target))
    # when the schema is exported
    call_command("export_schema", "--path", str(target))
    # then the file holds the live SDL, and the check passes
    assert target.read_text(encoding="utf-8") == schema_sdl()
    call_command("export_schema", "--check", "--path", str(target))


def _undescribed():
    missing = []
    for name, graphql_type in schema._schema.type_map.items():
        if name.startswith("__") or name in LIBRARY_TYPES or name.endswith(("FilterLookup", "RangeLookup")):
            continue
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            if name not in {"Query", "Mutation"} and not graphql_type.description:
                missing.append(name)
            for field_name, field in graphql_type.fields.items():
                if field_name in LIBRARY_FIELDS:
                    continue
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
        elif isinstance(graphql_type, GraphQLEnumType) and not graphql_type.description:
            missing.append(name)
    return missing


def test_every_public_type_field_and_argument_has_a_description():
    # then nothing the frontend sees is left undocumented
    assert _undescribed() == []


@pytest.mark.parametrize(
    ("graphql_enum", "choices"),
    [
        (member_types.ConstituentKindEnum, Constituent.Kind),
        (member_types.ContactKindEnum, ContactKind),
        (member_types.MembershipStatusEnum, Membership.Status),
        (member_types.MembershipTermLengthEnum, MembershipLevel.Term),
        (member_types.MembershipPaidByEnum, MembershipTerm.PaidBy),
        (member_types.ConsentChannelEnum, ConsentRecord.Channel),
        (member_types.ConsentTopicEnum, ConsentRecord.Topic),
        (member_types.EmailSuppressionReasonEnum, EmailSuppression.Reason),
    ],
)
def test_graphql_enums_mirror_the_model_choices(graphql_enum: type[Enum], choices):
    # then every stored value has a GraphQL name, and no GraphQL name stands for a value that cannot be stored
    assert {member.value for member in graphql_enum} == set(choices.values)
    assert {member.name for member in graphql_enum} == set(choices.names)


def test_heading_levels_mirror_the_heading_block():
    # then the GraphQL heading levels are exactly the block's choices
    choices = {value for value, _ in HeadingBlock.base_blocks["level"].field.choices if value}
    assert {member.value for member in HeadingLevelEnum} == choices
