"""The load bench's report: made from the run itself or from the JSON it wrote, the same figures."""

from bench.load import LoadRun, RouteFigures, as_json, from_json, report_lines


def test_a_report_made_from_the_json_keeps_each_routes_p95():
    wall = [float(ms) for ms in range(1, 101)]  # p95 of 1..100 ms is about 95, the median 50.5
    run = LoadRun(users=50, seconds=60.0, rounds=10, routes={
        "GET /cases": RouteFigures(requests=100, errors=0, wall_ms=wall, app_cpu_ms=[4.0] * 100,
                                   aws_wait_ms=[ms - 4 for ms in wall], aws_calls=[2] * 100)})
    direct, via_json = report_lines(run), report_lines(from_json(as_json(run)))
    assert direct == via_json
    [row] = [line for line in direct if line.startswith("| `GET /cases`")]
    assert row.split(" | ")[3:5] == ["50", "96"]  # median and p95 differ: the p95 is not the median again
