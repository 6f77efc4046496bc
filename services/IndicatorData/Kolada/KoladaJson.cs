using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jamforelse.IndicatorData.Kolada;

/// <summary>Kolada v3 response shapes (snake_case), as far as this service reads them.</summary>
public static class KoladaJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}

public sealed class KoladaList<T>
{
    public List<T> Values { get; set; } = [];
    public string? NextUrl { get; set; }
}

public sealed class KoladaKpi
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public bool IsDividedByGender { get; set; }
    public string? MunicipalityType { get; set; }
    public string? OperatingArea { get; set; }
    public string? Perspective { get; set; }
    public string? PublPeriod { get; set; }
}

public sealed class KoladaMunicipality
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string Type { get; set; } = "";
}

public sealed class KoladaGroup
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public List<KoladaGroupMember> Members { get; set; } = [];
}

public sealed class KoladaGroupMember
{
    public string MemberId { get; set; } = "";
    public string MemberTitle { get; set; } = "";
}
