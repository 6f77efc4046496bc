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

    /// <summary>
    /// With the sample, also import the shipped national data (67 real Kolada responses for all 290 municipalities,
    /// 2014–2018, and the latest value of nine key figures for all 290): the demo's comparisons rank all 290.
    /// </summary>
    public bool ImportNationalDataOnFirstStart { get; set; }

    /// <summary>How long one call to Kolada may take before it is given up (and retried as a transient failure).</summary>
    public TimeSpan KoladaCallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts per Kolada page, the first included (429, 5xx, broken connections and cut-short bodies are retried).</summary>
    [Range(1, 20)]
    public int KoladaMaxAttempts { get; set; } = 6;

    /// <summary>Wait before the first retry when Kolada sends no Retry-After; doubles per retry, at most 30 s.</summary>
    public TimeSpan KoladaFirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The Kolada sync: which key figures to keep current by itself, and when (IndicatorData:KoladaSync:*).</summary>
    public Kolada.KoladaSyncSettings KoladaSync { get; set; } = new();

    /// <summary>How many bad rows a rejected import lists at most (all are counted).</summary>
    [Range(1, 100_000)]
    public int MaxProblemsListed { get; set; } = 1000;
}
