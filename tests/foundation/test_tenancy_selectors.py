from assessments.organisations.selectors import organisations_visible_to


def test_members_see_only_their_organisation(consultant, other_consultant, organisation, other_organisation):
    assert list(organisations_visible_to(user=consultant)) == [organisation]
    assert list(organisations_visible_to(user=other_consultant)) == [other_organisation]


def test_administrator_sees_every_organisation(administrator, organisation, other_organisation):
    assert set(organisations_visible_to(user=administrator)) == {organisation, other_organisation}
