namespace Jamforelse.GoalCatalog.Catalogs;

/// <summary>What the platform knows of a key figure, for validating rules and indicator mappings.</summary>
/// <param name="Owner">Null for a public (Kolada) key figure, else the tenant that owns it.</param>
/// <param name="LastPublishedYear">The last period Kolada says it published, where known.</param>
/// <param name="FirstDataYear">The first year with any stored value; null when there are none yet.</param>
public sealed record KeyFigureFacts(string Id, string Title, string? Owner, int? LastPublishedYear, int? FirstDataYear, int? LastDataYear);

/// <summary>An area the indicator-data service knows: <c>municipality</c>, <c>region</c>, <c>country</c> or <c>group</c>.</summary>
public sealed record AreaFacts(string Id, string Title, string Type);

/// <summary>
/// The port to the indicator-data service: the embedded host answers in process, a distributed one over
/// HTTP. Null means "not known".
/// </summary>
public interface IIndicatorDirectory
{
    Task<KeyFigureFacts?> FindKeyFigureAsync(string id, CancellationToken cancellationToken);

    Task<AreaFacts?> FindAreaAsync(string id, CancellationToken cancellationToken);
}

/// <summary>Everything outside a catalog file that its validation needs, looked up before the pure check.</summary>
public sealed record CatalogFacts
{
    public IReadOnlyDictionary<string, KeyFigureFacts> KeyFigures { get; init; } = new Dictionary<string, KeyFigureFacts>();
    public IReadOnlyDictionary<string, AreaFacts> Areas { get; init; } = new Dictionary<string, AreaFacts>();
    /// <summary>The node ids of the stored plans the file links to (other than its own plan).</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> PlanNodes { get; init; } = new Dictionary<string, IReadOnlySet<string>>();
}

/// <summary>One thing wrong with a catalog: where (a JSON path), a stable code, and a sentence.</summary>
public sealed record CatalogProblem(string Path, string Code, string Message);
