using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Jamforelse.IndicatorData.Kolada;

// How the Kolada v3 /data API works, as far as this client relies on it (looked up 2026; there is no
// machine-readable spec in the repository, so these are the sources):
// - Path shape: data/kpi/{ids}/municipality/{ids}/year/{years}, ids comma-separated, segments in that
//   order, a segment left out meaning "all". At least two of kpi, municipality and year must be given.
//   Source: LCHansson/rKolada R/data.R compose_data_query() at commit 8afe11f93bc8 (the commit our
//   reference files come from, see Data/kolada/SOURCES.md).
// - At most 25 ids per path segment: rKolada NEWS.md 0.3.0 ("chunk oversized path parameters into
//   batches of 25 to respect the Kolada v3 API limit. Previously ... more than 25 ... would return an
//   error") and chunk_vector(max_size = 25) in R/aaa_utils.R; isakskogstad/Kolada-MCP
//   src/config/constants.ts agrees (v3 base, MAX_BATCH_SIZE 25, per_page 5000).
// - Paging: the response is {"values":[...],"next_url":...}; more pages follow while next_url is
//   present and non-empty. per_page is accepted and is at most 5000 (rKolada NEWS.md 0.3.0, R/data.R
//   get_values(); its mocked tests build {"values":..., "next_url":...}). rKolada itself increments
//   `page` rather than following next_url, so that next_url is an absolute URL on api.kolada.se is
//   an assumption; relative values are resolved against the page that carried them.
// - Records: {"kpi","municipality","period","values":[{"gender","value","count","status","isdeleted"}]}
//   (rKolada get_values() keep_deleted / isdeleted; our Data/kolada/*_transcribed.json samples).
// - HTTP 429: rKolada kolada_get() retries 429 with exponential backoff (2^i s, 3 retries).

/// <summary>What to download from Kolada's /data endpoint. An empty list means "all" for that dimension.</summary>
public sealed record KoladaFetchRequest(IReadOnlyList<string> KpiIds, IReadOnlyList<string> MunicipalityIds, IReadOnlyList<int> Years);

/// <summary>Retry and paging settings; the defaults suit api.kolada.se.</summary>
public sealed record KoladaFetchOptions
{
    /// <summary>Attempts per page including the first; 429, 5xx, a failed connection and a body that is not a whole JSON page are retried.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>Wait before the first retry when the server sends no Retry-After; doubles per retry.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound for any wait, Retry-After included.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The per_page query parameter of the first request of each chunk (Kolada allows at most 5000).</summary>
    public int PageSize { get; init; } = 5000;
}

/// <summary>Kolada answered with an error status, or with a page this client refuses to follow.</summary>
public sealed class KoladaApiException : Exception
{
    public KoladaApiException() { }

    public KoladaApiException(string message) : base(message) { }

    public KoladaApiException(string message, Exception innerException) : base(message, innerException) { }

    public KoladaApiException(string message, Uri url, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Url = url;
        StatusCode = statusCode;
    }

    public Uri? Url { get; }
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Worth asking again: a page that was not whole (a truncated body) or a connection that broke.</summary>
    public bool Transient { get; init; }
}

/// <summary>Downloads Kolada v3 /data pages to disk, one file per page, for the import pipeline to read.</summary>
public sealed class KoladaApiClient(HttpClient http, TimeProvider timeProvider, KoladaFetchOptions? options = null)
{
    /// <summary>Kolada rejects more ids than this in one path segment.</summary>
    public const int MaxIdsPerSegment = 25;

    public KoladaFetchOptions Options { get; init; } = options ?? new();

    /// <summary>
    /// Requests every combination of ≤25-id chunks of the request, follows next_url, and writes each page's
    /// raw body to its own file in <paramref name="folder"/> (created if missing; files of the same name are
    /// overwritten). Returns the file paths in download order.
    /// </summary>
    public async Task<IReadOnlyList<string>> DownloadPagesAsync(KoladaFetchRequest request, string folder, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        foreach (var first in FirstPages(request))
        {
            var visited = new HashSet<string>(StringComparer.Ordinal);
            Uri? url = first;
            while (url is not null)
            {
                if (!visited.Add(url.AbsoluteUri))
                {
                    throw new KoladaApiException($"Kolada paging loops: {url} was already downloaded.", url);
                }
                var path = Path.Combine(folder, $"kolada-data-{files.Count + 1:D5}.json");
                url = await DownloadPageAsync(url, path, ct);
                files.Add(path);
            }
        }
        return files;
    }

