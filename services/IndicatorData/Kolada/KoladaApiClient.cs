namespace Jamforelse.IndicatorData.Kolada;

/// <summary>Reads the Kolada v3 API (placeholder until the fetch job lands).</summary>
public sealed class KoladaApiClient(HttpClient http)
{
    public HttpClient Http => http;
}
