from chalicelib.store import kiosks
from local.kiosks import main


def test_kiosks_are_registered_with_a_secret_listed_and_deactivated(aws, capsys):
    assert main(["add", "l2-01", "State Courts, Level 2"]) == 0
    printed = capsys.readouterr().out
    secret = printed.rsplit(": ", 1)[1].strip()
    assert len(secret) >= 40
    assert kiosks.get_with_secret("L2-01")[1] == secret
    assert main(["add", "L2-01", "again"]) == 2
    assert main(["add", "bad id!", "x"]) == 2
    assert main(["deactivate", "L2-01"]) == 0
    assert main(["list"]) == 0
    assert "L2-01      deactivated" in capsys.readouterr().out
