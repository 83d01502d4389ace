from chalicelib.store import staff
from local.registry_staff import main


def test_officers_are_added_listed_and_deactivated(aws, capsys):
    assert main(["add", "s3000024b", "Aishah Rahman", "aishah@judiciary.example.sg"]) == 0
    assert main(["add", "S3000024B", "Aishah Rahman"]) == 2  # already on the list
    assert main(["list"]) == 0
    listed = capsys.readouterr().out
    assert "S****024B  active" in listed and "S3000024B" not in listed
    assert main(["deactivate", "S3000024B"]) == 0
    [officer] = staff.list_all()
    assert officer.active is False
    assert main(["add", "S3000024A", "Nobody"]) == 2  # a wrong check letter
