using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.Benchmarking.Storage;

/// <summary>
/// The read models of one key figure × period: the inputs it was computed from (every area's value per
/// gender and provider, and the population used for weighting) and the default comparison, as JSON, with
/// a hash of the inputs so that a recomputation from unchanged inputs changes nothing.
/// </summary>
public sealed class ComparisonDocument : IDocument
{
    public string Id { get; set; } = "";
    public string KpiId { get; set; } = "";
    public string Period { get; set; } = "";
    public int Year { get; set; }
    public string Hash { get; set; } = "";
    public int Version { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
    /// <summary>A <see cref="Recomputing.StoredComparison"/> as JSON.</summary>
    public string Json { get; set; } = "";

    public static string IdOf(string kpiId, string period) => kpiId + "|" + period;
}

/// <summary>One assessment (plan × criterion × year) with the numbers and sentences behind it, as JSON.</summary>
public sealed class AssessmentDocument : IDocument
{
    public string Id { get; set; } = "";
    public string PlanId { get; set; } = "";
    public string Owner { get; set; } = "";
    public string NodeId { get; set; } = "";
    public int Year { get; set; }
    public string Grade { get; set; } = "";
    public string Hash { get; set; } = "";
    public int Version { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
    /// <summary>A <see cref="Recomputing.AssessmentView"/> as JSON.</summary>
    public string Json { get; set; } = "";

    public static string IdOf(string planId, string nodeId, int year) => $"{planId}|{nodeId}|{year}";
}

/// <summary>The last version of a plan's criteria that benchmarking has assessed.</summary>
public sealed class PlanCopy : IDocument
{
    public string Id { get; set; } = "";
    public string Owner { get; set; } = "";
    public int Version { get; set; }
    /// <summary>A <see cref="Sources.PlanInfo"/> as JSON.</summary>
    public string Json { get; set; } = "";
}

/// <summary>A peer group a tenant defines (<i>jämförelsegrupp</i>), private to it unless shared.</summary>
public sealed class PeerGroup : IDocument
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Owner { get; set; } = "";
    public List<string> Members { get; set; } = [];
    /// <summary>Shared with every tenant (the older, coarse form of <see cref="SharedWith"/> ["*"]).</summary>
    public bool Shared { get; set; }

    /// <summary>The tenants the group is shared with ("*": every tenant).</summary>
    public List<string> SharedWith { get; set; } = [];

    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>
/// That one version of a comparison or assessment has been written (<see cref="IdOf"/>). Inserted, never
/// upserted, in the batch that writes the version: when two instances of the service compute the same next
/// version at once, the second batch fails as a whole and is recomputed, so each change is stored and
/// announced once. The claim of the version before is removed in the same batch.
/// </summary>
public sealed class VersionClaim : IDocument
{
    public string Id { get; set; } = "";

    public static string IdOf(string documentId, int version) => $"{documentId}|v{version}";
}

public sealed class BenchmarkingStore([FromKeyedServices(BenchmarkingModule.StoreName)] Outbox outbox)
{
    public const string Comparisons = "comparisons";
    public const string Assessments = "assessments";
    public const string Plans = "plans";
    public const string PeerGroups = "peer_groups";
    public const string Versions = "versions";

    public Outbox Outbox => outbox;

    public IDocumentCollection<ComparisonDocument> ComparisonCollection => outbox.Store.Collection<ComparisonDocument>(Comparisons);

    public IDocumentCollection<AssessmentDocument> AssessmentCollection => outbox.Store.Collection<AssessmentDocument>(Assessments);

    public IDocumentCollection<PlanCopy> PlanCollection => outbox.Store.Collection<PlanCopy>(Plans);

    public IDocumentCollection<PeerGroup> PeerGroupCollection => outbox.Store.Collection<PeerGroup>(PeerGroups);
}
