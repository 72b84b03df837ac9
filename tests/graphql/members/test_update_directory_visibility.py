from steward.members.models import Constituent

UPDATE_VISIBILITY = """
mutation ($input: UpdateDirectoryVisibilityInput!) {
  updateDirectoryVisibility(input: $input) {
    __typename
    ... on Member { directoryVisibility { optIn showEmail showPhone showCity } }
    ... on OperationInfo { messages { kind message } }
  }
}
"""
DIRECTORY = "query { memberDirectory { edges { node { displayName email phone city } } } }"


def test_opting_in_lists_the_member_with_the_details_they_chose(member_graphql, member):
    # given a signed-in current member not in the directory
    assert member_graphql(DIRECTORY).data["memberDirectory"]["edges"] == []
    # when they opt in showing their email only
    result = member_graphql(UPDATE_VISIBILITY, {"input": {"optIn": True, "showEmail": True}})
    # then their settings come back
    assert result.data["updateDirectoryVisibility"] == {
        "__typename": "Member",
        "directoryVisibility": {"optIn": True, "showEmail": True, "showPhone": False, "showCity": False},
    }
    # and the directory lists them with their email and nothing else
    (entry,) = [edge["node"] for edge in member_graphql(DIRECTORY).data["memberDirectory"]["edges"]]
    assert entry == {
        "displayName": "Malee Srisuk",
        "email": f"person{member.pk}@example.org",
        "phone": None,
        "city": None,
    }


def test_opting_out_clears_every_detail_and_unlists_the_member(member_graphql, member):
    # given a member listed with every detail
    everything = {"optIn": True, "showEmail": True, "showPhone": True, "showCity": True}
    member_graphql(UPDATE_VISIBILITY, {"input": everything})
    # when they opt out (even if the client still sends the detail flags)
    result = member_graphql(UPDATE_VISIBILITY, {"input": {"optIn": False, "showEmail": True}})
    # then nothing is shown and they are no longer listed
    assert result.data["updateDirectoryVisibility"]["directoryVisibility"] == {
        "optIn": False,
        "showEmail": False,
        "showPhone": False,
        "showCity": False,
    }
    assert member_graphql(DIRECTORY).data["memberDirectory"]["edges"] == []
    stored = Constituent.objects.get(pk=member.pk)
    assert (stored.directory_opt_in, stored.directory_show_email) == (False, False)


def test_update_directory_visibility_needs_a_member_account(graphql):
    # given nobody is signed in
    # when a visibility change is sent
    result = graphql(UPDATE_VISIBILITY, {"input": {"optIn": True}})
    # then it is a typed permission error and nobody was changed
    assert result.data["updateDirectoryVisibility"] == {
        "__typename": "OperationInfo",
        "messages": [{"kind": "PERMISSION", "message": "Sign in with a member account to do this."}],
    }
    assert not Constituent.objects.filter(directory_opt_in=True).exists()
