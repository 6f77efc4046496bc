using System.Text.Json.Nodes;

namespace Jamforelse.GoalCatalog.Tests.Api;

/// <summary>A small valid catalog of its own for each test: Linköping, two goals, a rule on a figure with sample data.</summary>
internal static class TestCatalogs
{
    public static string NewPlanId() => "test-" + Guid.NewGuid().ToString("N")[..12];

    public static JsonObject Valid(string planId) => (JsonObject)JsonNode.Parse($$"""
    {
      "format": "jamforelse-goal-catalog/1",
      "plan": {
        "id": "{{planId}}", "owner": "linkoping", "area": "0580", "title": "Testplan", "validFrom": 2024, "validTo": 2026, "status": "draft",
        "kinds": [
          { "key": "perspective", "label": "Perspektiv", "parents": [] },
          { "key": "goal", "label": "Nämndmål", "parents": ["perspective"] },
          { "key": "activity", "label": "Aktivitet", "parents": ["goal"] }
        ]
      },
      "nodes": [
        { "id": "p1", "kind": "perspective", "title": "Samhälle", "children": [
          { "id": "g1", "kind": "goal", "code": "1", "title": "Fler invånare",
            "measure": "quantitative",
            "rule": { "keyFigure": "N01951", "shape": "changeAgainstBaseline", "baselineYear": 2020, "betterDirection": "higher" },
            "children": [
              { "id": "a1", "kind": "activity", "title": "Ta fram en plan", "activity": { "due": "2024-Q2", "status": "notStarted" } },
              { "id": "a2", "kind": "activity", "title": "Genomför planen", "activity": { "due": "2024-12-31", "status": "inProgress", "comment": "Startad" } }
            ] },
          { "id": "g2", "kind": "goal", "code": "2", "title": "Trygg uppväxt", "links": [ { "plan": "{{planId}}", "node": "g1", "relation": "relatesTo" } ] }
        ] }
      ]
    }
    """)!.AsObject();
}
