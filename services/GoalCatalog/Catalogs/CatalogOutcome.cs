namespace Jamforelse.GoalCatalog.Catalogs;

public enum OutcomeKind { Created, Changed, Unchanged, Invalid, NotFound, Conflict, Forbidden }

/// <summary>What a write did: its result, or why it was refused (with every problem found).</summary>
public sealed record CatalogOutcome<T>(OutcomeKind Kind, T? Value, IReadOnlyList<CatalogProblem> Problems);

public static class CatalogOutcome
{
    public static CatalogOutcome<T> Done<T>(OutcomeKind kind, T value) => new(kind, value, []);

    public static CatalogOutcome<T> Invalid<T>(IReadOnlyList<CatalogProblem> problems) => new(OutcomeKind.Invalid, default, problems);

    public static CatalogOutcome<T> Invalid<T>(string path, string code, string message) => new(OutcomeKind.Invalid, default, [new CatalogProblem(path, code, message)]);

    public static CatalogOutcome<T> NotFound<T>(string message) => new(OutcomeKind.NotFound, default, [new CatalogProblem("", "notFound", message)]);

    public static CatalogOutcome<T> Forbidden<T>(string message) => new(OutcomeKind.Forbidden, default, [new CatalogProblem("", "forbidden", message)]);

    /// <summary>A plan that does not exist and one the caller may not read are answered alike, so nothing can be inferred.</summary>
    public static CatalogOutcome<T> NoPlan<T>(string planId) => NotFound<T>($"No plan \"{planId}\".");

    public static CatalogOutcome<T> Conflict<T>(string code, string message) => new(OutcomeKind.Conflict, default, [new CatalogProblem("", code, message)]);
}
