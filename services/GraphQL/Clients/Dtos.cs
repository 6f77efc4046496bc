using System.Text.Json.Nodes;

namespace Jamforelse.GraphQL.Clients;

// The services' answers as the GraphQL layer reads them (only the fields the schema exposes).

public sealed record PageDto<T>(int PageNumber, int PageSize, int Total, IReadOnlyList<T> Items);

public sealed record KeyFigureDto(
    string Id, string Title, string? Description, string? Unit, string BetterDirection, string? BetterDirectionReason,
    bool IsDividedByGender, string? OperatingArea, string? Perspective, string? PublicationPeriod, string Source, string? Owner, bool NotInCatalogue = false);

/// <summary>A background Kolada fetch (indicator data's <c>/imports/kolada-runs/{id}</c>).</summary>
public sealed record KoladaRunDto(
    string Id, string State, IReadOnlyList<string> Kpis, IReadOnlyList<string> Municipalities, IReadOnlyList<int> Years,
    DateTimeOffset QueuedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int Attempts, int PagesDownloaded, int ChunksDone,
    int Inserted, int Updated, int Unchanged, IReadOnlyList<string> KeyFiguresChanged, string? Error);

public sealed record AreaDto(string Id, string Title, string Type, IReadOnlyList<string>? Members, int? MemberCount);

public sealed record ComparisonDto(
    JsonObject KeyFigure, string Period, string Gender, string Provider, int Version, DateTimeOffset ComputedAt,
    int MunicipalitiesWithData, int MunicipalitiesTotal, IReadOnlyList<ReferenceDto> References, IReadOnlyList<AreaRowDto> Areas,
    BaselineDto? Baseline, string Attribution);

public sealed record ReferenceDto(string Key, string Kind, string? Id, string Label, double? Value, string Method, int Count, IReadOnlyList<string> AreasUsed, string? Note, int Of = 1);

public sealed record AreaRowDto(string AreaId, string Title, double? Value, int? Rank, string? Quartile, string? QuartileLabel, IReadOnlyList<GapDto> Gaps,
    string? Status = null, string? StatusLabel = null, double? FlaggedValue = null);

public sealed record GapDto(string ReferenceKey, double? Difference, double? Worse);

public sealed record BaselineDto(string Period, bool HasData, IReadOnlyList<AreaChangeDto> Areas);

public sealed record AreaChangeDto(string AreaId, double? Value, double? BaselineValue, double? ValueChange, IReadOnlyList<GapChangeDto> Gaps);

public sealed record GapChangeDto(string ReferenceKey, double? Worse, double? BaselineWorse, double? Change);

public sealed record AssessmentListDto(int Count, IReadOnlyList<AssessmentItemDto> Items);

public sealed record AssessmentItemDto(int Version, DateTimeOffset ComputedAt, JsonObject Assessment);

public sealed record PlanSummaryDto(
    string Id, string Owner, string Area, string Title, string? DecisionReference, string? DecidedBy, int ValidFrom, int ValidTo,
    string Status, string StatusLabel, int NodeCount, int Version, DateTimeOffset ChangedAt, string ChangedBy);

public sealed record PlanDto(PlanSummaryDto Plan, string? Description, IReadOnlyList<JsonObject> Kinds, IReadOnlyList<JsonObject> Nodes);
