using Jamforelse.IndicatorData.Domain;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.IndicatorData.Storage;

/// <summary>The indicator-data service's collections in its own store.</summary>
public sealed class IndicatorDataStore([FromKeyedServices(IndicatorDataModule.StoreName)] Outbox outbox)
{
    public const string KeyFigures = "key_figures";
    public const string Areas = "areas";
    public const string Series = "observation_series";
    public const string Imports = "imports";

    public Outbox Outbox => outbox;

    public IDocumentStore Store => outbox.Store;

    public IDocumentCollection<KeyFigure> KeyFigureCollection => Store.Collection<KeyFigure>(KeyFigures);

    public IDocumentCollection<Area> AreaCollection => Store.Collection<Area>(Areas);

    public IDocumentCollection<ObservationSeries> SeriesCollection => Store.Collection<ObservationSeries>(Series);

    public IDocumentCollection<ImportRecord> ImportCollection => Store.Collection<ImportRecord>(Imports);
}

/// <summary>
/// What an import did, kept as its log. Import ids are the owner's own: the record's <see cref="Id"/> is
/// <see cref="Imports.ImportIds.StoreKey"/> (owner and import id), so two tenants may choose the same import id.
/// </summary>
public sealed class ImportRecord : IDocument
{
    public string Id { get; set; } = "";
    /// <summary>The tenant that made the import ("platform" for the administrator's and the platform's own); null in records kept before imports had owners.</summary>
    public string? Owner { get; set; }
    /// <summary>The import id as its owner knows it; empty in records kept before imports had owners (then it is <see cref="Id"/>).</summary>
    public string ImportId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Source { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset FinishedAt { get; set; }
    public int Inserted { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Rejected { get; set; }
    public List<string> KeyFiguresChanged { get; set; } = [];
    /// <summary>The import was killed in its write pass: the counts are what it committed (and published) before that.</summary>
    public bool Interrupted { get; set; }
}
