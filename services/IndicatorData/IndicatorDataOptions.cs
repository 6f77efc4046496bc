using System.ComponentModel.DataAnnotations;

namespace Jamforelse.IndicatorData;

/// <summary>The "IndicatorData" configuration section.</summary>
public sealed class IndicatorDataOptions
{
    public const string Section = "IndicatorData";

    /// <summary>Base address of the Kolada v3 API used by the fetch job.</summary>
    [Required]
    public Uri KoladaApiBaseUrl { get; set; } = new("https://api.kolada.se/v3/");

    /// <summary>Import the shipped Linköping and Region Östergötland sample data when the store has no observations.</summary>
    public bool ImportSampleDataOnFirstStart { get; set; }

    /// <summary>How many bad rows a rejected import lists at most (all are counted).</summary>
    [Range(1, 100_000)]
    public int MaxProblemsListed { get; set; } = 1000;
}