    /// <summary>
    /// The first page of every combination of ≤25-id chunks of the request, in a fixed order (a run that stopped
    /// can be continued at the chunk and page it reached).
    /// </summary>
    public IReadOnlyList<Uri> FirstPages(KoladaFetchRequest request)
    {
        var (kpis, municipalities, years) = Validate(request);
        var baseAddress = http.BaseAddress ?? throw new InvalidOperationException("The Kolada HttpClient has no BaseAddress.");
        return [.. from kpiChunk in Chunk(kpis) from municipalityChunk in Chunk(municipalities) from yearChunk in Chunk(years)
                select new Uri(baseAddress, DataPath(kpiChunk, municipalityChunk, yearChunk))];
    }

    /// <summary>
    /// Downloads one page to <paramref name="path"/> and returns its next_url (null on the last page). A page
    /// that fails transiently (429, 5xx, a broken connection, a body that is not a whole JSON page) is asked
    /// again with backoff, up to <see cref="KoladaFetchOptions.MaxAttempts"/>.
    /// </summary>
    public async Task<Uri?> DownloadPageAsync(Uri url, string path, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(url);
        var baseAddress = http.BaseAddress ?? throw new InvalidOperationException("The Kolada HttpClient has no BaseAddress.");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await DownloadToFileAsync(url, path, ct);
                return await ReadNextUrlAsync(path, url, baseAddress, ct);
            }
            catch (KoladaApiException exception) when (exception.Transient && attempt < Options.MaxAttempts)
            {
                await Task.Delay(RetryDelay(null, attempt), timeProvider, ct);
            }
        }
    }

    public static (string[] Kpis, string[] Municipalities, string[] Years) Validate(KoladaFetchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var kpis = Ids(request.KpiIds, $"{nameof(request)}.{nameof(request.KpiIds)}");
        var municipalities = Ids(request.MunicipalityIds, $"{nameof(request)}.{nameof(request.MunicipalityIds)}");
        if (kpis.Length == 0)
        {
            throw new ArgumentException("A Kolada fetch needs at least one KPI id.", nameof(request));
        }
        if (request.Years is null || request.Years.Any(year => year is < 1900 or > 2100))
        {
            throw new ArgumentException("Years must be given (empty for all) as four-digit years between 1900 and 2100.", nameof(request));
        }
        if (municipalities.Length == 0 && request.Years.Count == 0)
        {
            throw new ArgumentException(
                "Kolada's /data needs at least two of KPI, municipality and year: give municipality ids, years, or both.", nameof(request));
        }
        var years = request.Years.Distinct().Select(year => year.ToString(CultureInfo.InvariantCulture)).ToArray();
        return (kpis, municipalities, years);
    }

    private static string[] Ids(IReadOnlyList<string>? ids, string name)
    {
        if (ids is null)
        {
            throw new ArgumentException($"{name} must not be null (use an empty list for all).", name);
        }
        foreach (var id in ids)
        {
            // Kolada ids (N01926, 0580, G30825) are ASCII letters and digits; anything else would break the path.
            if (string.IsNullOrEmpty(id) || !id.All(char.IsAsciiLetterOrDigit))
            {
                throw new ArgumentException($"{name} contains '{id}', which is not a Kolada id (ASCII letters and digits only).", name);
            }
        }
        return [.. ids.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Groups of at most 25; an empty list gives one empty group, which leaves its segment out.</summary>
    private static IEnumerable<string[]> Chunk(string[] ids) => ids.Length == 0 ? [[]] : ids.Chunk(MaxIdsPerSegment);

    private string DataPath(string[] kpis, string[] municipalities, string[] years)
    {
        var path = "data/kpi/" + string.Join(',', kpis);
        if (municipalities.Length > 0)
        {
            path += "/municipality/" + string.Join(',', municipalities);
        }
        if (years.Length > 0)
        {
            path += "/year/" + string.Join(',', years);
        }
        return path + "?per_page=" + Options.PageSize.ToString(CultureInfo.InvariantCulture);
    }

    private async Task DownloadToFileAsync(Uri url, string path, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan delay;
            HttpResponseMessage response;
            try
            {
                response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
            }
            catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !ct.IsCancellationRequested))
            {
                // Kolada unreachable, the connection refused or broken, or the call's time-out (HttpClient.Timeout).
                throw new KoladaApiException($"Kolada could not be reached at {url}: {exception.Message}", url, innerException: exception) { Transient = true };
            }
            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    // Streamed straight to disk: a page can be several MB. A body cut short is caught when it is parsed.
                    await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                    try
                    {
                        await response.Content.CopyToAsync(file, ct);
                    }
                    catch (Exception exception) when (exception is HttpRequestException or IOException || (exception is TaskCanceledException && !ct.IsCancellationRequested))
                    {
                        throw new KoladaApiException($"Kolada's answer for {url} broke off: {exception.Message}", url, innerException: exception) { Transient = true };
                    }
                    return;
                }
                var status = response.StatusCode;
                var retryable = status is HttpStatusCode.TooManyRequests || (int)status >= 500;
                if (!retryable || attempt >= Options.MaxAttempts)
                {
                    var tries = retryable ? $" after {attempt} attempts" : "";
                    throw new KoladaApiException($"Kolada answered {(int)status} {response.ReasonPhrase} for {url}{tries}.", url, status);
                }
                delay = RetryDelay(response.Headers.RetryAfter, attempt);
            }
            await Task.Delay(delay, timeProvider, ct);
        }
    }

    /// <summary>Retry-After (seconds or date) when sent, else FirstRetryDelay · 2^(attempt−1); at most MaxRetryDelay.</summary>
    private TimeSpan RetryDelay(RetryConditionHeaderValue? retryAfter, int attempt)
    {
        TimeSpan delay;
        if (retryAfter?.Delta is { } seconds)
        {
            delay = seconds;
        }
        else if (retryAfter?.Date is { } date)
        {
            delay = date - timeProvider.GetUtcNow();
        }
        else
        {
            delay = Options.FirstRetryDelay * Math.Pow(2, attempt - 1);
        }
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > Options.MaxRetryDelay ? Options.MaxRetryDelay : delay;
    }

    /// <summary>Reads next_url from the saved page; null when absent, null or empty.</summary>
    private static async Task<Uri?> ReadNextUrlAsync(string path, Uri pageUrl, Uri baseAddress, CancellationToken ct)
    {
        string? next;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true))
        {
            try
            {
                using var page = await JsonDocument.ParseAsync(file, cancellationToken: ct);
                if (page.RootElement.ValueKind != JsonValueKind.Object || !page.RootElement.TryGetProperty("values", out _))
                {
                    throw new KoladaApiException($"Kolada's answer for {pageUrl} is not a /data page (no \"values\").", pageUrl);
                }
                next = page.RootElement.TryGetProperty("next_url", out var value) && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
            }
            catch (JsonException e)
            {
                // Most often a body cut short (a connection that broke): asked again by DownloadPageAsync.
                throw new KoladaApiException($"Kolada's answer for {pageUrl} is not JSON: {e.Message}", pageUrl, innerException: e) { Transient = true };
            }
        }
        if (string.IsNullOrEmpty(next))
        {
            return null;
        }
        if (!Uri.TryCreate(pageUrl, next, out var nextUrl))
        {
            throw new KoladaApiException($"Kolada's next_url '{next}' on {pageUrl} is not a URL.", pageUrl);
        }
        if (Uri.Compare(nextUrl, baseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new KoladaApiException(
                $"Kolada's next_url {nextUrl} on {pageUrl} leaves {baseAddress.GetLeftPart(UriPartial.Authority)}; refusing to follow it.", pageUrl);
        }
        return nextUrl;
    }
}
